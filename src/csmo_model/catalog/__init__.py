"""The field's reference knowledge, shipped as blueprints.

A blueprint is a piece of the domain (the nine lives of the social media
executive, the ties a CSMO needs, the building blocks of a program and where
they usually sit, the ten duties of a social media officer, the communications
officer's mandate) written down as data: responsibilities with namespaced ids
such as ``nine-lives/strategy``, template roles with their RACI letters, the
functions the social lead needs ties into, and rules the audit checks.

Blueprints are YAML files inside the package, read with
:mod:`importlib.resources` and structured by the package's own converter.

Examples
--------
>>> from csmo_model import catalog
>>> catalog.names()
['communications-officer', 'csmo-ties', 'nine-lives', 'officer-duties', 'program-blocks']
>>> [r.acronym for r in catalog.get("nine-lives").roles][:9]
['CSO', 'CCO', 'CEO', 'CEO', 'CTO', 'CDO', 'CRO', 'CTO', 'CRO']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from csmo_model import _blueprints
from csmo_model._converter import make_converter, problems_from
from csmo_model._validation import stand_ins
from csmo_model.errors import ModelError, Problem
from csmo_model.model import (
    Department,
    Function,
    Level,
    Organization,
    PolicyKind,
    Raci,
    Responsibility,
    Role,
    Topic,
    add_blueprint_responsibilities,
    blueprint_responsibilities,
)

__all__ = [
    "RULE_CHECKS",
    "Blueprint",
    "Job",
    "Rule",
    "TemplateRole",
    "apply",
    "get",
    "names",
    "responsibilities_of",
    "starter",
]


def __dir__() -> list[str]:
    return __all__


RULE_CHECKS = (
    "assigned",
    "internal-coordinator",
    "lead-level",
    "lead-not-owned-by",
    "lead-reports-to-top",
)
"""The checks a blueprint rule may ask for (see :func:`csmo_model.analysis.rule_violations`)."""


@attrs.frozen(kw_only=True)
class Job:
    """A responsibility of a blueprint, with where it usually sits.

    Attributes:
        responsibility: The responsibility, with a namespaced id.
        usual: Functions of the departments that usually hold it (empty:
            usually nobody's).
        state: How it usually stands, as reported by the source: ``owned``,
            ``reactive``, ``split`` or ``missing``; ``None`` when not reported.
        results: Whether the source ties the job to results (strategy, KPIs,
            ROI): a metric should measure it (see ``unmeasured-program``).
        policy: The kind of policy the job is about, when the source names
            policies or training as the duty (see ``missing-policy``).
    """

    responsibility: Responsibility
    usual: tuple[Function, ...] = ()
    state: str | None = None
    results: bool = False
    policy: PolicyKind | None = None


@attrs.frozen(kw_only=True)
class TemplateRole:
    """A role a blueprint suggests.

    Attributes:
        id: Short id, unique within the blueprint.
        title: Job title as the source writes it.
        acronym: Acronym as the source writes it (they collide; never identity).
        raci: Responsibility id -> letter.
        functions: Functions of the departments where the role usually sits.
        ties: Functions the role itself needs ties into, whoever fills it (the
            reputation life is integrated with public relations: that is a tie
            of that life, not of the social lead as such). The organization's
            roles that fill it are those doing its jobs (see
            :func:`csmo_model.analysis.missing_role_links`).
    """

    id: str
    title: str
    acronym: str | None = None
    raci: Mapping[str, Raci] = attrs.field(factory=dict, hash=False)
    functions: tuple[Function, ...] = ()
    ties: tuple[Function, ...] = ()


@attrs.frozen(kw_only=True)
class Rule:
    """A recommendation of the source that the audit checks.

    Attributes:
        id: Short id, unique within the blueprint.
        check: One of :data:`RULE_CHECKS`.
        text: The recommendation in plain words.
        functions: For ``lead-not-owned-by``: the functions that must not own social.
        responsibility: For ``assigned``: the responsibility that needs a holder.
        level: For ``lead-level``: the lowest :class:`~csmo_model.Level` the
            social lead may sit at.
        severity: How a broken rule is reported: ``warning`` (the default) or
            ``info`` for what the material argues for rather than requires.
    """

    id: str
    check: str
    text: str
    functions: tuple[Function, ...] = ()
    responsibility: str | None = None
    level: Level | None = None
    severity: str = "warning"


@attrs.frozen(kw_only=True)
class Blueprint:
    """A piece of the field's reference knowledge.

    Attributes:
        id: The blueprint's id, also the namespace of its responsibilities.
        title: Display title.
        summary: The facts it carries, in a paragraph.
        source: Which part of the domain brief it comes from.
        jobs: Its responsibilities, with usual placement.
        roles: Template roles.
        tie_functions: Functions the social lead needs ties into.
        rules: Recommendations the audit checks.
        topics: Topics heard on the channels that must be routed to someone
            (``unrouted-topic``): the source asks for them to be channeled.
        notes: Assumptions made when turning the source into data.
    """

    id: str
    title: str
    summary: str
    source: str
    jobs: tuple[Job, ...]
    roles: tuple[TemplateRole, ...]
    tie_functions: tuple[Function, ...] = ()
    rules: tuple[Rule, ...] = ()
    topics: tuple[Topic, ...] = ()
    notes: str | None = None

    @property
    def responsibilities(self) -> tuple[Responsibility, ...]:
        """The blueprint's responsibilities, in order."""
        return tuple(job.responsibility for job in self.jobs)


_RULE_SEVERITIES = ("warning", "info")
_OFFICE_NAMES = {Function.IT: "IT", Function.EXECUTIVE: "Executive"}


def names() -> list[str]:
    """Return the ids of the shipped blueprints, sorted.

    Examples
    --------
    >>> "program-blocks" in names()
    True
    """
    return _blueprints.names()


def get(blueprint_id: str) -> Blueprint:
    """Return the blueprint *blueprint_id*.

    Raises
    ------
    KeyError
        There is no such blueprint; the message suggests a close spelling.

    Examples
    --------
    >>> bp = get("program-blocks")
    >>> [(j.responsibility.id, j.state) for j in bp.jobs][:2]
    [('program-blocks/insight', 'owned'), ('program-blocks/content-strategy', 'reactive')]
    """
    if not _blueprints.is_blueprint(blueprint_id):
        raise KeyError(_blueprints.unknown(blueprint_id))
    return _load(blueprint_id)


@functools.cache
def _load(blueprint_id: str) -> Blueprint:
    return _structure(
        _blueprints.document(blueprint_id),
        blueprint_responsibilities(blueprint_id),
        f"{blueprint_id}.yaml",
    )


def _structure(
    doc: Mapping[str, Any], responsibilities: Sequence[Responsibility], source: str
) -> Blueprint:
    """Structure blueprint data, reporting every problem (these files are ours, but checked).

    The *responsibilities* are the model's (:func:`~csmo_model.model.blueprint_responsibilities`),
    built from the same document: a job's responsibility is one object wherever it is used.
    """
    conv = make_converter()
    problems: list[Problem] = []

    def part(value: Any, cls: Any, path: str) -> Any:
        try:
            return conv.structure(value, cls)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a located problem
            problems.extend(problems_from(exc, path))
            return None

    jobs = []
    for i, (raw, resp) in enumerate(
        zip(doc.get("responsibilities", []), responsibilities, strict=True)
    ):
        usual = part(raw.get("usual", []), tuple[Function, ...], f"responsibilities[{i}].usual")
        state = raw.get("state")
        results = part(raw.get("results", False), bool, f"responsibilities[{i}].results")
        policy = part(raw.get("policy"), PolicyKind | None, f"responsibilities[{i}].policy")
        if not resp.id.startswith(f"{doc['id']}/"):
            problems.append(
                Problem(f"responsibilities[{i}].id", "must start with the blueprint id")
            )
        jobs.append(
            Job(
                responsibility=resp,
                usual=usual or (),
                state=state,
                results=bool(results),
                policy=policy,
            )
        )
    roles = [
        TemplateRole(
            id=r["id"],
            title=r["title"],
            acronym=r.get("acronym"),
            raci=part(r.get("raci", {}), Mapping[str, Raci], f"roles[{i}].raci") or {},
            functions=part(r.get("functions", []), tuple[Function, ...], f"roles[{i}].functions")
            or (),
            ties=part(r.get("ties", []), tuple[Function, ...], f"roles[{i}].ties") or (),
        )
        for i, r in enumerate(doc.get("roles", []))
    ]
    rules = []
    for i, r in enumerate(doc.get("rules", [])):
        if r.get("check") not in RULE_CHECKS:
            problems.append(Problem(f"rules[{i}].check", f"unknown check {r.get('check')!r}"))
        if r.get("severity", "warning") not in _RULE_SEVERITIES:
            problems.append(Problem(f"rules[{i}].severity", "must be warning or info"))
        if (r.get("check") == "lead-level") != ("level" in r):
            problems.append(Problem(f"rules[{i}].level", "a lead-level rule, and only it, has one"))
        rules.append(
            Rule(
                id=r["id"],
                check=r.get("check", ""),
                text=r["text"],
                functions=part(r.get("functions", []), tuple[Function, ...], f"rules[{i}]") or (),
                responsibility=r.get("responsibility"),
                level=part(r.get("level"), Level | None, f"rules[{i}].level"),
                severity=r.get("severity", "warning"),
            )
        )
    ids = {j.responsibility.id for j in jobs if j.responsibility is not None}
    for i, role in enumerate(roles):
        for key in role.raci:
            if key not in ids:
                problems.append(Problem(f"roles[{i}].raci", f"no responsibility {key!r}"))
    tie_functions = part(doc.get("tie_functions", []), tuple[Function, ...], "tie_functions")
    topics = part(doc.get("topics", []), tuple[Topic, ...], "topics")
    if topics is not None and len(set(topics)) != len(topics):
        problems.append(Problem("topics", "lists a topic twice"))
    if problems:
        raise ModelError(problems, source)
    return Blueprint(
        id=doc["id"],
        title=doc["title"],
        summary=doc["summary"],
        source=doc["source"],
        jobs=tuple(jobs),
        roles=tuple(roles),
        tie_functions=tie_functions or (),
        rules=tuple(rules),
        topics=topics or (),
        notes=doc.get("notes"),
    )


def responsibilities_of(blueprint_ids: Iterable[str]) -> dict[str, Responsibility]:
    """Return the responsibilities of the given blueprints, by id, in order.

    Raises
    ------
    KeyError
        One of the ids names no blueprint.

    Examples
    --------
    >>> list(responsibilities_of(["csmo-ties"]))[:2]
    ['csmo-ties/social-program', 'csmo-ties/employee-influence']
    """
    return {r.id: r for bp in blueprint_ids for r in get(bp).responsibilities}


def apply(org: Organization, *blueprint_ids: str) -> Organization:
    """Return *org* following the given blueprints as well as its own.

    The blueprints are added to ``org.blueprints`` and their responsibilities
    to ``org.responsibilities`` (responsibilities the organization already
    defines under the same id, or declares ``same_as``, are kept as they
    are, and a job two blueprints share is added once), so an audit checks them.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = apply(cm.examples.load("acme"), "csmo-ties")
    >>> org.blueprints, len(org.responsibilities)
    (('csmo-ties',), 6)
    """
    new = [b for b in dict.fromkeys(blueprint_ids) if b not in org.blueprints]
    if not new:
        return org
    responsibilities_of(new)  # an unknown blueprint is an error, with a close spelling
    added = {
        r.id: r
        for r in add_blueprint_responsibilities(org.responsibilities.values(), new)[
            len(org.responsibilities) :
        ]
        if r is not None
    }
    return attrs.evolve(
        org,
        blueprints=(*org.blueprints, *new),
        responsibilities={**org.responsibilities, **added},
    )


def starter(blueprint_ids: Iterable[str] = (), *, name: str = "My organization") -> Organization:
    """Return a starter organization following the given blueprints, ready to fill in.

    It has an executive department, one department per function the template
    roles usually sit in, the template roles (merged by id across blueprints),
    the social lead set to the role of the first blueprint accountable for
    the most of its jobs, and nobody
    holding any role yet: its audit lists every job as a gap until people are
    added.

    Examples
    --------
    >>> org = starter(["officer-duties"], name="Studio")
    >>> org.social_lead, sorted(org.roles)
    ('officer', ['officer', 'officer-team'])
    """
    ids = list(dict.fromkeys(blueprint_ids))
    blueprints = [get(b) for b in ids]
    departments: dict[str, Department] = {}

    def home(function: Function) -> str:
        """The starter department for *function* (ids end in ``-office``, unlike role ids)."""
        dept_id = f"{function.value}-office"
        if dept_id not in departments:
            departments[dept_id] = Department(
                id=dept_id,
                name=_OFFICE_NAMES.get(function, function.value.replace("-", " ").capitalize())
                + " office",
                function=function,
                parent=None if function is Function.EXECUTIVE else "executive-office",
            )
        return dept_id

    home(Function.EXECUTIVE)
    # A job two blueprints share (same_as) is kept once; letters for the other go to it.
    kept = {r.id: r for r in add_blueprint_responsibilities((), ids) if r is not None}
    standing = stand_ins(kept.values())
    everything = responsibilities_of(ids)

    def kept_id(resp_id: str) -> str:
        if resp_id in kept:
            return resp_id
        if resp_id in standing:
            return standing[resp_id]
        return next((s for s in everything[resp_id].same_as if s in kept), resp_id)

    raci: dict[str, dict[str, Raci]] = {}
    templates: dict[str, TemplateRole] = {}
    for bp in blueprints:
        for template in bp.roles:
            templates.setdefault(template.id, template)
            letters = raci.setdefault(template.id, {})
            for resp_id, letter in template.raci.items():
                key = kept_id(resp_id)
                letters[key] = _stronger(letters.get(key), letter)
    # The lead is the first blueprint's role accountable for the most of its jobs.
    first = blueprints[0].roles if blueprints else ()
    accountable = {t.id: sum(1 for x in t.raci.values() if x.accountable) for t in first}
    lead = max(accountable, key=accountable.__getitem__) if accountable else None
    roles = [
        Role(
            id=t.id,
            title=t.title,
            acronym=t.acronym,
            department=home(t.functions[0] if t.functions else Function.EXECUTIVE),
            reports_to=None if t.id == lead else lead,
            raci=raci[t.id],
        )
        for t in templates.values()
    ]
    return Organization.from_parts(
        name=name,
        departments=departments.values(),
        responsibilities=kept.values(),
        roles=roles,
        social_lead=lead,
        blueprints=ids,
    )


def _stronger(old: Raci | None, new: Raci) -> Raci:
    """Both letters at once: R and A make RA; otherwise the one that does more."""
    if old is None:
        return new
    letters = {*old.letters, *new.letters}
    if Raci.R in letters and Raci.A in letters:
        return Raci.RA
    for letter in (Raci.A, Raci.R, Raci.C):
        if letter in letters:
            return letter
    return Raci.I
