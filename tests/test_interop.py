"""Foreign formats: graph files, diagrams, W3C ORG Turtle and HR CSV exports."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import csmo_model as cm
from csmo_model import examples, interop
from csmo_model.errors import LoadError, ModelError, Problem
from csmo_model.interop import (
    NotImportedWarning,
    export_graph,
    from_hr_csv,
    from_w3c_org,
    id_from_iri,
    to_dot,
    to_gexf,
    to_graphml,
    to_markdown,
    to_mermaid,
    to_w3c_org,
)
from csmo_model.interop._common import _IdAllocator
from csmo_model.model import Department, Link, Organization, Person, Role
from csmo_model.testing import organizations

BUDGET = settings().max_examples
"""The Hypothesis profile's examples per property (see conftest.py); budgets scale it."""

VIEWS = ("ties", "reporting", "staffing")


@pytest.fixture
def acme() -> Organization:
    return examples.load("acme")


@pytest.fixture
def rdflib() -> Any:
    return pytest.importorskip("rdflib")


def test_namespace() -> None:
    assert set(dir(interop)) == set(interop.__all__)
    assert all(getattr(interop, name) is not None for name in interop.__all__)


# -- GraphML and GEXF ---------------------------------------------------------


def _nodes(G: nx.Graph[str]) -> dict[str, dict[str, Any]]:
    return {n: dict(d) for n, d in G.nodes(data=True)}


def _edges(G: nx.Graph[str], drop: tuple[str, ...] = ()) -> set[tuple[Any, ...]]:
    def ends(u: str, v: str) -> Any:
        return (u, v) if G.is_directed() else frozenset((u, v))

    return {
        (ends(u, v), tuple(sorted((k, x) for k, x in d.items() if k not in drop)))
        for u, v, d in G.edges(data=True)
    }


@pytest.mark.parametrize("name", examples.names())
@pytest.mark.parametrize("view", VIEWS)
def test_graphml_reads_back_as_the_view(name: str, view: Any) -> None:
    org = examples.load(name)
    G = export_graph(org, view)
    H = nx.read_graphml(io.BytesIO(to_graphml(org, view=view).encode("utf-8")))
    assert H.is_directed() == G.is_directed() == (view == "reporting")
    assert _nodes(H) == _nodes(G)
    assert _edges(H) == _edges(G)
    assert H.graph["name"] == org.name


@pytest.mark.parametrize("name", examples.names())
@pytest.mark.parametrize("view", VIEWS)
def test_gexf_reads_back_as_the_view(name: str, view: Any) -> None:
    org = examples.load(name)
    G = export_graph(org, view)
    H = nx.read_gexf(io.BytesIO(to_gexf(org, view=view).encode("utf-8")))
    assert H.is_directed() == G.is_directed()
    assert _nodes(H) == _nodes(G)
    assert _edges(H, drop=("id",)) == _edges(G)  # the reader numbers the edges


def test_export_graph_attributes(acme: Organization) -> None:
    G = export_graph(acme, "ties")
    assert G.nodes["social-lead"] == {
        "type": "role",
        "name": "Social Media Manager",
        "label": "Social Media Manager",
    }
    assert G.edges["social-lead", "ceo"] == {"kinds": "dotted"}
    R = export_graph(acme, "reporting")
    assert R.nodes["ceo"] == {
        "title": "Chief Executive Officer",
        "department": "exec",
        "external": False,
        "vacant": False,
        "label": "Chief Executive Officer",
    }
    S = export_graph(acme, "staffing")
    assert S.nodes["responsibility:strategy"] == {
        "type": "responsibility",
        "csmo_id": "strategy",
        "label": "Social media strategy",
    }
    assert S.edges["role:social-lead", "responsibility:strategy"] == {"kind": "raci", "raci": "A"}
    assert sorted(S["person:ana"]) == ["role:social-lead"]
    with pytest.raises(ValueError, match="unknown view 'org'"):
        export_graph(acme, "org")  # type: ignore[arg-type]


@settings(max_examples=max(1, 2 * BUDGET // 5))
@given(organizations())
def test_graphml_and_gexf_of_any_organization(org: Organization) -> None:
    G = export_graph(org, "ties")
    H = nx.read_graphml(io.BytesIO(to_graphml(org).encode("utf-8")))
    assert _nodes(H) == _nodes(G)
    assert _edges(H) == _edges(G)
    X = nx.read_gexf(io.BytesIO(to_gexf(org).encode("utf-8")))
    assert _nodes(X) == _nodes(G)


def test_writers_write_files_and_return_none(acme: Organization, tmp_path: Path) -> None:
    for suffix, write in (
        (".graphml", to_graphml),
        (".gexf", to_gexf),
        (".mmd", to_mermaid),
        (".dot", to_dot),
        (".md", to_markdown),
    ):
        path = tmp_path / f"acme{suffix}"
        assert write(acme, path) is None
        text = path.read_text(encoding="utf-8")
        if suffix != ".gexf":  # GEXF carries today's date
            assert text == write(acme)
    assert nx.read_graphml(tmp_path / "acme.graphml").number_of_nodes() == 6


# -- Mermaid and DOT ----------------------------------------------------------

ACME_MERMAID = """\
---
title: "Acme Outdoor"
---
flowchart TD
    subgraph d_exec["Executive Office"]
        r_ceo["Chief Executive Officer<br/>Bo Chen"]
        subgraph d_marketing["Marketing"]
            r_cmo["Chief Marketing Officer (CMO)<br/>(vacant)"]
            r_social_lead["Social Media Manager<br/>Ana Ruiz"]
        end
    end
    subgraph d_support["Customer Support"]
    end
    r_ceo --> r_cmo
    r_cmo --> r_social_lead
    r_ceo -.-> r_social_lead
    r_social_lead --- d_support
    classDef vacant stroke-dasharray: 5 5
    classDef lead stroke-width:3px
    class r_cmo vacant
    class r_social_lead lead
"""

ACME_DOT = r"""digraph "Acme Outdoor" {
    graph [compound=true, label="Acme Outdoor", labelloc=t];
    node [shape=box, style=rounded];
    subgraph "cluster_exec" {
        label="Executive Office";
        "exec" [shape=point, style=invis];
        "ceo" [label="Chief Executive Officer\nBo Chen"];
        subgraph "cluster_marketing" {
            label="Marketing";
            "marketing" [shape=point, style=invis];
            "cmo" [label="Chief Marketing Officer (CMO)\n(vacant)", style="rounded,dashed"];
            "social-lead" [label="Social Media Manager\nAna Ruiz", penwidth=3];
        }
    }
    subgraph "cluster_support" {
        label="Customer Support";
        "support" [shape=point, style=invis];
    }
    "ceo" -> "cmo";
    "cmo" -> "social-lead";
    "ceo" -> "social-lead" [style=dashed];
    "social-lead" -> "support" [dir=none, color=gray50, lhead="cluster_support"];
}
"""


def test_mermaid_golden(acme: Organization) -> None:
    assert to_mermaid(acme) == ACME_MERMAID


def test_dot_golden(acme: Organization) -> None:
    assert to_dot(acme) == ACME_DOT


@pytest.fixture
def awkward() -> Organization:
    """Ids that are Mermaid keywords, collide once simplified, or are not Latin; text to escape."""
    return Organization.from_parts(
        name='Say "hi" & co',
        departments=[
            Department(id="sub", name="Sub <graph> #1"),
            Department(id="inner", name="Inner", parent="sub"),
        ],
        roles=[
            Role(id="end", title='Say "hi" & <b>#1</b> `x`', department="sub"),
            Role(id="a-b", title="A", reports_to="end", external=True),
            Role(
                id="a.b",
                title="Back\\slash",
                reports_to="end",
                dotted_to=["a-b"],
                department="inner",
            ),
            Role(id="広報", title="広報部長 PR", reports_to="a.b"),
        ],
        people=[Person(id="p", name="Zoë", holds=["end", "広報"])],
        links=[
            Link(between=("end", "sub"), kind="information"),
            Link(between=("sub", "inner")),
            Link(between=("a-b", "inner")),
        ],
        social_lead="a-b",
    )


def test_mermaid_escapes_ids_and_text(awkward: Organization) -> None:
    assert (
        to_mermaid(awkward)
        == """\
---
title: "Say \\"hi\\" & co"
---
flowchart TD
    subgraph d_sub["Sub #lt;graph#gt; #35;1"]
        r_end["Say #quot;hi#quot; #amp; #lt;b#gt;#35;1#lt;/b#gt; #96;x#96;<br/>Zoë"]
        subgraph d_inner["Inner"]
            rx_a_2e_b["Back\\slash<br/>(vacant)"]
        end
    end
    rx_a_2d_b["A<br/>(vacant)"]
    r__["広報部長 PR<br/>Zoë"]
    r_end --> rx_a_2d_b
    r_end --> rx_a_2e_b
    rx_a_2e_b --> r__
    rx_a_2d_b -.-> rx_a_2e_b
    r_end ---|"information"| d_sub
    d_sub --- d_inner
    rx_a_2d_b --- d_inner
    classDef vacant stroke-dasharray: 5 5
    classDef external fill:#fff4d6
    classDef lead stroke-width:3px
    class rx_a_2d_b,rx_a_2e_b vacant
    class rx_a_2d_b external
    class rx_a_2d_b lead
"""
    )


def test_dot_quotes_ids_and_labels(awkward: Organization) -> None:
    assert (
        to_dot(awkward)
        == r"""digraph "Say \"hi\" & co" {
    graph [compound=true, label="Say \"hi\" & co", labelloc=t];
    node [shape=box, style=rounded];
    subgraph "cluster_sub" {
        label="Sub <graph> #1";
        "sub" [shape=point, style=invis];
        "end" [label="Say \"hi\" & <b>#1</b> `x`\nZoë"];
        subgraph "cluster_inner" {
            label="Inner";
            "inner" [shape=point, style=invis];
            "a.b" [label="Back\\slash\n(vacant)", style="rounded,dashed"];
        }
    }
    "a-b" [label="A\n(vacant)", style="rounded,dashed,filled", fillcolor="#fff4d6", penwidth=3];
    "広報" [label="広報部長 PR\nZoë"];
    "end" -> "a-b";
    "end" -> "a.b";
    "a.b" -> "広報";
    "a-b" -> "a.b" [style=dashed];
    "end" -> "sub" [dir=none, color=gray50, label="information"];
    "sub" -> "inner" [dir=none, color=gray50, lhead="cluster_inner"];
    "a-b" -> "inner" [dir=none, color=gray50, lhead="cluster_inner"];
}
"""
    )


@settings(max_examples=max(1, 3 * BUDGET // 5))
@given(organizations())
def test_diagrams_of_any_organization_are_well_formed(org: Organization) -> None:
    mermaid = to_mermaid(org).splitlines()
    body = mermaid[mermaid.index("flowchart TD") + 1 :]
    nodes = [line.strip() for line in body if '["' in line and "subgraph" not in line]
    assert len(nodes) == len(org.roles)
    assert len({n.split("[")[0] for n in nodes}) == len(org.roles)
    for line in body:
        text = line.strip()
        head = text.split('["')[0].removeprefix("subgraph ")
        if "[" in text:
            assert head.replace("_", "").isalnum(), text
            assert head.isascii(), text
            label = text[text.index('["') + 2 : -2]
            assert '"' not in label, text
            assert "<" not in label.replace("<br/>", ""), text
    dot = to_dot(org)
    # Every quoted string is closed: strip them and only DOT punctuation is left.
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', "S", dot)
    assert '"' not in bare
    assert bare.count("{") == bare.count("}") == len(org.departments) + 1


def test_markdown_is_the_audit(acme: Organization, tmp_path: Path) -> None:
    assert to_markdown(acme) == cm.audit(acme).to_markdown()
    report = cm.audit(acme, max_span=0)
    assert to_markdown(acme, report=report) == report.to_markdown()
    assert to_markdown(acme).startswith("# Audit of Acme Outdoor\n\n3 warning, 2 info.\n")


# -- W3C ORG: export and round trips ------------------------------------------


@pytest.mark.parametrize("name", examples.names())
def test_w3c_round_trip_of_every_example(rdflib: Any, name: str, tmp_path: Path) -> None:
    org = examples.load(name)
    back = from_w3c_org(to_w3c_org(org), on_problem="raise")
    assert back == org
    assert cm.dumps(back) == cm.dumps(org)  # orders kept too, down to each role's RACI
    path = tmp_path / f"{name}.ttl"
    assert to_w3c_org(org, path) is None
    assert from_w3c_org(path, on_problem="raise") == org


@settings(max_examples=6 * BUDGET // 5)
@given(organizations())
def test_w3c_round_trip_of_any_organization(org: Organization) -> None:
    pytest.importorskip("rdflib")
    back = from_w3c_org(to_w3c_org(org), on_problem="raise")
    assert back == org
    assert cm.dumps(back) == cm.dumps(org)


def test_w3c_export_uses_the_organization_ontology(rdflib: Any, acme: Organization) -> None:
    from rdflib import Literal, Namespace, URIRef
    from rdflib.namespace import FOAF, ORG, RDF, SKOS

    base = "https://data.example.com/acme/"
    g = rdflib.Graph().parse(data=to_w3c_org(acme, base=base), format="turtle")
    unit, post, role, person = (
        Namespace(base + k + "/") for k in ("unit", "post", "role", "person")
    )
    C = Namespace(interop.CSMO)
    root = URIRef(base + "organization")
    expected = [
        (root, RDF.type, ORG.Organization),
        (root, SKOS.prefLabel, Literal("Acme Outdoor")),
        (root, ORG.hasUnit, unit["marketing"]),
        (unit["marketing"], RDF.type, ORG.OrganizationalUnit),
        (unit["marketing"], ORG.unitOf, root),
        (unit["marketing"], ORG.subOrganizationOf, unit["exec"]),
        (unit["exec"], ORG.hasSubOrganization, unit["marketing"]),
        (post["social-lead"], RDF.type, ORG.Post),
        (post["social-lead"], ORG.postIn, unit["marketing"]),
        (post["social-lead"], ORG.reportsTo, post["cmo"]),
        (post["social-lead"], C.dottedLineTo, post["ceo"]),
        (post["social-lead"], ORG.role, role["social-lead"]),
        (role["social-lead"], RDF.type, ORG.Role),
        (person["ana"], RDF.type, FOAF.Person),
        (person["ana"], ORG.holds, post["social-lead"]),
        (post["social-lead"], ORG.heldBy, person["ana"]),
        (root, C.socialLead, post["social-lead"]),
    ]
    assert [t for t in expected if t not in g] == []
    (membership,) = g.subjects(ORG.member, person["ana"])
    assert set(g.predicate_objects(membership)) == {
        (RDF.type, ORG.Membership),
        (ORG.member, person["ana"]),
        (ORG.organization, unit["marketing"]),
        (ORG.role, role["social-lead"]),
        (C["index"], Literal(0)),
    }
    assert (post["ceo"], ORG.postIn, unit["exec"]) in g


def test_w3c_export_is_deterministic(rdflib: Any) -> None:
    code = (
        "import csmo_model as cm; from csmo_model.interop import to_w3c_org; "
        "print(to_w3c_org(cm.examples.load('csmo-to-ceo')), end='')"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] == to_w3c_org(examples.load("csmo-to-ceo"))


def test_w3c_base(rdflib: Any, acme: Organization) -> None:
    assert "<https://example.org/acme-outdoor/organization>" in to_w3c_org(acme)
    text = to_w3c_org(acme, base="urn:example:acme")
    assert "<urn:example:acme/organization>" in text
    assert "@prefix post: <urn:example:acme/post/> ." in text
    with pytest.raises(ValueError, match="absolute IRI"):
        to_w3c_org(acme, base="acme/")


@pytest.mark.parametrize(
    ("base", "shown", "at"),
    [
        ("http://x y/", "a space", 9),
        ("http://x/<a>", "'<'", 10),
        ('http://x/"', "'\"'", 10),
        ("http://x/{a}", "'{'", 10),
        ("http://x/a|b", "'|'", 11),
        ("http://x/a\\b", "'\\\\'", 11),
        ("http://x/^", "'^'", 10),
        ("http://x/`", "'`'", 10),
        ("http://x/\t", "'\\t'", 10),
        ("http://x/\x7f", "'\\x7f'", 10),
        ("http://x/\x85", "'\\x85'", 10),
    ],
)
def test_w3c_base_with_a_character_an_iri_cannot_hold(
    rdflib: Any,
    acme: Organization,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    base: str,
    shown: str,
    at: int,
) -> None:
    out = tmp_path / "o.ttl"
    with pytest.raises(ValueError, match="which an IRI cannot hold") as info:
        to_w3c_org(acme, out, base=base)
    assert str(info.value) == (
        f"base {base!r} has {shown} at position {at}, which an IRI cannot hold; "
        "percent-encode it (a space is %20) or leave it out"
    )
    assert not out.exists()
    assert capfd.readouterr().err == ""
    assert caplog.records == []
    assert "<http://x%20y/organization>" in to_w3c_org(acme, base="http://x%20y/")


def test_w3c_export_turns_any_rdflib_failure_into_a_value_error(
    rdflib: Any,
    acme: Organization,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    def fail(*args: Any, **kwargs: Any) -> str:
        logging.getLogger("rdflib.term").warning("noise")
        raise Exception("broken\nsecond line")  # whatever rdflib raises

    monkeypatch.setattr(rdflib.Graph, "serialize", fail)
    with pytest.raises(ValueError, match="as Turtle") as info:
        to_w3c_org(acme)
    assert str(info.value) == "cannot write 'Acme Outdoor' as Turtle: broken"
    assert info.value.__cause__ is None
    assert capfd.readouterr().err == ""


ILL_TYPED = """\
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix csmo: <https://w3id.org/csmo-model/ns#> .
ex:acme a org:Organization ; skos:prefLabel "Acme" .
ex:boss a org:Post ; org:postIn ex:acme ; skos:prefLabel "12x"^^xsd:integer, "Jefe"@es ;
    csmo:index "first"^^xsd:integer ; csmo:external "maybe"^^xsd:boolean .
ex:kim org:holds ex:boss ; csmo:capacity "abc"^^xsd:decimal ; ex:age "abc"^^xsd:integer .
"""


def test_w3c_import_reports_ill_typed_literals_without_a_traceback(
    rdflib: Any, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    top, term = logging.getLogger("rdflib"), logging.getLogger("rdflib.term")
    before = (top.level, top.disabled, term.level, term.disabled)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # rdflib's "Parsing weird boolean" does not get out
        org, problems = _read(ILL_TYPED)
    assert org.roles["boss"].title == "Jefe"
    assert org.roles["boss"].external is None  # the ill-typed value is ignored
    assert org.people["kim"].capacity == 1.0
    assert problems == [
        'ex:boss: csmo:index "first"^^xsd:integer is not a valid xsd:integer; ignored',
        'ex:boss: skos:prefLabel "12x"^^xsd:integer is not a valid xsd:integer; not used',
        # rdflib rewrites "maybe" as "false", so the text is not shown
        "ex:boss: csmo:external has a value that is not a valid xsd:boolean; ignored",
        'ex:kim: csmo:capacity "abc"^^xsd:decimal is not a valid xsd:decimal; ignored',
        "ex:age: 1 statement not understood, not imported (on ex:kim)",  # not used: no check
    ]
    assert capfd.readouterr().err == ""
    assert caplog.records == []
    assert (top.level, top.disabled, term.level, term.disabled) == before  # restored
    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        rdflib.Literal("abc", datatype=rdflib.XSD.integer)
    assert [r.name for r in caplog.records] == ["rdflib.term"]  # rdflib logs again after


def test_w3c_import_reports_labels_it_does_not_keep(rdflib: Any) -> None:
    org, problems = _read(
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "ex:acme a org:Organization ; skos:prefLabel 'Acme'@en, 'Acme'@en-GB, 'ACME' .\n"
        "ex:boss a org:Post ; skos:prefLabel 'Jefe'@es, 'Boss'@en, 'Chef'@fr ;\n"
        "    org:postIn ex:acme ; rdfs:label 'Boss' .\n"  # the same text: nothing is lost
        "ex:a a org:Post ; skos:prefLabel 'A'@en, 'B'@en ; org:postIn ex:acme .\n"
        "ex:b a org:Post ; skos:prefLabel 'Ba'@es ; org:postIn ex:acme .\n"
        "ex:c a org:Post ; skos:prefLabel 'C', 'Ce'@es ; org:postIn ex:acme .\n"
        "ex:d a org:Post ; skos:prefLabel 'D'@de, 'Dé'@fr ; org:postIn ex:acme .\n"
        "ex:kim org:holds ex:boss ; foaf:name 'Kim'@en, 'キム'@ja .\n"
    )
    assert org.name == "Acme"
    assert [r.title for r in org.roles.values()] == ["A", "Ba", "Boss", "C", "D"]
    assert org.people["kim"].name == "Kim"
    assert problems == [  # by predicate IRI, as the statements not understood
        "skos:prefLabel: 6 texts not imported: only one is kept, English first "
        "(on ex:a, ex:acme, ex:boss and 2 more; in en, es, fr, no language)",
        "foaf:name: 1 text not imported: only one is kept, English first (on ex:kim; in ja)",
    ]


BOMB = """\
<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY a "aaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="http://example.org/acme">
    <skos:prefLabel>&c;</skos:prefLabel>
  </rdf:Description>
</rdf:RDF>
"""
REFUSED = (
    "a <!{}> declaration: RDF/XML that declares entities is not read, as they can expand "
    "without limit; write them out in full and remove the declaration"
)


def test_w3c_import_refuses_rdf_xml_that_declares_entities(rdflib: Any, tmp_path: Path) -> None:
    path = tmp_path / "bomb.rdf"
    path.write_text(BOMB, encoding="utf-8")
    with pytest.raises(LoadError) as info:
        from_w3c_org(path)
    assert info.value.source == str(path)
    assert [str(p) for p in info.value.problems] == [f"line 2: {REFUSED.format('DOCTYPE')}"]
    lower = BOMB.replace("DOCTYPE", "doctype")
    only_entity = BOMB.replace("<!DOCTYPE rdf:RDF [", "").replace("]>", "", 1)
    cases: list[tuple[str | bytes, str]] = [
        (lower, "line 2: " + REFUSED.format("DOCTYPE")),  # a string with a line break is RDF
        (lower.encode("utf-8"), "line 2: " + REFUSED.format("DOCTYPE")),
        (BOMB.encode("utf-16"), "line 2: " + REFUSED.format("DOCTYPE")),  # byte-order mark
        (BOMB.encode("utf-16-be"), "line 2: " + REFUSED.format("DOCTYPE")),
        (only_entity, "line 3: " + REFUSED.format("ENTITY")),
    ]
    for data, expected in cases:
        with pytest.raises(LoadError) as info:
            from_w3c_org(data, syntax="xml")
        assert [str(p) for p in info.value.problems] == [expected]
    # Turtle has no entities: the words in a literal are only text.
    org, _ = _read("ex:acme a org:Organization ; skos:prefLabel '<!DOCTYPE x>' .\n")
    assert org.name == "<!DOCTYPE x>"


@pytest.mark.slow
def test_w3c_import_of_many_colliding_names(rdflib: Any) -> None:
    """5,000 posts, units and people with one local name each (boss, team, kim), held
    through memberships naming only the org:Role and the unit, under two top-level
    organizations: every id is right, and none of it is quadratic."""
    n = 5000
    lines = [
        "ex:acme a org:Organization ; skos:prefLabel 'Acme' .",
        "ex:other a org:Organization .",
        "ex:Boss a org:Role ; skos:prefLabel 'Boss' .",
        "<http://z.example.org/boss-3> a org:Post .",  # wanted as it is: never a made-up id
    ]
    for i in range(n):
        at = f"http://n{i:04d}.example.org/"
        lines += [
            f"<{at}team> org:unitOf ex:acme .",
            f"<{at}boss> a org:Post ; org:role ex:Boss ; org:postIn <{at}team> .",
            f"[] a org:Membership ; org:member <{at}kim> ; org:role ex:Boss ;"
            f" org:organization <{at}team> .",
        ]
    org, problems = _read("\n".join(lines) + "\n")
    assert org.name == "Acme"
    assert list(org.roles)[:5] == ["boss", "boss-2", "boss-4", "boss-5", "boss-6"]
    assert list(org.roles)[-2:] == ["boss-5001", "boss-3"]
    assert list(org.departments)[:4] == ["other", "team", "team-2", "team-3"]
    assert list(org.people)[:3] == ["kim", "kim-2", "kim-3"]
    assert org.people["kim"].holds == ("boss",)
    assert org.people["kim-3"].holds == ("boss-4",)
    assert org.people["kim-5000"].holds == ("boss-5001",)
    assert org.roles["boss-5001"] == Role(id="boss-5001", title="Boss", department="team-5000")
    assert (len(org.roles), len(org.departments), len(org.people)) == (n + 1, n + 1, n)
    assert problems == [
        "ex:acme: taken as the organization; the other top-level ones (ex:other) are departments"
    ]


def test_w3c_import_takes_the_top_with_most_units_below_however_deep(rdflib: Any) -> None:
    org, problems = _read(
        "ex:a a org:Organization ; skos:prefLabel 'A' .\n"
        "ex:b a org:Organization ; skos:prefLabel 'B' .\n"
        "ex:a1 org:subOrganizationOf ex:a .\n"
        "ex:a2 org:subOrganizationOf ex:a1 .\n"
        "ex:a3 org:subOrganizationOf ex:a2 .\n"
        "ex:a4 org:subOrganizationOf ex:a3, ex:b .\n"  # below both
        "ex:b1 org:subOrganizationOf ex:b .\n"
        "ex:b2 org:subOrganizationOf ex:b .\n"
        "ex:b3 org:subOrganizationOf ex:b .\n"
        "ex:b3 org:subOrganizationOf ex:b1 .\n"  # counted once
    )
    assert org.name == "A"  # 4 below, against 4 for ex:b: then by IRI
    assert problems[0] == (
        "ex:a: taken as the organization; the other top-level ones (ex:b) are departments"
    )
    org, _ = _read(
        "ex:a a org:Organization ; skos:prefLabel 'A' .\n"
        "ex:b a org:Organization ; skos:prefLabel 'B' .\n"
        "ex:a1 org:subOrganizationOf ex:a .\n"
        "ex:b1 org:subOrganizationOf ex:b .\n"
        "ex:b2 org:subOrganizationOf ex:b1 .\n"
    )
    assert org.name == "B"  # 2 below, one of them two levels down


@pytest.mark.parametrize(
    ("iri", "expected"),
    [
        ("https://example.org/post/social-lead", "social-lead"),
        ("https://example.org/post/nine-lives%2Fstrategy", "nine-lives/strategy"),
        ("http://example.org/org#Direcci%C3%B3n%20General", "Dirección-General"),
        ("http://example.org/org/広報部", "広報部"),
        ("http://example.org/people/jane/", "jane"),
        ("urn:isbn:12345", "12345"),
        ("http://example.org/e\u0301te\u0301", "\u00e9t\u00e9"),  # NFC
        ("http://example.org/_x%FF", "x"),  # invalid UTF-8, leading underscore
        ("http://example.org/%20", ""),
    ],
)
def test_id_from_iri(iri: str, expected: str) -> None:
    assert id_from_iri(iri) == expected


# -- W3C ORG: files written by others -----------------------------------------

CITY = """\
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix ex:   <http://data.example.org/city/> .
@prefix hr:   <http://hr.example.org/> .

<http://data.example.org/city/> a owl:Ontology .

ex:council a org:FormalOrganization ;
    skos:prefLabel "Ayuntamiento de Ejemplo"@es, "City of Example"@en ;
    org:hasUnit ex:Comunicaci%C3%B3n .

ex:Comunicaci%C3%B3n a org:OrganizationalUnit ;
    rdfs:label "Comunicación"@es ;
    org:hasSubOrganization ex:prensa .

ex:redes a org:OrganizationalUnit ;
    rdfs:label "Redes sociales"@es, "Social media"@en-GB ;
    org:subOrganizationOf ex:Comunicaci%C3%B3n .

ex:prensa rdfs:label "Prensa" .

ex:広報部 a org:OrganizationalUnit ;
    skos:prefLabel "広報部"@ja ;
    org:unitOf ex:council .

ex:sales a org:OrganizationalUnit ;
    skos:prefLabel "Sales" ;
    org:unitOf ex:council .

ex:jefe a org:Post ;
    skos:prefLabel "Jefe de Comunicación"@es ;
    org:postIn ex:Comunicaci%C3%B3n ;
    org:role ex:Director .

ex:community%20manager a org:Post ;
    rdfs:label "Community manager" ;
    org:postIn ex:redes ;
    org:reportsTo ex:jefe, ex:asesor .

ex:asesor a org:Post ;
    rdfs:label "Berater"@de, "Conseiller"@fr .

hr:sales a org:Post ;
    skos:prefLabel "Sales lead" ;
    org:postIn ex:sales .

ex:Director a org:Role ; skos:prefLabel "Director" .
ex:Spokesperson a org:Role ; skos:prefLabel "Spokesperson"@en .

hr:maria org:holds ex:asesor ;
    foaf:name "María García" ;
    foaf:mbox <mailto:maria@example.org> .

ex:community%20manager org:heldBy hr:li .
hr:li foaf:givenName "Li" ; foaf:familyName "Wei" .

ex:community%20manager org:heldBy [ foaf:name "Zoë" ] .

hr:omar a foaf:Person ; foaf:name "Omar" .

[] a org:Membership ;
    org:member hr:omar ;
    org:organization ex:Comunicaci%C3%B3n ;
    org:role ex:Director .

[] a org:Membership ;
    org:member hr:omar ;
    org:organization ex:prensa ;
    org:role ex:Spokesperson .
"""


def test_w3c_import_of_a_file_written_by_others(rdflib: Any, tmp_path: Path) -> None:
    """Units found every way ORG allows, posts without org:postIn, holders via
    org:holds, org:heldBy and memberships, labels in several languages and
    properties, non-ASCII and percent-encoded IRIs, an id collision, and two
    statements nobody models."""
    path = tmp_path / "city.ttl"
    path.write_text(CITY, encoding="utf-8")
    problems: list[Problem] = []
    org = from_w3c_org(path, on_problem=problems.append)
    assert org == Organization.from_parts(
        name="City of Example",  # English preferred over Spanish
        departments=[
            Department(id="Comunicación", name="Comunicación"),  # from ex:Comunicaci%C3%B3n
            Department(id="prensa", name="Prensa", parent="Comunicación"),  # untyped
            Department(id="redes", name="Social media", parent="Comunicación"),  # en-GB
            Department(id="sales", name="Sales"),
            Department(id="広報部", name="広報部"),
        ],
        roles=[
            Role(id="asesor", title="Berater"),  # no postIn; de before fr
            Role(
                id="community-manager",
                title="Community manager",
                department="redes",
                reports_to="jefe",  # the manager in a unit above it
                dotted_to=["asesor"],
            ),
            Role(id="jefe", title="Jefe de Comunicación", department="Comunicación"),
            Role(id="sales-2", title="Sales lead", department="sales"),  # hr:sales after ex:sales
            Role(id="Spokesperson", title="Spokesperson", department="prensa"),  # a membership
        ],
        people=[
            Person(id="li", name="Li Wei", holds=["community-manager"]),
            Person(id="maria", name="María García", holds=["asesor"]),
            Person(id="omar", name="Omar", holds=["jefe", "Spokesperson"]),
            Person(id="Zoë", name="Zoë", holds=["community-manager"]),  # a blank node
        ],
    )
    assert problems == [
        Problem(
            "ex:community%20manager",
            "reports to 2 posts; the line to ex:jefe is the solid one, "
            "the others (ex:asesor) are dotted lines",
        ),
        Problem("ex:jefe", "its org:role ex:Director ('Director') is not kept"),
        Problem(  # labels in other languages are not dropped silently
            "rdfs:label",
            "2 texts not imported: only one is kept, English first "
            "(on ex:asesor, ex:redes; in es, fr)",
        ),
        Problem(
            "skos:prefLabel",
            "1 text not imported: only one is kept, English first (on ex:council; in es)",
        ),
        Problem(
            "rdf:type owl:Ontology",
            "1 statement not understood, not imported (on <http://data.example.org/city/>)",
        ),
        Problem("foaf:mbox", "1 statement not understood, not imported (on hr:maria)"),
    ]


def test_w3c_import_reports_by_warning_by_default(rdflib: Any) -> None:
    with pytest.warns(NotImportedWarning) as caught:
        org = from_w3c_org(CITY)
    assert org.name == "City of Example"
    (warning,) = caught
    assert isinstance(warning.message, NotImportedWarning)
    assert len(warning.message.problems) == 6
    assert str(warning.message).startswith("6 things not imported\n  ex:community%20manager: ")


def test_w3c_import_strict(rdflib: Any) -> None:
    with pytest.raises(ModelError) as info:
        from_w3c_org(CITY, on_problem="raise")
    assert len(info.value.problems) == 6
    with pytest.raises(ValueError, match="on_problem must be"):
        from_w3c_org(CITY, on_problem="ignore")  # type: ignore[arg-type]


PREFIXES = """\
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/> .
"""


def _read(turtle: str) -> tuple[Organization, list[str]]:
    problems: list[Problem] = []
    org = from_w3c_org(PREFIXES + turtle, on_problem=problems.append)
    return org, [str(p) for p in problems]


def test_w3c_import_without_an_organization(rdflib: Any) -> None:
    org, problems = _read("ex:boss a org:Post .\nex:kim org:holds ex:boss .\n")
    assert org == Organization.from_parts(
        name="Imported organization",
        roles=[Role(id="boss", title="boss")],
        people=[Person(id="kim", name="kim", holds=["boss"])],
    )
    assert problems == [
        "the file gives the organization no name; it is called 'Imported organization'"
    ]


def test_w3c_import_of_people_reporting_to_people(rdflib: Any) -> None:
    org, problems = _read(
        "ex:a org:holds ex:p1 ; org:reportsTo ex:b .\n"
        "ex:b org:holds ex:p2 .\n"
        "ex:c org:holds ex:p3, ex:p4 ; org:reportsTo ex:b .\n"
    )
    assert org.roles["p1"].reports_to == "p2"
    assert org.roles["p3"].reports_to is None
    assert problems == [
        "the file gives the organization no name; it is called 'Imported organization'",
        "ex:c: reports to ex:b; a person's reporting line is kept only when both hold "
        "exactly one role",
    ]


def test_w3c_import_links_and_odd_memberships(rdflib: Any) -> None:
    org, problems = _read(
        "ex:acme a org:Organization ; skos:prefLabel 'Acme' ; org:hasUnit ex:a, ex:b .\n"
        "ex:a org:linkedTo ex:b, ex:acme .\n"
        "ex:m a org:Membership ; org:member ex:kim .\n"
    )
    assert org.links == (Link(between=("a", "b")),)
    assert org.people["kim"].holds == ()
    assert problems == [
        "ex:m: a membership needs one person, one org:role and at most one org:organization; "
        "not imported",
        "ex:a: org:linkedTo ex:acme joins no two departments; not imported",
    ]


def test_w3c_import_locates_model_errors_by_iri(rdflib: Any) -> None:
    with pytest.raises(ModelError) as info:
        from_w3c_org(PREFIXES + "ex:a org:reportsTo ex:b .\nex:b org:reportsTo ex:a .\n")
    assert [str(p) for p in info.value.problems] == [
        "ex:a.reports_to: reporting lines form a cycle: a -> b -> a; break it"
    ]


def test_w3c_import_of_bad_turtle(rdflib: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text(PREFIXES + 'ex:a ex:b "open\n', encoding="utf-8")
    with pytest.raises(LoadError) as info:
        from_w3c_org(path)
    assert info.value.source == str(path)
    assert [str(p) for p in info.value.problems] == [
        "line 5: not valid Turtle: newline found in string literal"
    ]
    with pytest.raises(LoadError, match="cannot read the file"):
        from_w3c_org(tmp_path / "missing.ttl")
    with pytest.raises(LoadError, match="over the limit of 10 bytes"):
        from_w3c_org(PREFIXES, max_bytes=10)
    with pytest.raises(ValueError, match="unknown syntax 'json-ld'"):
        from_w3c_org(PREFIXES, syntax="json-ld")  # type: ignore[arg-type]


def test_w3c_import_of_rdf_xml(rdflib: Any, acme: Organization, tmp_path: Path) -> None:
    g = rdflib.Graph().parse(data=to_w3c_org(acme), format="turtle")
    path = tmp_path / "acme.rdf"
    path.write_text(g.serialize(format="xml"), encoding="utf-8")
    assert from_w3c_org(path, on_problem="raise") == acme


def test_missing_rdflib_names_the_extra(
    acme: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "rdflib", None)
    message = r"pip install 'csmo-model\[rdf\]'"
    with pytest.raises(ImportError, match=message):
        to_w3c_org(acme)
    with pytest.raises(ImportError, match=message):
        from_w3c_org(PREFIXES)


def test_interop_imports_without_rdflib() -> None:
    code = (
        "import sys; sys.modules['rdflib'] = None; "
        "import csmo_model.interop as i; print(i.to_mermaid(__import__('csmo_model').examples"
        ".load('acme')).splitlines()[3])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "flowchart TD\n"


# -- HR CSV -------------------------------------------------------------------

MAPPING = {
    "id": "Employee ID",
    "name": "Full Name",
    "title": "Job Title",
    "department": "Dept",
    "manager_id": "Supervisor",
    "capacity": "FTE",
}


def _csv(tmp_path: Path, text: str, *, encoding: str = "utf-8-sig", name: str = "hr.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_hr_csv_from_excel(tmp_path: Path) -> None:
    """Excel's "CSV UTF-8" in a semicolon locale: BOM, CRLF, decimal commas."""
    path = _csv(
        tmp_path,
        "Employee ID;Full Name;Job Title;Dept;Supervisor;FTE;Email;\r\n"
        "e1;Bo Chen;CEO;Executive;;1;bo@x.com;\r\n"
        "ana@x.com;Ana Ruiz;Social Media Manager;Marketing;e1;0,5;ana@x.com;\r\n"
        'e3;Cy;"Community\nmanager";marketing ;ana@x.com;;;\r\n'
        ";;;;;;;\r\n"
        "e6;Fay;Lead;Sales;e1;;;x\r\n",
    )
    notes: list[Problem] = []
    org = from_hr_csv(path, mapping=MAPPING, on_problem=notes.append)
    assert org == Organization.from_parts(
        name="hr",
        departments=[
            Department(id="executive", name="Executive", function="executive"),
            Department(id="marketing", name="Marketing", function="marketing"),
            Department(id="sales", name="Sales", function="sales"),
        ],
        roles=[
            Role(id="e1", title="CEO", department="executive"),
            Role(
                id="ana-x.com",
                title="Social Media Manager",
                department="marketing",
                reports_to="e1",
            ),
            Role(
                id="e3", title="Community manager", department="marketing", reports_to="ana-x.com"
            ),
            Role(id="e6", title="Lead", department="sales", reports_to="e1"),
        ],
        people=[
            Person(id="e1", name="Bo Chen", holds=["e1"]),
            Person(id="ana-x.com", name="Ana Ruiz", holds=["ana-x.com"], capacity=0.5),
            Person(id="e3", name="Cy", holds=["e3"]),
            Person(id="e6", name="Fay", holds=["e6"]),
        ],
    )
    assert [str(n) for n in notes] == [
        "line 1: column 'Email' is not imported: csmo_model has no field for it",
        "line 1: column 8 has no name; its values are not imported",
        "line 3: id 'ana@x.com' is not a valid id; it is 'ana-x.com'",
        "line 4: the title's line breaks are read as spaces: 'Community manager'",
        "line 4: department 'marketing' is read as 'Marketing' (line 3)",
        "line 6: empty row; skipped",
    ]


def test_hr_csv_bad_rows_are_all_reported_with_their_lines(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "Employee ID;Full Name;Job Title;Dept;Supervisor;FTE\r\n"
        "e1;Bo Chen;CEO;Executive;;1\r\n"  # line 2
        "e2;Ana Ruiz;Social Media Manager;Marketing;e1;0,5\r\n"
        "e3;Cy;;marketing;e9;\r\n"  # line 4: no title; e9 exists, on a broken row
        "e2;Dup;Analyst;Sales;x;\r\n"  # line 5: duplicate, unknown manager
        "e5;;Analyst;Sales;e5;abc\r\n"  # line 6
        "e6;Fay;Lead;Sales;e7;\r\n"  # line 7: a cycle with line 8
        "e7;Gus;Lead;Sales;e6;\r\n"
        'e8;Hal;"Two\nlines";Sales;e1;\r\n'  # lines 9-10
        "e9;Ian;Too;Many;e1;;extra\r\n"  # line 11
        ";Jo;Temp;;e1;\r\n"  # line 12
        "e12;Kim;Temp;;e1\r\n",  # line 13
    )
    with pytest.raises(ModelError) as info:
        from_hr_csv(path, mapping=MAPPING, on_problem="raise")
    assert info.value.source == str(path)
    assert [str(p) for p in info.value.problems] == [
        "line 4: title is empty",
        "line 5: duplicate id 'e2' (first on line 3)",
        "line 5: manager 'x' not found",
        "line 6: name is empty",
        "line 6: capacity 'abc' is not a positive number; write digits with at most one "
        "decimal point or comma, such as 0.5 or 0,5",
        "line 6: manager 'e5' is the person themselves",
        "line 7: reporting lines form a cycle: e6 -> e7 -> e6; break it",
        "line 11: 7 fields, but the header has 6 columns",
        "line 12: id is empty",
        "line 13: 5 fields, but the header has 6 columns",
    ]


def test_hr_csv_columns(tmp_path: Path) -> None:
    path = _csv(tmp_path, "ID,Name,Position\r\n1,Bo,CEO\r\n", encoding="utf-8")
    with pytest.raises(ModelError) as info:
        from_hr_csv(path)
    assert [str(p) for p in info.value.problems] == [
        "line 1: no column 'title' for the title; the columns are 'ID', 'Name', 'Position', "
        "or name the column with mapping={'title': ...} (command line: --map title=COLUMN)"
    ]
    org = from_hr_csv(path, mapping={"title": "position"}, name="Tiny")
    assert org.roles["1"].title == "CEO"
    assert org.name == "Tiny"
    with pytest.raises(ModelError, match="no column 'Boss' for the manager_id"):
        from_hr_csv(path, mapping={"title": "position", "manager_id": "Boss"})
    with pytest.raises(ValueError, match="mapping names no field 'email'"):
        from_hr_csv(path, mapping={"email": "E-mail"})
    twice = _csv(tmp_path, "id,name,title,Name\n1,Bo,CEO,B\n", name="twice.csv")
    with pytest.raises(
        ModelError, match=r"line 1: column 'Name' appears twice \(columns 2 and 4\)"
    ):
        from_hr_csv(twice)


def test_hr_csv_level_column(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "id,name,title,manager_id,Level\n1,Bo,CEO,,C-Suite\n2,Al,Lead,1,director\n3,Cy,Aide,2,\n",
        encoding="utf-8",
    )
    org = from_hr_csv(path)
    assert [(r.id, r.level) for r in org.roles.values()] == [
        ("1", cm.Level.C_SUITE),
        ("2", cm.Level.DIRECTOR),
        ("3", None),
    ]
    bad = _csv(tmp_path, "id,name,title,level\n1,Bo,CEO,directr\n", name="bad.csv")
    with pytest.raises(ModelError) as info:
        from_hr_csv(bad)
    assert [str(p) for p in info.value.problems] == [
        "line 2: level 'directr' is not a level (did you mean 'director'?); write one of "
        "board, c-suite, vp, director, manager, staff, or leave it empty"
    ]


def test_hr_csv_header_spellings_and_delimiters(tmp_path: Path) -> None:
    tab = _csv(
        tmp_path, "ID\tNAME\tTitle\tManager ID\n1\tBo\tCEO\t\n2\tAna\tCSMO\t1\n", name="a.tsv"
    )
    assert from_hr_csv(tab).roles["2"].reports_to == "1"
    utf16 = _csv(tmp_path, "id\tname\ttitle\n1\tZoë\t広報部長\n", encoding="utf-16", name="b.txt")
    assert from_hr_csv(utf16).people["1"].name == "Zoë"
    sep = _csv(tmp_path, "sep=;\nid;name;title;manager_id\n1;Bo;CEO;\n2;Ana;CSMO;9\n", name="c.csv")
    with pytest.raises(ModelError, match="line 4: manager '9' not found"):
        from_hr_csv(sep)
    quoted = _csv(tmp_path, 'id,name,title\n1,"Chen, Bo","CEO; founder"\n', name="d.csv")
    assert from_hr_csv(quoted).people["1"].name == "Chen, Bo"


def test_hr_csv_encodings(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,name,title\n1,Bo,CEO\n2,José,CTO\n", encoding="cp1252")
    with pytest.raises(LoadError) as info:
        from_hr_csv(path)
    assert [str(p) for p in info.value.problems] == [
        "line 3: byte 0xe9 is not utf-8; export the file as 'CSV UTF-8', or pass the encoding "
        "it has (such as encoding='cp1252')"
    ]
    assert from_hr_csv(path, encoding="cp1252").people["2"].name == "José"
    empty = _csv(tmp_path, "\r\n", name="empty.csv")
    with pytest.raises(LoadError, match="the file is empty"):
        from_hr_csv(empty)
    with pytest.raises(LoadError, match="cannot read the file"):
        from_hr_csv(tmp_path / "missing.csv")
    huge = _csv(tmp_path, f'id,name,title\n1,Bo,CEO\n2,"{"x" * 200_000}",CTO\n', name="huge.csv")
    with pytest.raises(LoadError) as info:
        from_hr_csv(huge)
    assert [str(p) for p in info.value.problems] == [
        "line 3: cannot be read as CSV: field larger than field limit (131072)"
    ]


def test_hr_csv_notes_warn_by_default(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,name,title,email\n1,Bo,CEO,bo@x.com\n")
    with pytest.warns(NotImportedWarning, match="column 'email' is not imported"):
        from_hr_csv(path)
    with pytest.raises(ModelError, match="column 'email' is not imported"):
        from_hr_csv(path, on_problem="raise")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        from_hr_csv(path, mapping={"notes": "email"})  # mapped: nothing left out


def test_hr_csv_ids_that_collide_once_made_valid(tmp_path: Path) -> None:
    path = _csv(tmp_path, "id,name,title,department\na b,A,T,It\na-b,B,T,IT\nit,C,T,\n")
    notes: list[Problem] = []
    org = from_hr_csv(path, on_problem=notes.append)
    assert list(org.people) == ["a-b-2", "a-b", "it"]  # the valid id keeps its spelling
    assert list(org.departments) == ["it-2"]  # roles come first in the shared namespace
    assert org.departments["it-2"].function == "it"
    assert [str(n) for n in notes] == [
        "line 2: id 'a b' is not a valid id; it is 'a-b-2'",
        "line 3: department 'IT' is read as 'It' (line 2)",
    ]


def test_hr_csv_round_trips_through_our_format(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "id,name,title,manager_id,capacity,notes\n1,Bo,CEO,,0.8,founder\n2,Ana,CSMO,1,,\n"
    )
    org = from_hr_csv(path)
    assert org.people["1"] == Person(id="1", name="Bo", holds=["1"], capacity=0.8, notes="founder")
    out = tmp_path / "org.yaml"
    cm.dump(org, out)
    assert cm.load(out) == org


def test_hr_csv_compares_ids_and_departments_in_nfc(tmp_path: Path) -> None:
    """é typed as e + U+0301 is é: a duplicate, a manager found, one department."""
    decomposed = "e\u0301"
    path = _csv(
        tmp_path,
        f"id,name,title,manager_id,department\n"
        f"é,Ana,CEO,,Café\n"
        f"x,Bo,CMO,{decomposed},Caf{decomposed}\n"
        f"{decomposed},Cy,CTO,x,\n",
    )
    with pytest.raises(ModelError) as info:
        from_hr_csv(path)
    assert [str(p) for p in info.value.problems] == ["line 4: duplicate id 'é' (first on line 2)"]
    path = _csv(
        tmp_path,
        f"id,name,title,manager_id,department\n"
        f"{decomposed},Ana,CEO,,Café\n"
        f"x,Bo,CMO,é,Caf{decomposed}\n",
    )
    org = from_hr_csv(path, on_problem="raise")  # nothing renamed, nothing to report
    assert list(org.people) == ["é", "x"]
    assert org.roles["x"].reports_to == "é"
    assert list(org.departments) == ["café"]
    assert org.departments["café"].name == "Café"


def _allocate_as_before(taken: set[str], wanted: list[tuple[Any, str]], fallback: str) -> Any:
    """The allocator as it was: probing -2, -3... from the start for each collision."""
    out: dict[Any, str] = {}
    rest = []
    for key, want in [(k, w or fallback) for k, w in wanted]:
        if want in taken:
            rest.append((key, want))
        else:
            taken.add(want)
            out[key] = want
    for key, want in rest:
        n = 2
        while f"{want}-{n}" in taken:
            n += 1
        taken.add(f"{want}-{n}")
        out[key] = f"{want}-{n}"
    return out


@given(
    st.lists(
        st.lists(st.sampled_from(["x", "x-2", "x-3", "x-2-2", "y", "item", "item-2", ""])),
        max_size=4,
    )
)
@settings(max_examples=2 * BUDGET)
def test_id_allocator_hands_out_the_ids_it_always_did(calls: list[list[str]]) -> None:
    allocator, taken = _IdAllocator(), set[str]()
    for i, wanted in enumerate(calls):  # one allocator, several calls, as the readers use it
        pairs = [((i, j), w) for j, w in enumerate(wanted)]
        got = allocator.allocate(pairs, "item")
        assert list(got.items()) == list(_allocate_as_before(taken, pairs, "item").items())
    assert allocator.taken == taken


def test_allocator_is_linear_in_collisions() -> None:
    ids = _IdAllocator().allocate([(i, "x") for i in range(5000)], "item")
    assert [ids[i] for i in (0, 1, 2, 4999)] == ["x", "x-2", "x-3", "x-5000"]


def test_shared_helpers_live_in_common() -> None:
    from csmo_model.interop import _common, hr_csv, w3c_org

    assert interop.OnProblem is _common.OnProblem is w3c_org.OnProblem
    assert interop.NotImportedWarning is _common.NotImportedWarning is w3c_org.NotImportedWarning
    for name in ("_as_id", "_deliver", "_IdAllocator"):
        assert getattr(hr_csv, name) is getattr(_common, name) is getattr(w3c_org, name)
