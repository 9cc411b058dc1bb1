"""Workload checks: people who carry more than they can."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis
from csmo_model.analysis._facts import facts
from csmo_model.checks._base import builtin
from csmo_model.model import Organization
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Fix,
    OverloadData,
    Severity,
    Subject,
)

__all__ = ["CHECKS"]


@builtin(
    "overload",
    "workload",
    Severity.WARNING,
    "A person carries more work than their capacity, or holds more roles than max_roles",
    identity=("person",),
    options=("max_roles",),
    data_type=OverloadData,
)
def overload(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    load = facts(org).loads(org)
    for person_id in analysis.overloaded(org, max_roles=options.max_roles):
        someone = org.people[person_id]
        reasons = []
        if load[person_id] > someone.capacity + 1e-9:
            reasons.append(
                f"carries {load[person_id]:.2f} FTE of work against a capacity of "
                f"{someone.capacity:g}"
            )
        if len(someone.holds) > options.max_roles:
            reasons.append(f"holds {len(someone.holds)} roles, more than {options.max_roles}")
        yield Finding(
            kind="overload",
            severity=Severity.WARNING,
            subjects=[Subject("person", person_id)],
            message=f"{someone.name} {' and '.join(reasons)}.",
            data=OverloadData(
                person=person_id,
                load=round(load[person_id], 6),
                capacity=someone.capacity,
                roles=list(someone.holds),
                max_roles=options.max_roles,
            ),
            fix=Fix(
                summary=(
                    f"Move some of {someone.name}'s roles or jobs to people with spare capacity, "
                    "or hire to share the load."
                )
            ),
        )


CHECKS = (overload,)
