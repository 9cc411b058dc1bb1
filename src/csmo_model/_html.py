"""Compact HTML tables for Jupyter (``_repr_html_``); every piece of text is escaped.

This module sits at the level of the model: it imports nothing from the
package at run time, so :mod:`csmo_model.model` and :mod:`csmo_model.report`
can both delegate to it without an import cycle.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csmo_model.model import Organization
    from csmo_model.report import Finding, Report

__all__ = ["finding_html", "organization_html", "report_html"]

MAX_ROWS = 50
"""Rows shown before a table is cut with a "... N more" line."""

# Severity values, worst first; the report module owns the enum, this one only
# orders its values (it may not import upwards).
_SEVERITIES = ("critical", "warning", "info")
_SEVERITY_COLORS = {"critical": "#c62828", "warning": "#b26a00", "info": "#1565c0"}
# Jupyter right-aligns table cells by default; text reads better left-aligned.
_LEFT = ' style="text-align:left"'


def _cell(tag: str, text: str, *, attrs: str = "") -> str:
    return f"<{tag}{_LEFT}{attrs}>{escape(text)}</{tag}>"


def _row(cells: Iterable[str], *, tag: str = "td") -> str:
    return "<tr>" + "".join(_cell(tag, c) for c in cells) + "</tr>"


def _more(hidden: int, columns: int) -> str:
    return f'<tr><td{_LEFT} colspan="{columns}"><em>... {hidden} more</em></td></tr>'


def _table(head: Sequence[str], body: Iterable[str]) -> str:
    return (
        "<table><thead>"
        + _row(head, tag="th")
        + "</thead><tbody>"
        + "".join(body)
        + "</tbody></table>"
    )


def organization_html(org: Organization, *, max_rows: int = MAX_ROWS) -> str:
    """Render *org* as a heading, a table of counts and a table of its roles.

    The roles table has one row per role (id, title, department name, the id
    of the role it reports to, the names of the people holding it, or
    *vacant*), cut after *max_rows* rows with a "... N more" line.
    """
    from csmo_model.graph import role_holders  # graph sits above the model that imports this
    from csmo_model.model import section_counts

    holders = {r: [org.people[p].name for p in ids] for r, ids in role_holders(org).items()}
    counts = section_counts(org)
    parts = [
        '<div class="csmo-organization">',
        f"<strong>Organization {escape(org.name)}</strong>",
    ]
    if org.social_lead is not None:
        lead = org.roles[org.social_lead]
        parts.append(f"<br>Social lead: {escape(lead.title)} (<code>{escape(lead.id)}</code>)")
    if org.chief_executive is not None:
        chief = org.roles[org.chief_executive]
        parts.append(
            f"<br>Chief executive: {escape(chief.title)} (<code>{escape(chief.id)}</code>)"
        )
    parts.append(_table(list(counts), [_row(str(n) for n in counts.values())]))
    # The level column only when some role has a level, so files without levels look as before.
    levelled = any(role.level is not None for role in org.roles.values())
    rows = []
    for role in list(org.roles.values())[:max_rows]:
        department = org.departments[role.department].name if role.department else ""
        people = holders[role.id]
        held = escape(", ".join(people)) if people else "<em>vacant</em>"
        rows.append(
            "<tr>"
            + _cell("td", role.id)
            + _cell("td", role.title)
            + _cell("td", department)
            + _cell("td", role.reports_to or "")
            + (_cell("td", role.level or "") if levelled else "")
            + f"<td{_LEFT}>{held}</td>"
            + "</tr>"
        )
    if len(org.roles) > max_rows:
        rows.append(_more(len(org.roles) - max_rows, 5 + levelled))
    if org.roles:
        headings = ["id", "title", "department", "reports to", *(["level"] * levelled), "held by"]
        parts.append(_table(headings, rows))
    parts.extend(_channels_html(org, max_rows))
    parts.extend(_metrics_and_policies(org, max_rows))
    parts.append("</div>")
    return "".join(parts)


# -- Metrics and policies (issue 13, section 4) -----------------------------------------------


def _metrics_and_policies(org: Organization, max_rows: int) -> list[str]:
    """A table of the metrics and one of the policies, when there are any."""
    out = []
    if org.metrics:
        rows = [
            _row([m.id, m.name, m.owner or "", ", ".join(m.reported_to), ", ".join(m.measures)])
            for m in list(org.metrics.values())[:max_rows]
        ]
        if len(org.metrics) > max_rows:
            rows.append(_more(len(org.metrics) - max_rows, 5))
        out.append(_table(["metric", "name", "owner", "reported to", "measures"], rows))
    if org.policies:
        rows = [
            _row(
                [
                    p.id,
                    p.name,
                    p.kind.value,
                    p.owner or "",
                    "" if p.reviewed is None else p.reviewed.isoformat(),
                    "" if p.review_every_months is None else str(p.review_every_months),
                ]
            )
            for p in list(org.policies.values())[:max_rows]
        ]
        if len(org.policies) > max_rows:
            rows.append(_more(len(org.policies) - max_rows, 6))
        out.append(_table(["policy", "name", "kind", "owner", "reviewed", "every (months)"], rows))
    return out


def _channels_html(org: Organization, max_rows: int) -> list[str]:
    """The tables of channels (owner, listeners) and routes (topic, target), when there are any."""
    parts = []
    rows = [
        _row(
            [
                c.id,
                c.name,
                c.platform.value,
                c.owner or "",
                ", ".join(c.listeners),
            ]
        )
        for c in list(org.channels.values())[:max_rows]
    ]
    if len(org.channels) > max_rows:
        rows.append(_more(len(org.channels) - max_rows, 5))
    if rows:
        parts.append(_table(["channel", "name", "platform", "owner", "listeners"], rows))
    rows = [_row([r.topic.value, r.to]) for r in org.routes[:max_rows]]
    if len(org.routes) > max_rows:
        rows.append(_more(len(org.routes) - max_rows, 2))
    if rows:
        parts.append(_table(["topic", "routed to"], rows))
    return parts


def _summary(findings: Sequence[Finding]) -> str:
    counts = Counter(str(f.severity) for f in findings)
    return ", ".join(f"{counts[s]} {s}" for s in _SEVERITIES if counts[s]) or "no findings"


def _severity(value: str) -> str:
    color = _SEVERITY_COLORS.get(value, "inherit")
    return f'<span style="color:{color};font-weight:bold">{escape(value)}</span>'


def report_html(report: Report, *, max_rows: int = MAX_ROWS) -> str:
    """Render *report* as a summary line and one table grouped by severity.

    Each severity gets a heading row (worst first) followed by its findings:
    kind, subjects and message. At most *max_rows* findings are shown, then a
    "... N more" line.
    """
    findings = list(report.findings)
    parts = [
        '<div class="csmo-report">',
        f"<strong>Audit of {escape(report.organization)}</strong>: {escape(_summary(findings))}",
    ]
    if findings:
        rows = []
        shown = 0
        for severity in _SEVERITIES:
            group = [f for f in findings if f.severity == severity]
            if not group or shown >= max_rows:
                continue
            rows.append(
                f'<tr><th{_LEFT} colspan="3">{_severity(severity)} ({len(group)})</th></tr>'
            )
            for finding in group[: max_rows - shown]:
                rows.append(_row([finding.kind, ", ".join(finding.ids), _marked(finding)]))
            shown += min(len(group), max_rows - shown)
        if len(findings) > shown:
            rows.append(_more(len(findings) - shown, 3))
        parts.append(_table(["kind", "subjects", "message"], rows))
    parts.append("</div>")
    return "".join(parts)


def _marked(finding: Finding) -> str:
    """The message with the finding's status: new since a baseline, accepted and why."""
    text = finding.message
    if finding.new:
        text = "[new] " + text
    if finding.accepted is not None:
        text += f" [accepted: {finding.accepted.reason}]"
    return text


def finding_html(finding: Finding) -> str:
    """Render *finding* as a two-column table: severity, kind, subjects, message, data."""
    data = json.dumps(finding.to_dict()["data"], ensure_ascii=False, sort_keys=True)
    rows = [
        f"<tr><th{_LEFT}>severity</th><td{_LEFT}>{_severity(str(finding.severity))}</td></tr>",
        "<tr>" + _cell("th", "kind") + _cell("td", finding.kind) + "</tr>",
        "<tr>" + _cell("th", "subjects") + _cell("td", ", ".join(finding.ids)) + "</tr>",
        "<tr>" + _cell("th", "message") + _cell("td", _marked(finding)) + "</tr>",
        "<tr>" + _cell("th", "data") + f"<td{_LEFT}><code>{escape(data)}</code></td></tr>",
        "<tr>" + _cell("th", "fingerprint") + _cell("td", finding.fingerprint) + "</tr>",
    ]
    return '<table class="csmo-finding"><tbody>' + "".join(rows) + "</tbody></table>"
