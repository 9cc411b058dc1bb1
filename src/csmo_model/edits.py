"""Edits as data: small frozen records that change an organization, and :func:`apply`.

Each edit kind is a frozen record with a JSON form (``{"op": "add-link",
"between": ["social-lead", "support"]}``). :func:`apply` runs a batch of
edits on an organization and returns a new one, validated once for the whole
batch; every problem names the edit it comes from
(``edits[2] (add-holder): no person 'zoe'``). The fixes of findings and the
steps of a plan are lists of these records; code that builds organizations
can use them as a batch-edit API.

The vocabulary:

=====================  ===========================================================
``add-link``           a cross-functional tie between two roles or departments
``set-raci``           a role's letter for a responsibility (``null`` removes it)
``add-holder``         a person takes on one more role
``set-reports-to``     a role's solid reporting line (``null``: reports to nobody)
``add-dotted-line``    a role's dotted reporting line to another role
``add-role``           a new role, vacant until someone holds it
``set-external``       whether a role is filled from outside
``add-person``         a new person, holding some roles
``add-route``          a topic heard on the channels goes to a role
``set-channel-owner``  the role that owns a channel (``null``: nobody)
=====================  ===========================================================
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, ClassVar

import attrs
import cattrs

from csmo_model._converter import configure_converter, problems_from
from csmo_model._validation import is_valid_id
from csmo_model.errors import ModelError, Problem, did_you_mean
from csmo_model.model import (
    Channel,
    Link,
    LinkKind,
    Organization,
    Person,
    Raci,
    Role,
    Route,
    Topic,
    _id_tuple,
    _nfc,
    _nfc_optional,
    _pair,
    _raci_map,
)

__all__ = [
    "AddDottedLine",
    "AddHolder",
    "AddLink",
    "AddPerson",
    "AddRole",
    "AddRoute",
    "Edit",
    "SetChannelOwner",
    "SetExternal",
    "SetRaci",
    "SetReportsTo",
    "apply",
    "edits_of",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
]


def __dir__() -> list[str]:
    return __all__


def _letter(value: Raci | str | None) -> Raci | None:
    return None if value is None else Raci(value)


@attrs.frozen(kw_only=True)
class AddLink:
    """Add a cross-functional tie between two roles or departments.

    Examples
    --------
    >>> AddLink(between=["social-lead", "support"])
    AddLink(between=('social-lead', 'support'), kind=<LinkKind.COLLABORATION: 'collaboration'>)
    """

    op: ClassVar[str] = "add-link"
    between: tuple[str, str] = attrs.field(converter=_pair)
    kind: LinkKind = attrs.field(default=LinkKind.COLLABORATION, converter=LinkKind)


@attrs.frozen(kw_only=True)
class SetRaci:
    """Set *role*'s letter for *responsibility*; ``letter=None`` removes it."""

    op: ClassVar[str] = "set-raci"
    role: str = attrs.field(converter=_nfc)
    responsibility: str = attrs.field(converter=_nfc)
    letter: Raci | None = attrs.field(converter=_letter)


@attrs.frozen(kw_only=True)
class AddHolder:
    """Make *person* hold *role* too."""

    op: ClassVar[str] = "add-holder"
    person: str = attrs.field(converter=_nfc)
    role: str = attrs.field(converter=_nfc)


@attrs.frozen(kw_only=True)
class SetReportsTo:
    """Make *role* report to *manager* (``None``: to nobody)."""

    op: ClassVar[str] = "set-reports-to"
    role: str = attrs.field(converter=_nfc)
    manager: str | None = attrs.field(converter=_nfc_optional)


@attrs.frozen(kw_only=True)
class AddDottedLine:
    """Give *role* a dotted reporting line to *manager*."""

    op: ClassVar[str] = "add-dotted-line"
    role: str = attrs.field(converter=_nfc)
    manager: str = attrs.field(converter=_nfc)


@attrs.frozen(kw_only=True)
class AddRole:
    """Add a role (vacant until an ``add-holder`` or ``add-person`` fills it)."""

    op: ClassVar[str] = "add-role"
    id: str = attrs.field(converter=_nfc)
    title: str
    department: str | None = attrs.field(default=None, converter=_nfc_optional)
    reports_to: str | None = attrs.field(default=None, converter=_nfc_optional)
    raci: Mapping[str, Raci] = attrs.field(
        factory=lambda: MappingProxyType({}), converter=_raci_map, hash=False
    )
    external: bool | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # The read-only raci mapping cannot be pickled itself: pickle a dict.
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(AddRole)}
        fields["raci"] = dict(self.raci)
        return (_rebuild_edit, (AddRole, fields))


def _rebuild_edit(cls: type[Any], fields: dict[str, Any]) -> Any:
    return cls(**fields)


@attrs.frozen(kw_only=True)
class SetExternal:
    """Mark *role* as filled from outside (``external=True``) or from inside."""

    op: ClassVar[str] = "set-external"
    role: str = attrs.field(converter=_nfc)
    external: bool


@attrs.frozen(kw_only=True)
class AddPerson:
    """Add a person holding *holds*."""

    op: ClassVar[str] = "add-person"
    id: str = attrs.field(converter=_nfc)
    name: str
    holds: tuple[str, ...] = attrs.field(default=(), converter=_id_tuple)
    capacity: float = 1.0


@attrs.frozen(kw_only=True)
class AddRoute:
    """Send the messages of *topic* heard on the channels to the role *to*.

    Examples
    --------
    >>> AddRoute(topic="complaint", to="support-lead")
    AddRoute(topic=<Topic.COMPLAINT: 'complaint'>, to='support-lead')
    """

    op: ClassVar[str] = "add-route"
    topic: Topic = attrs.field(converter=Topic)
    to: str = attrs.field(converter=_nfc)


@attrs.frozen(kw_only=True)
class SetChannelOwner:
    """Make the role *owner* the owner of *channel* (``None``: nobody owns it).

    Examples
    --------
    >>> SetChannelOwner(channel="x-main", owner="social-lead")
    SetChannelOwner(channel='x-main', owner='social-lead')
    """

    op: ClassVar[str] = "set-channel-owner"
    channel: str = attrs.field(converter=_nfc)
    owner: str | None = attrs.field(converter=_nfc_optional)


Edit = (
    AddLink
    | SetRaci
    | AddHolder
    | SetReportsTo
    | AddDottedLine
    | AddRole
    | SetExternal
    | AddPerson
    | AddRoute
    | SetChannelOwner
)
"""Any edit record."""

KINDS: Mapping[str, type[Edit]] = MappingProxyType(
    {
        cls.op: cls
        for cls in (
            AddLink,
            SetRaci,
            AddHolder,
            SetReportsTo,
            AddDottedLine,
            AddRole,
            SetExternal,
            AddPerson,
            AddRoute,
            SetChannelOwner,
        )
    }
)
"""Edit kind (its ``op``) -> record class, in the order of the vocabulary."""


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(detailed_validation=True)
    configure_converter(converter)
    for cls in KINDS.values():
        converter.register_structure_hook(
            cls,
            cattrs.gen.make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True),
        )
        # Every field is written, defaults too: an edit reads the same on its own.
        converter.register_unstructure_hook(
            cls, cattrs.gen.make_dict_unstructure_fn(cls, converter)
        )
    return converter


_CONVERTER = _make_converter()


def to_dict(edit: Edit) -> dict[str, Any]:
    """Return the JSON form of *edit*: ``{"op": ..., field: value, ...}``.

    Raises
    ------
    TypeError
        If *edit* is not an edit record.

    Examples
    --------
    >>> to_dict(SetRaci(role="cmo", responsibility="strategy", letter="A"))
    {'op': 'set-raci', 'role': 'cmo', 'responsibility': 'strategy', 'letter': 'A'}
    >>> to_dict(SetRaci(role="cmo", responsibility="strategy", letter=None))["letter"] is None
    True
    """
    if type(edit) not in KINDS.values():
        raise TypeError(f"not an edit record: {edit!r}")
    return {"op": edit.op, **_CONVERTER.unstructure(edit)}


def from_dict(data: Mapping[str, Any], *, path: str = "edit") -> Edit:
    """Read one edit from its JSON form (see :func:`to_dict`).

    Raises
    ------
    ModelError
        If it is not an edit: the problems are located under *path*.

    Examples
    --------
    >>> from_dict({"op": "add-holder", "person": "ana", "role": "cmo"})
    AddHolder(person='ana', role='cmo')
    >>> from_dict({"op": "add-holdr", "person": "ana", "role": "cmo"})
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      edit.op: unknown edit 'add-holdr' (did you mean 'add-holder'?); ...
    """
    if not isinstance(data, Mapping):
        raise ModelError([Problem(path, f"an edit is a mapping with an 'op', got {data!r}")])
    op = data.get("op")
    cls = KINDS.get(op) if isinstance(op, str) else None
    if cls is None:
        raise ModelError(
            [
                Problem(
                    f"{path}.op",
                    f"unknown edit {op!r}{did_you_mean(op, KINDS)}; "
                    f"the edits are {', '.join(KINDS)}",
                )
            ]
        )
    fields = {k: v for k, v in data.items() if k != "op"}
    try:
        return _CONVERTER.structure(fields, cls)
    except Exception as exc:  # noqa: BLE001 - cattrs and the records' converters
        raise ModelError(problems_from(exc, path)) from None


def to_json(edits: Iterable[Edit], *, indent: int | None = 2) -> str:
    """Return a list of edits as JSON text.

    Examples
    --------
    >>> print(to_json([AddLink(between=("a", "b"))], indent=None))
    [{"op": "add-link", "between": ["a", "b"], "kind": "collaboration"}]
    """
    return json.dumps([to_dict(e) for e in edits], indent=indent, ensure_ascii=False)


def from_json(text: str) -> tuple[Edit, ...]:
    """Read a JSON list of edits (see :func:`to_json`); every problem is reported at once.

    Raises
    ------
    ModelError
        If the text is not a JSON list of edits; problems are located as ``edits[i]``.

    Examples
    --------
    >>> from_json('[{"op": "set-external", "role": "agency", "external": false}]')
    (SetExternal(role='agency', external=False),)
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError([Problem("edits", f"not JSON: {exc}")]) from None
    if not isinstance(data, list):
        raise ModelError([Problem("edits", "expected a JSON list of edits")])
    out: list[Edit] = []
    problems: list[Problem] = []
    for i, item in enumerate(data):
        try:
            out.append(from_dict(item, path=f"edits[{i}]"))
        except ModelError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ModelError(problems)
    return tuple(out)


class _Draft:
    """The organization being edited, as plain mutable pieces."""

    def __init__(self, org: Organization) -> None:
        self.org = org
        self.roles: dict[str, Role] = dict(org.roles)
        self.people: dict[str, Person] = dict(org.people)
        self.links: list[Link] = list(org.links)
        self.linked = {frozenset(link.between) for link in org.links}
        self.routes: list[Route] = list(org.routes)
        self.channels: dict[str, Channel] = dict(org.channels)

    def node(self, key: str) -> bool:
        return key in self.roles or key in self.org.departments


def apply(org: Organization, edits: Iterable[Edit]) -> Organization:
    """Return a new organization: *org* with *edits* applied, in order.

    Each edit may refer to what an earlier one added. The result is
    validated once, for the whole batch; *org* is not changed. The user's
    ids and order are kept: added roles, people and links come after the
    existing ones.

    Parameters
    ----------
    org : Organization
    edits : iterable of Edit

    Returns
    -------
    Organization

    Raises
    ------
    ModelError
        Listing every problem, each located as ``edits[i] (kind)`` (or, for a
        problem of the edited organization as a whole, such as a reporting
        cycle, by its path in the organization).

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("acme")
    >>> new = apply(org, [AddLink(between=("social-lead", "exec")),
    ...                   SetRaci(role="social-lead", responsibility="community", letter="RA")])
    >>> new.roles["social-lead"].raci["community"], len(new.links) - len(org.links)
    (<Raci.RA: 'RA'>, 1)
    >>> apply(org, [AddHolder(person="zoe", role="cmo")])
    Traceback (most recent call last):
    ...
    csmo_model.errors.ModelError: 1 problem found
      edits[0] (add-holder): no person 'zoe'
    """
    if isinstance(edits, str | Mapping):
        raise TypeError("edits is a list of edit records (csmo_model.edits)")
    draft = _Draft(org)
    problems: list[Problem] = []
    for i, edit in enumerate(edits):
        if type(edit) not in KINDS.values():
            problems.append(Problem(f"edits[{i}]", f"not an edit record: {edit!r}"))
            continue
        where = f"edits[{i}] ({edit.op})"
        for message in _apply_one(draft, edit):
            problems.append(Problem(where, message))
    if problems:
        raise ModelError(problems)
    return attrs.evolve(
        org,
        roles=draft.roles,
        people=draft.people,
        links=draft.links,
        channels=draft.channels,
        routes=draft.routes,
    )


def _missing(what: str, key: str, known: Iterable[str]) -> str:
    return f"no {what} {key!r}{did_you_mean(key, list(known)[:20_000])}"


def _apply_one(draft: _Draft, edit: Edit) -> list[str]:
    """Apply *edit* to *draft*; what is wrong with it (then *draft* is unchanged)."""
    out: list[str] = []
    _APPLY[type(edit)](draft, edit, out)
    return out


def _need_role(draft: _Draft, key: str | None, out: list[str]) -> bool:
    """Whether *key* is no role or a role of *draft*; *out* gets why not."""
    if key is not None and key not in draft.roles:
        out.append(_missing("role", key, draft.roles))
        return False
    return True


def _add_link(draft: _Draft, edit: AddLink, out: list[str]) -> None:
    for end in edit.between:
        if not draft.node(end):
            out.append(_missing("role or department", end, [*draft.roles, *draft.org.departments]))
    a, b = edit.between
    if a == b:
        out.append(f"a link joins two different things, not {a!r} to itself")
    elif not out and frozenset(edit.between) in draft.linked:
        out.append(f"{a!r} and {b!r} are already linked")
    if not out:
        draft.links.append(Link(between=edit.between, kind=edit.kind))
        draft.linked.add(frozenset(edit.between))


def _set_raci(draft: _Draft, edit: SetRaci, out: list[str]) -> None:
    if edit.responsibility not in draft.org.responsibilities:
        out.append(_missing("responsibility", edit.responsibility, draft.org.responsibilities))
    if _need_role(draft, edit.role, out) and not out:
        role = draft.roles[edit.role]
        letters = dict(role.raci)
        if edit.letter is None:
            if edit.responsibility not in letters:
                out.append(f"role {edit.role!r} has no letter for {edit.responsibility!r}")
            letters.pop(edit.responsibility, None)
        else:
            letters[edit.responsibility] = edit.letter
        draft.roles[edit.role] = attrs.evolve(role, raci=letters)


def _add_holder(draft: _Draft, edit: AddHolder, out: list[str]) -> None:
    if edit.person not in draft.people:
        out.append(_missing("person", edit.person, draft.people))
    if _need_role(draft, edit.role, out) and not out:
        person = draft.people[edit.person]
        if edit.role in person.holds:
            out.append(f"{edit.person!r} already holds {edit.role!r}")
        else:
            draft.people[edit.person] = attrs.evolve(person, holds=(*person.holds, edit.role))


def _set_reports_to(draft: _Draft, edit: SetReportsTo, out: list[str]) -> None:
    if _need_role(draft, edit.role, out) and _need_role(draft, edit.manager, out):
        draft.roles[edit.role] = attrs.evolve(draft.roles[edit.role], reports_to=edit.manager)


def _add_dotted_line(draft: _Draft, edit: AddDottedLine, out: list[str]) -> None:
    if _need_role(draft, edit.role, out) and _need_role(draft, edit.manager, out):
        role = draft.roles[edit.role]
        if edit.manager in role.dotted_to:
            out.append(f"{edit.role!r} already has a dotted line to {edit.manager!r}")
        else:
            draft.roles[edit.role] = attrs.evolve(role, dotted_to=(*role.dotted_to, edit.manager))


def _add_role(draft: _Draft, edit: AddRole, out: list[str]) -> None:
    departments, responsibilities = draft.org.departments, draft.org.responsibilities
    if not is_valid_id(edit.id):
        out.append(f"{edit.id!r} is not a valid id")
    elif edit.id in draft.roles or edit.id in departments:
        out.append(f"the id {edit.id!r} is taken; choose another")
    if edit.department is not None and edit.department not in departments:
        out.append(_missing("department", edit.department, departments))
    _need_role(draft, edit.reports_to, out)
    for resp in edit.raci:
        if resp not in responsibilities:
            out.append(_missing("responsibility", resp, responsibilities))
    if not out:
        draft.roles[edit.id] = Role(
            id=edit.id,
            title=edit.title,
            department=edit.department,
            reports_to=edit.reports_to,
            raci=edit.raci,
            external=edit.external,
        )


def _set_external(draft: _Draft, edit: SetExternal, out: list[str]) -> None:
    if _need_role(draft, edit.role, out):
        draft.roles[edit.role] = attrs.evolve(draft.roles[edit.role], external=edit.external)


def _add_route(draft: _Draft, edit: AddRoute, out: list[str]) -> None:
    if _need_role(draft, edit.to, out):
        if any(r.topic is edit.topic and r.to == edit.to for r in draft.routes):
            out.append(f"topic {edit.topic.value!r} already goes to {edit.to!r}")
        else:
            draft.routes.append(Route(topic=edit.topic, to=edit.to))


def _set_channel_owner(draft: _Draft, edit: SetChannelOwner, out: list[str]) -> None:
    if edit.channel not in draft.channels:
        out.append(_missing("channel", edit.channel, draft.channels))
    if _need_role(draft, edit.owner, out) and not out:
        channel = draft.channels[edit.channel]
        draft.channels[edit.channel] = attrs.evolve(channel, owner=edit.owner)


def _add_person(draft: _Draft, edit: AddPerson, out: list[str]) -> None:
    if not is_valid_id(edit.id):
        out.append(f"{edit.id!r} is not a valid id")
    elif edit.id in draft.people:
        out.append(f"the id {edit.id!r} is taken; choose another")
    for role_id in edit.holds:
        _need_role(draft, role_id, out)
    if not out:
        draft.people[edit.id] = Person(
            id=edit.id, name=edit.name, holds=edit.holds, capacity=edit.capacity
        )


_APPLY: dict[type[Any], Callable[[_Draft, Any, list[str]], None]] = {
    AddLink: _add_link,
    SetRaci: _set_raci,
    AddHolder: _add_holder,
    SetReportsTo: _set_reports_to,
    AddDottedLine: _add_dotted_line,
    AddRole: _add_role,
    SetExternal: _set_external,
    AddPerson: _add_person,
    AddRoute: _add_route,
    SetChannelOwner: _set_channel_owner,
}
"""How each kind of edit is applied; every kind of :data:`KINDS` has one."""


def edits_of(items: Sequence[Edit]) -> tuple[Edit, ...]:
    """Return *items* as a tuple of edit records, refusing anything else.

    Raises
    ------
    TypeError
        If *items* is one edit or text instead of a list, or holds something else.
    """
    if isinstance(items, str | Mapping):
        raise TypeError("edits is a list of edit records (csmo_model.edits)")
    out = tuple(items)
    for item in out:
        if type(item) not in KINDS.values():
            raise TypeError(f"not an edit record: {item!r}")
    return out
