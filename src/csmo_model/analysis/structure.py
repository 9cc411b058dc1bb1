"""Structure: where the social lead sits, spans of control and empty seats."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model.analysis._facts import facts
from csmo_model.model import Organization

__all__ = [
    "DEFAULT_MAX_SPAN",
    "lead_placement",
    "reporting_chain",
    "span_of_control",
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


def lead_placement(org: Organization) -> list[str] | None:
    """Return the social lead's chain to the top when its solid line misses the top.

    The social lead is *placed at the top* when it reports (solid line) to a
    root role, such as a CEO who reports to nobody, or is itself a root.
    Otherwise this returns the chain from the lead up to the root, e.g.
    ``['social-lead', 'cmo', 'ceo']`` for a lead placed under Marketing.

    Returns
    -------
    list of str or None
        ``None`` when the lead is placed at the top.

    Raises
    ------
    ValueError
        If the organization names no ``social_lead``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> lead_placement(cm.examples.load("acme"))
    ['social-lead', 'cmo', 'ceo']
    """
    if org.social_lead is None:
        raise ValueError("the organization names no social_lead")
    chain = reporting_chain(org, org.social_lead)
    return chain if len(chain) > 2 else None


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
