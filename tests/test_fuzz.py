"""Fuzzing the whole load path with mutated valid documents.

Whatever the input, :func:`csmo_model.loads` either returns a valid
:class:`~csmo_model.Organization` or raises :class:`~csmo_model.ModelError`
(:class:`~csmo_model.LoadError` is one) carrying at least one located problem,
each printable on one line. Nothing else, ever.

The main property runs twenty times the profile's examples: 200 under ``dev`` (the
default), 2,000 under ``ci``; ``HYPOTHESIS_PROFILE=fuzz`` runs 50,000 (see ``conftest.py``).
"""

from __future__ import annotations

import copy
import json
import math
import re
from typing import Any

import tomli_w
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model import ModelError, Organization, Problem
from csmo_model.io import to_dict
from csmo_model.testing import organizations

SYNTAXES = ("yaml", "json", "toml")
ACME = to_dict(cm.examples.load("acme"))
KNOWN_KEYS = sorted(
    {
        "format",
        "name",
        "social_lead",
        "blueprints",
        "notes",
        "departments",
        "responsibilities",
        "roles",
        "people",
        "links",
        "id",
        "title",
        "acronym",
        "department",
        "reports_to",
        "dotted_to",
        "external",
        "raci",
        "function",
        "parent",
        "description",
        "critical",
        "effort",
        "holds",
        "capacity",
        "between",
        "kind",
    }
)
DEEP = "DEEP-NESTING-GOES-HERE"
# Fragments that mean something to one of the three parsers.
SNIPPETS = [
    "&a ",
    "*a",
    "&a [*a, *a]",
    "!!python/object:os.system ",
    "!!binary ",
    "!!bool ",
    "!!int ",
    "!!timestamp ",
    "!!set ",
    "!!map ",
    "!foo ",
    "<<: ",
    "? ",
    "- ",
    ": ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "=",
    "[[",
    "]]",
    "\t",
    "'",
    '"',
    "\\",
    "\\u",
    "\\ud800",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\x00",
    "\ufeff",
    "\x85",
    "\u2028",
    "#",
    "\n",
    "  ",
    "yes",
    "no",
    "1.10",
    "12:30",
    "2020-02-30",
    "0x",
    ".nan",
    "nan",
    "NaN",
    "inf",
    "Infinity",
    "1e999",
    "9" * 5000,
    "null",
    "~",
    "true",
    "{}",
    "[]",
    '""',
    "|\n  block\n",
    ">-\n  folded\n",
]

scalars = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["ceo", "cmo", "social-lead", "R", "A", "X", "marketing", "0.5", "", " "]),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=8) | st.sampled_from(KNOWN_KEYS), inner, max_size=3)
    ),
    max_leaves=6,
)


def _slots(tree: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in *tree*, the root's own keys included."""
    out: list[tuple[Any, Any]] = []
    stack = [tree]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            out.append((node, key))
            if isinstance(value, dict | list):
                stack.append(value)
    return out


def _typo(draw: st.DrawFn, key: str) -> str:
    if not key:
        return draw(st.sampled_from(KNOWN_KEYS))
    i = draw(st.integers(0, len(key) - 1))
    how = draw(st.sampled_from(["drop", "double", "swap", "upper", "space"]))
    if how == "drop":
        return key[:i] + key[i + 1 :]
    if how == "double":
        return key[:i] + key[i] + key[i:]
    if how == "swap" and i + 1 < len(key):
        return key[:i] + key[i + 1] + key[i] + key[i + 2 :]
    if how == "upper":
        return key.upper()
    return key + " "


def _retype(draw: st.DrawFn, value: Any) -> Any:
    """The same content in another type: str <-> int <-> bool <-> list <-> dict <-> None."""
    choices: list[Any] = [
        str(value),
        [value],
        {"value": value},
        None,
        True,
        False,
        0,
        -1,
        1.5,
        math.nan,
        math.inf,
        10**400,
    ]
    if isinstance(value, list | dict):
        choices.append(json.dumps(value, default=str))
    if isinstance(value, list) and value:
        choices.append(value[0])
    if isinstance(value, dict) and value:
        choices.append(list(value.values()))
        choices.append(list(value))
    if isinstance(value, str):
        choices.append(list(value)[:8])
        choices.append(len(value))
    return draw(st.sampled_from(choices))


@st.composite
def mutated_trees(draw: st.DrawFn) -> dict[str, Any]:
    """A valid document with a few structural mutations applied."""
    if draw(st.booleans()):
        tree = copy.deepcopy(ACME)
    else:
        org = draw(organizations(max_departments=3, max_roles=5, max_people=4, max_links=3))
        tree = to_dict(org)
    for _ in range(draw(st.integers(0, 4))):
        slots = _slots(tree)
        if not slots:
            break
        node, key = draw(st.sampled_from(slots))
        action = draw(
            st.sampled_from(
                ["delete", "rename", "retype", "scalar", "value", "nest", "deep", "add", "dup"]
            )
        )
        if action == "delete":
            del node[key]
        elif action == "rename" and isinstance(node, dict):
            new = draw(
                st.sampled_from([_typo(draw, str(key)), *KNOWN_KEYS])
                | st.text(max_size=10)
                | st.integers(-3, 3)
                | st.none()
                | st.booleans()
            )
            node[new] = node.pop(key)
        elif action == "retype":
            node[key] = _retype(draw, node[key])
        elif action == "scalar":
            node[key] = draw(scalars)
        elif action == "value":
            node[key] = draw(values)
        elif action == "nest":
            for _ in range(draw(st.integers(1, 40))):
                node[key] = draw(st.sampled_from([[node[key]], {"id": node[key]}]))
        elif action == "deep":
            node[key] = DEEP
        elif action == "add" and isinstance(node, dict):
            node[draw(st.sampled_from(KNOWN_KEYS) | st.text(max_size=8))] = draw(values)
        elif action == "add":
            node.insert(draw(st.integers(0, len(node))), draw(values))
        elif action == "dup" and isinstance(node, list) and node:
            node.append(copy.deepcopy(node[key]))
    return tree


def _serialize(tree: dict[str, Any], syntax: str) -> tuple[str, str]:
    """Write *tree* in *syntax*, falling back to JSON (writes anything) or YAML."""
    if syntax == "toml":
        try:
            return tomli_w.dumps(tree), "toml"
        except (TypeError, ValueError):
            syntax = "json"  # None, non-text keys, NaN-free limits...
    if syntax == "yaml":
        try:
            return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True), "yaml"
        except yaml.YAMLError:
            syntax = "json"
    return json.dumps(tree, ensure_ascii=False, indent=2), "json"


def _deep(syntax: str, depth: int, mapping: bool) -> str:
    if syntax == "toml":
        return "{a = " * depth + "1" + "}" * depth if mapping else "[" * depth + "]" * depth
    if syntax == "json":
        return '{"a": ' * depth + "1" + "}" * depth if mapping else "[" * depth + "]" * depth
    return "{a: " * depth + "1" + "}" * depth if mapping else "[" * depth + "]" * depth


def _duplicate_a_line(draw: st.DrawFn, text: str) -> str:
    """Repeat one `key: value` line: a duplicate key at the text level."""
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if ":" in line or "=" in line]
    if not keyed:
        return text
    i = draw(st.sampled_from(keyed))
    line = lines[i]
    copy_ = line if line.rstrip().endswith(",") or not line.lstrip().startswith('"') else line + ","
    return "\n".join([*lines[:i], copy_, *lines[i:]])


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """(text, syntax): a mutated tree written out, then edited as text."""
    tree = draw(mutated_trees())
    text, syntax = _serialize(tree, draw(st.sampled_from(SYNTAXES)))
    if DEEP in text:
        depth = draw(st.sampled_from([1, 10, 100, 500, 990, 1000, 3000, 20_000]))
        deep = _deep(syntax, depth, draw(st.booleans()))
        quoted = [f'"{DEEP}"', f"'{DEEP}'", DEEP]
        text = next(text.replace(q, deep, 1) for q in quoted if q in text)
    for _ in range(draw(st.integers(0, 3))):
        edit = draw(st.sampled_from(["none", "truncate", "insert", "delete", "dupline", "swap"]))
        at = draw(st.integers(0, len(text)))
        if edit == "truncate":
            text = text[:at]
        elif edit == "insert":
            text = text[:at] + draw(st.sampled_from(SNIPPETS) | st.text(max_size=5)) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif edit == "dupline" and syntax != "toml":
            text = _duplicate_a_line(draw, text)
        elif edit == "swap":
            # Read the text as another syntax: the parsers disagree on much.
            syntax = draw(st.sampled_from(SYNTAXES))
    return text, syntax


def check_load(data: str | bytes, syntax: str) -> Organization | tuple[Problem, ...]:
    """Load *data*, asserting the contract; return the organization or the problems."""
    try:
        org = cm.loads(data, syntax)  # type: ignore[arg-type]
    except ModelError as exc:  # LoadError included; anything else fails the test
        error = exc
    else:
        assert type(org) is Organization
        # Whatever loads is valid: it writes out and reads back equal, in every syntax.
        for out in SYNTAXES:
            assert cm.loads(cm.dumps(org, out), out) == org  # type: ignore[arg-type]
        return org
    assert error.problems, "a ModelError must carry at least one problem"
    for problem in error.problems:
        assert type(problem) is Problem
        assert isinstance(problem.path, str)
        assert isinstance(problem.message, str)
        assert problem.message.strip()
        # The CLI prints each problem on one line.
        assert "\n" not in str(problem), str(problem)
    assert str(error).startswith(f"{len(error.problems)} problem")
    return error.problems


_EXAMPLES = 20 * settings().max_examples  # 2,000 under the ci profile


@settings(
    max_examples=_EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents(), st.booleans())
def test_loads_returns_an_organization_or_raises_model_error(
    document: tuple[str, str], as_bytes: bool
) -> None:
    text, syntax = document
    outcome = check_load(text.encode("utf-8", "surrogatepass") if as_bytes else text, syntax)
    if isinstance(outcome, Organization):
        event("loaded")
    else:
        event("LoadError" if outcome[0].message.startswith("not valid") else "problems")


@settings(max_examples=3 * settings().max_examples)
@given(st.text(max_size=200) | st.binary(max_size=200), st.sampled_from(SYNTAXES))
def test_loads_survives_arbitrary_text(data: str | bytes, syntax: str) -> None:
    check_load(data, syntax)


# -- the contract holds on hand-picked inputs too (and pins their outcome) ------------------------


def test_check_load_accepts_a_valid_document(acme_text: str) -> None:
    assert check_load(acme_text, "yaml") == cm.examples.load("acme")


def test_check_load_reports_problems() -> None:
    assert check_load("format: csmo-model/2\n", "yaml") == (
        Problem("name", "is required but missing"),
    )


def test_deep_sentinel_is_replaced_in_every_syntax() -> None:
    for syntax in SYNTAXES:
        text, used = _serialize({"format": "csmo-model/2", "name": DEEP}, syntax)
        assert used == syntax
        assert DEEP in text
        deep = _deep(syntax, 3, mapping=False)
        nested = next(text.replace(q, deep) for q in (f'"{DEEP}"', f"'{DEEP}'", DEEP) if q in text)
        assert check_load(nested, syntax) == (Problem("name", "expected text, got a list"),)


_JSON_KEY_LINE = re.compile(r'^\s*"[^"]+": (?![\[{]).*$')
_YAML_KEY_LINE = re.compile(r"^\s*[^\s\-#][^:]*: \S.*$")


@given(organizations(max_roles=4, max_people=3), st.sampled_from(["yaml", "json"]), st.data())
def test_a_repeated_key_line_is_always_refused(
    org: Organization, syntax: str, data: st.DataObject
) -> None:
    lines = cm.dumps(org, syntax).split("\n")  # type: ignore[arg-type]
    pattern = _JSON_KEY_LINE if syntax == "json" else _YAML_KEY_LINE
    candidates = [i for i, line in enumerate(lines) if pattern.match(line)]
    i = data.draw(st.sampled_from(candidates))
    line = lines[i]
    repeat = line if line.endswith(",") or syntax == "yaml" else line + ","
    problems = check_load("\n".join([*lines[:i], repeat, *lines[i:]]), syntax)
    assert isinstance(problems, tuple)
    assert len(problems) == 1
    assert "duplicate key" in problems[0].message
    assert "nothing is overwritten silently" in problems[0].message
