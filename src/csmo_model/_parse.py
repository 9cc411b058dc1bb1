"""Reading text into plain data, safely: YAML, JSON and TOML.

Nothing is executed, nothing a user wrote is lost: YAML is read with a safe
loader that also refuses duplicate keys and aliases (an alias "bomb" of a
kilobyte expands to gigabytes in whatever walks the result), JSON refuses
duplicate keys and NaN, and every failure becomes a :class:`LoadError` that
says where.

YAML is read by the YAML 1.2 core schema: ``yes``, ``no``, ``on``, ``off``,
dates and ``12:30`` are text, only ``true``/``false`` are booleans.

Two YAML readers give the same result:

- the *strict loader*, :class:`_StrictLoader` (PyYAML, pure Python), is the
  reference: it says where every problem is, and its nodes carry the line and
  column of everything they hold (:func:`yaml_node` gives them, for a caller
  that needs the position of what it reports);
- the *fast path*, the Rust parser ``yaml-rs`` (when it is installed, which the
  project's dependencies ensure where it ships a wheel), reads the plain
  documents organization files are, 30 to 50 times faster. Anything it could
  read differently from the strict loader (tags, anchors, aliases, merge keys,
  complex keys, directives, several documents, escapes, characters YAML 1.1
  treats as line breaks or refuses, number forms with ``_`` or ``0b``/``0X``
  prefixes, nested block sequences on one line) is left to the strict loader,
  found by one regular-expression search; so is any text the fast path refuses,
  so that the error says where and why as before.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection
from typing import Any, Literal

import tomli  # the standard library's tomllib, compiled (mypyc wheels): 4x faster
import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, Node, ScalarNode

from csmo_model.errors import LoadError, Problem

__all__ = ["Syntax", "parse_text", "yaml_node"]

Syntax = Literal["yaml", "json", "toml"]


MAX_DEPTH = 32
"""Deepest nesting of YAML collections read; a valid file needs four levels.

PyYAML's scanner does work proportional to the nesting depth for every token
(it tracks a possible key per open bracket), so deep nesting would make a file
far below the size limit take minutes to read; past this depth it is refused.
"""


# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1023-core-schema):
# what a plain scalar is, by its text; everything else is a string.
_CORE_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_CORE_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
# The core schema's 0o17, 0x1A and 017 are left as text: nobody writes a number
# of FTEs in octal, hexadecimal or with a leading zero, so a numeric field
# refuses them, saying what to write, and a text field keeps them as written.
_CORE_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


class _StrictLoader(yaml.SafeLoader):
    """PyYAML's safe loader on the YAML 1.2 core schema.

    It refuses aliases, merge keys, duplicate keys and deep nesting.
    """

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
            if isinstance(key_node, ScalarNode) and key_node.value == "<<" and not key_node.style:
                raise ConstructorError(
                    None,
                    None,
                    "merge keys (<<) are not allowed; write the keys out",
                    key_node.start_mark,
                )
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

    def construct_yaml_bool(self, node: ScalarNode) -> bool:
        if _CORE_BOOL.match(node.value):  # an implicit boolean: the core schema's six spellings
            return bool(node.value.lower() == "true")
        return bool(super().construct_yaml_bool(node))  # an explicit !!bool tag, as before

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = node.value
        if _CORE_INT.match(value):
            return int(value, 10)
        return int(super().construct_yaml_int(node))  # an explicit !!int tag, as before

    def construct_yaml_float(self, node: ScalarNode) -> float:
        value = node.value
        if _CORE_FLOAT.match(value):
            if value.lstrip("+-").lower() == ".inf":
                return -math.inf if value.startswith("-") else math.inf
            if value.lower() == ".nan":
                return math.nan
            return float(value)
        return float(super().construct_yaml_float(node))  # an explicit !!float tag, as before


_StrictLoader.yaml_implicit_resolvers = {}  # its own, instead of SafeLoader's (YAML 1.1)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _StrictLoader.construct_yaml_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)
for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:null", _CORE_NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", _CORE_BOOL, list("tTfF")),
    ("tag:yaml.org,2002:int", _CORE_INT, list("-+0123456789")),
    ("tag:yaml.org,2002:float", _CORE_FLOAT, list("-+.0123456789")),
):
    _StrictLoader.add_implicit_resolver(_tag, _pattern, _first)


def _strict_yaml(text: str) -> Any:
    """Read *text* with the strict loader (the reference; see the module's docstring)."""
    return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass


def yaml_node(text: str) -> Node | None:
    """The strict loader's node tree of *text*: every node has ``start_mark.line`` and ``.column``.

    For positions of what a caller reports (the fast path returns plain data
    only); raises what :func:`parse_text` raises on the same text, as a
    :class:`yaml.YAMLError`.
    """
    loader = _StrictLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


# Which texts the fast path leaves to the strict loader (see the module docstring). One
# regular expression with every case took seconds on 20 MB; these searches each scan
# for something rare (a literal, or a character set with no context), and the few
# candidates an indicator search finds are checked by hand. False alarms (``- &x`` in
# a plain scalar, a backslash in a note) cost only speed.

_RARE_LITERALS = ("\\", "?", "<<", ".nan", ".NaN", ".NAN", "\n---", "\n...", "\n%")
"""An escape; a complex key, or a key indicator in a flow collection (PyYAML reads any
``?`` so); a merge key; NaN (never equal to itself: as a key a repeat goes unnoticed);
document markers and directives at the start of a line."""

_NOT_YAML_1_2_PRINTABLE = re.compile(
    r"[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
"""Any character but newline and the printable ones, less NEL (U+0085), the line and
paragraph separators and the BOM (YAML 1.1 reads or refuses those differently); tabs and
carriage returns included."""

_INDICATOR_OR_CONTROL = re.compile(r"[!&*|>\x00-\x09\x0b-\x1f\x7f]")
"""Tag, anchor, alias, block scalar (a problem where a node starts), or an ASCII control
character (tab and carriage return included) anywhere."""

_AFTER_WHICH_A_NODE_STARTS = frozenset("-:?[{,\n")

_ODD_NUMBER_HINTS = (re.compile(r"_(?:[0-9.]|(?<=[0-9.]_))"), re.compile(r"0[bBxXoO0-9]"))
_ODD_NUMBER = re.compile(r"[-+]?(?:_|[.0-9][\w.+-]*_|0[bBxXoO0-9])")
"""A word read as a number by yaml-rs and as text by our loader: with ``_`` (``1_000``,
``_1``), a ``0b``/``0x``/``0o`` prefix (any case), or a leading zero (``017``); only
plain decimals are numbers here. The hints find the candidates: each starts with a
literal, which the search skips to."""

_NESTED_SEQUENCE = re.compile(r"^[ \t]*-[ \t]+-(?:[ \t]|$)", re.MULTILINE)
"""A block sequence nested on one line (``- - x``): yaml-rs crashes on thousands of them."""


def _starts_a_node(text: str, index: int) -> bool:
    """Whether the character at *index* stands where a YAML node starts."""
    i = index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _AFTER_WHICH_A_NODE_STARTS


_ENDS_A_SCALAR = re.compile(r"[\w.+-]*[ \t]*(?:$|[,\]}]|#)", re.MULTILINE)
"""The rest of a word, then the end of the scalar: the word is the whole value."""


def _starts_a_scalar(text: str, index: int) -> bool:
    """Whether a plain scalar starts at *index*: as :func:`_starts_a_node`, but a comma
    counts only where a flow collection may be open (a ``[`` or ``{`` before it), so that
    ``100,000`` in a name is not taken for the number ``000``."""
    i = index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] == ",":
        return text.rfind("[", 0, i) >= 0 or text.rfind("{", 0, i) >= 0
    return i < 0 or text[i] in _AFTER_WHICH_A_NODE_STARTS


def _in_a_word(char: str) -> bool:
    return char.isalnum() or char in "_.+-"


def _a_whole_odd_number(text: str, start: int) -> bool:
    """Whether an odd number (:data:`_ODD_NUMBER`) at *start* is a whole plain scalar."""
    word = _ODD_NUMBER.match(text, start)
    return bool(word and _ENDS_A_SCALAR.match(text, word.end()) and _starts_a_scalar(text, start))


def _needs_strict(text: str) -> bool:
    """Whether the fast path could read *text* differently from the strict loader.

    What only shows in the result (nesting past :data:`MAX_DEPTH`, a key that is not
    text, as from ``: x`` or ``[a]: x``) is checked on the result, by :func:`_odd_shape`.
    """
    if any(literal in text for literal in _RARE_LITERALS) or text.startswith(("---", "...", "%")):
        return True
    if not text.isascii() and _NOT_YAML_1_2_PRINTABLE.search(text):
        return True
    for m in _INDICATOR_OR_CONTROL.finditer(text):  # one pass for both
        if m.group() not in "!&*|>" or _starts_a_node(text, m.start()):
            return True
    underscores, zeros = _ODD_NUMBER_HINTS
    for hint in underscores.finditer(text):  # rare: walk back to the word's start
        start = hint.start()
        while start > 0 and _in_a_word(text[start - 1]):
            start -= 1
        if _a_whole_odd_number(text, start):
            return True
    for hint in zeros.finditer(text):  # in every id with "00" in it: skip those at once
        start = hint.start()
        if start > 0 and text[start - 1] in "+-":
            start -= 1
        if (start == 0 or not _in_a_word(text[start - 1])) and _a_whole_odd_number(text, start):
            return True
    return ("- -" in text or "-  " in text) and _NESTED_SEQUENCE.search(text) is not None


def _fast_yaml_loader() -> Callable[[str], Any] | None:
    try:
        import yaml_rs
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        return None
    no_aliases = yaml_rs.AliasLimits(max_total_replayed_events=0)

    def load(text: str) -> Any:
        return yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=no_aliases,
            duplicate_key_policy=yaml_rs.DuplicateKeyPolicy.Error,
        )

    return load


_fast_yaml: Callable[[str], Any] | None = _fast_yaml_loader()
"""The fast path, or None where yaml-rs is not installed (then the strict loader reads all)."""


def _odd_shape(data: Any, limit: int) -> bool:
    """Whether *data* nests a node (scalars count) over *limit* levels deep, the document
    being 1 (the strict loader's rule, :data:`MAX_DEPTH`), or has a key that is not text.

    Checked level by level, with no call per scalar.
    """
    level = [data] if type(data) is dict or type(data) is list else []
    for depth in range(1, limit + 1):
        below: list[Any] = []
        for node in level:
            values: Collection[Any]
            if type(node) is dict:
                if node and not _TEXT_ONLY.issuperset(map(type, node)):
                    return True
                values = node.values()
            else:
                values = node
            if depth == limit and values:
                return True
            below += [v for v in values if type(v) is dict or type(v) is list]
        level = below
    return False


_TEXT_ONLY = frozenset([str])


def _parse_yaml(text: str) -> Any:
    if _fast_yaml is not None and not _needs_strict(text):
        data = _fast_in_pieces(_fast_yaml, text)
        if data is _FAILED:
            try:
                data = _fast_yaml(text)
            except Exception:  # noqa: BLE001 - the strict loader says what is wrong, and where
                data = _FAILED
        if data is not _FAILED and not _odd_shape(data, MAX_DEPTH):
            return data
    return _strict_yaml(text)


_FAILED = object()

_PIECE_CHARS = 1 << 20
"""About how much text the fast path reads at a time from a long list (see below)."""

_TOP_LEVEL_LINE = re.compile(r"^[^\s#]", re.MULTILINE)
"""A line that starts at the first column (a key of the document, or a list entry)."""

_ENTRY = re.compile(r"-(?:[ \t]|\r?\n|$)")
"""A list entry's dash, at the start of a line."""


def _fast_in_pieces(load: Callable[[str], Any], text: str) -> Any:
    """The document read a section at a time, and a long list a megabyte at a time.

    yaml-rs builds its own tree of the whole text before it makes Python objects:
    for a large file that tree, not the result, sets the peak memory. Read in pieces,
    at most a megabyte of it exists at a time. The pieces start at lines that begin
    in the first column: a top-level key, or an entry of a top-level list (the layout
    csmo_model writes). Only a block mapping of such sections is read this way; each
    piece must read as one new key, or as list entries, or the whole text is read at
    once (``_FAILED``), as a line in the first column inside a quoted or bracketed
    value splits it into pieces that do not.
    """
    if len(text) <= _PIECE_CHARS:
        return _FAILED
    starts = [m.start() for m in _TOP_LEVEL_LINE.finditer(text)]
    if not starts or _ENTRY.match(text, starts[0]):
        return _FAILED  # not a block mapping
    starts[0] = 0  # comments and blank lines before the first key go with it
    starts.append(len(text))
    out: dict[str, Any] = {}
    try:
        i = 0
        while i < len(starts) - 1:
            j = i + 1  # the section: its key line, up to the next key line
            while j < len(starts) - 1 and _ENTRY.match(text, starts[j]):
                j += 1
            if not _read_section(load, text, starts[i : j + 1], out):
                return _FAILED
            i = j
    except Exception:  # noqa: BLE001 - read whole, the text says what is wrong, and where
        return _FAILED
    return out


def _read_section(
    load: Callable[[str], Any], text: str, starts: list[int], out: dict[str, Any]
) -> bool:
    """Read the section between ``starts[0]`` and ``starts[-1]`` into *out*.

    ``starts[1:-1]`` are where its list entries start. False if a piece does not
    read as it should (a key already in *out*, more than one key, not a list).
    """
    if len(starts) == 2:  # a key and its value, no list entries in the first column
        piece = load(text[starts[0] : starts[1]])
        if type(piece) is not dict or len(piece) != 1 or next(iter(piece)) in out:
            return False
        out.update(piece)
        return True
    head = load(text[starts[0] : starts[1]])  # "key:" alone reads as {key: None}
    if type(head) is not dict or len(head) != 1:
        return False
    key, value = next(iter(head.items()))
    if value is not None or key in out:
        return False
    entries: list[Any] = []
    begin, last = 1, len(starts) - 1
    while begin < last:
        end = begin + 1
        while end < last and starts[end] - starts[begin] < _PIECE_CHARS:
            end += 1
        piece = load(text[starts[begin] : starts[end]])
        if type(piece) is not list:
            return False
        entries += piece
        begin = end
    out[key] = entries
    return True


def _yaml_error(exc: yaml.YAMLError, source: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # Its str() spans two lines; say the same on one, with a place.
        line = source.count("\n", 0, exc.position) + 1
        column = exc.position - (source.rfind("\n", 0, exc.position) + 1) + 1
        return Problem(
            f"line {line}, column {column}",
            f"not valid YAML: the character U+{exc.character:04X} is not allowed; remove it",
            code="parse-error",
        )
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    for pattern, plain in _YAML_SYNTAX:
        if match := pattern.search(str(problem)):
            return Problem(
                where, f"not valid YAML: {plain.format(*match.groups())}", code="parse-error"
            )
    context = getattr(exc, "context", None)
    text = f"{context}: {problem}" if context else str(problem)
    flat = text.replace("\n", " ")  # one problem, one line
    return Problem(where, f"not valid YAML: {flat}", code="parse-error")


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
            return _parse_yaml(text)
        if syntax == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
        return tomli.loads(text)
    except yaml.YAMLError as exc:
        raise LoadError([_yaml_error(exc, text)]) from None
    except json.JSONDecodeError as exc:
        raise LoadError(
            [
                Problem(
                    f"line {exc.lineno}, column {exc.colno}",
                    f"not valid JSON: {exc.msg}",
                    code="parse-error",
                )
            ]
        ) from None
    except tomli.TOMLDecodeError as exc:
        raise LoadError([Problem("", f"not valid TOML: {exc}", code="parse-error")]) from None
    except RecursionError:
        raise LoadError(
            [Problem("", "nested too deeply to be an organization file", code="too-deep")]
        ) from None
    except ValueError as exc:  # the JSON hooks, over-long integers, bad YAML escapes
        raise LoadError(
            [Problem("", f"not valid {syntax.upper()}: {exc}", code="parse-error")]
        ) from None
