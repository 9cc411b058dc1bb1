"""The evidence of each built-in finding kind, as typed dictionaries.

``Finding.data`` of a kind has exactly the keys of its type here. Lists are
typed ``Sequence`` because ``Finding.data`` holds tuples (it is read-only)
while the JSON output holds lists. Re-exported by :mod:`csmo_model.report`
and the flat namespace; each check names its type in its
:class:`~csmo_model.checks.Check` record (``data_type``).

No ``from __future__ import annotations`` here: on Python 3.11 a TypedDict
only sees ``NotRequired`` in evaluated annotations.
"""

from collections.abc import Sequence
from typing import Literal, NotRequired, TypedDict

__all__ = [
    "BlueprintConformanceData",
    "CoverageGapData",
    "ExpiredAcceptanceData",
    "ExternalWithoutCoordinatorData",
    "LeadWithoutAccountabilityData",
    "MetricNotReportedUpData",
    "MisroutedTopicData",
    "MissingFunctionData",
    "MissingLinkData",
    "MissingPolicyData",
    "MissingRoleLinkData",
    "MultipleAccountableData",
    "NoAccountableData",
    "NoResponsibleData",
    "NoSocialLeadData",
    "OverloadData",
    "PlacementData",
    "PlacementRuleData",
    "RouteToVacancyData",
    "RuleUnjudgedData",
    "RuleViolationData",
    "SiloData",
    "SinglePointOfFailureData",
    "SpanOfControlData",
    "SplitOwnershipData",
    "StaleAcceptanceData",
    "StalePolicyData",
    "UnheardChannelData",
    "UnmeasuredProgramData",
    "UnownedChannelData",
    "UnroutedTopicData",
    "VacancyData",
]


class CoverageGapData(TypedDict):
    """``coverage-gap``: a job nobody does and nobody answers for."""

    responsibility: str
    responsible_roles: Sequence[str]
    critical: bool
    reactive: NotRequired[bool]


class NoResponsibleData(TypedDict):
    """``no-responsible``: someone answers for a job, nobody does it."""

    responsibility: str
    accountable_roles: Sequence[str]
    accountable_people: Sequence[str]
    responsible_roles: Sequence[str]
    reactive: NotRequired[bool]


class NoAccountableData(TypedDict):
    """``no-accountable``: a job is done, nobody who holds a role answers for it."""

    responsibility: str
    holders: Sequence[str]
    accountable_roles: Sequence[str]


class MultipleAccountableData(TypedDict):
    """``multiple-accountable``: more than one role answers for a job."""

    responsibility: str
    accountable_roles: Sequence[str]


class SplitOwnershipData(TypedDict):
    """``split-ownership``: a job split over departments with nobody over the whole."""

    responsibility: str
    departments: Sequence[str]
    responsible_roles: Sequence[str]


class ExternalWithoutCoordinatorData(TypedDict):
    """``external-without-coordinator``: an outsourced job no internal role is accountable for."""

    responsibility: str
    external_roles: Sequence[str]


class LeadWithoutAccountabilityData(TypedDict):
    """``lead-without-accountability``: the lead answers for none of the program's jobs."""

    lead: str
    jobs: int
    accountable_roles: Sequence[str]


class SinglePointOfFailureData(TypedDict):
    """``single-point-of-failure``: scope ``person`` (the first four keys) or ``tie``.

    A tie finding has ``node`` (a role or department) or ``edge`` (its two
    ends), and ``departments``.
    """

    scope: Literal["person", "tie"]
    person: NotRequired[str]
    responsibilities: NotRequired[Sequence[str]]
    critical_responsibilities: NotRequired[Sequence[str]]
    node: NotRequired[str]
    edge: NotRequired[Sequence[str]]
    departments: NotRequired[Sequence[str]]


class MissingLinkData(TypedDict):
    """``missing-link``: the lead has no tie to a department of a required function."""

    function: str
    department: str
    lead: str


class MissingRoleLinkData(TypedDict):
    """``missing-role-link``: a role filling a blueprint's role lacks a tie that role needs."""

    role: str
    function: str
    department: str
    blueprint: str
    catalog_role: str


class MissingFunctionData(TypedDict):
    """``missing-function``: required functions no department has."""

    functions: Sequence[str]


class SiloData(TypedDict):
    """``silo``: no link crosses a department's boundary."""

    department: str


# -- channels and routes (issue 13, section 1) ---------------------------------------------


class UnownedChannelData(TypedDict):
    """``unowned-channel``: a channel with no owner, or a vacant owner role."""

    channel: str
    owner: str | None


class UnheardChannelData(TypedDict):
    """``unheard-channel``: nobody holds the owner's or a listener's role."""

    channel: str
    roles: Sequence[str]


class UnroutedTopicData(TypedDict):
    """``unrouted-topic``: a topic with no route; the blueprints that ask for one."""

    topic: str
    blueprints: Sequence[str]
    functions: Sequence[str]


class RouteToVacancyData(TypedDict):
    """``route-to-vacancy``: a topic routed to a role nobody holds."""

    topic: str
    to: str


class MisroutedTopicData(TypedDict):
    """``misrouted-topic``: the target sits in no department of the topic's functions."""

    topic: str
    to: str
    functions: Sequence[str]
    departments: Sequence[str]


class NoSocialLeadData(TypedDict):
    """``no-social-lead``: the checks that were skipped."""

    skipped: Sequence[str]


class PlacementRuleData(TypedDict):
    """One blueprint rule that says where the lead belongs."""

    blueprint: str
    rule: str


class PlacementData(TypedDict):
    """``placement``: the lead is not where an applied blueprint puts it."""

    lead: str
    chain: Sequence[str]
    chief_executive: str
    rules: Sequence[PlacementRuleData]


class SpanOfControlData(TypedDict):
    """``span-of-control``: a role with more direct reports than ``max_span``."""

    role: str
    reports: int
    max_span: int


class VacancyData(TypedDict):
    """``vacancy``: nobody holds a role."""

    role: str
    critical_responsibilities: Sequence[str]


class OverloadData(TypedDict):
    """``overload``: a person carries more than their capacity or holds too many roles."""

    person: str
    load: float
    capacity: float
    roles: Sequence[str]
    max_roles: int


class RuleViolationData(TypedDict):
    """``rule-violation``: a rule of an applied blueprint is not met."""

    blueprint: str
    rule: str
    evidence: Sequence[str]


class RuleUnjudgedData(TypedDict):
    """``rule-unjudged``: a rule of an applied blueprint that the file cannot be judged on."""

    blueprint: str
    rule: str
    reason: str


class BlueprintConformanceData(TypedDict):
    """``blueprint-conformance``: how much of a blueprint's work is covered."""

    blueprint: str
    score: float
    covered: Sequence[str]
    split: Sequence[str]
    missing: Sequence[str]
    elsewhere: Sequence[str]


class StaleAcceptanceData(TypedDict):
    """``stale-acceptance``: an accepted fingerprint matches no finding."""

    fingerprint: str
    index: int
    reason: str


class ExpiredAcceptanceData(TypedDict):
    """``expired-acceptance``: an acceptance past its ``until`` date."""

    fingerprint: str
    index: int
    until: str


# -- Metrics and policies (issue 13, section 4) -----------------------------------------------


class UnmeasuredProgramData(TypedDict):
    """``unmeasured-program``: no metric measures a blueprint's results jobs."""

    blueprint: str
    responsibilities: Sequence[str]


class MetricNotReportedUpData(TypedDict):
    """``metric-not-reported-up``: no metric reaches the top of the organization."""

    metrics: Sequence[str]
    top: Sequence[str]


class StalePolicyData(TypedDict):
    """``stale-policy``: a policy's review is overdue (dates as ``YYYY-MM-DD``)."""

    policy: str
    reviewed: str
    review_every_months: int
    due: str
    today: str


class MissingPolicyData(TypedDict):
    """``missing-policy``: applied blueprints ask for a kind of policy the organization lacks."""

    policy_kind: str
    blueprints: Sequence[str]
    responsibilities: Sequence[str]
