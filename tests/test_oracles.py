"""Hypothesis properties: the fast analyses against brute-force oracles.

Each oracle is the slow, obviously correct definition from the spec
(issue 3): remove each node, edge or person and recompute. The
library must agree with it on small generated organizations.
"""

from __future__ import annotations

import json

import attrs
import networkx as nx
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model.analysis import person_spofs, separations, tie_cuts
from csmo_model.checks import KINDS
from csmo_model.graph import tie_graph
from csmo_model.testing import organizations

# Generating an organization takes a few tens of milliseconds: the oracles get
# twice the profile's examples each, the cheaper invariants the profile's own.
EXAMPLES = settings(max_examples=2 * settings().max_examples)
FEWER = settings(max_examples=settings().max_examples)

# Generated ids are at most 9 characters long, so this one can never collide.
NEW_PERSON = "zz-new-second-holder"


@st.composite
def organizations_with_lead(draw: st.DrawFn) -> cm.Organization:
    """Organizations with at least one role and a social lead (no filtering)."""
    org = draw(organizations())
    assume(org.roles)
    if org.social_lead is None:
        org = attrs.evolve(org, social_lead=draw(st.sampled_from(sorted(org.roles))))
    return org


# ---------------------------------------------------------------------------
# Oracles
# ---------------------------------------------------------------------------


def reachable(G: nx.Graph, source: object) -> set[object]:
    return set(nx.node_connected_component(G, source)) if source in G else set()


def brute_tie_cuts(
    org: cm.Organization,
) -> tuple[dict[str, set[str]], dict[frozenset[str], set[str]]]:
    """Remove each node and each edge of the tie graph and recheck connectivity."""
    G = tie_graph(org, channels=False)  # channels hand messages over; they are no ties to cut
    lead = org.social_lead
    members: dict[str, set[str]] = {d: set() for d in org.departments}
    for role in org.roles.values():
        if role.department is not None:
            members[role.department].add(role.id)
    before = reachable(G, lead)

    def cut_off(H: nx.Graph, gone: set[str]) -> set[str]:
        after = reachable(H, lead)
        return {d for d, roles in members.items() if roles - gone and d in before - after}

    nodes = {}
    for x in G.nodes:
        if x == lead:
            continue
        H = G.copy()
        H.remove_node(x)  # a removed department is not "cut off", it is gone
        depts = cut_off(H, {x}) - {x}
        if depts:
            nodes[x] = depts
    edges = {}
    for u, v in G.edges:
        H = G.copy()
        H.remove_edge(u, v)
        depts = cut_off(H, {u, v})
        if depts:
            edges[frozenset((u, v))] = depts
    return nodes, edges


def brute_separations(
    G: nx.Graph, source: int
) -> tuple[dict[int, set[int]], dict[frozenset[int], set[int]]]:
    before = reachable(G, source)
    nodes = {}
    for x in before - {source}:
        H = G.copy()
        H.remove_node(x)
        lost = before - {x} - reachable(H, source)
        if lost:
            nodes[x] = lost
    edges = {}
    for u, v in G.subgraph(before).edges:
        H = G.copy()
        H.remove_edge(u, v)
        lost = before - reachable(H, source)
        if lost:
            edges[frozenset((u, v))] = lost
    return nodes, edges


def brute_person_spofs(org: cm.Organization) -> dict[str, set[str]]:
    """Remove each person and recompute who holds what."""
    before = cm.holders(org)
    out = {}
    for person in org.people:
        after = cm.holders(cm.without(org, people={person}))
        lost = {r for r in org.responsibilities if before[r] and not after[r]}
        if lost:
            out[person] = lost
    return out


def keys(report: cm.Report, kinds: set[str]) -> set[tuple[str, str]]:
    """The findings of *kinds* by identity: their fingerprints."""
    return {(f.kind, f.fingerprint) for f in report if f.kind in kinds}


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------


@EXAMPLES
@given(organizations_with_lead())
def test_tie_cuts_equal_removal_oracle(org: cm.Organization) -> None:
    cuts = tie_cuts(org)
    nodes, edges = brute_tie_cuts(org)
    assert {n: set(d) for n, d in cuts.nodes.items()} == nodes
    assert {frozenset(e): set(d) for e, d in cuts.edges.items()} == edges
    # Departments come in document order, without repeats.
    position = {d: i for i, d in enumerate(org.departments)}
    for depts in (*cuts.nodes.values(), *cuts.edges.values()):
        assert list(depts) == sorted(set(depts), key=position.__getitem__)


@st.composite
def graphs_with_source(draw: st.DrawFn) -> tuple[nx.Graph, int]:
    n = draw(st.integers(1, 12))
    pairs = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1])
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from(draw(st.lists(pairs, max_size=3 * n)))
    return G, draw(st.integers(0, n - 1))


@EXAMPLES
@given(graphs_with_source())
def test_separations_equal_removal_oracle(case: tuple[nx.Graph, int]) -> None:
    G, source = case
    found = list(separations(G, source))
    node_cuts = {e: cut for e, cut in found if not isinstance(e, tuple)}
    edge_cuts = {e: cut for e, cut in found if isinstance(e, tuple)}
    # Each element once, each cut without repeats.
    assert len(node_cuts) + len(edge_cuts) == len(found)
    assert all(len(set(cut)) == len(cut) for _, cut in found)
    nodes, edges = brute_separations(G, source)
    assert {n: set(cut) for n, cut in node_cuts.items()} == nodes
    assert {frozenset(e): set(cut) for e, cut in edge_cuts.items()} == edges
    # Edges come as (u, v) with u on the source's side.
    for (u, v), cut in edge_cuts.items():
        assert u not in cut
        assert v in cut


@EXAMPLES
@given(st.integers(1, 14), st.floats(0.0, 0.6), st.integers(0, 2**32 - 1))
def test_separations_on_gnp_graphs(n: int, p: float, seed: int) -> None:
    G = nx.gnp_random_graph(n, p, seed=seed)
    found = list(separations(G, 0))
    nodes, edges = brute_separations(G, 0)
    assert {e: set(c) for e, c in found if not isinstance(e, tuple)} == nodes
    assert {frozenset(e): set(c) for e, c in found if isinstance(e, tuple)} == edges


@EXAMPLES
@given(organizations())
def test_person_spofs_equal_removal_oracle(org: cm.Organization) -> None:
    found = person_spofs(org)
    assert {p: set(r) for p, r in found.items()} == brute_person_spofs(org)
    # People in document order, their responsibilities in document order.
    assert list(found) == [p for p in org.people if p in found]
    for resps in found.values():
        assert list(resps) == [r for r in org.responsibilities if r in resps]


@EXAMPLES
@given(organizations(), st.data())
def test_second_holder_never_creates_a_finding(org: cm.Organization, data: st.DataObject) -> None:
    # A new person holding exactly the roles of an existing person, with the same
    # capacity. Holders only grow (every role keeps its holders, and the new
    # person holds only roles that were already held), so:
    # - coverage gaps can only close;
    # - a job held by one person now has two or keeps its only holder; and the
    #   new person holds nothing alone, so responsibility and person SPOFs can
    #   only go away;
    # - the set of held roles is unchanged, so vacancies, accountability,
    #   split ownership and everything about roles and ties stay exactly the same.
    # Overload is excluded: the copy may be overloaded just like the original
    # (e.g. too many roles), which is a new finding about the new person.
    if not org.people:
        return
    original = org.people[data.draw(st.sampled_from(sorted(org.people)))]
    twin = cm.Person(id=NEW_PERSON, name="Twin", holds=original.holds, capacity=original.capacity)
    bigger = attrs.evolve(org, people={**org.people, NEW_PERSON: twin})

    before, after = cm.audit(org), cm.audit(bigger)
    shrinking = {"coverage-gap", "single-point-of-failure"}
    assert keys(after, shrinking) <= keys(before, shrinking)
    unchanged = set(KINDS) - shrinking - {"overload"}
    assert keys(after, unchanged) == keys(before, unchanged)
    # Overload: only the newcomer may be new, and only if the original is overloaded too.
    overloaded_before = {f.ids for f in before if f.kind == "overload"}
    overloaded_after = {f.ids for f in after if f.kind == "overload"}
    assert overloaded_after - overloaded_before <= {(NEW_PERSON,)}
    if (NEW_PERSON,) in overloaded_after:
        assert (original.id,) in overloaded_after
    # Bus factors never drop.
    old, new = cm.bus_factor(org), cm.bus_factor(bigger)
    assert all(new[r] >= old[r] for r in org.responsibilities)


@FEWER
@given(organizations())
def test_without_nobody_and_without_everybody(org: cm.Organization) -> None:
    assert cm.without(org) is org
    assert cm.without(org, people=(), roles=()) is org

    empty = cm.without(org, people=set(org.people))
    assert dict(empty.people) == {}
    assert cm.bus_factor(empty) == dict.fromkeys(org.responsibilities, 0)
    assert {f.ids for f in cm.audit(empty) if f.kind == "coverage-gap"} == {
        (r,) for r in org.responsibilities
    }
    assert empty.roles == org.roles
    assert empty.links == org.links
    assert empty.social_lead == org.social_lead


@FEWER
@given(organizations())
def test_audit_findings_are_well_formed(org: cm.Organization) -> None:
    report = cm.audit(org)
    known = {
        "department": set(org.departments),
        "responsibility": set(org.responsibilities),
        "role": set(org.roles),
        "person": set(org.people),
        "blueprint": set(org.blueprints),
        "function": {f.value for f in cm.Function},
        "finding": {a.fingerprint for a in org.accepted},
        "metric": set(org.metrics),
        "policy": set(org.policies),
        "link": {
            f"{a}--{b}"
            for a in (*org.roles, *org.departments)
            for b in (*org.roles, *org.departments)
        },
        "channel": set(org.channels),
        "route": {f"{r.topic}->{r.to}" for r in org.routes},
        "topic": {t.value for t in cm.Topic},
    }
    severities = []
    for finding in report:
        assert finding.kind in KINDS
        for subject in finding.subjects:
            assert subject.id in known[subject.type], subject
        json.dumps(finding.to_dict())
        severities.append(finding.severity.rank)
    assert severities == sorted(severities, reverse=True)
    document = report.to_dict()
    assert json.loads(json.dumps(document)) == document
    assert sum(document["counts"].values()) == len(report)
    # Lead-dependent analyses are skipped exactly when there is no lead.
    assert (org.social_lead is None) == any(f.kind == "no-social-lead" for f in report)
    if org.social_lead is None:
        assert not any(
            f.kind in {"missing-link", "placement"} or f.data.get("scope") == "tie" for f in report
        )
