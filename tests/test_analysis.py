"""The analyses and the audit on hand-built organizations, with exact expected findings.

Each test builds a small organization (from YAML or from parts) and compares
the exact set of ``(kind, subjects)`` the audit reports for one kind with the
set worked out by hand from the spec (issue 3).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import attrs
import networkx as nx
import pytest

import csmo_model as cm
from csmo_model import analysis, examples
from csmo_model.checks import KINDS
from csmo_model.graph import reporting_graph, staffing_graph, tie_graph
from csmo_model.report import AUDIT_FORMAT
from helpers import plain

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def org_from_yaml(body: str, name: str = "Test") -> cm.Organization:
    """Load an organization from the YAML *body* (without the header)."""
    return cm.loads(f"format: csmo-model/2\nname: {name}\n" + textwrap.dedent(body))


def subjects(org: cm.Organization, kind: str, **options: Any) -> set[tuple[str, ...]]:
    """The subjects of every finding of *kind* in the audit of *org*."""
    return {f.ids for f in cm.audit(org, **options) if f.kind == kind}


def findings(org: cm.Organization, kind: str, **options: Any) -> dict[tuple[str, ...], cm.Finding]:
    """The findings of *kind*, keyed by subjects (each subjects tuple must be unique)."""
    found = [f for f in cm.audit(org, **options) if f.kind == kind]
    by_subjects = {f.ids: f for f in found}
    assert len(by_subjects) == len(found)
    return by_subjects


def spofs(org: cm.Organization, scope: str) -> dict[tuple[str, ...], cm.Finding]:
    """Single points of failure of *scope* by their ids (a tie's leading link subject left out)."""
    return {
        tuple(s.id for s in f.subjects if s.type != "link"): f
        for f in cm.audit(org)
        if f.kind == "single-point-of-failure" and f.data["scope"] == scope
    }


# ---------------------------------------------------------------------------
# Coverage
# ---------------------------------------------------------------------------

COVERAGE = org_from_yaml(
    """
    responsibilities:
      - {id: strategy, name: Strategy, critical: true}
      - {id: community, name: Community}
      - {id: ads, name: Paid social}
      - {id: crm, name: Social CRM}
      - {id: listening, name: Listening, critical: true}
    roles:
      - {id: lead, title: Lead, raci: {strategy: A, community: R, crm: C}}
      - {id: buyer, title: Media buyer, raci: {ads: R}}
      - {id: analyst, title: Analyst, raci: {listening: R}}
      - {id: boss, title: Boss, raci: {crm: A}}
    people:
      - {id: ana, name: Ana, holds: [lead]}
      - {id: bo, name: Bo, holds: [boss]}
    """
)


def test_coverage_gaps_exact() -> None:
    # ads and listening: R only on vacant roles and no A at all; community: Ana
    # holds R. strategy and crm have nobody R but a held A: no-responsible.
    gaps = findings(COVERAGE, "coverage-gap")
    assert set(gaps) == {("ads",), ("listening",)}
    assert {s: f.severity for s, f in gaps.items()} == {
        ("ads",): cm.Severity.WARNING,
        ("listening",): cm.Severity.CRITICAL,
    }
    assert plain(gaps[("ads",)].data) == {
        "responsibility": "ads",
        "responsible_roles": ["buyer"],
        "critical": False,
    }
    assert plain(gaps[("listening",)].data) == {
        "responsibility": "listening",
        "responsible_roles": ["analyst"],
        "critical": True,
    }
    assert list(analysis.coverage_gaps(COVERAGE)) == ["ads", "listening"]


def test_no_responsible_exact() -> None:
    found = findings(COVERAGE, "no-responsible")
    assert set(found) == {("strategy", "ana"), ("crm", "bo")}
    assert plain(found[("crm", "bo")].data) == {
        "responsibility": "crm",
        "accountable_roles": ["boss"],
        "accountable_people": ["bo"],
        "responsible_roles": [],
    }
    assert found[("strategy", "ana")].message == (
        "Ana is accountable for Strategy but nobody is responsible for doing it."
    )
    assert {f.severity for f in found.values()} == {cm.Severity.WARNING}
    assert list(analysis.missing_responsible(COVERAGE)) == ["strategy", "crm"]


def test_holders_and_bus_factor() -> None:
    assert cm.holders(COVERAGE) == {
        "strategy": (),
        "community": ("ana",),
        "ads": (),
        "crm": (),
        "listening": (),
    }
    assert cm.bus_factor(COVERAGE) == {
        "strategy": 0,
        "community": 1,
        "ads": 0,
        "crm": 0,
        "listening": 0,
    }


def test_bus_factor_counts_people_not_roles() -> None:
    org = org_from_yaml(
        """
        responsibilities: [{id: job, name: Job}, {id: other, name: Other}]
        roles:
          - {id: r1, title: R1, raci: {job: R}}
          - {id: r2, title: R2, raci: {job: R, other: R}}
          - {id: r3, title: R3, raci: {other: R}}
        people:
          - {id: ana, name: Ana, holds: [r1, r2]}
          - {id: bo, name: Bo, holds: [r2]}
          - {id: cy, name: Cy, holds: [r3]}
        """
    )
    assert cm.bus_factor(org) == {"job": 2, "other": 3}
    assert cm.holders(org) == {"job": ("ana", "bo"), "other": ("ana", "bo", "cy")}


ACCOUNTABILITY = org_from_yaml(
    """
    responsibilities:
      - {id: x, name: X}
      - {id: y, name: Y}
      - {id: z, name: Z}
      - {id: v, name: V}
      - {id: w, name: W}
      - {id: u, name: U}
    roles:
      - {id: doer, title: Doer, raci: {x: R, y: R, z: R, v: R, w: R}}
      - {id: empty-boss, title: Vacant boss, raci: {x: A, v: A, u: A}}
      - {id: boss1, title: Boss 1, raci: {y: A, v: A}}
      - {id: boss2, title: Boss 2, raci: {z: A, w: I}}
      - {id: boss3, title: Boss 3, raci: {z: A, u: A}}
    people:
      - {id: ana, name: Ana, holds: [doer]}
      - {id: bo, name: Bo, holds: [boss1, boss2, boss3]}
    """
)


def test_no_accountable_exact() -> None:
    # x: its only A role is vacant; w: no A at all (I does not count).
    # y, z, v have a held A role; u has no holders but Bo answers for it
    # (no-responsible instead).
    assert subjects(ACCOUNTABILITY, "no-accountable") == {("x",), ("w",)}
    assert subjects(ACCOUNTABILITY, "coverage-gap") == set()
    assert subjects(ACCOUNTABILITY, "no-responsible") == {("u", "bo")}
    found = findings(ACCOUNTABILITY, "no-accountable")
    assert plain(found[("x",)].data) == {
        "responsibility": "x",
        "holders": ["ana"],
        "accountable_roles": ["empty-boss"],
    }
    assert found[("x",)].severity == cm.Severity.WARNING


def test_multiple_accountable_exact() -> None:
    # Vacant A roles count too: RACI asks for exactly one A role.
    assert subjects(ACCOUNTABILITY, "multiple-accountable") == {
        ("z", "boss2", "boss3"),
        ("v", "empty-boss", "boss1"),
        ("u", "empty-boss", "boss3"),
    }
    assert analysis.accountable_roles(ACCOUNTABILITY) == {
        "x": ("empty-boss",),
        "y": ("boss1",),
        "z": ("boss2", "boss3"),
        "v": ("empty-boss", "boss1"),
        "w": (),
        "u": ("empty-boss", "boss3"),
    }


SPLIT = org_from_yaml(
    """
    departments:
      - {id: it, name: IT, function: it}
      - {id: product, name: Product, function: product}
      - {id: mobile, name: Mobile, function: mobile}
    responsibilities:
      - {id: site, name: Online asset}
      - {id: app, name: App}
      - {id: blog, name: Blog}
      - {id: shop, name: Shop}
      - {id: wiki, name: Wiki}
    roles:
      - {id: web, title: Webmaster, department: it,
         raci: {site: R, app: R, blog: R, shop: R, wiki: R}}
      - {id: web2, title: Web dev, department: it, raci: {blog: R}}
      - {id: appdev, title: App lead, department: mobile, raci: {site: R, app: R, shop: R}}
      - {id: pm, title: Product manager, department: product, raci: {shop: A}}
      - {id: cpo, title: Chief product officer, department: product, raci: {app: A}}
      - {id: freelancer, title: Freelancer, raci: {wiki: R}}
    people:
      - {id: ana, name: Ana, holds: [web, web2]}
      - {id: bo, name: Bo, holds: [appdev]}
      - {id: cy, name: Cy, holds: [pm]}
    """
)


def test_split_ownership_exact() -> None:
    # site: R in IT and Mobile, no A. app: same, its A role is vacant (like
    # no-accountable, an A role nobody holds does not count). blog: two R roles,
    # one department. shop: held A in Product. wiki: the freelancer has no department.
    assert subjects(SPLIT, "split-ownership") == {("site", "it", "mobile"), ("app", "it", "mobile")}
    found = findings(SPLIT, "split-ownership")
    assert plain(found[("site", "it", "mobile")].data) == {
        "responsibility": "site",
        "departments": ["it", "mobile"],
        "responsible_roles": ["web", "appdev"],
    }


def test_split_ownership_is_reported_instead_of_no_accountable() -> None:
    assert subjects(SPLIT, "no-accountable") == {("blog",), ("wiki",)}
    assert analysis.responsible_departments(SPLIT) == {
        "site": ("it", "mobile"),
        "app": ("it", "mobile"),
        "blog": ("it",),
        "shop": ("it", "mobile"),
        "wiki": ("it",),
    }


EXTERNAL = org_from_yaml(
    """
    responsibilities:
      - {id: content, name: Content}
      - {id: ads, name: Ads}
      - {id: pr, name: PR}
      - {id: events, name: Events}
      - {id: seo, name: SEO}
      - {id: idle, name: Idle}
      - {id: advice, name: Advice}
    roles:
      - {id: agency, title: Agency, external: true,
         raci: {content: R, ads: R, pr: R, events: R, seo: A}}
      - {id: agency2, title: Second agency, external: true, raci: {ads: A, advice: C}}
      - {id: inhouse, title: In-house, raci: {pr: C, events: I, seo: R, idle: C}}
    """
)


def test_external_without_coordinator_exact() -> None:
    # Outsourced work needs an internal A, not only a C. content: only an external
    # R. ads: external R and external A. events: an internal I does not coordinate,
    # and pr: neither does an internal C. seo: an internal R answering to an
    # external A is outsourced too (only the agency is named). idle and advice: no R
    # or A role at all.
    assert subjects(EXTERNAL, "external-without-coordinator") == {
        ("content", "agency"),
        ("ads", "agency", "agency2"),
        ("pr", "agency"),
        ("events", "agency"),
        ("seo", "agency"),
    }


def test_external_with_internal_coordinator_is_not_reported() -> None:
    inhouse = EXTERNAL.roles["inhouse"]
    consulted = attrs.evolve(
        EXTERNAL,
        roles={**EXTERNAL.roles, "inhouse": attrs.evolve(inhouse, raci={"content": "C"})},
    )
    assert ("content", "agency") in subjects(consulted, "external-without-coordinator")
    accountable = attrs.evolve(
        EXTERNAL,
        roles={**EXTERNAL.roles, "inhouse": attrs.evolve(inhouse, raci={"content": "A"})},
    )
    assert ("content", "agency") not in subjects(accountable, "external-without-coordinator")


def test_agency_department_roles_are_external_unless_they_say_otherwise() -> None:
    org = org_from_yaml(
        """
        departments:
          - {id: agy, name: Agency, function: agency}
          - {id: mkt, name: Marketing, function: marketing}
        responsibilities:
          - {id: content, name: Content}
          - {id: ads, name: Ads}
          - {id: seo, name: SEO}
        roles:
          - {id: creative, title: Creative, department: agy, raci: {content: R}}
          - {id: liaison, title: Liaison, department: agy, external: false, raci: {ads: RA}}
          - {id: freelancer, title: Freelancer, department: mkt, external: true,
             raci: {seo: R}}
        """
    )
    assert [cm.is_external(org, r) for r in org.roles] == [True, False, True]
    assert subjects(org, "external-without-coordinator") == {
        ("content", "creative"),
        ("seo", "freelancer"),
    }
    # What the file says is kept: the explicit false survives a round trip.
    again = cm.loads(cm.dumps(org))
    assert again == org
    assert again.roles["liaison"].external is False
    assert again.roles["creative"].external is None
    assert "external: false" in cm.dumps(org)


def test_a_role_in_a_sub_department_of_an_agency_is_external() -> None:
    # Before, only the role's own department was read: the agency's video team
    # counted as internal, and its outsourced work went unreported.
    org = org_from_yaml(
        """
        departments:
          - {id: agy, name: Agency, function: agency}
          - {id: video, name: Video team, function: other, parent: agy}
          - {id: cut, name: Editing, function: other, parent: video}
          - {id: mkt, name: Marketing, function: marketing}
        responsibilities:
          - {id: video-content, name: Video content}
          - {id: edits, name: Edits}
          - {id: ads, name: Ads}
        roles:
          - {id: director, title: Video director, department: video,
             raci: {video-content: R}}
          - {id: editor, title: Editor, department: cut, raci: {edits: RA}}
          - {id: insider, title: Seconded producer, department: video, external: false,
             raci: {ads: R}}
          - {id: marketer, title: Marketer, department: mkt, raci: {ads: A}}
        """
    )
    assert [cm.is_external(org, r) for r in org.roles] == [True, True, False, False]
    assert subjects(org, "external-without-coordinator") == {
        ("video-content", "director"),
        ("edits", "editor"),
    }
    assert cm.graph.reporting_graph(org).nodes["editor"]["external"] is True


# ---------------------------------------------------------------------------
# Resilience: people
# ---------------------------------------------------------------------------

PEOPLE = org_from_yaml(
    """
    responsibilities:
      - {id: strategy, name: Strategy, critical: true}
      - {id: community, name: Community}
      - {id: reports, name: Reports}
      - {id: x1, name: X1}
      - {id: x2, name: X2}
      - {id: double, name: Double}
      - {id: nobody, name: Nobody}
    roles:
      - {id: lead, title: Lead, raci: {strategy: R, community: R}}
      - {id: helper, title: Helper, raci: {community: R}}
      - {id: analyst, title: Analyst, raci: {reports: R}}
      - {id: solo, title: Solo, raci: {x1: R, x2: R}}
      - {id: w1, title: W1, raci: {double: R}}
      - {id: w2, title: W2, raci: {double: R}}
    people:
      - {id: ana, name: Ana, holds: [lead]}
      - {id: bo, name: Bo, holds: [helper]}
      - {id: cy, name: Cy, holds: [analyst]}
      - {id: dee, name: Dee, holds: [analyst]}
      - {id: eve, name: Eve, holds: [solo]}
      - {id: fay, name: Fay, holds: [w1, w2]}
    """
)


def test_person_spofs_exact() -> None:
    # One finding per person who alone holds some job; Fay holds "double"
    # through two roles, still one departure. Community has two holders.
    found = spofs(PEOPLE, "person")
    assert set(found) == {("ana", "strategy"), ("eve", "x1", "x2"), ("fay", "double")}
    assert found[("ana", "strategy")].severity == cm.Severity.CRITICAL
    assert found[("eve", "x1", "x2")].severity == cm.Severity.WARNING
    assert plain(found[("eve", "x1", "x2")].data) == {
        "scope": "person",
        "person": "eve",
        "responsibilities": ["x1", "x2"],
        "critical_responsibilities": [],
    }
    assert found[("eve", "x1", "x2")].message == (
        "Only Eve does X1; X2: one departure leaves them undone."
    )
    assert list(analysis.responsibility_spofs(PEOPLE)) == [
        ("strategy", "ana"),
        ("x1", "eve"),
        ("x2", "eve"),
        ("double", "fay"),
    ]
    assert analysis.person_spofs(PEOPLE) == {
        "ana": ("strategy",),
        "eve": ("x1", "x2"),
        "fay": ("double",),
    }


def test_truck_factor_hand_cases() -> None:
    # No responsibilities at all.
    assert cm.truck_factor(org_from_yaml("roles: [{id: r, title: R}]")) == 0
    # PEOPLE: 7 jobs, 1 undone. Ana and Eve hold two each and leave first:
    # 1 + 1 (strategy; community still has Bo) + 2 (x1, x2) = 4 > 3.5.
    assert cm.truck_factor(PEOPLE) == 2
    assert cm.truck_factor(COVERAGE) == 0  # 4 of 5 jobs already undone
    one_person = org_from_yaml(
        """
        responsibilities: [{id: a, name: A}, {id: b, name: B}]
        roles: [{id: r, title: R, raci: {a: R, b: R}}]
        people: [{id: ana, name: Ana, holds: [r]}]
        """
    )
    assert cm.truck_factor(one_person) == 1
    four = org_from_yaml(
        """
        responsibilities: [{id: a, name: A}, {id: b, name: B}, {id: c, name: C}, {id: d, name: D}]
        roles:
          - {id: ra, title: RA, raci: {a: R}}
          - {id: rb, title: RB, raci: {b: R}}
          - {id: rc, title: RC, raci: {c: R}}
          - {id: rd, title: RD, raci: {d: R}}
        people:
          - {id: pa, name: PA, holds: [ra]}
          - {id: pb, name: PB, holds: [rb]}
          - {id: pc, name: PC, holds: [rc]}
          - {id: pd, name: PD, holds: [rd]}
        """
    )
    assert cm.truck_factor(four) == 3  # more than 2 of 4 uncovered
    assert cm.truck_factor(four, threshold=0) == 1
    assert cm.truck_factor(four, threshold=0.75) == 4
    shared = org_from_yaml(
        """
        responsibilities: [{id: a, name: A}, {id: b, name: B}]
        roles: [{id: ra, title: RA, raci: {a: R}}, {id: rb, title: RB, raci: {b: R}}]
        people:
          - {id: bo, name: Bo, holds: [ra]}
          - {id: ana, name: Ana, holds: [ra, rb]}
          - {id: cy, name: Cy, holds: [rb]}
        """
    )
    # Ana (2 jobs) leaves first, then Bo uncovers a (1 of 2, not more than half), then Cy.
    assert cm.truck_factor(shared) == 3


@pytest.mark.parametrize("threshold", [-0.1, 1, 1.5])
def test_truck_factor_rejects_bad_threshold(threshold: float) -> None:
    with pytest.raises(ValueError, match="threshold"):
        cm.truck_factor(PEOPLE, threshold=threshold)


# ---------------------------------------------------------------------------
# Resilience: ties
# ---------------------------------------------------------------------------

# The tie graph of TIES is a tree rooted at the lead:
#   lead - mkt (member)            lead - liaison (solid)   liaison - support (link)
#   support - agent, agent2        lead - ops (link)        ops - field (parent)
#   field - tech (member)          lead - solo (solid)      solo - design (member)
#   lawyer - legal (member): not reachable from the lead at all.
TIES = org_from_yaml(
    """
    social_lead: lead
    departments:
      - {id: mkt, name: Marketing, function: marketing}
      - {id: support, name: Support, function: customer-support}
      - {id: ops, name: Operations, function: operations}
      - {id: field, name: Field service, parent: ops}
      - {id: design, name: Design, function: design}
      - {id: legal, name: Legal, function: legal}
    roles:
      - {id: lead, title: Social lead, department: mkt}
      - {id: liaison, title: Liaison, reports_to: lead}
      - {id: agent, title: Agent, department: support}
      - {id: agent2, title: Agent 2, department: support}
      - {id: tech, title: Technician, department: field}
      - {id: solo, title: Designer, department: design, reports_to: lead}
      - {id: lawyer, title: Lawyer, department: legal}
    links:
      - {between: [liaison, support]}
      - {between: [lead, ops]}
    """
)


def test_tie_spofs_nodes_exact() -> None:
    # liaison: cuts off support (which keeps agent, agent2).
    # ops: cuts off field (which keeps tech); ops itself has no member role.
    # support / field: only cut off their own roles, no department.
    # solo: cuts off design, whose only role is solo: design only empties out.
    # legal was never reachable, so nothing cuts it off.
    found = spofs(TIES, "tie")
    node_findings = {s: f for s, f in found.items() if "edge" not in f.data}
    assert set(node_findings) == {("liaison", "support"), ("ops", "field")}
    assert plain(node_findings[("liaison", "support")].data) == {
        "scope": "tie",
        "node": "liaison",
        "departments": ["support"],
    }


def test_tie_spofs_edges_exact() -> None:
    # lead-mkt: mkt's only role is the lead, an end of the tie: empties out.
    # lead-solo, solo-design: design's only role is solo, an end: empties out.
    found = spofs(TIES, "tie")
    edge_findings = {s: f for s, f in found.items() if "edge" in f.data}
    assert set(edge_findings) == {
        ("lead", "liaison", "support"),
        ("liaison", "support", "support"),
        ("lead", "ops", "field"),
        ("ops", "field", "field"),
    }
    assert {s: f.data["edge"] for s, f in edge_findings.items()} == {
        ("lead", "liaison", "support"): ("lead", "liaison"),
        ("liaison", "support", "support"): ("liaison", "support"),
        ("lead", "ops", "field"): ("lead", "ops"),
        ("ops", "field", "field"): ("ops", "field"),
    }
    assert {f.subjects[0] for f in edge_findings.values()} == {
        cm.Subject("link", "lead--liaison"),
        cm.Subject("link", "liaison--support"),
        cm.Subject("link", "lead--ops"),
        cm.Subject("link", "ops--field"),
    }
    assert plain(edge_findings[("ops", "field", "field")].data) == {
        "scope": "tie",
        "edge": ["ops", "field"],
        "departments": ["field"],
    }
    assert all(f.severity == cm.Severity.WARNING for f in edge_findings.values())


def test_tie_cuts_function() -> None:
    cuts = analysis.tie_cuts(TIES)
    assert cuts.nodes == {"liaison": ("support",), "ops": ("field",)}
    assert {frozenset(e): d for e, d in cuts.edges.items()} == {
        frozenset(("lead", "liaison")): ("support",),
        frozenset(("liaison", "support")): ("support",),
        frozenset(("lead", "ops")): ("field",),
        frozenset(("ops", "field")): ("field",),
    }


def test_second_route_removes_tie_spofs() -> None:
    # A direct link from the lead to an agent gives support a second route.
    org = attrs.evolve(TIES, links=[*TIES.links, cm.Link(between=("lead", "agent"))])
    assert set(spofs(org, "tie")) == {
        ("ops", "field"),
        ("lead", "ops", "field"),
        ("ops", "field", "field"),
    }


def test_department_that_only_empties_out_is_not_a_tie_spof() -> None:
    # A department whose only role is the cut itself: staffing, not a tie.
    lone = org_from_yaml(
        """
        social_lead: lead
        departments: [{id: design, name: Design}]
        roles:
          - {id: lead, title: Lead}
          - {id: solo, title: Designer, department: design, reports_to: lead}
        """
    )
    assert spofs(lone, "tie") == {}
    # With a second role in the department, design is really cut off.
    two = org_from_yaml(
        """
        social_lead: lead
        departments: [{id: design, name: Design}]
        roles:
          - {id: lead, title: Lead}
          - {id: solo, title: Designer, department: design, reports_to: lead}
          - {id: intern, title: Intern, department: design}
        """
    )
    assert set(spofs(two, "tie")) == {
        ("solo", "design"),
        ("lead", "solo", "design"),
        ("solo", "design", "design"),
    }


def test_tie_cuts_need_a_lead() -> None:
    no_lead = attrs.evolve(TIES, social_lead=None)
    with pytest.raises(ValueError, match="social_lead"):
        analysis.tie_cuts(no_lead)


def separations_list(G: nx.Graph, source: str) -> list[tuple[Any, list[Any]]]:
    return [(e, sorted(cut)) for e, cut in analysis.separations(G, source)]


def test_separations_hand_case() -> None:
    G = nx.Graph([("s", "a"), ("a", "b"), ("b", "c"), ("c", "a"), ("c", "d"), ("x", "y")])
    found = dict(separations_list(G, "s"))
    assert found == {
        "a": ["b", "c", "d"],
        "c": ["d"],
        ("s", "a"): ["a", "b", "c", "d"],
        ("c", "d"): ["d"],
    }
    with pytest.raises(nx.NetworkXNotImplemented):
        list(analysis.separations(nx.DiGraph([(1, 2)]), 1))


# ---------------------------------------------------------------------------
# Links: missing links and silos
# ---------------------------------------------------------------------------

LINKS = org_from_yaml(
    """
    social_lead: lead
    departments:
      - {id: mkt, name: Marketing, function: marketing}
      - {id: sup, name: Support, function: customer-support}
      - {id: sup2, name: Support EU, function: customer-support}
      - {id: prod, name: Product, function: product}
      - {id: it, name: IT, function: it}
      - {id: exec, name: Executive, function: executive}
      - {id: ops, name: Operations, function: operations}
    roles:
      - {id: ceo, title: CEO, department: exec}
      - {id: lead, title: Social lead, department: mkt, dotted_to: [cio]}
      - {id: cio, title: CIO, department: it}
      - {id: eng, title: Engineer, department: prod, reports_to: lead}
      - {id: agent, title: Agent, department: sup2}
      - {id: coo, title: COO, department: ops, dotted_to: [lead]}
    links:
      - {between: [lead, sup]}
      - {between: [agent, ceo]}
    """
)


def test_ties_of_the_lead() -> None:
    # mkt: member; it: dotted line to cio; prod: eng reports to the lead;
    # sup: link to the department; ops: the coo's dotted line to the lead.
    assert analysis.ties(LINKS, "lead") == {"mkt", "it", "prod", "sup", "ops"}


def test_missing_links_exact() -> None:
    found = [
        (f.severity, f.ids, plain(f.data))
        for f in cm.audit(LINKS)
        if f.kind in ("missing-link", "missing-function")
    ]
    assert found == [
        (
            cm.Severity.WARNING,
            ("sup2", "lead", "customer-support"),
            {"function": "customer-support", "department": "sup2", "lead": "lead"},
        ),
        (
            cm.Severity.WARNING,
            ("exec", "lead", "executive"),
            {"function": "executive", "department": "exec", "lead": "lead"},
        ),
        (cm.Severity.INFO, ("customer-programs",), {"functions": ["customer-programs"]}),
    ]


def test_missing_links_required_functions() -> None:
    assert subjects(LINKS, "missing-link", required_functions=["it", "product"]) == set()
    assert subjects(LINKS, "missing-link", required_functions=[cm.Function.CUSTOMER_SUPPORT]) == {
        ("sup2", "lead", "customer-support")
    }
    legal = [
        f for f in cm.audit(LINKS, required_functions=["legal"]) if f.kind.startswith("missing-")
    ]
    assert [(f.kind, f.severity, f.ids, plain(f.data)) for f in legal] == [
        ("missing-function", cm.Severity.INFO, ("legal",), {"functions": ["legal"]})
    ]
    assert list(analysis.missing_links(LINKS, ["legal", "customer-support"])) == [
        (cm.Function.LEGAL, None),
        (cm.Function.CUSTOMER_SUPPORT, "sup2"),
    ]


ROLE_TIES = """
    blueprints: [nine-lives]
    departments:
      - {id: mkt, name: Marketing, function: marketing}
      - {id: pr, name: PR, function: public-relations}
      - {id: pr2, name: Press Office, function: public-relations}
    roles:
      - {id: lead, title: Lead, department: mkt, raci: {nine-lives/reputation: A}}
      - {id: rep, title: Reputation, department: mkt, reports_to: lead,
         raci: {nine-lives/reputation: R}}
      - {id: rep2, title: Influencers, department: mkt, reports_to: lead,
         raci: {nine-lives/reputation: RA}}
      - {id: pr-head, title: Head of PR, department: pr}
      - {id: press, title: Press officer, department: pr2}
    people:
      - {id: a, name: A, holds: [lead]}
      - {id: b, name: B, holds: [rep]}
      - {id: c, name: C, holds: [pr-head]}
    links:
      - {between: [lead, pr-head]}
      - {between: [lead, pr2]}
      - {between: [rep, pr]}
"""


def test_missing_role_links_exact() -> None:
    org = org_from_yaml("social_lead: lead\n" + textwrap.dedent(ROLE_TIES))
    found = [
        (
            f.severity,
            f.ids,
            plain(f.data),
            [cm.edits.to_dict(e) for e in f.fix.edits] if f.fix else None,
        )
        for f in cm.audit(org)
        if f.kind in ("missing-role-link", "missing-function")
    ]
    # The lead's own ties to PR do not count for the roles doing the reputation
    # work; the vacant rep2 (RA) fills the life too; rep is tied to pr but not pr2.
    # Without tie functions of its own in nine-lives, the lead needs none of them.
    role_link = cm.Severity.WARNING
    assert found[:3] == [
        (
            role_link,
            ("rep", "pr2", "public-relations"),
            {
                "role": "rep",
                "function": "public-relations",
                "department": "pr2",
                "blueprint": "nine-lives",
                "catalog_role": "reputation",
            },
            [{"op": "add-link", "between": ["rep", "press"], "kind": "collaboration"}],
        ),
        (
            role_link,
            ("rep2", "pr", "public-relations"),
            {
                "role": "rep2",
                "function": "public-relations",
                "department": "pr",
                "blueprint": "nine-lives",
                "catalog_role": "reputation",
            },
            [{"op": "add-link", "between": ["rep2", "pr-head"], "kind": "collaboration"}],
        ),
        (
            role_link,
            ("rep2", "pr2", "public-relations"),
            {
                "role": "rep2",
                "function": "public-relations",
                "department": "pr2",
                "blueprint": "nine-lives",
                "catalog_role": "reputation",
            },
            [{"op": "add-link", "between": ["rep2", "press"], "kind": "collaboration"}],
        ),
    ]
    assert [f[0] for f in found[3:]] == [cm.Severity.INFO]  # the seven groups' absent functions
    assert "public-relations" not in found[3][2]["functions"]


def test_missing_role_links_without_a_lead_or_a_department() -> None:
    # No social lead: the ties of the blueprint's roles are still checked.
    org = org_from_yaml(ROLE_TIES)
    assert subjects(org, "missing-role-link") == {
        ("rep", "pr2", "public-relations"),
        ("rep2", "pr", "public-relations"),
        ("rep2", "pr2", "public-relations"),
    }
    # No department of the function: one missing-function, saying whose need it is.
    no_pr = org_from_yaml(
        """
        blueprints: [nine-lives]
        roles:
          - {id: owner, title: Owner, raci: {nine-lives/reputation: RA}}
        """
    )
    (gap,) = [f for f in cm.audit(no_pr) if f.kind == "missing-function"]
    assert (gap.ids, plain(gap.data)) == (
        ("public-relations",),
        {"functions": ["public-relations"]},
    )
    assert "the roles that need it have nothing there" in gap.message
    assert subjects(no_pr, "missing-role-link") == set()
    # The social lead living the reputation life itself needs the tie itself.
    solo = org_from_yaml(
        """
        social_lead: owner
        blueprints: [nine-lives]
        departments:
          - {id: pr, name: PR, function: public-relations}
        roles:
          - {id: owner, title: Owner, raci: {nine-lives/reputation: RA}}
        """
    )
    assert subjects(solo, "missing-role-link") == {("owner", "pr", "public-relations")}


def test_filling_roles_count_jobs_through_same_as() -> None:
    org = org_from_yaml(
        """
        blueprints: [nine-lives]
        responsibilities:
          - {id: rep-work, name: Reputation work, same_as: [nine-lives/reputation]}
        roles:
          - {id: rep, title: Reputation, raci: {rep-work: R}}
          - {id: boss, title: Boss, raci: {rep-work: A}}
        """
    )
    reputation = next(t for t in cm.catalog.get("nine-lives").roles if t.id == "reputation")
    executive = next(t for t in cm.catalog.get("nine-lives").roles if t.id == "executive")
    assert analysis.filling_roles(org, reputation) == ["rep"]
    assert analysis.filling_roles(org, executive) == ["boss"]


def test_reactive_content_strategy_is_said_so() -> None:
    org = org_from_yaml(
        """
        blueprints: [program-blocks]
        roles:
          - {id: boss, title: Boss, raci: {program-blocks/content-strategy: A}}
          - {id: comms, title: Comms, raci: {program-blocks/content-strategy: C}}
          - {id: web, title: Web, raci: {program-blocks/online-asset: I}}
        people:
          - {id: pat, name: Pat, holds: [boss]}
        """
    )
    # Content strategy is followed (C) and answered for, not done: reactive. The online
    # asset is only followed too, but the blueprint does not report it as reactive.
    assert analysis.reactive_jobs(org) == ["program-blocks/content-strategy"]
    (content,) = [f for f in cm.audit(org) if f.ids[:1] == ("program-blocks/content-strategy",)]
    assert (content.kind, plain(content.data)) == (
        "no-responsible",
        {
            "responsibility": "program-blocks/content-strategy",
            "accountable_roles": ["boss"],
            "accountable_people": ["pat"],
            "responsible_roles": [],
            "reactive": True,
        },
    )
    assert content.message.endswith(
        "Only consulted or informed roles touch it (Comms): the reactive state the blueprint "
        "warns of; planning it ahead needs a role responsible (R) for it."
    )
    (asset,) = [f for f in cm.audit(org) if f.ids == ("program-blocks/online-asset",)]
    assert asset.kind == "coverage-gap"
    assert "reactive" not in asset.data
    # Nobody answers for it either: a coverage gap, still reactive. A vacant R role is
    # not reactive: the job is someone's, only unfilled.
    followed = attrs.evolve(org, people={})
    (gap,) = [f for f in cm.audit(followed) if f.ids == ("program-blocks/content-strategy",)]
    assert (gap.kind, gap.data["reactive"]) == ("coverage-gap", True)
    staffed = org_from_yaml(
        """
        blueprints: [program-blocks]
        roles:
          - {id: writer, title: Writer, raci: {program-blocks/content-strategy: R}}
          - {id: comms, title: Comms, raci: {program-blocks/content-strategy: C}}
        """
    )
    assert analysis.reactive_jobs(staffed) == []


SILOS = org_from_yaml(
    """
    departments:
      - {id: mkt, name: Marketing}
      - {id: sub, name: Social team, parent: mkt}
      - {id: ops, name: Operations}
      - {id: field, name: Field, parent: ops}
      - {id: sales, name: Sales}
      - {id: hr, name: HR}
      - {id: legal, name: Legal}
      - {id: alone, name: Alone}
    roles:
      - {id: m1, title: CMO, department: mkt}
      - {id: sb1, title: Social, department: sub}
      - {id: f1, title: Field rep, department: field}
      - {id: s1, title: Seller, department: sales}
      - {id: h1, title: HR lead, department: hr, reports_to: m1, dotted_to: [s1]}
      - {id: contractor, title: Contractor}
    links:
      - {between: [sb1, mkt]}
      - {between: [f1, s1]}
      - {between: [contractor, legal]}
    """
)


def test_silos_exact() -> None:
    # sb1-mkt crosses sub's boundary but stays inside mkt: mkt is still a silo.
    # f1-s1 crosses field, its parent ops, and sales. contractor-legal crosses legal.
    # hr only has reporting lines, which do not count. alone has nothing.
    found = findings(SILOS, "silo")
    assert set(found) == {("mkt",), ("hr",), ("alone",)}
    assert {f.severity for f in found.values()} == {cm.Severity.INFO}
    assert [plain(f.data) for f in found.values()] == [
        {"department": "mkt"},
        {"department": "hr"},
        {"department": "alone"},
    ]
    assert list(analysis.silos(SILOS)) == ["mkt", "hr", "alone"]


def test_link_to_an_outside_department_unsilos_the_parent() -> None:
    org = attrs.evolve(SILOS, links=[*SILOS.links, cm.Link(between=("sb1", "hr"))])
    assert subjects(org, "silo") == {("alone",)}


# ---------------------------------------------------------------------------
# Structure
# ---------------------------------------------------------------------------


def placement_org(
    lead_reports_to: str | None, blueprints: tuple[str, ...] = (), chief: str | None = "ceo"
) -> cm.Organization:
    return cm.Organization.from_parts(
        name="Placement",
        blueprints=blueprints,
        chief_executive=chief,
        roles=[
            cm.Role(id="ceo", title="CEO"),
            cm.Role(id="cmo", title="CMO", reports_to="ceo"),
            cm.Role(id="director", title="Director", reports_to="cmo"),
            cm.Role(id="lead", title="Lead", reports_to=lead_reports_to, dotted_to=["ceo"]),
        ],
        social_lead="lead",
    )


@pytest.mark.parametrize(
    ("manager", "chain"),
    [
        # A lead reporting to nobody: see the test of two tops below.
        ("ceo", None),
        ("cmo", ["lead", "cmo", "ceo"]),
        ("director", ["lead", "director", "cmo", "ceo"]),
    ],
)
def test_placement(manager: str | None, chain: list[str] | None) -> None:
    # Only a blueprint that says where the lead belongs makes placement a problem.
    assert findings(placement_org(manager), "placement") == {}
    org = placement_org(manager, ("officer-duties",))
    found = findings(org, "placement")
    if chain is None:
        assert found == {}
        assert analysis.lead_placement(org) is None
    else:
        key = ("lead", manager, "officer-duties")
        assert set(found) == {key}
        assert plain(found[key].data) == {
            "lead": "lead",
            "chain": chain,
            "chief_executive": "ceo",
            "rules": [{"blueprint": "officer-duties", "rule": "reports-to-ceo"}],
        }
        assert found[key].severity == cm.Severity.WARNING
        assert analysis.lead_placement(org) == chain
    # The broken rule is that placement: it is not reported twice.
    assert [f.data["rule"] for f in cm.audit(org) if f.kind == "rule-violation"] == []


def test_a_lead_reporting_to_nobody_beside_the_ceo_cannot_be_judged_until_one_is_named() -> None:
    # Two roots (the CEO and the lead) and no chief_executive: nobody can tell.
    org = placement_org(None, ("officer-duties",), chief=None)
    assert analysis.top_roles(org) == ["ceo", "lead"]
    assert analysis.chief_executive(org) is None
    (unjudged,) = findings(org, "rule-unjudged").values()
    assert (unjudged.severity, unjudged.ids, plain(unjudged.data)) == (
        cm.Severity.INFO,
        ("officer-duties", "ceo", "lead"),
        {
            "blueprint": "officer-duties",
            "rule": "reports-to-ceo",
            "reason": "no chief_executive is named and 2 roles are at the top of the "
            "reporting lines (ceo, lead)",
        },
    )
    # Named, the lead reporting to nobody misses the chief executive.
    named = attrs.evolve(org, chief_executive="ceo")
    assert findings(named, "rule-unjudged") == {}
    (found,) = findings(named, "placement").values()
    assert (found.ids, found.data["chain"], found.message) == (
        ("lead", "officer-duties"),
        ("lead",),
        "The social lead reports to nobody; the blueprint officer-duties puts it directly "
        "under the chief executive.",
    )
    assert [(e.role, e.manager) for e in found.fix.edits] == [("lead", "ceo")]


def governed(lead_reports_to: str, chief: str | None) -> cm.Organization:
    """A board above the CEO; the CMO and the lead below."""
    return cm.Organization.from_parts(
        name="Governed",
        blueprints=["officer-duties"],
        departments=[cm.Department(id="exec", name="Executive", function="executive")],
        roles=[
            cm.Role(id="board", title="Board", level="board"),
            cm.Role(id="ceo", title="CEO", reports_to="board", level="c-suite", department="exec"),
            cm.Role(id="cmo", title="CMO", reports_to="ceo", level="c-suite"),
            cm.Role(id="lead", title="Lead", reports_to=lead_reports_to, level="director"),
        ],
        social_lead="lead",
        chief_executive=chief,
    )


@pytest.mark.parametrize("chief", ["ceo", None])
def test_a_board_above_the_ceo_does_not_break_reports_to_the_ceo(chief: str | None) -> None:
    # Named or standing in (the only top once the board is set aside), the CEO is
    # the chief executive: reporting to it meets the rule, reporting to the board
    # above it does not.
    org = governed("ceo", chief)
    assert analysis.chief_executive(org) == "ceo"
    assert analysis.lead_placement(org) is None
    assert [f.kind for f in cm.audit(org) if f.kind.startswith(("placement", "rule-"))] == []
    above = governed("board", chief)
    if chief is None:
        # The lead under the board is a second top beside the CEO: nobody can tell.
        assert analysis.top_roles(above) == ["ceo", "lead"]
        assert [f.kind for f in cm.audit(above) if f.kind.startswith(("placement", "rule-"))] == [
            "rule-unjudged"
        ]
        return
    assert analysis.lead_placement(above) == ["lead", "board"]
    (found,) = findings(above, "placement").values()
    assert found.message == (
        "The social lead reports to Board, in a reporting line that does not reach the chief "
        "executive (CEO); the blueprint officer-duties puts it directly under the chief executive."
    )


def test_a_cmo_at_the_root_of_a_file_without_a_ceo_no_longer_satisfies_the_rule() -> None:
    # Before, reporting to any root met "reports to the CEO". A CMO at the root
    # beside another root is not a chief executive: the rule cannot be judged.
    org = cm.Organization.from_parts(
        name="No CEO",
        blueprints=["officer-duties"],
        roles=[
            cm.Role(id="cmo", title="CMO"),
            cm.Role(id="cio", title="CIO"),
            cm.Role(id="lead", title="Lead", reports_to="cmo"),
        ],
        social_lead="lead",
    )
    assert analysis.lead_placement(org) is None
    assert [
        (f.kind, f.ids) for f in cm.audit(org) if f.kind.startswith(("placement", "rule-"))
    ] == [("rule-unjudged", ("officer-duties", "cmo", "cio"))]
    # Once the file says who the chief executive is, the CMO is not it.
    named = attrs.evolve(
        org,
        roles={**org.roles, "cmo": attrs.evolve(org.roles["cmo"], reports_to="cio")},
        chief_executive="cio",
    )
    assert analysis.lead_placement(named) == ["lead", "cmo", "cio"]
    (found,) = findings(named, "placement").values()
    assert found.data["chief_executive"] == "cio"


def one_top(top_department: str | None) -> cm.Organization:
    """A CMO at the only top of a file naming no chief executive; the lead reports to it."""
    return cm.Organization.from_parts(
        name="CMO on top",
        blueprints=["officer-duties"],
        departments=[
            cm.Department(id="exec", name="Executive office", function="executive"),
            cm.Department(id="mkt", name="Marketing", function="marketing", parent="exec"),
            cm.Department(id="brand", name="Brand", function="marketing"),
        ],
        roles=[
            cm.Role(id="cmo", title="CMO", department=top_department, level="c-suite"),
            cm.Role(id="lead", title="Lead", reports_to="cmo", level="director"),
        ],
        social_lead="lead",
    )


def test_a_cmo_alone_at_the_root_of_a_file_without_a_ceo_no_longer_satisfies_the_rule() -> None:
    # Before, the only top role stood in for the chief executive whatever it was:
    # a lead under a CMO at the root met "reports to the CEO". Level c-suite is no
    # evidence (every chief has it); a department of function executive is.
    for department in (None, "brand"):
        org = one_top(department)
        assert analysis.top_roles(org) == ["cmo"]
        assert analysis.chief_executive(org) is None
        assert analysis.lead_placement(org) is None
        found = [f for f in cm.audit(org) if f.kind.startswith(("placement", "rule-"))]
        assert [(f.kind, f.ids, f.data["reason"]) for f in found] == [
            (
                "rule-unjudged",
                ("officer-duties", "cmo"),
                "no chief_executive is named and the only role at the top of the reporting "
                "lines, cmo, sits in no department of function executive",
            )
        ]
        assert found[0].fix.summary == (
            "Name the chief executive: set chief_executive to the id of its role "
            "(CMO if it is the one, or another)."
        )
        assert cm.audit(org).summary["chief_executive"] is None
    # In a department of function executive, or inside one, it stands in.
    for department in ("exec", "mkt"):
        org = one_top(department)
        assert analysis.chief_executive(org) == "cmo"
        assert analysis.lead_placement(org) is None
        assert [f.kind for f in cm.audit(org) if f.kind.startswith(("placement", "rule-"))] == []


def test_every_role_at_board_level_leaves_no_top_role_and_says_so() -> None:
    org = cm.Organization.from_parts(
        name="All board",
        blueprints=["officer-duties"],
        roles=[
            cm.Role(id="chair", title="Chair", level="board"),
            cm.Role(id="lead", title="Lead", reports_to="chair", level="board"),
        ],
        social_lead="lead",
    )
    assert analysis.top_roles(org) == []
    assert analysis.chief_executive(org) is None
    (found,) = findings(org, "rule-unjudged").values()
    assert (found.ids, found.message, found.fix.summary) == (
        ("officer-duties",),
        "Rule 'reports-to-ceo' of blueprint officer-duties cannot be judged: no "
        "chief_executive is named and every role is at level board: none leads the rest.",
        "Name the chief executive: set chief_executive to the id of its role "
        "(add its role if the file has none).",
    )


def upside_down(lead_level: str | None = None) -> cm.Organization:
    """The chief executive reports to the social lead (a founder who runs social, say)."""
    return cm.Organization.from_parts(
        name="Founder-led",
        blueprints=["officer-duties"],
        roles=[
            cm.Role(id="founder", title="Founder", level=lead_level),
            cm.Role(id="ceo", title="CEO", reports_to="founder"),
            cm.Role(id="cmo", title="CMO", reports_to="ceo"),
        ],
        people=[cm.Person(id="fay", name="Fay", holds=["founder"])],
        social_lead="founder",
        chief_executive="ceo",
    )


def test_a_lead_above_the_chief_executive_is_placed_at_the_top() -> None:
    # Before, the lead's chain missed the chief executive, and the fix (report to
    # the CEO) made a reporting cycle: cm.plan raised ModelError.
    org = upside_down()
    assert analysis.lead_placement(org) is None
    assert [f.kind for f in cm.audit(org) if f.kind.startswith(("placement", "rule-"))] == []
    assert cm.audit(org).summary["lead_reports_to_top"] is True
    result = cm.plan(org)
    assert not any(e for s in result.steps for e in s.edits if isinstance(e, cm.edits.SetReportsTo))


def span_org(reports: int, dotted: int = 0) -> cm.Organization:
    return cm.Organization.from_parts(
        name="Span",
        roles=[
            cm.Role(id="boss", title="Boss"),
            cm.Role(id="other", title="Other"),
            *(cm.Role(id=f"r{i}", title="R", reports_to="boss") for i in range(reports)),
            *(
                cm.Role(id=f"d{i}", title="D", reports_to="other", dotted_to=["boss"])
                for i in range(dotted)
            ),
        ],
    )


def test_span_of_control_default_max() -> None:
    assert subjects(span_org(10), "span-of-control") == set()
    found = findings(span_org(11), "span-of-control")
    assert set(found) == {("boss",)}
    assert plain(found[("boss",)].data) == {"role": "boss", "reports": 11, "max_span": 10}


def test_span_of_control_counts_solid_lines_only() -> None:
    org = span_org(3, dotted=3)
    assert analysis.span_of_control(org)["boss"] == 3
    assert analysis.span_of_control(org)["other"] == 3
    assert subjects(org, "span-of-control", max_span=2) == {("boss",), ("other",)}
    assert subjects(org, "span-of-control", max_span=3) == set()


def test_vacancy_severity() -> None:
    org = org_from_yaml(
        """
        responsibilities:
          - {id: crit, name: Critical, critical: true}
          - {id: minor, name: Minor}
        roles:
          - {id: v-r, title: Vacant R, raci: {crit: R}}
          - {id: v-a, title: Vacant A, raci: {crit: A}}
          - {id: v-c, title: Vacant C, raci: {crit: C, minor: R}}
          - {id: v-none, title: Vacant}
          - {id: held, title: Held, raci: {crit: R}}
        people: [{id: ana, name: Ana, holds: [held]}]
        """
    )
    found = findings(org, "vacancy")
    assert {s: f.severity for s, f in found.items()} == {
        ("v-r",): cm.Severity.WARNING,
        ("v-a",): cm.Severity.WARNING,
        ("v-c",): cm.Severity.INFO,
        ("v-none",): cm.Severity.INFO,
    }
    assert plain(found[("v-r",)].data) == {"role": "v-r", "critical_responsibilities": ["crit"]}
    assert plain(found[("v-c",)].data) == {"role": "v-c", "critical_responsibilities": []}


# ---------------------------------------------------------------------------
# Workload
# ---------------------------------------------------------------------------

WORKLOAD = org_from_yaml(
    """
    responsibilities:
      - {id: big, name: Big, effort: 1.5}
      - {id: shared, name: Shared, effort: 1.6}
      - {id: small, name: Small, effort: 0.5}
      - {id: exact, name: Exact, effort: 0.5}
      - {id: free, name: Free}
    roles:
      - {id: r-big, title: Big, raci: {big: R}}
      - {id: r-shared, title: Shared, raci: {shared: R}}
      - {id: r-small, title: Small, raci: {small: R, free: R}}
      - {id: r-exact, title: Exact, raci: {exact: R}}
      - {id: a-big, title: Accountable for big, raci: {big: A}}
      - {id: e1, title: E1}
      - {id: e2, title: E2}
      - {id: e3, title: E3}
      - {id: e4, title: E4}
    people:
      - {id: ana, name: Ana, holds: [r-big]}
      - {id: bo, name: Bo, holds: [r-shared]}
      - {id: cy, name: Cy, holds: [r-shared, a-big]}
      - {id: dee, name: Dee, holds: [r-small], capacity: 0.4}
      - {id: fay, name: Fay, holds: [r-exact], capacity: 0.5}
      - {id: eve, name: Eve, holds: [e1, e2, e3, e4]}
      - {id: gus, name: Gus, holds: [e1, e2, e3]}
    """
)


def test_person_load() -> None:
    # Effort is shared evenly among holders (R only; A adds nothing).
    assert analysis.person_load(WORKLOAD) == pytest.approx(
        {"ana": 1.5, "bo": 0.8, "cy": 0.8, "dee": 0.5, "fay": 0.5, "eve": 0.0, "gus": 0.0}
    )


def test_overload_exact() -> None:
    # ana: 1.5 > 1.0; dee: 0.5 > 0.4; fay: exactly at capacity; eve: 4 roles > 3.
    found = findings(WORKLOAD, "overload")
    assert set(found) == {("ana",), ("dee",), ("eve",)}
    assert plain(found[("ana",)].data) == {
        "person": "ana",
        "load": 1.5,
        "capacity": 1.0,
        "roles": ["r-big"],
        "max_roles": 3,
    }
    assert subjects(WORKLOAD, "overload", max_roles=4) == {("ana",), ("dee",)}
    assert subjects(WORKLOAD, "overload", max_roles=2) == {("ana",), ("dee",), ("eve",), ("gus",)}


# ---------------------------------------------------------------------------
# No social lead
# ---------------------------------------------------------------------------


def test_no_social_lead_skips_lead_analyses() -> None:
    with_lead = placement_org("cmo", ("officer-duties",))
    # With a lead: placement is reported; no department exists for any required function.
    assert subjects(with_lead, "placement") == {("lead", "cmo", "officer-duties")}
    assert subjects(with_lead, "missing-link") == set()
    assert [plain(f.data) for f in cm.audit(with_lead) if f.kind == "missing-function"] == [
        {
            "functions": [
                "marketing",
                "customer-support",
                "customer-programs",
                "product",
                "it",
                "executive",
                "operations",
                "sales",  # the tie functions of officer-duties join the required ones
                "human-resources",
            ]
        }
    ]
    assert subjects(with_lead, "no-social-lead") == set()

    without_lead = attrs.evolve(placement_org("cmo"), social_lead=None)
    report = cm.audit(without_lead)
    assert {(f.kind, f.ids) for f in report} == {
        ("no-social-lead", ()),
        ("vacancy", ("ceo",)),
        ("vacancy", ("cmo",)),
        ("vacancy", ("director",)),
        ("vacancy", ("lead",)),
    }
    (skip,) = [f for f in report if f.kind == "no-social-lead"]
    assert skip.severity == cm.Severity.INFO
    assert plain(skip.data) == {
        "skipped": [
            "missing-link",
            "missing-function",
            "placement",
            "single-point-of-failure/tie",
            "lead-without-accountability",
        ]
    }


def test_no_social_lead_still_reports_other_kinds() -> None:
    # TIES has tie SPOFs with its lead; without one they are not checked, but
    # silos (which do not need the lead) still are: liaison-support crosses
    # support, lead-ops crosses mkt and ops; field, design and legal are silos.
    org = attrs.evolve(TIES, social_lead=None)
    assert spofs(TIES, "tie") != {}
    assert {(f.kind, f.ids) for f in cm.audit(org)} == {
        ("no-social-lead", ()),
        ("silo", ("field",)),
        ("silo", ("design",)),
        ("silo", ("legal",)),
        *(("vacancy", (r,)) for r in TIES.roles),
    }


# ---------------------------------------------------------------------------
# A whole audit: the Acme example
# ---------------------------------------------------------------------------


def test_acme_audit_exact_and_ordered() -> None:
    # Ana answers for the strategy and nobody does it; she alone does community
    # management, which nobody answers for. No blueprint says where the lead
    # belongs, so its place under the CMO is summary, not a finding.
    report = cm.audit(examples.load("acme"))
    assert [(f.severity.value, f.kind, f.ids) for f in report] == [
        ("warning", "no-responsible", ("strategy", "ana")),
        ("warning", "no-accountable", ("community",)),
        ("warning", "single-point-of-failure", ("ana", "community")),
        ("info", "missing-function", ("customer-programs", "product", "it", "operations")),
        ("info", "vacancy", ("cmo",)),
    ]
    assert report.worst() == cm.Severity.WARNING
    assert repr(report) == "<Report 'Acme Outdoor': 3 warning, 2 info>"
    assert report.summary["lead_chain"] == ("social-lead", "cmo", "ceo")
    # The same organization always gives the same report.
    assert cm.audit(examples.load("acme")) == report


def test_report_to_dict() -> None:
    report = cm.audit(examples.load("acme"))
    document = report.to_dict()
    assert list(document) == ["format", "organization", "checks", "summary", "findings", "counts"]
    assert document["format"] == AUDIT_FORMAT == "csmo-audit/3"
    assert document["organization"] == "Acme Outdoor"
    assert document["checks"] == list(KINDS)
    assert document["counts"] == {
        "no-responsible": 1,
        "no-accountable": 1,
        "single-point-of-failure": 1,
        "missing-function": 1,
        "vacancy": 1,
    }
    assert list(document["counts"]) == [k for k in KINDS if k in document["counts"]]
    for entry, finding in zip(document["findings"], report, strict=True):
        assert list(entry) == [
            "kind",
            "severity",
            "subjects",
            "message",
            "data",
            "fingerprint",
            "accepted",
            "new",
            "fix",
        ]
        assert entry["kind"] == finding.kind
        assert entry["severity"] == finding.severity.value
        assert entry["subjects"] == [{"type": s.type.value, "id": s.id} for s in finding.subjects]
        assert entry["message"] == finding.message
        assert entry["data"] == plain(finding.data)
        assert entry["fingerprint"] == finding.fingerprint
    assert document["findings"][0] == {
        "kind": "no-responsible",
        "severity": "warning",
        "subjects": [
            {"type": "responsibility", "id": "strategy"},
            {"type": "person", "id": "ana"},
        ],
        "message": "Ana Ruiz is accountable for Social media strategy but nobody is responsible "
        "for doing it.",
        "data": {
            "responsibility": "strategy",
            "accountable_roles": ["social-lead"],
            "accountable_people": ["ana"],
            "responsible_roles": [],
        },
        "fingerprint": cm.report.fingerprint("no-responsible", ["strategy"]),
        "accepted": None,
        "new": None,
        # Two seats (a job nobody does gets two people): Ana (0.5 spare) comes first, as
        # Bo, with more spare, holds the top of the organization (it gets new work only
        # when nobody else can take it); Ana already answers for it, so her letter
        # becomes RA. Nobody else is left for the second seat, so Bo takes it.
        "fix": {
            "summary": "Give Social media strategy to Ana Ruiz (Social Media Manager) and "
            "Bo Chen (Chief Executive Officer), who have the spare capacity.",
            "edits": [
                {
                    "op": "set-raci",
                    "role": "social-lead",
                    "responsibility": "strategy",
                    "letter": "RA",
                },
                {"op": "set-raci", "role": "ceo", "responsibility": "strategy", "letter": "R"},
            ],
        },
    }
    assert json.loads(json.dumps(document)) == document
    assert json.loads(report.to_json()) == document


def test_findings_sorted_by_severity_then_kind() -> None:
    for org in (COVERAGE, ACCOUNTABILITY, SPLIT, EXTERNAL, PEOPLE, TIES, LINKS, SILOS, WORKLOAD):
        report = cm.audit(org)
        keys = [(-f.severity.rank, KINDS.index(f.kind)) for f in report]
        assert keys == sorted(keys)
        assert cm.audit(org).findings == report.findings
        assert json.loads(report.to_json()) == report.to_dict()


# ---------------------------------------------------------------------------
# what-if: without()
# ---------------------------------------------------------------------------

WHAT_IF = org_from_yaml(
    """
    social_lead: lead
    departments: [{id: support, name: Support}]
    responsibilities: [{id: job, name: Job}]
    roles:
      - {id: ceo, title: CEO}
      - {id: cmo, title: CMO, reports_to: ceo}
      - {id: mgr, title: Manager, reports_to: cmo}
      - {id: lead, title: Lead, reports_to: mgr, dotted_to: [cmo, ceo], raci: {job: R}}
      - {id: peer, title: Peer, reports_to: mgr, dotted_to: [lead]}
    people:
      - {id: ana, name: Ana, holds: [lead]}
      - {id: bo, name: Bo, holds: [cmo, mgr]}
      - {id: cy, name: Cy, holds: [ceo]}
    links:
      - {between: [lead, support]}
      - {between: [cmo, support]}
      - {between: [mgr, ceo]}
    """
)


def test_without_people() -> None:
    org = cm.without(WHAT_IF, people={"ana", "cy"})
    assert list(org.people) == ["bo"]
    assert org.roles == WHAT_IF.roles
    assert org.links == WHAT_IF.links
    assert org.social_lead == "lead"
    assert cm.bus_factor(org) == {"job": 0}
    assert subjects(org, "coverage-gap") == {("job",)}
    assert subjects(org, "vacancy") == {("ceo",), ("lead",), ("peer",)}


def test_without_roles_moves_reports_up() -> None:
    org = cm.without(WHAT_IF, roles={"cmo", "mgr"})
    assert list(org.roles) == ["ceo", "lead", "peer"]
    assert org.roles["lead"].reports_to == "ceo"
    assert org.roles["lead"].dotted_to == ("ceo",)
    assert org.roles["peer"].reports_to == "ceo"
    assert org.roles["peer"].dotted_to == ("lead",)
    assert org.people["bo"].holds == ()
    assert org.people["ana"].holds == ("lead",)
    assert [link.between for link in org.links] == [("lead", "support")]
    assert org.social_lead == "lead"
    assert subjects(org, "placement") == set()


def test_without_the_lead_role_clears_social_lead() -> None:
    org = cm.without(WHAT_IF, roles={"lead"})
    assert org.social_lead is None
    assert org.roles["peer"].dotted_to == ()
    assert org.people["ana"].holds == ()
    assert [link.between for link in org.links] == [("cmo", "support"), ("mgr", "ceo")]
    assert subjects(org, "no-social-lead") == {()}


def test_without_identity_and_unknown_ids() -> None:
    assert cm.without(WHAT_IF) is WHAT_IF
    assert cm.without(WHAT_IF, people=[], roles=[]) is WHAT_IF
    with pytest.raises(KeyError, match="nobody"):
        cm.without(WHAT_IF, people={"nobody"})
    with pytest.raises(KeyError, match="ghost"):
        cm.without(WHAT_IF, roles={"ghost"})
    with pytest.raises(KeyError, match="lead"):
        cm.without(WHAT_IF, people={"lead"})  # a role id is not a person id
    # The original is untouched.
    assert WHAT_IF.roles["lead"].reports_to == "mgr"
    assert set(WHAT_IF.people) == {"ana", "bo", "cy"}


# ---------------------------------------------------------------------------
# Graph views
# ---------------------------------------------------------------------------

GRAPHS = org_from_yaml(
    """
    departments:
      - {id: exec, name: Executive Office}
      - {id: mkt, name: Marketing, parent: exec}
    responsibilities: [{id: job, name: Job}, {id: job2, name: Job 2}]
    roles:
      - {id: ceo, title: CEO, acronym: CEO, department: exec}
      - {id: cmo, title: CMO, department: mkt, reports_to: ceo, raci: {job: A}}
      - {id: lead, title: Lead, department: mkt, reports_to: cmo, dotted_to: [cmo, ceo],
         external: true, raci: {job: R, job2: C}}
    people:
      - {id: ana, name: Ana, holds: [lead, cmo]}
    links:
      - {between: [lead, mkt]}
      - {between: [ceo, mkt]}
    """
)


def test_reporting_graph() -> None:
    G = reporting_graph(GRAPHS)
    assert isinstance(G, nx.DiGraph)
    assert dict(G.nodes(data=True)) == {
        "ceo": {
            "title": "CEO",
            "acronym": "CEO",
            "department": "exec",
            "external": False,
            "level": None,
            "vacant": True,
        },
        "cmo": {
            "title": "CMO",
            "acronym": None,
            "department": "mkt",
            "external": False,
            "level": None,
            "vacant": False,
        },
        "lead": {
            "title": "Lead",
            "acronym": None,
            "department": "mkt",
            "external": True,
            "level": None,
            "vacant": False,
        },
    }
    # The dotted line to cmo duplicates the solid line and is kept as solid.
    assert set(G.edges(data="kind")) == {
        ("cmo", "ceo", "solid"),
        ("lead", "cmo", "solid"),
        ("lead", "ceo", "dotted"),
    }


def test_tie_graph() -> None:
    G = tie_graph(GRAPHS)
    assert isinstance(G, nx.Graph)
    assert not G.is_directed()
    assert dict(G.nodes(data=True)) == {
        "exec": {"type": "department", "name": "Executive Office"},
        "mkt": {"type": "department", "name": "Marketing"},
        "ceo": {"type": "role", "name": "CEO"},
        "cmo": {"type": "role", "name": "CMO"},
        "lead": {"type": "role", "name": "Lead"},
    }
    assert {frozenset((a, b)): k for a, b, k in G.edges(data="kinds")} == {
        frozenset(("mkt", "exec")): "parent",
        frozenset(("ceo", "exec")): "member",
        frozenset(("cmo", "mkt")): "member",
        frozenset(("lead", "mkt")): "link,member",
        frozenset(("ceo", "mkt")): "link",
        frozenset(("cmo", "ceo")): "solid",
        frozenset(("lead", "cmo")): "dotted,solid",
        frozenset(("lead", "ceo")): "dotted",
    }


def test_staffing_graph() -> None:
    G = staffing_graph(GRAPHS)
    assert dict(G.nodes(data=True)) == {
        ("person", "ana"): {"type": "person", "id": "ana"},
        ("role", "ceo"): {"type": "role", "id": "ceo"},
        ("role", "cmo"): {"type": "role", "id": "cmo"},
        ("role", "lead"): {"type": "role", "id": "lead"},
        ("responsibility", "job"): {"type": "responsibility", "id": "job"},
        ("responsibility", "job2"): {"type": "responsibility", "id": "job2"},
    }
    assert {frozenset((a, b)): d for a, b, d in G.edges(data=True)} == {
        frozenset((("person", "ana"), ("role", "lead"))): {"kind": "holds"},
        frozenset((("person", "ana"), ("role", "cmo"))): {"kind": "holds"},
        frozenset((("role", "cmo"), ("responsibility", "job"))): {"kind": "raci", "raci": "A"},
        frozenset((("role", "lead"), ("responsibility", "job"))): {"kind": "raci", "raci": "R"},
        frozenset((("role", "lead"), ("responsibility", "job2"))): {"kind": "raci", "raci": "C"},
    }


def test_staffing_graph_keeps_shared_ids_apart() -> None:
    org = cm.Organization.from_parts(
        name="Same ids",
        responsibilities=[cm.Responsibility(id="x", name="X")],
        roles=[cm.Role(id="x", title="X", raci={"x": "R"})],
        people=[cm.Person(id="x", name="X", holds=["x"])],
    )
    G = staffing_graph(org)
    assert set(G.nodes) == {("person", "x"), ("role", "x"), ("responsibility", "x")}
    assert G.number_of_edges() == 2
