"""Metrics, policies (issue 13, section 4) and the organizing model (section 5)."""

from __future__ import annotations

import datetime

import attrs
import pytest

import csmo_model as cm
from csmo_model import examples
from csmo_model.checks.metrics import due_date

HEAD = "format: csmo-model/2\nname: T\n"


def _kinds(report: cm.Report, *kinds: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.kind, f.severity.value, f.ids) for f in report if f.kind in kinds]


KINDS = ("unmeasured-program", "metric-not-reported-up", "stale-policy", "missing-policy")


def test_metrics_and_policies_round_trip_in_every_syntax() -> None:
    org = examples.load("csmo-to-ceo")
    assert org.policies["social-policy"].reviewed == datetime.date(2026, 11, 2)
    for syntax in ("yaml", "json", "toml"):
        assert cm.loads(cm.dumps(org, syntax), syntax) == org


def test_bad_metrics_and_policies_are_located() -> None:
    text = HEAD + (
        "roles: [{id: ceo, title: CEO}]\n"
        "metrics:\n"
        "  - {id: m, name: M, owner: coe, reported_to: [ceo, ceo], measures: [x]}\n"
        "  - {id: m, name: Again}\n"
        "policies:\n"
        "  - {id: p, name: P, reviewed: 2026-02-30}\n"
        "  - {id: q, name: Q, review_every_months: 0}\n"
        "  - {id: r, name: R, review_every_months: 1.5, kind: socal-media}\n"
    )
    with pytest.raises(cm.ModelError) as caught:
        cm.loads(text, "yaml")
    assert [(p.path, p.code, p.line) for p in caught.value.problems] == [
        ("metrics[0].owner", "dangling-reference", None),
        ("metrics[0].reported_to[1]", "repeated-reference", None),
        ("metrics[0].measures[0]", "dangling-reference", None),
        ("metrics[1].id", "duplicate-id", None),
        ("policies[0].reviewed", "bad-date", None),
        ("policies[1].review_every_months", "bad-number", None),
        ("policies[2].kind", "unknown-policy-kind", None),
        ("policies[2].review_every_months", "bad-number", None),
    ]


def test_code_built_metrics_are_checked_by_key() -> None:
    with pytest.raises(cm.ModelError) as caught:
        cm.Organization.from_parts(
            name="X", metrics=[cm.Metric(id="m", name="M", reported_to=["boss"])]
        )
    assert [str(p) for p in caught.value.problems] == [
        "metrics[0].reported_to[0]: no role 'boss'; add a role with that id or correct the "
        "reference"
    ]
    with pytest.raises(cm.ModelError, match="written YYYY-MM-DD"):
        cm.Policy(id="p", name="P", reviewed="15/01/2026")


def test_without_a_role_clears_owner_and_reported_to() -> None:
    org = examples.load("csmo-to-ceo")
    after = cm.without(org, roles={"csmo", "cmo"})
    assert after.metrics["share-of-voice"] == cm.Metric(
        id="share-of-voice",
        name="Share of voice",
        owner=None,
        reported_to=("ceo",),
        measures=("program-blocks/content-strategy", "program-blocks/earned-outreach"),
    )
    assert after.policies["social-policy"].owner is None
    assert after.problems() == []


@pytest.mark.parametrize(
    ("reviewed", "months", "due"),
    [
        ("2026-01-31", 1, "2026-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2026-11-15", 2, "2027-01-15"),
        ("2026-01-15", 12, "2027-01-15"),
        ("2026-12-31", 14, "2028-02-29"),
    ],
)
def test_due_date(reviewed: str, months: int, due: str) -> None:
    day = datetime.date.fromisoformat
    assert due_date(day(reviewed), months) == day(due)


def test_stale_policy_turns_on_the_day_after_it_is_due() -> None:
    org = examples.load("csmo-to-ceo")
    assert _kinds(cm.audit(org, today="2028-11-02"), *KINDS) == []
    assert _kinds(cm.audit(org, today="2028-11-03"), *KINDS) == [
        ("stale-policy", "warning", ("social-policy", "csmo"))
    ]


def test_metric_not_reported_up_counts_the_owner_and_reported_to() -> None:
    roles = [cm.Role(id="ceo", title="CEO"), cm.Role(id="lead", title="Lead", reports_to="ceo")]
    low = cm.Metric(id="m", name="M", owner="lead")
    org = cm.Organization.from_parts(name="X", roles=roles, metrics=[low])
    assert _kinds(cm.audit(org), *KINDS) == [("metric-not-reported-up", "info", ("m", "ceo"))]
    for high in (
        cm.Metric(id="m", name="M", owner="ceo"),
        cm.Metric(id="m", name="M", owner="lead", reported_to=["ceo"]),
    ):
        org = cm.Organization.from_parts(name="X", roles=roles, metrics=[high])
        assert _kinds(cm.audit(org), *KINDS) == []
    assert _kinds(cm.audit(cm.Organization.from_parts(name="X", roles=roles)), *KINDS) == []


def test_unmeasured_program_counts_a_stand_in_and_a_shared_job() -> None:
    org = catalog_org(["nine-lives", "officer-duties"], metrics=[])
    assert _kinds(cm.audit(org), "unmeasured-program") == [
        ("unmeasured-program", "info", ("nine-lives", "nine-lives/strategy", "nine-lives/revenue")),
        (
            "unmeasured-program",
            "info",
            ("officer-duties", "nine-lives/strategy", "officer-duties/kpis"),
        ),
    ]
    # Strategy is shared (officer-duties/strategy is the same as nine-lives/strategy):
    # one metric on it measures both blueprints.
    measured = catalog_org(
        ["nine-lives", "officer-duties"],
        metrics=[cm.Metric(id="m", name="M", measures=["nine-lives/strategy"])],
    )
    assert _kinds(cm.audit(measured), "unmeasured-program") == []


def test_missing_policy_names_every_blueprint_that_asks() -> None:
    org = catalog_org(["nine-lives", "officer-duties"], metrics=[])
    assert _kinds(cm.audit(org), "missing-policy") == [
        ("missing-policy", "info", ("nine-lives", "officer-duties", "nine-lives/training")),
        ("missing-policy", "info", ("officer-duties", "officer-duties/policies")),
    ]
    policy = cm.Policy(id="t", name="Training", kind="training")
    with_training = catalog_org(["nine-lives", "officer-duties"], metrics=[], policies=(policy,))
    assert _kinds(cm.audit(with_training), "missing-policy") == [
        ("missing-policy", "info", ("officer-duties", "officer-duties/policies"))
    ]


def catalog_org(
    blueprints: list[str], *, metrics: list[cm.Metric], policies: tuple[cm.Policy, ...] = ()
) -> cm.Organization:
    return cm.Organization.from_parts(
        name="X",
        roles=[cm.Role(id="ceo", title="CEO")],
        blueprints=blueprints,
        metrics=metrics,
        policies=policies,
    )


# -- the organizing model -------------------------------------------------------------------

STRUCTURES = {
    "acme": ("centralized", "one-person"),
    "agency-run": ("hub-and-spoke", "center-of-excellence"),
    "csmo-to-ceo": ("hub-and-spoke", "center-of-excellence"),
    "marketing-owned": ("distributed", "team"),
    "listening-desk": ("centralized", "team"),
    "solo-cxo": ("centralized", "one-person"),
}


@pytest.mark.parametrize("name", sorted(STRUCTURES))
def test_structure_of_each_example(name: str) -> None:
    found = cm.structure(examples.load(name))
    assert (found.model and found.model.value, found.stage and found.stage.value) == STRUCTURES[
        name
    ]
    assert cm.audit(examples.load(name)).summary["structure"]["model"] == STRUCTURES[name][0]


def _org(
    depts: list[tuple[str, str | None]],
    roles: list[tuple[str, str, dict[str, str]]],
    people: int = 2,
) -> cm.Organization:
    jobs = sorted({j for _, _, raci in roles for j in raci})
    return cm.Organization.from_parts(
        name="X",
        departments=[cm.Department(id=d, name=d, parent=p) for d, p in depts],
        responsibilities=[cm.Responsibility(id=j, name=j) for j in jobs],
        roles=[cm.Role(id=r, title=r, department=d, raci=raci) for r, d, raci in roles],
        people=[
            cm.Person(id=f"p{i}", name=f"P{i}", holds=[r for r, _, _ in roles][i::people])
            for i in range(people)
        ],
    )


TOP = [("top", None), ("a", "top"), ("b", "top"), ("c", "top"), ("a1", "a")]


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        # R only inside unit a (a1 is a's): centralized.
        ([("x", "a", {"j": "A"}), ("y", "a1", {"j": "R"})], ("centralized", "team", (), ("a",))),
        # R in a and b, each answers for its own: distributed.
        (
            [("x", "a", {"j": "RA"}), ("y", "b", {"k": "RA"})],
            ("distributed", "team", (), ("a", "b")),
        ),
        # a answers for work done in b and c: hub-and-spoke.
        (
            [("x", "a", {"j": "A", "k": "A"}), ("y", "b", {"j": "R"}), ("z", "c", {"k": "R"})],
            ("hub-and-spoke", "center-of-excellence", ("a",), ("b", "c")),
        ),
        # a answers for b's work and b for c's: two hubs.
        (
            [("x", "a", {"j": "A"}), ("y", "b", {"j": "R", "k": "A"}), ("z", "c", {"k": "R"})],
            ("multiple-hub-and-spoke", "center-of-excellence", ("a", "b"), ("b", "c")),
        ),
        # R in every staffed unit (top, a, b, c): holistic. top answers for the others'
        # work, but only the hub-and-spoke models have a center of excellence.
        (
            [
                ("w", "top", {"j": "RA"}),
                ("x", "a", {"j": "R"}),
                ("y", "b", {"j": "R"}),
                ("z", "c", {"j": "R"}),
            ],
            ("holistic", "team", ("top",), ("top", "a", "b", "c")),
        ),
    ],
)
def test_structure_models(
    roles: list[tuple[str, str, dict[str, str]]], expected: tuple[object, ...]
) -> None:
    found = cm.structure(_org(TOP, roles))
    assert (
        found.model and found.model.value,
        found.stage and found.stage.value,
        found.hubs,
        found.responsible_units,
    ) == expected


def test_structure_one_person_and_undecidable() -> None:
    one = _org(TOP, [("x", "a", {"j": "A"}), ("y", "b", {"j": "R"})], people=1)
    assert one.people["p0"].holds == ("x", "y")
    assert cm.structure(one).stage == cm.Stage.ONE_PERSON
    nothing = _org(TOP, [("x", "a", {"j": "C"})])
    assert cm.structure(nothing) == cm.Structure(
        model=None,
        stage=None,
        reason="No role has R or A for any job: the organizing model cannot be told.",
    )
    assert cm.report.structure_line({"structure": cm.structure(nothing).to_dict()}) == (
        "Organizing model: not known. No role has R or A for any job: the organizing model "
        "cannot be told."
    )


def test_a_chief_executive_accountable_for_one_unit_s_work_is_no_center_of_excellence() -> None:
    # Before: "centralized, a center of excellence (hub: exec)". The CEO answers
    # for work only Marketing does: one unit does it, a team, not hub and spokes.
    org = _org(
        [("exec", None), ("mkt", "exec"), ("it", "exec")],
        [("ceo", "exec", {"j": "A", "k": "A"}), ("x", "mkt", {"j": "R"}), ("y", "mkt", {"k": "R"})],
    )
    found = cm.structure(org)
    assert (found.model, found.stage, found.hubs, found.responsible_units) == (
        cm.OrganizingModel.CENTRALIZED,
        cm.Stage.TEAM,
        ("exec",),
        ("mkt",),
    )
    assert (
        cm.report.structure_line(cm.audit(org).summary) == "Organizing model: centralized, a team."
    )


def test_structure_stage_with_vacant_roles() -> None:
    roles = [("x", "a", {"j": "A"}), ("y", "b", {"j": "R"}), ("z", "c", {"j": "R"})]
    # Every R and A role vacant: the model is read from the file, the stage is not known.
    vacant = _org(TOP, roles, people=0)
    found = cm.structure(vacant)
    assert (found.model, found.stage, found.people) == (
        cm.OrganizingModel.HUB_AND_SPOKE,
        None,
        (),
    )
    assert found.reason == (
        "2 units do social work; a answers for work done in the others. "
        "Nobody holds a role with R or A: the stage cannot be told."
    )
    assert cm.report.structure_line(cm.audit(vacant).summary) == (
        "Organizing model: hub-and-spoke, stage not known. 2 units do social work; a answers "
        "for work done in the others. Nobody holds a role with R or A: the stage cannot be told."
    )
    # One person holds two of the three roles, the third is vacant: not every role with R
    # or A is that one person's, so the stage is not one-person.
    one_of_three = attrs.evolve(vacant, people={"p": cm.Person(id="p", name="P", holds=["x", "y"])})
    assert cm.structure(one_of_three).people == ("p",)
    assert cm.structure(one_of_three).stage == cm.Stage.CENTER_OF_EXCELLENCE
    centralized = _org(TOP, [("x", "a", {"j": "A"}), ("y", "a", {"j": "R"})], people=0)
    half = attrs.evolve(centralized, people={"p": cm.Person(id="p", name="P", holds=["x"])})
    assert cm.structure(half).stage == cm.Stage.TEAM
    whole = attrs.evolve(centralized, people={"p": cm.Person(id="p", name="P", holds=["x", "y"])})
    assert cm.structure(whole).stage == cm.Stage.ONE_PERSON


def test_audit_3_and_audit_2_documents_are_read() -> None:
    report = cm.audit(examples.load("csmo-to-ceo"))
    document = report.to_dict()
    assert document["format"] == "csmo-audit/3"
    assert cm.Report.from_dict(document) == report
    old = dict(document, format="csmo-audit/2")
    del old["summary"]["structure"]
    assert cm.Report.from_dict(old).findings == report.findings
    assert "Organizing model: hub-and-spoke, a center of excellence (hub: social)." in (
        report.to_text()
    )


def test_diff_names_metric_and_policy_changes() -> None:
    old = examples.load("csmo-to-ceo")
    policies = dict(old.policies)
    policies["social-policy"] = attrs.evolve(policies["social-policy"], reviewed="2026-11-20")
    new = cm.without(attrs.evolve(old, policies=policies), roles={"cmo"})
    lines = cm.diff(old, new).lines()
    assert [line for line in lines if line.startswith(("changed metric", "changed policy"))] == [
        'changed metric "share-of-voice" reported_to: ["ceo", "cmo"] -> ["ceo"]',
        'changed policy "social-policy" reviewed: "2026-11-02" -> "2026-11-20"',
    ]


def test_w3c_org_round_trip_keeps_metrics_and_policies() -> None:
    pytest.importorskip("rdflib")
    from csmo_model.interop import from_w3c_org, to_w3c_org

    org = cm.Organization.from_parts(
        name="X",
        roles=[cm.Role(id="ceo", title="CEO"), cm.Role(id="lead", title="Lead")],
        responsibilities=[cm.Responsibility(id="s", name="S")],
        metrics=[cm.Metric(id="m", name="M", reported_to=["lead", "ceo"], measures=["s"])],
        policies=[
            cm.Policy(
                id="p",
                name="P",
                kind="crisis",
                owner="lead",
                reviewed="2026-02-01",
                review_every_months=6,
                notes="Kept.",
            )
        ],
    )
    assert from_w3c_org(to_w3c_org(org), on_problem="raise") == org


def test_metric_not_reported_up_needs_a_role_at_the_top() -> None:
    org = cm.Organization.from_parts(name="X", metrics=[cm.Metric(id="m", name="M")])
    assert _kinds(cm.audit(org), *KINDS) == []


def test_findings_on_policies_and_metrics_are_located() -> None:
    text = HEAD + (
        "roles:\n"
        "  - {id: lead, title: Head of Social}\n"
        "policies:\n"
        "  - {id: old, name: Old policy, owner: lead, reviewed: 2025-01-15, "
        "review_every_months: 12}\n"
        "metrics:\n"
        "  - {id: m, name: M}\n"
    )
    report = cm.audit(cm.loads(text, "yaml"), today="2026-12-01").with_locations(
        text, "yaml", "o.yaml"
    )
    where = {f.kind: [(loc.line, loc.column) for loc in f.locations] for f in report}
    assert where["stale-policy"] == [(6, 5), (4, 5)]
    assert where["metric-not-reported-up"] == [(8, 5), (4, 5)]


def test_html_shows_metrics_policies_and_the_structure_escaped() -> None:
    org = cm.Organization.from_parts(
        name="X",
        roles=[cm.Role(id="ceo", title="CEO")],
        metrics=[cm.Metric(id="m", name="<b>Reach</b>", owner="ceo")],
        policies=[cm.Policy(id="p", name="P & Q", reviewed="2026-01-15", review_every_months=12)],
    )
    html = org._repr_html_()
    assert "&lt;b&gt;Reach&lt;/b&gt;" in html
    assert "<b>Reach" not in html
    assert "P &amp; Q" in html
    assert "2026-01-15" in html
    page = cm.report_html(examples.load("csmo-to-ceo"), today=datetime.date(2026, 12, 1))
    assert "hub-and-spoke, a center of excellence (hub: social)." in page
