"""Channel checks: who owns and hears each channel, and where each topic heard on them goes.

The source asks the social media officer to monitor "all social networks" and
to "channel the messages to the appropriate person" (customer service, sales,
PR, product); the communications officer's mandate is listening "everywhere
online". These checks read the ``channels`` and ``routes`` of the organization
(see :class:`~csmo_model.Channel` and :class:`~csmo_model.Route`).
"""

from __future__ import annotations

from collections.abc import Iterator

from csmo_model import analysis
from csmo_model.analysis._facts import facts
from csmo_model.checks._base import builtin, names
from csmo_model.checks._fixing import head_role
from csmo_model.edits import AddRoute, SetChannelOwner
from csmo_model.model import Channel, Function, Organization, Topic
from csmo_model.options import AuditOptions
from csmo_model.report import (
    Finding,
    Fix,
    MisroutedTopicData,
    RouteToVacancyData,
    Severity,
    Subject,
    UnheardChannelData,
    UnownedChannelData,
    UnroutedTopicData,
)

__all__ = ["CHECKS"]

_FAMILY = "channels"


def _channel_label(channel: Channel) -> str:
    return f"{channel.name} ({channel.platform})"


def _functions_text(functions: tuple[Function, ...]) -> str:
    return " or ".join(f.value for f in functions)


def _candidate(org: Organization, topic: Topic, avoid: str | None = None) -> str | None:
    """A held role heading a department of *topic*'s functions, if any (document order)."""
    holders = facts(org).role_holders
    for dept in analysis.topic_departments(org, topic):
        head = head_role(org, dept)
        if head is not None and head != avoid and holders[head]:
            return head
    return None


@builtin(
    "unowned-channel",
    _FAMILY,
    Severity.WARNING,
    "A channel has no owner, or nobody holds its owner's role",
    identity=("channel",),
    data_type=UnownedChannelData,
)
def unowned_channel(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for channel_id in analysis.unowned_channels(org):
        channel = org.channels[channel_id]
        label = _channel_label(channel)
        if channel.owner is None:
            message = f"Nobody owns the channel {label}."
            subjects = [Subject("channel", channel.id)]
            summary = "Give the channel an owner: a role someone holds."
        else:
            message = f"The owner of the channel {label}, {n.role(channel.owner)}, is vacant."
            subjects = [Subject("channel", channel.id), Subject("role", channel.owner)]
            summary = f"Fill the role {n.role(channel.owner)}, or give the channel another owner."
        yield Finding(
            kind="unowned-channel",
            severity=Severity.WARNING,
            subjects=subjects,
            message=message,
            data=UnownedChannelData(channel=channel.id, owner=channel.owner),
            fix=_lead_owns(org, channel) or Fix(summary=summary),
        )


def _lead_owns(org: Organization, channel: Channel) -> Fix | None:
    """The social lead takes the channel over, if someone holds the lead's role."""
    lead = org.social_lead
    if lead is None or lead == channel.owner or not facts(org).role_holders[lead]:
        return None
    return Fix(
        summary=f"Have {names(org).role(lead)}, the social lead, own the channel.",
        edits=[SetChannelOwner(channel=channel.id, owner=lead)],
    )


@builtin(
    "unheard-channel",
    _FAMILY,
    Severity.WARNING,
    "Nobody holds a role that listens to a channel (its owner counts as one)",
    identity=("channel",),
    data_type=UnheardChannelData,
)
def unheard_channel(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for channel_id in analysis.unheard_channels(org):
        channel = org.channels[channel_id]
        roles = list(dict.fromkeys([*filter(None, [channel.owner]), *channel.listeners]))
        label = _channel_label(channel)
        if roles:
            message = (
                f"Nobody listens to the channel {label}: nobody holds "
                f"{n.join(roles, n.role, ' or ')}."
            )
        else:
            message = f"Nobody listens to the channel {label}: it has no owner and no listeners."
        yield Finding(
            kind="unheard-channel",
            severity=Severity.WARNING,
            subjects=[Subject("channel", channel.id)] + [Subject("role", r) for r in roles],
            message=message,
            data=UnheardChannelData(channel=channel.id, roles=roles),
            fix=_lead_owns(org, channel)
            or Fix(
                summary="Fill a listening role, or list a role someone holds among its listeners."
            ),
        )


@builtin(
    "unrouted-topic",
    _FAMILY,
    Severity.INFO,
    "A topic the channels hear goes to nobody (a warning when a blueprint asks for it)",
    identity=("topic",),
    data_type=UnroutedTopicData,
)
def unrouted_topic(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    # A file that writes down no channels and no routes has not started on routing:
    # what a blueprint asks for is then news, not a regression (info, as for metrics).
    routing = bool(org.channels or org.routes)
    for topic, blueprints in analysis.unrouted_topics(org).items():
        message = f"No route sends messages about {topic} to anyone"
        if blueprints:
            message += f"; the blueprint {', '.join(blueprints)} asks for them to be channeled"
            message += "." if routing else " (the file has no channels or routes yet)."
        else:
            message += "; the channels hear them and other topics are routed."
        candidate = _candidate(org, topic)
        if candidate is not None:
            fix = Fix(
                summary=f"Route {topic} to {n.role(candidate)}.",
                edits=[AddRoute(topic=topic, to=candidate)],
            )
        elif topic.functions:
            fix = Fix(
                summary=(
                    f"Route {topic} to a role someone holds, ideally in a department of "
                    f"{_functions_text(topic.functions)}."
                )
            )
        else:
            fix = Fix(summary=f"Route {topic} to a role someone holds.")
        yield Finding(
            kind="unrouted-topic",
            severity=Severity.WARNING if blueprints and routing else Severity.INFO,
            subjects=[Subject("topic", topic.value)]
            + [Subject("blueprint", b) for b in blueprints],
            message=message,
            data=UnroutedTopicData(
                topic=topic.value,
                blueprints=list(blueprints),
                functions=[f.value for f in topic.functions],
            ),
            fix=fix,
        )


@builtin(
    "route-to-vacancy",
    _FAMILY,
    Severity.WARNING,
    "A topic is routed to a role nobody holds",
    identity=("topic", "to"),
    data_type=RouteToVacancyData,
)
def route_to_vacancy(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for route in analysis.routes_to_vacancies(org):
        yield Finding(
            kind="route-to-vacancy",
            severity=Severity.WARNING,
            subjects=[Subject("route", route.key), Subject("role", route.to)],
            message=f"Messages about {route.topic} go to {n.role(route.to)}, which nobody holds.",
            data=RouteToVacancyData(topic=route.topic.value, to=route.to),
            fix=Fix(summary=f"Fill the role {n.role(route.to)}, or route {route.topic} elsewhere."),
        )


@builtin(
    "misrouted-topic",
    _FAMILY,
    Severity.INFO,
    "A topic is routed to a role in no department of the topic's function",
    identity=("topic", "to"),
    data_type=MisroutedTopicData,
)
def misrouted_topic(org: Organization, options: AuditOptions) -> Iterator[Finding]:
    n = names(org)
    for route, chain in analysis.misrouted_topics(org):
        functions = route.topic.functions
        where = f"sits in {n.department(chain[0])}" if chain else "sits in no department"
        candidate = _candidate(org, route.topic, avoid=route.to)
        yield Finding(
            kind="misrouted-topic",
            severity=Severity.INFO,
            subjects=[Subject("route", route.key), Subject("role", route.to)],
            message=(
                f"Messages about {route.topic} go to {n.role(route.to)}, who {where}, "
                f"not in {_functions_text(functions)}."
            ),
            data=MisroutedTopicData(
                topic=route.topic.value,
                to=route.to,
                functions=[f.value for f in functions],
                departments=chain,
            ),
            fix=Fix(
                summary=(
                    f"Route {route.topic} to {n.role(candidate)} instead (edit the route), or "
                    "keep it if this role handles the topic on purpose."
                    if candidate is not None
                    else "Keep the route if this role handles the topic on purpose; otherwise "
                    f"route it to a role in a department of {_functions_text(functions)}."
                ),
            ),
        )


CHECKS = (unowned_channel, unheard_channel, unrouted_topic, route_to_vacancy, misrouted_topic)
