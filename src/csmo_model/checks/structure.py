"""Structure checks: where social reports, spans of control, empty seats."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis, catalog
from csmo_model.analysis._facts import facts
from csmo_model.checks._base import builtin, names
from csmo_model.edits import SetReportsTo
from csmo_model.model import Organization
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Fix,
    PlacementData,
    Severity,
    SpanOfControlData,
    Subject,
    VacancyData,
)

__all__ = ["CHECKS", "PLACEMENT_RULE"]

_FAMILY = "structure"

PLACEMENT_RULE = "lead-reports-to-top"
"""The blueprint rule check that states where the social lead belongs."""


@builtin(
    "placement",
    _FAMILY,
    Severity.WARNING,
    "An applied blueprint puts the social lead under the top, and it is not there",
    identity=("lead",),
    data_type=PlacementData,
)
def placement(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    lead = org.social_lead
    if lead is None:
        return
    rules = [
        (bp, rule.id)
        for bp in org.blueprints
        for rule in catalog.get(bp).rules
        if rule.check == PLACEMENT_RULE
    ]
    if not rules:
        return  # where the lead sits is in the report's summary, not a problem
    chain = analysis.lead_placement(org)
    chief = analysis.chief_executive(org)
    if chain is None or chief is None:
        return  # placed right, or cannot be judged (reported as rule-unjudged)
    n = names(org)
    if len(chain) == 1:
        where = "reports to nobody"
    elif chief in chain:
        levels = chain.index(chief) - 1
        where = (
            f"reports to {n.role(chain[1])}, {levels} level{'s' if levels > 1 else ''} "
            f"below the chief executive ({n.role(chief)})"
        )
    else:
        where = (
            f"reports to {n.role(chain[1])}, in a reporting line that does not reach "
            f"the chief executive ({n.role(chief)})"
        )
    yield Finding(
        kind="placement",
        severity=Severity.WARNING,
        subjects=[Subject("role", lead), *(Subject("role", r) for r in chain[1:2])]
        + [Subject("blueprint", bp) for bp in dict.fromkeys(bp for bp, _ in rules)],
        message=(
            f"The social lead {where}; the blueprint {rules[0][0]} puts it directly "
            "under the chief executive."
        ),
        data=PlacementData(
            lead=lead,
            chain=chain,
            chief_executive=chief,
            rules=[{"blueprint": bp, "rule": rule} for bp, rule in rules],
        ),
        fix=Fix(
            summary=f"Have the social lead report to {n.role(chief)}, as the blueprint asks.",
            edits=[SetReportsTo(role=lead, manager=chief)],
        ),
    )


@builtin(
    "span-of-control",
    _FAMILY,
    Severity.WARNING,
    "A role has more direct reports than max_span",
    identity=("role",),
    options=("max_span",),
    data_type=SpanOfControlData,
)
def span_of_control(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    spans = facts(org).spans(org)
    for role in analysis.wide_spans(org, max_span=options.max_span):
        yield Finding(
            kind="span-of-control",
            severity=Severity.WARNING,
            subjects=[Subject("role", role)],
            message=(
                f"{n.role(role)} has {spans[role]} direct reports, more than {options.max_span}."
            ),
            data=SpanOfControlData(role=role, reports=spans[role], max_span=options.max_span),
            fix=Fix(
                summary=(
                    f"Group some of {n.role(role)}'s reports under a lead who reports to it, "
                    "or raise max_span if this span works."
                )
            ),
        )


@builtin(
    "vacancy",
    _FAMILY,
    Severity.INFO,
    "Nobody holds a role (a warning when it is R or A for critical work)",
    identity=("role",),
    data_type=VacancyData,
)
def vacancy(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for role in analysis.vacancies(org):
        duties = [
            resp
            for resp, letter in org.roles[role].raci.items()
            if (letter.responsible or letter.accountable) and org.responsibilities[resp].critical
        ]
        yield Finding(
            kind="vacancy",
            severity=Severity.WARNING if duties else Severity.INFO,
            subjects=[Subject("role", role)],
            message=f"Nobody holds the role {n.role(role)}."
            + (
                f" It is R or A for critical work: {n.join(duties, n.responsibility)}."
                if duties
                else ""
            ),
            data=VacancyData(role=role, critical_responsibilities=duties),
            fix=Fix(
                summary=(
                    f"Fill the role {n.role(role)} (add-holder), or remove it if it is not needed."
                )
            ),
        )


CHECKS = (placement, span_of_control, vacancy)
