"""Resilience checks: work and ties that hang on one person, one role or one link."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis
from csmo_model.checks._base import builtin, names
from csmo_model.model import Organization
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Severity,
    SinglePointOfFailureData,
    Subject,
)

__all__ = ["CHECKS"]


def _unit(org: Organization, key: str) -> Subject:
    return Subject("role" if key in org.roles else "department", key)


@builtin(
    "single-point-of-failure",
    "resilience",
    Severity.WARNING,
    "Work only one person does, or a tie of the social lead that hangs on one role or link",
    identity=("scope", "person", "node", "edge"),
    options=("backend", "backend_kwargs"),
    data_type=SinglePointOfFailureData,
)
def single_point_of_failure(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for person, resps in analysis.person_spofs(org).items():
        critical = [r for r in resps if org.responsibilities[r].critical]
        yield Finding(
            kind="single-point-of-failure",
            severity=Severity.CRITICAL if critical else Severity.WARNING,
            subjects=[Subject("person", person), *(Subject("responsibility", r) for r in resps)],
            message=(
                f"Only {n.person(person)} does {n.join(resps, n.responsibility, '; ')}: "
                "one departure leaves it undone."
                if len(resps) == 1
                else f"Only {n.person(person)} does {n.join(resps, n.responsibility, '; ')}: "
                "one departure leaves them undone."
            ),
            data=SinglePointOfFailureData(
                scope="person",
                person=person,
                responsibilities=resps,
                critical_responsibilities=critical,
            ),
        )
    if org.social_lead is None:
        return
    cuts = analysis.tie_cuts(org, backend=options.backend, **options.backend_kwargs)
    for node, depts in cuts.nodes.items():
        yield Finding(
            kind="single-point-of-failure",
            severity=Severity.WARNING,
            subjects=[_unit(org, node), *(Subject("department", d) for d in depts)],
            message=(
                f"The social lead's only way to {n.join(depts, n.department)} "
                f"runs through {n.unit(node)}."
            ),
            data=SinglePointOfFailureData(scope="tie", node=node, departments=depts),
        )
    for (a, b), depts in cuts.edges.items():
        yield Finding(
            kind="single-point-of-failure",
            severity=Severity.WARNING,
            subjects=[
                Subject("link", f"{a}--{b}"),
                _unit(org, a),
                _unit(org, b),
                *(Subject("department", d) for d in depts),
            ],
            message=(
                f"The social lead's only way to {n.join(depts, n.department)} is the tie "
                f"between {n.unit(a)} and {n.unit(b)}."
            ),
            data=SinglePointOfFailureData(scope="tie", edge=[a, b], departments=depts),
        )


CHECKS = (single_point_of_failure,)
