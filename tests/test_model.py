"""The model classes: construction, identity, immutability, the Acme example."""

from __future__ import annotations

import pickle
import unicodedata

import attrs
import pytest

import csmo_model as cm
from csmo_model import (
    Department,
    Function,
    Link,
    LinkKind,
    ModelError,
    Organization,
    Person,
    Problem,
    Raci,
    Responsibility,
    Role,
)

ACME = Organization.from_parts(
    name="Acme Outdoor",
    social_lead="social-lead",
    departments=[
        Department(id="exec", name="Executive Office", function=Function.EXECUTIVE),
        Department(id="marketing", name="Marketing", function=Function.MARKETING, parent="exec"),
        Department(id="support", name="Customer Support", function=Function.CUSTOMER_SUPPORT),
    ],
    responsibilities=[
        Responsibility(id="strategy", name="Social media strategy", critical=True),
        Responsibility(id="community", name="Community management", effort=0.5),
    ],
    roles=[
        Role(id="ceo", title="Chief Executive Officer", department="exec"),
        Role(
            id="cmo",
            title="Chief Marketing Officer",
            acronym="CMO",
            department="marketing",
            reports_to="ceo",
        ),
        Role(
            id="social-lead",
            title="Social Media Manager",
            department="marketing",
            reports_to="cmo",
            dotted_to=["ceo"],
            raci={"strategy": "A", "community": "R"},
        ),
    ],
    people=[
        Person(id="ana", name="Ana Ruiz", holds=["social-lead"], capacity=1.0),
        Person(id="bo", name="Bo Chen", holds=["ceo"]),
    ],
    links=[Link(between=("social-lead", "support"), kind=LinkKind.COLLABORATION)],
)

COMPOSED = "caf\u00e9"  # café, one code point for é
DECOMPOSED = "cafe\u0301"  # café, e + combining acute accent


# -- the Acme example -------------------------------------------------------------------------


def test_acme_example_loads_as_written(acme_text: str) -> None:
    org = cm.loads(acme_text)
    assert org == ACME
    assert org.name == "Acme Outdoor"
    assert list(org.departments) == ["exec", "marketing", "support"]
    assert list(org.responsibilities) == ["strategy", "community"]
    assert list(org.roles) == ["ceo", "cmo", "social-lead"]
    assert list(org.people) == ["ana", "bo"]
    assert org.links == (Link(between=("social-lead", "support")),)
    assert org.social_lead == "social-lead"


def test_acme_social_lead_reports_to_cmo(acme_text: str) -> None:
    org = cm.loads(acme_text)
    assert org.roles["social-lead"].reports_to == "cmo"
    assert org.roles["social-lead"].dotted_to == ("ceo",)
    assert dict(org.roles["social-lead"].raci) == {"strategy": Raci.A, "community": Raci.R}
    assert org.roles["ceo"].reports_to is None


def test_acme_example_module_gives_the_same_organization() -> None:
    assert cm.examples.load("acme") == ACME


def test_acme_field_values_and_defaults() -> None:
    assert ACME.departments["marketing"].parent == "exec"
    assert ACME.departments["exec"].parent is None
    assert ACME.departments["support"].function is Function.CUSTOMER_SUPPORT
    assert ACME.responsibilities["strategy"].critical is True
    assert ACME.responsibilities["strategy"].effort is None
    assert ACME.responsibilities["community"].effort == 0.5
    assert ACME.responsibilities["community"].critical is False
    assert ACME.people["bo"].capacity == 1.0
    assert ACME.people["ana"].holds == ("social-lead",)
    assert ACME.roles["ceo"].acronym is None
    assert ACME.roles["ceo"].external is None  # not written: its department decides
    assert cm.is_external(ACME, "ceo") is False
    assert ACME.roles["ceo"].level is None
    assert ACME.chief_executive is None
    assert dict(ACME.roles["ceo"].raci) == {}
    assert ACME.blueprints == ()
    assert ACME.notes is None


def test_repr_is_short() -> None:
    assert repr(ACME) == (
        "<Organization 'Acme Outdoor': 3 departments, 2 responsibilities, 3 roles, "
        "2 people, 1 link>"
    )


# -- immutability ------------------------------------------------------------------------------


def test_organization_is_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ACME.name = "Other"  # type: ignore[misc]
    assert ACME.name == "Acme Outdoor"


@pytest.mark.parametrize(
    ("entity", "field", "value"),
    [
        (ACME.roles["cmo"], "reports_to", "social-lead"),
        (ACME.departments["exec"], "name", "Board"),
        (ACME.people["ana"], "capacity", 0.5),
        (ACME.responsibilities["strategy"], "critical", False),
        (ACME.links[0], "kind", LinkKind.AUTHORITY),
    ],
)
def test_entities_are_frozen(entity: object, field: str, value: object) -> None:
    before = getattr(entity, field)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(entity, field, value)
    assert getattr(entity, field) == before


def test_collections_are_read_only() -> None:
    with pytest.raises(TypeError, match="does not support item assignment"):
        ACME.roles["intern"] = Role(id="intern", title="Intern")  # type: ignore[index]
    with pytest.raises(TypeError, match="does not support item assignment"):
        ACME.roles["social-lead"].raci["strategy"] = Raci.R  # type: ignore[index]
    assert "intern" not in ACME.roles
    assert ACME.roles["social-lead"].raci["strategy"] is Raci.A


def test_entities_are_slotted_and_keyword_only() -> None:
    for cls in (Department, Responsibility, Role, Person, Link, Organization):
        assert "__slots__" in cls.__dict__, cls
        assert all(a.kw_only for a in attrs.fields(cls)), cls
    with pytest.raises(TypeError):
        Role("ceo", "Chief")  # type: ignore[misc]


def test_evolve_returns_a_new_validated_organization() -> None:
    renamed = attrs.evolve(ACME, name="Acme Indoor")
    assert renamed.name == "Acme Indoor"
    assert ACME.name == "Acme Outdoor"
    assert renamed.roles == ACME.roles
    with pytest.raises(ModelError) as info:
        attrs.evolve(ACME, social_lead="nobody")
    assert info.value.problems == (
        Problem(
            "social_lead", "no role 'nobody'; add a role with that id or correct the reference"
        ),
    )


def test_equal_organizations_hash_equal() -> None:
    again = cm.examples.load("acme")
    assert again == ACME
    assert hash(again) == hash(ACME)
    assert again != attrs.evolve(ACME, notes="changed")


# -- ids: NFC, acronyms -----------------------------------------------------------------------


def test_ids_are_nfc_normalized_on_construction() -> None:
    assert DECOMPOSED != COMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED
    role = Role(id=DECOMPOSED, title="Café lead", reports_to=DECOMPOSED, dotted_to=[DECOMPOSED])
    assert role.id == COMPOSED
    assert role.reports_to == COMPOSED
    assert role.dotted_to == (COMPOSED,)
    assert Role(id=DECOMPOSED, title="T") == Role(id=COMPOSED, title="T")
    assert Department(id=DECOMPOSED, name="D", parent=DECOMPOSED).parent == COMPOSED
    assert Person(id=DECOMPOSED, name="P", holds=[DECOMPOSED]).holds == (COMPOSED,)
    assert Link(between=(DECOMPOSED, "x")).between == (COMPOSED, "x")
    assert list(Role(id="r", title="T", raci={DECOMPOSED: "R"}).raci) == [COMPOSED]
    assert Responsibility(id=DECOMPOSED, name="R").id == COMPOSED


def test_decomposed_and_composed_spellings_resolve_to_one_id() -> None:
    text = f"""\
format: csmo-model/2
name: Café
social_lead: {COMPOSED}
departments:
  - {{id: {DECOMPOSED}-dept, name: Café}}
responsibilities:
  - {{id: {DECOMPOSED}-r, name: Brew}}
roles:
  - {{id: {DECOMPOSED}-boss, title: Boss, department: {COMPOSED}-dept}}
  - {{id: {COMPOSED}, title: Lead, reports_to: {DECOMPOSED}-boss, raci: {{{COMPOSED}-r: R}}}}
people:
  - {{id: kim, name: Kim, holds: [{DECOMPOSED}]}}
links:
  - {{between: [{DECOMPOSED}, {COMPOSED}-dept]}}
"""
    assert DECOMPOSED in text
    org = cm.loads(text)
    assert list(org.departments) == [f"{COMPOSED}-dept"]
    assert list(org.responsibilities) == [f"{COMPOSED}-r"]
    assert list(org.roles) == [f"{COMPOSED}-boss", COMPOSED]
    assert org.roles[f"{COMPOSED}-boss"].department == f"{COMPOSED}-dept"
    assert org.roles[COMPOSED].reports_to == f"{COMPOSED}-boss"
    assert list(org.roles[COMPOSED].raci) == [f"{COMPOSED}-r"]
    assert org.people["kim"].holds == (COMPOSED,)
    assert org.links[0].between == (COMPOSED, f"{COMPOSED}-dept")
    assert org.social_lead == COMPOSED
    assert DECOMPOSED not in org.roles


def test_nfc_spellings_of_one_id_are_duplicates() -> None:
    with pytest.raises(ModelError) as info:
        Organization.from_parts(
            name="X", roles=[Role(id=COMPOSED, title="A"), Role(id=DECOMPOSED, title="B")]
        )
    assert info.value.problems == (
        Problem("roles[1].id", f"duplicate id {COMPOSED!r}: already used by roles[0]"),
    )


def test_ids_in_non_latin_scripts() -> None:
    org = Organization.from_parts(
        name="東京支社",
        departments=[Department(id="広報部", name="広報部", function=Function.PUBLIC_RELATIONS)],
        roles=[
            Role(id="部長", title="部長", department="広報部"),
            Role(id="सोशल-मीडिया", title="Social", reports_to="部長"),
        ],
    )
    assert org.roles["सोशल-मीडिया"].reports_to == "部長"
    assert cm.loads(cm.dumps(org)) == org


def test_acronym_collisions_keep_roles_distinct() -> None:
    org = Organization.from_parts(
        name="Two CTOs",
        roles=[
            Role(id="cto-tech", title="Chief Technology Officer", acronym="CTO"),
            Role(id="cto-talent", title="Chief Talent Officer", acronym="CTO"),
            Role(id="cro-revenue", title="Chief Revenue Officer", acronym="CRO"),
            Role(id="cro-risk", title="Chief Risk Officer", acronym="CRO", reports_to="cto-tech"),
        ],
    )
    assert list(org.roles) == ["cto-tech", "cto-talent", "cro-revenue", "cro-risk"]
    assert [r.acronym for r in org.roles.values()] == ["CTO", "CTO", "CRO", "CRO"]
    assert org.roles["cto-tech"] != org.roles["cto-talent"]
    assert org.roles["cro-risk"].reports_to == "cto-tech"
    assert cm.loads(cm.dumps(org, "json"), "json") == org


def test_acronym_collisions_in_a_file_load() -> None:
    org = cm.loads(
        "format: csmo-model/2\nname: X\nroles:\n"
        "  - {id: a, title: Chief Technology Officer, acronym: CTO}\n"
        "  - {id: b, title: Chief Transformation Officer, acronym: CTO}\n"
    )
    assert {k: r.title for k, r in org.roles.items()} == {
        "a": "Chief Technology Officer",
        "b": "Chief Transformation Officer",
    }


# -- from_parts and direct construction ------------------------------------------------------


def test_from_parts_reports_every_duplicate_id() -> None:
    with pytest.raises(ModelError) as info:
        Organization.from_parts(
            name="Dupes",
            departments=[Department(id="mkt", name="Marketing")],
            responsibilities=[
                Responsibility(id="s", name="Strategy"),
                Responsibility(id="s", name="Strategy again"),
            ],
            roles=[
                Role(id="ceo", title="CEO"),
                Role(id="mkt", title="Marketing lead"),
                Role(id="ceo", title="Another CEO"),
            ],
            people=[Person(id="p", name="P"), Person(id="p", name="Q")],
        )
    assert info.value.problems == (
        Problem("responsibilities[1].id", "duplicate id 's': already used by responsibilities[0]"),
        Problem(
            "roles[1].id",
            "duplicate id 'mkt': already used by departments[0]; roles and departments share "
            "one set of ids, rename one",
        ),
        Problem("roles[2].id", "duplicate id 'ceo': already used by roles[0]"),
        Problem("people[1].id", "duplicate id 'p': already used by people[0]"),
    )


def test_from_parts_and_load_check_a_valid_organization_once(
    monkeypatch: pytest.MonkeyPatch, acme_text: str
) -> None:
    # Building checks the whole organization; from_parts and the loader must not check
    # it again first (they used to skip the constructor's check through a context
    # variable instead; now they build first and locate problems only on failure).
    from csmo_model import _validation, model

    calls: list[int] = []
    real = _validation.find_problems

    def counted(parts: _validation.Parts) -> list[Problem]:
        calls.append(1)
        return real(parts)

    monkeypatch.setattr(_validation, "find_problems", counted)
    monkeypatch.setattr(model, "find_problems", counted)
    Organization.from_parts(name="X", roles=[Role(id="a", title="A")], blueprints=["csmo-ties"])
    assert len(calls) == 1
    cm.loads(acme_text)
    assert len(calls) == 2


def test_from_parts_locates_a_bad_reference_by_place_not_by_key() -> None:
    # The constructor's check names entities by key; from_parts, given lists, names
    # their places, as a file's problems are named.
    with pytest.raises(ModelError) as info:
        Organization.from_parts(
            name="X", roles=[Role(id="a", title="A"), Role(id="b", title="B", reports_to="c")]
        )
    assert [p.path for p in info.value.problems] == ["roles[1].reports_to"]


@pytest.mark.parametrize(
    ("given", "problem"),
    [
        (
            {"roles": [Role(id="a", title="A"), None]},
            "roles[1]: expected a Role, got NoneType None",
        ),
        (
            {"roles": ["ceo" * 30]},
            "roles[0]: expected a Role, got str 'ceoceoceoceo...oceoceoceoceo'",
        ),
        ({"links": [None]}, "links[0]: expected a Link, got NoneType None"),
        (
            {"people": [Role(id="a", title="A")]},
            "people[0]: expected a Person, got a Role",
        ),
        (
            {"roles": {"b": Role(id="a", title="A")}},
            "roles: expected a list of Role, got a mapping; pass its values",
        ),
        ({"routes": "r"}, "routes: expected a list of Route, got text"),
    ],
)
def test_from_parts_reports_entries_that_are_not_entities(
    given: dict[str, object], problem: str
) -> None:
    # They were dropped silently (None), kept to fail later (a None link), or
    # lost their keys (a mapping): each is a problem, reported with the others.
    with pytest.raises(ModelError) as info:
        Organization.from_parts(name="X", **given)  # type: ignore[arg-type]
    assert [str(p) for p in info.value.problems] == [problem]
    assert info.value.problems[0].code == "wrong-type"


def test_from_parts_normalizes_references_before_locating_problems() -> None:
    # A social lead written decomposed names the composed role, as the constructor
    # reads it; another problem must not bring back a spurious one for the lead.
    decomposed = unicodedata.normalize("NFD", "café")
    roles = [Role(id="café", title="Café"), Role(id="b", title="B", reports_to="zz")]
    with pytest.raises(ModelError) as info:
        Organization.from_parts(name="X", roles=roles, social_lead=decomposed)
    assert [p.path for p in info.value.problems] == ["roles[1].reports_to"]
    org = Organization.from_parts(name="X", roles=roles[:1], social_lead=decomposed)
    assert org.social_lead == "café"


def test_separate_namespaces_may_share_ids() -> None:
    # Roles and departments share one namespace; responsibilities and people do not.
    org = Organization.from_parts(
        name="X",
        responsibilities=[Responsibility(id="ana", name="Ana's job")],
        roles=[Role(id="ana", title="Ana's role", raci={"ana": "R"})],
        people=[Person(id="ana", name="Ana", holds=["ana"])],
    )
    assert org.people["ana"].holds == ("ana",)
    assert org.roles["ana"].raci == {"ana": Raci.R}


def test_from_parts_keeps_document_order() -> None:
    names = ["z", "a", "m", "b"]
    org = Organization.from_parts(name="X", roles=[Role(id=n, title=n) for n in names])
    assert list(org.roles) == names


def test_direct_construction_validates() -> None:
    with pytest.raises(ModelError) as info:
        Organization(
            name="X",
            roles={"a": Role(id="a", title="A", reports_to="b")},
            people={"p": Person(id="p", name="P", holds=["a", "zz"])},
        )
    # Entities in mappings are named by key, never by a position in a dictionary.
    assert info.value.problems == (
        Problem(
            "roles['a'].reports_to",
            "no role 'b'; add a role with that id or correct the reference",
            id="a",
        ),
        Problem(
            "people['p'].holds[1]",
            "no role 'zz'; add a role with that id or correct the reference",
            id="p",
        ),
    )
    assert [p.code for p in info.value.problems] == ["dangling-reference"] * 2


def test_direct_construction_checks_keys_equal_ids() -> None:
    with pytest.raises(ModelError) as info:
        Organization(name="X", roles={"boss": Role(id="ceo", title="CEO")})
    assert info.value.problems == (
        Problem(
            "roles['boss']", "is stored under key 'boss' but has id 'ceo'; keys must equal ids"
        ),
    )


def test_direct_construction_refuses_lists_for_mappings() -> None:
    with pytest.raises(TypeError, match=r"use Organization\.from_parts\(\)"):
        Organization(name="X", roles=[Role(id="a", title="A")])  # type: ignore[arg-type]


# -- no silent coercion from Python ------------------------------------------------------------


def test_person_holds_string_raises_type_error_never_splits() -> None:
    with pytest.raises(TypeError, match=r"got the string 'ana'; write \['ana'\]"):
        Person(id="p", name="P", holds="ana")


@pytest.mark.parametrize(
    "build",
    [
        lambda: Role(id="r", title="R", dotted_to="ceo"),
        lambda: Link(between="ab"),
        lambda: Organization.from_parts(name="X", blueprints="nine-lives"),
    ],
    ids=["dotted_to", "between", "blueprints"],
)
def test_other_id_lists_refuse_a_string(build: object) -> None:
    with pytest.raises(TypeError, match="expected a list of ids, got the string"):
        build()  # type: ignore[operator]


def test_link_needs_exactly_two_ends() -> None:
    with pytest.raises(ValueError, match="a link joins exactly two ids, got 3"):
        Link(between=["a", "b", "c"])  # type: ignore[arg-type]


def test_raci_letters_become_enum_members() -> None:
    role = Role(id="r", title="R", raci={"s": "C", "t": Raci.I})
    assert role.raci == {"s": Raci.C, "t": Raci.I}
    assert all(type(v) is Raci for v in role.raci.values())
    with pytest.raises(ModelError, match=r"raci\['s'\]: unknown RACI letter 'X'; use one of R"):
        Role(id="r", title="R", raci={"s": "X"})
    with pytest.raises(TypeError, match="expected a mapping of responsibility id"):
        Role(id="r", title="R", raci=["s"])  # type: ignore[arg-type]


def test_enums_are_strings_of_the_file_format() -> None:
    assert Function.PUBLIC_RELATIONS == "public-relations"
    assert LinkKind.AUTHORITY == "authority"
    assert {f.value for f in Function} >= {
        "executive",
        "marketing",
        "communications",
        "public-relations",
        "advertising",
        "customer-support",
        "customer-programs",
        "product",
        "research",
        "it",
        "operations",
        "sales",
        "human-resources",
        "legal",
        "design",
        "mobile",
        "finance",
        "agency",
        "other",
    }
    assert [k.value for k in LinkKind] == ["collaboration", "information", "authority"]
    assert [r.value for r in Raci] == ["R", "A", "C", "I", "RA"]


# -- the errors themselves ---------------------------------------------------------------------


def test_model_error_is_a_value_error_with_readable_text() -> None:
    error = ModelError(
        [Problem("roles[0].title", "must not be empty"), Problem("", "whole file")], "x.yaml"
    )
    assert isinstance(error, ValueError)
    assert (
        str(error) == "x.yaml: 2 problems found\n  roles[0].title: must not be empty\n  whole file"
    )
    assert str(ModelError([Problem("name", "must not be empty")])) == (
        "1 problem found\n  name: must not be empty"
    )
    assert issubclass(cm.LoadError, ModelError)


@pytest.mark.parametrize("cls", [ModelError, cm.LoadError])
def test_errors_pickle(cls: type[ModelError]) -> None:
    error = cls([Problem("name", "must not be empty")], "x.yaml")
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls
    assert again.problems == error.problems
    assert again.source == "x.yaml"
    assert str(again) == str(error)
