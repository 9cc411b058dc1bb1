"""The organization model: frozen value classes keyed by id.

Every entity is an immutable, slotted :mod:`attrs` class with keyword-only
fields. Identity is the ``id`` field, never a title or an acronym (the field
has two Chief Technology Officers and two Chief Revenue Officers). Ids are
normalized to Unicode NFC on construction so that two spellings of the same
text compare equal.

Single objects only normalize; the integrity of a whole organization
(dangling references, cycles, duplicate ids...) is checked when an
:class:`Organization` is constructed, and all problems are reported together
as one :class:`~csmo_model.errors.ModelError`.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import reprlib
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, cast

import attrs

from csmo_model import _blueprints
from csmo_model._validation import (
    SECTIONS,
    bad_id_message,
    check_organization,
    document_order,
    find_problems,
    is_valid_id,
    organization_problems,
    parts_of,
    stand_ins,
)
from csmo_model.errors import ModelError, Problem, did_you_mean

__all__ = [
    "TOPIC_FUNCTIONS",
    "Acceptance",
    "Channel",
    "Department",
    "Function",
    "Level",
    "Link",
    "LinkKind",
    "Metric",
    "Organization",
    "Person",
    "Platform",
    "Policy",
    "PolicyKind",
    "Raci",
    "Responsibility",
    "Role",
    "Route",
    "Topic",
    "is_external",
    "without",
]


def __dir__() -> list[str]:
    return __all__


class Function(enum.StrEnum):
    """What a department does: the vocabulary analyses reason about."""

    EXECUTIVE = "executive"
    MARKETING = "marketing"
    COMMUNICATIONS = "communications"
    PUBLIC_RELATIONS = "public-relations"
    ADVERTISING = "advertising"
    CUSTOMER_SUPPORT = "customer-support"
    CUSTOMER_PROGRAMS = "customer-programs"
    PRODUCT = "product"
    RESEARCH = "research"
    IT = "it"
    OPERATIONS = "operations"
    SALES = "sales"
    HUMAN_RESOURCES = "human-resources"
    LEGAL = "legal"
    DESIGN = "design"
    MOBILE = "mobile"
    FINANCE = "finance"
    AGENCY = "agency"
    OTHER = "other"


class Raci(enum.StrEnum):
    """A role's part in a responsibility: Responsible, Accountable, Consulted, Informed.

    ``RA`` (the "R/A" of many RACI charts) makes a role both responsible and
    accountable, so an accountable person who also does the work can say so.
    Every analysis treats it as both letters: use :attr:`letters` or
    :attr:`responsible` / :attr:`accountable` rather than comparing with ``R``.

    Examples
    --------
    >>> Raci("RA").letters
    (<Raci.R: 'R'>, <Raci.A: 'A'>)
    >>> Raci.RA.responsible, Raci.RA.accountable, Raci.C.responsible
    (True, True, False)
    """

    R = "R"
    A = "A"
    C = "C"
    I = "I"  # noqa: E741 - the letter is the name
    RA = "RA"

    @property
    def letters(self) -> tuple[Raci, ...]:
        """The single letters this value stands for: ``(R, A)`` for ``RA``, else itself."""
        return _LETTERS[self]

    @property
    def responsible(self) -> bool:
        """Whether the role does the work (``R`` or ``RA``)."""
        return self is Raci.R or self is Raci.RA

    @property
    def accountable(self) -> bool:
        """Whether the role answers for the work (``A`` or ``RA``)."""
        return self is Raci.A or self is Raci.RA


_LETTERS: dict[Raci, tuple[Raci, ...]] = {
    Raci.R: (Raci.R,),
    Raci.A: (Raci.A,),
    Raci.C: (Raci.C,),
    Raci.I: (Raci.I,),
    Raci.RA: (Raci.R, Raci.A),
}


# -- levels (issue 13, section 2) ------------------------------------------------------------


class Level(enum.StrEnum):
    """How senior a role is, from the board down to staff.

    The members are listed from the most senior to the least, and that order
    is the levels' order: compare levels with :attr:`rank` (0 is the board)
    or :meth:`at_least`, never with ``<`` on the text.

    Examples
    --------
    >>> [level.value for level in Level]
    ['board', 'c-suite', 'vp', 'director', 'manager', 'staff']
    >>> Level.VP.rank, Level.STAFF.rank
    (2, 5)
    >>> Level.C_SUITE.at_least(Level.DIRECTOR), Level.MANAGER.at_least(Level.DIRECTOR)
    (True, False)
    """

    BOARD = "board"
    C_SUITE = "c-suite"
    VP = "vp"
    DIRECTOR = "director"
    MANAGER = "manager"
    STAFF = "staff"

    @property
    def rank(self) -> int:
        """The level's place from the top: 0 for the board, 5 for staff."""
        return _RANKS[self]

    def at_least(self, other: Level | str) -> bool:
        """Whether this level is *other* or more senior than it."""
        return self.rank <= _RANKS[Level(other)]


_RANKS: dict[Level, int] = {level: i for i, level in enumerate(Level)}


# -- end of levels ---------------------------------------------------------------------------


def not_a_member(cls: type[enum.Enum], value: object) -> tuple[str, str]:
    """The message and problem code for *value*, which is none of *cls*'s values.

    The file loader and the classes built in Python say the same.

    Examples
    --------
    >>> not_a_member(Function, "marketting")[0]
    "unknown function 'marketting' (did you mean 'marketing'?); use one of executive, ..."
    >>> not_a_member(Raci, "R/A")[1]
    'bad-raci-letter'
    >>> not_a_member(Raci, "R/A")[0].endswith("; write RA")
    True
    """
    if cls is Raci and isinstance(value, str) and _looks_like_letters(value):
        both = set(value.upper()) - set("/ ") == {"R", "A"}
        return (
            f"{value!r} is not a RACI value: a role has one letter per responsibility "
            "(R, A, C or I), or RA when it is both responsible and accountable"
            + ("; write RA" if both else ""),
            VOCABULARIES[Raci][1],
        )
    label, code = VOCABULARIES.get(cls, ("value", "unknown-value"))
    values = [str(m.value) for m in cls]
    return (
        f"unknown {label} {value!r}{did_you_mean(value, values)}; use one of {', '.join(values)}",
        code,
    )


def _looks_like_letters(value: str) -> bool:
    """Whether *value* combines RACI letters, as in ``RC``, ``A/R`` or ``r, a``."""
    letters = [c for c in value.upper() if c not in "/,+& "]
    return len(letters) > 1 and set(letters) <= set("RACI")


def _member(cls: type[enum.Enum], field: str) -> Any:
    """A converter to *cls* that fails as the file loader does, naming *field*."""
    members = {m.value: m for m in cls}

    def convert(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        found = members.get(value) if isinstance(value, str) else None
        if found is None:
            message, code = not_a_member(cls, value)
            raise ModelError([Problem(field, message, code=code)])
        return found

    return convert


class LinkKind(enum.StrEnum):
    """The nature of a cross-functional tie."""

    COLLABORATION = "collaboration"
    INFORMATION = "information"
    AUTHORITY = "authority"


# -- channels and routes (issue 13, section 1) ---------------------------------------------


class Platform(enum.StrEnum):
    """Where a channel lives: the social network or kind of site."""

    X = "x"
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    LINKEDIN = "linkedin"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    THREADS = "threads"
    BLUESKY = "bluesky"
    REDDIT = "reddit"
    BLOG = "blog"
    FORUM = "forum"
    REVIEW_SITES = "review-sites"
    OTHER = "other"


class Topic(enum.StrEnum):
    """What a message heard on a channel is about, which decides where it is routed.

    Each topic belongs to the functions of :data:`TOPIC_FUNCTIONS`.

    Examples
    --------
    >>> [f.value for f in Topic("press").functions]
    ['public-relations', 'communications']
    >>> Topic.OTHER.functions
    ()
    """

    COMPLAINT = "complaint"
    SUPPORT_REQUEST = "support-request"
    SALES_LEAD = "sales-lead"
    PRESS = "press"
    CRISIS = "crisis"
    PRODUCT_FEEDBACK = "product-feedback"
    EMPLOYEE = "employee"
    LEGAL = "legal"
    OTHER = "other"

    @property
    def functions(self) -> tuple[Function, ...]:
        """The functions whose departments receive this topic (:data:`TOPIC_FUNCTIONS`)."""
        return TOPIC_FUNCTIONS[self]


TOPIC_FUNCTIONS: Mapping[Topic, tuple[Function, ...]] = MappingProxyType(
    {
        Topic.COMPLAINT: (Function.CUSTOMER_SUPPORT,),
        Topic.SUPPORT_REQUEST: (Function.CUSTOMER_SUPPORT,),
        Topic.SALES_LEAD: (Function.SALES,),
        Topic.PRESS: (Function.PUBLIC_RELATIONS, Function.COMMUNICATIONS),
        Topic.CRISIS: (Function.EXECUTIVE,),
        Topic.PRODUCT_FEEDBACK: (Function.PRODUCT,),
        Topic.EMPLOYEE: (Function.HUMAN_RESOURCES,),
        Topic.LEGAL: (Function.LEGAL,),
        Topic.OTHER: (),
    }
)
"""Topic -> the functions it belongs to: the one table routes are judged by.

A route of a topic to a role in no department of one of its functions is a
``misrouted-topic`` finding; ``other`` belongs to no function.
"""


def _platform(value: Platform | str) -> Platform:
    return cast(Platform, _member(Platform, "platform")(value))


def _topic(value: Topic | str) -> Topic:
    return cast(Topic, _member(Topic, "topic")(value))


def _function(value: Function | str) -> Function:
    return cast(Function, _member(Function, "function")(value))


def _link_kind(value: LinkKind | str) -> LinkKind:
    return cast(LinkKind, _member(LinkKind, "kind")(value))


def _level(value: Level | str | None) -> Level | None:
    return None if value is None else cast(Level, _member(Level, "level")(value))


def _letter(key: str, value: Raci | str) -> Raci:
    return cast(Raci, _member(Raci, f"raci[{key!r}]")(value))


def _nfc(value: str) -> str:
    # ASCII text is always NFC: skip the normalizer on the common path.
    if type(value) is str and value.isascii():
        return value
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _entity_id(value: str) -> str:
    """An entity's own id: normalized, and refused when it is not a valid id."""
    ident = _nfc(value)
    if not is_valid_id(ident):
        raise ModelError([Problem("id", bad_id_message(ident), code="bad-id")])
    return ident


def _nfc_optional(value: str | None) -> str | None:
    return None if value is None else _nfc(value)


def _id_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        # tuple("ana") would silently become ("a", "n", "a").
        raise TypeError(f"expected a list of ids, got the string {value!r}; write [{value!r}]")
    return tuple(map(_nfc, value))


_NO_LETTERS: Mapping[str, Raci] = MappingProxyType({})
"""The RACI of a role with no letters, shared (a million roles would hold a million)."""


def _raci_map(value: Mapping[str, Raci | str]) -> Mapping[str, Raci]:
    if not isinstance(value, Mapping):
        raise TypeError(
            f"expected a mapping of responsibility id to R, A, C, I or RA, got {value!r}"
        )
    if not value:
        return _NO_LETTERS
    letters = {_nfc(k): v if type(v) is Raci else _letter(k, v) for k, v in value.items()}
    if len(letters) != len(value):
        raise ValueError(
            "raci lists a responsibility twice (the same id after Unicode normalization)"
        )
    return MappingProxyType(letters)


def _pair(value: Iterable[str]) -> tuple[str, str]:
    ends = _id_tuple(value)
    if len(ends) != 2:
        raise ValueError(f"a link joins exactly two ids, got {len(ends)}")
    return (ends[0], ends[1])


@attrs.frozen(kw_only=True)
class Department:
    """An organizational unit (W3C ORG ``org:OrganizationalUnit``).

    Attributes:
        id: Unique id, shared namespace with roles.
        name: Display name.
        function: What the department does.
        parent: Id of the department this one belongs to, if any.
        notes: Free text.
    """

    id: str = attrs.field(converter=_entity_id)
    name: str
    function: Function = attrs.field(default=Function.OTHER, converter=_function)
    parent: str | None = attrs.field(default=None, converter=_nfc_optional)
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Responsibility:
    """A job to be done, such as community management or social media strategy.

    Attributes:
        id: Unique id among responsibilities (catalog ids look like ``nine-lives/strategy``).
        name: Display name.
        description: What the job covers.
        critical: Whether the organization cannot do without it.
        effort: Full-time equivalents the job needs, shared among its holders.
        same_as: Ids of catalog responsibilities this one stands for (such as
            ``program-blocks/community-management``): an applied blueprint
            then counts this job as its own instead of adding it again.
        notes: Free text.
    """

    id: str = attrs.field(converter=_entity_id)
    name: str
    description: str | None = None
    critical: bool = False
    effort: float | None = attrs.field(default=None, metadata={"schema": {"exclusiveMinimum": 0}})
    same_as: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Role:
    """A position (W3C ORG ``org:Post``); it exists even when nobody holds it.

    Attributes:
        id: Unique id, shared namespace with departments.
        title: Job title as written; not unique.
        acronym: Short title such as ``CMO``; not unique and never identity.
        department: Id of the department the role belongs to.
        reports_to: Id of the role this one reports to (the solid line).
        dotted_to: Ids of roles this one has a dotted reporting line to.
        external: Whether the role is filled from outside (agency, outsourcing):
            ``True`` or ``False`` as written, ``None`` (not written) to let its
            department decide: a role in a department of function ``agency``
            is external. Read it with :func:`is_external`.
        level: How senior the role is (a :class:`Level`), if known.
        raci: Responsibility id to the role's letter for it.
        notes: Free text.
    """

    id: str = attrs.field(converter=_entity_id)
    title: str
    acronym: str | None = None
    department: str | None = attrs.field(default=None, converter=_nfc_optional)
    reports_to: str | None = attrs.field(default=None, converter=_nfc_optional)
    dotted_to: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    external: bool | None = None
    level: Level | None = attrs.field(default=None, converter=_level)
    raci: Mapping[str, Raci] = attrs.field(
        factory=lambda: MappingProxyType({}), converter=_raci_map, hash=False
    )
    notes: str | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # The read-only raci mapping cannot be pickled itself: pickle a dict.
        return (_rebuild, (Role, _plain_fields(self)))


@attrs.frozen(kw_only=True)
class Person:
    """Someone who holds roles (W3C ORG ``org:holds``).

    Attributes:
        id: Unique id among people.
        name: Display name.
        holds: Ids of the roles the person holds.
        capacity: Full-time equivalents the person can give (1.0 is full time).
        notes: Free text.
    """

    id: str = attrs.field(converter=_entity_id)
    name: str
    holds: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    capacity: float = attrs.field(default=1.0, metadata={"schema": {"exclusiveMinimum": 0}})
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Link:
    """A cross-functional tie between two roles or departments.

    Attributes:
        between: The two ids it joins (each a role or a department).
        kind: What flows over the tie.
        notes: Free text.
    """

    between: tuple[str, str] = attrs.field(converter=_pair)
    kind: LinkKind = attrs.field(default=LinkKind.COLLABORATION, converter=_link_kind)
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Channel:
    """A place where the organization is present and listens, such as an account on X.

    Attributes:
        id: Unique id among channels (channels have their own ids).
        name: Display name, such as ``@acme on X``.
        platform: Where the channel lives.
        owner: Id of the role that answers for the channel, if any.
        listeners: Ids of the roles that watch it (the owner watches it too).
        notes: Free text.

    Examples
    --------
    >>> Channel(id="x-main", name="@acme on X", platform="x", listeners=["care-agent"])
    Channel(id='x-main', name='@acme on X', platform=<Platform.X: 'x'>, owner=None, ...)
    >>> Channel(id="x", name="X", platform="twitter")
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      platform: unknown platform 'twitter'; use one of x, facebook, ...
    """

    id: str = attrs.field(converter=_entity_id)
    name: str
    platform: Platform = attrs.field(converter=_platform)
    owner: str | None = attrs.field(default=None, converter=_nfc_optional)
    listeners: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Route:
    """Where messages of one topic heard on the channels go: a role.

    Attributes:
        topic: What the messages are about.
        to: Id of the role that receives them.
        notes: Free text.

    Examples
    --------
    >>> Route(topic="complaint", to="support-lead")
    Route(topic=<Topic.COMPLAINT: 'complaint'>, to='support-lead', notes=None)
    """

    topic: Topic = attrs.field(converter=_topic)
    to: str = attrs.field(converter=_nfc)
    notes: str | None = None

    @property
    def key(self) -> str:
        """The route's id where one is needed (subjects, diffs): ``topic->role``.

        Examples
        --------
        >>> Route(topic="press", to="pr-manager").key
        'press->pr-manager'
        """
        return route_key(self.topic, self.to)


def route_key(topic: str, to: str) -> str:
    """The id of the route of *topic* to role *to*, as :attr:`Route.key` spells it.

    Examples
    --------
    >>> route_key("crisis", "ceo")
    'crisis->ceo'
    """
    return f"{topic}->{to}"


_FINGERPRINT = re.compile(r"[0-9a-f]{16}")


def check_fingerprint(value: str) -> str:
    """Return *value* if it is a finding fingerprint; raise ValueError saying what one is."""
    if not isinstance(value, str) or not _FINGERPRINT.fullmatch(value):
        raise ValueError(
            "a fingerprint is 16 lowercase hexadecimal digits, as the audit prints it; "
            f"got {value!r}"
        )
    return value


def check_reason(value: str) -> str:
    """Return *value* if it is a usable acceptance reason (text, not blank)."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("an accepted finding needs a reason: say why it is accepted")
    return value


def _until(value: datetime.date | str | None) -> datetime.date | None:
    if value is None or (
        isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    ):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value) if len(value) == 10 else _bad_date(value)
        except ValueError:
            return _bad_date(value)
    return _bad_date(value)


def _bad_date(value: object) -> datetime.date:
    raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")


@attrs.frozen(kw_only=True)
class Acceptance:
    """A finding the organization has decided to live with, for a reason.

    An accepted finding is still reported, marked accepted, but does not count
    toward ``--fail-on``. Past *until* it no longer counts as accepted.

    Attributes:
        fingerprint: The finding's :attr:`~csmo_model.Finding.fingerprint`.
        reason: Why it is accepted (required, not blank).
        until: The last day the acceptance holds, if it expires.

    Examples
    --------
    >>> Acceptance(fingerprint="0123456789abcdef", reason="On purpose", until="2027-01-31")
    Acceptance(fingerprint='0123456789abcdef', reason='On purpose', until=datetime.date(2027, ...))
    """

    fingerprint: str = attrs.field(converter=check_fingerprint)
    reason: str = attrs.field(converter=check_reason)
    until: datetime.date | None = attrs.field(default=None, converter=_until)


# -- Metrics and policies (issue 13, section 4) -----------------------------------------------


class PolicyKind(enum.StrEnum):
    """What a policy governs; blueprints that name a policy duty ask for a kind.

    ``social-media`` is the guidelines for the company and its employees on
    social media (officer duty 4); ``training`` the training program and its
    library of best practices (officer duty 5, life 8); ``crisis`` how a crisis
    is handled in public; ``other`` anything else.
    """

    SOCIAL_MEDIA = "social-media"
    TRAINING = "training"
    CRISIS = "crisis"
    OTHER = "other"


VOCABULARIES: dict[type[enum.Enum], tuple[str, str]] = {
    Raci: ("RACI letter", "bad-raci-letter"),
    Function: ("function", "unknown-function"),
    LinkKind: ("link kind", "unknown-link-kind"),
    Level: ("level", "unknown-level"),
    Platform: ("platform", "unknown-platform"),
    Topic: ("topic", "unknown-topic"),
    PolicyKind: ("policy kind", "unknown-policy-kind"),
}
"""Every vocabulary of the format: what a value of it is called, and the problem code of
one that is not (the file loader and the classes built in Python read the same table)."""


def _policy_kind(value: PolicyKind | str) -> PolicyKind:
    return cast(PolicyKind, _member(PolicyKind, "kind")(value))


def _reviewed(value: datetime.date | str | None) -> datetime.date | None:
    """An optional date that fails as the file loader does, naming the field."""
    try:
        return _until(value)
    except ValueError as exc:
        raise ModelError([Problem("reviewed", str(exc), code="bad-date")]) from None


def _months(value: int | None) -> int | None:
    """A whole, positive number of months, or ``None``."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ModelError(
            [
                Problem(
                    "review_every_months",
                    f"expected a whole number of months above 0, got {value!r}",
                    code="bad-number",
                )
            ]
        )
    return value


@attrs.frozen(kw_only=True)
class Metric:
    """A measure of the social program, with who owns it and who sees it.

    Attributes:
        id: Unique id among metrics.
        name: Display name, such as ``Share of voice``.
        owner: Id of the role that owns the metric (``None`` when nobody does,
            as after :func:`without` removed the owner's role).
        reported_to: Ids of the roles the metric is reported to.
        measures: Ids of the responsibilities whose results it measures.
        notes: Free text.

    Examples
    --------
    >>> Metric(id="share-of-voice", name="Share of voice", owner="social-lead",
    ...        reported_to=["ceo"], measures=["strategy"]).reported_to
    ('ceo',)
    """

    id: str = attrs.field(converter=_entity_id)
    name: str
    owner: str | None = attrs.field(default=None, converter=_nfc_optional)
    reported_to: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    measures: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    notes: str | None = None


@attrs.frozen(kw_only=True)
class Policy:
    """A written policy of the organization, with its owner and review cycle.

    Attributes:
        id: Unique id among policies.
        name: Display name, such as ``Social media policy``.
        kind: What it governs (see :class:`PolicyKind`).
        owner: Id of the role that owns the policy (``None`` when nobody does).
        reviewed: The day it was last reviewed.
        review_every_months: How often it must be reviewed, in whole months.
        notes: Free text.

    Examples
    --------
    >>> Policy(id="social-policy", name="Social media policy", reviewed="2026-01-15",
    ...        review_every_months=12).reviewed
    datetime.date(2026, 1, 15)
    >>> Policy(id="p", name="P", review_every_months=0)
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      review_every_months: expected a whole number of months above 0, got 0
    """

    id: str = attrs.field(converter=_entity_id)
    name: str
    kind: PolicyKind = attrs.field(default=PolicyKind.SOCIAL_MEDIA, converter=_policy_kind)
    owner: str | None = attrs.field(default=None, converter=_nfc_optional)
    reviewed: datetime.date | None = attrs.field(default=None, converter=_reviewed)
    review_every_months: int | None = attrs.field(
        default=None, converter=_months, metadata={"schema": {"minimum": 1}}
    )
    notes: str | None = None


# -- end of metrics and policies ------------------------------------------------------------


def _acceptances(value: Iterable[Acceptance]) -> tuple[Acceptance, ...]:
    if isinstance(value, str | Mapping):
        raise TypeError("accepted is a list of Acceptance records")
    items = tuple(value)
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, Acceptance):
            raise TypeError(f"accepted holds Acceptance records, got {item!r}")
        if item.fingerprint in seen:
            raise ValueError(f"fingerprint {item.fingerprint} is accepted twice; keep one entry")
        seen.add(item.fingerprint)
    return items


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(
            f"expected a mapping of id to entity, got {type(value).__name__}; "
            "use Organization.from_parts() to build from lists"
        )
    return MappingProxyType(dict(value))


def _links(value: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(value)


def _routes(value: Iterable[Route]) -> tuple[Route, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True, cache_hash=True)
class Organization:
    """An organization: departments, responsibilities, roles, people and ties.

    Collections are read-only mappings from id to entity, in document order.
    Construction validates the whole organization and raises
    :class:`~csmo_model.errors.ModelError` listing every problem. Build one
    from lists with :meth:`from_parts`, from a file with
    :func:`csmo_model.load`, and change one with :func:`attrs.evolve`.

    Attributes:
        name: The organization's name.
        departments: Department id to :class:`Department`.
        responsibilities: Responsibility id to :class:`Responsibility`.
        roles: Role id to :class:`Role`.
        people: Person id to :class:`Person`.
        links: The cross-functional ties.
        channels: Channel id to :class:`Channel`: where the organization listens.
        routes: Where each topic heard on the channels goes (see :class:`Route`).
        social_lead: Id of the role that leads social media, if known.
        chief_executive: Id of the chief executive's role, if named: the role
            "reports to the CEO" means (see
            :func:`csmo_model.analysis.chief_executive`).
        blueprints: Ids of catalog blueprints the organization follows.
        accepted: Findings accepted on purpose (see :class:`Acceptance`).
        notes: Free text.
        schema: The file's ``$schema`` (the JSON Schema editors check it
            against), kept so that it survives a round trip; not part of equality.
        metrics: Metric id to :class:`Metric`.
        policies: Policy id to :class:`Policy`.

    Examples
    --------
    >>> org = Organization.from_parts(
    ...     name="Tiny",
    ...     roles=[Role(id="owner", title="Owner")],
    ...     people=[Person(id="kim", name="Kim", holds=["owner"])],
    ... )
    >>> org.people["kim"].holds
    ('owner',)
    >>> Organization.from_parts(name="Bad", roles=[Role(id="a", title="A", reports_to="b")])
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      roles[0].reports_to: no role 'b'; add a role with that id or correct the reference
    """

    name: str
    departments: Mapping[str, Department] = attrs.field(
        factory=dict, converter=_frozen_map, hash=False
    )
    responsibilities: Mapping[str, Responsibility] = attrs.field(
        factory=dict, converter=_frozen_map, hash=False
    )
    roles: Mapping[str, Role] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    people: Mapping[str, Person] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    links: tuple[Link, ...] = attrs.field(default=(), converter=_links)
    channels: Mapping[str, Channel] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    routes: tuple[Route, ...] = attrs.field(default=(), converter=_routes)
    social_lead: str | None = attrs.field(default=None, converter=_nfc_optional)
    chief_executive: str | None = attrs.field(default=None, converter=_nfc_optional)
    blueprints: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    accepted: tuple[Acceptance, ...] = attrs.field(default=(), converter=_acceptances)
    notes: str | None = None
    schema: str | None = attrs.field(default=None, eq=False)
    # Issue 13, section 4: metrics and policies, by id.
    metrics: Mapping[str, Metric] = attrs.field(factory=dict, converter=_frozen_map, hash=False)
    policies: Mapping[str, Policy] = attrs.field(factory=dict, converter=_frozen_map, hash=False)

    def __attrs_post_init__(self) -> None:
        check_organization(self)

    @classmethod
    def from_parts(
        cls,
        *,
        name: str,
        departments: Iterable[Department] = (),
        responsibilities: Iterable[Responsibility] = (),
        roles: Iterable[Role] = (),
        people: Iterable[Person] = (),
        links: Iterable[Link] = (),
        channels: Iterable[Channel] = (),
        routes: Iterable[Route] = (),
        social_lead: str | None = None,
        chief_executive: str | None = None,
        blueprints: Iterable[str] = (),
        accepted: Iterable[Acceptance] = (),
        notes: str | None = None,
        metrics: Iterable[Metric] = (),
        policies: Iterable[Policy] = (),
    ) -> Organization:
        """Build an organization from lists of entities, indexing them by id.

        Duplicate ids are reported (with every other problem) instead of
        silently keeping one of them, and so is an entry that is not an entity
        of its section (``None``, a mapping given for a list). The
        responsibilities of the listed *blueprints* are added, unless one of
        *responsibilities* has the same id.
        """
        fields = {
            "name": name,
            "departments": departments,
            "responsibilities": responsibilities,
            "roles": roles,
            "people": people,
            "links": links,
            "channels": channels,
            "routes": routes,
            "social_lead": social_lead,
            "chief_executive": chief_executive,
            "blueprints": _id_tuple(blueprints),
            "accepted": accepted,
            "notes": notes,
            "metrics": metrics,
            "policies": policies,
        }
        return assemble(cls, fields, problems=_listed_entities(fields))

    def problems(self) -> list[Problem]:
        """Return every problem of this organization, without raising.

        Every organization is checked when constructed, so this is empty for
        one built here; an unpickled organization is restored as it was
        pickled, unchecked, and this checks it. Entities are named by key
        (``roles['r150']``).

        Examples
        --------
        >>> org = Organization.from_parts(name="Tiny", roles=[Role(id="a", title="A")])
        >>> org.problems()
        []
        """
        return organization_problems(self)

    def __reduce__(self) -> tuple[Any, ...]:
        # For pickle and copy.deepcopy (a process pool, a cache): the read-only
        # mappings cannot be pickled themselves, so their contents are. The
        # organization was validated when built: it is restored, not rebuilt.
        return (_restore, (type(self), _plain_fields(self)))

    def __repr__(self) -> str:
        return f"<Organization {self.name!r}: {counted(section_counts(self))}>"

    def _repr_html_(self) -> str:
        from csmo_model._html import organization_html

        return organization_html(self)


SECTION_TYPES: Mapping[str, type] = MappingProxyType(
    dict(
        zip(
            SECTIONS,
            (Department, Responsibility, Role, Person, Link, Channel, Route, Metric, Policy),
            strict=True,
        )
    )
)
"""Each section of an organization and the class of its entities."""


def _by_id(field: attrs.Attribute[Any]) -> bool:
    """Whether *field* holds a read-only mapping of id to entity (its converter freezes it)."""
    return cast(object, field.converter) is _frozen_map


_KEYED = tuple(f.name for f in attrs.fields(Organization) if _by_id(f))
"""The sections an organization holds by id (the others, links and routes, are lists)."""


def _listed_entities(fields: dict[str, Any]) -> list[Problem]:
    """Make each section of *fields* a list, ``None`` for an entity of the wrong class.

    For :meth:`Organization.from_parts`, whose sections are whatever Python gave:
    the problems say which entries are not entities (a file's are, once read).
    """
    problems = []
    for section, cls in SECTION_TYPES.items():
        value = fields[section]
        if isinstance(value, Mapping | str):
            got = "a mapping; pass its values" if isinstance(value, Mapping) else "text"
            problems.append(
                Problem(section, f"expected a list of {cls.__name__}, got {got}", code="wrong-type")
            )
            fields[section] = []
            continue
        items: list[Any] = list(value)
        for i, item in enumerate(items):
            if not isinstance(item, cls):
                got = (
                    f"a {type(item).__name__}"
                    if attrs.has(type(item))
                    else f"{type(item).__name__} {reprlib.repr(item)}"
                )
                problems.append(
                    Problem(
                        f"{section}[{i}]",
                        f"expected a {cls.__name__}, got {got}",
                        code="wrong-type",
                    )
                )
                items[i] = None
        fields[section] = items
    return problems


def assemble(
    cls: type[Organization],
    fields: Mapping[str, Any],
    *,
    unreadable_ids: dict[str, dict[str, int]] | None = None,
    problems: Iterable[Problem] = (),
) -> Organization:
    """Build an organization from its *fields*, its sections given as lists of entities.

    What :meth:`Organization.from_parts` and the file loader share: the jobs of
    the listed blueprints are added (:func:`add_blueprint_responsibilities`),
    the sections are indexed by id and the organization is built, which checks
    it. When it is not valid, or an id is given twice (indexing would keep one),
    every problem is reported by its place in the lists (``roles[3]``), as in a
    file, with the *problems* found before (while reading a file).

    Parameters
    ----------
    cls : type
        :class:`Organization`, or a subclass.
    fields : mapping
        Field name to value; sections are iterables of entities, ``None`` for an
        entity that could not be read.
    unreadable_ids : dict, optional
        Section -> id -> position of the entities that could not be read.
    problems : iterable of Problem
        Problems already found; with any, nothing is built.

    Raises
    ------
    ModelError
        Every problem, in document order.

    Examples
    --------
    >>> org = assemble(Organization, {"name": "X", "roles": [Role(id="a", title="A")]})
    >>> list(org.roles)
    ['a']
    >>> assemble(Organization, {"name": "X", "roles": [Role(id="a", title="A")] * 2})
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      roles[1].id: duplicate id 'a': already used by roles[0]
    """
    unreadable = unreadable_ids or {}
    given = dict(fields)
    for key in ("social_lead", "chief_executive"):  # as the constructor will normalize them
        if isinstance(given.get(key), str):
            given[key] = _nfc(given[key])
    given["responsibilities"] = add_blueprint_responsibilities(
        given.get("responsibilities", ()),
        given.get("blueprints", ()),
        unreadable=unreadable.get("responsibilities", {}),
    )
    parts = parts_of(given, unreadable_ids=unreadable)
    found = list(problems)
    failed: ModelError | None = None
    if not found:
        indexed = {
            section: {item.id: item for item in getattr(parts, section) if item is not None}
            for section in _KEYED
        }
        if all(len(indexed[s]) == len(getattr(parts, s)) for s in _KEYED):
            try:
                return cls(**{**given, **indexed, "links": parts.links, "routes": parts.routes})
            except ModelError as exc:
                failed = exc  # located again below, by place in the lists
    found.extend(find_problems(parts))
    if failed is not None and not found:
        raise failed
    raise ModelError(sorted(found, key=document_order))


@functools.cache
def blueprint_responsibilities(blueprint_id: str) -> tuple[Responsibility, ...]:
    """Return the responsibilities of the shipped blueprint *blueprint_id*, in order.

    The one place they are built: :mod:`csmo_model.catalog` reads them from here,
    and so does :func:`add_blueprint_responsibilities`.

    Raises
    ------
    KeyError
        No such blueprint; the message suggests a close spelling.

    Examples
    --------
    >>> [r.id for r in blueprint_responsibilities("csmo-ties")][:2]
    ['csmo-ties/social-program', 'csmo-ties/employee-influence']
    """
    built = []
    problems: list[Problem] = []
    known = [field.name for field in attrs.fields(Responsibility)]
    for i, fields in enumerate(_blueprints.responsibility_fields(blueprint_id)):
        path = f"responsibilities[{i}]"
        unknown = [key for key in fields if key not in known]
        problems.extend(
            Problem(f"{path}.{key}", f"unknown key{did_you_mean(key, known)}", code="unknown-key")
            for key in unknown
        )
        try:
            built.append(Responsibility(**{k: v for k, v in fields.items() if k in known}))
        except ModelError as exc:  # a field's converter: located within the entry
            problems.extend(attrs.evolve(p, path=f"{path}.{p.path}") for p in exc.problems)
        except TypeError as exc:  # a required key is missing
            problems.append(Problem(path, str(exc), code="missing-field"))
    if problems:
        raise ModelError(problems, f"{blueprint_id}.yaml")
    return tuple(built)


def add_blueprint_responsibilities(
    responsibilities: Iterable[Responsibility | None],
    blueprints: Iterable[object],
    *,
    unreadable: Iterable[str] = (),
) -> list[Responsibility | None]:
    """Return *responsibilities* and the responsibilities of *blueprints* they do not define.

    A responsibility defined under a blueprint's id wins over the blueprint's,
    and so does one that declares itself the same as it (``same_as``). A
    blueprint's responsibility that is the same as one already present (the
    catalog declares the jobs several blueprints share) is not added twice.
    Ids that name no blueprint are skipped, for validation to report; so are
    the ids of *unreadable* responsibilities, which a file defines but that
    could not be read.

    Examples
    --------
    >>> own = Responsibility(id="community", name="Community",
    ...                      same_as=["program-blocks/community-management"])
    >>> [r.id for r in add_blueprint_responsibilities([own], ["program-blocks"])][:3]
    ['community', 'program-blocks/insight', 'program-blocks/content-strategy']
    """
    added = list(responsibilities)
    own = {r.id for r in added if r is not None} | set(unreadable)
    standing = stand_ins(added)
    for blueprint in dict.fromkeys(b for b in blueprints if isinstance(b, str)):
        if not _blueprints.is_blueprint(blueprint):
            continue
        for resp in blueprint_responsibilities(blueprint):
            if resp.id in own or resp.id in standing or any(s in own for s in resp.same_as):
                continue
            own.add(resp.id)
            standing.update(dict.fromkeys(resp.same_as, resp.id))
            added.append(resp)
    return added


_SINGULAR = {
    "departments": "department",
    "responsibilities": "responsibility",
    "roles": "role",
    "people": "person",
    "links": "link",
    "channels": "channel",
    "routes": "route",
    "metrics": "metric",
    "policies": "policy",
}


def section_counts(org: Organization) -> dict[str, int]:
    """How many entities each section of *org* holds, for summaries.

    The optional sections (channels and routes, metrics and policies) are
    counted only when the organization has some, so that summaries of files
    without them read as they always did.

    Examples
    --------
    >>> org = Organization.from_parts(name="Tiny", roles=[Role(id="a", title="A")])
    >>> section_counts(org)
    {'departments': 0, 'responsibilities': 0, 'roles': 1, 'people': 0, 'links': 0}
    """
    counts = {
        "departments": len(org.departments),
        "responsibilities": len(org.responsibilities),
        "roles": len(org.roles),
        "people": len(org.people),
        "links": len(org.links),
    }
    if org.channels or org.routes:
        counts.update(channels=len(org.channels), routes=len(org.routes))
    if org.metrics or org.policies:
        counts.update(metrics=len(org.metrics), policies=len(org.policies))
    return counts


def counted(counts: Mapping[str, int]) -> str:
    """*counts* in words: ``1 role, 2 people``.

    Examples
    --------
    >>> counted({"roles": 1, "people": 2, "policies": 1})
    '1 role, 2 people, 1 policy'
    """
    return ", ".join(f"{n} {s if n != 1 else _SINGULAR[s]}" for s, n in counts.items())


def _plain_fields(obj: Any) -> dict[str, Any]:
    """*obj*'s fields, with read-only mappings as plain dicts."""
    fields = {}
    for field in attrs.fields(type(obj)):
        value = getattr(obj, field.name)
        fields[field.name] = dict(value) if isinstance(value, MappingProxyType) else value
    return fields


def _rebuild(cls: type[Any], fields: dict[str, Any]) -> Any:
    return cls(**fields)


def _restore(cls: type[Any], fields: dict[str, Any]) -> Any:
    """The object of class *cls* pickled with these *fields*, restored as it was, unchecked.

    Through attrs' own ``__setstate__``, which sets the fields without running
    ``__init__`` (and so its converters and checks) and clears the cached hash.
    """
    state = {}
    for field in attrs.fields(cls):
        if field.name in fields:
            value = fields[field.name]
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            value = field.default.factory()  # a field newer than the pickle
        else:
            value = field.default
        # Read-only again what _plain_fields made a dict (the converter's work).
        state[field.name] = MappingProxyType(dict(value)) if _by_id(field) else value
    obj = object.__new__(cls)
    obj.__setstate__(state)
    return obj


_rebuild_trusted = _restore
"""What organizations pickled by version 0.2.0 are restored with (their pickles name it)."""


def without(
    org: Organization, *, people: Iterable[str] = (), roles: Iterable[str] = ()
) -> Organization:
    """Return a copy of *org* as it would be once some people or roles are gone.

    People who leave are removed; their roles stay, vacant. Removed roles
    disappear with every reference to them: their reports move up to the
    removed role's own manager, and dotted lines, holdings and links naming
    them are dropped. If the social lead's role is removed, no lead is named;
    if the chief executive's role is removed, no chief executive is named.
    Metrics and policies stay (the work they describe goes on): a removed
    role no longer owns them (``owner`` becomes ``None``) and is dropped from
    a metric's ``reported_to``. A channel owned by a removed role is left
    without an owner, a removed listener is dropped from its channels, and a
    route to a removed role is dropped: nobody receives that topic any more,
    which is what an audit of the result should say (``unowned-channel``,
    ``unrouted-topic``), rather than handing the messages to someone who
    never agreed to take them.

    Parameters
    ----------
    org : Organization
    people, roles : iterable of str
        Ids of the people and roles to remove.

    Raises
    ------
    KeyError
        If an id names no person or role.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("acme")
    >>> cm.without(org, people={"ana"}).roles["social-lead"]
    Role(id='social-lead', ...)
    >>> "ana" in cm.without(org, people={"ana"}).people
    False
    >>> cm.without(org, roles={"cmo"}).roles["social-lead"].reports_to
    'ceo'
    >>> cm.without(org) is org
    True
    """
    if isinstance(people, str) or isinstance(roles, str):
        raise TypeError("people and roles are collections of ids; write people={'ana'}")
    gone_people = {_nfc(p) for p in people}
    gone_roles = {_nfc(r) for r in roles}
    unknown = sorted(gone_people - org.people.keys()) + sorted(gone_roles - org.roles.keys())
    if unknown:
        raise KeyError(f"no person or role with id {', '.join(map(repr, unknown))}")
    if not gone_people and not gone_roles:
        return org

    def manager(role_id: str | None) -> str | None:
        while role_id is not None and role_id in gone_roles:
            role_id = org.roles[role_id].reports_to
        return role_id

    kept_roles = {
        rid: attrs.evolve(
            role,
            reports_to=manager(role.reports_to),
            dotted_to=tuple(t for t in role.dotted_to if t not in gone_roles),
        )
        if role.reports_to in gone_roles or gone_roles.intersection(role.dotted_to)
        else role
        for rid, role in org.roles.items()
        if rid not in gone_roles
    }
    kept_people = {
        pid: attrs.evolve(person, holds=tuple(r for r in person.holds if r not in gone_roles))
        if gone_roles.intersection(person.holds)
        else person
        for pid, person in org.people.items()
        if pid not in gone_people
    }
    return attrs.evolve(
        org,
        roles=kept_roles,
        people=kept_people,
        links=[link for link in org.links if not gone_roles.intersection(link.between)],
        **_without_roles(org, gone_roles),
        social_lead=None if org.social_lead in gone_roles else org.social_lead,
        chief_executive=None if org.chief_executive in gone_roles else org.chief_executive,
    )


def is_external(org: Organization, role: Role | str) -> bool:
    """Tell whether *role* is filled from outside the organization.

    A role that says ``external: true`` or ``external: false`` is what it says;
    one that says nothing is external when its department, or a department
    above it, has the function ``agency`` (an agency's people work for it
    from outside, its sub-teams too), else internal. Every analysis reads
    ``external`` through this function.

    Parameters
    ----------
    org : Organization
    role : Role or str
        A role of *org*, or its id.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Studio",
    ...     departments=[cm.Department(id="ag", name="Agency", function="agency"),
    ...                  cm.Department(id="video", name="Video", function="other", parent="ag")],
    ...     roles=[cm.Role(id="creative", title="Creative", department="ag"),
    ...            cm.Role(id="editor", title="Editor", department="video"),
    ...            cm.Role(id="liaison", title="Liaison", department="ag", external=False),
    ...            cm.Role(id="freelancer", title="Freelancer", external=True),
    ...            cm.Role(id="staffer", title="Staffer")])
    >>> [is_external(org, r) for r in org.roles]
    [True, True, False, True, False]
    """
    found = org.roles[role] if isinstance(role, str) else role
    if found.external is not None:
        return found.external
    return any(
        org.departments[d].function == Function.AGENCY for d in upward(org, found.department)
    )


def upward(org: Organization, department: str | None) -> Iterator[str]:
    """Yield *department* and the departments above it, innermost first.

    The one walk up the department tree: :func:`is_external` stops at the first
    agency, and :func:`csmo_model.graph.department_chain` (the public face of
    this walk) lists it. ``None`` (no department) yields nothing. An
    organization has no cycle of parents; the walk is bounded all the same, by
    the number of departments.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(upward(cm.examples.load("acme"), "marketing"))
    ['marketing', 'exec']
    """
    for _ in range(len(org.departments)):
        if department is None:
            return
        yield department
        department = org.departments[department].parent


def _without_roles(org: Organization, gone: set[str]) -> dict[str, Any]:
    """The channels, routes, metrics and policies of *org* once the roles *gone* are removed.

    An owner removed leaves its entity without one; a removed role is dropped from
    a channel's listeners and a metric's ``reported_to``; a route to it is dropped.
    """
    if not gone:
        return {}
    out: dict[str, Any] = {}
    for section, listed in (
        ("channels", "listeners"),
        ("metrics", "reported_to"),
        ("policies", ""),
    ):
        values: Mapping[str, Any] = getattr(org, section)
        if values:
            out[section] = {key: _without_in(value, gone, listed) for key, value in values.items()}
    if org.routes:
        out["routes"] = [route for route in org.routes if route.to not in gone]
    return out


def _without_in(entity: Any, gone: set[str], listed: str) -> Any:
    """*entity* with the roles *gone* out of its ``owner`` and its list field *listed*."""
    names: tuple[str, ...] = getattr(entity, listed) if listed else ()
    if entity.owner not in gone and not gone.intersection(names):
        return entity
    changes: dict[str, Any] = {"owner": None} if entity.owner in gone else {}
    if listed:
        changes[listed] = tuple(r for r in names if r not in gone)
    return attrs.evolve(entity, **changes)
