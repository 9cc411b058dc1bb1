"""The ``csmo`` command's validate and convert subcommands."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import csmo_model as cm
from csmo_model import examples
from csmo_model.cli import main

ACME_SUMMARY = "Acme Outdoor: 3 departments, 2 responsibilities, 3 roles, 2 people, 1 link"
INVALID = """\
format: csmo-model/2
name: Broken
roles:
  - {id: a, title: A, reports_to: b}
  - {id: b, title: B, reports_to: a}
people:
  - {id: p, name: P, holds: [ghost], capacity: 0}
"""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def acme_file(tmp_path: Path, acme_text: str) -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(acme_text, encoding="utf-8")
    return path


# -- validate -----------------------------------------------------------------------------------


def test_validate_a_valid_file(acme_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(acme_file)]) == 0
    out, err = capsys.readouterr()
    assert out == f"{acme_file}: valid; {ACME_SUMMARY}\n"
    assert err == ""


def test_validate_the_builtin_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--example", "acme"]) == 0
    assert capsys.readouterr() == (f"example acme: valid; {ACME_SUMMARY}\n", "")


def test_validate_an_unknown_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--example", "nope"]) == 2
    names = ", ".join(examples.names())
    assert capsys.readouterr() == ("", f"no example 'nope'; choose one of {names}\n")


def test_validate_summary_counts_singular_and_plural(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.json"
    cm.dump(
        cm.Organization.from_parts(
            name="One",
            departments=[cm.Department(id="d", name="D")],
            responsibilities=[cm.Responsibility(id="s", name="S")],
            roles=[cm.Role(id="r", title="R")],
            people=[cm.Person(id="p", name="P")],
            links=[cm.Link(between=("r", "d"))],
        ),
        path,
    )
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out == (
        f"{path}: valid; One: 1 department, 1 responsibility, 1 role, 1 person, 1 link\n"
    )
    empty = tmp_path / "empty.toml"
    empty.write_text('format = "csmo-model/2"\nname = "Nobody"\n', encoding="utf-8")
    assert main(["validate", str(empty)]) == 0
    assert capsys.readouterr().out == (
        f"{empty}: valid; Nobody: 0 departments, 0 responsibilities, 0 roles, 0 people, 0 links\n"
    )


def test_validate_an_invalid_file_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(INVALID, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{path}: invalid: 3 problem(s)",
        f"{path}:4:23: roles[0] (a).reports_to: reporting lines form a cycle: a -> b -> a; "
        "break it",
        f"{path}:7:38: people[0] (p).capacity: capacity must be a positive number of "
        "full-time equivalents, got 0.0",
        f"{path}:7:30: people[0] (p).holds[0]: no role 'ghost'; add a role with that id or "
        "correct the reference",
    ]


def test_validate_an_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "control.yaml"
    path.write_text("format: csmo-model/2\nname: bad\x07bell\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: cannot read: 1 problem(s)",
        f"{path}:2:10: not valid YAML: the character U+0007 is not allowed; remove it",
    ]


def test_validate_refuses_a_file_over_max_bytes(
    acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    size = acme_file.stat().st_size
    assert main(["validate", str(acme_file), "--max-bytes", "100"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{acme_file}: cannot read: 1 problem(s)",
        f"{acme_file}: the file is {size:,} bytes, over the limit of 100; "
        "raise max_bytes (CLI: --max-bytes) if it is really this large",
    ]
    assert main(["validate", str(acme_file), "--max-bytes", str(size)]) == 0


def test_validate_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "missing.yaml"
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: cannot read: 1 problem(s)",
        f"{path}: cannot read the file: No such file or directory",
    ]


@pytest.mark.parametrize(
    "argv", [[], ["validate"], ["validate", "x.yaml", "--example", "acme"], ["frobnicate"]]
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().err.startswith("usage: csmo")


# -- convert ------------------------------------------------------------------------------------


def test_convert_yaml_to_json_to_toml(acme_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = cm.load(acme_file)
    as_json = acme_file.with_suffix(".json")
    as_toml = acme_file.with_suffix(".toml")
    assert main(["convert", str(acme_file), str(as_json)]) == 0
    assert capsys.readouterr() == (f"{acme_file} -> {as_json}: {ACME_SUMMARY}\n", "")
    assert as_json.read_text(encoding="utf-8") == cm.dumps(org, "json")
    assert main(["convert", str(as_json), str(as_toml)]) == 0
    assert capsys.readouterr() == (f"{as_json} -> {as_toml}: {ACME_SUMMARY}\n", "")
    assert as_toml.read_text(encoding="utf-8") == cm.dumps(org, "toml")
    back = acme_file.with_name("back.yml")
    assert main(["convert", str(as_toml), str(back)]) == 0
    assert cm.load(back) == org
    assert back.read_text(encoding="utf-8") == cm.dumps(org, "yaml")


def test_convert_refuses_to_overwrite_its_input(
    acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = acme_file.read_bytes()
    same = acme_file.parent / "." / acme_file.name
    assert main(["convert", str(acme_file), str(same), "--force"]) == 2
    assert capsys.readouterr() == (
        "",
        f"{same}: refusing to overwrite the input file; choose another output\n",
    )
    assert acme_file.read_bytes() == before


def test_convert_refuses_an_existing_output_without_force(
    acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = acme_file.with_suffix(".json")
    out.write_text("{}\n", encoding="utf-8")
    assert main(["convert", str(acme_file), str(out)]) == 2
    assert capsys.readouterr() == ("", f"{out}: already exists; pass --force to overwrite it\n")
    assert out.read_text(encoding="utf-8") == "{}\n"
    assert main(["convert", str(acme_file), str(out), "--force"]) == 0
    assert capsys.readouterr().out == f"{acme_file} -> {out}: {ACME_SUMMARY}\n"
    assert cm.load(out) == cm.load(acme_file)


def test_convert_an_invalid_input_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "broken.yaml"
    src.write_text(INVALID, encoding="utf-8")
    out = tmp_path / "broken.json"
    assert main(["convert", str(src), str(out)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{src}: invalid: 3 problem(s)"
    assert len(err) == 4
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.yaml"]


def test_convert_refuses_an_unknown_output_suffix(
    acme_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = acme_file.with_suffix(".xml")
    assert main(["convert", str(acme_file), str(out)]) == 2
    # The problem is the output's name, so the output is what the message names.
    assert capsys.readouterr().err.splitlines() == [
        f"{out}: cannot tell the format of {str(out)!r} from its suffix '.xml'; "
        "use .yaml, .yml, .json or .toml",
    ]
    assert not out.exists()


def test_convert_reports_an_unwritable_output(
    acme_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing-dir" / "acme.json"
    assert main(["convert", str(acme_file), str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{out}: cannot write the file: No such file or directory"
    ]


# -- python -m csmo_model -------------------------------------------------------------------------


def test_python_m_prints_the_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "csmo_model", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout == f"csmo {cm.__version__}\n"
    assert result.stderr == ""


def test_python_m_validates_the_example() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "csmo_model", "validate", "--example", "acme"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"example acme: valid; {ACME_SUMMARY}\n",
        "",
    )


# -- the shipped examples -----------------------------------------------------------------------


@pytest.mark.parametrize("name", cm.examples.names())
def test_cli_validates_every_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    status, out, err = _run(capsys, "validate", "--example", name)
    assert (status, err) == (0, "")
    assert out.startswith(f"example {name}: valid; {examples.load(name).name}: ")
    path = tmp_path / f"{name}.yaml"
    path.write_text(examples.text(name), encoding="utf-8")
    status, out, err = _run(capsys, "validate", str(path))
    assert (status, err) == (0, "")
    assert out.startswith(f"{path}: valid; ")
