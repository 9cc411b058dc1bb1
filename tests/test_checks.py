"""The check registry: records, plugins, options, configuration, fingerprints, acceptance."""

from __future__ import annotations

import datetime
import json
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import csmo_model as cm
from csmo_model import io
from csmo_model.checks import BUILTIN, KINDS, Check, CheckError, Registry
from csmo_model.config import ConfigError, discover, find_config, read_config
from csmo_model.testing import organizations

# -- the registry -----------------------------------------------------------


def test_every_kind_is_one_record_in_report_order() -> None:
    assert KINDS == (
        "coverage-gap",
        "no-responsible",
        "no-accountable",
        "multiple-accountable",
        "split-ownership",
        "external-without-coordinator",
        "lead-without-accountability",
        "single-point-of-failure",
        "missing-link",
        "missing-role-link",
        "missing-function",
        "silo",
        "no-social-lead",
        "unowned-channel",
        "unheard-channel",
        "unrouted-topic",
        "route-to-vacancy",
        "misrouted-topic",
        "placement",
        "span-of-control",
        "vacancy",
        "overload",
        "rule-violation",
        "rule-unjudged",
        "blueprint-conformance",
        "unmeasured-program",
        "metric-not-reported-up",
        "stale-policy",
        "missing-policy",
        "stale-acceptance",
        "expired-acceptance",
    )
    assert BUILTIN.families == (
        "coverage",
        "resilience",
        "links",
        "channels",
        "structure",
        "workload",
        "blueprints",
        "metrics",
        "acceptance",
    )
    for check in BUILTIN:
        assert check.builtin
        assert check.url == f"{cm.checks.DOCS_URL}analyses.html#kind-{check.kind}"
        assert check.title
        assert not check.title.endswith(".")


def test_docs_define_every_kind() -> None:
    text = (Path(__file__).parents[1] / "docs" / "analyses.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"(kind-{kind})=" in text, kind


def _marker(kind: str = "acme/lead-has-no-dotted-line", **extra: Any) -> Check:
    def run(org: cm.Organization, options: cm.AuditOptions) -> Any:
        lead = org.social_lead
        if lead is not None and not org.roles[lead].dotted_to:
            yield cm.Finding(
                kind=kind,
                severity="warning",
                subjects=[cm.Subject("role", lead)],
                message="The social lead has no dotted line.",
                data={"role": lead},
            )

    fields: dict[str, Any] = {
        "kind": kind,
        "family": "acme",
        "severity": "warning",
        "title": "The social lead has no dotted line",
        "run": run,
        "identity": ("role",),
        "origin": "acme-checks",
    }
    fields.update(extra)
    return Check(**fields)


def test_checks_in_code_run_sort_count_and_gate_like_builtin_ones() -> None:
    org = cm.examples.load("agency-run")
    report = cm.audit(org, checks=[_marker()])
    mine = [f for f in report if f.kind == "acme/lead-has-no-dotted-line"]
    assert [f.ids for f in mine] == [(org.social_lead,)]
    assert report.counts["acme/lead-has-no-dotted-line"] == 1
    assert list(report.counts)[-1] == "acme/lead-has-no-dotted-line"  # after the built-ins
    assert mine[0].fingerprint == cm.report.fingerprint(mine[0].kind, [org.social_lead])
    assert mine[0] in report.failing("warning")
    assert "acme/lead-has-no-dotted-line" in report.to_markdown()
    assert "acme/lead-has-no-dotted-line" in report.to_text()
    assert json.loads(report.to_json())["counts"]["acme/lead-has-no-dotted-line"] == 1
    only = cm.audit(org, checks=[_marker()], select=["acme"])
    assert [f.kind for f in only] == ["acme/lead-has-no-dotted-line"]


@pytest.mark.parametrize(
    ("check", "message"),
    [
        (_marker(kind="no-slash"), "must contain a '/'"),
        (_marker(kind="silo", origin="csmo-model"), "two checks have the kind 'silo'"),
    ],
)
def test_a_check_that_breaks_the_rules_is_refused_by_name(check: Any, message: str) -> None:
    with pytest.raises(CheckError, match=message):
        cm.audit(cm.examples.load("acme"), checks=[check])


def test_bad_kind_is_refused_at_construction() -> None:
    with pytest.raises(CheckError, match="lowercase letters"):
        Check(kind="Bad Kind", family="x", severity="info", title="t", run=lambda o, p: ())


def test_a_plugin_that_raises_or_lies_is_named() -> None:
    def boom(org: cm.Organization, options: cm.AuditOptions) -> Any:
        raise RuntimeError("kaput")

    broken = _marker(run=boom)
    with pytest.raises(CheckError, match=r"'acme/lead-has-no-dotted-line' from acme-checks failed"):
        cm.audit(cm.examples.load("acme"), checks=[broken])

    def other_kind(org: cm.Organization, options: cm.AuditOptions) -> Any:
        yield cm.Finding(kind="silo", severity="info", subjects=(), message="x")

    with pytest.raises(CheckError, match="Finding records of its own kind"):
        cm.audit(cm.examples.load("acme"), checks=[_marker(run=other_kind)])

    def twins(org: cm.Organization, options: cm.AuditOptions) -> Any:
        for _ in range(2):
            yield cm.Finding(
                kind="acme/lead-has-no-dotted-line",
                severity="info",
                subjects=(),
                message="x",
                data={"role": "same"},
            )

    with pytest.raises(CheckError, match="two findings with the same identity"):
        cm.audit(cm.examples.load("acme"), checks=[_marker(run=twins)])


def test_registry_lookup_suggests() -> None:
    with pytest.raises(KeyError, match="did you mean 'silo'"):
        BUILTIN["silos"]
    assert isinstance(BUILTIN.with_checks(_marker()), Registry)


# -- select, ignore, severity -------------------------------------------------


def test_select_ignore_and_severity_overrides() -> None:
    org = cm.examples.load("marketing-owned")
    everything = cm.audit(org)
    only = cm.audit(org, select=["silo", "coverage"])
    assert {f.kind for f in only} == {
        "silo",
        "coverage-gap",
        "split-ownership",
        "lead-without-accountability",
    }
    assert only.checks == (
        "coverage-gap",
        "no-responsible",
        "no-accountable",
        "multiple-accountable",
        "split-ownership",
        "external-without-coordinator",
        "lead-without-accountability",
        "silo",
    )
    without = cm.audit(org, ignore=["silo"])
    assert [f for f in everything if f.kind != "silo"] == list(without)
    louder = cm.audit(org, severity={"silo": "critical"})
    assert {f.severity for f in louder if f.kind == "silo"} == {cm.Severity.CRITICAL}
    assert louder.findings[0].kind == "single-point-of-failure"  # critical, then by kind
    with pytest.raises(ValueError, match="ignore: no check 'silos' \\(did you mean 'silo'\\?\\)"):
        cm.audit(org, ignore=["silos"])
    with pytest.raises(ValueError, match="severity: no check 'coverage'"):
        cm.audit(org, severity={"coverage": "info"})  # a family is not a kind


def test_options_are_validated_once() -> None:
    with pytest.raises(TypeError, match="did you mean 'max_span'"):
        cm.audit(cm.examples.load("acme"), max_spam=3)
    with pytest.raises(TypeError, match="write required_functions=\\['marketing'\\]"):
        cm.audit(cm.examples.load("acme"), required_functions="marketing")
    with pytest.raises(ValueError, match="did you mean 'marketing'"):
        cm.AuditOptions(required_functions=["marketting"])
    with pytest.raises(ValueError, match="whole number"):
        cm.AuditOptions(max_span=-1)
    with pytest.raises(ValueError, match="did you mean 'warning'"):
        cm.AuditOptions(fail_on="warnings")
    with pytest.raises(ValueError, match="from 0 up to"):
        cm.AuditOptions(truck_factor_threshold=1.0)


def test_blueprints_option_applies_them() -> None:
    org = cm.examples.load("acme")
    report = cm.audit(org, blueprints=["officer-duties"])
    assert "blueprint-conformance" in report.counts
    placement = [f for f in report if f.kind == "placement"]
    assert [f.data["rules"] for f in placement] == [
        ({"blueprint": "officer-duties", "rule": "reports-to-ceo"},)
    ]
    assert not [f for f in report if f.kind == "rule-violation" and "reports-to" in f.message]


# -- configuration files --------------------------------------------------------


def test_config_discovery_walks_up_and_prefers_csmo_toml(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.csmo]\nmax-span = 4\n")
    team = tmp_path / "org" / "team"
    team.mkdir(parents=True)
    org_file = team / "acme.yaml"
    org_file.write_text(cm.examples.text("acme"), encoding="utf-8")
    assert find_config(team) == tmp_path / "pyproject.toml"
    cfg = discover(org_file)
    assert (cfg.options.max_span, cfg.sources["max_span"]) == (4, str(tmp_path / "pyproject.toml"))
    (tmp_path / "org" / "csmo.toml").write_text("max-roles = 1\n")
    cfg = discover(org_file, overrides={"max_roles": 2})
    assert cfg.path == tmp_path / "org" / "csmo.toml"
    assert (cfg.options.max_span, cfg.options.max_roles) == (10, 2)  # the nearest file only
    assert cfg.sources["max_roles"] == "command line"
    assert discover(org_file, isolated=True).options == cm.AuditOptions()


def test_pyproject_without_tool_csmo_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "csmo.toml").write_text("max-span = 5\n")
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    assert find_config(inner) == tmp_path / "csmo.toml"


def test_config_errors_name_the_file_and_key(tmp_path: Path) -> None:
    path = tmp_path / "csmo.toml"
    path.write_text(
        'max-spam = 3\nmax-roles = -1\nfail-on = "loud"\nrequired-functions = "it"\n'
        'severity = {silo = "bad"}\n'
    )
    with pytest.raises(ConfigError) as caught:
        read_config(path)
    assert caught.value.problems == [
        f"{path}: unknown key 'max-spam' (did you mean 'max-span'?); known keys are "
        "max-span, max-roles, truck-factor-threshold, program-share, required-functions, "
        "blueprints, select, ignore, severity, fail-on, today, backend, backend-kwargs",
        f"{path}: max-roles: max_roles must be a whole number, 0 or more; got -1",
        f"{path}: fail-on: unknown fail_on 'loud'; use one of info, warning, critical, never",
        f"{path}: required-functions: required_functions takes a collection, not the string "
        "'it'; write required_functions=['it']",
        f"{path}: severity: severity of 'silo': unknown severity 'bad'; use one of info, "
        "warning, critical",
    ]
    path.write_text("max-span = [\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        read_config(path)


def test_show_config_is_valid_toml_that_reads_back(tmp_path: Path) -> None:
    import tomllib

    cfg = discover(
        None,
        overrides={"ignore": ["silo"], "severity": {"vacancy": "warning"}, "fail_on": "never"},
        isolated=True,
    )
    text = cfg.show()
    assert "# today is not set  # default" in text
    path = tmp_path / "csmo.toml"
    path.write_text(text + "\n", encoding="utf-8")
    assert tomllib.loads(text)["severity"] == {"vacancy": "warning"}
    assert discover(None, config=path).options == cfg.options


# -- fingerprints -----------------------------------------------------------------


def _renamed(org: cm.Organization) -> cm.Organization:
    doc = io.to_dict(org)
    doc["name"] = "Renamed"
    for section, label in (
        ("departments", "name"),
        ("responsibilities", "name"),
        ("roles", "title"),
        ("people", "name"),
    ):
        for i, item in enumerate(doc.get(section, [])):
            item[label] = f"Same {label}" if i % 2 else f"Other {label} {i}"
    for item in doc.get("roles", []):
        item.pop("acronym", None)
    return io.from_dict(doc)


def _reordered(org: cm.Organization) -> cm.Organization:
    doc = io.to_dict(org)
    for section in ("departments", "responsibilities", "roles", "people", "links"):
        if section in doc:
            doc[section].reverse()
    for role in doc.get("roles", []):
        if "raci" in role:
            role["raci"] = dict(reversed(list(role["raci"].items())))
        if "dotted_to" in role:
            role["dotted_to"].reverse()
    for person in doc.get("people", []):
        if "holds" in person:
            person["holds"].reverse()
    for link in doc.get("links", []):
        link["between"].reverse()
    return io.from_dict(doc)


def _converted(org: cm.Organization) -> cm.Organization:
    for syntax in ("yaml", "toml", "json"):
        org = cm.loads(cm.dumps(org, syntax), syntax)
    return org


def _prints(org: cm.Organization) -> list[str]:
    return sorted(cm.audit(org).fingerprints())


@given(organizations())
def test_fingerprints_survive_renames_reordering_and_conversion(org: cm.Organization) -> None:
    prints = _prints(org)
    assert len(set(prints)) == len(prints)
    assert _prints(_renamed(org)) == prints
    assert _prints(_reordered(org)) == prints
    assert _prints(_converted(org)) == prints


@pytest.mark.parametrize("name", cm.examples.names())
def test_fingerprints_of_examples(name: str) -> None:
    org = cm.examples.load(name)
    prints = _prints(org)
    assert len(set(prints)) == len(prints)
    assert _prints(_renamed(org)) == prints
    assert _prints(_reordered(org)) == prints
    assert _prints(_converted(org)) == prints


def test_fingerprint_ignores_counts_but_not_identity() -> None:
    org = cm.examples.load("marketing-owned")
    wide = {
        f.ids[0]: f.fingerprint for f in cm.audit(org, max_span=1) if f.kind == "span-of-control"
    }
    wider = {
        f.ids[0]: f.fingerprint for f in cm.audit(org, max_span=0) if f.kind == "span-of-control"
    }
    assert wide
    assert all(wider[role] == wide[role] for role in wide)
    assert len(set(wider.values())) == len(wider)


def test_findings_are_typed_frozen_and_json_safe() -> None:
    finding = next(f for f in cm.audit(cm.examples.load("acme")) if f.kind == "no-accountable")
    assert finding.subjects == (cm.Subject("responsibility", "community"),)
    with pytest.raises(AttributeError):
        finding.data["holders"].append("x")  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        finding.data["new"] = 1  # type: ignore[index]
    with pytest.raises(TypeError, match="which JSON cannot hold"):
        cm.Finding(kind="x", severity="info", subjects=(), message="m", data={"a": {1, 2}})
    with pytest.raises(ValueError, match="which JSON cannot hold"):
        cm.Finding(kind="x", severity="info", subjects=(), message="m", data={"a": float("nan")})
    with pytest.raises(TypeError, match="not the string 'abc'"):
        cm.Finding(kind="x", severity="info", subjects="abc", message="m")
    with pytest.raises(TypeError, match="a bare id does not say what it is"):
        cm.Finding(kind="x", severity="info", subjects=["abc"], message="m")
    assert finding.to_dict()["subjects"] == [{"type": "responsibility", "id": "community"}]


def test_report_json_round_trip_and_diff() -> None:
    org = cm.examples.load("marketing-owned")
    report = cm.audit(org)
    again = cm.Report.from_json(report.to_json())
    assert again == report
    assert [f.fingerprint for f in again] == [f.fingerprint for f in report]
    assert json.loads(report.to_json())["format"] == "csmo-audit/3"
    leaves = cm.audit(cm.without(org, people={"lena"}))
    delta = leaves.diff(report)
    assert [f.kind for f in delta.resolved] == ["single-point-of-failure"]
    assert {f.kind for f in delta.new} == {"no-responsible", "vacancy"}
    assert len(delta.unchanged) == len(report) - 1
    with pytest.raises(ValueError, match="not a csmo-audit/3 document"):
        cm.Report.from_dict({"format": "csmo-audit/1", "findings": []})


# -- accepting findings and baselines ----------------------------------------------


def _accepting(org: cm.Organization, *entries: cm.Acceptance) -> cm.Organization:
    return attrs.evolve(org, accepted=entries)


def test_accepted_findings_are_marked_and_do_not_fail() -> None:
    org = cm.examples.load("acme")
    spof = next(f for f in cm.audit(org) if f.kind == "single-point-of-failure")
    accepted = _accepting(
        org, cm.Acceptance(fingerprint=spof.fingerprint, reason="Ana covers on purpose")
    )
    report = cm.audit(accepted)
    marked = next(f for f in report if f.fingerprint == spof.fingerprint)
    assert marked.accepted is not None
    assert marked.accepted.reason == "Ana covers on purpose"
    assert marked not in report.failing("warning")
    assert "accepted: Ana covers on purpose" in report.to_text()
    assert json.loads(report.to_json())["findings"][2]["accepted"] == {
        "reason": "Ana covers on purpose",
        "until": None,
    }
    assert not [f for f in report if f.kind.endswith("-acceptance")]


def test_stale_and_expired_acceptances() -> None:
    org = cm.examples.load("acme")
    spof = next(f for f in cm.audit(org) if f.kind == "single-point-of-failure")
    org = _accepting(
        org,
        cm.Acceptance(fingerprint=spof.fingerprint, reason="for now", until="2026-06-30"),
        cm.Acceptance(fingerprint="0000000000000000", reason="gone long ago"),
    )
    before = cm.audit(org, today="2026-06-30")
    assert [f.kind for f in before if f.kind.endswith("-acceptance")] == ["stale-acceptance"]
    assert next(f for f in before if f.fingerprint == spof.fingerprint).accepted is not None
    after = cm.audit(org, today=datetime.date(2026, 7, 1))
    expired = [f for f in after if f.kind == "expired-acceptance"]
    assert [(f.severity, f.ids) for f in expired] == [(cm.Severity.WARNING, (spof.fingerprint,))]
    assert next(f for f in after if f.fingerprint == spof.fingerprint).accepted is None
    stale = next(f for f in after if f.kind == "stale-acceptance")
    assert stale.data["index"] == 1


@pytest.mark.parametrize("syntax", ["yaml", "json", "toml"])
def test_accepted_entries_round_trip(syntax: str) -> None:
    org = _accepting(
        cm.examples.load("acme"),
        cm.Acceptance(fingerprint="0123456789abcdef", reason="why", until="2027-01-31"),
        cm.Acceptance(fingerprint="fedcba9876543210", reason="because"),
    )
    assert cm.loads(cm.dumps(org, syntax), syntax) == org  # type: ignore[arg-type]


def test_bad_accepted_entries_are_located() -> None:
    text = cm.examples.text("acme") + textwrap.dedent(
        """\
        accepted:
          - {fingerprint: 0123456789abcdef, reason: "  "}
          - {fingerprint: 0123456789abcdef, reason: twice}
          - {fingerprint: 0123456789abcdef, reason: again}
          - {fingerprint: nope, reason: x}
          - {fingerprint: fedcba9876543210, reason: x, until: 31.01.2027}
        """
    )
    with pytest.raises(cm.ModelError) as caught:
        cm.loads(text, "yaml")
    assert [(p.path, p.message.split(";")[0]) for p in caught.value.problems] == [
        ("accepted[0].reason", "an accepted finding needs a reason: say why it is accepted"),
        ("accepted[2].fingerprint", "0123456789abcdef is already accepted in accepted[1]"),
        (
            "accepted[3].fingerprint",
            "a fingerprint is 16 lowercase hexadecimal digits, as the audit prints it",
        ),
        ("accepted[4].until", "expected a date written YYYY-MM-DD, got str '31.01.2027'"),
    ]


def test_baseline_marks_new_findings() -> None:
    org = cm.examples.load("acme")
    report = cm.audit(org)
    base = report.to_baseline()
    assert base["format"] == "csmo-baseline/1"
    worse = cm.audit(cm.without(org, people={"ana"})).with_baseline(cm.report.read_baseline(base))
    assert {f.kind for f in worse if f.new} == {"coverage-gap"} | {"vacancy"}
    assert {f.kind for f in worse.failing("warning")} == {"coverage-gap", "vacancy"}
    assert "new since the baseline" in worse.to_text()


# -- RA and the less noisy rules -------------------------------------------------------


def _org(**parts: Any) -> cm.Organization:
    return cm.Organization.from_parts(name="Hand-built", **parts)


def test_ra_counts_as_both_letters() -> None:
    org = _org(
        responsibilities=[cm.Responsibility(id="strategy", name="Strategy", critical=True)],
        roles=[cm.Role(id="lead", title="Lead", raci={"strategy": "RA"})],
        people=[cm.Person(id="ana", name="Ana", holds=["lead"])],
    )
    assert cm.holders(org) == {"strategy": ("ana",)}
    assert cm.analysis.accountable_roles(org) == {"strategy": ("lead",)}
    assert [(f.kind, f.ids) for f in cm.audit(org, select=["coverage", "resilience"])] == [
        ("single-point-of-failure", ("ana", "strategy"))
    ]
    assert (
        cm.graph.staffing_graph(org).edges[("role", "lead"), ("responsibility", "strategy")]["raci"]
        == "RA"
    )


@pytest.mark.parametrize(
    ("letters", "hint"),
    [("RC", ""), ("AI", ""), ("R/A", "; write RA"), ("A/R", "; write RA"), ("RCI", "")],
)
def test_combined_letters_explain_the_rule(letters: str, hint: str) -> None:
    text = (
        "format: csmo-model/2\nname: X\nresponsibilities: [{id: s, name: S}]\n"
        f"roles: [{{id: r, title: R, raci: {{s: '{letters}'}}}}]\n"
    )
    with pytest.raises(cm.ModelError) as caught:
        cm.loads(text, "yaml")
    assert [str(p) for p in caught.value.problems] == [
        f"roles[0].raci['s']: {letters!r} is not a RACI value: a role has one letter per "
        "responsibility (R, A, C or I), or RA when it is both responsible and accountable" + hint
    ]


def test_one_spof_finding_per_person() -> None:
    org = _org(
        responsibilities=[
            cm.Responsibility(id="a", name="Job A"),
            cm.Responsibility(id="b", name="Job B", critical=True),
            cm.Responsibility(id="c", name="Job C"),
        ],
        roles=[
            cm.Role(id="r1", title="One", raci={"a": "R", "b": "RA", "c": "R"}),
            cm.Role(id="r2", title="Two", raci={"c": "R", "a": "A"}),
        ],
        people=[
            cm.Person(id="kim", name="Kim", holds=["r1"]),
            cm.Person(id="lee", name="Lee", holds=["r2"]),
        ],
    )
    spofs = [f for f in cm.audit(org) if f.kind == "single-point-of-failure"]
    assert [(f.severity, f.ids, f.message) for f in spofs] == [
        (
            cm.Severity.CRITICAL,
            ("kim", "a", "b"),
            "Only Kim does Job A; Job B: one departure leaves them undone.",
        )
    ]
    assert spofs[0].data["critical_responsibilities"] == ("b",)


def test_no_responsible_is_not_a_coverage_gap() -> None:
    org = _org(
        responsibilities=[
            cm.Responsibility(id="s", name="Strategy"),
            cm.Responsibility(id="x", name="Nothing"),
        ],
        roles=[
            cm.Role(id="boss", title="Boss", raci={"s": "A"}),
            cm.Role(id="doer", title="Doer", raci={"s": "R", "x": "A"}),
        ],
        people=[cm.Person(id="ana", name="Ana Ruiz", holds=["boss"])],
    )
    found = [(f.kind, f.ids, f.message) for f in cm.audit(org, select=["coverage"])]
    assert found == [
        (
            "coverage-gap",
            ("x",),
            "Nobody does Nothing: no role is responsible (R) for it, and nobody answers for it.",
        ),
        (
            "no-responsible",
            ("s", "ana"),
            "Ana Ruiz is accountable for Strategy but nobody is responsible for doing it.",
        ),
    ]


def test_sub_department_roles_are_tied_to_the_parent() -> None:
    org = _org(
        departments=[
            cm.Department(id="mkt", name="Marketing", function="marketing"),
            cm.Department(id="social", name="Social", function="marketing", parent="mkt"),
            cm.Department(id="care", name="Care", function="customer-support"),
            cm.Department(id="care-social", name="Care on social", parent="care"),
        ],
        roles=[
            cm.Role(id="lead", title="Lead", department="social"),
            cm.Role(id="agent", title="Agent", department="care-social"),
        ],
        links=[cm.Link(between=["lead", "agent"])],
        social_lead="lead",
    )
    assert cm.analysis.ties(org, "lead") == {"social", "mkt", "care-social", "care"}
    # Inside a department that holds every other one is no tie to it.
    whole = attrs.evolve(
        org,
        departments={
            "exec": cm.Department(id="exec", name="Executive Office", function="executive"),
            **{k: attrs.evolve(d, parent=d.parent or "exec") for k, d in org.departments.items()},
        },
    )
    assert cm.analysis.ties(whole, "lead") == {"social", "mkt", "care-social", "care"}
    assert [
        f.data["department"]
        for f in cm.audit(org, required_functions=["marketing", "customer-support"])
        if f.kind == "missing-link"
    ] == []


def test_placement_needs_a_blueprint_rule_and_the_summary_says_where_the_lead_sits() -> None:
    org = cm.examples.load("acme")
    report = cm.audit(org)
    assert "placement" not in report.counts
    assert {k: v for k, v in report.summary.items() if k != "structure"} == {
        "social_lead": "social-lead",
        "chief_executive": "ceo",  # no chief_executive named: the only top stands in
        "lead_chain": ("social-lead", "cmo", "ceo"),
        "lead_reports_to_top": False,
        "truck_factor": 1,
        "truck_factor_threshold": 0.5,
    }
    assert report.to_dict()["summary"]["structure"] == cm.structure(org).brief()
    ruled = cm.audit(cm.catalog.apply(org, "officer-duties"))
    assert [f.message for f in ruled if f.kind == "placement"] == [
        "The social lead reports to Chief Marketing Officer, 1 level below the chief executive "
        "(Chief Executive Officer); the blueprint officer-duties puts it directly under the "
        "chief executive."
    ]


def test_missing_functions_are_one_info_finding() -> None:
    org = cm.examples.load("acme")
    found = [f for f in cm.audit(org) if f.kind in ("missing-link", "missing-function")]
    assert [(f.kind, f.severity.value, f.data) for f in found] == [
        (
            "missing-function",
            "info",
            {"functions": ("customer-programs", "product", "it", "operations")},
        )
    ]


def test_ambiguous_titles_name_their_ids() -> None:
    org = _org(
        responsibilities=[cm.Responsibility(id="s", name="Strategy")],
        roles=[
            cm.Role(id="cto-tech", title="Chief Technology Officer", raci={"s": "A"}),
            cm.Role(id="cto-trust", title="Chief Technology Officer", raci={"s": "A"}),
        ],
    )
    [finding] = [f for f in cm.audit(org) if f.kind == "multiple-accountable"]
    assert finding.message == (
        "Strategy has 2 accountable roles (Chief Technology Officer (cto-tech), "
        "Chief Technology Officer (cto-trust)); exactly one should be."
    )


def test_checks_given_in_code_are_not_builtin() -> None:
    def run(org: cm.Organization, options: cm.AuditOptions) -> Any:
        raise RuntimeError("bug")

    check = Check(kind="mine/boom", family="mine", severity="info", title="t", run=run)
    assert (check.origin, check.builtin) == ("code", False)
    with pytest.raises(CheckError, match="check 'mine/boom' from code failed: RuntimeError: bug"):
        cm.audit(cm.examples.load("acme"), checks=[check])
    plain_kind = Check(kind="boom", family="mine", severity="info", title="t", run=run)
    with pytest.raises(CheckError, match="a plugin's kind must contain a '/'"):
        cm.audit(cm.examples.load("acme"), checks=[plain_kind])


def test_lead_rule_is_a_rule_violation_when_placement_does_not_run() -> None:
    org = cm.catalog.apply(cm.examples.load("acme"), "officer-duties")
    rules = [f.data["rule"] for f in cm.audit(org) if f.kind == "rule-violation"]
    assert "reports-to-ceo" not in rules
    for options in (
        {"ignore": ["placement"]},
        {"ignore": ["structure"]},
        {"select": ["blueprints"]},
    ):
        report = cm.audit(org, **options)
        assert "placement" not in report.counts
        assert "reports-to-ceo" in [f.data["rule"] for f in report if f.kind == "rule-violation"]


def test_html_marks_accepted_and_new_findings() -> None:
    org = cm.examples.load("acme")
    spof = next(f for f in cm.audit(org) if f.kind == "single-point-of-failure")
    accepted = _accepting(org, cm.Acceptance(fingerprint=spof.fingerprint, reason="on purpose"))
    report = cm.audit(accepted).with_baseline([spof.fingerprint])
    markup = report._repr_html_()
    assert "[accepted: on purpose]" in markup
    assert markup.count("[new] ") == len(report) - 1


# -- typed evidence ------------------------------------------------------------------


def _data_matches(report: cm.Report) -> None:
    for finding in report:
        data_type = BUILTIN[finding.kind].data_type
        assert data_type is not None, finding.kind
        assert cm.testing.data_problems(finding.data, data_type) == [], finding
        assert cm.testing.data_problems(finding.to_dict()["data"], data_type) == [], finding


def test_every_builtin_check_declares_its_data_type() -> None:
    names = {check.kind: check.data_type.__name__ for check in BUILTIN if check.data_type}
    assert len(names) == len(BUILTIN)
    for kind, name in names.items():
        assert name == "".join(w.capitalize() for w in kind.split("-")) + "Data"
        assert getattr(cm, name) is getattr(cm.report, name) is BUILTIN[kind].data_type


@pytest.mark.parametrize("name", cm.examples.names())
def test_data_of_examples_matches_its_type(name: str) -> None:
    org = cm.examples.load(name)
    _data_matches(cm.audit(org))
    _data_matches(cm.audit(cm.catalog.apply(org, *cm.catalog.names()), max_span=0, max_roles=0))


@given(organizations(blueprints=["officer-duties"]))
def test_data_of_generated_organizations_matches_its_type(org: cm.Organization) -> None:
    _data_matches(cm.audit(org, max_span=1))


def test_data_problems_finds_every_mismatch() -> None:
    problems = cm.testing.data_problems(
        {"scope": "team", "node": 3, "edge": ["a", 1], "extra": True},
        cm.SinglePointOfFailureData,
    )
    assert problems == [
        "key 'extra' is not in SinglePointOfFailureData",
        "scope: expected one of ('person', 'tie'), got 'team'",
        "node: expected str, got 3",
        "edge[1]: expected str, got 1",
    ]
    assert cm.testing.data_problems({}, cm.SiloData) == [
        "key 'department' is missing from SiloData"
    ]
    assert cm.testing.data_problems(
        {"lead": "l", "chain": "l", "chief_executive": "c", "rules": [{"blueprint": "b"}]},
        cm.PlacementData,
    ) == [
        "chain: expected a list, got 'l'",
        "rules[0].key 'rule' is missing from PlacementRuleData",
    ]


def test_steerable_organizations_respect_their_bounds() -> None:
    @given(
        organizations(
            min_roles=3,
            max_roles=4,
            require_lead=True,
            max_dotted=0,
            blueprints=["csmo-ties"],
            external_share=1.0,
        )
    )
    def check(org: cm.Organization) -> None:
        assert 3 <= len(org.roles) <= 4
        assert org.social_lead in org.roles
        assert all(not r.dotted_to and r.external for r in org.roles.values())
        assert "csmo-ties/social-program" in org.responsibilities

    check()

    @given(organizations(require_lead=True))
    def contradictory(org: cm.Organization) -> None:
        raise AssertionError("never drawn")

    with pytest.raises(ValueError, match="require_lead needs min_roles >= 1"):
        contradictory()


def test_the_typed_downstream_tool_reads_every_kind() -> None:
    # tests/typing/downstream_tool.py is type-checked by mypy --strict in .ci/run;
    # here it runs, so its readers are known to match the real data too.
    import importlib.util

    path = Path(__file__).parent / "typing" / "downstream_tool.py"
    spec = importlib.util.spec_from_file_location("downstream_tool", path)
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert set(tool.READERS) == set(KINDS)
    seen = set()
    for name in cm.examples.names():
        org = cm.catalog.apply(cm.examples.load(name), *cm.catalog.names())
        for finding in cm.audit(org, max_span=0, max_roles=0):
            tool.READERS[finding.kind](finding.data)
            seen.add(finding.kind)
    assert tool.gate(cm.audit(cm.examples.load("acme"))) == 3


def test_findings_and_reports_pickle_and_deepcopy() -> None:
    import copy
    import pickle

    org = cm.catalog.apply(cm.examples.load("acme"), "officer-duties")
    empty = cm.audit(cm.Organization.from_parts(name=org.name), max_span=0)
    for report in (cm.audit(org), empty):
        again = pickle.loads(pickle.dumps(report))
        assert again == report
        assert [f.fingerprint for f in again] == [f.fingerprint for f in report]
        assert [f.fix for f in again] == [f.fix for f in report]
        assert copy.deepcopy(report) == report
        assert again.summary == report.summary
    with pytest.raises(TypeError):
        again.findings[0].data["x"] = 1  # type: ignore[index]  # still read-only
