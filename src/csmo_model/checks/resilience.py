"""Resilience checks: work and ties that hang on one person, one role or one link."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis
from csmo_model.checks._base import Names, builtin, names
from csmo_model.checks._fixing import Staffing, hire_edit, staffing, tie_link
from csmo_model.edits import Edit
from csmo_model.model import Organization, Raci
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Fix,
    Severity,
    SinglePointOfFailureData,
    Subject,
)

__all__ = ["CHECKS", "backup_fix"]


def backup_fix(org: Organization, staffing: Staffing, person: str, resps: tuple[str, ...]) -> Fix:
    """A backup for each job only *person* does: someone with spare capacity also does it.

    Each backup is a different person (best first); a job nobody has the time
    for gets a role to hire.
    """
    n = names(org)
    used = {person}
    edits: list[Edit] = []
    parts, hires = [], []
    taken: set[str] | None = None  # ids in use: only needed to name a role to hire
    for resp in resps:
        pick = next(iter(staffing.candidates(resp, 1, exclude=used, limit=1)), None)
        if pick is None:
            if taken is None:
                taken = set(org.roles) | set(org.departments)
            hire = hire_edit(org, resp, taken, accountable=False)
            taken.add(hire.id)
            hires.append(n.responsibility(resp))
            edits.append(hire)
            continue
        used.add(pick.person)
        parts.append(f"{n.person(pick.person)} for {n.responsibility(resp)}")
        edits.append(staffing.edits_for(resp, pick.role, Raci.R))
    summary = f"Train a backup for {n.person(person)}: " + "; ".join(parts) if parts else ""
    if hires:
        hire_text = f"nobody has the time for {'; '.join(hires)}: hire for it"
        summary = f"{summary}; {hire_text}" if summary else hire_text[0].upper() + hire_text[1:]
    return Fix(summary=summary + ".", edits=edits)


def _tie_fix(org: Organization, n: Names, depts: tuple[str, ...], via: str) -> Fix:
    edits = [link for d in depts if (link := tie_link(org, d)) is not None]
    return Fix(
        summary=(
            f"Tie the social lead directly to {n.join(depts, n.department)}, so that "
            f"the tie does not hang on {via}."
        ),
        edits=edits,
    )


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
            fix=backup_fix(org, staffing(org), person, resps),
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
            fix=_tie_fix(org, n, depts, n.unit(node)),
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
            fix=_tie_fix(org, n, depts, f"one tie ({n.unit(a)} to {n.unit(b)})"),
        )


CHECKS = (single_point_of_failure,)
