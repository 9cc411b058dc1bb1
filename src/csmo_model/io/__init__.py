"""Our own file format, ``csmo-model/2``, in YAML, JSON and TOML.

:func:`load` and :func:`dump` choose the syntax by the file's suffix
(``.yaml``/``.yml``, ``.json``, ``.toml``); :func:`loads` and :func:`dumps`
work on text; :func:`from_dict` and :func:`to_dict` on plain data. Foreign
formats (W3C ORG, HR exports, graph files) live in :mod:`csmo_model.interop`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import cattrs
import tomli_w

from csmo_model import _gc
from csmo_model._converter import configure_converter, make_converter, problems_from
from csmo_model._parse import Syntax, parse_text
from csmo_model._validation import DOCUMENT_KEYS
from csmo_model.errors import LoadError, ModelError, Problem, did_you_mean
from csmo_model.model import (
    SECTION_TYPES,
    VOCABULARIES,
    Acceptance,
    Organization,
    assemble,
    blueprint_responsibilities,
    check_fingerprint,
    check_reason,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMAT",
    "READABLE_FORMATS",
    "Progress",
    "configure_converter",
    "dump",
    "dumps",
    "from_dict",
    "iterdumps",
    "load",
    "loads",
    "make_converter",
    "syntax_for",
    "to_dict",
    "write_atomic",
]


def __dir__() -> list[str]:
    return __all__


FORMAT = "csmo-model/2"
"""The format header every organization file starts with (what this version writes)."""

READABLE_FORMATS = ("csmo-model/1", FORMAT)
"""The format headers this version reads: ``csmo-model/2`` added channels, routes,
metrics, policies, the chief executive and role levels to ``csmo-model/1``, which reads
as it always did."""

_NEW_IN_2 = {
    "": ("chief_executive", "channels", "routes", "metrics", "policies"),
    "roles": ("level",),
}
"""What ``csmo-model/2`` added: top-level keys, and keys of a section's entities. A file
headed ``csmo-model/1`` that uses them is told to change its header, so that the header
keeps meaning what an older reader can read."""

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this (50 MiB) are refused unless a larger limit is given."""

_SUFFIXES: dict[str, Syntax] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}
_SECTIONS = SECTION_TYPES
_KEYS = DOCUMENT_KEYS
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_CONVERTER = make_converter()
_PROGRESS_EVERY = 10_000

Progress = Callable[[str, int, int], None]
"""A progress callback: ``progress(stage, done, total)``."""


def syntax_for(path: str | os.PathLike[str]) -> Syntax:
    """Return the syntax a file's suffix selects.

    Raises
    ------
    LoadError
        If the suffix names none of our formats.

    Examples
    --------
    >>> syntax_for("acme.yml"), syntax_for("acme.TOML")
    ('yaml', 'toml')
    """
    suffix = Path(path).suffix.lower()
    try:
        return _SUFFIXES[suffix]
    except KeyError:
        raise LoadError(
            [
                Problem(
                    "",
                    f"cannot tell the format of {os.fspath(path)!r} from its suffix "
                    f"{suffix or '(none)'!r}; use .yaml, .yml, .json or .toml",
                    code="unknown-suffix",
                )
            ]
        ) from None


def _decode(data: bytes) -> str:
    if data.startswith(_BOMS) or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        raise LoadError(
            [
                Problem(
                    "",
                    "the file starts with a byte-order mark; save it as UTF-8 without BOM",
                    code="bad-encoding",
                )
            ]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LoadError(
            [
                Problem(
                    f"line {line}",
                    f"byte {exc.start} (0x{data[exc.start]:02x}) is not UTF-8; "
                    "save the file as UTF-8",
                    code="bad-encoding",
                )
            ]
        ) from None


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise LoadError(
            [
                Problem(
                    "",
                    f"the file is {size:,} bytes, over the limit of {max_bytes:,}; "
                    "raise max_bytes (CLI: --max-bytes) if it is really this large",
                    code="too-large",
                )
            ]
        )


def load(
    path: str | os.PathLike[str],
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    converter: cattrs.Converter | None = None,
    progress: Progress | None = None,
) -> Organization:
    """Read an organization file, choosing YAML, JSON or TOML by its suffix.

    Parameters
    ----------
    path
        The file to read.
    max_bytes
        Refuse files larger than this many bytes (``None``: no limit).
    converter
        A converter set up with :func:`configure_converter`; a private one by default.
    progress
        Called as ``progress(stage, done, total)`` while a large file is read:
        stages ``"parse"``, then each section (``"roles"``...), then ``"validate"``.

    Returns
    -------
    Organization
        The validated organization.

    Raises
    ------
    LoadError
        The file cannot be read or parsed.
    ModelError
        The file is readable but describes an invalid organization; every
        problem is listed with its path.

    Examples
    --------
    >>> import csmo_model as cm, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.yaml"
    >>> _ = path.write_text("format: csmo-model/2\\nname: Tiny\\n", encoding="utf-8")
    >>> cm.load(path).name
    'Tiny'
    """
    source = os.fspath(path)
    try:
        syntax = syntax_for(path)
        try:
            with open(path, "rb") as handle:
                info = os.fstat(handle.fileno())
                if max_bytes is None:
                    data = handle.read()
                elif stat.S_ISREG(info.st_mode):
                    _check_size(info.st_size, max_bytes)
                    # Read at most one byte past the limit (the file may be growing),
                    # without asking for a buffer the size of the limit itself.
                    data = handle.read(min(info.st_size, max_bytes) + 1)
                else:
                    # A pipe, FIFO or device has no size to trust: read to the limit.
                    data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise LoadError(
                [Problem("", f"cannot read the file: {exc.strerror}", code="unreadable-file")]
            ) from None
        _check_size(len(data), max_bytes)
        return loads(_decode(data), syntax, max_bytes=None, converter=converter, progress=progress)
    except ModelError as exc:
        raise type(exc)(exc.problems, source) from None


def loads(
    text: str | bytes,
    syntax: Syntax = "yaml",
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    converter: cattrs.Converter | None = None,
    progress: Progress | None = None,
) -> Organization:
    """Read an organization from text in the given syntax.

    Raises
    ------
    LoadError
        If the text cannot be read (not well formed, too large, a byte-order mark).
    ModelError
        If it describes an invalid organization (every problem, located).
    ValueError
        For a syntax other than ``yaml``, ``json`` or ``toml``.

    Examples
    --------
    >>> org = loads('{"format": "csmo-model/2", "name": "Tiny"}', "json")
    >>> org.name
    'Tiny'
    """
    if isinstance(text, bytes):
        _check_size(len(text), max_bytes)
        text = _decode(text)
    else:
        # max_bytes counts bytes: measure the UTF-8 size of non-ASCII text.
        size = len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))
        _check_size(size, max_bytes)
        if text.startswith("\ufeff"):
            raise LoadError(
                [
                    Problem(
                        "", "the text starts with a byte-order mark; remove it", code="bad-encoding"
                    )
                ]
            )
    if syntax not in ("yaml", "json", "toml"):
        raise ValueError(f"unknown syntax {syntax!r}; use 'yaml', 'json' or 'toml'")
    if not text.strip():
        raise LoadError(
            [Problem("", "the file is empty; start it with 'format: csmo-model/2'", code="empty")]
        )
    with _gc.paused():
        if progress is not None:
            progress("parse", 0, 1)
        document = parse_text(text, syntax)
        if progress is not None:
            progress("parse", 1, 1)
        return from_dict(document, converter=converter, progress=progress)


def from_dict(
    document: Any,
    *,
    converter: cattrs.Converter | None = None,
    progress: Progress | None = None,
) -> Organization:
    """Build an organization from a parsed ``csmo-model/2`` document.

    Every entity is structured on its own so that all problems, structural and
    referential, are reported together.

    Examples
    --------
    >>> from_dict({"format": "csmo-model/2", "name": "Tiny",
    ...            "roles": [{"id": "ceo", "title": "CEO", "reprots_to": "x"}]})
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      roles[0]: unknown key 'reprots_to' (did you mean 'reports_to'?); known keys are ...
    """
    with _gc.paused():
        return _from_dict(document, converter, progress)


def _from_dict(
    document: Any, converter: cattrs.Converter | None, progress: Progress | None
) -> Organization:
    conv = converter or _CONVERTER
    if not isinstance(document, Mapping):
        # Not the text itself: a whole file read as one string can be long.
        kind = "text" if isinstance(document, str | bytes) else _describe_raw(document)
        raise LoadError(
            [
                Problem(
                    "",
                    f"expected a mapping with 'format: {FORMAT}' at the top, got {kind}",
                    code="not-a-mapping",
                )
            ]
        )
    problems = _header_problems(document)
    scalars = _scalars(conv, document, problems)
    parts: dict[str, list[Any]] = {}
    unreadable: dict[str, dict[str, int]] = {}
    for section, cls in _SECTIONS.items():
        parts[section] = _section(conv, document, section, cls, progress, problems, unreadable)

    # assemble adds the jobs of the listed blueprints, unless the file defines
    # one under the same id (then the file's wins), and checks the whole.
    fields = {key: value for key, value in scalars.items() if key != "$schema"}
    fields.update(parts, name=scalars.get("name", "?"), schema=scalars.get("$schema"))
    if progress is not None:
        progress("validate", 0, 1)
    try:
        return assemble(Organization, fields, unreadable_ids=unreadable, problems=problems)
    finally:
        if progress is not None:
            progress("validate", 1, 1)


def _newer_than_1(document: Mapping[str, Any]) -> Iterator[Problem]:
    """The keys of a ``csmo-model/1`` file that only ``csmo-model/2`` has."""
    fix = f"change the header to 'format: {FORMAT}'"
    for key in _NEW_IN_2[""]:
        if key in document:
            yield Problem(key, f"{key!r} is new in {FORMAT}; {fix}", code="unknown-key")
    for section, keys in _NEW_IN_2.items():
        entities = document.get(section) if section else None
        if not isinstance(entities, list):
            continue
        for i, entity in enumerate(entities):
            for key in keys:
                if isinstance(entity, Mapping) and key in entity:
                    yield Problem(
                        f"{section}[{i}].{key}",
                        f"{key!r} is new in {FORMAT}; {fix}",
                        code="unknown-key",
                    )


def _header_problems(document: Mapping[str, Any]) -> list[Problem]:
    """The format header's problems, and unknown top-level keys."""
    problems: list[Problem] = []
    fmt = document.get("format")
    if "format" not in document:
        problems.append(
            Problem(
                "format", f"missing header; add 'format: {FORMAT}' at the top", code="missing-field"
            )
        )
    elif fmt not in READABLE_FORMATS:
        problems.append(
            Problem(
                "format",
                f"unknown format {fmt!r}; this version reads "
                + " and ".join(map(repr, READABLE_FORMATS)),
                code="unknown-format",
            )
        )
    if fmt == READABLE_FORMATS[0]:
        problems.extend(_newer_than_1(document))
    for key in document:
        if key not in _KEYS:
            problems.append(
                Problem(
                    _key_path(key),
                    f"unknown key {key!r}{did_you_mean(key, _KEYS)}; "
                    f"known keys are {', '.join(_KEYS)}",
                    code="unknown-key",
                )
            )
    return problems


def _scalars(
    conv: cattrs.Converter, document: Mapping[str, Any], problems: list[Problem]
) -> dict[str, Any]:
    """The top-level values that are not sections; each problem is added to *problems*."""
    scalars: dict[str, Any] = {}
    scalar_types: tuple[tuple[str, Any], ...] = (
        ("name", str),
        ("social_lead", str | None),
        ("chief_executive", str | None),
        ("notes", str | None),
        ("$schema", str | None),
    )
    for key, scalar_type in scalar_types:
        if key == "name" and key not in document:
            problems.append(Problem("name", "is required but missing", code="missing-field"))
            continue
        try:
            scalars[key] = conv.structure(document.get(key), scalar_type)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a located problem
            problems.extend(problems_from(exc, key))
    try:
        scalars["blueprints"] = conv.structure(document.get("blueprints", []), tuple[str, ...])
    except Exception as exc:  # noqa: BLE001
        problems.extend(problems_from(exc, "blueprints"))
    scalars["accepted"] = _accepted(conv, document.get("accepted", []), problems)
    return scalars


def _section(
    conv: cattrs.Converter,
    document: Mapping[str, Any],
    section: str,
    cls: type,
    progress: Progress | None,
    problems: list[Problem],
    unreadable: dict[str, dict[str, int]],
) -> list[Any]:
    """The entities of one section, ``None`` where one cannot be read (or salvaged).

    Each problem is added to *problems*; the ids of unreadable entities to *unreadable*.
    """
    raw = document.get(section, [])
    items: list[Any] = []
    if not isinstance(raw, list):
        problems.append(
            Problem(
                section,
                f"expected a list of {section}, got {_describe_raw(raw)}",
                code="wrong-type",
            )
        )
        return items
    for i, item in enumerate(raw):
        if progress is not None and i % _PROGRESS_EVERY == 0:
            progress(section, i, len(raw))
        path = f"{section}[{i}]"
        if not isinstance(item, Mapping):
            problems.append(
                Problem(
                    path,
                    f"expected a mapping of fields, got {_describe_raw(item)}",
                    code="wrong-type",
                )
            )
            items.append(None)
            continue
        try:
            items.append(conv.structure(item, cls))
        except Exception as exc:  # noqa: BLE001
            found = problems_from(exc, path)
            salvaged = _salvage(conv, item, cls, path, found)  # may add to *found*
            problems.extend(found)
            items.append(salvaged)
            if salvaged is None and isinstance(item.get("id"), str):
                unreadable.setdefault(section, {}).setdefault(item["id"], i)
    return items


def _accepted(conv: cattrs.Converter, raw: Any, problems: list[Problem]) -> list[Acceptance]:
    """The ``accepted:`` entries; each problem is added to *problems*."""
    if not isinstance(raw, list):
        problems.append(
            Problem(
                "accepted",
                f"expected a list of accepted findings, got {_describe_raw(raw)}",
                code="wrong-type",
            )
        )
        return []
    out: list[Acceptance] = []
    first: dict[str, int] = {}
    for i, item in enumerate(raw):
        path = f"accepted[{i}]"
        if not isinstance(item, Mapping):
            problems.append(
                Problem(
                    path,
                    f"expected a mapping of fields, got {_describe_raw(item)}",
                    code="wrong-type",
                )
            )
            continue
        # The attrs converters of Acceptance run inside its __init__, where
        # cattrs cannot tell which field failed: check those fields first.
        located = []
        for key, check in (("fingerprint", check_fingerprint), ("reason", check_reason)):
            if isinstance(item.get(key), str):
                try:
                    check(item[key])
                except ValueError as exc:
                    located.append(Problem(f"{path}.{key}", str(exc), code=f"bad-{key}"))
        try:
            entry = conv.structure(item, Acceptance)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a located problem
            problems.extend(located or problems_from(exc, path))
            continue
        if entry.fingerprint in first:
            problems.append(
                Problem(
                    f"{path}.fingerprint",
                    f"{entry.fingerprint} is already accepted in "
                    f"accepted[{first[entry.fingerprint]}]; keep one entry",
                    code="duplicate-acceptance",
                )
            )
            continue
        first[entry.fingerprint] = i
        out.append(entry)
    return out


def _salvage(
    conv: cattrs.Converter, item: Mapping[str, Any], cls: type, path: str, found: list[Problem]
) -> Any:
    """Structure *item* without the fields that failed, so its other fields get checked too.

    A required field that failed gets a stand-in (display text, or a
    vocabulary's ``other``); a field that fails once the first are set aside
    (attrs converters stop at the first) adds its problem to *found* and is
    set aside in turn, so that every problem of the entity is reported at
    once. The result only feeds validation, in the same round as the
    structural problems: a file is never loaded with a field dropped.
    """
    fields = {f.alias or f.name: f for f in attrs.fields(cls)}
    failed: set[str] = set()
    problems = found
    while True:
        failed |= {p.path[len(path) + 1 :].split(".")[0].split("[")[0] for p in problems}
        rest = {k: v for k, v in item.items() if k in fields and k not in failed}
        for label in failed & {"name", "title"}:  # display text: any stand-in will do
            rest[label] = "(unreadable)"
        for label in failed & fields.keys():
            kind = fields[label].type  # a class, or its name while attrs has not resolved it
            stand_in = _STAND_INS.get(getattr(kind, "__name__", kind))
            if fields[label].default is attrs.NOTHING and stand_in is not None:
                rest[label] = stand_in
        try:
            return conv.structure(rest, cls)
        except Exception as exc:  # noqa: BLE001 - a required field is missing or unusable
            known = {p.path for p in found}
            new = [p for p in problems_from(exc, path) if p.path not in known]
            if not new:
                return None  # nothing new: what is left cannot be read
            found.extend(new)
            problems = new


_STAND_INS: dict[str, Any] = {
    cls.__name__: member for cls in VOCABULARIES for member in cls if member.value == "other"
}
"""Stand-ins for required vocabulary fields that could not be read, by the vocabulary's
name: its ``other``. Only validation sees them, never a loaded organization."""


def _key_path(key: object) -> str:
    """A top-level key as a problem path: itself, or its repr if it is odd text."""
    if isinstance(key, str) and key.isprintable() and key and key.strip() == key:
        return key
    return repr(key)


def _describe_raw(value: object) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if value is None:
        return "nothing (null)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"


class _Entities(list[Any]):
    """A section's entities, unstructured one at a time as a writer iterates over them.

    Only the writers that walk a document in order (YAML, JSON) get these, so that a
    million entities are never all held as dictionaries at once.
    """

    def __init__(self, conv: cattrs.Converter, values: list[Any]) -> None:
        super().__init__()
        self._conv, self._values = conv, values

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return map(self._conv.unstructure, self._values)


def to_dict(org: Organization, *, converter: cattrs.Converter | None = None) -> dict[str, Any]:
    """Return *org* as a plain ``csmo-model/2`` document; defaults are omitted.

    Examples
    --------
    >>> from csmo_model import Organization, Role
    >>> to_dict(Organization.from_parts(name="Tiny", roles=[Role(id="ceo", title="Boss")]))
    {'format': 'csmo-model/2', 'name': 'Tiny', 'roles': [{'id': 'ceo', 'title': 'Boss'}]}
    """
    return _document(org, converter or _CONVERTER, lazy=False)


def _document(org: Organization, conv: cattrs.Converter, *, lazy: bool) -> dict[str, Any]:
    """:func:`to_dict`; with *lazy*, each section's entities unstructured as they are read."""
    doc: dict[str, Any] = {"$schema": org.schema} if org.schema is not None else {}
    doc.update(format=FORMAT, name=org.name)
    if org.social_lead is not None:
        doc["social_lead"] = org.social_lead
    if org.chief_executive is not None:
        doc["chief_executive"] = org.chief_executive
    if org.blueprints:
        doc["blueprints"] = list(org.blueprints)
    if org.notes is not None:
        doc["notes"] = org.notes
    # Responsibilities exactly as a listed blueprint defines them are implied
    # by the blueprint, so they are not written out.
    implied = {r.id: r for b in org.blueprints for r in blueprint_responsibilities(b)}
    own = (r for r in org.responsibilities.values() if implied.get(r.id) != r)
    for section, values in (
        ("departments", org.departments.values()),
        ("responsibilities", own),
        ("roles", org.roles.values()),
        ("people", org.people.values()),
        ("links", org.links),
        ("channels", org.channels.values()),
        ("routes", org.routes),
        ("metrics", org.metrics.values()),
        ("policies", org.policies.values()),
    ):
        items = _Entities(conv, list(values)) if lazy else [conv.unstructure(v) for v in values]
        if items:
            doc[section] = items
    if org.accepted:
        doc["accepted"] = [conv.unstructure(a) for a in org.accepted]
    return doc


# -- writing YAML ----------------------------------------------------------------------------
#
# Organization documents are a mapping of scalars, lists of scalars and lists of flat
# mappings: a few lines of string building write them about 30 times faster than PyYAML's
# emitter, in the same block layout. Text is written plain only when every YAML reader
# (1.1 or 1.2, PyYAML or yaml-rs) reads it back as the same text; otherwise in single
# quotes, or in double quotes with escapes when it holds a character that needs one.

_PLAIN = re.compile(r"[^\W\d_][\w .,/()'+-]*(?<! )")
_NOT_PLAIN_WORDS = frozenset(["y", "n", "yes", "no", "on", "off", "true", "false", "null"])
_SINGLE_QUOTABLE = re.compile(
    r"[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_YAML_ESCAPES = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_NEEDS_ESCAPE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_text(value: str) -> str:
    if _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN_WORDS:
        return value
    if _SINGLE_QUOTABLE.fullmatch(value):
        return "'" + value.replace("'", "''") + "'"
    quoted = json.dumps(value, ensure_ascii=False)  # JSON's escapes are YAML's too
    return _NEEDS_ESCAPE.sub(
        lambda m: _YAML_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), quoted
    )


def _yaml_scalar(value: Any) -> str:
    if type(value) is str:
        return _yaml_text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        return text.replace("e", ".0e") if "." not in text and "e" in text else text
    if isinstance(value, int):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _yaml_block(value: Any, indent: str, out: list[str]) -> None:
    """Append the lines of the collection *value* at *indent* to *out*."""
    if isinstance(value, dict):
        for key, item in value.items():
            _yaml_entry(f"{indent}{_yaml_text(key)}:", item, indent, out)
        return
    for item in value:
        if isinstance(item, dict) and item:
            first = True
            for key, field in item.items():
                lead = f"{indent}- " if first else f"{indent}  "
                _yaml_entry(f"{lead}{_yaml_text(key)}:", field, indent + "  ", out)
                first = False
        elif isinstance(item, list | dict) and item:
            out.append(f"{indent}-")
            _yaml_block(item, indent + "  ", out)
        else:
            out.append(f"{indent}- {_yaml_collection_or_scalar(item)}")


def _yaml_collection_or_scalar(value: Any) -> str:
    if isinstance(value, list | dict):
        return "[]" if isinstance(value, list) else "{}"  # only empty ones reach here
    return _yaml_scalar(value)


def _yaml_entry(head: str, value: Any, indent: str, out: list[str]) -> None:
    """Append ``key: value``, or ``key:`` and the block of a non-empty collection."""
    if isinstance(value, list) and value:
        out.append(head)
        _yaml_block(value, indent, out)  # PyYAML's layout: a list's dashes under its key
    elif isinstance(value, dict) and value:
        out.append(head)
        _yaml_block(value, indent + "  ", out)
    else:
        out.append(f"{head} {_yaml_collection_or_scalar(value)}")


_PIECE = 1 << 16
"""About how many lines or JSON tokens the writers gather into one piece of text."""


def _yaml_pieces(doc: dict[str, Any]) -> Iterator[str]:
    """The YAML text of *doc* in pieces, a section's entities a few at a time."""
    out: list[str] = []
    for key, value in doc.items():
        head = f"{_yaml_text(key)}:"
        if not (isinstance(value, list) and value):
            _yaml_entry(head, value, "", out)
            continue
        out.append(head)
        for item in value:
            _yaml_block([item], "", out)
            if len(out) >= _PIECE:
                yield "\n".join(out) + "\n"
                out.clear()
    if out:
        yield "\n".join(out) + "\n"


def _json_pieces(doc: dict[str, Any]) -> Iterator[str]:
    """The text of ``json.dumps(doc, indent=2, ensure_ascii=False)`` and a line end, in pieces."""
    tokens: list[str] = []
    for token in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(doc):
        tokens.append(token)
        if len(tokens) >= _PIECE:
            yield "".join(tokens)
            tokens.clear()
    tokens.append("\n")
    yield "".join(tokens)


_WRITERS: dict[Syntax, Callable[[dict[str, Any]], Iterator[str]]] = {
    "yaml": _yaml_pieces,
    "json": _json_pieces,
    "toml": lambda doc: iter([tomli_w.dumps(doc)]),
}


def dumps(
    org: Organization, syntax: Syntax = "yaml", *, converter: cattrs.Converter | None = None
) -> str:
    """Return *org* as text in the given syntax.

    Raises
    ------
    ValueError
        For a syntax other than ``yaml``, ``json`` or ``toml``.

    Examples
    --------
    >>> from csmo_model import Organization
    >>> print(dumps(Organization.from_parts(name="Tiny"), "toml"), end="")
    format = "csmo-model/2"
    name = "Tiny"
    """
    return "".join(iterdumps(org, syntax, converter=converter))


def iterdumps(
    org: Organization, syntax: Syntax = "yaml", *, converter: cattrs.Converter | None = None
) -> Iterator[str]:
    """Yield the text of :func:`dumps` in pieces, for writing large organizations.

    In YAML and JSON each entity is turned into plain data only when its turn
    comes, so a million people are never all in memory twice, as data and as
    text; TOML comes in one piece. :func:`dump` writes these pieces, and
    :func:`write_atomic` takes them.

    Raises
    ------
    ValueError
        For a syntax other than ``yaml``, ``json`` or ``toml``.

    Examples
    --------
    >>> from csmo_model import Organization, Role
    >>> org = Organization.from_parts(name="Tiny", roles=[Role(id="ceo", title="Boss")])
    >>> "".join(iterdumps(org, "json")) == dumps(org, "json")
    True
    """
    if syntax not in _WRITERS:
        raise ValueError(f"unknown syntax {syntax!r}; use 'yaml', 'json' or 'toml'")
    conv = converter or _CONVERTER
    return _WRITERS[syntax](_document(org, conv, lazy=syntax != "toml"))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0o022)  # reading the umask means setting it; put it back at once
        os.umask(umask)
        return 0o666 & ~umask


_TEMP_MARK = ".csmo-"
_TEMP_SUFFIX = ".tmp"


def _temp_prefix(target: Path) -> str:
    """The start of the names of *target*'s temporary files: ``.NAME.csmo-``."""
    return f".{target.name}{_TEMP_MARK}"


def _remove_stale_temps(target: Path) -> None:
    """Remove temporary files an interrupted write of *target* left behind.

    A temporary file is named ``.NAME.csmo-PID-RANDOM.tmp``; it is stale when
    no process with that id runs any more (a write killed by ``kill -9`` or a
    power cut). Those of a write still running are left alone.
    """
    prefix = _temp_prefix(target)
    try:
        names = [n for n in os.listdir(target.parent or ".") if n.startswith(prefix)]
    except OSError:
        return
    for name in names:
        pid_text = name[len(prefix) :].split("-", 1)[0]
        if not name.endswith(_TEMP_SUFFIX) or not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid == os.getpid() or _running(pid):
            continue
        with contextlib.suppress(OSError):
            os.unlink(target.parent / name)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. PermissionError: it runs, as another user
        return True
    return True


def write_atomic(
    path: str | os.PathLike[str], text: str | Iterable[str], *, overwrite: bool = True
) -> None:
    """Write *text* to *path* through a temporary file and a rename.

    A crash leaves either the old file or the new one, never half of one.
    The temporary file, ``.NAME.csmo-PID-RANDOM.tmp`` beside *path*, is
    removed on any error; one left by a process that was killed is removed
    by the next write of the same *path*.
    The file keeps the permissions of the one it replaces; a new file gets
    the usual ones (``0o666`` less the umask), not the temporary file's ``0o600``.

    Parameters
    ----------
    path
        The file to write.
    text
        Its new content, written as UTF-8 with ``\\n`` line ends; or its pieces
        (such as :func:`iterdumps` yields), written one after another.
    overwrite
        When false, the file is created only if nothing exists at *path*
        (not even a dangling symbolic link), in one step, so that of several
        writers racing for the same new path exactly one succeeds.

    Raises
    ------
    FileExistsError
        *overwrite* is false and *path* exists.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomic(path, "one\\n", overwrite=False)
    >>> write_atomic(path, "two\\n", overwrite=False)
    Traceback (most recent call last):
    ...
    FileExistsError: ...
    """
    target = Path(path)
    _remove_stale_temps(target)
    fd, tmp = tempfile.mkstemp(
        prefix=f"{_temp_prefix(target)}{os.getpid()}-", suffix=_TEMP_SUFFIX, dir=target.parent
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            os.chmod(tmp, _mode_for(target))
            if isinstance(text, str):
                handle.write(text)
            else:
                for piece in text:
                    handle.write(piece)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            _create_exclusively(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _create_exclusively(tmp: str, target: Path) -> None:
    """Move *tmp* to *target* only if *target* does not exist, atomically."""
    try:
        os.link(tmp, target)  # fails if anything, even a dangling link, is there
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network and FAT file systems): claim the
        # name with an exclusive create, then move the content over it.
        os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        os.replace(tmp, target)
    else:
        os.unlink(tmp)


def dump(
    org: Organization,
    path: str | os.PathLike[str],
    *,
    converter: cattrs.Converter | None = None,
) -> None:
    """Write *org* to *path* atomically, choosing the syntax by the suffix.

    Examples
    --------
    >>> import csmo_model as cm, tempfile, pathlib
    >>> org = cm.Organization.from_parts(name="Tiny")
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "tiny.json"
    >>> cm.dump(org, path)
    >>> cm.load(path) == org
    True
    """
    write_atomic(path, iterdumps(org, syntax_for(path), converter=converter))
