"""HR exports: a CSV file with one row per person, read into an organization.

The columns, matched without regard to case, spaces or hyphens (``Manager
ID`` is ``manager_id``), are:

==============  ========  ====================================================
column          needed    becomes
==============  ========  ====================================================
``id``          yes       the person's id, and the id of the role made for them
``name``        yes       the person's name
``title``       yes       the title of their role
``department``  no        the role's department, made from the name
``manager_id``  no        the id of the person whose role theirs reports to
``capacity``    no        the person's capacity in FTE (default 1.0)
``level``       no        the role's level: board, c-suite, vp, director, manager, staff
``notes``       no        the person's notes
==============  ========  ====================================================

Other names are given with *mapping* (``{"id": "Employee Number"}``). Other
columns are reported as not imported, never ignored silently.
"""

from __future__ import annotations

import array
import csv
import functools
import io
import itertools
import math
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from csmo_model._text import LINE_BREAKS, plain_decimal
from csmo_model.errors import LoadError, ModelError, Problem, did_you_mean
from csmo_model.interop._common import OnProblem, _as_id, _deliver, _IdAllocator
from csmo_model.io import DEFAULT_MAX_BYTES
from csmo_model.model import Department, Function, Level, Organization, Person, Role

__all__ = ["HR_CSV_FIELDS", "from_hr_csv"]


def __dir__() -> list[str]:
    return __all__


HR_CSV_FIELDS: tuple[str, ...] = (
    "id",
    "name",
    "title",
    "department",
    "manager_id",
    "capacity",
    "level",
    "notes",
)
"""The fields a row can fill; each is read from the column of the same name unless mapped."""

_REQUIRED = ("id", "name", "title")
_LEVELS = {level.value: level for level in Level}
_COMPARED = frozenset({"id", "manager_id", "department"})  # NFC, so that e + U+0301 is é
_DELIMITERS = (",", ";", "\t", "|")
_QUOTED = re.compile(r'"(?:[^"]|"")*"')
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _column_key(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().casefold())


@attrs.frozen
class _Options:
    social_lead: str | None
    skip_bad_rows: bool
    ignore_columns: tuple[str, ...]


@attrs.frozen
class _Row:
    line: int
    id: str
    name: str
    title: str
    department: str
    manager: str
    capacity: float
    level: Level | None
    notes: str


def _decode(data: bytes, encoding: str) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            data, encoding = data[len(bom) :], codec
            break
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LoadError(
            [
                Problem(
                    f"line {line}",
                    f"byte 0x{data[exc.start]:02x} is not {encoding}; export the file as "
                    "'CSV UTF-8', or pass the encoding it has (such as encoding='cp1252')",
                )
            ]
        ) from None
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None


def _sniff(line: str) -> str:
    """The delimiter used most in the header line (outside quotes); ``,`` on a tie."""
    bare = _QUOTED.sub("", line)
    return max(_DELIMITERS, key=lambda d: (bare.count(d), -_DELIMITERS.index(d)))


def _records(
    lines: Iterable[str], delimiter: str, skip: int, source: str
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first line, fields)`` for each record; a quoted field may span lines."""
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    line = 0
    try:
        for fields in reader:
            yield line + 1, fields
            line = reader.line_num
    except csv.Error as exc:
        where = f"line {reader.line_num + skip}"
        raise LoadError([Problem(where, f"cannot be read as CSV: {exc}")], source) from None


class _TooBigError(Exception):
    """The file is over the size limit (raised while it is read)."""


class _Capped(io.RawIOBase):
    """A file read through, refusing to go over *limit* bytes (``None``: no limit)."""

    def __init__(self, raw: io.RawIOBase | io.FileIO, limit: int | None) -> None:
        self._raw, self._left = raw, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        n = self._raw.readinto(buffer)
        if n and self._left is not None:
            self._left -= n
            if self._left < 0:
                raise _TooBigError
        return n


def _lines(raw: io.FileIO, encoding: str, max_bytes: int | None) -> Iterator[str]:
    """The file's lines as text, read a block at a time, line ends kept (as ``newline=""``).

    A byte-order mark sets the encoding. Pipes and other files that are not
    regular are read to the limit, not trusted on their size.

    Raises
    ------
    _TooBigError
        The file is over *max_bytes* (a regular file before any line is read).
    UnicodeDecodeError
        Bytes that are not in the encoding.
    """
    if max_bytes is not None:
        info = os.fstat(raw.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
            raise _TooBigError
    buffered = io.BufferedReader(_Capped(raw, max_bytes), buffer_size=1 << 16)
    start = buffered.peek(3)[:3]
    for bom, codec in _BOMS:
        if start.startswith(bom):
            buffered.read(len(bom))
            encoding = codec
            break
    try:
        text = io.TextIOWrapper(buffered, encoding=encoding, newline="")
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    return iter(text)


_LINE_BREAK = re.compile("[ \t]*(?:" + "|".join(map(re.escape, ("\r\n", *LINE_BREAKS))) + ")[ \t]*")


@functools.lru_cache(maxsize=256)  # capacities repeat: one float object for each
def _capacity(text: str) -> float | None:
    """A positive number of FTE, with a decimal point or comma; ``None`` if it is not one."""
    for candidate in (text, text.replace(",", ".", 1)):
        value = plain_decimal(candidate.strip())
        if value is not None:
            return value if math.isfinite(value) and value > 0 else None
    return None


def from_hr_csv(
    path: str | os.PathLike[str],
    *,
    mapping: Mapping[str, str] | None = None,
    name: str | None = None,
    delimiter: str | None = None,
    encoding: str = "utf-8",
    on_problem: OnProblem = "warn",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    social_lead: str | None = None,
    skip_bad_rows: bool = False,
    ignore_columns: Iterable[str] = (),
) -> Organization:
    """Read an HR export: one CSV row per person, with their title, department and manager.

    Each person gets a role of their own, with the person's id as its id, the
    title, the department and a solid reporting line to their manager's role.
    Departments are made from the names in the department column (names
    differing only in case or spacing are one department); a department
    whose name is a :class:`~csmo_model.Function` (``Marketing``, ``Customer
    Support``, ``IT``...) gets that function. Ids that are not valid csmo ids
    (``ana@acme.com``) are made valid (``ana-acme.com``), and the change is
    reported. Ids, manager ids and department names are read in Unicode NFC,
    so an ``é`` typed as ``e`` and a combining accent is the same ``é``.

    The file may start with a byte-order mark (Excel writes one in "CSV UTF-8"),
    be UTF-16 with a byte-order mark, use ``,``, ``;``, tab or ``|`` between
    fields (the one the header line uses most), and start with Excel's
    ``sep=;`` line.

    Parameters
    ----------
    path : str or path-like
        The CSV file.
    mapping : mapping of str to str, optional
        Field name (see :data:`HR_CSV_FIELDS`) to column name, for columns named
        otherwise, e.g. ``{"id": "Employee ID", "manager_id": "Reports To"}``.
    name : str, optional
        The organization's name (default: the file name without its suffix).
    delimiter : str, optional
        The field delimiter, if guessing from the header line is not wanted.
    encoding : str
        The file's encoding when it has no byte-order mark (default UTF-8).
    on_problem : {"warn", "raise"} or callable
        What to do with what is read but not imported: other columns, empty
        rows, changed ids (see :data:`~csmo_model.interop.OnProblem`).
    max_bytes : int or None
        Refuse larger files (``None``: no limit).
    social_lead : str, optional
        The id (as in the file) of the person whose role leads social media.
    skip_bad_rows : bool
        Leave out the rows with problems, and the rows that would then point
        to a manager left out, instead of refusing the file; each one is
        reported through *on_problem* with its line and what was wrong.
    ignore_columns : iterable of str
        Columns not to import and not to report as "not imported".

    Returns
    -------
    Organization

    Raises
    ------
    LoadError
        The file cannot be read or decoded, or is empty.
    ModelError
        Bad rows. Every one is reported, as ``line N: ...``, and none is
        skipped: duplicate or empty ids, empty names or titles, managers not
        found, reporting cycles, bad capacities, rows with the wrong number
        of fields, missing columns.
    ValueError
        *mapping* names a field that does not exist.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "staff.csv"
    >>> _ = path.write_text(
    ...     "Employee ID,Name,Title,Department,Manager ID\\n"
    ...     "e1,Bo Chen,Chief Executive Officer,Executive,\\n"
    ...     "e2,Ana Ruiz,Social Media Manager,Marketing,e1\\n",
    ...     encoding="utf-8-sig",
    ... )
    >>> org = from_hr_csv(path, mapping={"id": "Employee ID"}, name="Acme")
    >>> org.roles["e2"].reports_to, org.roles["e2"].department, org.people["e2"].holds
    ('e1', 'marketing', ('e2',))
    >>> org.departments["marketing"].function
    <Function.MARKETING: 'marketing'>
    >>> _ = path.write_text("id,name,title,manager_id\\ne1,Bo,CEO,\\ne2,Ana,CSMO,x\\n")
    >>> from_hr_csv(path)
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: ...staff.csv: 1 problem found
      line 3: manager 'x' not found
    """
    source = os.fspath(path)
    unknown = sorted(set(mapping or {}) - set(HR_CSV_FIELDS))
    if unknown:
        raise ValueError(
            f"mapping names no field {', '.join(map(repr, unknown))}; the fields are "
            + ", ".join(HR_CSV_FIELDS)
        )
    notes: list[Problem] = []
    if isinstance(ignore_columns, str):
        raise TypeError(
            f"ignore_columns takes a collection of column names, not the string "
            f"{ignore_columns!r}; write ignore_columns=[{ignore_columns!r}]"
        )
    options = _Options(social_lead, skip_bad_rows, tuple(ignore_columns))
    try:
        handle = open(source, "rb", buffering=0)  # noqa: SIM115 - closed below
    except OSError as exc:
        raise LoadError([Problem("", f"cannot read the file: {exc.strerror}")], source) from None
    with handle:
        try:
            org = _read(
                _lines(handle, encoding, max_bytes),
                mapping or {},
                Path(source).stem if name is None else name,
                delimiter,
                notes,
                source,
                options,
            )
        except _TooBigError:
            raise LoadError(
                [
                    Problem(
                        "", f"the file is over the limit of {max_bytes:,} bytes; raise max_bytes"
                    )
                ],
                source,
            ) from None
        except UnicodeDecodeError as exc:
            raise LoadError(_undecodable(handle, encoding, max_bytes, exc), source) from None
        except OSError as exc:
            raise LoadError(
                [Problem("", f"cannot read the file: {exc.strerror}")], source
            ) from None
    notes.sort(key=lambda p: int(p.path.split()[1]))
    _deliver(notes, on_problem, source)
    return org


def _undecodable(
    handle: io.FileIO, encoding: str, max_bytes: int | None, exc: UnicodeDecodeError
) -> list[Problem]:
    """Where the bytes that are not in *encoding* are: read as a stream, the decoder
    cannot say on which line it stopped, so a file is read again, whole, to locate
    them (a pipe cannot be, and its problem has no line)."""
    try:
        handle.seek(0)
        data = handle.readall() if max_bytes is None else handle.read(max_bytes + 1)
        _decode(data or b"", encoding)
    except LoadError as located:
        return list(located.problems)
    except OSError:
        pass
    return [
        Problem(
            "",
            f"byte 0x{exc.object[exc.start]:02x} is not {exc.encoding}; export the file as "
            "'CSV UTF-8', or pass the encoding it has (such as encoding='cp1252')",
        )
    ]


def _read(
    lines: Iterator[str],
    mapping: Mapping[str, str],
    name: str,
    delimiter: str | None,
    notes: list[Problem],
    source: str,
    options: _Options,
) -> Organization:
    """Read the rows of an HR export, in named steps; *notes* gets what is not imported."""
    lines, delimiter, skip = _hint_line(lines, delimiter)
    first = next(lines, "")
    blank = [first]  # leading lines with nothing but spaces: the file may be empty
    while not blank[-1].strip() and blank[-1]:
        blank.append(next(lines, ""))
    if not blank[-1].strip():
        raise LoadError(
            [Problem("", "the file is empty; it needs a header line and a row per person")], source
        )
    first_line = first.rstrip("\r\n")
    records = _records(itertools.chain(blank, lines), delimiter or _sniff(first_line), skip, source)
    _, header = next(records)
    header_line = 1 + skip
    position, unnamed = _columns(header, mapping, options, header_line, notes, source)
    errors: list[Problem] = []
    seen: dict[str, int] = {}
    rows = _rows(records, header, position, unnamed, skip, seen, errors, notes)
    if options.skip_bad_rows:
        rows = _skip_bad_rows(rows, errors, notes)
        errors = []
    else:
        # Managers, checked against every id in the file (rows with errors included).
        errors.extend(_manager_problems(rows, set(seen)))
        errors.extend(_cycles(rows))
    lead = options.social_lead
    if lead is not None and lead not in {r.id for r in rows}:
        where = "skipped" if lead in seen else "not found"
        errors.append(Problem(f"line {header_line}", f"social lead {lead!r}: id {where}"))
    if errors:
        errors.sort(key=lambda p: int(p.path.split()[1]))
        raise ModelError(errors, source)
    seen.clear()  # an entry per row: not needed any more
    return _build(rows, name, notes, source, lead)


def _hint_line(
    lines: Iterator[str], delimiter: str | None
) -> tuple[Iterator[str], str | None, int]:
    """Drop Excel's hint line (``sep=;``), taking its delimiter; the lines skipped."""
    first = next(lines, "")
    declared = re.fullmatch(r"sep=(.)", first.rstrip("\r\n"))
    if not declared:
        return itertools.chain([first], lines), delimiter, 0
    return lines, delimiter or declared.group(1), 1


def _columns(
    header: list[str],
    mapping: Mapping[str, str],
    options: _Options,
    header_line: int,
    notes: list[Problem],
    source: str,
) -> tuple[dict[str, int], list[int]]:
    """Where each field is, and the columns without a name; notes the columns not imported.

    Raises
    ------
    ModelError
        A column twice, a field with no column, a column to ignore that is not there.
    """
    errors: list[Problem] = []
    keys = [_column_key(h) for h in header]
    first_at: dict[str, int] = {}
    for j, key in enumerate(keys):
        if key and key in first_at:
            errors.append(
                Problem(
                    f"line {header_line}",
                    f"column {header[j].strip()!r} appears twice (columns {first_at[key] + 1} "
                    f"and {j + 1}); rename one",
                )
            )
        first_at.setdefault(key, j)
    shown = ", ".join(repr(h.strip()) for h in header if h.strip()) or "none"
    position: dict[str, int] = {}
    for field in HR_CSV_FIELDS:
        wanted = _column_key(mapping.get(field, field))
        if wanted in first_at:
            position[field] = first_at[wanted]
        elif field in _REQUIRED or field in mapping:
            given = mapping.get(field, field)
            hint = (
                ""
                if field in mapping
                else f", or name the column with mapping={{{field!r}: ...}} "
                f"(command line: --map {field}=COLUMN)"
            )
            errors.append(
                Problem(
                    f"line {header_line}",
                    f"no column {given!r} for the {field}; the columns are {shown}{hint}",
                )
            )
    ignored = _ignored_columns(options, keys, first_at, position, header_line, shown, errors)
    if errors:
        raise ModelError(errors, source)
    used = set(position.values()) | ignored
    for j, column in enumerate(header):
        if j not in used and column.strip() and first_at[keys[j]] == j:
            notes.append(
                Problem(
                    f"line {header_line}",
                    f"column {column.strip()!r} is not imported: csmo_model has no field for it",
                )
            )
    return position, [j for j, column in enumerate(header) if not column.strip()]


def _ignored_columns(
    options: _Options,
    keys: list[str],
    first_at: dict[str, int],
    position: dict[str, int],
    header_line: int,
    shown: str,
    errors: list[Problem],
) -> set[int]:
    """The columns the caller asked to ignore; *errors* gets those that cannot be."""
    ignored: set[int] = set()
    for column in options.ignore_columns:
        key = _column_key(column)
        if key not in first_at:
            errors.append(
                Problem(
                    f"line {header_line}",
                    f"no column {column!r} to ignore; the columns are {shown}",
                )
            )
        elif first_at[key] in position.values():
            field = next(f for f, j in position.items() if j == first_at[key])
            errors.append(
                Problem(
                    f"line {header_line}",
                    f"column {column!r} holds the {field}: it cannot be ignored",
                )
            )
        else:
            ignored.update(j for j, k in enumerate(keys) if k == key)
    return ignored


def _rows(
    records: Iterator[tuple[int, list[str]]],
    header: list[str],
    position: dict[str, int],
    unnamed: list[int],
    skip: int,
    seen: dict[str, int],
    errors: list[Problem],
    notes: list[Problem],
) -> list[_Row]:
    """Every row; *seen* gets each id's first line, *errors* and *notes* what is wrong."""
    rows: list[_Row] = []
    unnamed_values: set[int] = set()
    for line, fields in records:
        where = f"line {line + skip}"
        if not any(f.strip() for f in fields):
            notes.append(Problem(where, "empty row; skipped"))
            continue
        row_id = fields[position["id"]].strip() if position["id"] < len(fields) else ""
        row_id = unicodedata.normalize("NFC", row_id)
        if row_id:  # even on a broken row, so that references to it are not reported too
            seen.setdefault(row_id, line)
        if len(fields) != len(header):
            errors.append(
                Problem(where, f"{len(fields)} fields, but the header has {len(header)} columns")
            )
            continue
        unnamed_values.update(j for j in unnamed if fields[j].strip())
        first = seen[row_id] + skip if row_id and seen[row_id] != line else None
        rows.append(_row(fields, position, row_id, line + skip, first, errors, notes))
    header_line = 1 + skip
    for j in sorted(unnamed_values):
        notes.append(
            Problem(
                f"line {header_line}", f"column {j + 1} has no name; its values are not imported"
            )
        )
    return rows


def _row(
    fields: list[str],
    position: dict[str, int],
    row_id: str,
    line: int,
    first_line: int | None,
    errors: list[Problem],
    notes: list[Problem],
) -> _Row:
    """One well-formed row; *errors* gets its empty required fields, a repeated id (first
    on *first_line*) and a bad capacity, in that order."""
    where = f"line {line}"

    def value(field: str) -> str:
        text = fields[position[field]].strip() if field in position else ""
        return unicodedata.normalize("NFC", text) if field in _COMPARED else text

    errors.extend(Problem(where, f"{field} is empty") for field in _REQUIRED if not value(field))
    if first_line is not None:
        errors.append(Problem(where, f"duplicate id {row_id!r} (first on line {first_line})"))
    capacity_text = value("capacity")
    capacity = _capacity(capacity_text) if capacity_text else 1.0
    if capacity is None:
        errors.append(
            Problem(
                where,
                f"capacity {capacity_text!r} is not a positive number; write digits with "
                "at most one decimal point or comma, such as 0.5 or 0,5",
            )
        )
    level_text = value("level")
    level = _LEVELS.get(level_text.casefold()) if level_text else None
    if level_text and level is None:
        hint = did_you_mean(level_text.casefold(), _LEVELS)
        errors.append(
            Problem(
                where,
                f"level {level_text!r} is not a level{hint}; "
                f"write one of {', '.join(_LEVELS)}, or leave it empty",
            )
        )
    return _Row(
        line=line,
        id=row_id,
        name=_one_line(value("name"), "name", where, notes),
        title=_one_line(value("title"), "title", where, notes),
        department=value("department"),
        manager=value("manager_id"),
        capacity=1.0 if capacity is None else capacity,
        level=level,
        notes=value("notes"),
    )


def _manager_problems(rows: list[_Row], ids: set[str]) -> Iterator[Problem]:
    for row in rows:
        if not row.manager or not row.id:
            continue
        if row.manager == row.id:
            yield Problem(f"line {row.line}", f"manager {row.manager!r} is the person themselves")
        elif row.manager not in ids:
            yield Problem(f"line {row.line}", f"manager {row.manager!r} not found")


def _skip_bad_rows(rows: list[_Row], errors: list[Problem], notes: list[Problem]) -> list[_Row]:
    """The rows without problems; each problem becomes a note saying its row is left out.

    A row whose manager is left out (or not found, or in a reporting cycle)
    is left out too, until every manager named is among the rows kept.
    """
    while errors:
        bad = {int(p.path.split()[1]) for p in errors}
        notes.extend(Problem(p.path, f"{p.message}; the row is skipped") for p in errors)
        rows = [r for r in rows if r.line not in bad]
        errors = [*_manager_problems(rows, {r.id for r in rows}), *_cycles(rows)]
    return rows


def _one_line(text: str, field: str, where: str, notes: list[Problem]) -> str:
    """*text* with its line breaks (a spreadsheet cell's Alt+Enter) made spaces, noted."""
    if text.isprintable() or not _LINE_BREAK.search(text):
        return text
    flat = _LINE_BREAK.sub(" ", text)
    notes.append(Problem(where, f"the {field}'s line breaks are read as spaces: {flat!r}"))
    return flat


def _cycles(rows: list[_Row]) -> Iterator[Problem]:
    """One problem per reporting cycle, at the line of its first member in the file."""
    manager: dict[str, str] = {}
    line: dict[str, int] = {}
    for r in rows:  # the first row with an id is the one a duplicate is reported against
        if r.id and r.id not in line:
            line[r.id] = r.line
            if r.manager and r.manager != r.id:
                manager[r.id] = r.manager
    rows = [r for r in rows if line.get(r.id) == r.line]
    done: set[str] = set()
    for row in rows:
        walk: list[str] = []
        node: str | None = row.id
        while node is not None and node not in done and node not in walk:
            walk.append(node)
            node = manager.get(node)
        if node is not None and node in walk:
            members = walk[walk.index(node) :]
            start = min(members, key=line.__getitem__)
            cycle = members[members.index(start) :] + members[: members.index(start)] + [start]
            yield Problem(
                f"line {line[start]}",
                f"reporting lines form a cycle: {' -> '.join(cycle)}; break it",
            )
        done.update(walk)


def _build(
    rows: list[_Row], name: str, notes: list[Problem], source: str, lead: str | None
) -> Organization:
    """The organization of *rows*; *rows* is emptied once the entities are made, so that
    what it holds is freed before the organization is checked (a million rows hold
    hundreds of MB)."""
    # Ids valid as they are come first, so that a made-up id never takes one. Ids are
    # kept by the row's position: a dictionary by line would cost a million entries.
    allocator = _IdAllocator()
    wanted = [_as_id(r.id) for r in rows]
    as_is = allocator.allocate(((i, w) for i, w in enumerate(wanted) if w == rows[i].id), "person")
    made = allocator.allocate(((i, w) for i, w in enumerate(wanted) if i not in as_is), "person")
    ids = [as_is[i] if i in as_is else made[i] for i in range(len(rows))]
    del wanted, as_is
    for i, new in made.items():
        notes.append(
            Problem(f"line {rows[i].line}", f"id {rows[i].id!r} is not a valid id; it is {new!r}")
        )
    del made
    by_raw = {r.id: new for r, new in zip(rows, ids, strict=True)}

    # Departments: one per name, ignoring case and spacing; the first spelling names it.
    spelled: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row.department:
            key = " ".join(row.department.casefold().split())
            first = spelled.setdefault(key, (row.department, row.line))
            if first[0] != row.department:
                notes.append(
                    Problem(
                        f"line {row.line}",
                        f"department {row.department!r} is read as {first[0]!r} (line {first[1]})",
                    )
                )
    dept_ids = allocator.allocate(
        [(key, _as_id(spelling.lower())) for key, (spelling, _) in spelled.items()], "department"
    )
    functions = {f.value: f for f in Function}
    departments = [
        Department(
            id=dept_ids[key],
            name=spelling,
            function=functions.get(
                re.sub(r"[^\w]+", "-", spelling.casefold()).strip("-"), Function.OTHER
            ),
        )
        for key, (spelling, _) in spelled.items()
    ]

    def dept_of(row: _Row) -> str | None:
        return dept_ids[" ".join(row.department.casefold().split())] if row.department else None

    titles: dict[str, str] = {}  # one string per distinct title: titles repeat
    roles = [
        Role(
            id=new,
            title=titles.setdefault(r.title, r.title),
            department=dept_of(r),
            reports_to=by_raw[r.manager] if r.manager else None,
            level=r.level,
        )
        for r, new in zip(rows, ids, strict=True)
    ]
    people = [
        Person(
            id=new,
            name=r.name,
            holds=(new,),
            capacity=r.capacity,
            notes=r.notes or None,
        )
        for r, new in zip(rows, ids, strict=True)
    ]
    lines = array.array("q", (r.line for r in rows))
    social_lead = None if lead is None else by_raw[lead]
    del ids, by_raw, titles
    rows.clear()
    try:
        return Organization.from_parts(
            name=name,
            departments=departments,
            roles=roles,
            people=people,
            social_lead=social_lead,
        )
    except ModelError as exc:  # a safety net: the checks above should catch everything

        def locate(problem: Problem) -> Problem:
            match = re.match(r"(roles|people)\[(\d+)\]", problem.path)
            if match is None:
                return problem
            return Problem(f"line {lines[int(match.group(2))]}", problem.message)

        raise ModelError([locate(p) for p in exc.problems], source) from None
