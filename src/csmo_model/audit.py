"""The audit: every analysis run once, its results turned into findings."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from csmo_model import _gc, analysis, catalog
from csmo_model.analysis._facts import facts
from csmo_model.analysis.links import CSMO_FUNCTIONS
from csmo_model.errors import refuse_bare_string
from csmo_model.model import Department, Function, Organization, Person, Raci, Responsibility, Role
from csmo_model.report import KINDS, Finding, Report, Severity

__all__ = ["audit"]


def __dir__() -> list[str]:
    return __all__


def _names(ids: Iterable[str], lookup: _Names, sep: str = ", ") -> str:
    return sep.join(lookup.get(i, i) for i in ids)


def audit(
    org: Organization,
    *,
    max_span: int = 10,
    max_roles: int = 3,
    required_functions: Iterable[Function | str] = CSMO_FUNCTIONS,
    progress: Callable[[str, int, int], None] | None = None,
    backend: str | None = None,
    **backend_kwargs: Any,
) -> Report:
    """Run every analysis on *org* and return the findings as a report.

    Parameters
    ----------
    org : Organization
    max_span : int
        A role with more direct solid reports than this gets a
        ``span-of-control`` finding (default 10).
    max_roles : int
        A person holding more roles than this gets an ``overload`` finding
        (default 3).
    required_functions : iterable of Function
        Functions the social lead needs ties into (default: the seven groups
        of :data:`csmo_model.analysis.CSMO_FUNCTIONS`), to which the tie
        functions of the organization's blueprints are added.
    progress : callable, optional
        Called as ``progress("audit", done, total)`` as each family of
        analyses finishes, for progress bars on large organizations.
    backend : str, optional
        A networkx backend for the one heavy graph algorithm (see
        :func:`csmo_model.analysis.tie_cuts`); the findings are the same.
    **backend_kwargs
        Passed on to the backend.

    Returns
    -------
    Report
        Findings sorted by severity, then kind, then discovery order.

    Examples
    --------
    >>> import csmo_model as cm
    >>> report = cm.audit(cm.examples.load("acme"))
    >>> report
    <Report 'Acme Outdoor': 1 critical, 4 warning, 5 info>
    >>> [(f.kind, f.subjects) for f in report if f.severity == "critical"]
    [('coverage-gap', ('strategy',))]

    Notes
    -----
    Linear in the size of the organization: the ties are numbered once and
    searched once; everything else is counting over assignment lists.
    """
    for name, value in (("max_span", max_span), ("max_roles", max_roles)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number, 0 or more; got {value!r}")
    refuse_bare_string(required_functions, "required_functions")
    blueprint_ties = (f for bp in org.blueprints for f in catalog.get(bp).tie_functions)
    required = tuple(dict.fromkeys((*map(Function, required_functions), *blueprint_ties)))
    rank = {kind: i for i, kind in enumerate(KINDS)}
    severity_rank = {s: s.rank for s in Severity}
    with _gc.paused():
        found = []
        options = _Options(max_span, max_roles, required, backend, backend_kwargs)
        for step, findings in enumerate(_findings(org, options)):
            found.extend(findings)
            if progress is not None:
                progress("audit", step + 1, _STEPS)
        found.sort(key=lambda f: (-severity_rank[f.severity], rank.get(f.kind, len(rank))))
        return Report(organization=org.name, findings=found)


_STEPS = 6


@attrs.frozen
class _Options:
    max_span: int
    max_roles: int
    required: tuple[Function, ...]
    backend: str | None
    backend_kwargs: dict[str, Any]


def _findings(org: Organization, options: _Options) -> Iterator[list[Finding]]:
    """Yield the findings family by family (:data:`_STEPS` lists), for progress reports."""
    shared = _Shared(org)
    for family in (_coverage, _resilience, _links, _structure, _workload, _blueprints):
        yield list(family(org, shared, options))


class _Names:
    """Names by id, read from the organization on demand.

    Findings name a small share of the ids; an index of every id would cost a
    pass over the whole organization per kind of name.
    """

    def __init__(self, *sources: tuple[Mapping[str, Any], Callable[[Any], str]]) -> None:
        self._sources = sources

    def _find(self, key: str) -> str | None:
        for entities, name_of in self._sources:
            entity = entities.get(key)
            if entity is not None:
                return name_of(entity)
        return None

    def get(self, key: str, default: str) -> str:
        found = self._find(key)
        return default if found is None else found

    def __getitem__(self, key: str) -> str:
        found = self._find(key)
        if found is None:
            raise KeyError(key)
        return found


class _Shared:
    """Lookups every family uses."""

    def __init__(self, org: Organization) -> None:
        self.resp_name = _Names((org.responsibilities, _name))
        self.person_name = _Names((org.people, _name))
        self.role_title = _Names((org.roles, _title))
        self.dept_name = _Names((org.departments, _name))
        self.unit_name = _Names((org.roles, _title), (org.departments, _name))


def _name(entity: Responsibility | Person | Department) -> str:
    return entity.name


def _title(role: Role) -> str:
    return role.title


def _coverage(
    org: Organization,
    shared: _Shared,
    options: _Options,
) -> Iterator[Finding]:
    f = facts(org)
    holders = analysis.holders(org)
    accountable = analysis.accountable_roles(org)
    # Coverage.
    for resp in analysis.coverage_gaps(org):
        critical = org.responsibilities[resp].critical
        vacant_r = f.roles_with(Raci.R, resp)
        why = (
            f"its responsible roles ({_names(vacant_r, shared.role_title)}) are vacant"
            if vacant_r
            else "no role is responsible (R) for it"
        )
        yield Finding(
            kind="coverage-gap",
            severity=Severity.CRITICAL if critical else Severity.WARNING,
            subjects=(resp,),
            message=f"Nobody does {shared.resp_name[resp]}: {why}.",
            data={"responsible_roles": list(vacant_r), "critical": critical},
        )
    for resp in analysis.missing_accountable(org):
        yield Finding(
            kind="no-accountable",
            severity=Severity.WARNING,
            subjects=(resp,),
            message=(
                f"{shared.resp_name[resp]} is done by {_names(holders[resp], shared.person_name)} "
                "but nobody who holds a role is accountable (A) for it."
            ),
            data={"holders": list(holders[resp]), "accountable_roles": list(accountable[resp])},
        )
    for resp in analysis.multiple_accountable(org):
        roles = accountable[resp]
        yield Finding(
            kind="multiple-accountable",
            severity=Severity.WARNING,
            subjects=(resp, *roles),
            message=(
                f"{shared.resp_name[resp]} has {len(roles)} accountable roles "
                f"({_names(roles, shared.role_title)}); exactly one should be."
            ),
            data={"accountable_roles": list(roles)},
        )
    departments = analysis.responsible_departments(org)
    for resp in analysis.split_ownership(org):
        depts = departments[resp]
        yield Finding(
            kind="split-ownership",
            severity=Severity.WARNING,
            subjects=(resp, *depts),
            message=(
                f"{shared.resp_name[resp]} is split over {_names(depts, shared.dept_name)} "
                "and nobody is accountable for the whole."
            ),
            data={
                "departments": list(depts),
                "responsible_roles": list(f.roles_with(Raci.R, resp)),
            },
        )
    for resp in analysis.external_without_coordinator(org):
        roles = tuple(dict.fromkeys(f.roles_with(Raci.R, resp) + f.roles_with(Raci.A, resp)))
        yield Finding(
            kind="external-without-coordinator",
            severity=Severity.WARNING,
            subjects=(resp, *roles),
            message=(
                f"{shared.resp_name[resp]} is run entirely from outside "
                f"({_names(roles, shared.role_title)}) and nobody inside coordinates it."
            ),
            data={"external_roles": list(roles)},
        )


def _resilience(
    org: Organization,
    shared: _Shared,
    options: _Options,
) -> Iterator[Finding]:
    # Resilience.
    for resp, person in analysis.responsibility_spofs(org):
        critical = org.responsibilities[resp].critical
        yield Finding(
            kind="single-point-of-failure",
            severity=Severity.CRITICAL if critical else Severity.WARNING,
            subjects=(resp, person),
            message=(
                f"Only {shared.person_name[person]} does {shared.resp_name[resp]}: "
                "one departure leaves it undone."
            ),
            data={"scope": "responsibility", "bus_factor": 1, "critical": critical},
        )
    for person, resps in analysis.person_spofs(org).items():
        critical_jobs = [r for r in resps if org.responsibilities[r].critical]
        yield Finding(
            kind="single-point-of-failure",
            severity=Severity.CRITICAL if critical_jobs else Severity.WARNING,
            subjects=(person, *resps),
            message=(
                f"If {shared.person_name[person]} leaves, nobody does "
                f"{_names(resps, shared.resp_name)}."
            ),
            data={"scope": "person", "responsibilities": list(resps)},
        )


def _links(
    org: Organization,
    shared: _Shared,
    options: _Options,
) -> Iterator[Finding]:
    lead = org.social_lead
    if lead is None:
        yield Finding(
            kind="no-social-lead",
            severity=Severity.INFO,
            subjects=(),
            message=(
                "No social lead is named, so ties, placement and tie failures were not "
                "checked; set social_lead to the role that leads social media."
            ),
            data={"skipped": ["missing-link", "placement", "single-point-of-failure/tie"]},
        )
    else:
        cuts = analysis.tie_cuts(org, backend=options.backend, **options.backend_kwargs)
        for node, depts in cuts.nodes.items():
            yield Finding(
                kind="single-point-of-failure",
                severity=Severity.WARNING,
                subjects=(node, *depts),
                message=(
                    f"The social lead's only way to {_names(depts, shared.dept_name)} "
                    f"runs through {shared.unit_name[node]}."
                ),
                data={"scope": "tie", "departments": list(depts)},
            )
        for (a, b), depts in cuts.edges.items():
            yield Finding(
                kind="single-point-of-failure",
                severity=Severity.WARNING,
                subjects=(a, b, *depts),
                message=(
                    f"The social lead's only way to {_names(depts, shared.dept_name)} is the tie "
                    f"between {shared.unit_name[a]} and {shared.unit_name[b]}."
                ),
                data={"scope": "tie", "edge": [a, b], "departments": list(depts)},
            )
        for function, dept in analysis.missing_links(org, options.required):
            if dept is None:
                yield Finding(
                    kind="missing-link",
                    severity=Severity.INFO,
                    subjects=(lead,),
                    message=(
                        f"There is no {function.value} department for the social lead to tie into."
                    ),
                    data={"function": function.value, "department": None},
                )
            else:
                yield Finding(
                    kind="missing-link",
                    severity=Severity.WARNING,
                    subjects=(dept, lead),
                    message=(
                        f"The social lead ({shared.role_title[lead]}) has no tie to "
                        f"{shared.dept_name[dept]} ({function.value})."
                    ),
                    data={"function": function.value, "department": dept},
                )

    for dept in analysis.silos(org):
        yield Finding(
            kind="silo",
            severity=Severity.INFO,
            subjects=(dept,),
            message=f"No link crosses the boundary of {shared.dept_name[dept]}.",
            data={},
        )


def _structure(
    org: Organization,
    shared: _Shared,
    options: _Options,
) -> Iterator[Finding]:
    lead = org.social_lead
    # Structure.
    if lead is not None:
        chain = analysis.lead_placement(org)
        if chain is not None:
            yield Finding(
                kind="placement",
                severity=Severity.WARNING,
                subjects=(lead, chain[1]),
                message=(
                    f"The social lead reports to {shared.role_title[chain[1]]}, "
                    f"{len(chain) - 2} level{'s' if len(chain) > 3 else ''} below the top "
                    f"({shared.role_title[chain[-1]]})."
                ),
                data={"chain": chain},
            )
    spans = facts(org).spans(org)
    for role in analysis.wide_spans(org, max_span=options.max_span):
        yield Finding(
            kind="span-of-control",
            severity=Severity.WARNING,
            subjects=(role,),
            message=(
                f"{shared.role_title[role]} has {spans[role]} direct reports, "
                f"more than {options.max_span}."
            ),
            data={"reports": spans[role], "max_span": options.max_span},
        )
    for role in analysis.vacancies(org):
        duties = [
            resp
            for resp, letter in org.roles[role].raci.items()
            if letter in (Raci.R, Raci.A) and org.responsibilities[resp].critical
        ]
        yield Finding(
            kind="vacancy",
            severity=Severity.WARNING if duties else Severity.INFO,
            subjects=(role,),
            message=f"Nobody holds the role {shared.role_title[role]}."
            + (
                f" It is R or A for critical work: {_names(duties, shared.resp_name)}."
                if duties
                else ""
            ),
            data={"critical_responsibilities": duties},
        )


def _workload(
    org: Organization,
    shared: _Shared,
    options: _Options,
) -> Iterator[Finding]:
    # Workload.
    load = facts(org).loads(org)
    for person_id in analysis.overloaded(org, max_roles=options.max_roles):
        someone = org.people[person_id]
        reasons = []
        if load[person_id] > someone.capacity + 1e-9:
            reasons.append(
                f"carries {load[person_id]:.2f} FTE of work against a capacity of "
                f"{someone.capacity:g}"
            )
        if len(someone.holds) > options.max_roles:
            reasons.append(f"holds {len(someone.holds)} roles, more than {options.max_roles}")
        yield Finding(
            kind="overload",
            severity=Severity.WARNING,
            subjects=(person_id,),
            message=f"{someone.name} {' and '.join(reasons)}.",
            data={
                "load": round(load[person_id], 6),
                "capacity": someone.capacity,
                "roles": list(someone.holds),
                "max_roles": options.max_roles,
            },
        )


def _blueprints(
    org: Organization,
    shared: _Shared,
    options: _Options,
) -> Iterator[Finding]:
    # Blueprints.
    for bp_id, rule, evidence in analysis.rule_violations(org):
        yield Finding(
            kind="rule-violation",
            severity=Severity.WARNING,
            subjects=tuple(evidence),
            message=f"Rule {rule.id!r} of blueprint {bp_id} is not met: {rule.text}",
            data={"blueprint": bp_id, "rule": rule.id, "evidence": evidence},
        )
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
                parts.append(f"{label}: {_names(ids, shared.resp_name, '; ')}")
        yield Finding(
            kind="blueprint-conformance",
            severity=Severity.INFO,
            subjects=(bp_id,),
            message=f"{catalog.get(bp_id).title}: {' | '.join(parts)}.",
            data={
                "blueprint": bp_id,
                "score": round(result.score, 6),
                "covered": covered,
                "split": result.with_status("split"),
                "missing": result.with_status("missing"),
                "elsewhere": elsewhere,
            },
        )
