"""Source positions: problems and findings located by line and column, in every syntax."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import csmo_model as cm
from csmo_model._parse import Syntax, parse_text
from csmo_model.cli import main
from csmo_model.errors import Problem
from csmo_model.positions import DocPath, locate, parse_path, source_map

MESSAGE = "no role 'cmo' (did you mean 'cco'?); add a role with that id or correct the reference"

#: The same document (a dangling reports_to) in four spellings, and where the bad field is.
DANGLING: dict[str, tuple[Syntax, str, tuple[int, int]]] = {
    "block.yaml": (
        "yaml",
        """\
format: csmo-model/2
name: Acme
roles:
  - id: cco
    title: Chief Communications Officer
  - id: social-lead
    title: Social lead
    reports_to: cmo
""",
        (8, 5),
    ),
    "flow.yaml": (
        "yaml",
        """\
format: csmo-model/2
name: Acme
roles: [{id: cco, title: Chief Communications Officer},
  {id: social-lead, title: Social lead, reports_to: cmo}]
""",
        (4, 41),
    ),
    "doc.json": (
        "json",
        """\
{
  "format": "csmo-model/2",
  "name": "Acme",
  "roles": [
    {"id": "cco", "title": "Chief Communications Officer"},
    {"id": "social-lead", "title": "Social lead",
     "reports_to": "cmo"}
  ]
}
""",
        (7, 6),
    ),
    "doc.toml": (
        "toml",
        """\
format = "csmo-model/2"
name = "Acme"

[[roles]]
id = "cco"
title = "Chief Communications Officer"

[[roles]]  # the social lead
id = "social-lead"
title = 'Social lead'
  reports_to = "cmo"
""",
        (11, 3),
    ),
}


@pytest.mark.parametrize("name", DANGLING)
def test_a_dangling_reference_is_located_exactly_in_every_syntax(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    syntax, text, (line, column) = DANGLING[name]
    with pytest.raises(cm.ModelError) as caught:
        cm.loads(text, syntax)
    (problem,) = locate(caught.value.problems, text, syntax)
    assert (problem.line, problem.column, problem.id) == (line, column, "social-lead")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"{path}: invalid: 1 problem(s)",
        f"{path}:{line}:{column}: roles[1] (social-lead).reports_to: {MESSAGE}",
    ]


def _paths(node: Any, path: DocPath = ()) -> Iterator[DocPath]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


@pytest.mark.parametrize("syntax", ["yaml", "json", "toml"])
@pytest.mark.parametrize("name", cm.examples.names())
def test_every_part_of_every_example_is_located_at_its_key(name: str, syntax: Syntax) -> None:
    org = cm.examples.load(name)
    text = cm.dumps(org, syntax)
    where = source_map(text, syntax)
    lines = text.splitlines()
    paths = [p for p in _paths(parse_text(text, syntax)) if p]
    for path in paths:
        place = where.get(path)
        assert place is not None, path
        at = lines[place[0] - 1][place[1] - 1 :]
        if isinstance(path[-1], str):
            # A key: bare, quoted, or a TOML [table] header naming it.
            assert at.startswith((path[-1], f'"{path[-1]}"', "[")), (path, at)
        else:
            assert at[:1] not in ("", " ", ",", "]", "}"), (path, at)
    assert len(where) == len(paths)  # nothing else, once every entry has been looked into
    for role in org.roles:
        place = where.subject("role", role)
        assert place is not None
        assert where.entity_id(parse_path(f"roles[{list(org.roles).index(role)}]")) == role


def test_subjects_of_each_type_map_to_their_entries() -> None:
    text = """\
format: csmo-model/2
name: T
blueprints: [in-house-team]
departments: [{id: d, name: D}]
roles:
  - {id: r, title: R, department: d}
people:
  - {id: p, name: P, holds: [r]}
links:
  - between: [r, d]
accepted:
  - {fingerprint: 0123456789abcdef, reason: on purpose}
"""
    where = source_map(text, "yaml")
    assert where.subject("department", "d") == (4, 15)
    assert where.subject("role", "r") == (6, 5)
    assert where.subject("person", "p") == (8, 5)
    assert where.subject("link", "r--d") == where.subject("link", "d--r") == (10, 5)
    assert where.subject("finding", "0123456789abcdef") == (12, 5)
    assert where.subject("blueprint", "in-house-team") == (3, 14)
    assert where.subject("role", "p") is None  # ids are typed
    assert where.subject("function", "legal") is None


def test_text_the_scanner_cannot_follow_gives_no_positions() -> None:
    assert len(source_map('{"a": [1, 2', "json")) == 0
    assert len(source_map("a: [1, 2", "yaml")) == 0
    (problem,) = locate([Problem("roles[0]", "bad")], '{"roles": ', "json")
    assert problem == Problem("roles[0]", "bad")


def test_parser_places_become_lines_and_columns() -> None:
    (problem,) = locate([Problem("line 3, column 7", "not valid YAML: x")], None, None)
    assert (problem.line, problem.column, str(problem)) == (3, 7, "3:7: not valid YAML: x")


def test_a_problem_without_position_prints_as_before() -> None:
    assert str(Problem("roles[3].reports_to", "no role")) == "roles[3].reports_to: no role"
    assert str(Problem("", "empty")) == "empty"


def test_findings_are_located_in_the_json_audit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "acme.json"
    path.write_text(cm.dumps(cm.examples.load("acme"), "json"), encoding="utf-8")
    assert main(["audit", str(path), "--format", "json", "--isolated"]) == 1
    document = json.loads(capsys.readouterr().out)
    spof = next(f for f in document["findings"] if f["kind"] == "single-point-of-failure")
    assert spof["subjects"][0] == {"type": "person", "id": "ana"}
    lines = path.read_text().splitlines()
    ana = lines.index('      "id": "ana",')  # 0-based: the entry's "{" is on the line before
    assert lines[ana - 1] == "    {"
    assert spof["locations"][0] == {"path": str(path), "line": ana, "column": 5}
    assert cm.Report.from_dict(document).findings[0].locations  # read back


def test_invalid_input_with_format_json_prints_problems_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, text, (line, column) = DANGLING["block.yaml"]
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["audit", str(path), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert json.loads(out) == {
        "format": "csmo-problems/1",
        "source": str(path),
        "problems": [
            {
                "path": "roles[1].reports_to",
                "line": line,
                "column": column,
                "id": "social-lead",
                "code": "dangling-reference",
                "message": MESSAGE,
            }
        ],
    }
    assert err.startswith(f"{path}: invalid: 1 problem(s)\n")


def test_unparsable_input_with_format_json_gives_the_parser_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "org.json"
    path.write_text('{"format": "csmo-model/2",\n "name": }\n', encoding="utf-8")
    assert main(["validate", str(path), "--format", "json"]) == 2
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert (problem["line"], problem["column"]) == (2, 10)
    assert problem["message"].startswith("not valid JSON: ")


@pytest.mark.parametrize("name", DANGLING)
def test_stdin_is_read_in_the_input_format(
    name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    syntax, text, (line, column) = DANGLING[name]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["validate", "-", "--input-format", syntax]) == 2
    assert capsys.readouterr().err.splitlines()[1] == (
        f"<stdin>:{line}:{column}: roles[1] (social-lead).reports_to: {MESSAGE}"
    )
    fixed = text.replace("cmo", "cco")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(fixed.encode())))
    assert main(["validate", "-", "--input-format", syntax]) == 0
    assert capsys.readouterr().out == (
        "<stdin>: valid; Acme: 0 departments, 0 responsibilities, 2 roles, 0 people, 0 links\n"
    )


def test_stdin_over_the_size_limit_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = cm.examples.text("acme")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["validate", "-", "--max-bytes", "100"]) == 2
    assert "over the limit of 100" in capsys.readouterr().err


def test_toml_escapes_multiline_strings_and_dotted_keys() -> None:
    text = """\
format = "csmo-model/2"
name = "T"
notes = \"\"\"
[[roles]]
id = "not a role"
\"\"\"

[[roles]]
id = "a\\u0062"  # ab
title = 'A'
raci.s = "R"

[[roles]]
id = "c"
title = "C"
"""
    where = source_map(text, "toml")
    assert where.subject("role", "ab") == (8, 1)
    assert where.subject("role", "c") == (13, 1)
    assert where.subject("role", "not a role") is None
    assert where.get(("roles", 0, "raci", "s")) == (11, 6)
    assert where.get(("roles", 1, "title")) == (15, 1)
