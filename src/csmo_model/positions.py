"""Where things are in an organization file: lines and columns, computed only when needed.

Loading never computes positions (it would slow every load for the rare file
with a problem). When problems or findings must be located, :func:`source_map`
reads the text a second time with a position-aware scanner and returns a
:class:`SourceMap` from document paths such as ``("roles", 3, "reports_to")``
to 1-based ``(line, column)`` pairs:

- a field (a mapping key) is located at its key;
- a list entry at its first character (``-`` items: the entry's first key;
  flow or JSON entries: the opening ``{``; TOML ``[[roles]]`` tables: the header).

YAML positions come from PyYAML's composer (its C version when installed);
JSON and TOML, whose standard parsers give no positions, from the small
scanners below, which only need to handle text the loader has already accepted.
"""

from __future__ import annotations

import ast
import bisect
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import yaml

from csmo_model import _gc
from csmo_model._parse import Syntax
from csmo_model.errors import Problem
from csmo_model.model import route_key

__all__ = ["DocPath", "SourceMap", "locate", "parse_path", "source_map"]


def __dir__() -> list[str]:
    return __all__


DocPath = tuple[str | int, ...]
"""A path into a document: mapping keys (text) and list indexes (numbers)."""

_SECTIONS = {
    "role": "roles",
    "person": "people",
    "department": "departments",
    "responsibility": "responsibilities",
    "link": "links",
    "channel": "channels",
    "route": "routes",
    "finding": "accepted",
    "blueprint": "blueprints",
    # Issue 13, section 4.
    "metric": "metrics",
    "policy": "policies",
}
"""The list of the document each subject type's ids live in."""


class SourceMap:
    """Positions of the parts of one document.

    Examples
    --------
    >>> text = "format: csmo-model/2\\nname: T\\nroles:\\n  - id: a\\n    title: A\\n"
    >>> where = source_map(text, "yaml")
    >>> where.get(("roles", 0, "title"))
    (5, 5)
    >>> where.find("roles[0].title"), where.entity_id(("roles", 0, "title"))
    ((5, 5), 'a')
    >>> where.subject("role", "a")
    (4, 5)
    """

    def __init__(
        self,
        marks: dict[DocPath, tuple[int, int]],
        values: Mapping[DocPath, Any],
        lazy: dict[DocPath, Callable[[], None]] | None = None,
    ):
        self._marks = marks
        self._values = dict(values)  # scalar values of ("section", i, "id") and of list items
        self._by_id: dict[tuple[str, str], DocPath] | None = None
        # Entries whose inner positions are found only when asked for (large JSON).
        self._lazy = lazy if lazy is not None else {}

    def __len__(self) -> int:
        return len(self._marks)

    def get(self, path: DocPath) -> tuple[int, int] | None:
        """The position of *path*, or of its longest prefix that has one; ``None`` if none."""
        if len(path) > 2 and self._lazy:
            scan = self._lazy.pop(path[:2], None)
            if scan is not None:
                scan()
        for end in range(len(path), 0, -1):
            found = self._marks.get(path[:end])
            if found is not None:
                return found
        return None

    def find(self, path: str) -> tuple[int, int] | None:
        """:meth:`get` for a problem's path text, such as ``roles[3].reports_to``."""
        return self.get(parse_path(path))

    def entity_id(self, path: DocPath) -> str | None:
        """The ``id`` of the list entry *path* lies in (``("roles", 3, ...)``), if it has one."""
        if len(path) >= 2 and isinstance(path[1], int):
            value = self._values.get((path[0], path[1], "id"))
            return value if isinstance(value, str) else None
        return None

    def subject(self, type_: str, id_: str) -> tuple[int, int] | None:
        """The position of the entry a subject ``(type, id)`` names, or ``None``.

        A role is the ``roles`` entry with that id, a link (``a--b``) the
        ``links`` entry between those two, a route (``topic->role``) the
        ``routes`` entry of that topic to that role, an accepted finding the
        ``accepted`` entry with that fingerprint, a blueprint its name in
        ``blueprints``.
        """
        if self._by_id is None:
            self._by_id = self._index()
        path = self._by_id.get((type_, id_))
        return None if path is None else self._marks.get(path)

    def _index(self) -> dict[tuple[str, str], DocPath]:
        sections = {section: type_ for type_, section in _SECTIONS.items()}
        out: dict[tuple[str, str], DocPath] = {}
        ends: dict[tuple[str | int, ...], list[str]] = {}
        routes: dict[tuple[str | int, ...], dict[str, str]] = {}
        for path, value in self._values.items():
            type_ = sections.get(str(path[0]))
            if type_ is None or not isinstance(value, str) or len(path) < 2:
                continue
            entry = path[:2]
            if type_ == "blueprint" and len(path) == 2:
                out.setdefault((type_, value), entry)
            elif type_ == "link" and len(path) == 4 and path[2] == "between":
                ends.setdefault(entry, []).append(value)
            elif type_ == "route" and len(path) == 3:
                routes.setdefault(entry, {})[str(path[2])] = value
            elif path[2:] == (("fingerprint",) if type_ == "finding" else ("id",)):
                out.setdefault((type_, value), entry)
        for entry, pair in ends.items():
            if len(pair) == 2:
                for a, b in (pair, pair[::-1]):
                    out.setdefault(("link", f"{a}--{b}"), entry)
        for entry, fields in routes.items():
            if "topic" in fields and "to" in fields:
                out.setdefault(("route", route_key(fields["topic"], fields["to"])), entry)
        return out


_PATH_PART = re.compile(r"\[(\d+)\]|\[('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\]|\.?([^.\[]+)")


def parse_path(path: str) -> DocPath:
    """Split a problem's path text into a :data:`DocPath`.

    Examples
    --------
    >>> parse_path("roles[3].raci['strategy']")
    ('roles', 3, 'raci', 'strategy')
    >>> parse_path("")
    ()
    """
    out: list[str | int] = []
    for match in _PATH_PART.finditer(path):
        index, quoted, key = match.groups()
        if index is not None:
            out.append(int(index))
        elif quoted is not None:
            out.append(str(ast.literal_eval(quoted)))
        else:
            out.append(key)
    return tuple(out)


def source_map(text: str, syntax: Syntax) -> SourceMap:
    """Compute the positions of the parts of *text*, a document the loader accepted.

    Text the scanner cannot follow gives an empty map (problems are then
    reported without positions) rather than an error.

    Raises
    ------
    ValueError
        For a syntax other than ``yaml``, ``json`` or ``toml``.

    Examples
    --------
    >>> source_map('{"roles": [{"id": "a"}]}', "json").get(("roles", 0))
    (1, 12)
    >>> source_map('[[roles]]\\nid = "a"\\n', "toml").get(("roles", 0, "id"))
    (2, 1)
    """
    marks: dict[DocPath, tuple[int, int]] = {}
    values: dict[DocPath, Any] = {}
    lazy: dict[DocPath, Callable[[], None]] = {}
    try:
        with _gc.paused():  # millions of small objects: see csmo_model._gc
            if syntax == "yaml":
                _yaml(text, marks, values)
            elif syntax == "json":
                _Scanner(text, marks, values, json=True).json_document(lazy)
            elif syntax == "toml":
                _Scanner(text, marks, values, json=False).document()
            else:
                raise ValueError(f"unknown syntax {syntax!r}; use 'yaml', 'json' or 'toml'")
    except _UnreadableError:
        return SourceMap({}, {})
    except (yaml.YAMLError, ValueError, IndexError):
        return SourceMap({}, {})
    return SourceMap(marks, values, lazy)


_PARSER_PLACE = re.compile(r"line (\d+)(?:, column (\d+))?")


def locate(
    problems: Iterable[Problem], text: str | None, syntax: Syntax | None
) -> tuple[Problem, ...]:
    """Give each of *problems* its line, column and entity id in *text*, where known.

    The map is computed only when some problem lacks a position (and at
    most once). A parser's ``line N, column M`` path becomes the line and
    column. Problems that cannot be located are returned unchanged.

    Examples
    --------
    >>> text = "format: csmo-model/2\\nname: T\\nroles:\\n  - {id: a, title: A, reports_to: b}\\n"
    >>> [str(p) for p in locate([Problem("roles[0].reports_to", "no role 'b'")], text, "yaml")]
    ["4:23: roles[0] (a).reports_to: no role 'b'"]
    """
    out: list[Problem] = []
    where: SourceMap | None = None
    for problem in problems:
        if problem.line is not None:
            out.append(problem)
            continue
        parsed = _PARSER_PLACE.fullmatch(problem.path)
        if parsed is not None:
            line, column = parsed.groups()
            out.append(
                attrs.evolve(
                    problem,
                    path="",
                    line=int(line),
                    column=None if column is None else int(column),
                )
            )
            continue
        if text is None or syntax is None or not problem.path:
            out.append(problem)
            continue
        if where is None:
            where = source_map(text, syntax)
        path = parse_path(problem.path)
        found = where.get(path)
        if found is None:
            out.append(problem)
            continue
        out.append(attrs.evolve(problem, line=found[0], column=found[1], id=where.entity_id(path)))
    return tuple(out)


# -- YAML ---------------------------------------------------------------------------


def _yaml(text: str, marks: dict[DocPath, tuple[int, int]], values: dict[DocPath, Any]) -> None:
    """Walk PyYAML's event stream (its C parser when installed), keeping a path stack.

    Events, not composed nodes: composing builds a node per scalar and is several
    times slower on large files.
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    # One frame per open collection: [path, is_mapping, next index, key awaited, last key].
    stack: list[list[Any]] = []
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, ends):
            stack.pop()
            continue
        if not isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, *starts)):
            continue
        if not stack:
            path: DocPath | None = ()
        else:
            frame = stack[-1]
            parent = frame[0]
            if parent is None:  # inside a key that is not text: nothing here has a path
                path = None
            elif frame[1]:
                if frame[3]:  # a key
                    frame[3] = False
                    if isinstance(event, yaml.ScalarEvent):
                        key = (*parent, event.value)
                        frame[4] = key
                        if key not in marks:
                            mark: Any = event.start_mark  # always set by the parser
                            marks[key] = (mark.line + 1, mark.column + 1)
                    else:
                        frame[4] = None
                        if isinstance(event, starts):
                            stack.append([None, False, 0, False, None])
                    continue
                frame[3] = True
                path = frame[4]
            else:
                path = (*parent, frame[2])
                frame[2] += 1
                mark = event.start_mark
                marks[path] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.MappingStartEvent):
            stack.append([path, True, 0, True, None])
        elif isinstance(event, yaml.SequenceStartEvent):
            stack.append([path, False, 0, False, None])
        elif path is not None and isinstance(event, yaml.ScalarEvent) and _wanted(path):
            values[path] = event.value


def _wanted(path: DocPath) -> bool:
    """Whether the scalar at *path* identifies an entry (id, link end, route, blueprint)."""
    n = len(path)
    return (
        (n == 3 and path[2] in ("id", "fingerprint"))
        or (n == 3 and path[0] == "routes" and path[2] in ("topic", "to"))
        or (n == 4 and path[2] == "between")
        or (n == 2 and path[0] == "blueprints")
    )


# -- JSON and TOML --------------------------------------------------------------------


class _UnreadableError(Exception):
    """The scanner met text it does not follow."""


_SPACE = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_JSON_SPACE = re.compile(r"[ \t\r\n]*")
_TOML_INLINE_SPACE = re.compile(r"[ \t]*")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_ML_BASIC = re.compile(r'"""(?:[^\\]|\\.)*?"""(?!")', re.DOTALL)
_ML_BASIC_END = re.compile(r'"""(?:[^\\]|\\.)*?""""{0,2}', re.DOTALL)
_ML_LITERAL = re.compile(r"'''.*?''''{0,2}", re.DOTALL)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_TOML_SIMPLE = re.compile(
    r'([A-Za-z0-9_-]+)[ \t]*=[ \t]*(?:"((?:[^"\\\n]|\\.)*)"'
    r"|[-+.:0-9A-Za-z_]+(?: [0-9][-+.:0-9A-Za-z_]*)?)[ \t]*(?=[\r\n#]|\Z)"
)
"""A TOML line ``key = "text"`` or ``key = 1.5`` (a bare key, a one-line basic string or a
number, boolean or date): most lines of a large file, read by one match."""
_SCALAR = re.compile(r"[^\s,\]\}#]+(?: [0-9][^\s,\]\}#]*)?")  # numbers, booleans, dates


class _Scanner:
    """A position-recording reader of JSON (``json=True``) or TOML text."""

    def __init__(
        self,
        text: str,
        marks: dict[DocPath, tuple[int, int]],
        values: dict[DocPath, Any],
        *,
        json: bool,
    ) -> None:
        self.text = text
        self.pos = 0
        self.marks = marks
        self.values = values
        self.json = json
        self.space = _JSON_SPACE if json else _SPACE
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self.tables: dict[DocPath, int] = {}  # TOML arrays of tables: resolved path -> last index

    def where(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def mark(self, path: DocPath, offset: int) -> None:
        if path not in self.marks:
            self.marks[path] = self.where(offset)

    def skip(self, pattern: re.Pattern[str] | None = None) -> None:
        match = (pattern or self.space).match(self.text, self.pos)
        assert match is not None
        self.pos = match.end()

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def expect(self, char: str) -> None:
        if not self.text.startswith(char, self.pos):
            raise _UnreadableError(f"expected {char!r} at {self.where(self.pos)}")
        self.pos += len(char)

    # -- values (both syntaxes) --

    def value(self, path: DocPath) -> None:
        char = self.peek()
        if char == "{":
            self.table(path)
        elif char == "[":
            self.array(path)
        elif char in ('"', "'"):
            text = self.string()
            if _wanted(path):
                self.values[path] = text
        else:
            match = _SCALAR.match(self.text, self.pos)
            if match is None:
                raise _UnreadableError(f"no value at {self.where(self.pos)}")
            self.pos = match.end()

    def array(self, path: DocPath) -> None:
        self.expect("[")
        i = 0
        while True:
            self.skip()
            if self.peek() == "]":
                self.pos += 1
                return
            self.mark((*path, i), self.pos)
            self.value((*path, i))
            i += 1
            self.skip()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise _UnreadableError(f"expected ',' or ']' at {self.where(self.pos)}")

    def table(self, path: DocPath) -> None:
        """A JSON object or a TOML inline table."""
        self.expect("{")
        separator = ":" if self.json else "="
        while True:
            self.skip()
            if self.peek() == "}":
                self.pos += 1
                return
            sub = self.key_path(path)
            self.skip()
            self.expect(separator)
            self.skip()
            self.value(sub)
            self.skip()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "}":
                raise _UnreadableError(f"expected ',' or '}}' at {self.where(self.pos)}")

    def key_path(self, path: DocPath) -> DocPath:
        """A key (TOML: a dotted key), marking each part; returns the full path."""
        while True:
            start = self.pos
            if self.peek() in ('"', "'"):
                key = self.string()
            elif self.json:
                raise _UnreadableError(f"expected a key at {self.where(self.pos)}")
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise _UnreadableError(f"expected a key at {self.where(self.pos)}")
                key = match.group()
                self.pos = match.end()
            path = self.resolved((*path, key))
            self.mark(path, start)
            if self.json:
                return path
            self.skip(_TOML_INLINE_SPACE)
            if self.peek() != ".":
                return path
            self.pos += 1
            self.skip(_TOML_INLINE_SPACE)

    def resolved(self, path: DocPath) -> DocPath:
        """TOML: a key naming an array of tables means its last table."""
        last = self.tables.get(path)
        return path if last is None else (*path, last)

    def string(self) -> str:
        text = self.text
        if self.json or not (text.startswith('"""', self.pos) or text.startswith("'''", self.pos)):
            pattern = _BASIC if text[self.pos] == '"' else _LITERAL
        else:
            pattern = _ML_BASIC_END if text[self.pos] == '"' else _ML_LITERAL
        match = pattern.match(text, self.pos)
        if match is None:
            raise _UnreadableError(f"unterminated string at {self.where(self.pos)}")
        self.pos = match.end()
        raw = match.group()
        if raw[0] == "'":
            return raw[1:-1]
        try:
            decoded = ast.literal_eval(raw) if not self.json else _json_string(raw)
        except (ValueError, SyntaxError):
            return raw[1:-1]
        return str(decoded)

    # -- documents --

    def json_document(self, lazy: dict[DocPath, Callable[[], None]]) -> None:
        """A JSON document: the entries of top-level lists are read by the C decoder, and
        scanned for inner positions only when one is asked for (see :meth:`SourceMap.get`)."""
        self.skip()
        if self.peek() != "{":
            self.value(())
            return
        self.pos += 1
        while True:
            self.skip()
            if self.peek() == "}":
                return
            key = self.key_path(())
            self.skip()
            self.expect(":")
            self.skip()
            if self.peek() == "[":
                self.entries(key, lazy)
            else:
                self.value(key)
            self.skip()
            if self.peek() == ",":
                self.pos += 1

    def entries(self, path: DocPath, lazy: dict[DocPath, Callable[[], None]]) -> None:
        decode = _DECODER.raw_decode
        self.expect("[")
        i = 0
        while True:
            self.skip()
            if self.peek() == "]":
                self.pos += 1
                return
            start = self.pos
            entry = (*path, i)
            self.mark(entry, start)
            item, self.pos = decode(self.text, start)
            if isinstance(item, dict):
                for key in ("id", "fingerprint", "topic", "to"):
                    if _wanted((*entry, key)):
                        self.values[(*entry, key)] = item.get(key)
                between = item.get("between")
                if isinstance(between, list):
                    for j, end in enumerate(between):
                        self.values[(*entry, "between", j)] = end
            elif _wanted(entry):
                self.values[entry] = item
            if isinstance(item, dict | list):
                lazy[entry] = functools.partial(self.scan_at, start, entry)
            i += 1
            self.skip()
            if self.peek() == ",":
                self.pos += 1

    def scan_at(self, start: int, path: DocPath) -> None:
        """Scan the value at offset *start* (the document's path *path*) for positions."""
        self.pos = start
        self.value(path)

    def document(self) -> None:
        self.skip()
        if self.json:
            self.value(())
            return
        table: DocPath = ()
        while self.pos < len(self.text):
            start = self.pos
            if self.text.startswith("[[", self.pos):
                self.pos += 2
                self.skip(_TOML_INLINE_SPACE)
                header = self.header_path()
                self.expect("]]")
                index = self.tables.get(header, -1) + 1
                self.tables[header] = index
                self.mark(header, start)
                table = (*header, index)
                self.mark(table, start)
            elif self.peek() == "[":
                self.pos += 1
                self.skip(_TOML_INLINE_SPACE)
                table = self.header_path()
                self.expect("]")
                self.mark(table, start)
            elif (simple := _TOML_SIMPLE.match(self.text, start)) is not None:
                # The usual line, `key = "text"` or `key = 1.5`, in one step.
                sub = self.resolved((*table, simple.group(1)))
                self.mark(sub, start)
                text = simple.group(2)
                if text is not None and _wanted(sub):
                    self.values[sub] = text if "\\" not in text else self.unescape(text)
                self.pos = simple.end()
            else:
                sub = self.key_path(table)
                self.skip(_TOML_INLINE_SPACE)
                self.expect("=")
                self.skip(_TOML_INLINE_SPACE)
                self.value(sub)
            self.skip()

    @staticmethod
    def unescape(text: str) -> str:
        try:
            return str(ast.literal_eval(f'"{text}"'))
        except (ValueError, SyntaxError):
            return text

    def header_path(self) -> DocPath:
        """The key of a ``[table]`` or ``[[array]]`` header, resolving arrays of tables."""
        path: DocPath = ()
        while True:
            start = self.pos
            if self.peek() in ('"', "'"):
                key = self.string()
            else:
                match = _BARE_KEY.match(self.text, self.pos)
                if match is None:
                    raise _UnreadableError(f"expected a table name at {self.where(self.pos)}")
                key = match.group()
                self.pos = match.end()
            self.skip(_TOML_INLINE_SPACE)
            if self.peek() != ".":
                path = (*path, key)
                self.skip(_TOML_INLINE_SPACE)
                return path
            path = self.resolved((*path, key))
            self.mark(path, start)
            self.pos += 1
            self.skip(_TOML_INLINE_SPACE)


_DECODER = json.JSONDecoder()


def _json_string(raw: str) -> str:
    value = json.loads(raw)
    assert isinstance(value, str)
    return value
