"""Indexes shared by the analyses, computed once per organization.

Every index is built by counting over the assignment lists: linear in the
size of the organization, no graph needed.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping

import attrs
import networkx as nx

from csmo_model.graph import tie_adjacency, tie_graph
from csmo_model.model import Organization, Raci

__all__ = ["Facts", "facts"]


@attrs.frozen(kw_only=True)
class Facts:
    """Precomputed lookups over one organization (read-only by convention)."""

    role_holders: Mapping[str, tuple[str, ...]]
    """Role id -> ids of the people holding it, in document order."""
    by_letter: Mapping[Raci, Mapping[str, tuple[str, ...]]]
    """Letter -> responsibility id -> ids of the roles with that letter."""
    holders: Mapping[str, tuple[str, ...]]
    """Responsibility id -> people holding a role with R for it (every responsibility)."""
    department_roles: Mapping[str, tuple[str, ...]]
    """Department id -> ids of its member roles."""
    responsible_departments: Mapping[str, tuple[str, ...]]
    """Responsibility id -> departments of its R roles, in role order (every responsibility)."""
    held_accountable: frozenset[str]
    """Responsibilities with at least one A role that someone holds."""
    _ties: list[nx.Graph[str]] = attrs.field(factory=list, alias="_ties")
    _adjacency: list[dict[str, set[str]]] = attrs.field(factory=list, alias="_adjacency")

    def roles_with(self, letter: Raci, responsibility: str) -> tuple[str, ...]:
        return self.by_letter[letter].get(responsibility, ())

    def tie_adjacency(self, org: Organization) -> dict[str, set[str]]:
        """The tie graph as adjacency sets, built once and shared; do not modify it."""
        if not self._adjacency:
            self._adjacency.append(tie_adjacency(org))
        return self._adjacency[0]

    def tie_graph(self, org: Organization) -> nx.Graph[str]:
        """The tie graph, built once and shared; do not modify it."""
        if not self._ties:
            self._ties.append(tie_graph(org))
        return self._ties[0]


# Keyed by identity: a WeakKeyDictionary would compare equal organizations
# field by field on every lookup, which costs a pass over the whole model.
_CACHE: dict[int, tuple[weakref.ref[Organization], Facts]] = {}


def facts(org: Organization) -> Facts:
    """Return the shared indexes of *org*, computing them on first use."""
    entry = _CACHE.get(id(org))
    if entry is not None and entry[0]() is org:
        return entry[1]
    role_holders: dict[str, list[str]] = {role_id: [] for role_id in org.roles}
    for person in org.people.values():
        for role_id in person.holds:
            role_holders[role_id].append(person.id)
    by_letter: dict[Raci, dict[str, list[str]]] = {letter: {} for letter in Raci}
    for role in org.roles.values():
        for resp, letter in role.raci.items():
            by_letter[letter].setdefault(resp, []).append(role.id)
    holders: dict[str, tuple[str, ...]] = {}
    responsible = by_letter[Raci.R]
    for resp in org.responsibilities:
        people = (p for r in responsible.get(resp, ()) for p in role_holders[r])
        holders[resp] = tuple(dict.fromkeys(people))
    department_roles: dict[str, list[str]] = {d: [] for d in org.departments}
    for role in org.roles.values():
        if role.department is not None:
            department_roles[role.department].append(role.id)
    role_department = {role.id: role.department for role in org.roles.values()}
    responsible_departments = {
        resp: tuple(
            dict.fromkeys(
                d for r in responsible.get(resp, ()) if (d := role_department[r]) is not None
            )
        )
        for resp in org.responsibilities
    }
    held_accountable = frozenset(
        resp for resp, roles in by_letter[Raci.A].items() if any(role_holders[r] for r in roles)
    )
    result = Facts(
        role_holders={k: tuple(v) for k, v in role_holders.items()},
        by_letter={k: {r: tuple(v) for r, v in m.items()} for k, m in by_letter.items()},
        holders=holders,
        department_roles={k: tuple(v) for k, v in department_roles.items()},
        responsible_departments=responsible_departments,
        held_accountable=held_accountable,
    )
    _CACHE[id(org)] = (weakref.ref(org), result)
    weakref.finalize(org, _CACHE.pop, id(org), None)
    return result
