"""Metrics and policy checks: is the program measured, shown to the top, under current policy."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator

from csmo_model import analysis, catalog
from csmo_model.analysis import stand_in
from csmo_model.checks._base import builtin, names
from csmo_model.checks.acceptance import today
from csmo_model.model import Level, Organization, PolicyKind
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Fix,
    MetricNotReportedUpData,
    MissingPolicyData,
    Severity,
    StalePolicyData,
    Subject,
    UnmeasuredProgramData,
)

__all__ = ["CHECKS", "due_date", "metric_audience", "results_jobs"]

_FAMILY = "metrics"


def results_jobs(org: Organization, blueprint: str) -> list[str]:
    """The responsibilities of *org* doing the jobs of *blueprint* that the source ties to results.

    Each job flagged ``results`` in the catalog, as the organization names it
    (its own id, or the responsibility that stands for it through ``same_as``).

    Examples
    --------
    >>> import csmo_model as cm
    >>> results_jobs(cm.examples.load("solo-cxo"), "nine-lives")
    ['nine-lives/strategy', 'nine-lives/revenue']
    """
    jobs = (j.responsibility for j in catalog.get(blueprint).jobs if j.results)
    return list(dict.fromkeys(stand_in(org, job) for job in jobs))


def metric_audience(org: Organization) -> list[str]:
    """The roles at the top of *org*: the chief executive and the c-suite, in document order.

    The chief executive is :func:`csmo_model.analysis.chief_executive` (named,
    or the only top role standing in for it); the c-suite is every role at
    level ``c-suite`` or above. When no chief executive can be told (several
    top roles, none named), the top roles of the reporting tree
    (:func:`csmo_model.analysis.top_roles`) count instead. A metric reported
    to (or owned by) one of them reaches the top.

    Examples
    --------
    >>> import csmo_model as cm
    >>> metric_audience(cm.examples.load("acme"))
    ['ceo']
    >>> org = cm.Organization.from_parts(name="Two tops", roles=[
    ...     cm.Role(id="cmo", title="CMO"), cm.Role(id="cio", title="CIO", level="c-suite"),
    ...     cm.Role(id="lead", title="Lead", reports_to="cmo")])
    >>> metric_audience(org)
    ['cmo', 'cio']
    """
    chief = analysis.chief_executive(org)
    top = {chief} if chief is not None else set(analysis.top_roles(org))
    return [
        rid
        for rid, role in org.roles.items()
        if rid in top or (role.level is not None and role.level.at_least(Level.C_SUITE))
    ]


def due_date(reviewed: datetime.date, months: int) -> datetime.date:
    """The day a review is due: *months* after *reviewed*, on the same day of the month.

    A day the month does not have becomes its last day.

    Examples
    --------
    >>> due_date(datetime.date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> due_date(datetime.date(2026, 1, 15), 12)
    datetime.date(2027, 1, 15)
    """
    month = reviewed.month - 1 + months
    year, month = reviewed.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(reviewed.day, calendar.monthrange(year, month)[1]))


@builtin(
    "unmeasured-program",
    _FAMILY,
    Severity.INFO,
    "No metric measures the jobs an applied blueprint ties to results (strategy, KPIs, ROI)",
    identity=("blueprint",),
    data_type=UnmeasuredProgramData,
)
def unmeasured_program(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    measured = {resp for metric in org.metrics.values() for resp in metric.measures}
    for blueprint in org.blueprints:
        jobs = results_jobs(org, blueprint)
        if not jobs or measured.intersection(jobs):
            continue
        yield Finding(
            kind="unmeasured-program",
            severity=Severity.INFO,
            subjects=[Subject("blueprint", blueprint)]
            + [Subject("responsibility", job) for job in jobs],
            message=(
                f"No metric measures the results of the {blueprint} blueprint: "
                f"{n.join(jobs, n.responsibility)}."
            ),
            data=UnmeasuredProgramData(blueprint=blueprint, responsibilities=jobs),
            fix=Fix(
                summary=(
                    f"Add a metric that measures {n.responsibility(jobs[0])} "
                    f"(metrics: measures: [{jobs[0]}]), with an owner."
                )
            ),
        )


@builtin(
    "metric-not-reported-up",
    _FAMILY,
    Severity.INFO,
    "The organization has metrics, and none reaches the top of the reporting tree",
    identity=(),
    data_type=MetricNotReportedUpData,
)
def metric_not_reported_up(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    if not org.metrics:
        return  # unmeasured-program says what is missing
    top = metric_audience(org)
    if not top:
        return  # no role at all: there is no top to reach
    tops = set(top)
    for metric in org.metrics.values():
        if metric.owner in tops or tops.intersection(metric.reported_to):
            return
    n = names(org)
    metrics = list(org.metrics)
    yield Finding(
        kind="metric-not-reported-up",
        severity=Severity.INFO,
        subjects=[Subject("metric", m) for m in metrics] + [Subject("role", r) for r in top],
        message=(
            f"No metric is reported to the top ({n.join(top, n.role)}): "
            "the program's results are not shown where they are judged."
        ),
        data=MetricNotReportedUpData(metrics=metrics, top=top),
        fix=Fix(
            summary=f"Report a metric to {n.role(top[0])} (add it to the metric's reported_to)."
        ),
    )


@builtin(
    "stale-policy",
    _FAMILY,
    Severity.WARNING,
    "A policy's last review plus its review interval lies before today",
    identity=("policy",),
    options=("today",),
    data_type=StalePolicyData,
)
def stale_policy(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    day = today(options)
    for policy in org.policies.values():
        if policy.reviewed is None or policy.review_every_months is None:
            continue
        due = due_date(policy.reviewed, policy.review_every_months)
        if due >= day:
            continue
        yield Finding(
            kind="stale-policy",
            severity=Severity.WARNING,
            subjects=[Subject("policy", policy.id)]
            + ([Subject("role", policy.owner)] if policy.owner is not None else []),
            message=(
                f"The policy {_named(org, policy.id)} was due for review on {due.isoformat()} "
                f"(reviewed {policy.reviewed.isoformat()}, every "
                f"{policy.review_every_months} months)."
            ),
            data=StalePolicyData(
                policy=policy.id,
                reviewed=policy.reviewed.isoformat(),
                review_every_months=policy.review_every_months,
                due=due.isoformat(),
                today=day.isoformat(),
            ),
            fix=Fix(
                summary=(
                    f"Review the policy {_named(org, policy.id)} and set its reviewed date "
                    "to the day of the review."
                )
            ),
        )


@builtin(
    "missing-policy",
    _FAMILY,
    Severity.INFO,
    "An applied blueprint names policies or training as a duty, and no policy of that kind exists",
    identity=("policy_kind",),
    data_type=MissingPolicyData,
)
def missing_policy(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    have = {policy.kind for policy in org.policies.values()}
    asked: dict[PolicyKind, tuple[dict[str, None], dict[str, None]]] = {}
    for blueprint in org.blueprints:
        for job in catalog.get(blueprint).jobs:
            if job.policy is None or job.policy in have:
                continue
            blueprints, jobs = asked.setdefault(job.policy, ({}, {}))
            blueprints[blueprint] = None
            jobs[stand_in(org, job.responsibility)] = None
    n = names(org)
    for kind, (blueprints, jobs) in asked.items():
        yield Finding(
            kind="missing-policy",
            severity=Severity.INFO,
            subjects=[Subject("blueprint", b) for b in blueprints]
            + [Subject("responsibility", r) for r in jobs],
            message=(
                f"No {kind.value} policy, though {', '.join(blueprints)} "
                f"name{'s' if len(blueprints) == 1 else ''} it as a duty "
                f"({n.join(jobs, n.responsibility)})."
            ),
            data=MissingPolicyData(
                policy_kind=kind.value, blueprints=list(blueprints), responsibilities=list(jobs)
            ),
            fix=Fix(
                summary=(
                    f"Write the {kind.value} policy down (policies: kind: {kind.value}), "
                    "with an owner, a review date and a review interval."
                )
            ),
        )


def _named(org: Organization, policy: str) -> str:
    name = org.policies[policy].name
    twice = sum(1 for p in org.policies.values() if p.name == name) > 1
    return f"{name} ({policy})" if twice else name


CHECKS = (unmeasured_program, metric_not_reported_up, stale_policy, missing_policy)
