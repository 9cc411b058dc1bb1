"""Which of the five social organizing models an organization follows (issue 13, section 5).

Industry research on social business (Jeremiah Owyang at Altimeter Group,
2010: the blog post on how companies organize for social media, and the
report "Career Path of the Corporate Social Strategist") names five ways a
company organizes its social work. In our words:

- **distributed** (also "organic"): the work happens in several units and
  nobody coordinates it across them;
- **centralized**: one unit does the work for everyone;
- **hub-and-spoke** ("coordinated"): one central unit answers for work that
  business units (the spokes) do;
- **multiple-hub-and-spoke** ("dandelion"): several units each coordinate
  work done in other units, each a hub with its own spokes;
- **holistic** ("honeycomb"): every unit of the organization takes part.

These describe what companies do, not what they should do. The function here
reads the model off the RACI letters; it does not judge it.

``structure`` is exported as :func:`csmo_model.structure` and from this
module, not from :mod:`csmo_model.analysis`, where the name is the module of
structure analyses.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from itertools import chain
from typing import Any

import attrs

from csmo_model.analysis._facts import facts
from csmo_model.model import Organization, Raci

__all__ = ["OrganizingModel", "Stage", "Structure", "structure"]


class OrganizingModel(enum.StrEnum):
    """The five organizing models of social work (see the module's description)."""

    DISTRIBUTED = "distributed"
    CENTRALIZED = "centralized"
    HUB_AND_SPOKE = "hub-and-spoke"
    MULTIPLE_HUB_AND_SPOKE = "multiple-hub-and-spoke"
    HOLISTIC = "holistic"


class Stage(enum.StrEnum):
    """How far the central social function has grown."""

    ONE_PERSON = "one-person"
    TEAM = "team"
    CENTER_OF_EXCELLENCE = "center-of-excellence"


_HUB_MODELS = frozenset({OrganizingModel.HUB_AND_SPOKE, OrganizingModel.MULTIPLE_HUB_AND_SPOKE})
"""The models with a center of excellence: a hub that coordinates business-unit spokes."""

HOLISTIC_MIN_UNITS = 3
"""A holistic organization has R letters in every staffed unit, and at least this many units."""


@attrs.frozen(kw_only=True)
class Structure:
    """The organizing model of an organization's social work, with its evidence.

    Attributes:
        model: The organizing model, or ``None`` when it cannot be told.
        stage: The stage of the central social function, or ``None`` with no
            model or when nobody holds a role with R or A.
        reason: One sentence saying why (or why it cannot be told).
        jobs: The social jobs read: responsibilities with an R or A letter.
        responsible_departments: Departments of the roles with R for a social job.
        responsible_units: The business units those departments belong to.
        accountable_roles: Roles with A for a social job.
        hubs: Business units that answer (A) for social work done (R) in
            another unit, the busiest first (the social lead's unit first on a tie).
        hub: The main hub (the first of *hubs*), if any.
        people: People holding a role with R or A for a social job.
    """

    model: OrganizingModel | None
    stage: Stage | None
    reason: str
    jobs: tuple[str, ...] = ()
    responsible_departments: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()
    accountable_roles: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    hub: str | None = None
    people: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the structure as plain JSON-able data (enums as their values).

        Examples
        --------
        >>> import csmo_model as cm
        >>> cm.structure(cm.examples.load("csmo-to-ceo")).to_dict()["model"]
        'hub-and-spoke'
        """
        return {
            "model": None if self.model is None else self.model.value,
            "stage": None if self.stage is None else self.stage.value,
            "reason": self.reason,
            "jobs": list(self.jobs),
            "responsible_departments": list(self.responsible_departments),
            "responsible_units": list(self.responsible_units),
            "accountable_roles": list(self.accountable_roles),
            "hubs": list(self.hubs),
            "hub": self.hub,
            "people": list(self.people),
        }

    def brief(self) -> dict[str, Any]:
        """Return the model, stage, reason, hubs and units, with counts of jobs and people.

        What the audit's summary holds: its size grows with the business units,
        not with the roles and people (see :meth:`to_dict` for everything).

        Examples
        --------
        >>> import csmo_model as cm
        >>> brief = cm.structure(cm.examples.load("acme")).brief()
        >>> [brief[k] for k in ("model", "hubs", "responsible_units", "jobs", "people")]
        ['centralized', [], ['marketing'], 2, 1]
        """
        full = self.to_dict()
        return {
            **{k: full[k] for k in ("model", "stage", "reason", "hub", "hubs")},
            "responsible_units": full["responsible_units"],
            "jobs": len(self.jobs),
            "people": len(self.people),
        }


def structure(org: Organization) -> Structure:
    """Tell which organizing model the social work of *org* follows, with the evidence.

    Every responsibility of an organization is social work (the format
    describes how an organization runs social media: the jobs of the
    blueprints it follows and its own). A job is read when a role has R or A
    for it. Where the R letters sit (their roles' departments) and which
    departments answer (A) for work done in another department (the hubs)
    decide the model. Departments are grouped into business units: a top
    department (no parent) and each department just below one are units, and
    a deeper department belongs to the unit above it (Advertising inside
    Marketing is Marketing's). A hub is a unit that answers (A) for a job
    done (R) in another unit.

    - R in one unit: **centralized**;
    - R in every staffed unit, and at least :data:`HOLISTIC_MIN_UNITS`
      of them: **holistic**;
    - R in several units and no hub: **distributed**;
    - one hub: **hub-and-spoke**; several hubs: **multiple-hub-and-spoke**.

    The stage is **one-person** when one person holds every role with R or A
    (none of them vacant), **center-of-excellence** when the model is
    hub-and-spoke or multiple-hub-and-spoke (a hub coordinates spokes in
    other units: a chief executive accountable for the work of the one unit
    that does it makes no center of excellence), else **team**. When nobody
    holds a role with R or A, the stage cannot be told (``stage`` is
    ``None``, and the reason says so). With no R or A letter on any role, or
    none in a department, the model cannot be told either, and the result
    says so (``model`` is ``None``).

    Parameters
    ----------
    org : Organization

    Returns
    -------
    Structure

    Examples
    --------
    >>> import csmo_model as cm
    >>> found = cm.structure(cm.examples.load("csmo-to-ceo"))
    >>> found.model, found.stage, found.hub
    (<OrganizingModel.HUB_AND_SPOKE: 'hub-and-spoke'>, <Stage.CENTER_OF_EXCELLENCE: ...>, 'social')
    >>> cm.structure(cm.Organization(name="Empty")).reason
    'No role has R or A for any job: the organizing model cannot be told.'

    Notes
    -----
    $O(n)$ in the number of RACI letters. The definitions restate, in our
    words, Jeremiah Owyang's research at Altimeter Group (the Web Strategy
    blog, April 2010, and the report "Career Path of the Corporate Social
    Strategist", November 2010).
    """
    known = facts(org)
    responsible = known.by_letter[Raci.R]
    accountable = known.by_letter[Raci.A]
    jobs = tuple(r for r in org.responsibilities if r in responsible or r in accountable)
    if not jobs:
        return Structure(
            model=None,
            stage=None,
            reason="No role has R or A for any job: the organizing model cannot be told.",
        )

    # One pass over the roles; below, only dictionary lookups (linear at scale).
    home_of = {rid: role.department for rid, role in org.roles.items()}
    r_roles = [r for job in jobs for r in responsible.get(job, ())]
    r_depts = _ordered(map(home_of.__getitem__, r_roles))
    a_roles = _ordered(chain.from_iterable(accountable.get(job, ()) for job in jobs))
    both = dict.fromkeys((*r_roles, *a_roles))
    people = _ordered(chain.from_iterable(map(known.role_holders.__getitem__, both)))
    if not r_depts:
        return Structure(
            model=None,
            stage=None,
            reason=(
                "No role with R for a job sits in a department: "
                "the organizing model cannot be told."
            ),
            jobs=jobs,
            accountable_roles=a_roles,
            people=people,
        )
    unit_of = _units(org)
    unit = {rid: None if d is None else unit_of[d] for rid, d in home_of.items()}
    r_units = _ordered(map(unit.__getitem__, r_roles))
    coordinated: dict[str, int] = {}
    for job in jobs:
        doers = {unit[r] for r in responsible.get(job, ())} - {None}
        for a in accountable.get(job, ()):
            home = unit[a]
            if home is not None and doers - {home}:
                coordinated[home] = coordinated.get(home, 0) + 1
    lead_home = unit[org.social_lead] if org.social_lead is not None else None
    order = {d: i for i, d in enumerate(org.departments)}
    hubs = tuple(sorted(coordinated, key=lambda d: (-coordinated[d], d != lead_home, order[d])))
    staffed = {u for u in unit.values() if u is not None}
    model, reason = _model(r_units, hubs, staffed)
    stage: Stage | None
    if not people:
        stage = None
        reason += " Nobody holds a role with R or A: the stage cannot be told."
    elif len(people) == 1 and all(known.role_holders[r] for r in both):
        stage = Stage.ONE_PERSON
    elif model in _HUB_MODELS:
        stage = Stage.CENTER_OF_EXCELLENCE
    else:
        stage = Stage.TEAM
    return Structure(
        model=model,
        stage=stage,
        reason=reason,
        jobs=jobs,
        responsible_departments=r_depts,
        responsible_units=r_units,
        accountable_roles=a_roles,
        hubs=hubs,
        hub=hubs[0] if hubs else None,
        people=people,
    )


def _units(org: Organization) -> dict[str, str]:
    """Department id -> its business unit: the department just below a top department.

    A top department (one with no parent) is its own unit.
    """
    unit_of: dict[str, str] = {}
    departments = org.departments
    for dept_id in departments:
        walk = []
        node = dept_id
        # Climb until a department whose unit is known, or one at or below a top department.
        while node not in unit_of:
            parent = departments[node].parent
            if parent is None or departments[parent].parent is None:
                unit_of[node] = node
                break
            walk.append(node)
            node = parent
        for d in walk:
            unit_of[d] = unit_of[node]
    return unit_of


def _model(
    r_units: tuple[str, ...], hubs: tuple[str, ...], staffed: set[str]
) -> tuple[OrganizingModel, str]:
    if len(r_units) == 1:
        return OrganizingModel.CENTRALIZED, f"One unit ({r_units[0]}) does the social work."
    if len(staffed) >= HOLISTIC_MIN_UNITS and staffed <= set(r_units):
        return (
            OrganizingModel.HOLISTIC,
            f"Every one of the {len(staffed)} staffed units does social work.",
        )
    if not hubs:
        return (
            OrganizingModel.DISTRIBUTED,
            f"{len(r_units)} units do social work and no unit answers for work done in another.",
        )
    if len(hubs) == 1:
        return (
            OrganizingModel.HUB_AND_SPOKE,
            f"{len(r_units)} units do social work; {hubs[0]} answers for work done in the others.",
        )
    return (
        OrganizingModel.MULTIPLE_HUB_AND_SPOKE,
        f"{len(r_units)} units do social work; {len(hubs)} units "
        f"({', '.join(hubs)}) each answer for work done in others.",
    )


def _ordered(items: Iterable[Any]) -> tuple[Any, ...]:
    """*items* without ``None`` and repeats, in first-seen order."""
    seen = dict.fromkeys(items)
    seen.pop(None, None)
    return tuple(seen)
