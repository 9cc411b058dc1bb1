"""A downstream tool reading the typed evidence of every built-in kind.

Not a test module: `.ci/run` type-checks it with ``mypy --strict`` (like attrs'
``typing_tests/``), so a renamed or retyped data key breaks CI here before it
breaks a tool. Each reader reads every key of its kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import csmo_model as cm


def _gap(data: Mapping[str, Any]) -> str:
    d = cast(cm.CoverageGapData, data)
    return f"{d['responsibility']} {len(d['responsible_roles'])} {d['critical']}"


def _no_responsible(data: Mapping[str, Any]) -> str:
    d = cast(cm.NoResponsibleData, data)
    people = ",".join(d["accountable_people"])
    return f"{d['responsibility']} {people} {d['accountable_roles']} {d['responsible_roles']}"


def _no_accountable(data: Mapping[str, Any]) -> str:
    d = cast(cm.NoAccountableData, data)
    return f"{d['responsibility']} {','.join(d['holders'])} {d['accountable_roles']}"


def _multiple(data: Mapping[str, Any]) -> str:
    d = cast(cm.MultipleAccountableData, data)
    return f"{d['responsibility']} {len(d['accountable_roles'])}"


def _split(data: Mapping[str, Any]) -> str:
    d = cast(cm.SplitOwnershipData, data)
    return f"{d['responsibility']} {d['departments']} {d['responsible_roles']}"


def _external(data: Mapping[str, Any]) -> str:
    d = cast(cm.ExternalWithoutCoordinatorData, data)
    return f"{d['responsibility']} {d['external_roles']}"


def _spof(data: Mapping[str, Any]) -> str:
    d = cast(cm.SinglePointOfFailureData, data)
    if d["scope"] == "person":
        return f"{d.get('person')} {d.get('responsibilities')} {d.get('critical_responsibilities')}"
    return f"{d.get('node')} {d.get('edge')} {d.get('departments')}"


def _missing_link(data: Mapping[str, Any]) -> str:
    d = cast(cm.MissingLinkData, data)
    return f"{d['lead']} {d['function']} {d['department']}"


def _missing_role_link(data: Mapping[str, Any]) -> str:
    d = cast(cm.MissingRoleLinkData, data)
    return f"{d['role']} {d['catalog_role']}@{d['blueprint']} {d['function']} {d['department']}"


def _placement(data: Mapping[str, Any]) -> str:
    d = cast(cm.PlacementData, data)
    rules = [f"{r['blueprint']}:{r['rule']}" for r in d["rules"]]
    return f"{d['lead']} {'/'.join(d['chain'])} {d['chief_executive']} {rules}"


def _span(data: Mapping[str, Any]) -> str:
    d = cast(cm.SpanOfControlData, data)
    return f"{d['role']} {d['reports'] - d['max_span']}"


def _vacancy(data: Mapping[str, Any]) -> str:
    d = cast(cm.VacancyData, data)
    return f"{d['role']} {d['critical_responsibilities']}"


def _overload(data: Mapping[str, Any]) -> str:
    d = cast(cm.OverloadData, data)
    return f"{d['person']} {d['load'] - d['capacity']:.2f} {len(d['roles']) - d['max_roles']}"


def _rule(data: Mapping[str, Any]) -> str:
    d = cast(cm.RuleViolationData, data)
    return f"{d['blueprint']} {d['rule']} {d['evidence']}"


def _unjudged(data: Mapping[str, Any]) -> str:
    d = cast(cm.RuleUnjudgedData, data)
    return f"{d['blueprint']} {d['rule']} {d['reason']}"


def _lead_accountability(data: Mapping[str, Any]) -> str:
    d = cast(cm.LeadWithoutAccountabilityData, data)
    return f"{d['lead']} {d['jobs'] + 0} {list(d['accountable_roles'])}"


def _conformance(data: Mapping[str, Any]) -> str:
    d = cast(cm.BlueprintConformanceData, data)
    lists = (d["covered"], d["split"], d["missing"], d["elsewhere"])
    return f"{d['blueprint']} {d['score']:.2f} {lists}"


def _stale(data: Mapping[str, Any]) -> str:
    d = cast(cm.StaleAcceptanceData, data)
    return f"{d['fingerprint']} {d['index']} {d['reason']}"


def _expired(data: Mapping[str, Any]) -> str:
    d = cast(cm.ExpiredAcceptanceData, data)
    return f"{d['fingerprint']} {d['index']} {d['until']}"


def _unowned(data: Mapping[str, Any]) -> str:
    d = cast(cm.UnownedChannelData, data)
    return f"{d['channel']} {d['owner'] or '-'}"


def _unheard(data: Mapping[str, Any]) -> str:
    d = cast(cm.UnheardChannelData, data)
    return f"{d['channel']} {'/'.join(d['roles'])}"


def _unrouted(data: Mapping[str, Any]) -> str:
    d = cast(cm.UnroutedTopicData, data)
    return f"{d['topic']} {d['blueprints']} {d['functions']}"


def _misrouted(data: Mapping[str, Any]) -> str:
    d = cast(cm.MisroutedTopicData, data)
    return f"{d['topic']}->{d['to']} {d['functions']} {d['departments']}"


def _unmeasured(data: Mapping[str, Any]) -> str:
    d = cast(cm.UnmeasuredProgramData, data)
    return f"{d['blueprint']} {','.join(d['responsibilities'])}"


def _not_reported_up(data: Mapping[str, Any]) -> str:
    d = cast(cm.MetricNotReportedUpData, data)
    return f"{','.join(d['metrics'])} {','.join(d['top'])}"


def _stale_policy(data: Mapping[str, Any]) -> str:
    d = cast(cm.StalePolicyData, data)
    months: int = d["review_every_months"]
    return f"{d['policy']} {d['reviewed']} {months} {d['due']} {d['today']}"


def _missing_policy(data: Mapping[str, Any]) -> str:
    d = cast(cm.MissingPolicyData, data)
    return f"{d['policy_kind']} {','.join(d['blueprints'])} {','.join(d['responsibilities'])}"


READERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "coverage-gap": _gap,
    "no-responsible": _no_responsible,
    "no-accountable": _no_accountable,
    "multiple-accountable": _multiple,
    "split-ownership": _split,
    "external-without-coordinator": _external,
    "lead-without-accountability": _lead_accountability,
    "single-point-of-failure": _spof,
    "missing-link": _missing_link,
    "missing-role-link": _missing_role_link,
    "missing-function": lambda data: " ".join(cast(cm.MissingFunctionData, data)["functions"]),
    "silo": lambda data: cast(cm.SiloData, data)["department"],
    "no-social-lead": lambda data: " ".join(cast(cm.NoSocialLeadData, data)["skipped"]),
    "unowned-channel": _unowned,
    "unheard-channel": _unheard,
    "unrouted-topic": _unrouted,
    "route-to-vacancy": lambda data: "->".join(
        (cast(cm.RouteToVacancyData, data)["topic"], cast(cm.RouteToVacancyData, data)["to"])
    ),
    "misrouted-topic": _misrouted,
    "placement": _placement,
    "span-of-control": _span,
    "vacancy": _vacancy,
    "overload": _overload,
    "rule-violation": _rule,
    "rule-unjudged": _unjudged,
    "blueprint-conformance": _conformance,
    "stale-acceptance": _stale,
    "expired-acceptance": _expired,
    "unmeasured-program": _unmeasured,
    "metric-not-reported-up": _not_reported_up,
    "stale-policy": _stale_policy,
    "missing-policy": _missing_policy,
}


def gate(report: cm.Report) -> int:
    """A CI gate: print each counting warning or worse from its typed data; return how many."""
    failing = report.failing(cm.Severity.WARNING)
    for finding in failing:
        read = READERS.get(finding.kind)
        text = read(finding.data) if read is not None else finding.message
        print(f"{finding.fingerprint} {finding.kind}: {text}")
    return len(failing)
