"""Problem codes, and the same problems for an organization built in Python as for its file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import csmo_model as cm
from csmo_model.errors import PROBLEM_CODES

HEAD = "format: csmo-model/2\nname: X\n"


def _from_file(body: str) -> list[tuple[str, str]]:
    with pytest.raises(cm.ModelError) as info:
        cm.loads(HEAD + body, "yaml")
    return [(p.path, p.code) for p in info.value.problems]


def _from_python(build: Callable[[], Any]) -> list[tuple[str, str]]:
    with pytest.raises(cm.ModelError) as info:
        build()
    return [(p.path, p.code) for p in info.value.problems]


# The file format's documented bad inputs (docs/file-format.md), as a file and built in
# Python with Organization.from_parts, which keeps the lists' positions.
CASES: list[tuple[str, Callable[[], Any], list[tuple[str, str]]]] = [
    (
        "roles: [{id: a, title: A, reports_to: b}]",
        lambda: cm.Organization.from_parts(
            name="X", roles=[cm.Role(id="a", title="A", reports_to="b")]
        ),
        [("roles[0].reports_to", "dangling-reference")],
    ),
    (
        "roles: [{id: a, title: A}, {id: a, title: B}]",
        lambda: cm.Organization.from_parts(
            name="X", roles=[cm.Role(id="a", title="A"), cm.Role(id="a", title="B")]
        ),
        [("roles[1].id", "duplicate-id")],
    ),
    (
        "roles: [{id: a, title: A, reports_to: b}, {id: b, title: B, reports_to: a}]",
        lambda: cm.Organization.from_parts(
            name="X",
            roles=[
                cm.Role(id="a", title="A", reports_to="b"),
                cm.Role(id="b", title="B", reports_to="a"),
            ],
        ),
        [("roles[0].reports_to", "reporting-cycle")],
    ),
    (
        "departments: [{id: d, name: D}]\nroles: [{id: a, title: A, reports_to: d}]",
        lambda: cm.Organization.from_parts(
            name="X",
            departments=[cm.Department(id="d", name="D")],
            roles=[cm.Role(id="a", title="A", reports_to="d")],
        ),
        [("roles[0].reports_to", "wrong-kind-reference")],
    ),
    (
        'people: [{id: p, name: "A\\u0007"}]',
        lambda: cm.Organization.from_parts(name="X", people=[cm.Person(id="p", name="A\x07")]),
        [("people[0].name", "bad-character")],
    ),
    (
        "roles: [{id: a, title: A, dotted_to: [a]}]",
        lambda: cm.Organization.from_parts(
            name="X", roles=[cm.Role(id="a", title="A", dotted_to=["a"])]
        ),
        [("roles[0].dotted_to[0]", "self-reference")],
    ),
]


@pytest.mark.parametrize(("body", "build", "expected"), CASES)
def test_the_same_problems_in_python_as_in_a_file(
    body: str, build: Callable[[], Any], expected: list[tuple[str, str]]
) -> None:
    assert _from_file(body) == expected
    assert _from_python(build) == expected


@pytest.mark.parametrize(
    ("body", "build", "entity_path", "code"),
    [
        (
            "departments: [{id: d, name: D, function: marketting}]",
            lambda: cm.Department(id="d", name="D", function="marketting"),
            "departments[0].",
            "unknown-function",
        ),
        (
            "responsibilities: [{id: s, name: S}]\nroles: [{id: a, title: A, raci: {s: RC}}]",
            lambda: cm.Role(id="a", title="A", raci={"s": "RC"}),
            "roles[0].",
            "bad-raci-letter",
        ),
        (
            "roles: [{id: bad id, title: A}]",
            lambda: cm.Role(id="bad id", title="A"),
            "roles[0].",
            "bad-id",
        ),
        (
            "roles: [{id: a, title: A}, {id: b, title: B}]\n"
            "links: [{between: [a, b], kind: friendship}]",
            lambda: cm.Link(between=["a", "b"], kind="friendship"),
            "links[0].",
            "unknown-link-kind",
        ),
    ],
)
def test_an_entity_built_in_python_fails_as_its_file_does(
    body: str, build: Callable[[], Any], entity_path: str, code: str
) -> None:
    # An entity on its own has no place in a file: its path starts at its field.
    [(path, file_code)] = _from_file(body)
    [(field, python_code)] = _from_python(build)
    assert path == entity_path + field
    assert file_code == python_code == code
    with pytest.raises(cm.ModelError) as file_error:
        cm.loads(HEAD + body, "yaml")
    with pytest.raises(cm.ModelError) as python_error:
        build()
    assert file_error.value.problems[0].message == python_error.value.problems[0].message


def test_a_mapping_built_organization_names_entities_by_key() -> None:
    with pytest.raises(cm.ModelError) as info:
        cm.Organization(name="X", roles={"r150": cm.Role(id="r150", title="A", reports_to="cmo")})
    [problem] = info.value.problems
    assert (problem.path, problem.id, problem.code) == (
        "roles['r150'].reports_to",
        "r150",
        "dangling-reference",
    )
    assert str(problem).startswith("roles['r150'].reports_to: no role 'cmo'")
    assert cm.examples.load("acme").problems() == []


def test_every_code_is_known_and_problems_refuse_unknown_ones() -> None:
    assert all(code == code.lower() and " " not in code for code in PROBLEM_CODES)
    with pytest.raises(ValueError, match="unknown problem code 'nope'"):
        cm.Problem("x", "y", code="nope")


def test_codes_reach_the_json_problem_output(tmp_path: Any, capsys: Any) -> None:
    import json

    from csmo_model.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + "roles: [{id: a, title: A, reports_to: b}]\n", encoding="utf-8")
    assert main(["validate", str(path), "--format", "json"]) == 2
    document = json.loads(capsys.readouterr().out)
    assert [p["code"] for p in document["problems"]] == ["dangling-reference"]
