"""JSON Schemas of our formats, for editors and other tools: ``csmo-model/2`` and ``csmo-audit/3``.

The model schema is derived from the entity classes and their enums (the
fields, their types, which are required), so it cannot drift from the loader:
every document :func:`csmo_model.load` accepts passes it. The loader checks
more than a schema can say (references between entities, cycles, unique ids),
so some documents that pass the schema are still refused, with located problems.

``csmo schema model`` and ``csmo schema audit`` print them; an organization
file names the first in its ``$schema`` key or, in YAML, in a
``# yaml-language-server: $schema=...`` comment.
"""

from __future__ import annotations

import datetime
import enum
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

import attrs

from csmo_model._text import PLAIN_DECIMAL
from csmo_model.analysis.organizing import OrganizingModel, Stage
from csmo_model.checks import DOCS_URL
from csmo_model.edits import KINDS as EDIT_KINDS
from csmo_model.io import _KEYS, _NEW_IN_2, _SECTIONS, FORMAT, READABLE_FORMATS
from csmo_model.model import Acceptance, Organization
from csmo_model.report import AUDIT_FORMAT, Severity, SubjectType

__all__ = ["AUDIT_SCHEMA_URL", "MODEL_SCHEMA_URL", "audit_schema", "model_schema", "text"]


def __dir__() -> list[str]:
    return __all__


DRAFT = "http://json-schema.org/draft-07/schema#"
"""The JSON Schema version written: draft-07, the one editors support best."""


def _url(fmt: str) -> str:
    return f"{DOCS_URL}schemas/{fmt.replace('/', '-')}.schema.json"


MODEL_SCHEMA_URL = _url(FORMAT)
"""Where the model schema is published (the docs build writes it there)."""

AUDIT_SCHEMA_URL = _url(AUDIT_FORMAT)
"""Where the audit schema is published."""

_NUMBER: dict[str, Any] = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            # The loader's own rule: plain decimal notation, nothing around it.
            "pattern": f"^(?:{PLAIN_DECIMAL.pattern})$",
            "description": "a number written as text in plain decimal notation (read as a number)",
        },
    ]
}
_DATE = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": "a date, YYYY-MM-DD",
}


def _type_schema(hint: Any) -> dict[str, Any]:
    """The schema of a value of the annotation *hint*, as the converter reads it."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        options = [_type_schema(a) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is float:
        return dict(_NUMBER)
    if hint is datetime.date:
        return dict(_DATE)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [m.value for m in hint]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type_schema(args[0])}
        return {
            "type": "array",
            "items": _type_schema(args[0]),
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin is Mapping or origin is dict:
        return {
            "type": "object",
            "propertyNames": _type_schema(args[0]),
            "additionalProperties": _type_schema(args[1]),
        }
    raise TypeError(f"no JSON Schema for the annotation {hint!r}")  # a new field type: add it here


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""


def _entity(cls: type) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties = {}
    required = []
    for field in attrs.fields(cls):
        key = field.alias or field.name
        # Bounds the type cannot say (a positive capacity) come from the field's metadata.
        properties[key] = {**_type_schema(hints[field.name]), **field.metadata.get("schema", {})}
        if field.default is attrs.NOTHING:
            required.append(key)
    return {
        "type": "object",
        "description": _first_line(cls.__doc__),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def model_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``csmo-model/2`` documents (``csmo-model/1`` ones pass too).

    Examples
    --------
    >>> schema = model_schema()
    >>> schema["properties"]["roles"]["items"]["properties"]["raci"]["additionalProperties"]
    {'enum': ['R', 'A', 'C', 'I', 'RA']}
    >>> sorted(schema["required"])
    ['format', 'name']
    """
    hints = typing.get_type_hints(Organization)
    fields = {f.name: f for f in attrs.fields(Organization)}
    properties: dict[str, Any] = {}
    for key in _KEYS:
        if key == "format":
            properties[key] = {"enum": list(READABLE_FORMATS)}
        elif key == "$schema":
            properties[key] = {"type": "string", "description": "the schema to check against"}
        elif key in _SECTIONS:
            properties[key] = {"type": "array", "items": _entity(_SECTIONS[key])}
        elif key == "accepted":
            properties[key] = {"type": "array", "items": _entity(Acceptance)}
        else:
            properties[key] = _type_schema(hints[fields[key].name])
    return {
        "$schema": DRAFT,
        "$id": MODEL_SCHEMA_URL,
        "title": f"{FORMAT}: an organization that runs social media",
        "type": "object",
        "properties": properties,
        "required": ["format", "name"],
        "additionalProperties": False,
        # A csmo-model/1 file has none of what csmo-model/2 added.
        "if": {"properties": {"format": {"const": READABLE_FORMATS[0]}}},
        "then": {
            "properties": {
                **dict.fromkeys(_NEW_IN_2[""], False),
                **{
                    section: {"items": {"properties": dict.fromkeys(keys, False)}}
                    for section, keys in _NEW_IN_2.items()
                    if section
                },
            }
        },
    }


def audit_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``csmo-audit/3`` documents (``csmo audit --format json``).

    Examples
    --------
    >>> audit_schema()["properties"]["format"]
    {'const': 'csmo-audit/3'}
    """
    location = {
        "type": "object",
        "properties": {
            "path": {"type": "string"},
            "line": {"type": "integer", "minimum": 1},
            "column": {"type": "integer", "minimum": 1},
        },
        "required": ["path", "line", "column"],
        "additionalProperties": False,
    }
    subject = {
        "type": "object",
        "properties": {
            "type": {"enum": [t.value for t in SubjectType]},
            "id": {"type": "string"},
        },
        "required": ["type", "id"],
        "additionalProperties": False,
    }
    finding = {
        "type": "object",
        "properties": {
            "kind": {"type": "string"},
            "severity": {"enum": [s.value for s in Severity]},
            "subjects": {"type": "array", "items": subject},
            "message": {"type": "string"},
            "data": {"type": "object"},
            "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
            "accepted": {
                "anyOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "reason": {"type": "string"},
                            "until": {"anyOf": [{"type": "null"}, _DATE]},
                        },
                        "required": ["reason", "until"],
                        "additionalProperties": False,
                    },
                ]
            },
            "new": {"type": ["boolean", "null"]},
            "fix": {
                "anyOf": [
                    {"type": "null"},
                    {
                        "type": "object",
                        "properties": {
                            "summary": {"type": "string", "minLength": 1},
                            "edits": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {"op": {"enum": list(EDIT_KINDS)}},
                                    "required": ["op"],
                                },
                            },
                        },
                        "required": ["summary", "edits"],
                        "additionalProperties": False,
                    },
                ]
            },
            "locations": {"type": "array", "items": location},
        },
        "required": [
            "kind",
            "severity",
            "subjects",
            "message",
            "data",
            "fingerprint",
            "accepted",
            "new",
            "fix",
        ],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": AUDIT_SCHEMA_URL,
        "title": f"{AUDIT_FORMAT}: the findings of an audit",
        "type": "object",
        "properties": {
            "format": {"const": AUDIT_FORMAT},
            "organization": {"type": "string"},
            "checks": {"type": "array", "items": {"type": "string"}},
            "summary": {
                "type": "object",
                "properties": {
                    # Since csmo-audit/3: csmo_model.structure's evidence.
                    "structure": {
                        "type": "object",
                        "properties": {
                            "model": {"enum": [*(m.value for m in OrganizingModel), None]},
                            "stage": {"enum": [*(m.value for m in Stage), None]},
                            "reason": {"type": "string"},
                            "hub": {"type": ["string", "null"]},
                        },
                        "required": ["model", "stage", "reason"],
                    }
                },
            },
            "findings": {"type": "array", "items": finding},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
        "required": ["format", "organization", "checks", "summary", "findings", "counts"],
        "additionalProperties": False,
    }


SCHEMAS = {"model": model_schema, "audit": audit_schema}
"""The schemas ``csmo schema NAME`` prints, by name."""


def text(name: str) -> str:
    """Return the schema *name* (``model`` or ``audit``) as indented JSON text.

    Raises
    ------
    ValueError
        For a name that is no schema.

    Examples
    --------
    >>> text("model").splitlines()[1]
    '  "$schema": "http://json-schema.org/draft-07/schema#",'
    """
    try:
        make = SCHEMAS[name]
    except KeyError:
        raise ValueError(f"no schema {name!r}; choose one of {', '.join(SCHEMAS)}") from None
    return json.dumps(make(), indent=2, ensure_ascii=False) + "\n"
