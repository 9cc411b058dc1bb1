"""Blueprint checks: the rules of the blueprints an organization follows, and how well it fits."""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis, catalog
from csmo_model.catalog import Rule
from csmo_model.checks._base import builtin, is_selected, names
from csmo_model.checks._fixing import staffing
from csmo_model.checks.coverage import accountability_fix, staffing_fix
from csmo_model.checks.structure import PLACEMENT_RULE, placement
from csmo_model.edits import Edit, SetReportsTo
from csmo_model.graph import department_chain
from csmo_model.model import Organization, is_external
from csmo_model.options import AuditOptions
from csmo_model.report import (
    BlueprintConformanceData,
    Finding,
    Fix,
    RuleUnjudgedData,
    RuleViolationData,
    Severity,
    Subject,
)

__all__ = ["CHECKS"]

_FAMILY = "blueprints"


def _subject(org: Organization, key: str) -> Subject:
    for kind, entities in (
        ("role", org.roles),
        ("department", org.departments),
        ("responsibility", org.responsibilities),
        ("person", org.people),
    ):
        if key in entities:
            return Subject(kind, key)
    return Subject("responsibility", key)


def _rule_fix(org: Organization, rule: Rule, evidence: list[str]) -> Fix:
    n = names(org)
    if rule.check == "internal-coordinator":
        edits: list[Edit] = []
        for resp in evidence:
            edits.extend(accountability_fix(org, n, resp).edits)
        return Fix(
            summary="Make an internal role accountable for each job run from outside.",
            edits=edits,
        )
    if rule.check == "assigned" and evidence and evidence[0] in org.responsibilities:
        # The evidence names the organization's own job (its stand-in, with same_as).
        return staffing_fix(org, staffing(org), evidence[0], accountable=True)
    chief = analysis.chief_executive(org)
    if rule.check == PLACEMENT_RULE and org.social_lead is not None and chief is not None:
        # The evidence is the lead's chain to the top: the re-reporting the rule asks for.
        return Fix(
            summary=f"Have the social lead report to {n.role(chief)}, as the rule asks.",
            edits=[SetReportsTo(role=org.social_lead, manager=chief)],
        )
    if rule.check == "lead-not-owned-by":
        lead = org.social_lead
        chain = () if lead is None else department_chain(org, org.roles[lead].department)
        if lead is not None and (is_external(org, lead) or set(evidence[1:]) & set(chain)):
            return Fix(
                summary=(
                    "Move the social lead out of the department that owns it, into a role "
                    "that reports to the top, and keep that department's support as a tie."
                )
            )
        return Fix(
            summary=(
                "Spread the program's jobs: make the social lead, or roles of other "
                "departments, responsible or accountable for some of them "
                f"({n.join([e for e in evidence if e in org.departments], n.department)} "
                "holds them now)."
            )
        )
    if rule.check == "lead-level" and rule.level is not None:
        return Fix(
            summary=(
                f"Give the social lead a role at {rule.level.value} level or above "
                "(or record its level if it is already there)."
            )
        )
    return Fix(summary=rule.text)


@builtin(
    "rule-violation",
    _FAMILY,
    Severity.WARNING,
    "A rule of a blueprint the organization follows is not met",
    identity=("blueprint", "rule"),
    options=("program_share",),
    data_type=RuleViolationData,
)
def rule_violation(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    placed = is_selected(placement, options)
    found = analysis.rule_violations(org, program_share=options.program_share)
    for bp_id, rule, evidence in found:
        if rule.check == PLACEMENT_RULE and placed:
            continue  # where the lead sits is reported once, as placement
        yield Finding(
            kind="rule-violation",
            severity=Severity(rule.severity),
            subjects=[Subject("blueprint", bp_id), *(_subject(org, e) for e in evidence)],
            message=f"Rule {rule.id!r} of blueprint {bp_id} is not met: {rule.text}",
            data=RuleViolationData(blueprint=bp_id, rule=rule.id, evidence=evidence),
            fix=_rule_fix(org, rule, evidence),
        )


@builtin(
    "blueprint-conformance",
    _FAMILY,
    Severity.INFO,
    "How much of a blueprint's work the organization covers",
    identity=("blueprint",),
    data_type=BlueprintConformanceData,
)
def blueprint_conformance(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for bp_id in org.blueprints:
        result = analysis.conformance(org, bp_id)
        elsewhere = [j.responsibility for j in result.jobs if j.placement == "elsewhere"]
        covered = result.with_status("covered")
        parts = [f"{len(covered)} of {len(result.jobs)} jobs covered"]
        for label, ids in (
            ("split", result.with_status("split")),
            ("missing", result.with_status("missing")),
            ("placed elsewhere than usual", elsewhere),
        ):
            if ids:
                parts.append(f"{label}: {n.join(ids, n.responsibility, '; ')}")
        yield Finding(
            kind="blueprint-conformance",
            severity=Severity.INFO,
            subjects=[Subject("blueprint", bp_id)],
            message=f"{catalog.get(bp_id).title}: {' | '.join(parts)}.",
            data=BlueprintConformanceData(
                blueprint=bp_id,
                score=round(result.score, 6),
                covered=covered,
                split=result.with_status("split"),
                missing=result.with_status("missing"),
                elsewhere=elsewhere,
            ),
            fix=Fix(
                summary=(
                    "Nothing to do if the score suits you; the coverage findings say how to "
                    "cover the missing and split jobs."
                    if covered != [j.responsibility for j in result.jobs]
                    else "Nothing to do: every job of the blueprint is covered."
                )
            ),
        )


@builtin(
    "rule-unjudged",
    _FAMILY,
    Severity.INFO,
    "A rule of a blueprint the organization follows cannot be judged from the file",
    identity=("blueprint", "rule"),
    data_type=RuleUnjudgedData,
)
def rule_unjudged(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for bp_id, rule, reason in analysis.unjudged_rules(org):
        if rule.check == PLACEMENT_RULE:
            tops = analysis.top_roles(org)
            subjects = [Subject("role", r) for r in tops]
            if not tops:
                which = "add its role if the file has none"
            elif len(tops) == 1:
                which = f"{n.role(tops[0])} if it is the one, or another"
            else:
                which = f"one of {n.join(tops, n.role)}, or another"
            fix = Fix(
                summary="Name the chief executive: set chief_executive to the id of its role "
                f"({which})."
            )
        else:
            subjects = [] if org.social_lead is None else [Subject("role", org.social_lead)]
            fix = Fix(summary="Give the social lead's role its level (board, c-suite, vp, ...).")
        yield Finding(
            kind="rule-unjudged",
            severity=Severity.INFO,
            subjects=[Subject("blueprint", bp_id), *subjects],
            message=f"Rule {rule.id!r} of blueprint {bp_id} cannot be judged: {reason}.",
            data=RuleUnjudgedData(blueprint=bp_id, rule=rule.id, reason=reason),
            fix=fix,
        )


CHECKS = (rule_violation, rule_unjudged, blueprint_conformance)
