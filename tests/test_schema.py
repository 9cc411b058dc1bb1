"""The JSON Schemas: every document the loader accepts passes; documented bad inputs fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

import csmo_model as cm
from csmo_model import schema, testing
from csmo_model.cli import main

MODEL = jsonschema.Draft7Validator(schema.model_schema())
AUDIT = jsonschema.Draft7Validator(schema.audit_schema())


def test_the_schemas_are_valid_draft_7() -> None:
    jsonschema.Draft7Validator.check_schema(schema.model_schema())
    jsonschema.Draft7Validator.check_schema(schema.audit_schema())


@settings(max_examples=60)
@given(testing.organizations())
def test_every_generated_organization_passes(org: cm.Organization) -> None:
    document = json.loads(cm.dumps(org, "json"))
    assert MODEL.is_valid(document), next(MODEL.iter_errors(document)).message


@pytest.mark.parametrize("name", cm.examples.names())
def test_every_example_and_its_audit_pass(name: str) -> None:
    org = cm.examples.load(name)
    assert MODEL.is_valid(json.loads(cm.dumps(org, "json")))
    text = cm.examples.text(name)
    report = cm.audit(org).with_locations(text, "yaml", f"{name}.yaml")
    assert any(f.locations for f in report)
    assert AUDIT.is_valid(report.to_dict()), next(AUDIT.iter_errors(report.to_dict())).message


def test_the_docs_examples_pass() -> None:
    for path in sorted((Path(__file__).parent.parent / "docs" / "examples").glob("*.yaml")):
        document = json.loads(cm.dumps(cm.load(path), "json"))
        assert MODEL.is_valid(document), path


def test_numbers_written_as_text_pass_as_the_loader_reads_them() -> None:
    text = (
        "format: csmo-model/2\nname: T\nroles: [{id: r, title: R}]\n"
        "people: [{id: p, name: P, holds: [r], capacity: '0.5'}]\n"
    )
    document = cm._parse.parse_text(text, "yaml")
    cm.loads(text)
    assert MODEL.is_valid(document)


BASE = {"format": "csmo-model/2", "name": "T", "responsibilities": [{"id": "s", "name": "S"}]}

BAD: dict[str, dict[str, Any]] = {
    "unknown top-level key": {**BASE, "rolse": []},
    "unknown key of a role": {**BASE, "roles": [{"id": "r", "title": "R", "reprots_to": "x"}]},
    "text where a number goes": {
        **BASE,
        "roles": [{"id": "r", "title": "R"}],
        "people": [{"id": "p", "name": "P", "capacity": "full"}],
    },
    "a number where text goes": {**BASE, "roles": [{"id": "r", "title": 7}]},
    "a list of ids written as text": {**BASE, "people": [{"id": "p", "name": "P", "holds": "r"}]},
    "a bad RACI letter": {**BASE, "roles": [{"id": "r", "title": "R", "raci": {"s": "X"}}]},
    "combined RACI letters": {**BASE, "roles": [{"id": "r", "title": "R", "raci": {"s": "RC"}}]},
    "an unknown function": {**BASE, "departments": [{"id": "d", "name": "D", "function": "hr"}]},
    "a link with three ends": {**BASE, "links": [{"between": ["a", "b", "c"]}]},
    "a missing required field": {**BASE, "roles": [{"id": "r"}]},
    "another format": {**BASE, "format": "csmo-model/3"},
    "channels in a csmo-model/1 file": {**BASE, "format": "csmo-model/1", "channels": []},
    "a capacity of 0": {**BASE, "people": [{"id": "p", "name": "P", "capacity": 0}]},
    "a capacity with a digit group underscore": {
        **BASE,
        "people": [{"id": "p", "name": "P", "capacity": "1_0"}],
    },
    "a capacity with an exponent": {
        **BASE,
        "people": [{"id": "p", "name": "P", "capacity": "1e3"}],
    },
    "a policy reviewed every 0 months": {
        **BASE,
        "policies": [{"id": "p", "name": "P", "review_every_months": 0}],
    },
    "a level in a csmo-model/1 file": {
        **BASE,
        "format": "csmo-model/1",
        "roles": [{"id": "r", "title": "R", "level": "vp"}],
    },
}


@pytest.mark.parametrize("case", BAD)
def test_documented_bad_inputs_fail_the_schema_and_the_loader(case: str) -> None:
    document = BAD[case]
    assert not MODEL.is_valid(document)
    with pytest.raises(cm.ModelError):
        cm.io.from_dict(document)


def test_schema_key_is_kept_on_round_trip(tmp_path: Path) -> None:
    url = schema.MODEL_SCHEMA_URL
    for syntax in ("yaml", "json", "toml"):
        path = tmp_path / f"org.{syntax}"
        path.write_text(
            cm.dumps(cm.loads(f"$schema: {url}\nformat: csmo-model/2\nname: T\n"), syntax),
            encoding="utf-8",
        )
        org = cm.load(path)
        assert org.schema == url
        assert cm.io.to_dict(org) == {"$schema": url, "format": "csmo-model/2", "name": "T"}
        assert MODEL.is_valid(cm.io.to_dict(org))
    with pytest.raises(cm.ModelError, match=r"\$schema: expected text"):
        cm.loads("$schema: 3\nformat: csmo-model/2\nname: T\n")


def test_csmo_schema_prints_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "model"]) == 0
    assert json.loads(capsys.readouterr().out) == schema.model_schema()
    assert main(["schema", "audit"]) == 0
    assert json.loads(capsys.readouterr().out) == schema.audit_schema()


def test_csmo_new_names_the_schema_for_editors(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"# yaml-language-server: $schema={schema.MODEL_SCHEMA_URL}"
    assert MODEL.is_valid(cm._parse.parse_text(out, "yaml"))


def test_a_csmo_model_1_document_without_what_2_added_is_valid() -> None:
    one = {**cm.io.to_dict(cm.examples.load("acme")), "format": "csmo-model/1"}
    assert MODEL.is_valid(one)
    assert cm.io.from_dict(one) == cm.examples.load("acme")
