"""Channels and routes: who owns and hears each channel, where each topic heard there goes.

The source asks the social media officer to monitor "all social networks" and
to "channel the messages to the appropriate person" (customer service, sales,
PR, product); the communications officer's mandate is listening "everywhere
online". These functions read an organization's ``channels`` and ``routes``
(:class:`~csmo_model.Channel`, :class:`~csmo_model.Route`).
"""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import catalog
from csmo_model.analysis._facts import facts
from csmo_model.graph import department_chain
from csmo_model.model import Organization, Route, Topic

__all__ = [
    "misrouted_topics",
    "required_topics",
    "routes_to_vacancies",
    "topic_departments",
    "unheard_channels",
    "unowned_channels",
    "unrouted_topics",
]


def unowned_channels(org: Organization) -> list[str]:
    """Return the channels with no owner, or whose owner's role nobody holds.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="T", roles=[cm.Role(id="lead", title="Lead"), cm.Role(id="gone", title="Gone")],
    ...     people=[cm.Person(id="ana", name="Ana", holds=["lead"])],
    ...     channels=[cm.Channel(id="x", name="X", platform="x", owner="lead"),
    ...               cm.Channel(id="blog", name="Blog", platform="blog", owner="gone"),
    ...               cm.Channel(id="forum", name="Forum", platform="forum")])
    >>> unowned_channels(org)
    ['blog', 'forum']
    """
    holders = facts(org).role_holders
    return [c.id for c in org.channels.values() if c.owner is None or not holders[c.owner]]


def unheard_channels(org: Organization) -> list[str]:
    """Return the channels where nobody holds a listening role (the owner's counts).

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="T", roles=[cm.Role(id="lead", title="Lead"), cm.Role(id="agent", title="Agent")],
    ...     people=[cm.Person(id="ana", name="Ana", holds=["lead"])],
    ...     channels=[cm.Channel(id="x", name="X", platform="x", listeners=["lead"]),
    ...               cm.Channel(id="fb", name="FB", platform="facebook", listeners=["agent"])])
    >>> unheard_channels(org)
    ['fb']
    """
    holders = facts(org).role_holders
    return [
        c.id
        for c in org.channels.values()
        if not any(holders[r] for r in (*([c.owner] if c.owner else []), *c.listeners))
    ]


def required_topics(org: Organization) -> dict[Topic, tuple[str, ...]]:
    """Return the topics that need a route, each with the blueprints that ask for it.

    A topic needs a route when an applied blueprint lists it
    (:attr:`csmo_model.catalog.Blueprint.topics`), or, when the organization
    has channels and routes at all, because its channels' listeners would
    receive it: every topic but ``other`` (those have no blueprint).
    Topics come in the order of :class:`~csmo_model.Topic`.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.catalog.starter(["officer-duties"])
    >>> [(t.value, bps) for t, bps in required_topics(org).items()][:2]
    [('complaint', ('officer-duties',)), ('sales-lead', ('officer-duties',))]
    >>> required_topics(cm.examples.load("acme"))
    {}
    """
    out: dict[Topic, list[str]] = {}
    for bp in org.blueprints:
        for topic in catalog.get(bp).topics:
            out.setdefault(topic, []).append(bp)
    if org.channels and org.routes:
        for topic in Topic:
            if topic is not Topic.OTHER:
                out.setdefault(topic, [])
    return {topic: tuple(out[topic]) for topic in Topic if topic in out}


def unrouted_topics(org: Organization) -> dict[Topic, tuple[str, ...]]:
    """Return the :func:`required_topics` no route sends anywhere, with their blueprints.

    Examples
    --------
    >>> import csmo_model as cm
    >>> unrouted_topics(cm.examples.load("listening-desk"))
    {}
    >>> [t.value for t in unrouted_topics(cm.catalog.starter(["officer-duties"]))]
    ['complaint', 'sales-lead', 'press', 'crisis', 'product-feedback']
    """
    routed = {route.topic for route in org.routes}
    return {t: bps for t, bps in required_topics(org).items() if t not in routed}


def routes_to_vacancies(org: Organization) -> list[Route]:
    """Return the routes whose target role nobody holds, in document order.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="T", roles=[cm.Role(id="pr", title="PR")],
    ...     routes=[cm.Route(topic="press", to="pr")])
    >>> routes_to_vacancies(org)
    [Route(topic=<Topic.PRESS: 'press'>, to='pr', notes=None)]
    """
    holders = facts(org).role_holders
    return [route for route in org.routes if not holders[route.to]]


def topic_departments(org: Organization, topic: Topic) -> list[str]:
    """Return the departments of *topic*'s functions, in document order.

    Examples
    --------
    >>> import csmo_model as cm
    >>> topic_departments(cm.examples.load("acme"), cm.Topic.COMPLAINT)
    ['support']
    """
    wanted = set(topic.functions)
    return [d.id for d in org.departments.values() if d.function in wanted]


def misrouted_topics(org: Organization) -> Iterator[tuple[Route, list[str]]]:
    """Yield each route whose target sits in no department of its topic's functions.

    With the route comes the target's department and those above it,
    innermost first: a role inside a sub-department of D is in D, as for the
    lead's ties (:func:`ties`). A topic of no function (``other``) is never
    misrouted.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Routed",
    ...     departments=[cm.Department(id="exec", name="Exec", function="executive"),
    ...                  cm.Department(id="mkt", name="Marketing", function="marketing",
    ...                                parent="exec")],
    ...     roles=[cm.Role(id="ceo", title="CEO", department="exec"),
    ...            cm.Role(id="cmo", title="CMO", department="mkt", reports_to="ceo")],
    ...     routes=[cm.Route(topic="sales-lead", to="cmo"), cm.Route(topic="crisis", to="ceo")])
    >>> [(r.to, chain) for r, chain in misrouted_topics(org)]
    [('cmo', ['mkt', 'exec'])]
    """
    for route in org.routes:
        functions = route.topic.functions
        if not functions:
            continue
        chain = department_chain(org, org.roles[route.to].department)
        if not any(org.departments[d].function in functions for d in chain):
            yield route, chain
