"""What changed between two versions of an organization, entity by entity and field by field.

:func:`diff` matches entities by id within their kind (a link by its two ends,
a route by its topic and target, an accepted finding by its fingerprint), never
by title or name, so a rename is a changed field, not a removal and an addition.
Reporting lines moved, RACI letters changed and people moved between roles are
read off the changed fields. What changed in the audit is :meth:`csmo_model.Report.diff`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from csmo_model.io import make_converter
from csmo_model.model import Organization, Route

__all__ = ["DIFF_FORMAT", "Change", "Entity", "OrgDiff", "diff"]


def __dir__() -> list[str]:
    return __all__


DIFF_FORMAT = "csmo-diff/2"
"""The header of the JSON output of ``csmo diff``."""

_CONVERTER = make_converter()
_TOP = ("name", "social_lead", "chief_executive", "blueprints", "notes")
"""The organization's own fields that a diff compares (the entities are compared one by one)."""


@attrs.frozen
class Entity:
    """An entity of an organization: its kind (``role``, ``person``...) and id.

    A link's id is its two ends joined by ``--``; a route's its topic and target
    joined by ``->``; an accepted finding's is its fingerprint; the
    organization's own fields belong to ``organization``.
    """

    type: str
    id: str

    def __str__(self) -> str:
        return f"{self.type} {self.id}" if self.type != "organization" else "organization"


@attrs.frozen
class Change:
    """One field of one entity, before and after (as plain JSON-able values; ``None``: unset)."""

    entity: Entity
    field: str
    old: Any
    new: Any

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"type", "id", "field", "old", "new"}``."""
        return {
            "type": self.entity.type,
            "id": self.entity.id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


def _entities(org: Organization) -> dict[Entity, Any]:
    out: dict[Entity, Any] = {}
    for type_, values in (
        ("department", org.departments),
        ("responsibility", org.responsibilities),
        ("role", org.roles),
        ("person", org.people),
        ("metric", org.metrics),
        ("policy", org.policies),
    ):
        for key, value in values.items():
            out[Entity(type_, key)] = value
    for link in org.links:
        out[Entity("link", "--".join(sorted(link.between)))] = link
    for key, channel in org.channels.items():
        out[Entity("channel", key)] = channel
    for route in org.routes:
        out[Entity("route", route.key)] = route
    for acceptance in org.accepted:
        out[Entity("finding", acceptance.fingerprint)] = acceptance
    return out


def _plain(value: Any) -> Any:
    plain = _CONVERTER.unstructure(value)
    return None if plain == () else plain


def _changes(entity: Entity, old: Any, new: Any) -> Iterator[Change]:
    for field in attrs.fields(type(old)):
        if field.name == "id":
            continue
        before, after = getattr(old, field.name), getattr(new, field.name)
        if field.name == "between":  # the link's identity; only the order can differ
            continue
        if isinstance(old, Route) and field.name in ("topic", "to"):  # the route's identity
            continue
        if before != after:
            yield Change(entity, field.alias or field.name, _plain(before), _plain(after))


@attrs.frozen(kw_only=True)
class OrgDiff:
    """The differences between an old and a new version of an organization.

    Attributes:
        added: Entities only the new version has, in its document order.
        removed: Entities only the old version has, in its document order.
        changed: Fields that differ, entity by entity, in the new version's order.
    """

    added: tuple[Entity, ...]
    removed: tuple[Entity, ...]
    changed: tuple[Change, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def reporting(self) -> tuple[Change, ...]:
        """Reporting lines moved: the changes of a role's ``reports_to``."""
        return tuple(c for c in self.changed if c.entity.type == "role" and c.field == "reports_to")

    @property
    def raci(self) -> tuple[tuple[str, str, str | None, str | None], ...]:
        """RACI letters changed: ``(role, responsibility, old, new)``; ``None``: no letter.

        Roles added or removed are not listed (their whole RACI comes or goes with them).
        """
        out = []
        for change in self.changed:
            if change.entity.type != "role" or change.field != "raci":
                continue
            old, new = change.old or {}, change.new or {}
            for key in dict.fromkeys([*old, *new]):
                if old.get(key) != new.get(key):
                    out.append((change.entity.id, key, old.get(key), new.get(key)))
        return tuple(out)

    @property
    def moves(self) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
        """People moved between roles: ``(person, roles left, roles taken)``."""
        out = []
        for change in self.changed:
            if change.entity.type != "person" or change.field != "holds":
                continue
            old, new = change.old or [], change.new or []
            left = tuple(r for r in old if r not in new)
            taken = tuple(r for r in new if r not in old)
            if left or taken:
                out.append((change.entity.id, left, taken))
        return tuple(out)

    def to_dict(self) -> dict[str, Any]:
        """Return the differences as plain JSON-able data."""
        return {
            "added": [attrs.asdict(e) for e in self.added],
            "removed": [attrs.asdict(e) for e in self.removed],
            "changed": [c.to_dict() for c in self.changed],
            "reporting": [
                {"role": c.entity.id, "old": c.old, "new": c.new} for c in self.reporting
            ],
            "raci": [
                {"role": role, "responsibility": r, "old": old, "new": new}
                for role, r, old, new in self.raci
            ],
            "moves": [
                {"person": p, "left": list(left), "took": list(took)}
                for p, left, took in self.moves
            ],
        }

    def lines(self) -> list[str]:
        """The differences as plain text lines (values as JSON, so nothing prints raw)."""
        out: list[str] = []
        out += [f"added {_show(e)}" for e in self.added]
        out += [f"removed {_show(e)}" for e in self.removed]
        for c in self.changed:
            out.append(f"changed {_show(c.entity)} {c.field}: {_value(c.old)} -> {_value(c.new)}")
        for c in self.reporting:
            out.append(
                f"reporting line: {_id(c.entity.id)} reports to {_value(c.new)} "
                f"(was {_value(c.old)})"
            )
        for role, r, old, new in self.raci:
            out.append(f"RACI: {_id(role)} on {_id(r)}: {_value(old)} -> {_value(new)}")
        for person, left, took in self.moves:
            parts = []
            if left:
                parts.append("left " + ", ".join(map(_id, left)))
            if took:
                parts.append("took " + ", ".join(map(_id, took)))
            out.append(f"moved: {_id(person)} {'; '.join(parts)}")
        return out


def _id(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _show(entity: Entity) -> str:
    return "organization" if entity.type == "organization" else f"{entity.type} {_id(entity.id)}"


def _value(value: Any) -> str:
    return "(unset)" if value is None else json.dumps(value, ensure_ascii=False)


def _ordered(keys: Iterable[Entity], among: Mapping[Entity, Any]) -> tuple[Entity, ...]:
    return tuple(k for k in among if k in set(keys))


def diff(old: Organization, new: Organization) -> OrgDiff:
    """Compare two versions of an organization, matching entities by id.

    Examples
    --------
    >>> import attrs, csmo_model as cm
    >>> old = cm.examples.load("acme")
    >>> roles = dict(old.roles)
    >>> roles["social-lead"] = attrs.evolve(roles["social-lead"], reports_to="ceo")
    >>> new = cm.without(attrs.evolve(old, roles=roles), people={"bo"})
    >>> for line in cm.diff(old, new).lines():
    ...     print(line)
    removed person "bo"
    changed role "social-lead" reports_to: "cmo" -> "ceo"
    reporting line: "social-lead" reports to "ceo" (was "cmo")
    """
    before, after = _entities(old), _entities(new)
    changed: list[Change] = []
    for key in _TOP:
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            changed.append(Change(Entity("organization", ""), key, _plain(a), _plain(b)))
    for entity, value in after.items():
        if entity in before:
            changed.extend(_changes(entity, before[entity], value))
    return OrgDiff(
        added=_ordered(after.keys() - before.keys(), after),
        removed=_ordered(before.keys() - after.keys(), before),
        changed=tuple(changed),
    )
