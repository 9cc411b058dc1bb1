"""Networkx views of an organization, keyed by ids.

Each function builds a new graph; change it freely, the organization is not
affected. Node and edge attributes are listed in each docstring and are part
of the public contract.
"""

from __future__ import annotations

from collections.abc import Container, Iterator

import networkx as nx

from csmo_model.model import Organization, is_external, upward

__all__ = [
    "channel_node",
    "department_chain",
    "inside_departments",
    "reporting_graph",
    "role_holders",
    "staffing_graph",
    "tie_graph",
    "whole_department",
]


def __dir__() -> list[str]:
    return __all__


def department_chain(
    org: Organization, department: str | None, *, stop: Container[str | None] = ()
) -> list[str]:
    """Return *department* and the departments above it, innermost first.

    The walk up the department tree that the analyses and the exports share
    (the model's own, which :func:`~csmo_model.is_external` takes too). ``None``
    (a role in no department) has an empty chain. The walk ends before the
    first department in *stop*.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("acme")
    >>> department_chain(org, "marketing")
    ['marketing', 'exec']
    >>> department_chain(org, org.roles["social-lead"].department)
    ['marketing', 'exec']
    >>> department_chain(org, None)
    []
    >>> department_chain(org, "marketing", stop={"exec"})
    ['marketing']
    """
    chain = []
    for above in upward(org, department):
        if above in stop:
            break
        chain.append(above)
    return chain


def whole_department(org: Organization) -> str | None:
    """Return the one department that contains every other one, if there is one.

    An Executive Office over the whole organization: being inside it says
    nothing about a role, since everyone is. ``None`` when several departments
    are at the top, or the organization has fewer than two departments.

    Examples
    --------
    >>> import csmo_model as cm
    >>> whole_department(cm.examples.load("csmo-to-ceo"))
    'exec'
    >>> whole_department(cm.examples.load("acme")) is None  # Support is beside exec
    True
    """
    roots = [d.id for d in org.departments.values() if d.parent is None]
    return roots[0] if len(roots) == 1 and len(org.departments) > 1 else None


def inside_departments(
    org: Organization,
    department: str | None,
    *,
    whole: str | None,
    stop: Container[str | None] = (),
) -> list[str]:
    """Return the departments a member of *department* is inside, innermost first.

    *department* itself and the departments above it, except *whole* (see
    :func:`whole_department`; pass its result) when it is above: a social
    team inside Marketing is in Marketing, and a Marketing department under
    an Executive Office over the whole organization is not in that office.
    A member of *whole* itself is in it. The walk up ends before the first
    department in *stop* (the walks of :func:`department_chain`), and
    ``None`` (no department) is inside nothing. The one meaning of "inside"
    that the tie analyses, the program's ownership and the plan share.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.examples.load("csmo-to-ceo")
    >>> whole = whole_department(org)
    >>> inside_departments(org, "advertising", whole=whole)
    ['advertising', 'marketing']
    >>> inside_departments(org, "exec", whole=whole)
    ['exec']
    >>> inside_departments(org, "advertising", whole=None)
    ['advertising', 'marketing', 'exec']

    Notes
    -----
    $O(d)$ for a chain of $d$ departments.
    """
    if department is None:
        return []
    above = department_chain(org, org.departments[department].parent, stop=stop)
    if above and above[-1] == whole:  # the whole department is the top of every chain
        above.pop()
    return [department, *above]


def role_holders(org: Organization) -> dict[str, tuple[str, ...]]:
    """Return the ids of the people holding each role, by role id in document order.

    The one holders-by-role map that the analyses, diagrams and HTML views
    share; a vacant role has an empty tuple. People come in document order.

    Examples
    --------
    >>> import csmo_model as cm
    >>> role_holders(cm.examples.load("acme"))
    {'ceo': ('bo',), 'cmo': (), 'social-lead': ('ana',)}

    Notes
    -----
    $O(n + h)$ for $n$ roles and $h$ roles held, with no list per role: most
    roles have one holder or none.
    """
    holders: dict[str, tuple[str, ...]] = dict.fromkeys(org.roles, ())
    shared: dict[str, list[str]] = {}  # roles with two holders or more
    for person in org.people.values():
        for role_id in person.holds:
            held_by = holders[role_id]
            if not held_by:
                holders[role_id] = (person.id,)
            elif role_id in shared:
                shared[role_id].append(person.id)
            else:
                shared[role_id] = [*held_by, person.id]
    for role_id, people in shared.items():
        holders[role_id] = tuple(people)
    return holders


def reporting_graph(org: Organization) -> nx.DiGraph[str]:
    """Return the reporting lines as a directed graph of roles.

    An edge ``u -> v`` means role ``u`` reports to role ``v``.

    Node attributes: ``title``, ``acronym``, ``department`` (id or ``None``),
    ``external`` (bool, see :func:`~csmo_model.is_external`), ``level`` (a
    :class:`~csmo_model.Level` value as text, or ``None``), ``vacant`` (bool:
    nobody holds the role).
    Edge attribute ``kind``: ``"solid"`` or ``"dotted"``. A dotted line that
    duplicates the solid line between the same two roles is kept as solid.

    Examples
    --------
    >>> import csmo_model as cm
    >>> G = reporting_graph(cm.examples.load("acme"))
    >>> sorted(G.edges(data="kind"))
    [('cmo', 'ceo', 'solid'), ('social-lead', 'ceo', 'dotted'), ('social-lead', 'cmo', 'solid')]

    Notes
    -----
    $O(n + m)$ for $n$ roles and $m$ reporting lines.
    """
    held = {role_id for person in org.people.values() for role_id in person.holds}
    G: nx.DiGraph[str] = nx.DiGraph(name=org.name)
    G.add_nodes_from(
        (
            role.id,
            {
                "title": role.title,
                "acronym": role.acronym,
                "department": role.department,
                "external": is_external(org, role),
                "level": None if role.level is None else role.level.value,
                "vacant": role.id not in held,
            },
        )
        for role in org.roles.values()
    )
    G.add_edges_from(
        (role.id, target, {"kind": "dotted"})
        for role in org.roles.values()
        for target in role.dotted_to
        if target != role.reports_to
    )
    G.add_edges_from(
        (role.id, role.reports_to, {"kind": "solid"})
        for role in org.roles.values()
        if role.reports_to is not None
    )
    return G


def tie_graph(org: Organization, *, channels: bool = False) -> nx.Graph[str]:
    """Return every tie between roles and departments as an undirected graph.

    Nodes are role and department ids, with attribute ``type`` (``"role"`` or
    ``"department"``) and ``name`` (title or name). There is an edge for each
    role's membership of its department (``"member"``), each solid or dotted
    reporting line (``"solid"``, ``"dotted"``), each cross-functional link
    (``"link"``) and each department's parent (``"parent"``). The edge
    attribute ``kinds`` names every reason for the edge, sorted and joined by
    ``","``, since two things may be tied for more than one reason.

    With *channels* (off by default), each channel is a node too, keyed
    :func:`channel_node` (``channel:ID``, since channels have their own ids),
    with ``type`` ``"channel"``, ``name`` and ``platform``; it is tied to its
    owner (``"owner"``), its listeners (``"listener"``) and the target of
    each route (``"route"``: what is heard on the channel goes there), and a
    route edge names its topics in ``topics``, sorted and joined by ``","``.
    These are hand-offs of messages, not working relationships, which is why
    they are left out by default and the tie analyses (``missing-link``,
    ``spof-ties``, ``silo``) never see them; the GraphML and GEXF exports
    include them. Routes hang on the channels: an organization with routes
    but no channels has no route edges.

    Examples
    --------
    >>> import csmo_model as cm
    >>> G = tie_graph(cm.examples.load("acme"))
    >>> G.nodes["support"]["type"], G.edges["social-lead", "support"]["kinds"]
    ('department', 'link')
    >>> G.edges["social-lead", "marketing"]["kinds"]
    'member'
    >>> G = tie_graph(cm.examples.load("listening-desk"), channels=True)
    >>> G.edges["channel:x-main", "support-lead"]["topics"]
    'complaint,support-request'

    Notes
    -----
    $O(n + m)$ for $n$ roles and departments and $m$ ties ($c r$ more for $c$
    channels and $r$ routes).
    """
    G: nx.Graph[str] = nx.Graph(name=org.name)
    G.add_nodes_from(
        (d.id, {"type": "department", "name": d.name}) for d in org.departments.values()
    )
    G.add_nodes_from((r.id, {"type": "role", "name": r.title}) for r in org.roles.values())
    reasons: dict[tuple[str, str], set[str]] = {}
    for a, b, kind in _ties(org):
        key = (a, b) if a <= b else (b, a)
        reasons.setdefault(key, set()).add(kind)
    topics: dict[tuple[str, str], set[str]] = {}
    if channels:
        _add_channel_nodes(G, org)
        for a, b, kind, topic in _channel_ties(org):
            key = (a, b) if a <= b else (b, a)
            reasons.setdefault(key, set()).add(kind)
            if topic is not None:
                topics.setdefault(key, set()).add(topic)
    G.add_edges_from((a, b, {"kinds": ",".join(sorted(k))}) for (a, b), k in reasons.items())
    for (a, b), names in topics.items():
        G.edges[a, b]["topics"] = ",".join(sorted(names))
    return G


def channel_node(channel_id: str) -> str:
    """The tie graph's key for the channel *channel_id*: ``channel:ID``.

    Channels have ids of their own, which may equal a role's; ``:`` cannot
    occur in an id, so the key cannot collide with one.

    Examples
    --------
    >>> channel_node("x-main")
    'channel:x-main'
    """
    return f"channel:{channel_id}"


def _add_channel_nodes(G: nx.Graph[str], org: Organization) -> None:
    G.add_nodes_from(
        (
            channel_node(c.id),
            {"type": "channel", "name": c.name, "platform": c.platform.value},
        )
        for c in org.channels.values()
    )


def _channel_ties(org: Organization) -> Iterator[tuple[str, str, str, str | None]]:
    """The channel ties of the tie graph as ``(channel node, role, kind, topic)``."""
    for channel in org.channels.values():
        node = channel_node(channel.id)
        if channel.owner is not None:
            yield node, channel.owner, "owner", None
        for listener in channel.listeners:
            yield node, listener, "listener", None
        for route in org.routes:
            yield node, route.to, "route", route.topic.value


def _ties(org: Organization) -> Iterator[tuple[str, str, str]]:
    """Every tie of the tie graph as ``(a, b, kind)``; a pair may come more than once.

    ``analysis._facts.TieIndex.build`` lists the same ties, in the same order, by
    hand (it numbers the nodes as it goes); tests/test_performance_paths.py keeps
    the two equal.
    """
    for d in org.departments.values():
        if d.parent is not None:
            yield d.id, d.parent, "parent"
    for r in org.roles.values():
        if r.department is not None:
            yield r.id, r.department, "member"
        if r.reports_to is not None:
            yield r.id, r.reports_to, "solid"
        for target in r.dotted_to:
            yield r.id, target, "dotted"
    for link in org.links:
        yield link.between[0], link.between[1], "link"


def staffing_graph(org: Organization) -> nx.Graph[tuple[str, str]]:
    """Return who holds what, and which role does which job, as one graph.

    Node keys are tuples ``(type, id)``, with ``type`` one of ``"person"``,
    ``"role"`` and ``"responsibility"``, so that a person, a role and a
    responsibility may share an id without colliding; node attributes repeat
    them as ``type`` and ``id``. Edges: person-role with ``kind="holds"``;
    role-responsibility with ``kind="raci"`` and ``raci`` the letter
    (``"R"``, ``"A"``, ``"C"``, ``"I"`` or ``"RA"``, responsible and accountable).

    Examples
    --------
    >>> import csmo_model as cm
    >>> G = staffing_graph(cm.examples.load("acme"))
    >>> G.edges[("role", "social-lead"), ("responsibility", "strategy")]["raci"]
    'A'
    >>> sorted(G[("person", "ana")])
    [('role', 'social-lead')]

    Notes
    -----
    $O(n + m)$ for $n$ entities and $m$ assignments.
    """
    G: nx.Graph[tuple[str, str]] = nx.Graph(name=org.name)
    for kind, items in (
        ("person", org.people),
        ("role", org.roles),
        ("responsibility", org.responsibilities),
    ):
        G.add_nodes_from(((kind, ident), {"type": kind, "id": ident}) for ident in items)
    G.add_edges_from(
        (("person", p.id), ("role", r), {"kind": "holds"})
        for p in org.people.values()
        for r in p.holds
    )
    G.add_edges_from(
        (("role", role.id), ("responsibility", resp), {"kind": "raci", "raci": letter.value})
        for role in org.roles.values()
        for resp, letter in role.raci.items()
    )
    return G
