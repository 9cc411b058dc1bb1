"""Recommendations: which blueprint fits, where social should report, whom to hire.

:func:`recommend` weighs an organization against the catalog and the source
material's positions. It changes nothing; :func:`csmo_model.plan` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from csmo_model import catalog
from csmo_model._text import md_code, terminal
from csmo_model.analysis import (
    conformance,
    filling_roles,
    reporting_chain,
    rule_violations,
    stand_in,
    ties,
    unjudged_rules,
)
from csmo_model.analysis._facts import facts
from csmo_model.analysis.organizing import Structure, structure
from csmo_model.audit import resolve_options
from csmo_model.checks._base import names
from csmo_model.checks.links import required_functions
from csmo_model.edits import AddRole
from csmo_model.model import Function, Organization, Raci
from csmo_model.options import AuditOptions
from csmo_model.plan import plan
from csmo_model.report import _md_escape, _one_line, structure_line

__all__ = [
    "LISTENING_JOBS",
    "RECOMMEND_FORMAT",
    "STRATEGY_JOBS",
    "BlueprintFit",
    "Hire",
    "Recommendation",
    "ReportingAdvice",
    "blueprint_fit",
    "recommend",
    "reporting_advice",
]


def __dir__() -> list[str]:
    return __all__


RECOMMEND_FORMAT = "csmo-recommend/2"
"""The header of the JSON recommendation output."""

STRATEGY_JOBS = ("nine-lives/strategy", "officer-duties/strategy")
"""Catalog jobs that are the social media strategy (a user's own job counts through ``same_as``)."""

LISTENING_JOBS = ("communications-officer/listening", "officer-duties/listen-and-route")
"""Catalog jobs that are listening."""


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class BlueprintFit:
    """How much of one blueprint the organization meets.

    Attributes:
        blueprint: The blueprint's id.
        title: Its title.
        met: Jobs covered, ties in place and rules kept.
        total: Jobs, ties and rules that could be checked.
        missing_jobs: Jobs nobody does (or split).
        missing_ties: Functions of the blueprint's ties the lead lacks.
        broken_rules: Ids of the rules not kept.
    """

    blueprint: str
    title: str
    met: int
    total: int
    missing_jobs: tuple[str, ...] = attrs.field(converter=_strs)
    missing_ties: tuple[str, ...] = attrs.field(converter=_strs)
    broken_rules: tuple[str, ...] = attrs.field(converter=_strs)

    @property
    def share(self) -> float:
        """``met / total`` (1.0 when nothing could be checked)."""
        return self.met / self.total if self.total else 1.0

    def to_dict(self) -> dict[str, Any]:
        """Return the fit as plain JSON-able data."""
        return {
            "blueprint": self.blueprint,
            "title": self.title,
            "share": round(self.share, 6),
            "met": self.met,
            "total": self.total,
            "missing_jobs": list(self.missing_jobs),
            "missing_ties": list(self.missing_ties),
            "broken_rules": list(self.broken_rules),
        }


@attrs.frozen(kw_only=True)
class ReportingAdvice:
    """A short decision record: where the social lead should report, and why.

    Attributes:
        decision: The recommendation, one sentence.
        positions: The source material's positions weighed.
        evidence: What this organization shows, one fact a line.
    """

    decision: str
    positions: tuple[str, ...] = attrs.field(converter=_strs)
    evidence: tuple[str, ...] = attrs.field(converter=_strs)

    def to_dict(self) -> dict[str, Any]:
        """Return the record as plain JSON-able data."""
        return {
            "decision": self.decision,
            "positions": list(self.positions),
            "evidence": list(self.evidence),
        }


@attrs.frozen(kw_only=True)
class Hire:
    """A role to create for work that nobody's spare capacity covers.

    Attributes:
        role: The id the role would have.
        title: Its title.
        responsibility: The job it is for.
        fte: The full-time equivalents to hire (``None`` when the job has no effort).
        department: Where it would sit.
    """

    role: str
    title: str
    responsibility: str
    fte: float | None
    department: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the hire as plain JSON-able data."""
        return attrs.asdict(self)


def _fits(value: Iterable[BlueprintFit]) -> tuple[BlueprintFit, ...]:
    return tuple(value)


def _hires(value: Iterable[Hire]) -> tuple[Hire, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Recommendation:
    """Blueprint fit, where social should report, and the hiring list.

    Attributes:
        organization: The organization's name.
        fits: One per catalog blueprint, best fit first.
        reporting: The decision record on where social should report
            (``None`` without a social lead).
        hires: Roles to create.
        structure: The organizing model the social work follows now
            (see :func:`csmo_model.structure`), since ``csmo-recommend/2``.
    """

    organization: str
    fits: tuple[BlueprintFit, ...] = attrs.field(converter=_fits)
    reporting: ReportingAdvice | None
    hires: tuple[Hire, ...] = attrs.field(converter=_hires)
    structure: Structure | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the ``csmo-recommend/2`` document."""
        return {
            "format": RECOMMEND_FORMAT,
            "organization": self.organization,
            "fits": [f.to_dict() for f in self.fits],
            "reporting": None if self.reporting is None else self.reporting.to_dict(),
            "hires": [h.to_dict() for h in self.hires],
            "structure": None if self.structure is None else self.structure.brief(),
        }

    def to_text(self) -> str:
        """Return the recommendation as readable text."""
        lines = [f"Recommendations for {self.organization}", ""]
        if (shape := self._structure_line()) is not None:
            lines += [shape, ""]
        lines.append("Blueprint fit:")
        for fit in self.fits:
            lines.append(f"  {fit.share:4.0%}  {fit.blueprint} ({fit.met} of {fit.total})")
            for label, items in _gaps(fit):
                lines.append(f"        {label}: {_one_line(', '.join(items))}")
        lines += ["", "Where social should report:"]
        if self.reporting is None:
            lines.append("  No social lead is named: set social_lead first.")
        else:
            lines.append(f"  Decision: {_one_line(self.reporting.decision)}")
            lines += [f"  - position: {_one_line(p)}" for p in self.reporting.positions]
            lines += [f"  - evidence: {_one_line(e)}" for e in self.reporting.evidence]
        lines += ["", "Hiring list:"]
        if not self.hires:
            lines.append("  Nothing to hire: spare capacity covers the work the plan assigns.")
        for hire in self.hires:
            size = f"{hire.fte:g} FTE" if hire.fte else "size unknown (no effort given)"
            lines.append(f"  - {_one_line(hire.title)} ({hire.role}): {size}")
        return "\n".join(map(terminal, lines)) + "\n"

    def to_markdown(self) -> str:
        """Return the recommendation as Markdown."""
        lines = [f"# Recommendations for {_md_escape(self.organization)}", ""]
        if (shape := self._structure_line()) is not None:
            lines += [_md_escape(shape), ""]
        lines += ["## Blueprint fit", "", "| blueprint | fit | missing |", "|---|---:|---|"]
        for fit in self.fits:
            gaps = "; ".join(f"{label}: {', '.join(items)}" for label, items in _gaps(fit))
            lines.append(f"| {md_code(fit.blueprint)} | {fit.share:.0%} | {_md_escape(gaps)} |")
        lines += ["", "## Where social should report", ""]
        if self.reporting is None:
            lines.append("No social lead is named: set `social_lead` first.")
        else:
            lines.append(f"Decision: {_md_escape(self.reporting.decision)}")
            lines += ["", *(f"- Position: {_md_escape(p)}" for p in self.reporting.positions)]
            lines += [f"- Evidence: {_md_escape(e)}" for e in self.reporting.evidence]
        lines += ["", "## Hiring list", ""]
        if not self.hires:
            lines.append("Nothing to hire.")
        for hire in self.hires:
            size = f"{hire.fte:g} FTE" if hire.fte else "size unknown"
            lines.append(f"- {_md_escape(hire.title)} ({md_code(hire.role)}): {size}")
        return "\n".join(lines) + "\n"

    def _structure_line(self) -> str | None:
        if self.structure is None:
            return None
        return structure_line({"structure": self.structure.to_dict()})


def _gaps(fit: BlueprintFit) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (label, items)
        for label, items in (
            ("missing jobs", fit.missing_jobs),
            ("missing ties", fit.missing_ties),
            ("broken rules", fit.broken_rules),
        )
        if items
    ]


def blueprint_fit(org: Organization, blueprint_id: str) -> BlueprintFit:
    """Share of a blueprint's jobs, ties and rules that *org* meets.

    Jobs count when covered (held and not split; a job of the organization
    declared ``same_as`` it counts). Ties count when the social lead has a
    tie to a department of the function (not checked without a lead), and
    the ties of a blueprint's roles when every role filling it has one (see
    :func:`csmo_model.analysis.filling_roles`; listed as ``function (role)``). Rules
    count when kept (rules about the lead are not checked without one, and a
    rule that cannot be judged, see :func:`~csmo_model.analysis.unjudged_rules`,
    does not count).

    Examples
    --------
    >>> import csmo_model as cm
    >>> fit = blueprint_fit(cm.examples.load("csmo-to-ceo"), "csmo-ties")
    >>> fit.share, fit.missing_jobs
    (1.0, ())
    """
    bp = catalog.get(blueprint_id)
    applied = catalog.apply(org, blueprint_id)
    jobs = conformance(applied, bp)
    missing_jobs = [j.responsibility for j in jobs.jobs if j.status != "covered"]
    lead = org.social_lead
    missing_ties: list[str] = []
    tie_total = 0
    if lead is not None:
        tied = ties(org, lead)
        for function in bp.tie_functions:
            tie_total += 1
            depts = [d.id for d in org.departments.values() if d.function is Function(function)]
            if not any(d in tied for d in depts):
                missing_ties.append(Function(function).value)
    for template in bp.roles:
        filling = filling_roles(applied, template) if template.ties else []
        role_ties = [ties(org, role) for role in filling]  # each role's ties, found once
        for function in template.ties if filling else ():
            tie_total += 1
            homes = {d.id for d in org.departments.values() if d.function is function}
            if any(not homes & reached for reached in role_ties):
                missing_ties.append(f"{function.value} ({template.id})")
    broken = [rule.id for bp_id, rule, _ in rule_violations(applied) if bp_id == blueprint_id]
    # lead-not-owned-by also judges the program, with or without a lead.
    lead_rules = {"lead-reports-to-top", "lead-level"}
    unjudged = {rule.id for bp_id, rule, _ in unjudged_rules(applied) if bp_id == blueprint_id}
    rule_total = sum(
        1
        for r in bp.rules
        if (lead is not None or r.check not in lead_rules) and r.id not in unjudged
    )
    total = len(jobs.jobs) + tie_total + rule_total
    met = total - len(missing_jobs) - len(missing_ties) - len(broken)
    return BlueprintFit(
        blueprint=bp.id,
        title=bp.title,
        met=met,
        total=total,
        missing_jobs=missing_jobs,
        missing_ties=missing_ties,
        broken_rules=broken,
    )


_POSITIONS = (
    "Report to the CEO: a free, senior, cross-functional role, not under Marketing or any "
    "other department (domain B and D).",
    "Perhaps not: the source leaves open whether the role should report to the CEO, and a "
    "VP-level communications officer may own social with managers below (domain B and E).",
    "An executive-level owner whose mandate includes listening, an ongoing goal assigned to "
    "named people (domain E).",
)


def reporting_advice(
    org: Organization, options: AuditOptions | None = None
) -> ReportingAdvice | None:
    """A decision record on where the social lead should report.

    The rule, in order:

    1. the lead already reports to the top (or is the top): keep it there;
    2. the lead is accountable for the strategy, or has ties into at least
       half of the functions it needs: move it under the top, as domain B
       and D argue, since it already does the cross-functional work;
    3. an executive (the top or a direct report of it) is accountable for
       the strategy: keep the lead where it is, with a dotted line to that
       executive, and give listening to that executive's mandate (domain E);
    4. otherwise: move it under the top, and make it accountable for the
       strategy.

    Examples
    --------
    >>> import csmo_model as cm
    >>> reporting_advice(cm.examples.load("csmo-to-ceo")).decision
    'Keep the social lead where it is: it already reports to the top (...).'
    """
    lead = org.social_lead
    if lead is None:
        return None
    options = resolve_options(options)
    n = names(org)
    f = facts(org)
    chain = reporting_chain(org, lead)
    top = chain[-1]
    strategy = [stand_in(org, job) for job in STRATEGY_JOBS]
    strategy = [s for s in dict.fromkeys(strategy) if s in org.responsibilities]
    accountable = list(dict.fromkeys(r for s in strategy for r in f.roles_with(Raci.A, s)))
    listening = [
        s
        for s in dict.fromkeys(stand_in(org, j) for j in LISTENING_JOBS)
        if s in org.responsibilities
    ]
    listeners = list(dict.fromkeys(r for s in listening for r in f.roles_with(Raci.R, s)))
    required = required_functions(org, options)
    tied_depts = ties(org, lead)
    tied_functions = {org.departments[d].function for d in tied_depts}
    have = [fn for fn in required if fn in tied_functions]
    span = f.spans(org)[lead]
    evidence = [
        f"Chain to the top: {' -> '.join(n.role(r) for r in chain)}.",
        f"Direct reports of the lead: {span}.",
        f"Ties into {len(have)} of the {len(required)} functions it needs"
        + (
            f" (missing: {', '.join(fn.value for fn in required if fn not in have)})."
            if len(have) < len(required)
            else "."
        ),
        "Accountable for the strategy: "
        + (n.join(accountable, n.role) if accountable else "nobody (no strategy job, or no A)")
        + ".",
        "Responsible for listening: "
        + (n.join(listeners, n.role) if listeners else "nobody (no listening job, or no R)")
        + ".",
    ]
    executives = {top, *(r for r, role in org.roles.items() if role.reports_to == top)}
    if len(chain) <= 2:
        decision = (
            f"Keep the social lead where it is: it already reports to the top ({n.role(top)})."
        )
    elif lead in accountable or 2 * len(have) >= len(required):
        decision = (
            f"Move the social lead to report to {n.role(top)}: it already does the "
            "cross-functional work the source asks of a role at that level."
        )
    elif any(r in executives for r in accountable):
        owner = next(r for r in accountable if r in executives)
        decision = (
            f"Keep the social lead under {n.role(chain[1])} with a dotted line to "
            f"{n.role(owner)}, who owns the strategy, and make listening part of "
            f"{n.role(owner)}'s mandate."
        )
    else:
        decision = (
            f"Move the social lead to report to {n.role(top)} and make it accountable for "
            "the strategy: nobody at the top owns social today."
        )
    return ReportingAdvice(decision=decision, positions=_POSITIONS, evidence=evidence)


def recommend(
    org: Organization, options: AuditOptions | None = None, **changes: Any
) -> Recommendation:
    """Recommend a blueprint, a reporting line for social, and a hiring list.

    - **Blueprint fit**: for each catalog blueprint, the share of its jobs,
      ties and rules the organization meets (:func:`blueprint_fit`), best first.
    - **Where social should report**: a decision record weighing the source's
      positions against this organization's evidence (:func:`reporting_advice`).
    - **Hiring list**: the roles :func:`csmo_model.plan` could not staff from
      spare capacity, with the FTE to hire.
    - **Structure**: the organizing model the social work follows now
      (:func:`csmo_model.structure`), as a fact to weigh the advice against.

    Examples
    --------
    >>> import csmo_model as cm
    >>> rec = cm.recommend(cm.examples.load("solo-cxo"))
    >>> rec.fits[0].blueprint
    'nine-lives'
    >>> len(rec.hires)
    9
    """
    options = resolve_options(options, **changes)
    fits = sorted(
        (blueprint_fit(org, bp) for bp in catalog.names()),
        key=lambda fit: -fit.share,
    )
    the_plan = plan(org, options)
    hires = []
    for step in the_plan.open:
        if step.kind != "hire":
            continue
        for edit in step.edits:
            if isinstance(edit, AddRole):
                hires.append(
                    Hire(
                        role=edit.id,
                        title=edit.title,
                        responsibility=next(iter(edit.raci)),
                        fte=step.fte,
                        department=edit.department,
                    )
                )
    return Recommendation(
        organization=org.name,
        fits=fits,
        reporting=reporting_advice(org, options),
        hires=hires,
        structure=structure(org),
    )
