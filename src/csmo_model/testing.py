"""Hypothesis strategies for valid organizations, for our tests and yours.

Needs the ``test`` extra (``pip install 'csmo-model[test]'``).

Examples
--------
>>> from hypothesis import given, settings
>>> from csmo_model.testing import organizations
>>> @settings(max_examples=5)
... @given(organizations())
... def test_names(org):
...     assert org.name
>>> test_names()
"""

from __future__ import annotations

from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "csmo_model.testing needs hypothesis; install it with: pip install 'csmo-model[test]'"
    ) from exc

from csmo_model.model import (
    Department,
    Function,
    Link,
    LinkKind,
    Organization,
    Person,
    Raci,
    Responsibility,
    Role,
)

__all__ = ["ids", "organizations", "texts"]


def __dir__() -> list[str]:
    return __all__


_FIRST = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789ÄéñçßΩжא広報部")
_REST = st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789._/-ÄéжΩ広報")


def ids() -> st.SearchStrategy[str]:
    """Well-formed ids, some of them in non-Latin scripts."""
    return st.builds(lambda a, b: a + b, _FIRST, st.text(_REST, max_size=8))


def texts() -> st.SearchStrategy[str]:
    """Non-blank display text (names, titles, notes) with any printable character."""
    alphabet = st.characters(
        categories=("L", "M", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"
    )
    return st.text(alphabet, min_size=1, max_size=20).filter(lambda s: bool(s.strip()))


def _fte() -> st.SearchStrategy[float]:
    return st.floats(min_value=0.01, max_value=5.0, allow_nan=False, allow_infinity=False)


@st.composite
def organizations(
    draw: st.DrawFn,
    *,
    max_departments: int = 5,
    max_roles: int = 10,
    max_people: int = 10,
    max_responsibilities: int = 6,
    max_links: int = 6,
) -> Organization:
    """Generate a valid :class:`~csmo_model.model.Organization`.

    Reporting lines and department parents always point to earlier entities,
    so they never form cycles; every reference resolves; optional fields are
    sometimes left at their defaults so that dumps exercise omission.
    """
    unit_ids = draw(st.lists(ids(), unique=True, max_size=max_departments + max_roles))
    n_depts = draw(st.integers(0, min(max_departments, len(unit_ids))))
    dept_ids, role_ids = unit_ids[:n_depts], unit_ids[n_depts : n_depts + max_roles]
    resp_ids = draw(st.lists(ids(), unique=True, max_size=max_responsibilities))
    person_ids = draw(st.lists(ids(), unique=True, max_size=max_people))
    optional_text = st.none() | texts()

    departments = [
        Department(
            id=d,
            name=draw(texts()),
            function=draw(st.sampled_from(Function)),
            parent=draw(st.none() | st.sampled_from(dept_ids[:i])) if i else None,
            notes=draw(optional_text),
        )
        for i, d in enumerate(dept_ids)
    ]
    responsibilities = [
        Responsibility(
            id=r,
            name=draw(texts()),
            description=draw(optional_text),
            critical=draw(st.booleans()),
            effort=draw(st.none() | _fte()),
        )
        for r in resp_ids
    ]
    roles = []
    for i, r in enumerate(role_ids):
        others = [x for x in role_ids if x != r]
        raci: dict[str, Any] = (
            draw(st.dictionaries(st.sampled_from(resp_ids), st.sampled_from(Raci)))
            if resp_ids
            else {}
        )
        roles.append(
            Role(
                id=r,
                title=draw(texts()),
                acronym=draw(st.none() | st.sampled_from(["CEO", "CTO", "CRO", "CMO", "CSMO"])),
                department=draw(st.none() | st.sampled_from(dept_ids)) if dept_ids else None,
                reports_to=draw(st.none() | st.sampled_from(role_ids[:i])) if i else None,
                dotted_to=draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
                if others
                else (),
                external=draw(st.booleans()),
                raci=raci,
                notes=draw(optional_text),
            )
        )
    people = [
        Person(
            id=p,
            name=draw(texts()),
            holds=draw(st.lists(st.sampled_from(role_ids), unique=True, max_size=3))
            if role_ids
            else (),
            capacity=draw(st.just(1.0) | _fte()),
        )
        for p in person_ids
    ]
    ends = dept_ids + role_ids
    links = []
    if len(ends) >= 2:
        for _ in range(draw(st.integers(0, max_links))):
            a, b = draw(st.lists(st.sampled_from(ends), min_size=2, max_size=2, unique=True))
            links.append(Link(between=(a, b), kind=draw(st.sampled_from(LinkKind))))
    return Organization.from_parts(
        name=draw(texts()),
        departments=departments,
        responsibilities=responsibilities,
        roles=roles,
        people=people,
        links=links,
        social_lead=draw(st.none() | st.sampled_from(role_ids)) if role_ids else None,
        notes=draw(optional_text),
    )
