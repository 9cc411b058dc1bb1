"""Indexes shared by the analyses, computed once per organization.

Every index is built by counting over the assignment lists, linear in the
size of the organization; only the tie index is a graph. The few that only
some analyses use (the tie index, spans, loads) are built on first use.

At a million people the cost of Python code is set less by the number of
operations than by how scattered their memory is, so the indexes avoid
building a dictionary over every role or person where a lookup in the
model's own dictionaries does, and the tie search runs on integers.
"""

from __future__ import annotations

import functools
import weakref
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TypeVar

import attrs
import networkx as nx

from csmo_model.graph import role_holders as holders_by_role
from csmo_model.graph import tie_graph
from csmo_model.model import Organization, Raci

__all__ = ["Facts", "TieIndex", "facts", "per_organization"]

T = TypeVar("T")


def per_organization(build: Callable[[Organization], T]) -> Callable[[Organization], T]:
    """Cache *build*'s result for each organization, by identity, while it lives.

    The shared indexes of one audit (names, staffing, reach...) are built once
    per model. Keyed by identity: a WeakKeyDictionary would compare equal
    organizations field by field on every lookup, a pass over the whole model.
    """
    cache: dict[int, tuple[weakref.ref[Organization], T]] = {}

    @functools.wraps(build)
    def cached(org: Organization) -> T:
        entry = cache.get(id(org))
        if entry is not None and entry[0]() is org:
            return entry[1]
        made = build(org)
        cache[id(org)] = (weakref.ref(org), made)
        weakref.finalize(org, cache.pop, id(org), None)
        return made

    return cached


@attrs.frozen
class TieIndex:
    """The tie graph of :func:`csmo_model.graph.tie_graph` with nodes numbered.

    Node ``i`` is ``names[i]``: the departments first, in document order, then
    the roles. ``adjacency[i]`` lists the neighbours of node ``i``, a neighbour
    once per reason the two are tied (the search treats repeats as one edge).
    """

    names: list[str]
    index: dict[str, int]
    n_departments: int
    adjacency: list[list[int]]

    @classmethod
    def build(cls, org: Organization) -> TieIndex:
        """Number the nodes and list the ties: one pass over the model.

        The ties are those of ``graph._ties``, in the same order, so that each
        node's neighbours come in the order of :func:`~csmo_model.graph.tie_graph`
        (tests/test_performance_paths.py checks both). Walking the roles in order
        gives each role its number without a lookup, which matters at scale.
        """
        names = [*org.departments, *org.roles]
        index = {name: i for i, name in enumerate(names)}
        n_departments = len(org.departments)
        adjacency: list[list[int]] = [[] for _ in names]
        for i, dept in enumerate(org.departments.values()):
            if dept.parent is not None:
                j = index[dept.parent]
                adjacency[i].append(j)
                adjacency[j].append(i)
        for i, role in enumerate(org.roles.values(), n_departments):
            mine = adjacency[i]
            if role.department is not None:
                j = index[role.department]
                mine.append(j)
                adjacency[j].append(i)
            if role.reports_to is not None:
                j = index[role.reports_to]
                mine.append(j)
                adjacency[j].append(i)
            for target in role.dotted_to:
                j = index[target]
                mine.append(j)
                adjacency[j].append(i)
        for link in org.links:
            a, b = link.between
            i, j = index[a], index[b]
            adjacency[i].append(j)
            adjacency[j].append(i)
        return cls(names, index, n_departments, adjacency)


@attrs.frozen(kw_only=True)
class Facts:
    """Precomputed lookups over one organization (read-only by convention)."""

    role_holders: Mapping[str, tuple[str, ...]]
    """Role id -> ids of the people holding it, in document order."""
    by_letter: Mapping[Raci, Mapping[str, tuple[str, ...]]]
    """Letter -> responsibility id -> ids of the roles with that letter (RA under R and A)."""
    holders: Mapping[str, tuple[str, ...]]
    """Responsibility id -> people holding a role with R for it (every responsibility)."""
    department_roles: Mapping[str, tuple[str, ...]]
    """Department id -> ids of its member roles."""
    responsible_departments: Mapping[str, tuple[str, ...]]
    """Responsibility id -> departments of its R roles, in role order (every responsibility)."""
    held_accountable: frozenset[str]
    """Responsibilities with at least one A role that someone holds."""
    # Built on first use (one-element lists: the class is frozen).
    _ties: list[nx.Graph[str]] = attrs.field(factory=list, alias="_ties")
    _tie_index: list[TieIndex] = attrs.field(factory=list, alias="_tie_index")
    _spans: list[dict[str, int]] = attrs.field(factory=list, alias="_spans")
    _loads: list[dict[str, float]] = attrs.field(factory=list, alias="_loads")

    def roles_with(self, letter: Raci, responsibility: str) -> tuple[str, ...]:
        return self.by_letter[letter].get(responsibility, ())

    def tie_graph(self, org: Organization) -> nx.Graph[str]:
        """The tie graph, built once and shared; do not modify it."""
        if not self._ties:
            # The structural ties only: channels and routes hand messages
            # over, they are no working relationship (see graph.tie_graph).
            self._ties.append(tie_graph(org))
        return self._ties[0]

    def tie_index(self, org: Organization) -> TieIndex:
        """The tie graph with numbered nodes, built once and shared; do not modify it."""
        if not self._tie_index:
            self._tie_index.append(TieIndex.build(org))
        return self._tie_index[0]

    def spans(self, org: Organization) -> dict[str, int]:
        """Role id -> number of direct solid-line reports; do not modify it."""
        if not self._spans:
            counts = Counter(r.reports_to for r in org.roles.values() if r.reports_to is not None)
            spans = dict.fromkeys(org.roles, 0)
            spans.update(counts)
            self._spans.append(spans)
        return self._spans[0]

    def loads(self, org: Organization) -> dict[str, float]:
        """Person id -> full-time equivalents of work; do not modify it."""
        if not self._loads:
            load = dict.fromkeys(org.people, 0.0)
            for resp, people in self.holders.items():
                effort = org.responsibilities[resp].effort
                if effort is None or not people:
                    continue
                share = effort / len(people)
                for person in people:
                    load[person] += share
            self._loads.append(load)
        return self._loads[0]


@per_organization
def facts(org: Organization) -> Facts:
    """Return the shared indexes of *org*, computing them on first use."""
    role_holders = holders_by_role(org)
    # One pass over the roles in document order fills every per-responsibility
    # index; it looks nothing up by role id, which is what costs at scale.
    by_letter: dict[Raci, dict[str, list[str]]] = {
        letter: {} for letter in Raci if letter is not Raci.RA
    }
    doers: dict[str, list[str]] = {}
    places: dict[str, list[str]] = {}
    held_accountable: set[str] = set()
    department_roles: dict[str, list[str]] = {d: [] for d in org.departments}
    # Locals are faster than Raci.R at this scale.
    responsible, accountable, both = Raci.R, Raci.A, Raci.RA
    # role_holders has the roles' keys in document order: zipping walks both
    # dictionaries in step instead of looking each role up.
    for role_id, held_by, role in zip(
        role_holders, role_holders.values(), org.roles.values(), strict=True
    ):
        department = role.department
        if department is not None:
            department_roles[department].append(role_id)
        for resp, letter in role.raci.items():
            if letter is both:  # RA counts as R and as A everywhere
                by_letter[responsible].setdefault(resp, []).append(role_id)
                by_letter[accountable].setdefault(resp, []).append(role_id)
            else:
                by_letter[letter].setdefault(resp, []).append(role_id)
            if letter is responsible or letter is both:
                if held_by:
                    doers.setdefault(resp, []).extend(held_by)
                if department is not None:
                    places.setdefault(resp, []).append(department)
            if (letter is accountable or letter is both) and held_by:
                held_accountable.add(resp)
    holders = {resp: tuple(dict.fromkeys(doers.get(resp, ()))) for resp in org.responsibilities}
    responsible_departments = {
        resp: tuple(dict.fromkeys(places.get(resp, ()))) for resp in org.responsibilities
    }
    return Facts(
        role_holders=role_holders,
        by_letter={k: {r: tuple(v) for r, v in m.items()} for k, m in by_letter.items()},
        holders=holders,
        department_roles={k: tuple(v) for k, v in department_roles.items()},
        responsible_departments=responsible_departments,
        held_accountable=frozenset(held_accountable),
    )
