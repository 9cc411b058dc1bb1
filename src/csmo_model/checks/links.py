"""Link checks: the social lead's ties into the functions it needs, and departments apart."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis, catalog
from csmo_model.analysis._facts import facts, per_organization
from csmo_model.checks._base import Names, builtin, names
from csmo_model.checks._fixing import head_role
from csmo_model.edits import AddLink
from csmo_model.graph import department_chain
from csmo_model.model import Function, Organization
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Fix,
    MissingFunctionData,
    MissingLinkData,
    MissingRoleLinkData,
    NoSocialLeadData,
    Severity,
    SiloData,
    Subject,
)

__all__ = ["CHECKS", "link_edits", "required_functions"]


def link_edits(org: Organization, department: str, role: str | None = None) -> list[AddLink]:
    """The links tying the social lead (or *role*) to *department*: to its head role, else to it.

    When the department is not reachable from the lead through any tie at all,
    the department itself is linked too, so that the new tie does not hang on
    one link.
    """
    lead = org.social_lead if role is None else role
    if lead is None:
        return []
    head = head_role(org, department)
    target = head if head is not None and head != lead else department
    out = [AddLink(between=(lead, target))]
    if target != department and lead == org.social_lead:
        ties = facts(org).tie_index(org)
        if ties.index[department] not in _reached_from_lead(org):
            out.append(AddLink(between=(lead, department)))
    return out


@per_organization
def _role_link_gaps(org: Organization) -> list[analysis.RoleLinkGap]:
    """The role ties missing, found once per model for missing-role-link and missing-function."""
    return list(analysis.missing_role_links(org))


@per_organization
def _reached_from_lead(org: Organization) -> set[int]:
    """The numbered nodes of the tie graph the social lead reaches (searched once per model)."""
    ties = facts(org).tie_index(org)
    assert org.social_lead is not None
    start = ties.index[org.social_lead]
    seen = {start}
    stack = [start]
    while stack:
        for w in ties.adjacency[stack.pop()]:
            if w not in seen:
                seen.add(w)
                stack.append(w)
    return seen


def _silo_fix(org: Organization, n: Names, dept: str) -> Fix:
    lead = org.social_lead
    inside = set(department_chain(org, org.roles[lead].department)) if lead is not None else set()
    edits = link_edits(org, dept) if lead is not None and dept not in inside else []
    return Fix(
        summary=(
            f"Link {n.department(dept)} to the social lead"
            if edits
            else f"Link a role of {n.department(dept)} to a role outside it"
        )
        + ", so that what it knows reaches the rest of the organization.",
        edits=edits,
    )


_FAMILY = "links"


def required_functions(org: Organization, options: AuditOptions) -> tuple[Function, ...]:
    """The functions the lead needs ties into: the options' plus the blueprints' tie functions.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.catalog.apply(cm.examples.load("acme"), "csmo-ties")
    >>> options = cm.AuditOptions(required_functions=["legal"])
    >>> [f.value for f in required_functions(org, options)]
    ['legal', 'marketing', 'customer-support', 'customer-programs', 'product', 'it', ...]
    """
    blueprint_ties = (f for bp in org.blueprints for f in catalog.get(bp).tie_functions)
    return tuple(dict.fromkeys((*options.required_functions, *blueprint_ties)))


@builtin(
    "missing-link",
    _FAMILY,
    Severity.WARNING,
    "The social lead has no tie to a department of a required function",
    identity=("function", "department"),
    options=("required_functions",),
    data_type=MissingLinkData,
)
def missing_link(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    lead = org.social_lead
    if lead is None:
        return
    n = names(org)
    for function, dept in analysis.missing_links(org, required_functions(org, options)):
        if dept is None:
            continue  # no such department at all: missing-function says so, once
        yield Finding(
            kind="missing-link",
            severity=Severity.WARNING,
            subjects=[Subject("department", dept), Subject("role", lead), _function(function)],
            message=(
                f"The social lead ({n.role(lead)}) has no tie to "
                f"{n.department(dept)} ({function.value})."
            ),
            data=MissingLinkData(function=function.value, department=dept, lead=lead),
            fix=Fix(
                summary=(
                    f"Link the social lead to {n.department(dept)}"
                    + (f" through {n.role(h)}" if (h := head_role(org, dept)) else "")
                    + "."
                ),
                edits=link_edits(org, dept),
            ),
        )


@builtin(
    "missing-role-link",
    _FAMILY,
    Severity.WARNING,
    "A role doing a blueprint's job has no tie to a department that job needs",
    identity=("role", "function", "department"),
    data_type=MissingRoleLinkData,
)
def missing_role_link(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for gap in _role_link_gaps(org):
        if gap.department is None:
            continue  # no such department at all: missing-function says so, once
        template = next(t for t in catalog.get(gap.blueprint).roles if t.id == gap.catalog_role)
        head = head_role(org, gap.department)
        yield Finding(
            kind="missing-role-link",
            severity=Severity.WARNING,
            subjects=[
                Subject("role", gap.role),
                Subject("department", gap.department),
                _function(gap.function),
            ],
            message=(
                f"{n.role(gap.role)} does the work of the {template.title} of {gap.blueprint}, "
                f"which needs a tie to {gap.function.value}, but has no tie to "
                f"{n.department(gap.department)}."
            ),
            data=MissingRoleLinkData(
                role=gap.role,
                function=gap.function.value,
                department=gap.department,
                blueprint=gap.blueprint,
                catalog_role=gap.catalog_role,
            ),
            fix=Fix(
                summary=(
                    f"Link {n.role(gap.role)} to {n.department(gap.department)}"
                    + (f" through {n.role(head)}" if head and head != gap.role else "")
                    + "."
                ),
                edits=link_edits(org, gap.department, gap.role),
            ),
        )


@builtin(
    "missing-function",
    _FAMILY,
    Severity.INFO,
    "No department has a function the social lead, or a role of a blueprint, needs ties into",
    identity=("functions",),
    options=("required_functions",),
    data_type=MissingFunctionData,
)
def missing_function(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    lead_needs = required_functions(org, options) if org.social_lead is not None else ()
    role_needs = [g.function for g in _role_link_gaps(org) if g.department is None]
    present = {d.function for d in org.departments.values()}
    absent = [f for f in dict.fromkeys((*lead_needs, *role_needs)) if f not in present]
    if absent:
        listed = ", ".join(f.value for f in absent)
        who = (
            "the social lead has"
            if set(absent) <= set(lead_needs)
            else "the roles that need it have"
        )
        yield Finding(
            kind="missing-function",
            severity=Severity.INFO,
            subjects=[_function(f) for f in absent],
            message=(
                f"No department does {listed}, so {who} nothing there to tie "
                "into; name the department that does that work, or leave it if nobody does."
            ),
            data=MissingFunctionData(functions=[f.value for f in absent]),
            fix=Fix(
                summary=(
                    "Set the function of the department that does this work, or ask for fewer "
                    "functions (required_functions)."
                )
            ),
        )


def _function(function: Function) -> Subject:
    return Subject("function", function.value)


@builtin(
    "silo",
    _FAMILY,
    Severity.INFO,
    "No link crosses a department's boundary",
    identity=("department",),
    data_type=SiloData,
)
def silo(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for dept in analysis.silos(org):
        yield Finding(
            kind="silo",
            severity=Severity.INFO,
            subjects=[Subject("department", dept)],
            message=f"No link crosses the boundary of {n.department(dept)}.",
            data=SiloData(department=dept),
            fix=_silo_fix(org, n, dept),
        )


@builtin(
    "no-social-lead",
    _FAMILY,
    Severity.INFO,
    "No social lead is named, so the checks about the lead were skipped",
    identity=(),
    data_type=NoSocialLeadData,
)
def no_social_lead(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    if org.social_lead is None:
        yield Finding(
            kind="no-social-lead",
            severity=Severity.INFO,
            subjects=(),
            message=(
                "No social lead is named, so ties, placement, tie failures and the lead's "
                "accountability were not checked; set social_lead to the role that leads "
                "social media."
            ),
            data=NoSocialLeadData(
                skipped=[
                    "missing-link",
                    "missing-function",
                    "placement",
                    "single-point-of-failure/tie",
                    "lead-without-accountability",
                ]
            ),
            fix=Fix(summary="Set social_lead to the id of the role that leads social media."),
        )


CHECKS = (missing_link, missing_role_link, missing_function, silo, no_social_lead)
