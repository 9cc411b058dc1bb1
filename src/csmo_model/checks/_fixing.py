"""What the checks know about fixing: spare capacity, who fits a job, one accountable role.

The checks use these to give each finding its :class:`~csmo_model.Fix`; the
planner (:mod:`csmo_model.plan`) uses the same rules, with a matching over
all findings at once instead of one finding at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterable

import attrs

from csmo_model import catalog
from csmo_model.analysis import reporting_chain
from csmo_model.analysis._facts import facts, per_organization
from csmo_model.edits import AddLink, AddRole, Edit, SetRaci
from csmo_model.model import Organization, Raci, is_external

__all__ = [
    "Candidate",
    "Staffing",
    "accountability_edits",
    "head_role",
    "hire_edit",
    "job_edits",
    "new_id",
    "staffing",
    "tie_link",
    "with_letter",
]

SLOTS_FOR_NEW_WORK = 2
"""People a job nobody does gets: two, so the fix does not leave it on one person."""


def with_letter(current: Raci | None, add: Raci) -> Raci:
    """The letter a role has after it also takes *add* (``R`` or ``A``).

    Examples
    --------
    >>> with_letter(Raci.A, Raci.R), with_letter(Raci.C, Raci.R), with_letter(None, Raci.A)
    (<Raci.RA: 'RA'>, <Raci.R: 'R'>, <Raci.A: 'A'>)
    """
    if current is None or current in (Raci.C, Raci.I):
        return add
    if current is Raci.RA or current is add:
        return current
    return Raci.RA


def without_accountable(current: Raci) -> Raci:
    """The letter of a role that stops being accountable: ``RA`` -> ``R``, ``A`` -> ``C``."""
    return Raci.R if current is Raci.RA else Raci.C


def head_role(org: Organization, department: str) -> str | None:
    """The first role of *department* whose manager is outside it (document order).

    Examples
    --------
    >>> import csmo_model as cm
    >>> head_role(cm.examples.load("acme"), "marketing")
    'cmo'
    """
    members = facts(org).department_roles.get(department, ())
    for role_id in members:
        manager = org.roles[role_id].reports_to
        if manager is None or org.roles[manager].department != department:
            return role_id
    return members[0] if members else None


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


def new_id(base: str, taken: Collection[str]) -> str:
    """A readable id from *base* that is not in *taken* (``-2``, ``-3``... appended).

    Examples
    --------
    >>> new_id("Community management lead", {"community-management-lead"})
    'community-management-lead-2'
    """
    stem = _slug(base)
    candidate, n = stem, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}"
    return candidate


@attrs.frozen
class Candidate:
    """A person who could take on a job, through one of their roles.

    Attributes:
        person: The person's id.
        role: The role that would carry the job (held by that person alone).
        weight: Higher is better: in the job's usual department, already C or
            I on it, more spare capacity.
        usual: Whether the role sits in one of the job's usual departments.
    """

    person: str
    role: str
    weight: int
    usual: bool


TOP_PENALTY = 60
"""Weight taken off a role at the top of the organization: a chief executive is handed
community management only when nobody else has the time."""


class Staffing:
    """Spare capacity and who could take on which job, for one organization.

    A person's *spare capacity* is their capacity minus the effort of the jobs
    they do (each job's effort shared among its holders). A person fits a job
    through an internal role they hold alone, when their spare capacity covers
    their share of the job's effort. Preferred, in this order of weight: a
    role in one of the job's usual departments (where it is done now, or the
    blueprint's usual placement), a role already ``C`` or ``I`` on it, more
    spare capacity.
    """

    def __init__(self, org: Organization) -> None:
        self.org = org
        self.facts = facts(org)
        load = self.facts.loads(org)
        self.spare = {p: person.capacity - load[p] for p, person in org.people.items()}
        self._usual: dict[str, set[str]] = {}
        self._positions: dict[str, int] | None = None
        self._ranked: list[str] | None = None
        self._dept_ranked: dict[str, list[str]] = {}

    def share(self, responsibility: str, joining: int) -> float:
        """The effort each holder carries once *joining* more people do the job."""
        effort = self.org.responsibilities[responsibility].effort or 0.0
        return effort / (len(self.facts.holders[responsibility]) + joining)

    def usual_departments(self, responsibility: str) -> set[str]:
        """Where the job is done now, plus departments of the blueprint's usual functions."""
        found = self._usual.get(responsibility)
        if found is None:
            found = set(self.facts.responsible_departments[responsibility])
            functions = {
                fn
                for bp in self.org.blueprints
                for job in catalog.get(bp).jobs
                if job.responsibility.id == responsibility
                for fn in job.usual
            }
            if functions:
                found |= {d.id for d in self.org.departments.values() if d.function in functions}
            self._usual[responsibility] = found
        return found

    def candidates(
        self,
        responsibility: str,
        joining: int,
        exclude: Iterable[str] = (),
        limit: int | None = None,
    ) -> list[Candidate]:
        """People who fit *responsibility*, best first (one role each).

        Best is the highest weight, then more spare capacity, then document
        order. With *limit*, only the first *limit* are returned, found without
        looking at everyone: the people of the job's usual departments and of
        the roles already C or I on it come from the shared indexes, the rest
        from the people ranked once by spare capacity (tests/test_plan.py ties
        the two routes together).
        """
        org, f = self.org, self.facts
        skip = set(exclude) | set(f.holders[responsibility])
        share = self.share(responsibility, joining)
        usual = self.usual_departments(responsibility)
        # A new R role in another department would split a job nobody answers for.
        current = set(f.responsible_departments[responsibility])
        keep_within = current if current and responsibility not in f.held_accountable else None

        spans = f.spans(org)

        def fit(pid: str) -> Candidate | None:
            best: Candidate | None = None
            for role_id in org.people[pid].holds:
                role = org.roles[role_id]
                if is_external(org, role) or f.role_holders[role_id] != (pid,):
                    continue
                # The top of the organization (no manager, someone reporting) gets
                # new work only when nobody else can take it.
                top = role.reports_to is None and spans[role_id] > 0
                if keep_within is not None and role.department not in keep_within:
                    continue
                is_usual = role.department in usual
                letter = role.raci.get(responsibility)
                weight = (
                    100
                    + 50 * is_usual
                    + 25 * (letter in (Raci.C, Raci.I))
                    + round(10 * min(self.spare[pid] - share, 1.0))
                    - TOP_PENALTY * top
                )
                if best is None or weight > best.weight:
                    best = Candidate(pid, role_id, weight, is_usual)
            return best

        def fits(pid: str) -> bool:
            return pid not in skip and self.spare[pid] + 1e-9 >= share

        if limit is None:
            found = [c for pid in org.people if fits(pid) and (c := fit(pid)) is not None]
        else:
            found = self._best(responsibility, usual, keep_within, limit, fits, fit)
        position = self._position()
        found.sort(key=lambda c: (-c.weight, -self.spare[c.person], position[c.person]))
        return found if limit is None else found[:limit]

    def _best(
        self,
        responsibility: str,
        usual: set[str],
        keep_within: set[str] | None,
        limit: int,
        fits: Callable[[str], bool],
        fit: Callable[[str], Candidate | None],
    ) -> list[Candidate]:
        """The candidates that can be among the best *limit*, without a pass over everyone."""
        f = self.facts
        seen: set[str] = set()
        found: list[Candidate] = []

        def consider(pid: str) -> Candidate | None:
            if pid in seen or not fits(pid):
                return None
            seen.add(pid)
            candidate = fit(pid)
            if candidate is not None:
                found.append(candidate)
            return candidate

        # Weight 150 or more (usual department) and 125 or more (already C or I):
        # all of them, from the indexes.
        for dept in usual:
            # Within a department the weight grows with spare capacity: its first
            # *limit* people by spare capacity are the best it can give.
            taken = 0
            for pid in self._members_by_spare(dept):
                if taken >= limit:
                    break
                candidate = consider(pid)
                if candidate is not None and not self._at_top(candidate):
                    taken += 1  # one at the top weighs less than any other here: not counted
        for letter in (Raci.C, Raci.I):
            for role_id in f.roles_with(letter, responsibility):
                for pid in f.role_holders[role_id]:
                    consider(pid)
        if keep_within is not None:
            return found  # every fitting role is in a department where the job is done
        # The rest weigh at most 110, more with more spare capacity: the first
        # *limit* by spare capacity (then document order) are the best of them.
        rest = 0
        for pid in self._by_spare():
            if rest >= limit:
                break
            candidate = consider(pid)
            if candidate is not None and not self._at_top(candidate):
                rest += 1
        return found

    def _members_by_spare(self, dept: str) -> list[str]:
        """The holders of *dept*'s roles, most spare capacity first, then in document order."""
        ranked = self._dept_ranked.get(dept)
        if ranked is None:
            f, position = self.facts, self._position()
            people = {p for r in f.department_roles.get(dept, ()) for p in f.role_holders[r]}
            ranked = sorted(people, key=lambda p: (-self.spare[p], position[p]))
            self._dept_ranked[dept] = ranked
        return ranked

    def _at_top(self, candidate: Candidate) -> bool:
        role = self.org.roles[candidate.role]
        return role.reports_to is None and self.facts.spans(self.org)[candidate.role] > 0

    def _position(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {p: i for i, p in enumerate(self.org.people)}
        return self._positions

    def _by_spare(self) -> list[str]:
        """The people, most spare capacity first, then in document order (ranked once)."""
        if self._ranked is None:
            position = self._position()
            self._ranked = sorted(self.org.people, key=lambda p: (-self.spare[p], position[p]))
        return self._ranked

    def edits_for(self, responsibility: str, role: str, add: Raci) -> SetRaci:
        """The edit giving *role* the letter *add* too, for *responsibility*."""
        current = self.org.roles[role].raci.get(responsibility)
        return SetRaci(role=role, responsibility=responsibility, letter=with_letter(current, add))


@per_organization
def staffing(org: Organization) -> Staffing:
    """The :class:`Staffing` of *org*, shared by the checks of one audit."""
    return Staffing(org)


def _depth(org: Organization, role: str) -> int:
    """How many solid lines separate *role* from the top of its chain."""
    return len(reporting_chain(org, role)) - 1


def accountability_edits(org: Organization, responsibility: str) -> tuple[list[Edit], str | None]:
    """Edits leaving *responsibility* exactly one accountable role, held by someone.

    The rule, in order:

    1. exactly one held internal role is accountable: it stays;
    2. several held internal roles are: the one highest in the reporting lines
       (fewest levels below the top; document order on ties) stays;
    3. none is: the held internal role responsible for it that is highest
       in the reporting lines becomes accountable too (``RA``); with none,
       the held internal role already ``C`` on it; with none, the social lead
       (an internal coordinator, as the source asks for outsourced work).

    Every other accountable role steps down: ``A`` becomes ``C`` (still
    consulted), ``RA`` becomes ``R``.

    Returns
    -------
    (list of Edit, str or None)
        The edits, and the id of the accountable role (``None`` when no role
        fits: nobody inside holds a role that could answer for it).

    Examples
    --------
    >>> import csmo_model as cm
    >>> edits, keeper = accountability_edits(cm.examples.load("acme"), "community")
    >>> keeper, [e.letter.value for e in edits]
    ('social-lead', ['RA'])
    """
    f = facts(org)
    roles = org.roles
    accountable = f.roles_with(Raci.A, responsibility)
    held = [r for r in accountable if f.role_holders[r] and not is_external(org, r)]

    def rank(role: str) -> int:
        return _depth(org, role)

    keeper: str | None
    if held:
        keeper = min(held, key=rank)
    else:

        def held_inside(letter: Raci) -> list[str]:  # in document order
            return [
                r
                for r in f.roles_with(letter, responsibility)
                if f.role_holders[r] and not is_external(org, r)
            ]

        responsible = held_inside(Raci.R)
        consulted = held_inside(Raci.C)
        lead = org.social_lead
        if responsible:
            keeper = min(responsible, key=rank)
        elif consulted:
            keeper = min(consulted, key=rank)
        elif lead is not None and f.role_holders[lead] and not is_external(org, lead):
            keeper = lead
        else:
            return [], None
    out: list[Edit] = []
    current = roles[keeper].raci.get(responsibility)
    if current is None or not current.accountable:
        out.append(
            SetRaci(
                role=keeper,
                responsibility=responsibility,
                letter=with_letter(current, Raci.A),
            )
        )
    for role in accountable:
        if role != keeper:
            out.append(
                SetRaci(
                    role=role,
                    responsibility=responsibility,
                    letter=without_accountable(roles[role].raci[responsibility]),
                )
            )
    return out, keeper


def hire_edit(
    org: Organization, responsibility: str, taken: Collection[str], *, accountable: bool = True
) -> AddRole:
    """A new role (vacant) for *responsibility*: the hiring step when nobody has the time.

    It sits in the job's usual department (the first, in document order)
    and reports to that department's head role, or to the social lead.
    """
    staffing = Staffing(org)
    usual = staffing.usual_departments(responsibility)
    department = next((d for d in org.departments if d in usual), None)
    manager = head_role(org, department) if department is not None else org.social_lead
    name = org.responsibilities[responsibility].name
    return AddRole(
        id=new_id(f"{name} lead", taken),
        title=f"{name} lead",
        department=department,
        reports_to=manager,
        raci={responsibility: Raci.RA if accountable else Raci.R},
    )


def tie_link(org: Organization, department: str) -> AddLink | None:
    """The link tying the social lead straight to *department* (None without a lead)."""
    if org.social_lead is None:
        return None
    return AddLink(between=(org.social_lead, department))


def job_edits(
    org: Organization, responsibility: str, roles: Iterable[str], *, accountable: bool
) -> list[Edit]:
    """Edits making *roles* responsible for a job; with *accountable*, the first answers for it.

    When the first role becomes accountable, every other accountable role
    (vacant ones, since nobody answers for the job) steps down to ``C``.
    """
    out: list[Edit] = []
    chosen = list(roles)
    for i, role in enumerate(chosen):
        current = org.roles[role].raci.get(responsibility)
        letter = with_letter(current, Raci.R)
        if accountable and i == 0:
            letter = Raci.RA
        out.append(SetRaci(role=role, responsibility=responsibility, letter=letter))
    if accountable and chosen:
        for other in facts(org).roles_with(Raci.A, responsibility):
            if other not in chosen:
                out.append(
                    SetRaci(
                        role=other,
                        responsibility=responsibility,
                        letter=without_accountable(org.roles[other].raci[responsibility]),
                    )
                )
    return out
