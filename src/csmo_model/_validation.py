"""Integrity checks across a whole organization, every problem collected with its path.

The checks run in a constant number of passes over id sets, so validating an
organization costs time linear in its size.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from csmo_model import _blueprints
from csmo_model._text import LINE_BREAKS
from csmo_model.errors import ModelError, Problem, did_you_mean

if TYPE_CHECKING:
    from csmo_model.model import (
        Channel,
        Department,
        Link,
        Metric,
        Organization,
        Person,
        Policy,
        Responsibility,
        Role,
        Route,
    )

__all__ = [
    "Parts",
    "bad_id_message",
    "check_organization",
    "find_problems",
    "is_valid_id",
    "organization_problems",
    "parts_of",
    "stand_ins",
]


def __dir__() -> list[str]:
    return __all__


_ID_PUNCTUATION = frozenset("._/-")
# Beyond this many known ids, close-spelling suggestions are skipped: each one
# scans every id, and a broken file with many dangling references would turn
# validation quadratic.
_SUGGEST_LIMIT = 20_000


def bad_id_message(ident: object) -> str:
    """What is wrong with the id *ident* and what to write instead (files and Python alike)."""
    return (
        f"{ident!r} is not a valid id; use letters, digits and . _ / - "
        "starting with a letter or digit, no spaces"
    )


def is_valid_id(value: object) -> bool:
    """Tell whether *value* is a well-formed id.

    An id is a non-empty string of letters of any script, digits and the
    characters ``. _ / -``, starting with a letter or a digit, with no spaces.

    Examples
    --------
    >>> is_valid_id("social-lead"), is_valid_id("広報"), is_valid_id("nine-lives/strategy")
    (True, True, True)
    >>> is_valid_id("social lead"), is_valid_id("-x"), is_valid_id("")
    (False, False, False)
    """
    if not isinstance(value, str) or not value:
        return False
    if value.isascii():
        return value[0].isalnum() and all(c.isalnum() or c in _ID_PUNCTUATION for c in value)
    if not value[0].isalnum():
        return False
    # Marks (category M*) carry the vowels of many scripts, e.g. Devanagari.
    return all(
        c.isalnum() or c in _ID_PUNCTUATION or unicodedata.category(c)[0] == "M" for c in value
    )


@attrs.define(kw_only=True)
class Parts:
    """The pieces of an organization as lists, before they are indexed by id.

    Items that could not be read are ``None``; their ids, when known, go in
    ``unreadable_ids`` (section -> id -> position) so that references to them
    are not reported as dangling and repeats of them are still caught.
    Made by :func:`parts_of` only.
    """

    name: object = ""
    departments: Sequence[Department | None] = ()
    responsibilities: Sequence[Responsibility | None] = ()
    roles: Sequence[Role | None] = ()
    people: Sequence[Person | None] = ()
    links: Sequence[Link | None] = ()
    channels: Sequence[Channel | None] = ()
    routes: Sequence[Route | None] = ()
    social_lead: str | None = None
    chief_executive: str | None = None
    notes: object = None
    blueprints: Sequence[object] = ()
    unreadable_ids: dict[str, dict[str, int]] = attrs.Factory(dict)
    keys: dict[str, Sequence[str]] | None = None
    # Issue 13, section 4.
    metrics: Sequence[Metric | None] = ()
    policies: Sequence[Policy | None] = ()


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._suggestions = 0

    def add(self, path: str, message: str, code: str) -> None:
        self.problems.append(Problem(path, message, code=code))

    def dangling(
        self,
        path: str,
        what: str,
        ref: object,
        known: Collection[str],
        other: tuple[str, Collection[str]] | None = None,
    ) -> None:
        """Report *ref*, which names no *what*; say so if it names an *other* instead."""
        if not isinstance(ref, str):
            self.add(
                path, f"must be the id of a {what} (text), got {type(ref).__name__}", "wrong-type"
            )
            return
        if other is not None and ref in other[1]:
            self.add(
                path,
                f"{ref!r} is a {other[0]}, not a {what}; give the id of a {what} here"
                + (f", such as one in {other[0]} {ref!r}" if other[0] == "department" else ""),
                "wrong-kind-reference",
            )
            return
        hint = ""
        if self._suggestions < 50 and len(known) <= _SUGGEST_LIMIT:
            self._suggestions += 1
            hint = did_you_mean(ref, known)
        self.add(
            path,
            f"no {what} {ref!r}{hint}; add a {what} with that id or correct the reference",
            "dangling-reference",
        )


def _index(
    out: _Collector,
    section: str,
    items: Sequence[Department | Responsibility | Role | Person | Channel | Metric | Policy | None],
    taken: dict[str, str],
    keys: Sequence[str] | None,
    unreadable: dict[str, int],
) -> set[str]:
    """Collect ids of one section, reporting malformed and duplicate ids."""
    for ident, position in unreadable.items():
        taken.setdefault(ident, f"{section}[{position}]")
    ids: set[str] = set(unreadable)
    for i, item in enumerate(items):
        if item is None:
            continue
        ident = item.id
        path = f"{section}[{i}].id"
        if keys is not None and keys[i] != ident:
            out.add(
                f"{section}[{keys[i]!r}]",
                f"is stored under key {keys[i]!r} but has id {ident!r}; keys must equal ids",
                "key-not-id",
            )
        if not is_valid_id(ident):
            out.add(
                path,
                bad_id_message(ident),
                "bad-id",
            )
        if ident in taken:
            shared = (
                "; roles and departments share one set of ids, rename one"
                if not taken[ident].startswith(f"{section}[")
                else ""
            )
            out.add(
                path,
                f"duplicate id {ident!r}: already used by {taken[ident]}{shared}",
                "duplicate-id",
            )
        else:
            taken[ident] = f"{section}[{i}]"
            ids.add(ident)
    return ids


def _is_noncharacter(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _control_characters(value: str) -> list[str]:
    """Control characters other than tab, newline and carriage return, and noncharacters.

    Control characters move the cursor or change the title of the terminal
    that prints a report; they and the noncharacters (U+FFFE, U+FFFF,
    U+FDD0..U+FDEF and the last two code points of every plane) cannot be
    written in XML, so GraphML and GEXF exports holding them would not read back.
    """
    if value.isprintable():
        return []
    return [
        c
        for c in value
        if (c not in "\t\n\r" and unicodedata.category(c) == "Cc") or _is_noncharacter(c)
    ]


def _line_breaks(value: str) -> list[str]:
    """Line breaks in text that must stay on one line (names, titles, acronyms)."""
    if value.isprintable():
        return []
    return [c for c in value if c in LINE_BREAKS]


def _check_chars(out: _Collector, path: str, value: str, one_line: bool) -> None:
    if bad := _control_characters(value):
        if _is_noncharacter(bad[0]):
            out.add(
                path,
                f"contains U+{ord(bad[0]):04X}, a noncharacter that XML cannot hold; remove it",
                "bad-character",
            )
        else:
            out.add(path, f"contains the control character {bad[0]!r}; remove it", "bad-character")
    elif one_line and (bad := _line_breaks(value)):
        out.add(
            path,
            f"contains a line break ({bad[0]!r}); a name or title is one line, "
            "put longer text in notes",
            "line-break",
        )


def _check_text(out: _Collector, path: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        out.add(
            path,
            "must not be empty"
            if isinstance(value, str | None)
            else f"must be text, got {type(value).__name__}",
            "empty-or-not-text",
        )
    else:
        _check_chars(out, path, value, one_line=True)


def _check_optional_text(
    out: _Collector, path: str, value: object, *, one_line: bool = False
) -> None:
    # Files are type-checked when read; this catches objects built in Python,
    # which would otherwise be written out and fail to load back.
    if value is not None and not isinstance(value, str):
        out.add(path, f"must be text, got {type(value).__name__}", "wrong-type")
    elif value is not None:
        _check_chars(out, path, value, one_line)


def _check_flag(out: _Collector, path: str, value: object) -> None:
    if not isinstance(value, bool):
        out.add(path, f"must be true or false, got {type(value).__name__}", "wrong-type")


def _check_amount(out: _Collector, path: str, value: float | None, what: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        out.add(path, f"{what} must be a number, got {value!r}", "bad-number")
    elif not math.isfinite(value) or value <= 0:
        out.add(
            path,
            f"{what} must be a positive number of full-time equivalents, got {value!r}",
            "bad-number",
        )


def _cycle_path(start: str, parent_of: dict[str, str | None]) -> list[str]:
    cycle = [start]
    node = parent_of[start]
    while node is not None and node != start:
        cycle.append(node)
        node = parent_of[node]
    return [*cycle, start]


def _cycles(parent_of: dict[str, str | None]) -> Iterator[list[str]]:
    """Yield each cycle of a graph where every node has at most one parent.

    Linear time: each node is walked once (three-colour marking).
    """
    positions = {k: i for i, k in enumerate(parent_of)}
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in parent_of:
        if start in state:
            continue
        walk = []
        node: str | None = start
        while node is not None and node in parent_of and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent_of[node]
        if node is not None and state.get(node) == 1:
            # Name the cycle from its first member in document order.
            members = walk[walk.index(node) :]
            first = min(members, key=positions.__getitem__)
            yield _cycle_path(first, parent_of)
        for n in walk:
            state[n] = 2


def find_problems(parts: Parts) -> list[Problem]:
    """Return every integrity problem of *parts*, in document order.

    Examples
    --------
    >>> from csmo_model import Role, Person
    >>> parts = parts_of({"name": "X", "roles": [Role(id="a", title="A", reports_to="a")],
    ...                   "people": [Person(id="p", name="P", holds=["b"])]})
    >>> for p in find_problems(parts):
    ...     print(p)
    roles[0].reports_to: reporting lines form a cycle: a -> a; break it
    people[0].holds[0]: no role 'b'; add a role with that id or correct the reference
    """
    out = _Collector()
    keys = parts.keys or {}
    _check_text(out, "name", parts.name)
    _check_optional_text(out, "notes", parts.notes)

    bad = parts.unreadable_ids
    taken: dict[str, str] = {}  # roles and departments share one namespace
    dept_ids = _index(
        out,
        "departments",
        parts.departments,
        taken,
        keys.get("departments"),
        bad.get("departments", {}),
    )
    role_ids = _index(out, "roles", parts.roles, taken, keys.get("roles"), bad.get("roles", {}))
    resp_ids = _index(
        out,
        "responsibilities",
        parts.responsibilities,
        {},
        keys.get("responsibilities"),
        bad.get("responsibilities", {}),
    )
    _index(out, "people", parts.people, {}, keys.get("people"), bad.get("people", {}))
    _check_blueprints(out, parts.blueprints, resp_ids, stand_ins(parts.responsibilities))

    _check_departments(out, parts.departments, dept_ids, role_ids)
    _check_responsibilities(out, parts.responsibilities, resp_ids)
    _check_roles(out, parts, role_ids, dept_ids, resp_ids)
    _check_people(out, parts.people, role_ids, dept_ids)
    _check_links(out, parts.links, role_ids | dept_ids)
    # Channels have their own ids; nothing refers to one, so only bad and repeated ids matter.
    _index(out, "channels", parts.channels, {}, keys.get("channels"), bad.get("channels", {}))
    _check_channels(out, parts.channels, role_ids, dept_ids)
    _check_routes(out, parts.routes, role_ids, dept_ids)
    if parts.social_lead is not None and parts.social_lead not in role_ids:
        out.dangling("social_lead", "role", parts.social_lead, role_ids, ("department", dept_ids))
    if parts.chief_executive is not None and parts.chief_executive not in role_ids:
        out.dangling(
            "chief_executive", "role", parts.chief_executive, role_ids, ("department", dept_ids)
        )
    _check_metrics_and_policies(out, parts, keys, role_ids, dept_ids, resp_ids)
    out.problems.sort(key=document_order)
    return out.problems


def _first_positions(items: Sequence[Any]) -> dict[str, int]:
    """Each id's first position in *items* (``None`` entries skipped)."""
    positions: dict[str, int] = {}
    for i, item in enumerate(items):
        if item is not None:
            positions.setdefault(item.id, i)
    return positions


def _check_departments(
    out: _Collector,
    departments: Sequence[Department | None],
    dept_ids: set[str],
    role_ids: set[str],
) -> None:
    """Names, notes, parents, and cycles of parents."""
    parent_of: dict[str, str | None] = {}
    for i, d in enumerate(departments):
        if d is None:
            continue
        _check_text(out, f"departments[{i}].name", d.name)
        _check_optional_text(out, f"departments[{i}].notes", d.notes)
        if d.parent is not None:
            if d.parent == d.id:
                out.add(
                    f"departments[{i}].parent",
                    f"{d.id!r} cannot be its own parent",
                    "self-reference",
                )
            elif d.parent not in dept_ids:
                out.dangling(
                    f"departments[{i}].parent", "department", d.parent, dept_ids, ("role", role_ids)
                )
        parent_of.setdefault(d.id, d.parent if d.parent in dept_ids else None)
    dept_pos = _first_positions(departments)  # first occurrence: the one in parent_of
    for cycle in _cycles(parent_of):
        if len(cycle) > 2:
            out.add(
                f"departments[{dept_pos[cycle[0]]}].parent",
                f"department parents form a cycle: {' -> '.join(cycle)}; break it",
                "department-cycle",
            )


def _check_responsibilities(
    out: _Collector, responsibilities: Sequence[Responsibility | None], resp_ids: set[str]
) -> None:
    same_as_owner: dict[str, str] = {}
    for i, r in enumerate(responsibilities):
        if r is None:
            continue
        _check_text(out, f"responsibilities[{i}].name", r.name)
        _check_amount(out, f"responsibilities[{i}].effort", r.effort, "effort")
        _check_optional_text(out, f"responsibilities[{i}].description", r.description)
        _check_flag(out, f"responsibilities[{i}].critical", r.critical)
        _check_optional_text(out, f"responsibilities[{i}].notes", r.notes)
        for j, other in enumerate(r.same_as):
            where = f"responsibilities[{i}].same_as[{j}]"
            if other == r.id:
                out.add(where, f"{r.id!r} is the same as itself; remove it", "self-reference")
            elif other in resp_ids:
                out.add(
                    where,
                    f"{other!r} is defined in this organization too; keep one of the two",
                    "same-as-conflict",
                )
            elif same_as_owner.setdefault(other, r.id) != r.id:
                out.add(
                    where,
                    f"{same_as_owner[other]!r} already stands for {other!r}; name it once",
                    "same-as-conflict",
                )
            elif not _is_catalog_responsibility(other):
                out.add(
                    where,
                    f"no catalog responsibility {other!r}{_catalog_hint(other)}; same_as names "
                    "a job of a blueprint, such as 'program-blocks/community-management' "
                    "(csmo catalog show BLUEPRINT lists them)",
                    "unknown-catalog-job",
                )


def _check_roles(
    out: _Collector, parts: Parts, role_ids: set[str], dept_ids: set[str], resp_ids: set[str]
) -> None:
    """Text, references, dotted lines, RACI keys, and cycles of reporting lines."""
    reports: dict[str, str | None] = {}
    for i, role in enumerate(parts.roles):
        if role is None:
            continue
        path = f"roles[{i}]"
        _check_text(out, f"{path}.title", role.title)
        _check_optional_text(out, f"{path}.acronym", role.acronym, one_line=True)
        if role.external is not None:  # None: the department decides
            _check_flag(out, f"{path}.external", role.external)
        _check_optional_text(out, f"{path}.notes", role.notes)
        if role.department is not None and role.department not in dept_ids:
            out.dangling(
                f"{path}.department", "department", role.department, dept_ids, ("role", role_ids)
            )
        if role.reports_to is not None and role.reports_to not in role_ids:
            out.dangling(
                f"{path}.reports_to", "role", role.reports_to, role_ids, ("department", dept_ids)
            )
        reports.setdefault(role.id, role.reports_to if role.reports_to in role_ids else None)
        _check_dotted_lines(out, path, role, role_ids, dept_ids)
        _check_raci_keys(out, path, role, resp_ids, parts.blueprints)
    role_pos = _first_positions(parts.roles)  # first occurrence: the one in reports
    for cycle in _cycles(reports):
        out.add(
            f"roles[{role_pos[cycle[0]]}].reports_to",
            f"reporting lines form a cycle: {' -> '.join(cycle)}; break it",
            "reporting-cycle",
        )


def _check_dotted_lines(
    out: _Collector, path: str, role: Role, role_ids: set[str], dept_ids: set[str]
) -> None:
    seen: set[str] = set()
    for j, target in enumerate(role.dotted_to):
        where = f"{path}.dotted_to[{j}]"
        if target == role.id:
            out.add(where, f"{role.id!r} cannot have a dotted line to itself", "self-reference")
        elif target not in role_ids:
            out.dangling(where, "role", target, role_ids, ("department", dept_ids))
        elif target in seen:
            out.add(where, f"{target!r} is listed twice; remove the repeat", "repeated-reference")
        seen.add(target)


def _check_raci_keys(
    out: _Collector, path: str, role: Role, resp_ids: set[str], blueprints: Sequence[object]
) -> None:
    for key in role.raci:
        if key in resp_ids:
            continue
        prefix = key.partition("/")[0] if isinstance(key, str) else ""
        if prefix and prefix not in blueprints and _blueprints.is_blueprint(prefix):
            out.add(
                f"{path}.raci[{key!r}]",
                f"{key!r} is a job of blueprint {prefix!r}, which the organization "
                f"does not follow; add {prefix!r} to blueprints",
                "unfollowed-blueprint",
            )
        else:
            out.dangling(f"{path}.raci[{key!r}]", "responsibility", key, resp_ids)


def _check_people(
    out: _Collector, people: Sequence[Person | None], role_ids: set[str], dept_ids: set[str]
) -> None:
    for i, person in enumerate(people):
        if person is None:
            continue
        _check_text(out, f"people[{i}].name", person.name)
        _check_amount(out, f"people[{i}].capacity", person.capacity, "capacity")
        _check_optional_text(out, f"people[{i}].notes", person.notes)
        roles = ("role", role_ids, ("department", dept_ids))
        _check_id_list(out, f"people[{i}].holds", person.holds, roles)


def _check_links(out: _Collector, links: Sequence[Link | None], ends: set[str]) -> None:
    for i, link in enumerate(links):
        if link is None:
            continue
        _check_optional_text(out, f"links[{i}].notes", link.notes)
        a, b = link.between
        if a == b:
            out.add(
                f"links[{i}].between",
                f"a link joins two different things, not {a!r} to itself",
                "self-reference",
            )
            continue
        for j, end in enumerate((a, b)):
            if end not in ends:
                out.dangling(f"links[{i}].between[{j}]", "role or department", end, ends)


# -- channels and routes (issue 13, section 1) ---------------------------------------------


def _check_channels(
    out: _Collector, channels: Sequence[Channel | None], role_ids: set[str], dept_ids: set[str]
) -> None:
    """Names, notes, the owner and the listeners: roles, each listed once."""
    for i, channel in enumerate(channels):
        if channel is None:
            continue
        path = f"channels[{i}]"
        _check_text(out, f"{path}.name", channel.name)
        _check_optional_text(out, f"{path}.notes", channel.notes)
        _check_owner(out, path, channel.owner, role_ids, dept_ids)
        roles = ("role", role_ids, ("department", dept_ids))
        _check_id_list(out, f"{path}.listeners", channel.listeners, roles)


def _check_routes(
    out: _Collector, routes: Sequence[Route | None], role_ids: set[str], dept_ids: set[str]
) -> None:
    """Targets are roles; a topic goes to the same role once."""
    first: dict[tuple[str, str], int] = {}
    for i, route in enumerate(routes):
        if route is None:
            continue
        path = f"routes[{i}]"
        _check_optional_text(out, f"{path}.notes", route.notes)
        if route.to not in role_ids:
            out.dangling(f"{path}.to", "role", route.to, role_ids, ("department", dept_ids))
        key = (str(route.topic), route.to)
        if key in first:
            out.add(
                path,
                f"topic {str(route.topic)!r} already goes to {route.to!r} in "
                f"routes[{first[key]}]; remove the repeat",
                "duplicate-route",
            )
        else:
            first[key] = i


# -- Metrics and policies (issue 13, section 4) -----------------------------------------------


def _check_metrics_and_policies(
    out: _Collector,
    parts: Parts,
    keys: dict[str, Sequence[str]],
    role_ids: set[str],
    dept_ids: set[str],
    resp_ids: set[str],
) -> None:
    """Ids, text and references of the metrics and the policies (each its own namespace)."""
    bad = parts.unreadable_ids
    _index(out, "metrics", parts.metrics, {}, keys.get("metrics"), bad.get("metrics", {}))
    _index(out, "policies", parts.policies, {}, keys.get("policies"), bad.get("policies", {}))
    roles = ("role", role_ids, ("department", dept_ids))
    for i, metric in enumerate(parts.metrics):
        if metric is None:
            continue
        path = f"metrics[{i}]"
        _check_text(out, f"{path}.name", metric.name)
        _check_optional_text(out, f"{path}.notes", metric.notes)
        _check_owner(out, path, metric.owner, role_ids, dept_ids)
        _check_id_list(out, f"{path}.reported_to", metric.reported_to, roles)
        _check_id_list(out, f"{path}.measures", metric.measures, ("responsibility", resp_ids, None))
    for i, policy in enumerate(parts.policies):
        if policy is None:
            continue
        path = f"policies[{i}]"
        _check_text(out, f"{path}.name", policy.name)
        _check_optional_text(out, f"{path}.notes", policy.notes)
        _check_owner(out, path, policy.owner, role_ids, dept_ids)


def _check_owner(
    out: _Collector, path: str, owner: str | None, role_ids: set[str], dept_ids: set[str]
) -> None:
    """A channel's, metric's or policy's owner, if any, is a role."""
    if owner is not None and owner not in role_ids:
        out.dangling(f"{path}.owner", "role", owner, role_ids, ("department", dept_ids))


def _check_id_list(
    out: _Collector,
    path: str,
    ids: Sequence[str],
    known: tuple[str, set[str], tuple[str, Collection[str]] | None],
) -> None:
    """Each of *ids* names a known *what*, once."""
    what, valid, other = known
    seen: set[str] = set()
    for j, ident in enumerate(ids):
        where = f"{path}[{j}]"
        if ident not in valid:
            out.dangling(where, what, ident, valid, other)
        elif ident in seen:
            out.add(where, f"{ident!r} is listed twice; remove the repeat", "repeated-reference")
        seen.add(ident)


# -- end of metrics and policies ------------------------------------------------------------


SECTIONS = (
    "departments",
    "responsibilities",
    "roles",
    "people",
    "links",
    "channels",
    "routes",
    "metrics",
    "policies",
)
"""The sections of entities of an organization document, in the order they are written."""

DOCUMENT_KEYS = (
    "format",
    "name",
    "social_lead",
    "chief_executive",
    "blueprints",
    "notes",
    *SECTIONS,
    "accepted",
    "$schema",
)
"""Every key of an organization document, in the order it is written (and problems sorted;
an editor's ``$schema``, written first, is listed last)."""


def document_order(problem: Problem) -> tuple[int, int]:
    """Sort key putting problems in the order their places appear in a file."""
    head, _, rest = problem.path.partition("[")
    section = head.split(".")[0]
    rank = DOCUMENT_KEYS.index(section) if section in DOCUMENT_KEYS else len(DOCUMENT_KEYS)
    digits = rest.split("]")[0]
    return (rank, int(digits) if digits.isdigit() else -1)


def stand_ins(responsibilities: Iterable[Responsibility | None]) -> dict[str, str]:
    """Catalog responsibility id -> id of the responsibility that stands for it.

    A responsibility stands for the ids in its ``same_as``.

    Examples
    --------
    >>> from csmo_model import Responsibility
    >>> stand_ins([Responsibility(id="community", name="Community",
    ...                           same_as=["program-blocks/community-management"])])
    {'program-blocks/community-management': 'community'}
    """
    return {
        other: r.id
        for r in responsibilities
        if r is not None and isinstance(r.same_as, tuple)
        for other in r.same_as
        if isinstance(other, str)
    }


def _catalog_hint(key: str) -> str:
    prefix = key.partition("/")[0]
    return (
        did_you_mean(key, _blueprints.job_ids(prefix)) if _blueprints.is_blueprint(prefix) else ""
    )


def _is_catalog_responsibility(key: str) -> bool:
    prefix = key.partition("/")[0]
    return _blueprints.is_blueprint(prefix) and key in _blueprints.job_ids(prefix)


def _check_blueprints(
    out: _Collector,
    blueprints: Sequence[object],
    resp_ids: set[str],
    standing: Collection[str] = (),
) -> None:
    seen: set[str] = set()
    for i, blueprint in enumerate(blueprints):
        path = f"blueprints[{i}]"
        if not isinstance(blueprint, str) or not blueprint.strip():
            out.add(path, f"must be a blueprint id, got {blueprint!r}", "wrong-type")
            continue
        if blueprint in seen:
            out.add(path, f"{blueprint!r} is listed twice; remove the repeat", "repeated-blueprint")
            continue
        seen.add(blueprint)
        if not _blueprints.is_blueprint(blueprint):
            out.add(path, _blueprints.unknown(blueprint), "unknown-blueprint")
            continue
        missing = [
            job
            for job, same_as in _blueprints.job_ids(blueprint).items()
            if job not in resp_ids
            and job not in standing
            and not any(s in resp_ids for s in same_as)
        ]
        if missing:
            out.add(
                path,
                f"the jobs of blueprint {blueprint!r} are missing from responsibilities "
                f"({', '.join(map(repr, missing[:3]))}{', ...' if len(missing) > 3 else ''}); "
                "build the organization with Organization.from_parts or "
                "csmo_model.catalog.apply, which add them",
                "missing-blueprint-jobs",
            )


def parts_of(
    fields: Mapping[str, Any], *, unreadable_ids: dict[str, dict[str, int]] | None = None
) -> Parts:
    """Make the :class:`Parts` of an organization from its fields, by document key.

    The one place a :class:`Parts` is made: :func:`organization_problems` gives
    an organization's fields, :meth:`Organization.from_parts
    <csmo_model.Organization.from_parts>` and the file loader the lists they
    were given or read. A section given as a mapping (id -> entity) is listed
    by its values, and its keys are kept to be checked against the ids.

    Examples
    --------
    >>> from csmo_model import Role
    >>> parts = parts_of({"name": "X", "roles": {"b": Role(id="a", title="A")}})
    >>> parts.roles, parts.keys
    ([Role(id='a', ...)], {'roles': ['b']})
    """
    sections: dict[str, Any] = {}
    keys: dict[str, Sequence[str]] = {}
    for section in SECTIONS:
        value = fields.get(section, ())
        if isinstance(value, Mapping):
            keys[section] = list(value)
            value = value.values()
        sections[section] = list(value)
    return Parts(
        name=fields.get("name", ""),
        social_lead=fields.get("social_lead"),
        chief_executive=fields.get("chief_executive"),
        notes=fields.get("notes"),
        blueprints=fields.get("blueprints", ()),
        unreadable_ids=unreadable_ids or {},
        keys=keys or None,
        **sections,
    )


def organization_problems(org: Organization) -> list[Problem]:
    """Every problem of *org*, its entities located by id: ``roles['r150'].reports_to``.

    An organization built from mappings has no positions, so a problem names
    the entity by its key, never by its place in a dictionary.
    """
    parts = parts_of({field.name: getattr(org, field.name) for field in attrs.fields(type(org))})
    keys = parts.keys or {}
    out = []
    for problem in find_problems(parts):
        head, bracket, rest = problem.path.partition("[")
        index, close, tail = rest.partition("]")
        names = keys.get(head)
        if bracket and close and index.isdigit() and names is not None:
            key = names[int(index)]
            problem = attrs.evolve(problem, path=f"{head}[{key!r}]{tail}", id=key)
        out.append(problem)
    return out


def check_organization(org: Organization) -> None:
    """Raise :class:`ModelError` if *org* is not internally consistent."""
    problems = organization_problems(org)
    if problems:
        raise ModelError(problems)
