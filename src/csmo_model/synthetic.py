"""Generate large, realistic organizations, to try the library at your scale.

The generated organizations are valid by construction and deterministic for
a given seed, so they serve benchmarks and tests alike.

Examples
--------
>>> from csmo_model import synthetic
>>> org = synthetic.organization(1_000, seed=1)
>>> len(org.people), len(org.departments), len(org.responsibilities), org.social_lead
(1000, 5, 50, 'csmo')
"""

from __future__ import annotations

import random
from typing import Any

from csmo_model.io import FORMAT, from_dict
from csmo_model.model import Function, Organization

__all__ = ["MAX_PEOPLE", "document", "organization"]


def __dir__() -> list[str]:
    return __all__


MAX_PEOPLE = 1_000_000
"""The largest organization :func:`document` generates.

Generating takes about 2 KB of memory per person (about 2 GB at the
maximum, the largest size the benchmarks measure) and writes about 270 bytes
of JSON per person; larger requests are refused before any work is done.
"""

_FUNCTIONS = [f.value for f in Function if f is not Function.AGENCY]


def document(
    n_people: int,
    *,
    seed: int = 0,
    span: tuple[int, int] = (3, 12),
    people_per_department: int = 200,
    people_per_responsibility: int = 20,
    responsibilities_per_role: float = 3.0,
    vacancy_rate: float = 0.05,
    external_rate: float = 0.02,
    dotted_rate: float = 0.1,
    links_per_person: float = 1.0,
    cross_department_share: float = 0.4,
) -> dict[str, Any]:
    """Return a generated organization as a plain ``csmo-model/2`` document.

    One role per person (plus vacant roles at *vacancy_rate*), arranged in a
    solid reporting tree whose spans are drawn uniformly from *span*;
    departments follow the tree (a manager's department is inherited or, at
    the top levels, new), about one per *people_per_department* people;
    responsibilities are assigned with Zipf-like popularity (a few jobs are
    shared by many roles, most by few); a share of roles have dotted lines,
    are external, or are vacant; links join roles within and across
    departments. The role ``csmo`` is the social lead, reporting to the root.

    Parameters
    ----------
    n_people : int
        Number of people, from 2 to :data:`MAX_PEOPLE`.
    seed : int
        Seed of the random generator; the same seed gives the same document.
    span : (int, int)
        Smallest and largest number of direct reports of a manager.
    people_per_department, people_per_responsibility : int
        Average sizes that set the number of departments and responsibilities.
    responsibilities_per_role : float
        Average number of RACI entries per role.
    vacancy_rate, external_rate, dotted_rate : float
        Shares of roles that are vacant, external, and have a dotted line.
    links_per_person : float
        Cross-functional links per person.
    cross_department_share : float
        Share of links whose ends lie in different departments.

    Raises
    ------
    ValueError
        If *n_people* is below 2 or above :data:`MAX_PEOPLE`.

    Examples
    --------
    >>> doc = document(50, seed=3)
    >>> doc["format"], len(doc["people"]), doc["social_lead"]
    ('csmo-model/2', 50, 'csmo')
    """
    if n_people < 2:
        raise ValueError(f"n_people must be at least 2, got {n_people}")
    if n_people > MAX_PEOPLE:
        raise ValueError(f"n_people must be at most {MAX_PEOPLE:,}, got {n_people:,}")
    rnd = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    n_vacant = int(n_people * vacancy_rate)
    n_roles = n_people + n_vacant
    n_depts = max(3, n_people // people_per_department)
    n_resps = max(5, n_people // people_per_responsibility)
    # The steps draw from one generator, in this order: the same seed, the same document.
    departments, roles, role_dept = _tree(rnd, n_roles, n_depts, span)
    resp_ids = [f"j{k}" for k in range(n_resps)]
    _assign(rnd, roles, resp_ids, responsibilities_per_role, dotted_rate, external_rate)
    responsibilities = [
        {
            "id": r,
            "name": f"Responsibility {k}",
            **({"critical": True} if k < 10 else {}),
            **({"effort": round(rnd.uniform(0.1, 2.0), 2)} if k % 3 == 0 else {}),
        }
        for k, r in enumerate(resp_ids)
    ]
    vacant = set(rnd.sample(range(2, n_roles), n_vacant)) if n_vacant else set()
    people: list[dict[str, Any]] = []
    for i, role in enumerate(roles):
        if i in vacant:
            continue
        people.append(
            {"id": f"p{len(people)}", "name": f"Person {len(people)}", "holds": [role["id"]]}
        )
    people = people[:n_people]
    n_links = int(n_people * links_per_person)
    links = _links(rnd, roles, role_dept, departments, n_links, cross_department_share)
    return {
        "format": FORMAT,
        "name": f"Synthetic organization of {n_people:,} people (seed {seed})",
        "social_lead": "csmo",
        "departments": departments,
        "responsibilities": responsibilities,
        "roles": roles,
        "people": people,
        "links": links,
    }


def _tree(
    rnd: random.Random, n_roles: int, n_depts: int, span: tuple[int, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """The departments, the roles in a breadth-first reporting tree, each role's department."""
    departments: list[dict[str, Any]] = [
        {"id": "d0", "name": "Executive office", "function": "executive"}
    ]
    roles: list[dict[str, Any]] = [
        {"id": "ceo", "title": "Chief Executive Officer", "department": "d0"},
        {
            "id": "csmo",
            "title": "Chief Social Media Officer",
            "department": "d0",
            "reports_to": "ceo",
        },
    ]
    role_dept = ["d0", "d0"]
    # Breadth-first reporting tree: each manager gets a span of reports.
    queue = [0]
    head = 0
    reports = [1, 0]  # the CEO already has the CSMO
    while len(roles) < n_roles:
        manager = queue[head]
        head += 1
        for _ in range(rnd.randint(*span) - reports[manager]):
            if len(roles) >= n_roles:
                break
            i = len(roles)
            if len(departments) < n_depts and (manager == 0 or rnd.random() < 0.3):
                dept = f"d{len(departments)}"
                departments.append(
                    {
                        "id": dept,
                        "name": f"Department {len(departments)}",
                        "function": _FUNCTIONS[len(departments) % len(_FUNCTIONS)],
                        "parent": role_dept[manager],
                    }
                )
            else:
                dept = role_dept[manager]
            roles.append(
                {
                    "id": f"r{i}",
                    "title": f"Role {i}",
                    "department": dept,
                    "reports_to": roles[manager]["id"],
                }
            )
            role_dept.append(dept)
            reports.append(0)
            reports[manager] += 1
            queue.append(i)
    return departments, roles, role_dept


def _assign(
    rnd: random.Random,
    roles: list[dict[str, Any]],
    resp_ids: list[str],
    responsibilities_per_role: float,
    dotted_rate: float,
    external_rate: float,
) -> None:
    """Give the roles RACI entries (Zipf-like popularity: weight 1/rank), dotted lines and
    external flags."""
    cumulative = []
    total = 0.0
    for k in range(len(resp_ids)):
        total += 1.0 / (k + 1)
        cumulative.append(total)
    letters = ("R", "R", "R", "A", "C", "I")
    for role in roles[2:]:
        k = max(1, round(rnd.expovariate(1.0 / responsibilities_per_role)))
        picks = rnd.choices(resp_ids, cum_weights=cumulative, k=k)
        role["raci"] = {p: rnd.choice(letters) for p in picks}
        if rnd.random() < dotted_rate:
            target = roles[rnd.randrange(len(roles))]["id"]
            if target not in (role["id"], role["reports_to"]):
                role["dotted_to"] = [target]
        if rnd.random() < external_rate:
            role["external"] = True
    roles[1]["raci"] = {resp_ids[0]: "A", resp_ids[1]: "R"}


def _links(
    rnd: random.Random,
    roles: list[dict[str, Any]],
    role_dept: list[str],
    departments: list[dict[str, Any]],
    n_links: int,
    cross_department_share: float,
) -> list[dict[str, Any]]:
    """Links within and across departments, and the social lead's to the first departments."""
    links = []
    by_dept: dict[str, list[str]] = {}
    for role, dept in zip(roles, role_dept, strict=True):
        by_dept.setdefault(dept, []).append(role["id"])
    dept_ids = [d["id"] for d in departments]
    for _ in range(n_links):
        i = rnd.randrange(len(roles))
        a = roles[i]["id"]
        if rnd.random() < cross_department_share:
            b = (
                rnd.choice(dept_ids)
                if rnd.random() < 0.5
                else roles[rnd.randrange(len(roles))]["id"]
            )
        else:
            b = rnd.choice(by_dept[role_dept[i]])
        if a != b:
            links.append({"between": [a, b], "kind": rnd.choice(("collaboration", "information"))})
    for dept in dept_ids[1:8]:
        links.append({"between": ["csmo", dept], "kind": "collaboration"})
    return links


def organization(n_people: int, *, seed: int = 0, **options: Any) -> Organization:
    """Return a generated, validated organization; see :func:`document` for the options.

    Examples
    --------
    >>> org = organization(200, seed=7)
    >>> len(org.people)
    200
    """
    return from_dict(document(n_people, seed=seed, **options))
