"""The ``csmo audit`` command: exit codes, JSON output, options and blueprints.

Moved here from the analysis, example and catalog tests, which test the library
itself; what the command adds (argument parsing, exit codes, output) is tested here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import csmo_model as cm
from csmo_model import catalog, examples
from csmo_model.cli import main

NAMES = examples.names()
CHOICES = ", ".join(catalog.names())


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``csmo`` with *argv*; return the status, stdout and stderr."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


ONLY_INFO = """\
format: csmo-model/2
name: Calm
departments: [{id: mkt, name: Marketing}]
responsibilities: [{id: job, name: Job}]
roles:
  - {id: boss, title: Boss, department: mkt, raci: {job: A}}
  - {id: doer, title: Doer, department: mkt, reports_to: boss, raci: {job: R}}
people:
  - {id: ana, name: Ana, holds: [boss, doer]}
  - {id: bo, name: Bo, holds: [doer]}
"""


def write(tmp_path: Path, text: str, name: str = "org.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run_json(
    capsys: pytest.CaptureFixture[str], path: str, *options: str
) -> tuple[int, dict[str, Any]]:
    status = main(["audit", path, "--format", "json", *options])
    out = capsys.readouterr().out
    return status, json.loads(out)


def test_cli_audit_json_matches_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, examples.text("acme"))
    status, document = run_json(capsys, path)
    assert status == 1  # warnings; default --fail-on warning
    text = examples.text("acme")
    assert document == cm.audit(cm.load(path)).with_locations(text, "yaml", path).to_dict()
    assert document["format"] == "csmo-audit/3"
    assert run_json(capsys, path, "--no-locations")[1] == cm.audit(cm.load(path)).to_dict()


@pytest.mark.parametrize(
    ("text", "options", "status"),
    [
        ("acme", [], 1),
        ("acme", ["--fail-on", "critical"], 0),
        ("acme", ["--fail-on", "never"], 0),
        (ONLY_INFO, [], 0),
        (ONLY_INFO, ["--fail-on", "warning"], 0),
        (ONLY_INFO, ["--fail-on", "critical"], 0),
        (ONLY_INFO, ["--fail-on", "info"], 1),
        (ONLY_INFO, ["--fail-on", "never"], 0),
    ],
)
def test_cli_exit_codes(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    options: list[str],
    status: int,
) -> None:
    path = write(tmp_path, examples.text("acme") if text == "acme" else text)
    got, document = run_json(capsys, path, *options)
    assert got == status
    assert document["format"] == "csmo-audit/3"


def test_cli_only_info_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, document = run_json(capsys, write(tmp_path, ONLY_INFO))
    assert {(f["kind"], tuple(f["subjects"])) for f in document["findings"]} == {
        ("no-social-lead", ()),
    }
    assert document["counts"] == {"no-social-lead": 1}
    assert document["organization"] == "Calm"


def test_cli_warning_below_critical_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warnings_only = ONLY_INFO.replace("holds: [doer]", "holds: []")  # Bo leaves: SPOF
    path = write(tmp_path, warnings_only)
    status, document = run_json(capsys, path, "--fail-on", "critical")
    assert status == 0
    assert {f["severity"] for f in document["findings"]} == {"warning", "info"}
    assert run_json(capsys, path)[0] == 1


@pytest.mark.parametrize(
    "text",
    [
        "format: csmo-model/2\nname: Bad\nroles: [{id: a, title: A, reports_to: nobody}]\n",
        "format: csmo-model/2\nname: [unclosed\n",
        "just text\n",
    ],
)
def test_cli_invalid_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    path = write(tmp_path, text)
    assert main(["audit", path, "--format", "json"]) == 2
    captured = capsys.readouterr()
    problems = json.loads(captured.out)  # the problems, in the format asked for
    assert problems["format"] == "csmo-problems/1"
    assert problems["source"] == path
    assert len(problems["problems"]) == 1
    assert path in captured.err


def test_cli_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(tmp_path / "missing.yaml"), "--format", "json"]) == 2
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["message"].startswith("cannot read the file")


def test_cli_options_reach_the_audit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, examples.text("acme"))
    _, document = run_json(capsys, path, "--max-span", "0", "--max-roles", "0")
    kinds = {(f["kind"], tuple(s["id"] for s in f["subjects"])) for f in document["findings"]}
    assert {("span-of-control", ("ceo",)), ("span-of-control", ("cmo",))} <= kinds
    assert {("overload", ("ana",)), ("overload", ("bo",))} <= kinds
    _, document = run_json(capsys, path, "--require", "legal")
    assert [f["data"] for f in document["findings"] if f["kind"].startswith("missing-")] == [
        {"functions": ["legal"]}
    ]


# -- the shipped examples -----------------------------------------------------------------------


def test_cli_audit_marketing_owned_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "audit", "--example", "marketing-owned")
    assert status == 1
    assert "Northwind Retail" in out
    assert run(capsys, "audit", "--example", "marketing-owned", "--fail-on", "never")[0] == 0
    assert run(capsys, "audit", "--example", "marketing-owned", "--fail-on", "critical")[0] == 1


def test_cli_audit_csmo_to_ceo_passes(capsys: pytest.CaptureFixture[str]) -> None:
    # On a fixed day: its policy falls due for review on 2028-11-02.
    day = ("--today", "2026-12-01")
    assert run(capsys, "audit", "--example", "csmo-to-ceo", *day)[0] == 0
    assert run(capsys, "audit", "--example", "csmo-to-ceo", *day, "--fail-on", "info")[0] == 1


@pytest.mark.parametrize("name", NAMES)
def test_cli_audit_json_of_every_example_matches_library(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    day = "2026-12-01"  # csmo-to-ceo's policy falls due on 2028-11-02
    status, out, err = run(capsys, "audit", "--example", name, "--format", "json", "--today", day)
    assert err == ""
    document = json.loads(out)
    assert document == cm.audit(examples.load(name), today=day).to_dict()
    assert status == (0 if name in ("csmo-to-ceo", "listening-desk") else 1)  # no warning


# -- --blueprint ----------------------------------------------------------------------------------


def test_cli_audit_blueprint_matches_apply(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, examples.text("acme"))
    status, out, err = run(
        capsys,
        "audit",
        path,
        "--blueprint",
        "csmo-ties",
        "--format",
        "json",
        "--require",
        "marketing",
    )
    assert (status, err) == (1, "")
    document = json.loads(out)
    expected = cm.audit(catalog.apply(cm.load(path), "csmo-ties"), required_functions=["marketing"])
    assert document == expected.with_locations(examples.text("acme"), "yaml", path).to_dict()
    found = [(f["kind"], tuple(s["id"] for s in f["subjects"])) for f in document["findings"]]
    assert [s for k, s in found if k == "coverage-gap"] == [
        ("csmo-ties/social-program",),
        ("csmo-ties/employee-influence",),
        ("csmo-ties/social-crm",),
        ("csmo-ties/ceo-blog",),
    ]
    # --require marketing alone asks for no tie the lead lacks; csmo-ties adds its seven.
    assert [f["data"] for f in document["findings"] if f["kind"] == "missing-function"] == [
        {"functions": ["customer-programs", "product", "it", "operations"]}
    ]
    status, out, _ = run(capsys, "audit", path, "--format", "json", "--require", "marketing")
    assert [f for f in json.loads(out)["findings"] if f["kind"] == "missing-link"] == []


def test_cli_audit_two_blueprints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, examples.text("acme"))
    argv = ["audit", path, "--format", "json", "--blueprint", "csmo-ties"]
    status, out, _ = run(capsys, *argv, "--blueprint", "program-blocks")
    assert status == 1
    conformance = [
        f["subjects"] for f in json.loads(out)["findings"] if f["kind"] == "blueprint-conformance"
    ]
    assert conformance == [
        [{"type": "blueprint", "id": "csmo-ties"}],
        [{"type": "blueprint", "id": "program-blocks"}],
    ]


def test_cli_audit_unknown_blueprint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, examples.text("acme"))
    assert run(capsys, "audit", path, "--blueprint", "csmo-tie") == (
        2,
        "",
        f"no blueprint 'csmo-tie' (did you mean 'csmo-ties'?); choose one of {CHOICES}\n",
    )
