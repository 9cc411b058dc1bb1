"""SARIF 2.1.0 output, validated against the official schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import csmo_model as cm
from csmo_model import sarif
from csmo_model.checks import default_registry
from csmo_model.cli import main

SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def _valid(document: dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_the_schema_catches_a_broken_document() -> None:
    document = sarif.from_report(cm.audit(cm.examples.load("acme")))
    document["runs"][0]["results"][0]["level"] = "fatal"
    assert not VALIDATOR.is_valid(document)


@pytest.mark.parametrize("name", cm.examples.names())
def test_the_sarif_of_every_example_validates(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path(f"{name}.yaml").write_text(cm.examples.text(name), encoding="utf-8")
    status = main(["audit", f"{name}.yaml", "--format", "sarif", "--fail-on", "never"])
    assert status == 0
    document = json.loads(capsys.readouterr().out)
    _valid(document)
    (run,) = document["runs"]
    report = cm.audit(cm.examples.load(name))
    assert [r["partialFingerprints"][sarif.FINGERPRINT_KEY] for r in run["results"]] == list(
        report.fingerprints()
    )
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == list(default_registry().kinds)
    for result in run["results"]:
        rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
            f"{name}.yaml"
        )


def test_one_result_points_at_its_subject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("org").mkdir()
    Path("org/acme.yaml").write_text(cm.examples.text("acme"), encoding="utf-8")
    assert main(["audit", "org/acme.yaml", "--format", "sarif", "--isolated"]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    spof = next(r for r in run["results"] if r["ruleId"] == "single-point-of-failure")
    # line 22 of acme.yaml: "  - {id: ana, name: Ana Ruiz, holds: [social-lead], capacity: 1.0}"
    assert spof["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "org/acme.yaml"},
        "region": {"startLine": 22, "startColumn": 5},
    }
    assert spof["locations"][0]["logicalLocations"][0] == {"name": "ana", "kind": "person"}
    assert spof["level"] == "warning"
    assert "suppressions" not in spof


def test_accepted_findings_are_suppressed_in_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    org = cm.examples.load("acme")
    spof = next(f for f in cm.audit(org) if f.kind == "single-point-of-failure")
    accepted = cm.Acceptance(fingerprint=spof.fingerprint, reason="Ana's backup starts in May")
    path = tmp_path / "acme.toml"
    path.write_text(cm.dumps(_with(org, accepted), "toml"), encoding="utf-8")
    assert main(["audit", str(path), "--format", "sarif", "--fail-on", "never"]) == 0
    document = json.loads(capsys.readouterr().out)
    _valid(document)
    (result,) = [
        r
        for r in document["runs"][0]["results"]
        if r["partialFingerprints"][sarif.FINGERPRINT_KEY] == spof.fingerprint
    ]
    assert result["suppressions"] == [
        {"kind": "inSource", "justification": "Ana's backup starts in May"}
    ]


def _with(org: cm.Organization, accepted: cm.Acceptance) -> cm.Organization:
    import attrs

    return attrs.evolve(org, accepted=(accepted,))


def test_invalid_input_as_sarif(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "format: csmo-model/2\nname: Bad\nroles:\n  - {id: a, title: A, reports_to: b}\n",
        encoding="utf-8",
    )
    assert main(["audit", str(path), "--format", "sarif"]) == 2
    document = json.loads(capsys.readouterr().out)
    _valid(document)
    (result,) = document["runs"][0]["results"]
    assert result["level"] == "error"
    assert result["ruleId"] == sarif.INVALID_RULE
    assert result["message"]["text"].startswith("roles[0] (a).reports_to: no role 'b'")
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 4,
        "startColumn": 23,
    }


def test_an_example_has_no_physical_location(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--example", "acme", "--format", "sarif", "--fail-on", "never"]) == 0
    document = json.loads(capsys.readouterr().out)
    _valid(document)
    for result in document["runs"][0]["results"]:
        assert all("physicalLocation" not in loc for loc in result.get("locations", ()))
