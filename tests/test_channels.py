"""Channels and listening routes: the model, the file format, the checks, the graph."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import csmo_model as cm
from csmo_model import edits as ed
from csmo_model import positions, schema
from csmo_model.graph import tie_graph
from csmo_model.model import TOPIC_FUNCTIONS, Function

HEAD = "format: csmo-model/2\nname: T\n"


def desk(**changes: Any) -> cm.Organization:
    """A small routed desk: support, PR and a CEO; *changes* replace from_parts arguments."""
    parts: dict[str, Any] = {
        "name": "Desk",
        "departments": [
            cm.Department(id="exec", name="Exec", function="executive"),
            cm.Department(id="support", name="Support", function="customer-support", parent="exec"),
            cm.Department(id="care", name="Care", function="other", parent="support"),
            cm.Department(id="pr", name="PR", function="public-relations", parent="exec"),
        ],
        "roles": [
            cm.Role(id="ceo", title="CEO", department="exec"),
            cm.Role(id="lead", title="Social lead", department="exec", reports_to="ceo"),
            cm.Role(id="support-head", title="Head of Support", department="support"),
            cm.Role(id="agent", title="Care agent", department="care"),
            cm.Role(id="press", title="Press officer", department="pr"),
            cm.Role(id="intern", title="Intern", department="exec"),
        ],
        "people": [
            cm.Person(id="bo", name="Bo", holds=["ceo"]),
            cm.Person(id="ana", name="Ana", holds=["lead"]),
            cm.Person(id="kim", name="Kim", holds=["support-head"]),
            cm.Person(id="lee", name="Lee", holds=["press"]),
        ],
        "social_lead": "lead",
    }
    parts.update(changes)
    return cm.Organization.from_parts(**parts)


def found(org: cm.Organization) -> list[tuple[str, str, tuple[str, ...]]]:
    report = cm.audit(org, select=("channels",))
    return [(f.kind, f.severity.value, f.ids) for f in report]


# -- the model ---------------------------------------------------------------------------------


def test_every_topic_has_its_functions_in_one_table() -> None:
    assert set(TOPIC_FUNCTIONS) == set(cm.Topic)
    assert {t.value: [f.value for f in t.functions] for t in cm.Topic} == {
        "complaint": ["customer-support"],
        "support-request": ["customer-support"],
        "sales-lead": ["sales"],
        "press": ["public-relations", "communications"],
        "crisis": ["executive"],
        "product-feedback": ["product"],
        "employee": ["human-resources"],
        "legal": ["legal"],
        "other": [],
    }
    assert {Function.SALES, Function.HUMAN_RESOURCES, Function.LEGAL} <= set(Function)


def test_platforms_are_the_issue_s() -> None:
    assert [p.value for p in cm.Platform] == [
        "x",
        "facebook",
        "instagram",
        "linkedin",
        "tiktok",
        "youtube",
        "threads",
        "bluesky",
        "reddit",
        "blog",
        "forum",
        "review-sites",
        "other",
    ]


def test_entities_built_in_python_fail_with_the_loader_s_words() -> None:
    with pytest.raises(cm.ModelError) as info:
        cm.Route(topic="compliant", to="x")
    (problem,) = info.value.problems
    assert (problem.path, problem.code) == ("topic", "unknown-topic")
    assert "did you mean 'complaint'?" in problem.message
    with pytest.raises(cm.ModelError) as info:
        cm.Channel(id="x", name="X", platform="linked-in")
    assert info.value.problems[0].code == "unknown-platform"
    with pytest.raises(TypeError, match="write"):
        cm.Channel(id="x", name="X", platform="x", listeners="agent")


def test_dangling_and_repeated_references_are_located_by_key() -> None:
    channels = [
        cm.Channel(id="x", name="X", platform="x", owner="led", listeners=["agent", "agent"]),
        cm.Channel(id="fb", name="FB", platform="facebook", owner="support"),
    ]
    routes = [
        cm.Route(topic="complaint", to="support-head"),
        cm.Route(topic="complaint", to="support-head"),
        cm.Route(topic="press", to="pres"),
    ]
    with pytest.raises(cm.ModelError) as info:
        desk(channels=channels, routes=routes)
    assert [(p.path, p.code) for p in info.value.problems] == [
        ("channels[0].owner", "dangling-reference"),
        ("channels[0].listeners[1]", "repeated-reference"),
        ("channels[1].owner", "wrong-kind-reference"),
        ("routes[1]", "duplicate-route"),
        ("routes[2].to", "dangling-reference"),
    ]
    assert "did you mean 'lead'?" in info.value.problems[0].message
    assert info.value.problems[3].message == (
        "topic 'complaint' already goes to 'support-head' in routes[0]; remove the repeat"
    )


def test_the_loader_locates_bad_platforms_topics_and_repeated_channel_ids() -> None:
    text = (
        HEAD
        + "roles: [{id: a, title: A}]\n"
        + "channels:\n"
        + "  - {id: x, name: X, platform: twiter}\n"
        + "  - {id: x, name: Y, platform: x}\n"
        + "routes:\n"
        + "  - {topic: sales, to: a}\n"
    )
    with pytest.raises(cm.ModelError) as info:
        cm.loads(text)
    where = positions.source_map(text, "yaml")
    assert [(p.path, p.code, where.find(p.path)) for p in info.value.problems] == [
        ("channels[0].platform", "unknown-platform", (5, 22)),
        ("channels[1].id", "duplicate-id", (6, 6)),
        ("routes[0].topic", "unknown-topic", (8, 6)),
    ]
    assert where.subject("channel", "x") == (5, 5)
    assert where.subject("route", "sales->a") == (8, 5)


def test_channel_ids_are_their_own_namespace() -> None:
    org = desk(channels=[cm.Channel(id="lead", name="Lead's blog", platform="blog", owner="lead")])
    assert org.channels["lead"].owner == "lead"
    assert "channel:lead" in tie_graph(org, channels=True)


@pytest.mark.parametrize("syntax", ["yaml", "json", "toml"])
def test_round_trip(syntax: Any) -> None:
    org = desk(
        channels=[
            cm.Channel(
                id="x", name="@d on X", platform="x", owner="lead", listeners=["agent", "ceo"]
            ),
            cm.Channel(id="blog", name="Blog", platform="blog", notes="Weekly."),
        ],
        routes=[cm.Route(topic="complaint", to="support-head", notes="Same day.")],
    )
    assert cm.loads(cm.dumps(org, syntax), syntax) == org
    doc = cm.io.to_dict(org)
    assert list(doc)[-2:] == ["channels", "routes"]
    assert doc["routes"] == [{"topic": "complaint", "to": "support-head", "notes": "Same day."}]


def test_the_schema_lists_the_sections_and_their_enums() -> None:
    props = schema.model_schema()["properties"]
    assert props["channels"]["items"]["properties"]["platform"]["enum"][:2] == ["x", "facebook"]
    assert props["routes"]["items"]["required"] == ["topic", "to"]


def test_without_a_role_empties_its_channels_and_drops_its_routes() -> None:
    org = desk(
        channels=[cm.Channel(id="x", name="X", platform="x", owner="lead", listeners=["agent"])],
        routes=[cm.Route(topic="complaint", to="agent"), cm.Route(topic="crisis", to="ceo")],
    )
    gone = cm.without(org, roles={"lead", "agent"})
    assert gone.channels["x"] == cm.Channel(id="x", name="X", platform="x")
    assert gone.routes == (cm.Route(topic="crisis", to="ceo"),)
    assert cm.without(org, people={"ana"}).channels == org.channels


def test_add_route_edit() -> None:
    org = desk()
    new = ed.apply(org, [ed.AddRoute(topic="press", to="press")])
    assert new.routes == (cm.Route(topic="press", to="press"),)
    with pytest.raises(cm.ModelError) as info:
        ed.apply(new, [ed.AddRoute(topic="press", to="press"), ed.AddRoute(topic="legal", to="x")])
    assert [str(p) for p in info.value.problems] == [
        "edits[0] (add-route): topic 'press' already goes to 'press'",
        "edits[1] (add-route): no role 'x'",
    ]
    assert ed.from_dict({"op": "add-route", "topic": "crisis", "to": "ceo"}) == ed.AddRoute(
        topic="crisis", to="ceo"
    )


# -- the checks ----------------------------------------------------------------------------------


def test_no_channels_no_routes_no_findings() -> None:
    assert found(desk()) == []


def test_owners_and_listeners() -> None:
    org = desk(
        channels=[
            cm.Channel(id="ok", name="OK", platform="x", owner="lead"),
            cm.Channel(id="heard", name="Heard", platform="x", listeners=["press"]),
            cm.Channel(id="vacant", name="Vacant", platform="x", owner="intern"),
            cm.Channel(
                id="owner-listens", name="O", platform="x", owner="intern", listeners=["lead"]
            ),
            cm.Channel(id="empty", name="Empty", platform="forum", listeners=["intern"]),
        ]
    )
    assert found(org) == [
        ("unowned-channel", "warning", ("heard",)),
        ("unowned-channel", "warning", ("vacant", "intern")),
        ("unowned-channel", "warning", ("owner-listens", "intern")),
        ("unowned-channel", "warning", ("empty",)),
        ("unheard-channel", "warning", ("vacant", "intern")),
        ("unheard-channel", "warning", ("empty", "intern")),
    ]
    report = cm.audit(org, select=("unheard-channel",))
    assert report.findings[1].message == (
        "Nobody listens to the channel Empty (forum): nobody holds Intern."
    )
    assert report.findings[1].data == {"channel": "empty", "roles": ("intern",)}


def test_routes_to_vacancies_and_misrouted_topics() -> None:
    org = desk(
        channels=[cm.Channel(id="x", name="X", platform="x", owner="lead")],
        routes=[
            cm.Route(topic="complaint", to="agent"),  # Care is inside Support: not misrouted
            cm.Route(topic="support-request", to="support-head"),
            cm.Route(topic="press", to="lead"),
            cm.Route(topic="crisis", to="ceo"),
            cm.Route(topic="sales-lead", to="lead"),
            cm.Route(topic="product-feedback", to="lead"),
            cm.Route(topic="employee", to="ceo"),
            cm.Route(topic="legal", to="ceo"),
            cm.Route(topic="other", to="intern"),
        ],
    )
    assert found(org) == [
        ("route-to-vacancy", "warning", ("complaint->agent", "agent")),
        ("route-to-vacancy", "warning", ("other->intern", "intern")),
        ("misrouted-topic", "info", ("press->lead", "lead")),
        ("misrouted-topic", "info", ("sales-lead->lead", "lead")),
        ("misrouted-topic", "info", ("product-feedback->lead", "lead")),
        ("misrouted-topic", "info", ("employee->ceo", "ceo")),
        ("misrouted-topic", "info", ("legal->ceo", "ceo")),
    ]
    press = cm.audit(org, select=("misrouted-topic",)).findings[0]
    assert press.message == (
        "Messages about press go to Social lead, who sits in Exec, "
        "not in public-relations or communications."
    )
    assert press.fix is not None
    assert "Press officer" in press.fix.summary


def test_unrouted_topics_when_the_organization_routes_some() -> None:
    channels = [cm.Channel(id="x", name="X", platform="x", owner="lead")]
    routed = [cm.Route(topic="crisis", to="ceo")]
    assert found(desk(routes=routed)) == []  # routes but no channel: nothing is heard
    assert found(desk(channels=channels)) == []  # channels but no routes: not routing yet
    org = desk(channels=channels, routes=routed)
    assert [ids for _, _, ids in found(org)] == [
        ("complaint",),
        ("support-request",),
        ("sales-lead",),
        ("press",),
        ("product-feedback",),
        ("employee",),
        ("legal",),
    ]
    complaint = cm.audit(org, select=("unrouted-topic",)).findings[0]
    assert complaint.severity is cm.Severity.INFO
    assert complaint.fix is not None
    assert complaint.fix.edits == (ed.AddRoute(topic="complaint", to="support-head"),)
    fixed = cm.apply(org, complaint.fix.edits)
    assert "complaint" not in [f.ids[0] for f in cm.audit(fixed, select=("unrouted-topic",))]


def test_a_blueprint_s_topics_are_info_until_the_file_has_channels_or_routes() -> None:
    org = cm.catalog.starter(["communications-officer"])
    report = cm.audit(org, select=("unrouted-topic",))
    topics = ("complaint", "sales-lead", "press", "crisis", "product-feedback")
    assert [(f.severity.value, f.ids) for f in report] == [
        ("info", (topic, "communications-officer")) for topic in topics
    ]
    assert report.findings[0].message == (
        "No route sends messages about complaint to anyone; the blueprint "
        "communications-officer asks for them to be channeled (the file has no channels or "
        "routes yet)."
    )
    # Once the file writes down a channel, what the blueprint asks for is a warning.
    lead = next(iter(org.roles))
    listening = attrs.evolve(
        org, channels={"x": cm.Channel(id="x", name="X", platform="x", owner=lead)}
    )
    report = cm.audit(listening, select=("unrouted-topic",))
    assert [(f.severity.value, f.ids[:2]) for f in report if f.data["blueprints"]] == [
        ("warning", (topic, "communications-officer")) for topic in topics
    ]
    assert (
        cm.catalog.get("officer-duties").topics == cm.catalog.get("communications-officer").topics
    )
    assert report.findings[0].data == {
        "topic": "complaint",
        "blueprints": ("communications-officer",),
        "functions": ("customer-support",),
    }


def test_fingerprints_follow_identity_not_wording() -> None:
    org = desk(routes=[cm.Route(topic="crisis", to="intern")])
    first = cm.audit(org, select=("route-to-vacancy",)).findings[0]
    renamed = desk(
        routes=[cm.Route(topic="crisis", to="intern")],
        roles=[
            *(r for r in desk().roles.values() if r.id != "intern"),
            cm.Role(id="intern", title="Trainee", department="exec"),
        ],
    )
    again = cm.audit(renamed, select=("route-to-vacancy",)).findings[0]
    assert first.message != again.message
    assert first.fingerprint == again.fingerprint


# -- the tie graph ---------------------------------------------------------------------------------


def test_channel_ties_are_in_the_graph_but_not_in_the_tie_analyses() -> None:
    org = desk(
        channels=[cm.Channel(id="x", name="X", platform="x", owner="lead", listeners=["agent"])],
        routes=[cm.Route(topic="complaint", to="support-head"), cm.Route(topic="crisis", to="ceo")],
    )
    G = tie_graph(org, channels=True)
    assert G.nodes["channel:x"] == {"type": "channel", "name": "X", "platform": "x"}
    assert sorted(
        (v, d["kinds"], d.get("topics")) for _, v, d in G.edges("channel:x", data=True)
    ) == [
        ("agent", "listener", None),
        ("ceo", "route", "crisis"),
        ("lead", "owner", None),
        ("support-head", "route", "complaint"),
    ]
    plain = tie_graph(org)  # the default: no channels
    assert "channel:x" not in plain
    assert sorted(plain.edges) == sorted(tie_graph(desk(), channels=False).edges)
    without_channels = desk()
    for kind in ("missing-link", "single-point-of-failure", "silo"):
        assert [f.ids for f in cm.audit(org, select=(kind,))] == [
            f.ids for f in cm.audit(without_channels, select=(kind,))
        ]


def test_graphml_export_carries_the_channels() -> None:
    org = cm.examples.load("listening-desk")
    G = cm.interop.graphs.export_graph(org, "ties")
    assert G.nodes["channel:reviews"]["label"] == "Review sites"
    assert G.edges["channel:reviews", "care-agent"]["kinds"] == "listener"


# -- the other ways out ----------------------------------------------------------------------------


def test_w3c_round_trip_keeps_channels_routes_and_same_as() -> None:
    pytest.importorskip("rdflib")
    from csmo_model.interop.w3c_org import from_w3c_org, to_w3c_org

    org = cm.examples.load("listening-desk")
    text = to_w3c_org(org)
    assert "csmo:Channel" in text
    assert "csmo:routedTo" in text
    assert "csmo:sameAs" in text
    assert from_w3c_org(text, on_problem="raise") == org


def test_w3c_import_names_a_channel_owner_that_is_no_post() -> None:
    pytest.importorskip("rdflib")
    from csmo_model.interop.w3c_org import from_w3c_org, to_w3c_org

    org = desk(channels=[cm.Channel(id="x", name="X", platform="x", owner="lead")])
    text = to_w3c_org(org, base="https://example.org/d/").replace(
        "csmo:owner post:lead", "csmo:owner <https://example.org/elsewhere>"
    )
    assert "https://example.org/elsewhere" in text
    with pytest.raises(cm.ModelError) as info:
        from_w3c_org(text, on_problem="raise")
    assert any("csmo:owner" in p.message for p in info.value.problems)


def test_diff_matches_channels_by_id_and_routes_by_topic_and_target() -> None:
    old = desk(
        channels=[cm.Channel(id="x", name="X", platform="x", owner="lead")],
        routes=[cm.Route(topic="crisis", to="ceo")],
    )
    new = desk(
        channels=[cm.Channel(id="x", name="X", platform="x", owner="press")],
        routes=[
            cm.Route(topic="crisis", to="ceo", notes="At once."),
            cm.Route(topic="press", to="press"),
        ],
    )
    assert cm.diff(old, new).lines() == [
        'added route "press->press"',
        'changed channel "x" owner: "lead" -> "press"',
        'changed route "crisis->ceo" notes: (unset) -> "At once."',
    ]


def test_the_html_view_lists_channels_and_routes_escaped() -> None:
    org = desk(
        channels=[cm.Channel(id="x", name="<b>X</b>", platform="x", owner="lead")],
        routes=[cm.Route(topic="crisis", to="ceo")],
    )
    html = org._repr_html_()
    assert "&lt;b&gt;X&lt;/b&gt;" in html
    assert "<b>X</b>" not in html
    assert ">crisis<" in html
    assert "channels" not in desk()._repr_html_()


def test_the_lead_takes_over_an_unowned_channel() -> None:
    org = desk(
        channels=[
            cm.Channel(id="forum", name="Forum", platform="forum"),
            cm.Channel(id="blog", name="Blog", platform="blog", owner="intern"),
        ]
    )
    report = cm.audit(org, select=("channels",))
    assert [f.fix.edits if f.fix else None for f in report] == [
        (ed.SetChannelOwner(channel="forum", owner="lead"),),
        (ed.SetChannelOwner(channel="blog", owner="lead"),),
        (ed.SetChannelOwner(channel="forum", owner="lead"),),
        (ed.SetChannelOwner(channel="blog", owner="lead"),),
    ]
    fixed = cm.apply(org, [e for f in report if f.fix for e in f.fix.edits])
    assert cm.audit(fixed, select=("channels",)).findings == ()
    plan = cm.plan(org)
    assert cm.audit(cm.apply(org, plan.edits), select=("channels",)).findings == ()
    with pytest.raises(cm.ModelError) as info:
        cm.apply(org, [ed.SetChannelOwner(channel="blgo", owner="lead")])
    assert [str(p) for p in info.value.problems] == [
        "edits[0] (set-channel-owner): no channel 'blgo' (did you mean 'blog'?)"
    ]
    # Without anyone holding the lead's role, there is no edit to offer.
    vacant_lead = desk(
        channels=[cm.Channel(id="forum", name="Forum", platform="forum")],
        people=[cm.Person(id="bo", name="Bo", holds=["ceo"])],
    )
    (finding, _) = cm.audit(vacant_lead, select=("channels",)).findings
    assert finding.fix is not None
    assert finding.fix.edits == ()
