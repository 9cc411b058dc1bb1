"""Reading text into plain data, safely: YAML, JSON and TOML.

Nothing is executed, nothing a user wrote is lost: YAML is read with a safe
loader that also refuses duplicate keys and aliases (an alias "bomb" of a
kilobyte expands to gigabytes in whatever walks the result), JSON refuses
duplicate keys and NaN, and every failure becomes a :class:`LoadError` that
says where.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any, Literal

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node

from csmo_model.errors import LoadError, Problem

__all__ = ["Syntax", "parse_text"]

Syntax = Literal["yaml", "json", "toml"]


MAX_DEPTH = 32
"""Deepest nesting of YAML collections read; a valid file needs four levels.

PyYAML's scanner does work proportional to the nesting depth for every token
(it tracks a possible key per open bracket), so deep nesting would make a file
far below the size limit take minutes to read; past this depth it is refused.
"""


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases, duplicate keys and deep nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None,
                None,
                f"aliases (*{getattr(event, 'anchor', '')}) are not allowed; write the value out",
                event.start_mark,
            )
        if self._depth >= MAX_DEPTH:
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                None,
                None,
                f"nested more than {MAX_DEPTH} levels deep, too deeply to be an organization file",
                event.start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # PyYAML's own constructors fail with bare KeyError, IndexError,
        # AttributeError... on explicitly tagged junk such as `!!bool x`,
        # `!!int ''` or `!!timestamp x`; give those a place and a YAML error.
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, RecursionError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - any constructor failure is a YAML error
            kind = node.tag.rpartition(":")[2]
            value = node.value if isinstance(node, yaml.ScalarNode) else ""
            raise ConstructorError(
                None,
                None,
                f"cannot read {value[:40]!r} as a {kind} ({type(exc).__name__}); "
                "remove the tag or fix the value",
                node.start_mark,
            ) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            # e.g. `!!set [a]`: let PyYAML say "expected a mapping node".
            return super().construct_mapping(node, deep=deep)
        seen: dict[Any, Any] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.get(key)
            except TypeError:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    "a key must be plain text, not a list or mapping",
                    key_node.start_mark,
                ) from None
            if first is not None:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r} (first on line {first.line + 1}); "
                    "keep only one, nothing is overwritten silently",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


_PLAIN_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_PLAIN_FLOAT = re.compile(
    r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)


def _plain_number(loader: Any, node: Any, kind: str) -> Any:
    """Read a YAML int or float only when it is written as a plain decimal.

    YAML 1.1 reads ``1:30`` as 90, ``1_0`` as 10, ``017`` as 15 and ``0x1A``
    as 26; none of those is what its writer is likely to mean by a number of
    full-time equivalents, so they are refused, saying what to write.
    """
    construct = (
        SafeConstructor.construct_yaml_int
        if kind == "int"
        else SafeConstructor.construct_yaml_float
    )
    value = construct(loader, node)
    plain = _PLAIN_INT if kind == "int" else _PLAIN_FLOAT
    text = str(node.value)
    if not plain.fullmatch(text):
        raise ConstructorError(
            None,
            None,
            f"{text[:40]!r} is not a plain decimal number (YAML 1.1 reads it as {value!r}); "
            f"write {value!r} if that is meant, or quote it if it is text",
            node.start_mark,
        )
    return value


_StrictLoader.add_constructor(
    "tag:yaml.org,2002:int", lambda loader, node: _plain_number(loader, node, "int")
)
_StrictLoader.add_constructor(
    "tag:yaml.org,2002:float", lambda loader, node: _plain_number(loader, node, "float")
)


def _yaml_error(exc: yaml.YAMLError, source: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # Its str() spans two lines; say the same on one, with a place.
        line = source.count("\n", 0, exc.position) + 1
        column = exc.position - (source.rfind("\n", 0, exc.position) + 1) + 1
        return Problem(
            f"line {line}, column {column}",
            f"not valid YAML: the character U+{exc.character:04X} is not allowed; remove it",
        )
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    for pattern, plain in _YAML_SYNTAX:
        if match := pattern.search(str(problem)):
            return Problem(where, f"not valid YAML: {plain.format(*match.groups())}")
    context = getattr(exc, "context", None)
    text = f"{context}: {problem}" if context else str(problem)
    flat = text.replace("\n", " ")  # one problem, one line
    return Problem(where, f"not valid YAML: {flat}")


# PyYAML's syntax errors, said in plain words with what to do; the place is PyYAML's.
_YAML_SYNTAX: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"expected <block end>, but found '<block sequence start>'"),
        "a list item ('- ') where no list can start; put the items on the lines under "
        "their key ('roles:' then '  - {{id: ...}}'), and remove any '[]' after the key",
    ),
    (
        re.compile(r"expected <block end>, but found"),
        "this line is indented differently from the lines of the same list or mapping above; "
        "indent them alike, with spaces",
    ),
    (
        re.compile(r"expected ',' or '([}\]])', but got '<stream end>'"),
        "a '{{' or '[' is never closed; add the missing '{0}'",
    ),
    (
        re.compile(r"expected ',' or '([}\]])'"),
        "a '{{' or '[' is not closed where it should be; add the missing '{0}' or a ','",
    ),
    (
        re.compile(r"mapping values are not allowed here"),
        "unexpected ': ' here; quote a value that holds ': ' (name: \"A: B\"), "
        "or indent this key like the keys around it",
    ),
    (
        re.compile(r"found unexpected end of stream"),
        "a quoted value is never closed; add the closing quote",
    ),
    (
        re.compile(r"found character '\\t' that cannot start any token"),
        "a tab; YAML indents with spaces only, replace the tab with spaces",
    ),
    (
        re.compile(r"found character '(.)' that cannot start any token"),
        "a value cannot start with {0!r}; quote the value",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "a line that is neither 'key: value' nor a list item; add the ':' or quote the text",
    ),
)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # in C; only a repeated key makes the lengths differ
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(
                    f"duplicate key {key!r}; keep only one, nothing is overwritten silently"
                )
            seen.add(key)
    return out


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number this format accepts")


def parse_text(text: str, syntax: Syntax) -> Any:
    """Parse *text* as *syntax* into plain Python data.

    Raises
    ------
    LoadError
        With a line and column when the parser reports one.
    """
    try:
        if syntax == "yaml":
            return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
        if syntax == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        return tomllib.loads(text)
    except yaml.YAMLError as exc:
        raise LoadError([_yaml_error(exc, text)]) from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            [Problem(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON: {exc.msg}")]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise LoadError([Problem("", f"not valid TOML: {exc}")]) from None
    except RecursionError:
        raise LoadError([Problem("", "nested too deeply to be an organization file")]) from None
    except ValueError as exc:  # the JSON hooks, over-long integers, bad YAML escapes
        raise LoadError([Problem("", f"not valid {syntax.upper()}: {exc}")]) from None
