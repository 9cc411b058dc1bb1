"""Cross-functional links: the social lead's ties and departments that stand alone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import cast

from csmo_model.graph import inside_departments, whole_department
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
    A role or department inside a sub-department of D is in D too: a social
    team inside Marketing is tied to Marketing. The exception is a department
    that contains every other one (an Executive Office over the whole
    organization): being inside it is no tie to it.

    Examples
    --------
    >>> import csmo_model as cm
    >>> sorted(ties(cm.examples.load("acme"), "social-lead"))
    ['exec', 'marketing', 'support']

    Notes
    -----
    $O(n + m + d)$ for $n$ roles, $m$ links and $d$ departments.
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
    direct = {me.department} if me.department is not None else set()
    for n in neighbours:
        if n in org.departments:
            direct.add(n)
        elif (dept := org.roles[n].department) is not None:
            direct.add(dept)
    # A role in a sub-department of D belongs to D too: add the departments
    # it is inside, each chain walked only up to a department already reached.
    whole = whole_department(org)
    out = set(direct)
    for start in direct:
        out.update(inside_departments(org, start, whole=whole, stop=out))
    return out


def missing_links(
    org: Organization,
    required: Iterable[Function | str] = CSMO_FUNCTIONS,
    *,
    role: str | None = None,
) -> Iterator[tuple[Function, str | None]]:
    """Yield the required departments the social lead (or *role*) has no tie to.

    Parameters
    ----------
    org : Organization
    required : iterable of Function
        Functions the lead needs ties into; by default the seven groups of
        :data:`CSMO_FUNCTIONS`.
    role : str, optional
        Whose ties to look at; by default the social lead's.

    Yields
    ------
    (Function, str or None)
        A function and a department of that function lacking a tie, or the
        function and ``None`` when the organization has no such department.

    Raises
    ------
    ValueError
        If no *role* is given and the organization names no ``social_lead``.
    KeyError
        If *role* names no role of the organization.

    Examples
    --------
    >>> import csmo_model as cm
    >>> [(f.value, d) for f, d in missing_links(cm.examples.load("acme"))]
    [('customer-programs', None), ('product', None), ('it', None), ('operations', None)]
    >>> [(f.value, d) for f, d in missing_links(cm.examples.load("acme"), ["customer-support"],
    ...                                          role="cmo")]
    [('customer-support', 'support')]

    Notes
    -----
    $O(n + m)$.
    """
    if role is None:
        if org.social_lead is None:
            raise ValueError("the organization names no social_lead")
        role = org.social_lead
    elif role not in org.roles:
        raise KeyError(f"no role {role!r}")
    tied = ties(org, role)
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
    $O(n + d + m)$ for $n$ roles, $d$ departments and $m$ links, however deep
    departments nest: a link crosses exactly the departments on the tree path
    between its ends' innermost departments, below their lowest common
    ancestor. Each link adds one at both ends and takes two away at that
    ancestor (found for all links in one pass, Tarjan's offline algorithm);
    the sum over a department's subtree is then the number of links crossing
    it. Subtree sizes come from the same bottom-up pass.
    """
    find_role = org.roles.get
    # Links only matter per pair of innermost departments: collect the pairs first.
    pairs: set[tuple[str | None, str | None]] = set()
    for link in org.links:
        a, b = link.between
        in_a = r.department if (r := find_role(a)) is not None else a  # else a department
        in_b = r.department if (r := find_role(b)) is not None else b
        if in_a != in_b:
            pairs.add((in_a, in_b))
    order, parent = _bottom_up(org)
    lowest = _lowest_common_ancestors(order, parent, [p for p in pairs if None not in p])
    crossing: dict[str, int] = dict.fromkeys(org.departments, 0)
    for in_a, in_b in pairs:
        for end in (in_a, in_b):
            if end is not None:
                crossing[end] += 1
        top = lowest.get((in_a, in_b))
        if top is not None:
            crossing[top] -= 2
    # Roles and departments inside each department, itself included.
    inside: dict[str, int] = dict.fromkeys(org.departments, 1)
    for role in org.roles.values():
        if role.department is not None:
            inside[role.department] += 1
    for dept in order:  # children before parents
        up = parent[dept]
        if up is not None:
            crossing[up] += crossing[dept]
            inside[up] += inside[dept]
    # A department holding every role and department has no outside to link to.
    everything = len(org.departments) + len(org.roles)
    return (d for d in org.departments if crossing[d] == 0 and inside[d] < everything)


def _bottom_up(org: Organization) -> tuple[list[str], dict[str, str | None]]:
    """Departments with every one after all of its sub-departments, and their parents."""
    parent = {d.id: d.parent for d in org.departments.values()}
    children: dict[str | None, list[str]] = {}
    for dept, up in parent.items():
        children.setdefault(up, []).append(dept)
    order: list[str] = []
    stack = list(children.get(None, ()))
    while stack:  # pre-order without recursion: deep nesting is allowed
        dept = stack.pop()
        order.append(dept)
        stack.extend(children.get(dept, ()))
    order.reverse()
    return order, parent


def _lowest_common_ancestors(
    order: list[str],
    parent: dict[str, str | None],
    pairs: list[tuple[str | None, str | None]],
) -> dict[tuple[str | None, str | None], str]:
    """The lowest department containing both departments of each pair, when there is one.

    Tarjan's offline algorithm, depth first without recursion, under a
    virtual root (``None``) above the top-level departments; a pair whose
    lowest common ancestor is that root has none and is left out.
    $O((d + p)\\,\\alpha(d))$ with path compression.
    """
    asked: dict[str, list[tuple[str, tuple[str | None, str | None]]]] = {}
    for pair in pairs:
        a, b = cast(tuple[str, str], pair)
        asked.setdefault(a, []).append((b, pair))
        asked.setdefault(b, []).append((a, pair))
    children: dict[str | None, list[str]] = {}
    for dept in reversed(order):
        children.setdefault(parent[dept], []).append(dept)
    joined: dict[str | None, str | None] = {}  # union-find over finished subtrees
    top: dict[str | None, str | None] = {}  # a set's representative -> its highest node

    def find(node: str | None) -> str | None:
        root = node
        while joined[root] != root:
            root = joined[root]
        while joined[node] != root:  # path compression
            joined[node], node = root, joined[node]
        return root

    lowest: dict[tuple[str | None, str | None], str] = {}
    done: set[str] = set()
    stack: list[tuple[str | None, bool]] = [(None, False)]
    while stack:
        node, finished = stack.pop()
        if not finished:
            joined[node] = top[node] = node
            stack.append((node, True))
            stack.extend((child, False) for child in children.get(node, ()))
            continue
        if node is None:
            break
        done.add(node)
        for other, pair in asked.get(node, ()):
            if other in done:
                answer = top[find(other)]
                if answer is not None:
                    lowest[pair] = answer
        up = parent[node]
        root = find(up)
        joined[find(node)] = root
        top[root] = up
    return lowest
