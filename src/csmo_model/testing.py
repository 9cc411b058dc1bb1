"""Hypothesis strategies for valid organizations, for our tests and yours.

Needs the ``test`` extra (``pip install 'csmo-model[test]'``).

Examples
--------
>>> from hypothesis import given, settings
>>> from csmo_model.testing import organizations
>>> @settings(max_examples=5)
... @given(organizations())
... def test_names(org):
...     assert org.name
>>> test_names()
"""

from __future__ import annotations

import datetime
import functools
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "csmo_model.testing needs hypothesis; install it with: pip install 'csmo-model[test]'"
    ) from exc

from csmo_model.edits import Edit
from csmo_model.model import (
    Channel,
    Department,
    Function,
    Level,
    Link,
    LinkKind,
    Metric,
    Organization,
    Person,
    Platform,
    Policy,
    PolicyKind,
    Raci,
    Responsibility,
    Role,
    Route,
    Topic,
    blueprint_responsibilities,
)

__all__ = ["data_problems", "edits", "ids", "organizations", "texts"]


def __dir__() -> list[str]:
    return __all__


_FIRST = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789ÄéñçßΩжא広報部")
_REST = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789._/-ÄéжΩ広報")


def ids() -> st.SearchStrategy[str]:
    """Well-formed ids, some of them in non-Latin scripts."""
    return st.builds(lambda a, b: a + b, _FIRST, st.text(_REST, max_size=8))


def texts() -> st.SearchStrategy[str]:
    """Non-blank display text (names, titles, notes) with any printable character."""
    alphabet = st.characters(
        categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"
    )
    return st.text(alphabet, min_size=1, max_size=20).filter(lambda s: bool(s.strip()))


def _fte() -> st.SearchStrategy[float]:
    return st.floats(min_value=0.01, max_value=5.0, allow_nan=False, allow_infinity=False)


# Built once: Hypothesis validates a strategy object the first time it draws from it,
# and that validation cost more than the draws when organizations() built its
# strategies anew inside every draw.
_TEXT = texts()
_OPTIONAL_TEXT = st.none() | _TEXT
_IDS = ids()
_FUNCTIONS = st.sampled_from(Function)
_RACI_LETTERS = st.sampled_from(Raci)
_LINK_KINDS = st.sampled_from(LinkKind)
_PLATFORMS = st.sampled_from(Platform)
_TOPICS = st.sampled_from(Topic)
_POLICY_KINDS = st.sampled_from(PolicyKind)
_LEVELS = st.none() | st.sampled_from(Level)
_ACRONYMS = st.none() | st.sampled_from(["CEO", "CTO", "CRO", "CMO", "CSMO"])
# None: the department decides (an agency's roles are external).
_EXTERNAL = st.sampled_from([None, False, True])
_EFFORT = st.none() | _fte()
_CAPACITY = st.just(1.0) | _fte()
_BOOLEANS = st.booleans()
_PERMILLE = st.integers(0, 999)
_REVIEWED = st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))
_REVIEW_EVERY = st.none() | st.integers(1, 120)


@functools.cache
def _index(n: int) -> st.SearchStrategy[int]:
    """A position in a sequence of *n* items (shrinks to the first)."""
    return st.integers(0, n - 1)


@functools.cache
def _pairs(n: int) -> st.SearchStrategy[list[int]]:
    """Two different positions in a sequence of *n* items."""
    return st.lists(_index(n), min_size=2, max_size=2, unique=True)


@functools.cache
def _subsets(n: int, max_size: int) -> st.SearchStrategy[list[int]]:
    return st.lists(_index(n), unique=True, max_size=max_size)


@functools.cache
def _letters(n: int) -> st.SearchStrategy[dict[int, Raci]]:
    """RACI letters keyed by the position of a responsibility."""
    return st.dictionaries(_index(max(n, 1)), _RACI_LETTERS)


@functools.cache
def _topic_routes(n: int, max_size: int) -> st.SearchStrategy[list[tuple[Topic, int]]]:
    """Distinct (topic, position of a role) pairs."""
    return st.lists(st.tuples(_TOPICS, _index(n)), unique=True, max_size=max_size)


def _maybe(draw: st.DrawFn, choices: Sequence[str]) -> str | None:
    """One of *choices* or None (what it shrinks to), in one draw."""
    k = draw(_index(len(choices) + 1)) if choices else 0
    return choices[k - 1] if k else None


def _some(draw: st.DrawFn, choices: Sequence[str], max_size: int) -> list[str]:
    """Up to *max_size* distinct items of *choices*, in their drawn order."""
    return [choices[k] for k in draw(_subsets(len(choices), max_size))] if choices else []


@st.composite
def organizations(
    draw: st.DrawFn,
    *,
    max_departments: int = 5,
    min_roles: int = 0,
    max_roles: int = 10,
    max_people: int = 10,
    max_responsibilities: int = 6,
    max_links: int = 6,
    max_dotted: int = 2,
    max_channels: int = 3,
    max_routes: int = 4,
    require_lead: bool = False,
    blueprints: Sequence[str] = (),
    external_share: float | None = None,
    max_metrics: int = 2,
    max_policies: int = 2,
) -> Organization:
    """Generate a valid :class:`~csmo_model.model.Organization`.

    Reporting lines and department parents always point to earlier entities,
    so they never form cycles; every reference resolves; optional fields are
    sometimes left at their defaults so that dumps exercise omission.

    Parameters
    ----------
    max_departments, max_people, max_responsibilities, max_links : int
        Upper bounds on how many of each are drawn.
    min_roles, max_roles : int
        Bounds on the number of roles.
    max_dotted : int
        The most dotted lines a role has.
    max_channels, max_routes : int
        Upper bounds on the channels and routes drawn (routes and owned or
        heard channels need roles).
    require_lead : bool
        Always name a social lead (needs ``min_roles >= 1``).
    blueprints : sequence of str
        Catalog blueprints the organization follows; roles may then hold
        letters for their jobs too.
    external_share : float, optional
        The chance that a role is external; by default drawn freely.
    max_metrics, max_policies : int
        Upper bounds on the metrics and the policies drawn.

    Raises
    ------
    ValueError
        If the bounds contradict each other.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> @settings(max_examples=3)
    ... @given(organizations(min_roles=2, require_lead=True, blueprints=["csmo-ties"]))
    ... def check(org):
    ...     assert org.social_lead in org.roles and "csmo-ties" in org.blueprints
    >>> check()
    """
    if not 0 <= min_roles <= max_roles:
        raise ValueError(f"need 0 <= min_roles <= max_roles, got {min_roles} and {max_roles}")
    if require_lead and min_roles < 1:
        raise ValueError("require_lead needs min_roles >= 1")
    if external_share is not None and not 0 <= external_share <= 1:
        raise ValueError(f"external_share is a chance from 0 to 1, got {external_share!r}")
    if isinstance(blueprints, str):
        raise TypeError(f"blueprints is a list of ids; write [{blueprints!r}]")
    n_roles = draw(st.integers(min_roles, max_roles))
    unit_ids = draw(
        st.lists(_IDS, unique=True, min_size=n_roles, max_size=max_departments + n_roles)
    )
    n_depts = min(len(unit_ids) - n_roles, max_departments)
    dept_ids, role_ids = unit_ids[:n_depts], unit_ids[n_depts : n_depts + n_roles]
    jobs = [r for b in blueprints for r in blueprint_responsibilities(b)]
    resp_ids = [
        *draw(st.lists(_IDS, unique=True, max_size=max_responsibilities)),
        *(j.id for j in jobs),
    ]
    person_ids = draw(st.lists(_IDS, unique=True, max_size=max_people))

    departments = [
        Department(
            id=d,
            name=draw(_TEXT),
            function=draw(_FUNCTIONS),
            parent=_maybe(draw, dept_ids[:i]),
            notes=draw(_OPTIONAL_TEXT),
        )
        for i, d in enumerate(dept_ids)
    ]
    job_prefixes = tuple(f"{b}/" for b in blueprints)
    responsibilities = [
        Responsibility(
            id=r,
            name=draw(_TEXT),
            description=draw(_OPTIONAL_TEXT),
            critical=draw(_BOOLEANS),
            effort=draw(_EFFORT),
        )
        for r in resp_ids
        if not r.startswith(job_prefixes)
    ]
    letters = _letters(len(resp_ids))
    roles = [
        Role(
            id=r,
            title=draw(_TEXT),
            acronym=draw(_ACRONYMS),
            department=_maybe(draw, dept_ids),
            reports_to=_maybe(draw, role_ids[:i]),
            dotted_to=_some(draw, [x for x in role_ids if x != r], max_dotted),
            external=draw(_EXTERNAL)
            if external_share is None
            else draw(_PERMILLE) < external_share * 1000,
            level=draw(_LEVELS),
            raci={resp_ids[k]: v for k, v in draw(letters).items()} if resp_ids else {},
            notes=draw(_OPTIONAL_TEXT),
        )
        for i, r in enumerate(role_ids)
    ]
    people = [
        Person(
            id=p,
            name=draw(_TEXT),
            holds=_some(draw, role_ids, 3),
            capacity=draw(_CAPACITY),
        )
        for p in person_ids
    ]
    ends = dept_ids + role_ids
    links = []
    if len(ends) >= 2:
        pairs = _pairs(len(ends))
        for _ in range(draw(st.integers(0, max_links))):
            a, b = draw(pairs)
            links.append(Link(between=(ends[a], ends[b]), kind=draw(_LINK_KINDS)))
    channels, routes = _channels_and_routes(draw, role_ids, max_channels, max_routes)
    return Organization.from_parts(
        name=draw(_TEXT),
        departments=departments,
        responsibilities=responsibilities,
        roles=roles,
        people=people,
        links=links,
        channels=channels,
        routes=routes,
        social_lead=(
            role_ids[draw(_index(len(role_ids)))] if require_lead else _maybe(draw, role_ids)
        ),
        chief_executive=_maybe(draw, role_ids),
        blueprints=blueprints,
        notes=draw(_OPTIONAL_TEXT),
        metrics=_metrics(draw, max_metrics, role_ids, resp_ids),
        policies=_policies(draw, max_policies, role_ids),
    )


def _channels_and_routes(
    draw: st.DrawFn, role_ids: list[str], max_channels: int, max_routes: int
) -> tuple[list[Channel], list[Route]]:
    """Channels with owners and listeners among *role_ids*, and routes to them (no repeats)."""
    channels = [
        Channel(
            id=c,
            name=draw(_TEXT),
            platform=draw(_PLATFORMS),
            owner=_maybe(draw, role_ids),
            listeners=_some(draw, role_ids, 3),
            notes=draw(_OPTIONAL_TEXT),
        )
        for c in draw(st.lists(_IDS, unique=True, max_size=max_channels))
    ]
    pairs = draw(_topic_routes(len(role_ids), max_routes)) if role_ids else []
    routes = [Route(topic=t, to=role_ids[k], notes=draw(_OPTIONAL_TEXT)) for t, k in pairs]
    return channels, routes


def _metrics(draw: st.DrawFn, most: int, role_ids: list[str], resp_ids: list[str]) -> list[Metric]:
    """Metrics whose references resolve (issue 13, section 4)."""
    return [
        Metric(
            id=m,
            name=draw(_TEXT),
            owner=_maybe(draw, role_ids),
            reported_to=_some(draw, role_ids, 3),
            measures=_some(draw, resp_ids, 3),
            notes=draw(_OPTIONAL_TEXT),
        )
        for m in draw(st.lists(_IDS, unique=True, max_size=most))
    ]


def _policies(draw: st.DrawFn, most: int, role_ids: list[str]) -> list[Policy]:
    """Policies whose owners resolve, sometimes with a review date and interval."""
    return [
        Policy(
            id=p,
            name=draw(_TEXT),
            kind=draw(_POLICY_KINDS),
            owner=_maybe(draw, role_ids),
            reviewed=draw(_REVIEWED),
            review_every_months=draw(_REVIEW_EVERY),
            notes=draw(_OPTIONAL_TEXT),
        )
        for p in draw(st.lists(_IDS, unique=True, max_size=most))
    ]


def data_problems(data: Mapping[str, Any], data_type: type) -> list[str]:
    """Return how *data* differs from the ``TypedDict`` *data_type* (empty when it matches).

    Checks required and allowed keys, and the type of each value (text,
    numbers, booleans, literals, sequences and nested typed dictionaries), the
    way a tool reading ``Finding.data`` relies on them. For plugin authors'
    tests as much as ours.

    Examples
    --------
    >>> import csmo_model as cm
    >>> data_problems({"department": "legal"}, cm.SiloData)
    []
    >>> data_problems({"department": 3, "extra": 1}, cm.SiloData)
    ["key 'extra' is not in SiloData", 'department: expected str, got 3']
    """
    hints = typing.get_type_hints(data_type)
    required: frozenset[str] = getattr(data_type, "__required_keys__", frozenset())
    name = data_type.__name__
    out = [f"key {k!r} is missing from {name}" for k in sorted(required - data.keys())]
    out += [f"key {k!r} is not in {name}" for k in data if k not in hints]
    for key, value in data.items():
        if key in hints:
            out += [f"{key}{where}" for where in _value_problems(value, hints[key])]
    return out


def _value_problems(value: Any, hint: Any) -> list[str]:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.NotRequired or origin is typing.Required:
        return _value_problems(value, args[0])
    if origin is typing.Literal:
        return [] if value in args else [f": expected one of {args}, got {value!r}"]
    if origin in (types.UnionType, typing.Union):
        if any(not _value_problems(value, a) for a in args):
            return []
        return [f": expected {hint}, got {value!r}"]
    if hint is type(None):
        return [] if value is None else [f": expected None, got {value!r}"]
    if origin is not None and issubclass(origin, Sequence):
        if isinstance(value, str) or not isinstance(value, Sequence):
            return [f": expected a list, got {value!r}"]
        return [f"[{i}]{p}" for i, v in enumerate(value) for p in _value_problems(v, args[0])]
    if typing.is_typeddict(hint):
        if not isinstance(value, Mapping):
            return [f": expected a mapping, got {value!r}"]
        return [f".{p}" for p in data_problems(value, hint)]
    if hint is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return [] if ok else [f": expected a number, got {value!r}"]
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool)
        return [] if ok else [f": expected a whole number, got {value!r}"]
    if isinstance(hint, type):
        return [] if isinstance(value, hint) else [f": expected {hint.__name__}, got {value!r}"]
    return [f": cannot check the type {hint!r}"]


@st.composite
def edits(draw: st.DrawFn, org: Organization, *, max_size: int = 8) -> list[Edit]:
    """Generate a list of edits that :func:`csmo_model.apply` accepts on *org*.

    Every kind of :mod:`csmo_model.edits` is drawn; each edit refers to ids
    of *org* or of a role or person an earlier edit of the list adds, and
    never repeats a link, a holding or a dotted line. Reporting lines are
    only removed (``set-reports-to`` to nobody), which cannot form a cycle.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> import csmo_model as cm
    >>> org = cm.examples.load("acme")
    >>> @settings(max_examples=5)
    ... @given(edits(org))
    ... def test_apply(batch):
    ...     cm.apply(org, batch)
    >>> test_apply()
    """
    from csmo_model import edits as ed

    roles = list(org.roles)
    people = {p.id: set(p.holds) for p in org.people.values()}
    departments = list(org.departments)
    resps = list(org.responsibilities)
    linked = {frozenset(link.between) for link in org.links}
    dotted = {r.id: set(r.dotted_to) for r in org.roles.values()}
    letters = {r.id: set(r.raci) for r in org.roles.values()}
    routed = {(r.topic, r.to) for r in org.routes}
    out: list[Edit] = []
    for _ in range(draw(st.integers(0, max_size))):
        kind = draw(st.sampled_from(list(ed.KINDS)))
        ends = departments + roles
        if kind == "add-link" and len(ends) >= 2:
            a, b = draw(st.lists(st.sampled_from(ends), min_size=2, max_size=2, unique=True))
            if frozenset((a, b)) not in linked:
                linked.add(frozenset((a, b)))
                out.append(ed.AddLink(between=(a, b), kind=draw(st.sampled_from(LinkKind))))
        elif kind == "set-raci" and roles and resps:
            role, resp = draw(st.sampled_from(roles)), draw(st.sampled_from(resps))
            letter = draw(st.sampled_from([*Raci, None] if resp in letters[role] else list(Raci)))
            (letters[role].add if letter is not None else letters[role].discard)(resp)
            out.append(ed.SetRaci(role=role, responsibility=resp, letter=letter))
        elif kind == "add-holder" and roles and people:
            person, role = draw(st.sampled_from(list(people))), draw(st.sampled_from(roles))
            if role not in people[person]:
                people[person].add(role)
                out.append(ed.AddHolder(person=person, role=role))
        elif kind == "set-reports-to" and roles:
            out.append(ed.SetReportsTo(role=draw(st.sampled_from(roles)), manager=None))
        elif kind == "add-dotted-line" and len(roles) >= 2:
            role, manager = draw(
                st.lists(st.sampled_from(roles), min_size=2, max_size=2, unique=True)
            )
            if manager not in dotted[role]:
                dotted[role].add(manager)
                out.append(ed.AddDottedLine(role=role, manager=manager))
        elif kind == "add-role":
            new = draw(ids().filter(_not_in(set(ends))))
            raci = (
                draw(st.dictionaries(st.sampled_from(resps), st.sampled_from(Raci)))
                if resps
                else {}
            )
            out.append(
                ed.AddRole(
                    id=new,
                    title=draw(texts()),
                    department=draw(st.none() | st.sampled_from(departments))
                    if departments
                    else None,
                    reports_to=draw(st.none() | st.sampled_from(roles)) if roles else None,
                    raci=raci,
                    external=draw(st.booleans()),
                )
            )
            roles.append(new)
            dotted[new], letters[new] = set(), set(raci)
        elif kind in ("add-route", "set-channel-owner") and (
            made := _channel_edit(draw, kind, org, roles, routed)
        ):
            out.append(made)
        elif kind == "set-external" and roles:
            out.append(
                ed.SetExternal(role=draw(st.sampled_from(roles)), external=draw(st.booleans()))
            )
        elif kind == "add-person":
            new = draw(ids().filter(_not_in(set(people))))
            holds = draw(st.lists(st.sampled_from(roles), unique=True, max_size=2)) if roles else []
            people[new] = set(holds)
            out.append(
                ed.AddPerson(
                    id=new, name=draw(texts()), holds=holds, capacity=draw(st.just(1.0) | _fte())
                )
            )
    return out


def _channel_edit(
    draw: st.DrawFn,
    kind: str,
    org: Organization,
    roles: list[str],
    routed: set[tuple[Topic, str]],
) -> Edit | None:
    """An ``add-route`` not yet made (noted in *routed*), or a ``set-channel-owner``."""
    from csmo_model.edits import AddRoute, SetChannelOwner

    if not roles:
        return None
    if kind == "set-channel-owner":
        if not org.channels:
            return None
        return SetChannelOwner(
            channel=draw(st.sampled_from(list(org.channels))),
            owner=draw(st.none() | st.sampled_from(roles)),
        )
    topic, to = draw(st.sampled_from(Topic)), draw(st.sampled_from(roles))
    if (topic, to) in routed:
        return None
    routed.add((topic, to))
    return AddRoute(topic=topic, to=to)


def _not_in(taken: set[str]) -> Callable[[str], bool]:
    return lambda value: value not in taken
