"""Who owns the social program (issue 13, sections 2 and 3): levels, program ownership,
the lead's accountability and the lead-level rules, on hand-built organizations."""

from __future__ import annotations

import textwrap
from typing import Any

import attrs
import pytest

import csmo_model as cm
from csmo_model import analysis
from helpers import plain


def org_from_yaml(body: str) -> cm.Organization:
    return cm.loads("format: csmo-model/2\nname: Test\n" + textwrap.dedent(body))


def violations(org: cm.Organization, **options: Any) -> list[tuple[str, str, list[str]]]:
    return [
        (bp, rule.id, evidence) for bp, rule, evidence in analysis.rule_violations(org, **options)
    ]


# The program of csmo-ties: four jobs. Marketing (the CMO and a marketer) holds every
# R and A letter; the lead sits in its own office under the executive, outside Marketing.
RUN_BY_MARKETING = """
    blueprints: [csmo-ties]
    social_lead: lead
    chief_executive: ceo
    departments:
      - {id: exec, name: Executive, function: executive}
      - {id: social, name: Social office, function: other, parent: exec}
      - {id: mkt, name: Marketing, function: marketing, parent: exec}
    roles:
      - {id: ceo, title: CEO, department: exec, level: c-suite}
      - {id: lead, title: Social lead, department: social, reports_to: ceo, level: director,
         raci: {csmo-ties/social-program: C}}
      - id: cmo
        title: CMO
        department: mkt
        reports_to: ceo
        level: c-suite
        raci: {csmo-ties/social-program: A, csmo-ties/employee-influence: A,
               csmo-ties/social-crm: A, csmo-ties/ceo-blog: A}
      - id: marketer
        title: Marketer
        department: mkt
        reports_to: cmo
        level: staff
        raci: {csmo-ties/social-program: R, csmo-ties/employee-influence: R,
               csmo-ties/social-crm: R, csmo-ties/ceo-blog: R}
    people:
      - {id: ann, name: Ann, holds: [ceo]}
      - {id: lee, name: Lee, holds: [lead]}
      - {id: cam, name: Cam, holds: [cmo]}
      - {id: mo, name: Mo, holds: [marketer]}
    """


def test_ownership_counts_r_and_a_letters_by_function() -> None:
    org = org_from_yaml(RUN_BY_MARKETING)
    owned = cm.ownership(org)
    assert owned.jobs == (
        "csmo-ties/social-program",
        "csmo-ties/employee-influence",
        "csmo-ties/social-crm",
        "csmo-ties/ceo-blog",
    )
    # The lead's C is no letter of ownership; RA would count twice.
    assert (owned.total, dict(owned.letters)) == (8, {cm.Function.MARKETING: 8})
    assert owned.departments == {cm.Function.MARKETING: ("mkt",)}
    assert owned.share("marketing") == 1.0
    assert owned.share(None) == 0.0
    both = attrs.evolve(
        org,
        roles={
            **org.roles,
            "lead": attrs.evolve(org.roles["lead"], raci={"csmo-ties/social-program": "RA"}),
        },
    )
    owned = cm.ownership(both)
    assert dict(owned.letters) == {cm.Function.MARKETING: 8, cm.Function.OTHER: 2}
    assert owned.share(cm.Function.MARKETING) == 0.8


def test_a_program_run_entirely_out_of_marketing_breaks_supported_not_owned() -> None:
    # The lead is outside Marketing, but Marketing holds all of the program's letters.
    org = org_from_yaml(RUN_BY_MARKETING)
    assert violations(org) == [("csmo-ties", "supported-not-owned", ["lead", "mkt"])]
    # With a share of 1.0 (the default) one letter elsewhere keeps the rule.
    shared = attrs.evolve(
        org,
        roles={
            **org.roles,
            "lead": attrs.evolve(org.roles["lead"], raci={"csmo-ties/ceo-blog": "R"}),
        },
    )
    assert violations(shared) == []
    # 8 of 9 letters: over a share of 0.8, under 0.9.
    assert violations(shared, program_share=0.8) == [
        ("csmo-ties", "supported-not-owned", ["lead", "mkt"])
    ]
    assert violations(shared, program_share=0.9) == []
    report = cm.audit(shared, program_share=0.8)
    (found,) = [f for f in report if f.kind == "rule-violation"]
    assert (found.severity, found.ids) == (cm.Severity.WARNING, ("csmo-ties", "lead", "mkt"))
    assert found.fix is not None
    assert found.fix.summary.endswith("(Marketing holds them now).")


def test_a_social_team_inside_marketing_holds_its_letters_for_marketing() -> None:
    # The marketer sits in a Social team (function other) inside Marketing, and
    # holds every R; the CMO holds every A. Before, the team's letters counted
    # for "other" only: Marketing held 0.5 and supported-not-owned stayed silent.
    org = org_from_yaml(
        RUN_BY_MARKETING.replace(
            "- {id: mkt, name: Marketing, function: marketing, parent: exec}",
            "- {id: mkt, name: Marketing, function: marketing, parent: exec}\n"
            "      - {id: team, name: Social team, function: other, parent: mkt}",
        ).replace(
            "department: mkt\n        reports_to: cmo", "department: team\n        reports_to: cmo"
        )
    )
    assert org.roles["marketer"].department == "team"
    owned = cm.ownership(org)
    # The executive office contains every other department: being inside it is no letter.
    assert (owned.total, dict(owned.letters)) == (
        8,
        {cm.Function.MARKETING: 8, cm.Function.OTHER: 4},
    )
    assert owned.departments == {
        cm.Function.MARKETING: ("mkt",),
        cm.Function.OTHER: ("team",),
    }
    assert owned.share("marketing") == 1.0
    assert violations(org) == [("csmo-ties", "supported-not-owned", ["lead", "mkt"])]


def test_program_share_is_checked_once() -> None:
    assert cm.AuditOptions().program_share == analysis.DEFAULT_PROGRAM_SHARE == 1.0
    for bad in (0, 1.5, float("nan"), True):
        with pytest.raises(ValueError, match="program_share must be a number above 0"):
            cm.AuditOptions(program_share=bad)


def test_supported_not_owned_walks_up_the_department_parents() -> None:
    # The lead's own department is "other", but it sits inside Marketing: owned.
    org = org_from_yaml(
        RUN_BY_MARKETING.replace(
            "{id: social, name: Social office, function: other, parent: exec}",
            "{id: social, name: Social office, function: other, parent: mkt}",
        )
    )
    assert violations(org) == [("csmo-ties", "supported-not-owned", ["lead", "mkt"])]


def test_an_external_lead_breaks_supported_not_owned() -> None:
    org = org_from_yaml(
        RUN_BY_MARKETING.replace(
            "{id: social, name: Social office, function: other, parent: exec}",
            "{id: social, name: PR agency, function: agency}",
        )
    )
    assert cm.is_external(org, "lead")
    assert violations(org) == [("csmo-ties", "supported-not-owned", ["lead", "social"])]
    inside = attrs.evolve(
        org,
        roles={**org.roles, "lead": attrs.evolve(org.roles["lead"], external=False)},
    )
    # An agency department is one of the rule's functions, external or not.
    assert violations(inside) == [("csmo-ties", "supported-not-owned", ["lead", "social"])]


def test_lead_without_accountability_exact() -> None:
    org = org_from_yaml(RUN_BY_MARKETING)
    (found,) = [f for f in cm.audit(org) if f.kind == "lead-without-accountability"]
    assert (found.severity, found.ids, found.message) == (
        cm.Severity.WARNING,
        ("lead", "cmo"),
        "The social lead Social lead is accountable for none of the 4 jobs of the social "
        "program (CMO answer for them).",
    )
    assert plain(found.data) == {"lead": "lead", "jobs": 4, "accountable_roles": ["cmo"]}
    # Accountable for one job of the program is enough.
    one = attrs.evolve(
        org,
        roles={
            **org.roles,
            "lead": attrs.evolve(org.roles["lead"], raci={"csmo-ties/ceo-blog": "A"}),
        },
    )
    assert analysis.lead_accountable_jobs(one) == ["csmo-ties/ceo-blog"]
    assert [f for f in cm.audit(one) if f.kind == "lead-without-accountability"] == []


def test_lead_without_accountability_fix_takes_the_jobs_nobody_answers_for() -> None:
    org = cm.Organization.from_parts(
        name="Nobody answers",
        responsibilities=[
            cm.Responsibility(id="content", name="Content"),
            cm.Responsibility(id="ads", name="Ads"),
        ],
        roles=[
            cm.Role(id="lead", title="Lead", raci={"content": "R", "ads": "C"}),
            cm.Role(id="cmo", title="CMO", raci={"ads": "A"}),
        ],
        social_lead="lead",
    )
    # No blueprint: every responsibility of the file is the program's.
    assert analysis.program_jobs(org) == ["content", "ads"]
    (found,) = [f for f in cm.audit(org) if f.kind == "lead-without-accountability"]
    assert found.fix is not None
    assert [(e.role, e.responsibility, e.letter) for e in found.fix.edits] == [
        ("lead", "content", cm.Raci.RA)
    ]
    fixed = cm.apply(org, found.fix.edits)
    assert [f for f in cm.audit(fixed) if f.kind == "lead-without-accountability"] == []
    # Without jobs, or without a lead, there is nothing to say.
    empty = cm.Organization.from_parts(
        name="Empty", roles=[cm.Role(id="lead", title="Lead")], social_lead="lead"
    )
    assert [f for f in cm.audit(empty) if f.kind == "lead-without-accountability"] == []


@pytest.mark.parametrize(
    ("level", "ties", "officer"),
    [
        ("c-suite", [], []),
        ("vp", [], []),
        ("director", [], [("info", "into-the-c-suite")]),
        ("manager", [("warning", "senior-lead")], [("info", "into-the-c-suite")]),
        ("staff", [("warning", "senior-lead")], [("info", "into-the-c-suite")]),
    ],
)
def test_lead_level_rules(
    level: str, ties: list[tuple[str, str]], officer: list[tuple[str, str]]
) -> None:
    # csmo-ties: "a senior role", director or above (a warning); the communications
    # officer: community managers into the C-suite, below VP is information.
    org = cm.Organization.from_parts(
        name="Levels",
        blueprints=["csmo-ties", "communications-officer"],
        roles=[cm.Role(id="lead", title="Lead", level=level)],
        social_lead="lead",
    )
    found = [
        (f.severity.value, f.data["rule"])
        for f in cm.audit(org)
        if f.kind == "rule-violation" and f.data["rule"] in ("senior-lead", "into-the-c-suite")
    ]
    assert found == ties + officer


def test_lead_level_without_a_level_cannot_be_judged() -> None:
    org = cm.Organization.from_parts(
        name="No level",
        blueprints=["csmo-ties"],
        roles=[cm.Role(id="lead", title="Lead")],
        social_lead="lead",
    )
    (found,) = [f for f in cm.audit(org) if f.kind == "rule-unjudged"]
    assert (found.severity, found.ids, plain(found.data)) == (
        cm.Severity.INFO,
        ("csmo-ties", "lead"),
        {
            "blueprint": "csmo-ties",
            "rule": "senior-lead",
            "reason": "the social lead's role 'lead' has no level",
        },
    )
    assert [r for r in cm.audit(org) if r.kind == "rule-violation"] == []


def test_levels_are_ordered_and_unknown_levels_are_located() -> None:
    assert [level.rank for level in cm.Level] == [0, 1, 2, 3, 4, 5]
    assert cm.Level.DIRECTOR.at_least("director")
    assert not cm.Level.STAFF.at_least(cm.Level.MANAGER)
    with pytest.raises(cm.ModelError) as caught:
        cm.Role(id="x", title="X", level="vp-level")
    assert [(p.path, p.code) for p in caught.value.problems] == [("level", "unknown-level")]
    with pytest.raises(cm.ModelError) as caught:
        org_from_yaml(
            """
            chief_executive: boss
            roles:
              - {id: ceo, title: CEO, level: csuite}
            """
        )
    assert [(p.path, p.code, p.message) for p in caught.value.problems] == [
        (
            "chief_executive",
            "dangling-reference",
            "no role 'boss'; add a role with that id or correct the reference",
        ),
        (
            "roles[0].level",
            "unknown-level",
            "unknown level 'csuite' (did you mean 'c-suite'?); use one of board, c-suite, vp, "
            "director, manager, staff",
        ),
    ]


@pytest.mark.parametrize("syntax", ["yaml", "json", "toml"])
def test_chief_executive_and_levels_round_trip(syntax: str) -> None:
    org = cm.examples.load("csmo-to-ceo")
    assert org.chief_executive == "ceo"
    assert org.roles["csmo"].level is cm.Level.C_SUITE
    again = cm.loads(cm.dumps(org, syntax), syntax)  # type: ignore[arg-type]
    assert again == org
    assert again.chief_executive == "ceo"


def test_without_the_chief_executive_names_none() -> None:
    org = cm.examples.load("csmo-to-ceo")
    gone = cm.without(org, roles={"ceo"})
    assert gone.chief_executive is None
    assert cm.without(org, people={"alex"}).chief_executive == "ceo"


def test_html_shows_the_chief_executive_and_levels() -> None:
    html = cm.examples.load("csmo-to-ceo")._repr_html_()
    assert "Chief executive: Chief Executive Officer (<code>ceo</code>)" in html
    assert ">level</th>" in html
    assert ">level</th>" not in cm.examples.load("acme")._repr_html_()


def test_graph_exports_carry_levels_and_effective_external() -> None:
    from csmo_model.interop import graphs

    org = cm.examples.load("csmo-to-ceo")
    node = graphs.export_graph(org, "reporting").nodes["csmo"]
    assert (node["level"], node["external"]) == ("c-suite", False)
    assert "level" not in graphs.export_graph(cm.examples.load("acme"), "reporting").nodes["cmo"]
    agency = cm.Organization.from_parts(
        name="Agency",
        departments=[cm.Department(id="ag", name="Agency", function="agency")],
        roles=[cm.Role(id="creative", title="Creative", department="ag")],
    )
    assert cm.graph.reporting_graph(agency).nodes["creative"]["external"] is True
    assert '<data key="d5">c-suite</data>' in graphs.to_graphml(org, view="reporting")


def test_w3c_org_round_trip_keeps_chief_executive_levels_and_unwritten_external() -> None:
    pytest.importorskip("rdflib")
    from csmo_model.interop import w3c_org

    org = cm.Organization.from_parts(
        name="Agency",
        departments=[cm.Department(id="ag", name="Agency", function="agency")],
        roles=[
            cm.Role(id="ceo", title="CEO", level="c-suite"),
            cm.Role(id="creative", title="Creative", department="ag", reports_to="ceo"),
            cm.Role(id="liaison", title="Liaison", department="ag", external=False),
        ],
        chief_executive="ceo",
    )
    text = w3c_org.to_w3c_org(org)
    assert "csmo:chiefExecutive post:ceo" in text
    assert 'csmo:level "c-suite"' in text
    assert text.count("csmo:external") == 1  # only the role that says so
    again = w3c_org.from_w3c_org(text)
    assert again == org
    assert again.roles["liaison"].external is False
    assert again.roles["creative"].external is None


def test_w3c_org_import_notes_an_unknown_level() -> None:
    pytest.importorskip("rdflib")
    from csmo_model.interop import w3c_org

    org = cm.Organization.from_parts(
        name="X", roles=[cm.Role(id="ceo", title="CEO", level="c-suite")]
    )
    text = w3c_org.to_w3c_org(org).replace('csmo:level "c-suite"', 'csmo:level "chief"')
    with pytest.warns(w3c_org.NotImportedWarning) as caught:
        again = w3c_org.from_w3c_org(text)
    assert again.roles["ceo"].level is None
    assert [str(w.message) for w in caught] == [
        "1 thing not imported\n  post:ceo: csmo:level: unknown level 'chief'; use one of "
        "board, c-suite, vp, director, manager, staff; ignored"
    ]
