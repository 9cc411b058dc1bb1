"""Coverage checks: who does and who answers for each job."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis
from csmo_model.analysis._facts import Facts, facts
from csmo_model.checks._base import Names, builtin, names
from csmo_model.checks._fixing import (
    SLOTS_FOR_NEW_WORK,
    Staffing,
    accountability_edits,
    hire_edit,
    job_edits,
    staffing,
)
from csmo_model.edits import SetRaci
from csmo_model.model import Organization, Raci, is_external
from csmo_model.options import AuditOptions
from csmo_model.report import (
    CoverageGapData,
    ExternalWithoutCoordinatorData,
    Finding,
    Fix,
    LeadWithoutAccountabilityData,
    MultipleAccountableData,
    NoAccountableData,
    NoResponsibleData,
    Severity,
    SplitOwnershipData,
    Subject,
)

__all__ = ["CHECKS", "accountability_fix", "hiring_fix", "staffing_fix"]

_FAMILY = "coverage"


def _resp(resp: str) -> Subject:
    return Subject("responsibility", resp)


def _roles(ids: tuple[str, ...] | list[str]) -> list[Subject]:
    return [Subject("role", r) for r in ids]


def staffing_fix(org: Organization, staffing: Staffing, resp: str, *, accountable: bool) -> Fix:
    """Two people with spare capacity take on a job nobody does (one answers for it).

    Two, so the fix does not leave the job on one person; when fewer than
    two fit, the fix is to hire a role for it.
    """
    n = names(org)
    picks = staffing.candidates(resp, SLOTS_FOR_NEW_WORK, limit=SLOTS_FOR_NEW_WORK)
    if len(picks) < SLOTS_FOR_NEW_WORK:
        return hiring_fix(org, staffing, resp, SLOTS_FOR_NEW_WORK, accountable=accountable)
    who = " and ".join(f"{n.person(c.person)} ({n.role(c.role)})" for c in picks)
    also = f"; {n.person(picks[0].person)} answers for it" if accountable else ""
    return Fix(
        summary=f"Give {n.responsibility(resp)} to {who}, who have the spare capacity{also}.",
        edits=job_edits(org, resp, [c.role for c in picks], accountable=accountable),
    )


def hiring_fix(
    org: Organization, staffing: Staffing, resp: str, joining: int, *, accountable: bool
) -> Fix:
    """Nobody has the time for a job: hire a role for it (its effort as the FTE to hire)."""
    n = names(org)
    effort = org.responsibilities[resp].effort
    share = staffing.share(resp, joining)
    need = f"{share:g} FTE spare" if share else "a fitting role"
    size = f"a {effort:g} FTE role" if effort else "a role"
    return Fix(
        summary=f"Nobody has {need} for {n.responsibility(resp)}: hire {size} for it.",
        edits=[
            hire_edit(org, resp, org.roles.keys() | org.departments.keys(), accountable=accountable)
        ],
    )


def accountability_fix(org: Organization, n: Names, resp: str) -> Fix:
    """One accountable role for *resp* (the rule of ``_fixing.accountability_edits``)."""
    edits, keeper = accountability_edits(org, resp)
    if keeper is None:
        return Fix(
            summary=(
                f"Name one internal role, held by someone, accountable (A) for "
                f"{n.responsibility(resp)}."
            )
        )
    return Fix(
        summary=f"Make {n.role(keeper)} the one role accountable (A) for {n.responsibility(resp)}.",
        edits=edits,
    )


@builtin(
    "coverage-gap",
    _FAMILY,
    Severity.WARNING,
    "Nobody does a job and nobody answers for it (critical for critical work)",
    identity=("responsibility",),
    data_type=CoverageGapData,
)
def coverage_gap(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    f = facts(org)
    n = names(org)
    reactive = set(analysis.reactive_jobs(org)) if org.blueprints else set()
    for resp in analysis.coverage_gaps(org):
        critical = org.responsibilities[resp].critical
        vacant_r = f.roles_with(Raci.R, resp)
        why = (
            f"its responsible roles ({n.join(vacant_r, n.role)}) are vacant"
            if vacant_r
            else "no role is responsible (R) for it"
        )
        data = CoverageGapData(responsibility=resp, responsible_roles=vacant_r, critical=critical)
        if resp in reactive:
            data["reactive"] = True
        yield Finding(
            kind="coverage-gap",
            severity=Severity.CRITICAL if critical else Severity.WARNING,
            subjects=[_resp(resp)],
            message=f"Nobody does {n.responsibility(resp)}: {why}, and nobody answers for it."
            + (_reactive_note(f, n, resp) if resp in reactive else ""),
            data=data,
            fix=staffing_fix(org, staffing(org), resp, accountable=True),
        )


def _reactive_note(f: Facts, n: Names, resp: str) -> str:
    followers = [*f.roles_with(Raci.C, resp), *f.roles_with(Raci.I, resp)]
    return (
        " Only consulted or informed roles touch it "
        f"({n.join(list(dict.fromkeys(followers)), n.role)}): the reactive state the "
        "blueprint warns of; planning it ahead needs a role responsible (R) for it."
    )


@builtin(
    "no-responsible",
    _FAMILY,
    Severity.WARNING,
    "Someone answers for a job but nobody is responsible for doing it",
    identity=("responsibility",),
    data_type=NoResponsibleData,
)
def no_responsible(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    f = facts(org)
    n = names(org)
    reactive = set(analysis.reactive_jobs(org)) if org.blueprints else set()
    for resp in analysis.missing_responsible(org):
        roles = [r for r in f.roles_with(Raci.A, resp) if f.role_holders[r]]
        people = list(dict.fromkeys(p for r in roles for p in f.role_holders[r]))
        data = NoResponsibleData(
            responsibility=resp,
            accountable_roles=roles,
            accountable_people=people,
            responsible_roles=f.roles_with(Raci.R, resp),
        )
        if resp in reactive:
            data["reactive"] = True
        yield Finding(
            kind="no-responsible",
            severity=Severity.WARNING,
            subjects=[_resp(resp), *(Subject("person", p) for p in people)],
            message=(
                f"{n.join(people, n.person, ' and ')} "
                f"{'is' if len(people) == 1 else 'are'} accountable for "
                f"{n.responsibility(resp)} but nobody is responsible for doing it."
            )
            + (_reactive_note(f, n, resp) if resp in reactive else ""),
            data=data,
            fix=staffing_fix(org, staffing(org), resp, accountable=False),
        )


@builtin(
    "no-accountable",
    _FAMILY,
    Severity.WARNING,
    "A job is done but nobody who holds a role answers for it",
    identity=("responsibility",),
    data_type=NoAccountableData,
)
def no_accountable(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    f = facts(org)
    n = names(org)
    for resp in analysis.missing_accountable(org):
        yield Finding(
            kind="no-accountable",
            severity=Severity.WARNING,
            subjects=[_resp(resp)],
            message=(
                f"{n.responsibility(resp)} is done by {n.join(f.holders[resp], n.person)} "
                "but nobody who holds a role is accountable (A) for it."
            ),
            data=NoAccountableData(
                responsibility=resp,
                holders=f.holders[resp],
                accountable_roles=f.roles_with(Raci.A, resp),
            ),
            fix=accountability_fix(org, n, resp),
        )


@builtin(
    "multiple-accountable",
    _FAMILY,
    Severity.WARNING,
    "A job has more than one accountable role",
    identity=("responsibility",),
    data_type=MultipleAccountableData,
)
def multiple_accountable(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    f = facts(org)
    n = names(org)
    for resp in analysis.multiple_accountable(org):
        roles = f.roles_with(Raci.A, resp)
        yield Finding(
            kind="multiple-accountable",
            severity=Severity.WARNING,
            subjects=[_resp(resp), *_roles(roles)],
            message=(
                f"{n.responsibility(resp)} has {len(roles)} accountable roles "
                f"({n.join(roles, n.role)}); exactly one should be."
            ),
            data=MultipleAccountableData(responsibility=resp, accountable_roles=roles),
            fix=accountability_fix(org, n, resp),
        )


@builtin(
    "split-ownership",
    _FAMILY,
    Severity.WARNING,
    "A job is split over departments and nobody answers for the whole",
    identity=("responsibility",),
    data_type=SplitOwnershipData,
)
def split_ownership(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    f = facts(org)
    n = names(org)
    for resp in analysis.split_ownership(org):
        depts = f.responsible_departments[resp]
        yield Finding(
            kind="split-ownership",
            severity=Severity.WARNING,
            subjects=[_resp(resp), *(Subject("department", d) for d in depts)],
            message=(
                f"{n.responsibility(resp)} is split over {n.join(depts, n.department)} "
                "and nobody is accountable for the whole."
            ),
            data=SplitOwnershipData(
                responsibility=resp, departments=depts, responsible_roles=f.roles_with(Raci.R, resp)
            ),
            fix=accountability_fix(org, n, resp),
        )


@builtin(
    "external-without-coordinator",
    _FAMILY,
    Severity.WARNING,
    "A job is outsourced and no internal role is accountable (A) for it",
    identity=("responsibility",),
    data_type=ExternalWithoutCoordinatorData,
)
def external_without_coordinator(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    f = facts(org)
    n = names(org)
    for resp in analysis.external_without_coordinator(org):
        roles = tuple(
            r
            for r in dict.fromkeys(f.roles_with(Raci.R, resp) + f.roles_with(Raci.A, resp))
            if is_external(org, r)
        )
        yield Finding(
            kind="external-without-coordinator",
            severity=Severity.WARNING,
            subjects=[_resp(resp), *_roles(roles)],
            message=(
                f"{n.responsibility(resp)} is run from outside ({n.join(roles, n.role)}) "
                "and no internal role is accountable (A) for it to coordinate it."
            ),
            data=ExternalWithoutCoordinatorData(responsibility=resp, external_roles=roles),
            fix=accountability_fix(org, n, resp),
        )


# -- who owns the program (issue 13, section 3) ----------------------------------------------


@builtin(
    "lead-without-accountability",
    _FAMILY,
    Severity.WARNING,
    "The social lead is accountable (A) for none of the social program's jobs",
    identity=("lead",),
    data_type=LeadWithoutAccountabilityData,
)
def lead_without_accountability(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    lead = org.social_lead
    if lead is None:
        return  # no-social-lead says so
    jobs = analysis.program_jobs(org)
    if not jobs or analysis.lead_accountable_jobs(org):
        return
    f = facts(org)
    n = names(org)
    accountable = tuple(dict.fromkeys(r for job in jobs for r in f.roles_with(Raci.A, job)))
    raci = org.roles[lead].raci
    # Jobs nobody answers for that the lead already has a letter in: it can answer for them.
    edits = [
        SetRaci(
            role=lead,
            responsibility=job,
            letter=Raci.RA if raci[job].responsible else Raci.A,
        )
        for job in jobs
        if job in raci and not f.roles_with(Raci.A, job)
    ]
    others = f" ({n.join(accountable, n.role)} answer for them)" if accountable else ""
    yield Finding(
        kind="lead-without-accountability",
        severity=Severity.WARNING,
        subjects=[Subject("role", lead), *_roles(accountable)],
        message=(
            f"The social lead {n.role(lead)} is accountable for none of the "
            f"{len(jobs)} jobs of the social program{others}."
        ),
        data=LeadWithoutAccountabilityData(
            lead=lead, jobs=len(jobs), accountable_roles=accountable
        ),
        fix=Fix(
            summary=(
                "Make the social lead accountable (A) for the program's jobs it leads"
                + (", starting with those nobody answers for." if edits else ".")
            ),
            edits=edits,
        ),
    )


# -- end of who owns the program ---------------------------------------------------------------


CHECKS = (
    coverage_gap,
    no_responsible,
    no_accountable,
    multiple_accountable,
    split_ownership,
    external_without_coordinator,
    lead_without_accountability,
)
