"""Fast paths and scale helpers: the backend route, progress callbacks, the generator.

Speed itself is measured in benchmarks/, never here; these tests prove that the
fast and alternative paths give the same answers as the plain ones.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model import analysis, graph, synthetic
from csmo_model.analysis._facts import TieIndex, facts
from csmo_model.cli import main
from csmo_model.testing import organizations

BUDGET = settings().max_examples
"""The Hypothesis profile's examples per property (see conftest.py); budgets scale it."""


@st.composite
def graphs(draw: st.DrawFn) -> nx.Graph[int]:
    n = draw(st.integers(1, 14))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
    G: nx.Graph[int] = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_edges_from((a, b) for a, b in edges if a != b)
    return G


def _as_sets(result: Any) -> dict[Any, frozenset[Any]]:
    return {element: frozenset(nodes) for element, nodes in result}


@settings(max_examples=3 * BUDGET)
@given(graphs())
def test_backend_route_finds_the_same_separations(G: nx.Graph[int]) -> None:
    plain = _as_sets(analysis.separations(G, 0))
    routed = _as_sets(analysis.separations(G, 0, backend="networkx"))
    assert routed == plain


@settings(max_examples=BUDGET)
@given(organizations())
def test_backend_route_finds_the_same_tie_cuts(org: cm.Organization) -> None:
    if org.social_lead is None:
        return
    assert analysis.tie_cuts(org, backend="networkx") == analysis.tie_cuts(org)


@settings(max_examples=2 * BUDGET)
@given(organizations())
def test_numbered_tie_index_is_the_tie_graph(org: cm.Organization) -> None:
    # The audit searches the numbered index; the public view is tie_graph. Both
    # list the ties separately, so they must agree: the same neighbours in the
    # same order (which sets the order of the tie findings), and each tie listed
    # at both ends once per reason. Channels are not ties the analyses use.
    ties = TieIndex.build(org)
    G = graph.tie_graph(org, channels=False)
    assert ties.names == list(G) == [*org.departments, *org.roles]
    assert ties.n_departments == len(org.departments)
    assert ties.index == {name: i for i, name in enumerate(ties.names)}
    neighbours = [[ties.names[j] for j in dict.fromkeys(row)] for row in ties.adjacency]
    assert neighbours == [list(G[n]) for n in ties.names]
    listed = Counter(
        (ties.names[i], ties.names[j]) for i, row in enumerate(ties.adjacency) for j in row
    )
    expected: Counter[tuple[str, str]] = Counter()
    for a, b, _ in graph._ties(org):
        expected[(a, b)] += 1
        expected[(b, a)] += 1
    assert listed == expected


@settings(max_examples=2 * BUDGET)
@given(organizations())
def test_tie_cuts_come_in_the_order_of_the_search(org: cm.Organization) -> None:
    if org.social_lead is None:
        return
    cuts = analysis.tie_cuts(org)
    G = graph.tie_graph(org, channels=False)
    found = [e for e, _ in analysis.separations(G, org.social_lead)]
    assert list(cuts.nodes) == [e for e in found if not isinstance(e, tuple) and e in cuts.nodes]
    assert list(cuts.edges) == [e for e in found if isinstance(e, tuple) and e in cuts.edges]


def _plain_facts(org: cm.Organization) -> dict[str, Any]:
    """The shared indexes as their definitions say, written the obvious way."""
    roles = list(org.roles.values())
    role_holders = {
        r.id: tuple(p.id for p in org.people.values() if r.id in p.holds) for r in roles
    }

    def has(role: cm.Role, resp: str, letter: cm.Raci) -> bool:
        value = role.raci.get(resp)
        return value is not None and letter in value.letters  # RA is R and A

    by_letter = {
        letter: {
            resp: tuple(r.id for r in roles if has(r, resp, letter))
            for resp in dict.fromkeys(k for r in roles for k in r.raci if has(r, k, letter))
        }
        for letter in (cm.Raci.R, cm.Raci.A, cm.Raci.C, cm.Raci.I)
    }

    def responsible(resp: str) -> list[cm.Role]:
        return [r for r in roles if has(r, resp, cm.Raci.R)]

    holders = {
        resp: tuple(dict.fromkeys(p for r in responsible(resp) for p in role_holders[r.id]))
        for resp in org.responsibilities
    }
    return {
        "role_holders": role_holders,
        "by_letter": by_letter,
        "holders": holders,
        "department_roles": {
            d: tuple(r.id for r in roles if r.department == d) for d in org.departments
        },
        "responsible_departments": {
            resp: tuple(
                dict.fromkeys(r.department for r in responsible(resp) if r.department is not None)
            )
            for resp in org.responsibilities
        },
        "held_accountable": frozenset(
            resp
            for r in roles
            for resp, letter in r.raci.items()
            if cm.Raci.A in letter.letters and role_holders[r.id]
        ),
        "spans": {r.id: sum(o.reports_to == r.id for o in roles) for r in roles},
        "loads": {
            p.id: sum(
                (org.responsibilities[resp].effort or 0.0) / len(people)
                for resp, people in holders.items()
                if p.id in people
            )
            for p in org.people.values()
        },
    }


def _fast_facts(org: cm.Organization) -> dict[str, Any]:
    f = facts(org)
    return {
        "role_holders": dict(f.role_holders),
        "by_letter": {k: dict(v) for k, v in f.by_letter.items()},
        "holders": dict(f.holders),
        "department_roles": dict(f.department_roles),
        "responsible_departments": dict(f.responsible_departments),
        "held_accountable": f.held_accountable,
        "spans": f.spans(org),
        "loads": f.loads(org),
    }


def _same_facts(org: cm.Organization) -> None:
    fast, plain = _fast_facts(org), _plain_facts(org)
    for name in plain:
        if name == "loads":
            assert fast[name].keys() == plain[name].keys()
            assert all(math.isclose(fast[name][p], v) for p, v in plain[name].items())
        else:
            # Dictionaries compare without order: compare their items as lists too.
            assert fast[name] == plain[name], name
            if isinstance(plain[name], dict):
                assert list(fast[name].items()) == list(plain[name].items()), name


@settings(max_examples=2 * BUDGET)
@given(organizations())
def test_shared_indexes_equal_their_definitions(org: cm.Organization) -> None:
    _same_facts(org)


def test_shared_indexes_with_shared_roles_and_ids_across_kinds() -> None:
    # Three people hold one role (the branch for several holders), and a person
    # and a responsibility share ids with roles, which must not mix them up.
    org = cm.Organization.from_parts(
        name="Shared",
        departments=[cm.Department(id="ops", name="Ops"), cm.Department(id="web", name="Web")],
        responsibilities=[
            cm.Responsibility(id="agent", name="Agent work", effort=1.5),
            cm.Responsibility(id="posting", name="Posting", effort=0.5),
        ],
        roles=[
            cm.Role(id="lead", title="Lead", department="web", raci={"posting": "A"}),
            cm.Role(
                id="agent",
                title="Agent",
                department="ops",
                reports_to="lead",
                raci={"agent": "R", "posting": "R"},
            ),
            cm.Role(id="writer", title="Writer", department="web", raci={"posting": "R"}),
        ],
        people=[
            cm.Person(id="lead", name="Lee", holds=("agent",)),
            cm.Person(id="ana", name="Ana", holds=("agent", "writer")),
            cm.Person(id="bo", name="Bo", holds=("agent",)),
        ],
    )
    _same_facts(org)
    f = facts(org)
    assert f.role_holders["agent"] == ("lead", "ana", "bo")
    assert f.holders["posting"] == ("lead", "ana", "bo")
    assert f.responsible_departments["posting"] == ("ops", "web")
    assert f.held_accountable == frozenset()


def test_cached_results_are_handed_out_as_copies() -> None:
    org = cm.examples.load("acme")
    before = cm.audit(org)
    for result in (
        analysis.span_of_control(org),
        analysis.person_load(org),
        analysis.holders(org),
        analysis.responsible_departments(org),
    ):
        result.clear()
    assert analysis.span_of_control(org) == {"ceo": 1, "cmo": 1, "social-lead": 0}
    assert analysis.person_load(org) == {"ana": 0.5, "bo": 0.0}
    assert cm.audit(org) == before


def test_backend_and_its_options_reach_networkx(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict[str, Any]] = []
    real = nx.biconnected_components

    def spy(G: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return real(G)

    monkeypatch.setattr(nx, "biconnected_components", spy)
    org = cm.examples.load("agency-run")
    cuts = analysis.tie_cuts(org, backend="gpu-like", batch_size=64)
    assert calls == [{"backend": "gpu-like", "batch_size": 64}]
    assert cuts.nodes
    assert cuts == analysis.tie_cuts(cm.examples.load("agency-run"))


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Register networkx's own testing backend, ``nx_loopback``, as its conftest does.

    The backend converts each graph to its own graph class and runs networkx's
    implementation on it, so a call really goes through networkx's dispatch.
    The hooks are private to networkx: the test skips if they have moved.
    Returns the names of the algorithms the backend ran.
    """
    from importlib.metadata import entry_points

    backends = getattr(nx.utils, "backends", None)
    dispatchable = getattr(backends, "_dispatchable", None)
    found = entry_points(group="networkx.backends", name="nx_loopback")
    if (
        not found
        or dispatchable is None
        or not hasattr(dispatchable, "_call_if_any_backends_installed")
        or not isinstance(getattr(backends, "backend_info", None), dict)
    ):
        pytest.skip("networkx's testing backend nx_loopback is not available here")
    (entry,) = found
    interface = entry.load()
    ran: list[str] = []
    real = type(interface).__getattr__

    def traced(self: Any, name: str) -> Any:
        ran.append(name)
        return real(self, name)

    monkeypatch.setattr(type(interface), "__getattr__", traced)
    monkeypatch.setitem(backends.backends, "nx_loopback", entry)
    monkeypatch.setitem(backends.backend_info, "nx_loopback", {})
    monkeypatch.setattr(
        nx.config, "backends", nx.utils.Config(nx_loopback=nx.utils.Config(), **nx.config.backends)
    )
    monkeypatch.setattr(dispatchable, "__call__", dispatchable._call_if_any_backends_installed)
    return ran


def test_backend_route_runs_on_networkx_testing_backend(loopback: list[str]) -> None:
    org = cm.examples.load("agency-run")
    cuts = analysis.tie_cuts(org, backend="nx_loopback")
    assert "biconnected_components" in loopback
    assert cuts.nodes == {"agency-account": ("agency",)}
    assert cuts == analysis.tie_cuts(org)
    G = nx.Graph([("lead", "a"), ("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    assert _as_sets(analysis.separations(G, "lead", backend="nx_loopback")) == _as_sets(
        analysis.separations(G, "lead")
    )


@pytest.mark.slow
def test_progress_reports_every_stage_of_load_and_audit(tmp_path: Path) -> None:
    path = tmp_path / "org.json"
    path.write_text(json.dumps(synthetic.document(25_000, seed=2)), encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    org = cm.load(path, progress=lambda *event: seen.append(event))
    stages = [stage for stage, _, _ in seen]
    assert stages[:2] == ["parse", "parse"]
    assert stages[-2:] == ["validate", "validate"]
    assert ("roles", 20_000, len(org.roles)) in seen
    audit_events: list[tuple[str, int, int]] = []
    cm.audit(org, progress=lambda *event: audit_events.append(event))
    total = len(cm.checks.KINDS)  # one step per check
    assert audit_events == [("audit", i, total) for i in range(1, total + 1)]


def test_generator_is_deterministic_valid_and_shaped_as_documented() -> None:
    first = synthetic.document(3_000, seed=5)
    assert first == synthetic.document(3_000, seed=5)
    assert first != synthetic.document(3_000, seed=6)
    org = cm.io.from_dict(first)
    assert len(org.people) == 3_000
    assert len(org.roles) == 3_150  # 5% vacant roles on top of one role per person
    assert len(org.departments) == 15  # one per 200 people
    assert len(org.responsibilities) == 150  # one per 20 people
    spans = analysis.span_of_control(org)
    managers = [n for n in spans.values() if n]
    assert max(managers) <= 12
    vacant = set(analysis.vacancies(org))
    assert len(vacant) == 150
    assert any(role.dotted_to for role in org.roles.values())
    assert any(role.external for role in org.roles.values())
    # Zipf-like: the most popular responsibility is shared by far more roles than the median.
    counts = sorted(
        (sum(1 for r in org.roles.values() if resp in r.raci) for resp in org.responsibilities),
        reverse=True,
    )
    assert counts[0] > 10 * counts[len(counts) // 2]


def test_generate_command_writes_a_loadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "big.json"
    assert main(["generate", "500", str(out), "--seed", "3"]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {out}: 500 people")
    assert cm.load(out) == synthetic.organization(500, seed=3)
    assert main(["generate", "500", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_a_huge_size_limit_does_not_allocate_it(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text("format: csmo-model/2\nname: Tiny\n", encoding="utf-8")
    assert cm.load(path, max_bytes=2**62).name == "Tiny"
