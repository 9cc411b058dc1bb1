"""Coverage: who is responsible and accountable for each job.

A responsibility's *holders* are the people who hold a role with R for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model.analysis._facts import facts
from csmo_model.model import Organization, Raci, is_external

__all__ = [
    "accountable_roles",
    "bus_factor",
    "coverage_gaps",
    "external_without_coordinator",
    "holders",
    "missing_accountable",
    "missing_responsible",
    "multiple_accountable",
    "responsible_departments",
    "split_ownership",
]


def holders(org: Organization) -> dict[str, tuple[str, ...]]:
    """Return, for every responsibility, the people who hold a role with R for it.

    Parameters
    ----------
    org : Organization

    Returns
    -------
    dict
        Responsibility id -> person ids in document order (empty when nobody).

    Examples
    --------
    >>> import csmo_model as cm
    >>> holders(cm.examples.load("acme"))
    {'strategy': (), 'community': ('ana',)}

    Notes
    -----
    $O(n + a)$ for $n$ entities and $a$ assignments (holds and RACI entries).
    """
    return dict(facts(org).holders)


def bus_factor(org: Organization) -> dict[str, int]:
    """Return, for every responsibility, how many people hold it.

    The *bus factor* of a job is the number of people who would have to leave
    before nobody does it; 0 means nobody does it now, 1 means one departure.

    Examples
    --------
    >>> import csmo_model as cm
    >>> bus_factor(cm.examples.load("acme"))
    {'strategy': 0, 'community': 1}

    See Also
    --------
    holders, csmo_model.analysis.truck_factor

    Notes
    -----
    $O(n + a)$; counts from the assignment lists, no graph.
    """
    return {resp: len(people) for resp, people in facts(org).holders.items()}


def coverage_gaps(org: Organization) -> Iterator[str]:
    """Yield the responsibilities nobody does or answers for.

    A responsibility is a *coverage gap* when nobody holds a role with R for
    it (no role has R, or every role with R is vacant) and nobody holds a role
    with A for it either. A job whose accountable role is held but that has
    no held R role is :func:`missing_responsible` instead.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(coverage_gaps(cm.examples.load("acme")))
    []
    >>> org = cm.Organization.from_parts(
    ...     name="Empty", responsibilities=[cm.Responsibility(id="kpi", name="KPIs")])
    >>> list(coverage_gaps(org))
    ['kpi']

    Notes
    -----
    $O(n + a)$.
    """
    f = facts(org)
    return (
        resp for resp, people in f.holders.items() if not people and resp not in f.held_accountable
    )


def missing_responsible(org: Organization) -> Iterator[str]:
    """Yield the responsibilities someone answers for but nobody does.

    A role with A (or RA) for the responsibility is held, but nobody holds a
    role with R for it: the accountable person has nobody doing the work.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(missing_responsible(cm.examples.load("acme")))
    ['strategy']

    Notes
    -----
    $O(n + a)$.
    """
    f = facts(org)
    return (resp for resp, people in f.holders.items() if not people and resp in f.held_accountable)


def accountable_roles(org: Organization) -> dict[str, tuple[str, ...]]:
    """Return, for every responsibility, the roles with A for it (held or vacant).

    Examples
    --------
    >>> import csmo_model as cm
    >>> accountable_roles(cm.examples.load("acme"))
    {'strategy': ('social-lead',), 'community': ()}
    """
    f = facts(org)
    return {resp: f.roles_with(Raci.A, resp) for resp in org.responsibilities}


def responsible_departments(org: Organization) -> dict[str, tuple[str, ...]]:
    """Return, for every responsibility, the departments of its R roles.

    Roles without a department are not counted. Departments appear in the
    order of the roles.

    Examples
    --------
    >>> import csmo_model as cm
    >>> responsible_departments(cm.examples.load("acme"))
    {'strategy': (), 'community': ('marketing',)}
    """
    return dict(facts(org).responsible_departments)


def split_ownership(org: Organization) -> Iterator[str]:
    """Yield responsibilities split over departments with nobody accountable.

    A responsibility has *split ownership* when its R roles sit in two or more
    departments and no role with A for it is held by a person: the "very messy"
    online asset, owned by IT, Product and Mobile at once.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Web",
    ...     departments=[cm.Department(id="it", name="IT", function="it"),
    ...                  cm.Department(id="mobile", name="Mobile", function="mobile")],
    ...     responsibilities=[cm.Responsibility(id="site", name="Online asset")],
    ...     roles=[cm.Role(id="web", title="Webmaster", department="it", raci={"site": "R"}),
    ...            cm.Role(id="app", title="App lead", department="mobile", raci={"site": "R"})])
    >>> list(split_ownership(org))
    ['site']

    Notes
    -----
    $O(n + a)$.
    """
    f = facts(org)
    return (
        resp
        for resp, depts in f.responsible_departments.items()
        if len(depts) >= 2 and resp not in f.held_accountable
    )


def missing_accountable(org: Organization) -> Iterator[str]:
    """Yield held responsibilities with no accountable person.

    A responsibility with holders but no role with A held by a person. Those
    with split ownership are left to :func:`split_ownership`.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(missing_accountable(cm.examples.load("acme")))
    ['community']

    Notes
    -----
    $O(n + a)$.
    """
    split = set(split_ownership(org))
    f = facts(org)
    return (
        resp
        for resp, people in f.holders.items()
        if people and resp not in split and resp not in f.held_accountable
    )


def multiple_accountable(org: Organization) -> Iterator[str]:
    """Yield responsibilities with more than one role accountable.

    RACI asks for exactly one A per job; two accountable roles means nobody is.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Two bosses",
    ...     responsibilities=[cm.Responsibility(id="kpi", name="KPIs")],
    ...     roles=[cm.Role(id="cmo", title="CMO", raci={"kpi": "A"}),
    ...            cm.Role(id="cco", title="CCO", raci={"kpi": "A"})])
    >>> list(multiple_accountable(org))
    ['kpi']

    Notes
    -----
    $O(n + a)$.
    """
    f = facts(org)
    return (resp for resp in org.responsibilities if len(f.roles_with(Raci.A, resp)) > 1)


def external_without_coordinator(org: Organization) -> Iterator[str]:
    """Yield outsourced responsibilities that nobody inside is accountable for.

    A responsibility is *outsourced* when the roles responsible (R) for it
    are all external, or a role accountable (A) for it is external (see
    :func:`csmo_model.is_external`: an agency's roles are external unless they
    say otherwise). Parts may be outsourced, but someone inside must
    coordinate them: an internal role accountable for the job. An internal
    role that is only consulted (C) or informed (I) does not coordinate it.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Outsourced",
    ...     responsibilities=[cm.Responsibility(id="content", name="Content")],
    ...     roles=[cm.Role(id="agency", title="Agency", external=True, raci={"content": "R"}),
    ...            cm.Role(id="brand", title="Brand manager", raci={"content": "C"})])
    >>> list(external_without_coordinator(org))
    ['content']

    Notes
    -----
    $O(n + a)$.
    """
    f = facts(org)
    for resp in org.responsibilities:
        doers = f.roles_with(Raci.R, resp)
        answering = f.roles_with(Raci.A, resp)
        outside = {r for r in (*doers, *answering) if is_external(org, r)}
        if not outside:
            continue
        outsourced = (doers and outside.issuperset(doers)) or outside.intersection(answering)
        if outsourced and all(r in outside for r in answering):
            yield resp
