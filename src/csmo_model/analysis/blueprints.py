"""Blueprint conformance: how an organization measures up to the catalog."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from types import MappingProxyType

import attrs

from csmo_model import catalog
from csmo_model._validation import stand_ins
from csmo_model.analysis._facts import facts
from csmo_model.analysis.coverage import (
    external_without_coordinator,
    split_ownership,
)
from csmo_model.analysis.links import missing_links
from csmo_model.analysis.structure import chief_executive, lead_placement, top_roles
from csmo_model.catalog import Blueprint, Rule, TemplateRole
from csmo_model.graph import department_chain, inside_departments, whole_department
from csmo_model.model import Function, Organization, Raci, Responsibility, is_external

__all__ = [
    "DEFAULT_PROGRAM_SHARE",
    "Conformance",
    "JobStatus",
    "Ownership",
    "RoleLinkGap",
    "conformance",
    "filling_roles",
    "lead_accountable_jobs",
    "missing_role_links",
    "ownership",
    "program_jobs",
    "reactive_jobs",
    "rule_violations",
    "stand_in",
    "unjudged_rules",
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


# -- who owns the program (issue 13, section 3) ----------------------------------------------

DEFAULT_PROGRAM_SHARE = 1.0
"""The default of ``program_share``: the share of the program's R and A letters that,
held by one function a ``lead-not-owned-by`` rule names, breaks the rule (1.0: all of them)."""


def program_jobs(org: Organization) -> list[str]:
    """Return the ids of the jobs of the organization's social program.

    The jobs of the blueprints the organization follows (each as the
    organization's own responsibility that stands in for it, see
    :func:`stand_in`); with no blueprint, every responsibility of the
    organization, since everything a file lists is its social media work.

    Examples
    --------
    >>> import csmo_model as cm
    >>> program_jobs(cm.examples.load("marketing-owned"))[:2]
    ['csmo-ties/social-program', 'csmo-ties/employee-influence']
    >>> program_jobs(cm.examples.load("acme"))[:2]
    ['strategy', 'community']

    Notes
    -----
    $O(n)$ in the number of responsibilities.
    """
    if not org.blueprints:
        return list(org.responsibilities)
    index = stand_ins(org.responsibilities.values())
    jobs = (
        stand_in(org, job.responsibility, index)
        for bp in org.blueprints
        for job in catalog.get(bp).jobs
    )
    return [j for j in dict.fromkeys(jobs) if j in org.responsibilities]


@attrs.frozen(kw_only=True)
class Ownership:
    """Who holds the social program: the R and A letters of its jobs, by function.

    Attributes:
        jobs: The program's jobs (see :func:`program_jobs`).
        letters: Function -> number of R and A letters held on those jobs by
            roles inside a department of that function (``None``: roles in no
            department), most letters first, ties in the order of
            :class:`~csmo_model.Function`. ``RA`` counts as two letters, one R
            and one A. A letter counts once for each function its role is
            inside (see :func:`ownership`), so the counts can add up to more
            than *total*.
        departments: Function -> the departments of that function the roles
            holding those letters are inside, in role order, innermost first.
        total: Every R and A letter on the program's jobs.
    """

    jobs: tuple[str, ...]
    letters: Mapping[Function | None, int]
    departments: Mapping[Function | None, tuple[str, ...]]
    total: int

    def share(self, function: Function | str | None) -> float:
        """The share of the letters held by *function*'s roles, from 0 to 1 (0 with no letters)."""
        key = None if function is None else Function(function)
        return self.letters.get(key, 0) / self.total if self.total else 0.0


def ownership(org: Organization) -> Ownership:
    """Count each function's R and A letters on the jobs of the social program.

    "Marketing and PR should support social, not own it entirely" is about the
    program: which departments answer for and do its jobs. Every role that is
    responsible (R) or accountable (A) for a job of :func:`program_jobs` adds
    a letter to the function of each department it is inside, held or vacant
    (the file's design, not who is in post). A role is inside its department
    and the departments above it, except the one department that contains
    every other one (see :func:`csmo_model.graph.inside_departments`, the
    meaning of "inside" that :func:`~csmo_model.analysis.ties` uses): a social
    team of function ``other`` inside Marketing holds its letters for
    Marketing too. A letter counts once per function.

    Parameters
    ----------
    org : Organization

    Returns
    -------
    Ownership

    Examples
    --------
    >>> import csmo_model as cm
    >>> owned = ownership(cm.examples.load("marketing-owned"))
    >>> owned.total, dict(owned.letters)[cm.Function.MARKETING]
    (13, 6)
    >>> round(owned.share("marketing"), 2), owned.departments[cm.Function.MARKETING]
    (0.46, ('marketing',))
    >>> org = cm.Organization.from_parts(
    ...     name="Social team in Marketing",
    ...     departments=[
    ...         cm.Department(id="exec", name="Executive office", function="executive"),
    ...         cm.Department(id="mkt", name="Marketing", function="marketing", parent="exec"),
    ...         cm.Department(id="social", name="Social team", function="other", parent="mkt")],
    ...     responsibilities=[cm.Responsibility(id="posting", name="Posting")],
    ...     roles=[cm.Role(id="cmo", title="CMO", department="mkt", raci={"posting": "A"}),
    ...            cm.Role(id="poster", title="Poster", department="social",
    ...                    raci={"posting": "R"})])
    >>> owned = ownership(org)
    >>> owned.share("marketing"), owned.share("other"), owned.share("executive")
    (1.0, 0.5, 0.0)

    Notes
    -----
    $O(n + a)$.
    """
    f = facts(org)
    jobs = tuple(program_jobs(org))
    whole = whole_department(org)
    # Department -> {function: the departments of that function it is inside}, once each.
    inside: dict[str | None, dict[Function | None, list[str]]] = {None: {None: []}}
    counts: Counter[Function | None] = Counter()
    places: dict[Function | None, dict[str, None]] = {}
    total = 0
    for resp in jobs:
        for letter in (Raci.R, Raci.A):
            for role in f.roles_with(letter, resp):
                dept = org.roles[role].department
                if dept not in inside:
                    by_function: dict[Function | None, list[str]] = {}
                    for d in inside_departments(org, dept, whole=whole):
                        by_function.setdefault(org.departments[d].function, []).append(d)
                    inside[dept] = by_function
                total += 1
                for function, depts in inside[dept].items():
                    counts[function] += 1
                    for d in depts:
                        places.setdefault(function, {})[d] = None
    rank: dict[Function | None, int] = {function: i for i, function in enumerate(Function)}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank))))
    return Ownership(
        jobs=jobs,
        letters=MappingProxyType(dict(ordered)),
        departments=MappingProxyType({k: tuple(v) for k, v in places.items()}),
        total=total,
    )


def lead_accountable_jobs(org: Organization) -> list[str]:
    """Return the jobs of the social program the social lead is accountable (A) for.

    Raises
    ------
    ValueError
        If the organization names no ``social_lead``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> lead_accountable_jobs(cm.examples.load("marketing-owned"))
    []
    >>> lead_accountable_jobs(cm.examples.load("csmo-to-ceo"))[:2]
    ['csmo-ties/social-program', 'csmo-ties/employee-influence']

    Notes
    -----
    $O(n)$ in the number of responsibilities.
    """
    if org.social_lead is None:
        raise ValueError("the organization names no social_lead")
    raci = org.roles[org.social_lead].raci
    return [job for job in program_jobs(org) if job in raci and raci[job].accountable]


# -- end of who owns the program ---------------------------------------------------------------


def rule_violations(
    org: Organization, *, program_share: float = DEFAULT_PROGRAM_SHARE
) -> Iterator[tuple[str, Rule, list[str]]]:
    """Yield ``(blueprint, rule, evidence)`` for each broken rule of the listed blueprints.

    The checks:

    - ``lead-reports-to-top``: the social lead reports (solid line) to the
      chief executive (see :func:`chief_executive`), or is it; evidence is the
      lead's chain up to the root of its reporting line.
    - ``lead-not-owned-by``: the social lead is internal and neither its
      department nor any department above it has one of the rule's functions
      (evidence: the lead and those departments); and no function of the rule
      holds *program_share* or more of the program's R and A letters (see
      :func:`ownership`; evidence: the lead, if named, and the departments of
      that function holding letters).
    - ``lead-level``: the social lead's level is the rule's level or above;
      evidence is the lead.
    - ``internal-coordinator``: no outsourced responsibility lacks an internal
      accountable role (see :func:`external_without_coordinator`); evidence is
      those responsibilities.
    - ``assigned``: the rule's responsibility has a holder; evidence is the
      responsibility.

    Rules about the social lead are skipped when none is named, and rules that
    cannot be judged (see :func:`unjudged_rules`) are not violations.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("marketing-owned")
    >>> for bp, rule, evidence in rule_violations(org):
    ...     print(bp, rule.id, evidence)
    csmo-ties supported-not-owned ['social-manager', 'marketing']
    csmo-ties senior-lead ['social-manager']

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
            elif rule.check == "lead-not-owned-by":
                evidence = _owned_by(org, rule, program_share)
            elif rule.check == "lead-level" and lead is not None:
                level = org.roles[lead].level
                if level is not None and rule.level is not None and not level.at_least(rule.level):
                    evidence = [lead]
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


def _owned_by(org: Organization, rule: Rule, program_share: float) -> list[str]:
    """The evidence that a ``lead-not-owned-by`` rule is broken, empty when it holds."""
    lead = org.social_lead
    owners = set(map(Function, rule.functions))
    if lead is not None:
        role = org.roles[lead]
        # The lead's department or any department above it.
        owning = [
            d
            for d in department_chain(org, role.department)
            if org.departments[d].function in owners
        ]
        if owning or is_external(org, role):
            return [lead, *owning]
    owned = ownership(org)
    for function in owned.letters:
        if function in owners and owned.share(function) >= program_share:
            return [*([lead] if lead is not None else []), *owned.departments[function]]
    return []


def unjudged_rules(org: Organization) -> Iterator[tuple[str, Rule, str]]:
    """Yield ``(blueprint, rule, reason)`` for each rule the organization cannot be judged on.

    - ``lead-reports-to-top`` when no ``chief_executive`` is named and no
      role evidently is it (see :func:`chief_executive`): several roles are at
      the top of the reporting tree (see :func:`top_roles`), none is (every
      role at level ``board``), or the only one sits in no department of
      function ``executive``. Nobody can tell whom the lead should report to.
    - ``lead-level`` when the social lead's role has no ``level``.

    Rules about the social lead are skipped when none is named.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Two tops", blueprints=["officer-duties"], social_lead="lead",
    ...     roles=[cm.Role(id="cmo", title="CMO"), cm.Role(id="cio", title="CIO"),
    ...            cm.Role(id="lead", title="Social lead", reports_to="cmo")])
    >>> for bp, rule, reason in unjudged_rules(org):
    ...     print(bp, rule.id, reason, sep=" | ")
    officer-duties | reports-to-ceo | no chief_executive is named and 2 roles ... (cmo, cio)

    Notes
    -----
    $O(n)$ per blueprint.
    """
    lead = org.social_lead
    if lead is None:
        return
    for bp_id in org.blueprints:
        for rule in catalog.get(bp_id).rules:
            if rule.check == "lead-reports-to-top" and chief_executive(org) is None:
                yield bp_id, rule, _no_chief_executive(org)
            elif rule.check == "lead-level" and org.roles[lead].level is None:
                yield bp_id, rule, f"the social lead's role {lead!r} has no level"


def _no_chief_executive(org: Organization) -> str:
    """Why :func:`chief_executive` finds no chief executive, in words."""
    tops = top_roles(org)
    if not tops:
        return "no chief_executive is named and every role is at level board: none leads the rest"
    if len(tops) == 1:
        return (
            f"no chief_executive is named and the only role at the top of the reporting "
            f"lines, {tops[0]}, sits in no department of function executive"
        )
    return (
        f"no chief_executive is named and {len(tops)} roles are at the top of "
        f"the reporting lines ({', '.join(tops)})"
    )


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
