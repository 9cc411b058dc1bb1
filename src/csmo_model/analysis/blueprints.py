"""Blueprint conformance: how an organization measures up to the catalog."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from csmo_model import catalog
from csmo_model._validation import stand_ins
from csmo_model.analysis._facts import facts
from csmo_model.analysis.coverage import (
    external_without_coordinator,
    split_ownership,
)
from csmo_model.analysis.links import missing_links
from csmo_model.analysis.structure import lead_placement
from csmo_model.catalog import Blueprint, Rule, TemplateRole
from csmo_model.graph import department_chain
from csmo_model.model import Function, Organization, Raci, Responsibility

__all__ = [
    "Conformance",
    "JobStatus",
    "RoleLinkGap",
    "conformance",
    "filling_roles",
    "missing_role_links",
    "reactive_jobs",
    "rule_violations",
    "stand_in",
]


@attrs.frozen(kw_only=True)
class JobStatus:
    """How one responsibility of a blueprint stands in an organization.

    Attributes:
        responsibility: The responsibility's id.
        status: ``"covered"`` (someone holds it and it is not split),
            ``"split"`` (split ownership) or ``"missing"`` (nobody holds it).
        placement: ``"usual"`` when a department holding it has one of the
            blueprint's usual functions for it, ``"elsewhere"`` when none does,
            ``None`` when the job is missing or the blueprint names no usual home.
        departments: Departments of the roles responsible (R) or accountable (A)
            for it that someone holds.
    """

    responsibility: str
    status: str
    placement: str | None
    departments: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Conformance:
    """The state of an organization against one blueprint.

    Attributes:
        blueprint: The blueprint's id.
        jobs: One status per responsibility of the blueprint, in its order.
        score: Fraction of the blueprint's jobs that are covered, in [0, 1]
            (1.0 for a blueprint without jobs).
    """

    blueprint: str
    jobs: tuple[JobStatus, ...]
    score: float

    def with_status(self, status: str) -> list[str]:
        """Ids of the jobs with *status* (``covered``, ``split`` or ``missing``)."""
        return [j.responsibility for j in self.jobs if j.status == status]


def stand_in(
    org: Organization, job: Responsibility | str, index: dict[str, str] | None = None
) -> str:
    """The id of the responsibility of *org* that does catalog job *job*.

    The job's own id when the organization has it; else the responsibility
    that declares itself ``same_as`` the job; else one the job (as the catalog
    defines it) declares itself the same as. With none, the job's own id.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(name="Own words", responsibilities=[
    ...     cm.Responsibility(id="community", name="Community",
    ...                       same_as=["program-blocks/community-management"])])
    >>> stand_in(org, "program-blocks/community-management")
    'community'
    """
    key = job if isinstance(job, str) else job.id
    if key in org.responsibilities:
        return key
    found = (index if index is not None else stand_ins(org.responsibilities.values())).get(key)
    if found is not None:
        return found
    declared = job.same_as if isinstance(job, Responsibility) else _catalog_same_as(key)
    return next((s for s in declared if s in org.responsibilities), key)


def _catalog_same_as(key: str) -> tuple[str, ...]:
    try:
        jobs = catalog.get(key.partition("/")[0]).jobs
    except (KeyError, ValueError):
        return ()
    return next((j.responsibility.same_as for j in jobs if j.responsibility.id == key), ())


def conformance(org: Organization, blueprint: str | Blueprint) -> Conformance:
    """Tell which of a blueprint's jobs are covered, split or missing, and where they sit.

    Responsibilities of the blueprint that the organization does not define
    count as missing. Placement compares the functions of the departments of
    the held R and A roles with the blueprint's usual placement, as in the
    consultant's table of program blocks.

    Parameters
    ----------
    org : Organization
    blueprint : str or Blueprint
        A blueprint or the id of a shipped one.

    Examples
    --------
    >>> import csmo_model as cm
    >>> result = cm.conformance(cm.examples.load("marketing-owned"), "program-blocks")
    >>> result.with_status("missing")
    ['program-blocks/earned-outreach', 'program-blocks/community-management']
    >>> result.with_status("split"), round(result.score, 2)
    (['program-blocks/online-asset'], 0.5)

    Notes
    -----
    $O(n + a)$.
    """
    bp = catalog.get(blueprint) if isinstance(blueprint, str) else blueprint
    f = facts(org)
    split = set(split_ownership(org))
    statuses = []
    index = stand_ins(org.responsibilities.values())
    for job in bp.jobs:
        resp = stand_in(org, job.responsibility, index)
        if not f.holders.get(resp):
            statuses.append(
                JobStatus(responsibility=resp, status="missing", placement=None, departments=())
            )
            continue
        acting = [
            r
            for letter in (Raci.R, Raci.A)
            for r in f.roles_with(letter, resp)
            if f.role_holders[r]
        ]
        depts = tuple(
            dict.fromkeys(d for r in acting if (d := org.roles[r].department) is not None)
        )
        functions = {org.departments[d].function for d in depts}
        usual = None
        if job.usual:
            usual = "usual" if functions & set(job.usual) else "elsewhere"
        statuses.append(
            JobStatus(
                responsibility=resp,
                status="split" if resp in split else "covered",
                placement=usual,
                departments=depts,
            )
        )
    covered = sum(1 for s in statuses if s.status == "covered")
    score = covered / len(statuses) if statuses else 1.0
    return Conformance(blueprint=bp.id, jobs=tuple(statuses), score=score)


def rule_violations(org: Organization) -> Iterator[tuple[str, Rule, list[str]]]:
    """Yield ``(blueprint, rule, evidence)`` for each broken rule of the listed blueprints.

    The checks:

    - ``lead-reports-to-top``: the social lead's solid line goes to a root
      role; evidence is the chain up to the root.
    - ``lead-not-owned-by``: the social lead is internal and neither its
      department nor any department above it has one of the rule's functions;
      evidence is the lead and the owning departments.
    - ``internal-coordinator``: no responsibility is run entirely from outside
      with nobody inside involved; evidence is those responsibilities.
    - ``assigned``: the rule's responsibility has a holder; evidence is the
      responsibility.

    Rules about the social lead are skipped when none is named.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("marketing-owned")
    >>> [(bp, rule.id, evidence) for bp, rule, evidence in rule_violations(org)]
    [('csmo-ties', 'supported-not-owned', ['social-manager', 'marketing'])]

    Notes
    -----
    $O(n + a)$ per blueprint.
    """
    lead = org.social_lead
    f = facts(org)
    for bp_id in org.blueprints:
        for rule in catalog.get(bp_id).rules:
            evidence: list[str] = []
            if rule.check == "lead-reports-to-top" and lead is not None:
                evidence = lead_placement(org) or []
            elif rule.check == "lead-not-owned-by" and lead is not None:
                role = org.roles[lead]
                owners = set(map(Function, rule.functions))
                # The lead's department or any department above it.
                owning = [
                    d
                    for d in department_chain(org, role.department)
                    if org.departments[d].function in owners
                ]
                if owning or role.external:
                    evidence = [lead, *owning]
            elif rule.check == "internal-coordinator":
                evidence = list(external_without_coordinator(org))
            elif (
                rule.check == "assigned"
                and rule.responsibility is not None
                and not f.holders.get(stand_in(org, rule.responsibility))
            ):
                evidence = [stand_in(org, rule.responsibility)]
            if evidence:
                yield bp_id, rule, evidence


@attrs.frozen(kw_only=True)
class RoleLinkGap:
    """A tie a blueprint asks of one of its roles that the organization lacks.

    Attributes:
        blueprint: The blueprint's id.
        catalog_role: The id of the blueprint's role (a :class:`~csmo_model.catalog.TemplateRole`).
        role: The organization's role that fills it.
        function: The function it needs a tie into.
        department: A department of that function it has no tie to, or
            ``None`` when the organization has no department of that function.
    """

    blueprint: str
    catalog_role: str
    role: str
    function: Function
    department: str | None


def filling_roles(org: Organization, template: TemplateRole) -> list[str]:
    """Return the roles of *org* that fill a blueprint's role: those doing its jobs.

    A role fills it when it is responsible (``R``) for one of the jobs the
    blueprint's role is responsible for, or, for a blueprint role that is only
    accountable, accountable (``A``) for one of its jobs. Vacant roles count:
    a tie belongs to the role, whoever holds it. Jobs count through
    ``same_as`` (see :func:`stand_in`).

    Examples
    --------
    >>> import csmo_model as cm
    >>> bp = cm.catalog.get("nine-lives")
    >>> reputation = next(t for t in bp.roles if t.id == "reputation")
    >>> filling_roles(cm.examples.load("solo-cxo"), reputation)
    ['reputation']
    """
    f = facts(org)
    letter = Raci.R if any(x.responsible for x in template.raci.values()) else Raci.A
    wanted = "responsible" if letter is Raci.R else "accountable"
    index = stand_ins(org.responsibilities.values())
    found: dict[str, None] = {}
    for job, mine in template.raci.items():
        if getattr(mine, wanted):
            found.update(dict.fromkeys(f.roles_with(letter, stand_in(org, job, index))))
    return list(found)


def missing_role_links(org: Organization) -> Iterator[RoleLinkGap]:
    """Yield the ties the followed blueprints ask of their roles that are missing.

    Some ties belong to one job rather than to the social lead: the nine
    lives' reputation life is integrated with public relations, whoever lives
    it. For every role of a followed blueprint with ``ties``, each role of the
    organization filling it (see :func:`filling_roles`) needs a tie into every
    department of those functions, as :func:`missing_links` defines a tie.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("solo-cxo")
    >>> [(g.catalog_role, g.role, g.function.value, g.department)
    ...  for g in missing_role_links(org)]
    [('reputation', 'reputation', 'public-relations', None)]

    Notes
    -----
    $O(b (n + m + d))$ for $b$ filling roles with ties to check.
    """
    for bp_id in org.blueprints:
        bp = catalog.get(bp_id)
        for template in bp.roles:
            if not template.ties:
                continue
            for role in filling_roles(org, template):
                for function, dept in missing_links(org, template.ties, role=role):
                    yield RoleLinkGap(
                        blueprint=bp_id,
                        catalog_role=template.id,
                        role=role,
                        function=function,
                        department=dept,
                    )


def reactive_jobs(org: Organization) -> list[str]:
    """Return the jobs in the reactive state a followed blueprint warns of.

    A blueprint may report that a job usually stands ``reactive`` (program
    blocks: content strategy is owned, but often reacted to where it should be
    planned). In an organization, that state is a job some roles are
    consulted (``C``) or informed (``I``) on while no role, vacant or not, is
    responsible (``R``) for it: it is followed, not done.

    Returns the organization's ids of those jobs (through ``same_as``), in the
    blueprints' order.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Reacting", blueprints=["program-blocks"],
    ...     roles=[cm.Role(id="comms", title="Comms",
    ...                    raci={"program-blocks/content-strategy": "C"})])
    >>> reactive_jobs(org)
    ['program-blocks/content-strategy']
    """
    f = facts(org)
    index = stand_ins(org.responsibilities.values())
    found: dict[str, None] = {}
    for bp_id in org.blueprints:
        for job in catalog.get(bp_id).jobs:
            if job.state != "reactive":
                continue
            resp = stand_in(org, job.responsibility, index)
            if not f.roles_with(Raci.R, resp) and (
                f.roles_with(Raci.C, resp) or f.roles_with(Raci.I, resp)
            ):
                found[resp] = None
    return list(found)
