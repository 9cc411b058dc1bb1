"""From findings to a plan: the fewest edits that clear the warnings, verified by a re-audit.

:func:`plan` audits an organization, chooses edits (:mod:`csmo_model.edits`)
with one algorithm per family of findings, applies them, audits the result
and keeps only what the re-audit confirms: every step clears the findings
it names, and no warning or critical finding appears that the input did not
have. What edits cannot clear is listed with the reason (a role to hire, a
decision to take), never skipped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import networkx as nx

from csmo_model import catalog
from csmo_model._text import md_code, terminal
from csmo_model.analysis import tie_cuts
from csmo_model.analysis._facts import facts
from csmo_model.audit import audit, resolve_options
from csmo_model.checks._base import names
from csmo_model.checks._fixing import (
    SLOTS_FOR_NEW_WORK,
    Staffing,
    accountability_edits,
    hire_edit,
    job_edits,
)
from csmo_model.checks.links import link_edits
from csmo_model.edits import AddLink, Edit, apply, edits_of, to_dict
from csmo_model.errors import ModelError
from csmo_model.graph import inside_departments, whole_department
from csmo_model.model import Organization, Raci
from csmo_model.options import AuditOptions
from csmo_model.report import Finding, Report, Severity, _md_escape, _one_line

__all__ = ["PLAN_FORMAT", "SEAT_CANDIDATES", "Plan", "Step", "lead_links", "plan"]


def __dir__() -> list[str]:
    return __all__


PLAN_FORMAT = "csmo-plan/2"
"""The header of the JSON plan output."""

SEAT_CANDIDATES = 16
"""How many of its best candidates each seat of the staffing matching considers.

The matching is optimal over these. With at most this many seats it is optimal
outright: a seat matched outside its best ``SEAT_CANDIDATES`` could move to one
of them that the other seats (fewer than ``SEAT_CANDIDATES``) leave free, at no
loss of weight. Past that, the bound keeps the matching near linear in the
number of seats instead of cubic in the number of people."""

ACCOUNTABILITY_KINDS = (
    "no-accountable",
    "multiple-accountable",
    "split-ownership",
    "external-without-coordinator",
)
"""Finding kinds cleared by leaving a job exactly one accountable role."""


def _fingerprints(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Step:
    """One step of a plan: edits, the findings they clear, and why.

    Attributes:
        kind: What the step does: ``tie``, ``link``, ``accountability``,
            ``staff``, ``backup``, ``placement``, ``fix`` (a check's own fix),
            or ``hire`` (a role to create: a step left open, since a vacant
            role clears nothing until someone holds it).
        summary: One sentence saying what to do.
        edits: The edits.
        clears: Fingerprints of the findings it clears (confirmed by the
            re-audit for applied steps; the ones it would address for open steps).
        why: The rule it applies or the source line it serves.
        fte: For a hiring step, the full-time equivalents to hire (``None``
            when the job has no effort).
    """

    kind: str
    summary: str
    edits: tuple[Edit, ...] = attrs.field(default=(), converter=edits_of)
    clears: tuple[str, ...] = attrs.field(default=(), converter=_fingerprints)
    why: str = ""
    fte: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the step as plain JSON-able data."""
        return {
            "kind": self.kind,
            "summary": self.summary,
            "edits": [to_dict(e) for e in self.edits],
            "clears": list(self.clears),
            "why": self.why,
            "fte": self.fte,
        }


def _steps(value: Iterable[Step]) -> tuple[Step, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Plan:
    """An ordered list of steps, what they clear, and what is left open.

    Attributes:
        organization: The organization's name.
        steps: The applied steps, in order.
        open: What the plan could not clear by edits: hiring steps and
            findings that need a decision, each with the reason.
        before: The audit of the input.
        after: The audit of :attr:`result`.
        result: The organization with every step applied.

    Examples
    --------
    >>> import csmo_model as cm
    >>> p = cm.plan(cm.examples.load("marketing-owned"))
    >>> [s.kind for s in p.steps][:3]
    ['accountability', 'staff', 'staff']
    >>> set(p.cleared) <= set(p.before.fingerprints())
    True
    """

    organization: str
    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    open: tuple[Step, ...] = attrs.field(converter=_steps)
    before: Report = attrs.field(eq=False, repr=False)
    after: Report = attrs.field(eq=False, repr=False)
    result: Organization = attrs.field(eq=False, repr=False)

    @property
    def edits(self) -> tuple[Edit, ...]:
        """Every edit of the applied steps, in order."""
        return tuple(e for s in self.steps for e in s.edits)

    @property
    def cleared(self) -> tuple[str, ...]:
        """Fingerprints of the findings the steps clear."""
        return tuple(fp for s in self.steps for fp in s.clears)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``csmo-plan/2`` document."""
        gone = set(self.before.fingerprints()) - set(self.after.fingerprints())
        return {
            "format": PLAN_FORMAT,
            "organization": self.organization,
            "steps": [s.to_dict() for s in self.steps],
            "open": [s.to_dict() for s in self.open],
            "edits": len(self.edits),
            "before": self.before.counts,
            "after": self.after.counts,
            "resolved": sorted(gone),
        }

    def to_text(self) -> str:
        """Return the plan as readable text."""
        lines = [
            f"Plan for {self.organization}: {len(self.steps)} step(s), {len(self.edits)} edit(s); "
            f"{len(self.cleared)} finding(s) cleared, {len(self.open)} left open"
        ]
        for i, step in enumerate(self.steps, 1):
            lines += ["", f"{i}. [{step.kind}] {_one_line(step.summary)}"]
            if step.why:
                lines.append(f"   why: {_one_line(step.why)}")
            lines += [f"   - {_edit_text(e)}" for e in step.edits]
        if self.open:
            lines += ["", "Left open:"]
            for step in self.open:
                lines.append(f"  [{step.kind}] {_one_line(step.summary)}")
                lines += [f"   - {_edit_text(e)} (not applied)" for e in step.edits]
        return "\n".join(map(terminal, lines)) + "\n"

    def to_markdown(self) -> str:
        """Return the plan as Markdown."""
        lines = [
            f"# Plan for {_md_escape(self.organization)}",
            "",
            f"{len(self.steps)} step(s), {len(self.edits)} edit(s); {len(self.cleared)} "
            f"finding(s) cleared, {len(self.open)} left open.",
        ]
        for i, step in enumerate(self.steps, 1):
            lines += ["", f"{i}. {md_code(step.kind)}: {_md_escape(step.summary)}"]
            if step.why:
                lines.append(f"   Why: {_md_escape(step.why)}")
            lines += [f"   - {md_code(_edit_text(e))}" for e in step.edits]
        if self.open:
            lines += ["", "## Left open", ""]
            lines += [f"- {md_code(s.kind)}: {_md_escape(s.summary)}" for s in self.open]
        return "\n".join(lines) + "\n"


def _edit_text(edit: Edit) -> str:
    data = to_dict(edit)
    op = data.pop("op")
    shown = ", ".join(f"{k}={v}" for k, v in data.items() if v not in (None, {}, (), []))
    return _one_line(f"{op} {shown}")


_SOURCE = {
    "tie": "the lead needs contacts into each group, not one fragile path (domain B)",
    "link": "the lead needs ties into the seven groups (domain B)",
    "accountability": "each job has exactly one accountable role (RACI; domain C, online asset)",
    "staff": "every job has someone responsible and someone accountable (domain C)",
    "backup": "no job hangs on one person (domain A, the one person wearing every hat)",
    "placement": "the lead reports to the top (domain B, D)",
    "fix": "the check's own fix",
    "hire": "nobody has the spare capacity (domain D: it becomes a full-time job quickly)",
}


def plan(
    org: Organization,
    options: AuditOptions | None = None,
    *,
    only: Iterable[str] = (),
    max_edits: int | None = None,
    **changes: Any,
) -> Plan:
    """Plan the fewest edits that clear the warning and critical findings of *org*.

    The steps, in order, and the algorithm of each:

    - **placement**: the social lead reports to the top, as an applied
      blueprint asks (one ``set-reports-to``).
    - **accountability** (no, multiple or split accountability, outsourced
      work without an internal coordinator): exactly one internal held role
      accountable, by the rule of
      :func:`csmo_model.checks._fixing.accountability_edits`.
    - **staff** and **backup** (coverage gaps, jobs nobody is responsible
      for, work only one person does): a maximum-weight bipartite matching
      (:func:`networkx.max_weight_matching`, maximum cardinality first) of
      job seats to people with spare capacity, weighted toward the job's
      usual department and roles already C or I on it. A job nobody does
      gets two seats (so the fix leaves no single point of failure); a job
      only one person does gets one more. Each person takes at most one new
      job per plan, and each seat considers its :data:`SEAT_CANDIDATES` best
      candidates (optimal outright with that many seats or fewer). Seats left
      over become **hire** steps, left open.
    - **link**: a link from the lead to the head role of each untied
      department of a required function (a department whose sub-department
      gets a link is tied through it).
    - **tie**: the fewest links from the lead that leave no single role,
      department or tie between the lead and a department (see
      :func:`lead_links`; optimal among links from the lead).

    Every other finding kind uses its check's fix when it has edits, else it
    is left open with the fix's sentence as the reason.

    The steps are applied with :func:`csmo_model.edits.apply` and the result
    audited: a step that clears nothing, one that brings a warning or
    critical finding the input did not have, or one whose edits would make
    the organization invalid (a reporting cycle, say), is dropped and left
    open with the reason, so the guarantees hold: the result validates, no finding a step names as
    cleared is still there, and no new warning or critical finding appears.

    Parameters
    ----------
    org : Organization
    options : AuditOptions, optional
        As for :func:`csmo_model.audit`.
    only : iterable of str
        Finding kinds (or families) to clear; by default every kind.
    max_edits : int, optional
        At most this many edits: steps past the budget are left open.
    **changes
        Options to change, as for :func:`csmo_model.audit`.

    Returns
    -------
    Plan

    Raises
    ------
    ValueError
        If *max_edits* is negative, or an option is out of range.
    TypeError
        If an option is unknown or of the wrong type.

    Examples
    --------
    >>> import csmo_model as cm
    >>> p = cm.plan(cm.examples.load("agency-run"))
    >>> [s.kind for s in p.steps]
    ['accountability', 'accountability', 'backup', 'tie']
    >>> cm.audit(p.result).counts.get("external-without-coordinator", 0)
    0
    """
    options = resolve_options(options, **changes)
    if options.blueprints:
        org = catalog.apply(org, *options.blueprints)
        options = attrs.evolve(options, blueprints=())
    if max_edits is not None and max_edits < 0:
        raise ValueError(f"max_edits must be 0 or more, got {max_edits}")
    before = audit(org, options)
    wanted = _select(before, only)
    planner = _Planner(org, before, wanted)
    steps = planner.run()
    kept, over = _budget(steps, max_edits)
    result, after, applied, dropped = _verify(org, options, before, kept)
    open_steps = [*planner.open, *dropped, *over]
    addressed = {fp for s in applied for fp in s.clears} | {
        fp for s in open_steps for fp in s.clears
    }
    for finding in wanted:
        if finding.fingerprint not in addressed:
            reason = finding.fix.summary if finding.fix is not None else finding.message
            open_steps.append(
                Step(kind="decide", summary=reason, clears=[finding.fingerprint], why=finding.kind)
            )
    return Plan(
        organization=org.name,
        steps=applied,
        open=open_steps,
        before=before,
        after=after,
        result=result,
    )


def _select(report: Report, only: Iterable[str]) -> list[Finding]:
    if isinstance(only, str):
        raise TypeError("only is a collection of finding kinds, not one string")
    chosen = set(only)
    known = set(report.checks)
    from csmo_model.checks import default_registry

    families = {c.kind: c.family for c in default_registry()}
    unknown = sorted(chosen - known - set(families.values()))
    if unknown:
        raise ValueError(f"only: no check {', '.join(map(repr, unknown))}; csmo checks lists them")
    return [
        f
        for f in report.findings
        if f.severity.rank >= Severity.WARNING.rank
        and f.accepted is None
        and (not chosen or f.kind in chosen or families.get(f.kind) in chosen)
    ]


class _Planner:
    def __init__(self, org: Organization, before: Report, wanted: Sequence[Finding]) -> None:
        self.org = org
        self.before = before
        self.wanted = list(wanted)
        self.open: list[Step] = []
        self.taken = set(org.roles) | set(org.departments)

    def of(self, *kinds: str) -> list[Finding]:
        return [f for f in self.wanted if f.kind in kinds]

    def run(self) -> list[Step]:
        steps: list[Step] = []
        work = self.org
        for phase in (self._placement, self._accountability, self._staffing, self._links):
            made = phase(work)
            applied = _try_apply(work, [e for s in made for e in s.edits]) if made else work
            if isinstance(applied, ModelError):
                # Some step would make the organization invalid: find it, one step at a time.
                applied, made, unfixable = _apply_each(work, made)
                self.open.extend(unfixable)
            work = applied
            steps.extend(made)
        steps.extend(self._ties(work))
        steps.extend(self._others(work))
        return steps

    def _placement(self, org: Organization) -> list[Step]:
        out = []
        for f in self.of("placement"):
            if f.fix is not None and f.fix.edits:
                out.append(
                    Step(
                        kind="placement",
                        summary=f.fix.summary,
                        edits=f.fix.edits,
                        clears=[f.fingerprint],
                        why=_SOURCE["placement"],
                    )
                )
        return out

    def _accountability(self, org: Organization) -> list[Step]:
        by_resp: dict[str, list[str]] = {}
        for f in self.of(*ACCOUNTABILITY_KINDS):
            by_resp.setdefault(f.data["responsibility"], []).append(f.fingerprint)
        coordinator_rules = [
            f for f in self.of("rule-violation") if _rule_check(f) == "internal-coordinator"
        ]
        for f in coordinator_rules:
            for resp in f.data["evidence"]:
                by_resp.setdefault(resp, [])
        n = names(org)
        out: list[Step] = []
        fixed: set[str] = set()
        for resp, fps in by_resp.items():
            edits, keeper = accountability_edits(org, resp)
            if keeper is None or not edits:
                continue
            fixed.add(resp)
            out.append(
                Step(
                    kind="accountability",
                    summary=(
                        f"Make {n.role(keeper)} the one role accountable for "
                        f"{n.responsibility(resp)}."
                    ),
                    edits=edits,
                    clears=fps,
                    why=_SOURCE["accountability"],
                )
            )
        for f in coordinator_rules:
            if out and set(f.data["evidence"]) <= fixed:
                last = out[-1]
                out[-1] = attrs.evolve(last, clears=(*last.clears, f.fingerprint))
        return out

    def _staffing(self, org: Organization) -> list[Step]:
        staffing = Staffing(org)
        f = facts(org)
        # Seats: (finding, responsibility, seat number, seats of the job, accountable).
        seats: list[tuple[Finding, str, int, int, bool]] = []
        for finding in self.of("coverage-gap", "no-responsible"):
            resp = finding.data["responsibility"]
            accountable = resp not in f.held_accountable
            for i in range(SLOTS_FOR_NEW_WORK):
                seats.append((finding, resp, i, SLOTS_FOR_NEW_WORK, accountable))
        for finding in self.of("single-point-of-failure"):
            if finding.data.get("scope") != "person":
                continue
            for resp in finding.data["responsibilities"]:
                seats.append((finding, resp, 0, 1, False))
        if not seats:
            return []
        G: nx.Graph[Any] = nx.Graph()
        for s, (finding, resp, _, joining, _) in enumerate(seats):
            exclude = (finding.data["person"],) if "person" in finding.data else ()
            for cand in staffing.candidates(resp, joining, exclude, limit=SEAT_CANDIDATES):
                G.add_edge(("seat", s), ("person", cand.person), weight=cand.weight, role=cand.role)
        matching = nx.max_weight_matching(G, maxcardinality=True)
        chosen: dict[int, tuple[str, str]] = {}
        for u, v in matching:
            seat, person = (u, v) if u[0] == "seat" else (v, u)
            chosen[seat[1]] = (person[1], G.edges[u, v]["role"])
        # Seats of one job are interchangeable: the best fit (weight, then
        # document order) takes the first, the accountable one.
        order = {p: i for i, p in enumerate(org.people)}
        for finding_seats in _group(seats):
            filled = [s for s in finding_seats if s in chosen]
            picks = sorted(
                (chosen[s] for s in filled),
                key=lambda pr: (
                    -G.edges[("seat", filled[0]), ("person", pr[0])]["weight"]
                    if G.has_edge(("seat", filled[0]), ("person", pr[0]))
                    else 0,
                    order[pr[0]],
                ),
            )
            for s, pick in zip(filled, picks, strict=True):
                chosen[s] = pick
        n = names(org)
        out: list[Step] = []
        by_finding: dict[str, list[int]] = {}
        for s, (finding, *_rest) in enumerate(seats):
            by_finding.setdefault(finding.fingerprint, []).append(s)
        for members in by_finding.values():
            finding = seats[members[0]][0]
            if all(s in chosen for s in members):
                out.append(self._staff_step(org, staffing, n, finding, members, seats, chosen))
            else:
                self._hire(org, staffing, n, finding, members, seats, chosen)
        return out

    def _staff_step(
        self,
        org: Organization,
        staffing: Staffing,
        n: Any,
        finding: Finding,
        members: list[int],
        seats: list[tuple[Finding, str, int, int, bool]],
        chosen: dict[int, tuple[str, str]],
    ) -> Step:
        edits: list[Edit] = []
        parts = []
        if finding.kind == "single-point-of-failure":
            for s in members:
                resp = seats[s][1]
                person, role = chosen[s]
                edits.append(staffing.edits_for(resp, role, Raci.R))
                parts.append(f"{n.person(person)} for {n.responsibility(resp)}")
            return Step(
                kind="backup",
                summary=f"Train a backup for {n.person(finding.data['person'])}: "
                + "; ".join(parts)
                + ".",
                edits=edits,
                clears=[finding.fingerprint],
                why=_SOURCE["backup"],
            )
        resp = seats[members[0]][1]
        accountable = seats[members[0]][4]
        roles = [chosen[s][1] for s in members]
        who = " and ".join(f"{n.person(chosen[s][0])} ({n.role(chosen[s][1])})" for s in members)
        return Step(
            kind="staff",
            summary=f"Give {n.responsibility(resp)} to {who}"
            + (f"; {n.person(chosen[members[0]][0])} answers for it." if accountable else "."),
            edits=job_edits(org, resp, roles, accountable=accountable),
            clears=[finding.fingerprint],
            why=_SOURCE["staff"],
        )

    def _hire(
        self,
        org: Organization,
        staffing: Staffing,
        n: Any,
        finding: Finding,
        members: list[int],
        seats: list[tuple[Finding, str, int, int, bool]],
        chosen: dict[int, tuple[str, str]],
    ) -> None:
        for s in members:
            if s in chosen:
                continue
            _, resp, _, joining, accountable = seats[s]
            share = staffing.share(resp, joining)
            effort = org.responsibilities[resp].effort
            hire = hire_edit(org, resp, self.taken, accountable=accountable and seats[s][2] == 0)
            self.taken.add(hire.id)
            need = f"{share:g} FTE spare" if share else "a fitting role with time"
            size = f"a {share:g} FTE role" if effort else "a role"
            self.open.append(
                Step(
                    kind="hire",
                    summary=(
                        f"Nobody has {need} for {n.responsibility(resp)}: hire {size} for it."
                    ),
                    edits=[hire],
                    clears=[finding.fingerprint],
                    why=_SOURCE["hire"],
                    fte=round(share, 6) if effort else None,
                )
            )

    def _links(self, org: Organization) -> list[Step]:
        found = self.of("missing-link")
        if not found or org.social_lead is None:
            return []
        depts = {f.data["department"]: f for f in found}
        # A link into a sub-department ties the lead to the departments above it too.
        covered_by: dict[str, str] = {}
        whole = whole_department(org)
        for dept in depts:
            for up in inside_departments(org, dept, whole=whole)[1:]:
                if up in depts:
                    covered_by.setdefault(up, dept)
        n = names(org)
        out: list[Step] = []
        for dept, finding in depts.items():
            if dept in covered_by:
                continue
            clears = [finding.fingerprint] + [
                depts[d].fingerprint for d, below in covered_by.items() if below == dept
            ]
            out.append(
                Step(
                    kind="link",
                    summary=finding.fix.summary
                    if finding.fix
                    else f"Link to {n.department(dept)}.",
                    edits=link_edits(org, dept),
                    clears=clears,
                    why=_SOURCE["link"],
                )
            )
        return out

    def _ties(self, org: Organization) -> list[Step]:
        found = [f for f in self.of("single-point-of-failure") if f.data.get("scope") == "tie"]
        if not found or org.social_lead is None:
            return []
        lead = org.social_lead
        cuts = tie_cuts(org)
        targets = list(
            dict.fromkeys(
                d for depts in (*cuts.nodes.values(), *cuts.edges.values()) for d in depts
            )
        )
        if not targets:
            return []
        G = facts(org).tie_graph(org)
        ends, unreachable = lead_links(G, lead, targets)
        n = names(org)
        fps = [f.fingerprint for f in found]
        out = []
        for end, covered in ends.items():
            out.append(
                Step(
                    kind="tie",
                    summary=(
                        f"Link the social lead to {n.unit(end)}, which gives it a second way to "
                        f"{n.join(covered, n.department)}."
                    ),
                    edits=[AddLink(between=(lead, end))],
                    why=_SOURCE["tie"],
                )
            )
        if out:
            # The tie findings clear together, once every target has its second way.
            out[-1] = attrs.evolve(out[-1], clears=fps)
        for dept in unreachable:
            self.open.append(
                Step(
                    kind="decide",
                    summary=(
                        "No new link from the social lead can give a second way to "
                        f"{n.department(dept)}."
                    ),
                    why=_SOURCE["tie"],
                )
            )
        return out

    def _others(self, org: Organization) -> list[Step]:
        handled = {
            "placement",
            "missing-link",
            "coverage-gap",
            "no-responsible",
            "single-point-of-failure",
            *ACCOUNTABILITY_KINDS,
        }
        out = []
        for f in self.wanted:
            if f.kind in handled or (
                f.kind == "rule-violation" and _rule_check(f) == "internal-coordinator"
            ):
                continue
            if (
                f.fix is not None
                and f.fix.edits
                and not any(e.op == "add-role" for e in f.fix.edits)
            ):
                out.append(
                    Step(
                        kind="fix",
                        summary=f.fix.summary,
                        edits=f.fix.edits,
                        clears=[f.fingerprint],
                        why=_SOURCE["fix"],
                    )
                )
        return out


def _group(seats: Sequence[tuple[Finding, str, int, int, bool]]) -> list[list[int]]:
    """Seat numbers per (finding, responsibility), in order."""
    groups: dict[tuple[str, str], list[int]] = {}
    for s, (finding, resp, *_rest) in enumerate(seats):
        groups.setdefault((finding.fingerprint, resp), []).append(s)
    return list(groups.values())


def _rule_check(finding: Finding) -> str | None:
    try:
        bp = catalog.get(finding.data["blueprint"])
    except (KeyError, ValueError):
        return None
    return next((r.check for r in bp.rules if r.id == finding.data["rule"]), None)


def lead_links(
    G: nx.Graph[Any], lead: Any, targets: Iterable[Any]
) -> tuple[dict[Any, tuple[Any, ...]], list[Any]]:
    """The fewest links from *lead* that leave no cut vertex or bridge between it and each target.

    Two nodes are separated by no single node or edge exactly when they lie
    in one biconnected component of three nodes or more. The biconnected
    components (:func:`networkx.biconnected_components`) and the cut
    vertices form a tree, the block-cut tree; rooted at the lead, a new edge
    ``(lead, x)`` closes a cycle through every block on the tree path from
    the lead to ``x``, merging them into one. So a link to ``x`` secures
    exactly the targets on the path from the root to ``x``. Linking to each
    *lowest* target (one with no other target below it) secures all of
    them; since one link secures only targets on one root path, and no root
    path holds two lowest targets, no set of links from the lead is smaller:
    **the result is optimal among links from the lead**. A target already
    adjacent to the lead by its only tie is linked through a neighbour below
    it instead; one with none is returned as unreachable.

    Parameters
    ----------
    G : networkx.Graph
        Undirected ties.
    lead : node
    targets : iterable of nodes
        Nodes of the lead's component to secure.

    Returns
    -------
    (dict, list)
        Link end -> the targets the link secures; and the targets no link
        from the lead can secure.

    Examples
    --------
    A chain lead - a - d1 - d2 needs one link (to d2); a star needs one per
    department:

    >>> chain = nx.Graph([("lead", "a"), ("a", "d1"), ("d1", "d2")])
    >>> lead_links(chain, "lead", ["d1", "d2"])
    ({'d2': ('d1', 'd2')}, [])
    >>> star = nx.Graph([("lead", "a"), ("a", "d1"), ("a", "d2")])
    >>> lead_links(star, "lead", ["d1", "d2"])
    ({'d1': ('d1',), 'd2': ('d2',)}, [])

    Notes
    -----
    $O(n + m)$: one biconnected-components pass and two walks of the tree.
    """
    component = G.subgraph(nx.node_connected_component(G, lead))
    blocks = [frozenset(b) for b in nx.biconnected_components(component)]
    cut = set(nx.articulation_points(component))
    T: nx.Graph[Any] = nx.Graph()
    position: dict[Any, Any] = {}
    for i, block in enumerate(blocks):
        T.add_node(("b", i))
        for node in block:
            if node in cut:
                T.add_edge(("b", i), ("v", node))
                position[node] = ("v", node)
            else:
                position[node] = ("b", i)
    if lead not in position:  # a lead with no ties at all
        return {}, list(targets)
    root = position[lead]
    T.add_node(root)
    parent = dict(nx.bfs_predecessors(T, root))
    wanted = [t for t in dict.fromkeys(targets) if t in position and position[t] != root]
    at = {position[t] for t in wanted}
    # A position is lowest when no wanted position lies strictly below it.
    has_below: set[Any] = set()
    for p in at:
        up = parent.get(p)
        while up is not None and up not in has_below:
            has_below.add(up)
            up = parent.get(up)
    lowest = [t for t in wanted if position[t] not in has_below]
    ends: dict[Any, tuple[Any, ...]] = {}
    unreachable: list[Any] = []
    claimed: set[Any] = set()
    for t in lowest:
        p = position[t]
        if p in claimed:
            continue
        claimed.add(p)
        end = t
        if G.has_edge(lead, t):
            below = [w for w in G[t] if w != lead and _is_below(parent, position[w], p)]
            if not below:
                unreachable.append(t)
                continue
            end = below[0]
        path = set()
        q = position[end]
        while q is not None:
            path.add(q)
            q = parent.get(q)
        ends[end] = tuple(x for x in wanted if position[x] in path)
    return ends, unreachable


def _is_below(parent: Mapping[Any, Any], p: Any, ancestor: Any) -> bool:
    while p is not None:
        if p == ancestor:
            return True
        p = parent.get(p)
    return False


def _budget(steps: list[Step], max_edits: int | None) -> tuple[list[Step], list[Step]]:
    if max_edits is None:
        return steps, []
    kept, over, used = [], [], 0
    for step in steps:
        if used + len(step.edits) <= max_edits:
            kept.append(step)
            used += len(step.edits)
        else:
            over.append(attrs.evolve(step, summary=f"{step.summary} (over the edit budget)"))
    return kept, over


def _try_apply(org: Organization, edits: Sequence[Edit]) -> Organization | ModelError:
    """*org* with *edits* applied, or the :class:`ModelError` saying why they cannot be."""
    try:
        return apply(org, edits)
    except ModelError as err:
        return err


def _unfixable(step: Step, err: ModelError) -> Step:
    """*step*, marked as not applied because its edits make the organization invalid."""
    first = err.problems[0].message if err.problems else str(err)
    return attrs.evolve(
        step,
        summary=f"{step.summary} (not applied: it would make the organization invalid: {first})",
    )


def _apply_each(
    org: Organization, steps: Sequence[Step]
) -> tuple[Organization, list[Step], list[Step]]:
    """Apply *steps* one by one; return the result, the steps applied and those that could not be.

    A step whose edits raise :class:`ModelError` (a reporting cycle, say) is
    not applied and comes back marked by :func:`_unfixable`.
    """
    applied: list[Step] = []
    unfixable: list[Step] = []
    for step in steps:
        trial = _try_apply(org, step.edits)
        if isinstance(trial, ModelError):
            unfixable.append(_unfixable(step, trial))
            continue
        org = trial
        applied.append(step)
    return org, applied, unfixable


def _bad(before: Report, after: Report) -> set[str]:
    known = set(before.fingerprints())
    return {
        f.fingerprint
        for f in after.findings
        if f.severity.rank >= Severity.WARNING.rank and f.fingerprint not in known
    }


def _verify(
    org: Organization, options: AuditOptions, before: Report, steps: list[Step]
) -> tuple[Organization, Report, list[Step], list[Step]]:
    """Apply *steps*, audit, and keep what the re-audit confirms; return the result and its audit.

    First all at once (one audit); if a new warning appears, step by step,
    dropping each step that brings one. A step whose named findings are
    still there is dropped too (it would be edits for nothing).
    """
    dropped: list[Step] = []
    whole = _try_apply(org, [e for s in steps for e in s.edits]) if steps else org
    if isinstance(whole, ModelError):
        result, after = org, before
    else:
        result, after = whole, audit(whole, options)
    if isinstance(whole, ModelError) or _bad(before, after):
        kept: list[Step] = []
        result, after = org, before  # start again from the input and its own audit
        for step in steps:
            trial = _try_apply(result, step.edits)
            if isinstance(trial, ModelError):
                dropped.append(_unfixable(step, trial))
                continue
            trial_after = audit(trial, options)
            if _bad(before, trial_after):
                dropped.append(
                    attrs.evolve(
                        step,
                        summary=f"{step.summary} (not applied: it would bring a new finding)",
                    )
                )
                continue
            kept.append(step)
            result, after = trial, trial_after
        steps = kept
    for _ in range(3):
        remaining = set(after.fingerprints())
        confirmed: list[Step] = []
        for step in steps:
            still = [fp for fp in step.clears if fp in remaining]
            if not still:
                confirmed.append(step)
                continue
            cleared = [fp for fp in step.clears if fp not in remaining]
            if cleared:
                confirmed.append(attrs.evolve(step, clears=cleared))
            else:
                dropped.append(
                    attrs.evolve(step, summary=f"{step.summary} (not enough: the finding stays)")
                )
        if len(confirmed) == len(steps) and all(
            a.clears == b.clears for a, b in zip(confirmed, steps, strict=True)
        ):
            return result, after, confirmed, dropped
        steps = confirmed
        again = _try_apply(org, [e for s in steps for e in s.edits]) if steps else org
        if isinstance(again, ModelError):  # a dropped step was one another built on
            return org, before, [], [*dropped, *steps]
        result, after = again, audit(again, options)
        if _bad(before, after):  # dropping a step undid another's cover: apply nothing
            return org, before, [], [*dropped, *steps]
    return result, after, steps, dropped
