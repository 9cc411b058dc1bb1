"""The shipped example organizations: exact audits, read against what each example is for.

Each example has an intent (issue 4 and the comment at the top of its file).
The exact ``(kind, severity, subjects)`` of its audit is pinned here, so that a
change in an analysis that moves an example's findings is noticed; the
intent-level tests below say in domain words what the pinned lists must show.
"""

from __future__ import annotations

from typing import Any

import pytest

import csmo_model as cm
from csmo_model import examples

NAMES = ["acme", "agency-run", "csmo-to-ceo", "marketing-owned", "solo-cxo"]
LIVES = [
    f"nine-lives/{life}"
    for life in (
        "strategy",
        "content",
        "editorial",
        "engagement",
        "technology",
        "design",
        "reputation",
        "training",
        "revenue",
    )
]
SPOF = "single-point-of-failure"


def listing(report: cm.Report) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.kind, f.severity.value, f.subjects) for f in report]


def of_kind(report: cm.Report, kind: str) -> list[cm.Finding]:
    return [f for f in report if f.kind == kind]


# ---------------------------------------------------------------------------
# Exact audits
# ---------------------------------------------------------------------------

EXPECTED: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    # One owner lives all nine lives: every life hangs on Morgan (strategy is
    # critical), Morgan holds ten roles, and a one-room studio has none of the
    # groups the lead should tie into.
    "solo-cxo": [
        ("single-point-of-failure", "critical", ("nine-lives/strategy", "morgan")),
        (
            "single-point-of-failure",
            "critical",
            (
                "morgan",
                "nine-lives/strategy",
                "nine-lives/content",
                "nine-lives/editorial",
                "nine-lives/engagement",
                "nine-lives/technology",
                "nine-lives/design",
                "nine-lives/reputation",
                "nine-lives/training",
                "nine-lives/revenue",
            ),
        ),
        ("single-point-of-failure", "warning", ("nine-lives/content", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/editorial", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/engagement", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/technology", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/design", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/reputation", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/training", "morgan")),
        ("single-point-of-failure", "warning", ("nine-lives/revenue", "morgan")),
        ("overload", "warning", ("morgan",)),
        ("missing-link", "info", ("executive",)),
        ("missing-link", "info", ("executive",)),
        ("missing-link", "info", ("executive",)),
        ("missing-link", "info", ("executive",)),
        ("missing-link", "info", ("executive",)),
        ("missing-link", "info", ("executive",)),
        ("missing-link", "info", ("executive",)),
        ("blueprint-conformance", "info", ("nine-lives",)),
    ],
    # Social under Marketing; online asset split over IT, Product and Mobile;
    # earned outreach and community management nobody's; no tie to Customer
    # Support or Operations (nor to the Executive Office: the lead reports to the CMO).
    "marketing-owned": [
        ("single-point-of-failure", "critical", ("csmo-ties/social-program", "lena")),
        ("single-point-of-failure", "critical", ("lena", "csmo-ties/social-program")),
        ("coverage-gap", "warning", ("csmo-ties/employee-influence",)),
        ("coverage-gap", "warning", ("csmo-ties/social-crm",)),
        ("coverage-gap", "warning", ("program-blocks/earned-outreach",)),
        ("coverage-gap", "warning", ("program-blocks/community-management",)),
        ("split-ownership", "warning", ("program-blocks/online-asset", "it", "product", "mobile")),
        ("single-point-of-failure", "warning", ("csmo-ties/ceo-blog", "maya")),
        ("single-point-of-failure", "warning", ("program-blocks/insight", "ines")),
        ("single-point-of-failure", "warning", ("program-blocks/content-strategy", "sven")),
        ("single-point-of-failure", "warning", ("program-blocks/paid-outreach", "omar")),
        ("single-point-of-failure", "warning", ("omar", "program-blocks/paid-outreach")),
        ("single-point-of-failure", "warning", ("ines", "program-blocks/insight")),
        ("single-point-of-failure", "warning", ("sven", "program-blocks/content-strategy")),
        ("single-point-of-failure", "warning", ("maya", "csmo-ties/ceo-blog")),
        ("missing-link", "warning", ("support", "social-manager")),
        ("missing-link", "warning", ("exec", "social-manager")),
        ("missing-link", "warning", ("ops", "social-manager")),
        ("placement", "warning", ("social-manager", "cmo")),
        ("rule-violation", "warning", ("social-manager", "marketing")),
        ("silo", "info", ("insight",)),
        ("silo", "info", ("mobile",)),
        ("silo", "info", ("support",)),
        ("silo", "info", ("ops",)),
        ("blueprint-conformance", "info", ("csmo-ties",)),
        ("blueprint-conformance", "info", ("program-blocks",)),
    ],
    # The recommended design: nothing at warning or critical. The Executive Office
    # contains every other department, so no link can cross its boundary.
    "csmo-to-ceo": [
        ("blueprint-conformance", "info", ("csmo-ties",)),
        ("blueprint-conformance", "info", ("program-blocks",)),
    ],
    # Content and engagement are run by the agency with nobody inside coordinating
    # them; a marketing assistant and the agency's creator each carry several lives alone.
    "agency-run": [
        ("single-point-of-failure", "critical", ("nine-lives/strategy", "per")),
        (
            "single-point-of-failure",
            "critical",
            ("per", "nine-lives/strategy", "nine-lives/revenue"),
        ),
        (
            "external-without-coordinator",
            "warning",
            ("nine-lives/content", "agency-creative", "agency-account"),
        ),
        (
            "external-without-coordinator",
            "warning",
            ("nine-lives/engagement", "agency-creative", "agency-account"),
        ),
        ("single-point-of-failure", "warning", ("nine-lives/content", "jo")),
        ("single-point-of-failure", "warning", ("nine-lives/editorial", "sara")),
        ("single-point-of-failure", "warning", ("nine-lives/engagement", "jo")),
        ("single-point-of-failure", "warning", ("nine-lives/technology", "sara")),
        ("single-point-of-failure", "warning", ("nine-lives/design", "sara")),
        ("single-point-of-failure", "warning", ("nine-lives/reputation", "sara")),
        ("single-point-of-failure", "warning", ("nine-lives/training", "sara")),
        ("single-point-of-failure", "warning", ("nine-lives/revenue", "per")),
        (
            "single-point-of-failure",
            "warning",
            (
                "sara",
                "nine-lives/editorial",
                "nine-lives/technology",
                "nine-lives/design",
                "nine-lives/reputation",
                "nine-lives/training",
            ),
        ),
        (
            "single-point-of-failure",
            "warning",
            ("jo", "nine-lives/content", "nine-lives/engagement"),
        ),
        ("single-point-of-failure", "warning", ("agency-account", "agency")),
        ("single-point-of-failure", "warning", ("marketing-manager", "agency-account", "agency")),
        ("missing-link", "info", ("marketing-manager",)),
        ("missing-link", "info", ("marketing-manager",)),
        ("missing-link", "info", ("marketing-manager",)),
        ("missing-link", "info", ("marketing-manager",)),
        ("missing-link", "info", ("marketing-manager",)),
        ("blueprint-conformance", "info", ("nine-lives",)),
    ],
    "acme": [
        ("coverage-gap", "critical", ("strategy",)),
        ("no-accountable", "warning", ("community",)),
        ("single-point-of-failure", "warning", ("community", "ana")),
        ("single-point-of-failure", "warning", ("ana", "community")),
        ("placement", "warning", ("social-lead", "cmo")),
        ("missing-link", "info", ("social-lead",)),
        ("missing-link", "info", ("social-lead",)),
        ("missing-link", "info", ("social-lead",)),
        ("missing-link", "info", ("social-lead",)),
        ("vacancy", "info", ("cmo",)),
    ],
}

# The functions named by the info-level missing-link findings (no such department).
ABSENT_FUNCTIONS = {
    "solo-cxo": [
        "marketing",
        "customer-support",
        "customer-programs",
        "product",
        "it",
        "operations",
        "public-relations",
    ],
    "agency-run": ["customer-programs", "product", "it", "operations", "public-relations"],
    "acme": ["customer-programs", "product", "it", "operations"],
    "marketing-owned": [],
    "csmo-to-ceo": [],
}


def test_names() -> None:
    assert examples.names() == NAMES
    assert sorted(EXPECTED) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_audit_exact(name: str) -> None:
    report = cm.audit(examples.load(name))
    assert listing(report) == EXPECTED[name]
    assert [
        f.data["function"] for f in of_kind(report, "missing-link") if f.data["department"] is None
    ] == ABSENT_FUNCTIONS[name]
    assert cm.audit(examples.load(name)) == report


@pytest.mark.parametrize("name", NAMES)
def test_example_file_says_what_it_is_for(name: str) -> None:
    first = examples.text(name).splitlines()[0]
    assert first.startswith("# ")
    assert len(first) > 20


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("syntax", ["yaml", "json", "toml"])
def test_round_trip(name: str, syntax: Any) -> None:
    org = examples.load(name)
    assert cm.loads(cm.dumps(org, syntax), syntax) == org


def test_unknown_example() -> None:
    with pytest.raises(KeyError, match="no example 'nope'; choose one of acme, agency-run"):
        examples.load("nope")


# ---------------------------------------------------------------------------
# Each example against its intent
# ---------------------------------------------------------------------------


def test_solo_cxo_single_points_of_failure_and_overload() -> None:
    org = examples.load("solo-cxo")
    report = cm.audit(org)
    assert [f.subjects for f in of_kind(report, SPOF) if f.data["scope"] == "responsibility"] == [
        (life, "morgan") for life in LIVES
    ]
    (person,) = [f for f in of_kind(report, SPOF) if f.data["scope"] == "person"]
    assert person.data["responsibilities"] == LIVES
    (overload,) = of_kind(report, "overload")
    assert overload.data["roles"] == list(org.people["morgan"].holds)
    assert len(overload.data["roles"]) == 10
    # The colliding acronyms are distinct roles by id.
    assert sorted(r.id for r in org.roles.values() if r.acronym == "CEO") == [
        "editorial",
        "engagement",
    ]
    assert cm.truck_factor(org) == 1


def test_marketing_owned_matches_the_usual_enterprise() -> None:
    org = examples.load("marketing-owned")
    report = cm.audit(org)
    (placement,) = of_kind(report, "placement")
    assert placement.data == {"chain": ["social-manager", "cmo", "ceo"]}
    (split,) = of_kind(report, "split-ownership")
    assert split.data == {
        "departments": ["it", "product", "mobile"],
        "responsible_roles": ["webmaster", "product-web", "app-lead"],
    }
    gaps = [f.subjects[0] for f in of_kind(report, "coverage-gap")]
    assert {"program-blocks/earned-outreach", "program-blocks/community-management"} <= set(gaps)
    assert [f.data for f in of_kind(report, "missing-link")] == [
        {"function": "customer-support", "department": "support"},
        {"function": "executive", "department": "exec"},
        {"function": "operations", "department": "ops"},
    ]
    (rule,) = of_kind(report, "rule-violation")
    assert rule.data == {
        "blueprint": "csmo-ties",
        "rule": "supported-not-owned",
        "evidence": ["social-manager", "marketing"],
    }
    blocks = cm.conformance(org, "program-blocks")
    assert [(j.responsibility, j.status, j.placement) for j in blocks.jobs] == [
        ("program-blocks/insight", "covered", "usual"),
        ("program-blocks/content-strategy", "covered", "usual"),
        ("program-blocks/online-asset", "split", "usual"),
        ("program-blocks/paid-outreach", "covered", "usual"),
        ("program-blocks/earned-outreach", "missing", None),
        ("program-blocks/community-management", "missing", None),
    ]
    assert blocks.score == 0.5
    conformance = {f.subjects: f.data for f in of_kind(report, "blueprint-conformance")}
    assert conformance[("csmo-ties",)]["missing"] == [
        "csmo-ties/employee-influence",
        "csmo-ties/social-crm",
    ]
    assert conformance[("program-blocks",)]["score"] == 0.5


def test_csmo_to_ceo_has_no_warning_or_critical() -> None:
    org = examples.load("csmo-to-ceo")
    report = cm.audit(org)
    assert report.worst() == cm.Severity.INFO
    assert [f for f in report if f.severity != cm.Severity.INFO] == []
    assert org.roles["csmo"].reports_to == "ceo"
    assert org.roles["ceo"].reports_to is None
    for bp in org.blueprints:
        result = cm.conformance(org, bp)
        assert (bp, result.score, result.with_status("covered")) == (
            bp,
            1.0,
            [j.responsibility.id for j in cm.catalog.get(bp).jobs],
        )
    # Every job is done by two people.
    assert cm.bus_factor(org) == dict.fromkeys(org.responsibilities, 2)


def test_agency_run_has_outsourced_work_without_a_coordinator() -> None:
    org = examples.load("agency-run")
    report = cm.audit(org)
    assert [(f.subjects[0], f.data) for f in of_kind(report, "external-without-coordinator")] == [
        ("nine-lives/content", {"external_roles": ["agency-creative", "agency-account"]}),
        ("nine-lives/engagement", {"external_roles": ["agency-creative", "agency-account"]}),
    ]
    inside = [r for r in org.roles.values() if not r.external]
    for job in ("nine-lives/content", "nine-lives/engagement"):
        assert [r.id for r in inside if job in r.raci] == []
    # Listing officer-duties turns the same fact into a broken rule.
    applied = cm.catalog.apply(org, "officer-duties")
    assert [(f.subjects, f.data["rule"]) for f in of_kind(cm.audit(applied), "rule-violation")] == [
        (("nine-lives/content", "nine-lives/engagement"), "internal-coordinator")
    ]
