"""Cross-functional links: the social lead's ties and departments that stand alone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from csmo_model.graph import department_chain
from csmo_model.model import Function, Organization

__all__ = ["CSMO_FUNCTIONS", "missing_links", "silos", "ties"]

CSMO_FUNCTIONS: tuple[Function, ...] = (
    Function.MARKETING,
    Function.CUSTOMER_SUPPORT,
    Function.CUSTOMER_PROGRAMS,
    Function.PRODUCT,
    Function.IT,
    Function.EXECUTIVE,
    Function.OPERATIONS,
)
"""The seven groups a social media lead needs ties into (domain, section B)."""


def ties(org: Organization, role: str) -> set[str]:
    """Return the departments *role* has a tie to.

    A role has a tie to department D when it belongs to D, or has a link or a
    reporting line (either direction, solid or dotted) to D or to a role in D.

    Examples
    --------
    >>> import csmo_model as cm
    >>> sorted(ties(cm.examples.load("acme"), "social-lead"))
    ['exec', 'marketing', 'support']

    Notes
    -----
    $O(n + m)$ for $n$ roles and $m$ links.
    """
    me = org.roles[role]
    neighbours: set[str] = set(me.dotted_to)
    if me.reports_to is not None:
        neighbours.add(me.reports_to)
    for other in org.roles.values():
        if other.reports_to == role or role in other.dotted_to:
            neighbours.add(other.id)
    for link in org.links:
        a, b = link.between
        if a == role:
            neighbours.add(b)
        elif b == role:
            neighbours.add(a)
    out = {me.department} if me.department is not None else set()
    for n in neighbours:
        if n in org.departments:
            out.add(n)
        elif (dept := org.roles[n].department) is not None:
            out.add(dept)
    return out


def missing_links(
    org: Organization, required: Iterable[Function | str] = CSMO_FUNCTIONS
) -> Iterator[tuple[Function, str | None]]:
    """Yield the required departments the social lead has no tie to.

    Parameters
    ----------
    org : Organization
    required : iterable of Function
        Functions the lead needs ties into; by default the seven groups of
        :data:`CSMO_FUNCTIONS`.

    Yields
    ------
    (Function, str or None)
        A function and a department of that function lacking a tie, or the
        function and ``None`` when the organization has no such department.

    Raises
    ------
    ValueError
        If the organization names no ``social_lead``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> [(f.value, d) for f, d in missing_links(cm.examples.load("acme"))]
    [('customer-programs', None), ('product', None), ('it', None), ('operations', None)]

    Notes
    -----
    $O(n + m)$.
    """
    if org.social_lead is None:
        raise ValueError("the organization names no social_lead")
    tied = ties(org, org.social_lead)
    for function in map(Function, required):
        depts = [d.id for d in org.departments.values() if d.function is function]
        if not depts:
            yield function, None
        for dept in depts:
            if dept not in tied:
                yield function, dept


def silos(org: Organization) -> Iterator[str]:
    """Yield the departments no link crosses.

    A department is a *silo* when no link has one end inside it (on the
    department, one of its roles, or a sub-department or its roles) and the
    other end outside. Reporting lines do not count: a silo still reports up.
    A department that holds every role and department of the organization
    has no outside and is never a silo.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("acme")
    >>> list(silos(org))
    []
    >>> list(silos(cm.Organization.from_parts(
    ...     name="Apart",
    ...     departments=[cm.Department(id="legal", name="Legal"),
    ...                  cm.Department(id="sales", name="Sales")])))
    ['legal', 'sales']

    Notes
    -----
    $O(n + (d + m) h)$ for $n$ roles, $d$ departments nested $h$ deep and $m$
    links: a link crosses exactly the departments in the symmetric difference
    of its ends' chains, and each department's chain is walked once.
    """
    chains = {d: department_chain(org, d) for d in org.departments}  # one chain per department
    # Links only matter per pair of innermost departments: collect the pairs first.
    find_role = org.roles.get
    pairs: set[tuple[str | None, str | None]] = set()
    for link in org.links:
        a, b = link.between
        in_a = r.department if (r := find_role(a)) is not None else a  # else a department
        in_b = r.department if (r := find_role(b)) is not None else b
        if in_a != in_b:
            pairs.add((in_a, in_b))
    crossed: set[str] = set()
    for in_a, in_b in pairs:
        crossed.update(
            set(chains[in_a] if in_a is not None else ()).symmetric_difference(
                chains[in_b] if in_b is not None else ()
            )
        )
    # A department holding every role and department has no outside to link to.
    inside: dict[str, int] = dict.fromkeys(org.departments, 1)
    for above in chains.values():
        for d in above[1:]:
            inside[d] += 1
    members: dict[str, int] = {}
    for role in org.roles.values():
        if role.department is not None:
            members[role.department] = members.get(role.department, 0) + 1
    for dept, count in members.items():
        for d in chains[dept]:
            inside[d] += count
    everything = len(org.departments) + len(org.roles)
    return (d for d in org.departments if d not in crossed and inside[d] < everything)
