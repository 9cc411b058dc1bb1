"""Workload: how much each person carries against their capacity."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model.analysis._facts import facts
from csmo_model.model import Organization

__all__ = ["DEFAULT_MAX_ROLES", "overloaded", "person_load"]


def person_load(org: Organization) -> dict[str, float]:
    """Return each person's load in full-time equivalents.

    A responsibility's ``effort`` is shared evenly among its holders;
    responsibilities without an effort add nothing.

    Examples
    --------
    >>> import csmo_model as cm
    >>> person_load(cm.examples.load("acme"))
    {'ana': 0.5, 'bo': 0.0}

    Notes
    -----
    $O(n + a)$ for $n$ entities and $a$ assignments.
    """
    return dict(facts(org).loads(org))


DEFAULT_MAX_ROLES = 3
"""The default of ``max_roles``: holding more roles than this is an overload."""


def overloaded(org: Organization, *, max_roles: int = DEFAULT_MAX_ROLES) -> Iterator[str]:
    """Yield the people whose load exceeds their capacity or who hold too many roles.

    Parameters
    ----------
    org : Organization
    max_roles : int
        Holding more roles than this counts as overload (default 3).

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(overloaded(cm.examples.load("acme"), max_roles=0))
    ['ana', 'bo']

    See Also
    --------
    person_load

    Notes
    -----
    $O(n + a)$.
    """
    load = facts(org).loads(org)
    for person in org.people.values():
        if load[person.id] > person.capacity + 1e-9 or len(person.holds) > max_roles:
            yield person.id
