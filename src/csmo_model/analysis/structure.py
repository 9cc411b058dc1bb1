"""Structure: where the social lead sits, spans of control and empty seats."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model.analysis._facts import facts
from csmo_model.graph import department_chain
from csmo_model.model import Function, Level, Organization

__all__ = [
    "DEFAULT_MAX_SPAN",
    "chief_executive",
    "lead_placement",
    "reporting_chain",
    "span_of_control",
    "top_roles",
    "vacancies",
    "wide_spans",
]


def reporting_chain(org: Organization, role: str) -> list[str]:
    """Return the solid-line chain from *role* up to the top of the organization.

    The chain starts with *role* and ends with a root role (one that reports
    to nobody).

    Examples
    --------
    >>> import csmo_model as cm
    >>> reporting_chain(cm.examples.load("acme"), "social-lead")
    ['social-lead', 'cmo', 'ceo']

    Raises
    ------
    KeyError
        If there is no role *role*.

    Notes
    -----
    $O(d)$ for a chain of length $d$ (validation guarantees it ends).
    """
    chain = [org.roles[role].id]
    manager = org.roles[role].reports_to
    while manager is not None:
        chain.append(manager)
        manager = org.roles[manager].reports_to
    return chain


def top_roles(org: Organization) -> list[str]:
    """Return the roles at the top of the reporting tree, a board set aside.

    A role is at the top when it reports (solid line) to nobody, or only to a
    role at level ``board``; roles at level ``board`` are not counted
    themselves, since a board sits above the chief executive.

    Examples
    --------
    >>> import csmo_model as cm
    >>> top_roles(cm.examples.load("acme"))
    ['ceo']
    >>> org = cm.Organization.from_parts(name="Governed", roles=[
    ...     cm.Role(id="board", title="Board", level="board"),
    ...     cm.Role(id="ceo", title="CEO", reports_to="board"),
    ...     cm.Role(id="cfo", title="CFO", reports_to="ceo")])
    >>> top_roles(org)
    ['ceo']

    Notes
    -----
    $O(n)$.
    """
    roles = org.roles
    return [
        rid
        for rid, role in roles.items()
        if role.level is not Level.BOARD
        and (role.reports_to is None or roles[role.reports_to].level is Level.BOARD)
    ]


def chief_executive(org: Organization) -> str | None:
    """Return the role that "reports to the CEO" means: the chief executive.

    The role the organization names as ``chief_executive``. With none named,
    the only role of :func:`top_roles` stands in for it when it is evidently
    the chief executive: it sits in a department of function ``executive``
    (its own department or one above it). Otherwise nobody can tell which
    role is the chief executive, and this returns ``None``: several roles at
    the top, none (every role at level ``board``), or one that sits in no
    executive department (a CMO at the top of a file without a CEO is not
    the CEO). A level says nothing here: every chief is ``c-suite``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> chief_executive(cm.examples.load("csmo-to-ceo"))
    'ceo'
    >>> chief_executive(cm.examples.load("acme"))  # none named: the top role, in exec
    'ceo'
    >>> org = cm.Organization.from_parts(name="Two tops", roles=[
    ...     cm.Role(id="cmo", title="CMO"), cm.Role(id="cio", title="CIO")])
    >>> chief_executive(org) is None
    True
    >>> org = cm.Organization.from_parts(
    ...     name="CMO on top",
    ...     departments=[cm.Department(id="mkt", name="Marketing", function="marketing")],
    ...     roles=[cm.Role(id="cmo", title="CMO", department="mkt", level="c-suite")])
    >>> chief_executive(org) is None
    True

    Notes
    -----
    $O(n)$.
    """
    if org.chief_executive is not None:
        return org.chief_executive
    tops = top_roles(org)
    if len(tops) != 1:
        return None
    departments = org.departments
    chain = department_chain(org, org.roles[tops[0]].department)
    return tops[0] if any(departments[d].function is Function.EXECUTIVE for d in chain) else None


def lead_placement(org: Organization) -> list[str] | None:
    """Return the social lead's chain to the top when its solid line misses the chief executive.

    The social lead is *placed at the top* when it reports (solid line)
    directly to the :func:`chief_executive`, is the chief executive, or has
    the chief executive below it in its reporting tree (the chief executive
    reports, directly or not, to the lead: nothing is higher to move it to).
    Otherwise this returns the chain from the lead up to the root of its
    reporting line, e.g. ``['social-lead', 'cmo', 'ceo']`` for a lead placed
    under Marketing. A board above the chief executive does not count: the
    lead reports to the chief executive, not to the top of the file.

    Returns
    -------
    list of str or None
        ``None`` when the lead is placed at the top, and when that cannot be
        judged (:func:`chief_executive` is ``None``).

    Raises
    ------
    ValueError
        If the organization names no ``social_lead``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> lead_placement(cm.examples.load("acme"))
    ['social-lead', 'cmo', 'ceo']
    >>> org = cm.Organization.from_parts(
    ...     name="Founder-led", social_lead="founder", chief_executive="ceo",
    ...     roles=[cm.Role(id="founder", title="Founder"),
    ...            cm.Role(id="ceo", title="CEO", reports_to="founder")])
    >>> lead_placement(org) is None  # the chief executive reports to the lead
    True
    """
    if org.social_lead is None:
        raise ValueError("the organization names no social_lead")
    chief = chief_executive(org)
    if chief is None or org.social_lead in reporting_chain(org, chief):
        return None
    chain = reporting_chain(org, org.social_lead)
    return None if len(chain) > 1 and chain[1] == chief else chain


def span_of_control(org: Organization) -> dict[str, int]:
    """Return each role's number of direct solid-line reports.

    Examples
    --------
    >>> import csmo_model as cm
    >>> span_of_control(cm.examples.load("acme"))
    {'ceo': 1, 'cmo': 1, 'social-lead': 0}

    Notes
    -----
    $O(n)$.
    """
    return dict(facts(org).spans(org))


DEFAULT_MAX_SPAN = 10
"""The default of ``max_span``: more direct reports than this is a wide span."""


def wide_spans(org: Organization, *, max_span: int = DEFAULT_MAX_SPAN) -> Iterator[str]:
    """Yield the roles with more than *max_span* direct solid-line reports.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(wide_spans(cm.examples.load("acme"), max_span=0))
    ['ceo', 'cmo']

    Notes
    -----
    $O(n)$.
    """
    return (role for role, n in facts(org).spans(org).items() if n > max_span)


def vacancies(org: Organization) -> Iterator[str]:
    """Yield the roles nobody holds.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(vacancies(cm.examples.load("acme")))
    ['cmo']

    Notes
    -----
    $O(n + a)$.
    """
    return (role for role, people in facts(org).role_holders.items() if not people)
