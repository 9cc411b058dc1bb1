"""A self-contained HTML report a social media lead can send to the CEO.

One file, nothing fetched: the style sheet, a small optional script and the
pictures (SVG drawn here, no matplotlib) are inline, and a Content Security
Policy forbids the page any request. Every piece of text that comes from the
organization file is escaped (:func:`html.escape`, attributes quoted) and
wrapped so right-to-left overrides cannot spill into the text around it.

This module is a way out, like :mod:`csmo_model.plot` and
:mod:`csmo_model.interop`: it sits above the audit and nothing below imports it.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from csmo_model import catalog
from csmo_model._version import __version__
from csmo_model.analysis import conformance, person_spofs, reporting_chain, ties
from csmo_model.audit import audit, resolve_options
from csmo_model.model import Function, Organization, Raci
from csmo_model.options import AuditOptions
from csmo_model.plan import Plan, plan
from csmo_model.report import Finding, Report, Severity, structure_line

__all__ = [
    "CHROMIUM_NAMES",
    "LARGE",
    "PLAN_MAX_ROLES",
    "SECTIONS",
    "BrowserNotFoundError",
    "find_chromium",
    "org_chart_svg",
    "print_pdf",
    "report_html",
    "ties_svg",
]


def __dir__() -> list[str]:
    return __all__


LARGE = 200
"""Above this many roles the chart shows the lead's neighbourhood and a department roll-up."""

PLAN_MAX_ROLES = 20_000
"""Above this many roles the report leaves the plan out unless asked (``with_plan=True``):
:func:`csmo_model.plan` takes about a second at 10,000 people and grows faster than
the organization (see docs/performance.md)."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("headline", "At a glance"),
    ("top-risks", "Top risks"),
    ("plan", "What to do"),
    ("blueprints", "Blueprint fit"),
    ("org-chart", "Organization chart"),
    ("raci", "Who does what (RACI)"),
    ("ties", "The lead's ties"),
    ("key-people", "Key people"),
    ("findings", "Every finding"),
    ("appendix", "Appendix"),
)
"""Section ids and headings, in page order; ``blueprints`` appears only when blueprints apply."""

_HEADINGS = dict(SECTIONS)
_TOP_RISKS = 5
_RANKED = {s.rank: s.value for s in Severity}
_SUBJECTS = 8  # subjects listed in a row of the findings table before "and N more"
_MAX_RACI_COLUMNS = 14  # a full matrix wider than this becomes counts per letter
_MAX_ROWS = 300  # rows of the RACI, key people and department tables before "N more"
_MAX_REPORTS = 24  # direct reports drawn around the lead in a large organization
_STACK = 3  # a manager with more leaf reports than this gets them in columns
_COLUMN_ROWS = 6  # boxes in one such column

# Severity: colour, border width and a shape, so colour is never the only sign.
_SEV_COLOR = {"critical": "#a50e0e", "warning": "#8a4600", "info": "#0b57a4"}
_SEV_WIDTH = {"critical": 4.0, "warning": 3.0, "info": 2.0}
_SEV_MARK = {"critical": "\u25a0", "warning": "\u25b2", "info": "\u25cf"}
_RACI_FILL = {"R": "#1f5f99", "A": "#5b2a86", "RA": "#3a3f8f", "C": "#9cc3e4", "I": "#dfe9f3"}
_GAP = ' class="gap"'
_NUM = ' class="num"'
_RACI_TEXT = {"R": "#ffffff", "A": "#ffffff", "RA": "#ffffff", "C": "#10253a", "I": "#10253a"}


def _t(value: object) -> str:
    """Text from the file, escaped and isolated from the text around it."""
    return f"<bdi>{escape(str(value))}</bdi>"


def _a(value: object) -> str:
    """A value for a double-quoted attribute."""
    return escape(str(value), quote=True)


def _css_string(value: str) -> str:
    """*value* as a CSS string literal, every character but ASCII letters and digits hex-escaped."""
    out = "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in value)
    return f'"{out}"'


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def report_html(
    org: Organization,
    options: AuditOptions | None = None,
    *,
    report: Report | None = None,
    today: datetime.date | None = None,
    with_plan: bool | None = None,
    **changes: Any,
) -> str:
    """Return a self-contained HTML report of *org*: one file to send to a CEO.

    The top reads in two minutes: a headline (organization, date, findings by
    severity, truck factor, where the social lead sits), the top risks with
    their fixes, the plan of :func:`csmo_model.plan` (what to do, and what
    needs a decision), and the blueprint fit when blueprints apply. Then the org chart (inline SVG;
    the lead's neighbourhood and a department roll-up above :data:`LARGE`
    roles), the RACI heatmap with its gaps boxed, the lead's ties to the
    required functions, the key people, every finding, and an appendix with
    the options, blueprints and library version. It prints cleanly to A4 or
    Letter.

    Parameters
    ----------
    org : Organization
    options : AuditOptions, optional
        The audit's options (thresholds, blueprints, required functions...).
    report : Report, optional
        An audit of *org* already made with *options* (e.g. with a
        baseline applied); by default the report audits *org* itself.
    today : datetime.date, optional
        The date printed on the report (default: ``options.today`` or today).
    with_plan : bool, optional
        Whether to compute the plan for "What to do"; by default only up to
        :data:`PLAN_MAX_ROLES` roles (the plan's matching dominates the time
        beyond that), else the section says how to get it.
    **changes
        Fields of :class:`~csmo_model.AuditOptions` to change.

    Returns
    -------
    str
        The HTML document.

    Examples
    --------
    >>> import csmo_model as cm
    >>> page = cm.report_html(cm.examples.load("acme"))
    >>> page.startswith("<!DOCTYPE html>"), "Acme Outdoor" in page
    (True, True)
    """
    options = resolve_options(options, **changes)
    if report is None:
        report = audit(org, options)
    day = today or options.today or datetime.date.today()
    blueprint_ids = tuple(dict.fromkeys((*org.blueprints, *options.blueprints)))
    applied = catalog.apply(org, *options.blueprints) if options.blueprints else org
    findings = list(report.findings)
    fixes = {f.fingerprint: f.fix.summary for f in findings if f.fix is not None}
    body = [
        _headline(applied, report, day),
        _top_risks(findings, fixes),
        _plan(org, options, findings, with_plan),
    ]
    if blueprint_ids:
        body.append(_blueprints(applied, blueprint_ids))
    body += [
        _chart_section(applied, findings),
        _raci(applied),
        _ties(applied, options),
        _key_people(applied),
        _findings(findings, fixes),
        _appendix(options, blueprint_ids, report),
    ]
    return _page(org.name, day, "".join(body))


# -- the page -----------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, "Segoe UI", "DejaVu Sans", sans-serif; color: #1a1a1a;
  background: #fff; margin: 0 auto; padding: 24px; max-width: 1120px; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.3em; margin: 1.6em 0 .5em; border-bottom: 2px solid #d0d7de;
  padding-bottom: .2em; break-after: avoid; }
h3 { font-size: 1.05em; margin: 1em 0 .4em; break-after: avoid; }
p, li, td, th, dd, dt, figcaption { overflow-wrap: anywhere; }
.meta { color: #444; margin: 0 0 1em; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3em 1.2em; margin: 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
.sev { display: inline-block; font-weight: 700; font-size: .85em; letter-spacing: .02em;
  padding: 0 .4em; border: 2px solid currentColor; border-radius: 3px; white-space: nowrap; }
.sev-critical { color: #a50e0e; } .sev-warning { color: #8a4600; } .sev-info { color: #0b57a4; }
ol.risks > li { margin: 0 0 .7em; break-inside: avoid; }
.fix { display: block; color: #1d4d1d; }
.fix::before { content: "Fix: "; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 1px solid #c5ccd3; padding: .25em .45em; text-align: left; vertical-align: top; }
th { background: #eef1f4; }
table.findings { table-layout: fixed; }
table.findings col.c-sev { width: 7.5em; } table.findings col.c-kind { width: 10em; }
table.findings col.c-subj { width: 15%; } table.findings col.c-status { width: 7.5em; }
thead th { overflow-wrap: normal; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num, th.num, td.word { overflow-wrap: normal; }
figure { margin: .5em 0 1em; break-inside: avoid; }
figure svg { display: block; width: 100%; height: auto; }
figcaption { color: #333; font-size: .9em; margin-top: .3em; }
table.raci td.cell { text-align: center; font-weight: 700; width: 2.4em; }
table.raci th.role { font-weight: 600; font-size: .8em; writing-mode: vertical-rl;
  transform: rotate(180deg); white-space: nowrap; vertical-align: bottom; width: 2.4em; }
table.raci tr.gap { outline: 3px solid #a50e0e; outline-offset: -2px; }
table.raci td.gapnote { color: #a50e0e; font-weight: 600; }
.note { color: #444; font-size: .9em; }
.filters { margin: .3em 0; display: flex; gap: 1em; flex-wrap: wrap; }
.status-accepted { color: #3d3d3d; } .status-new { font-weight: 700; }
code { font-size: .92em; }
@page { margin: 18mm 12mm 16mm;
  @top-center { content: var(--org); }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@media print {
  body { padding: 0; max-width: none; font-size: 10.5pt; }
  .filters { display: none; }
  table.findings { font-size: .92em; }
  tr.hidden { display: table-row !important; }
  section, figure, dl.facts, ol.risks > li { break-inside: avoid; }
  section.long { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
}
"""

_SCRIPT = """
(function () {
  var table = document.querySelector("table.findings");
  var box = document.getElementById("finding-filters");
  if (!table || !box) return;
  var rows = table.tBodies[0].rows;
  ["critical", "warning", "info"].forEach(function (level) {
    var label = document.createElement("label");
    var input = document.createElement("input");
    input.type = "checkbox"; input.checked = true; input.value = level;
    input.addEventListener("change", apply);
    label.appendChild(input);
    label.appendChild(document.createTextNode(" show " + level));
    box.appendChild(label);
  });
  function apply() {
    var shown = {};
    box.querySelectorAll("input").forEach(function (i) { shown[i.value] = i.checked; });
    for (var k = 0; k < rows.length; k++) {
      var hide = !shown[rows[k].getAttribute("data-severity")];
      rows[k].hidden = hide;
      rows[k].classList.toggle("hidden", hide);
    }
  }
})();
"""

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none'"
)


def _page(name: str, day: datetime.date, body: str) -> str:
    title = f"Social media audit: {name}"
    # The page header of the print (CSS, not HTML): hex-escaped, so it cannot end the rule.
    org_var = f":root {{ --org: {_css_string(name)}; }}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_a(_CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="generator" content="csmo_model {_a(__version__)}">'
        f"<title>{escape(title)}</title>"
        f"<style>{_CSS}{org_var}</style></head><body>"
        f"<header><h1>Social media audit: {_t(name)}</h1>"
        f'<p class="meta">Made on <time datetime="{day.isoformat()}">{day.isoformat()}</time> '
        f"with csmo_model {escape(__version__)}.</p></header>"
        f"<main>{body}</main>"
        f"<script>{_SCRIPT}</script></body></html>\n"
    )


def _section(key: str, content: str, *, long: bool = False) -> str:
    cls = ' class="long"' if long else ""
    return (
        f'<section id="{key}"{cls} aria-labelledby="h-{key}">'
        f'<h2 id="h-{key}">{escape(_HEADINGS[key])}</h2>{content}</section>'
    )


def _sev(value: str) -> str:
    return f'<span class="sev sev-{value}">{_SEV_MARK[value]} {value}</span>'


def _role_label(org: Organization, role_id: str) -> str:
    role = org.roles[role_id]
    held = [p.name for p in org.people.values() if role_id in p.holds]
    who = ", ".join(held) if held else "vacant"
    return f"{_t(role.title)} ({_t(who)})"


# -- headline, risks, plan, blueprints ------------------------------------------


def _headline(org: Organization, report: Report, day: datetime.date) -> str:
    counts = Counter(f.severity.value for f in report.findings)
    accepted = sum(1 for f in report.findings if f.accepted is not None)
    severities = " ".join(
        f"{_sev(s.value)} {counts[s.value]}" for s in sorted(Severity, key=lambda s: -s.rank)
    )
    if accepted:
        severities += f" <span class='note'>({accepted} accepted)</span>"
    summary = report.summary
    truck = summary.get("truck_factor")
    threshold = summary.get("truck_factor_threshold")
    rows = [
        ("Organization", _t(org.name)),
        ("Date", day.isoformat()),
        ("Findings", severities),
    ]
    if (shape := structure_line(summary)) is not None:
        rows.append(("Structure", _t(shape.removeprefix("Organizing model: "))))
    if truck is not None:
        share = f"{float(threshold):.0%}" if threshold is not None else "most"
        rows.append(
            (
                "Truck factor",
                f"<strong>{int(truck)}</strong>: that many departures leave more than "
                f"{share} of the work with nobody",
            )
        )
    lead = summary.get("social_lead")
    if lead is not None and lead in org.roles:
        chain = summary.get("lead_chain") or reporting_chain(org, lead)
        path = " \u2192 ".join(_t(org.roles[r].title) for r in chain)
        top = summary.get("lead_reports_to_top")
        chief = summary.get("chief_executive")
        where = (
            "where it reports cannot be judged: no chief executive is named"
            if top is None
            else "reports directly to the chief executive"
            if top
            else f"is {chain.index(chief)} levels below the chief executive"
            if isinstance(chief, str) and chief in chain
            else "does not report to the chief executive"
        )
        rows.append(("Social lead", f"{_role_label(org, lead)}; {where}"))
        rows.append(("Reporting line", path))
    else:
        rows.append(("Social lead", "not named in the organization file"))
    facts = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return _section("headline", f'<dl class="facts">{facts}</dl>')


def _top_risks(findings: Sequence[Finding], fixes: Mapping[str, str]) -> str:
    risky = [f for f in findings if f.severity.rank >= Severity.WARNING.rank and f.counts]
    if not risky:
        return _section("top-risks", "<p>No warning or critical finding is open.</p>")
    items = []
    for f in risky[:_TOP_RISKS]:
        fix = fixes.get(f.fingerprint)
        fix_html = f'<span class="fix">{_t(fix)}</span>' if fix else ""
        items.append(f"<li>{_sev(f.severity.value)} {_t(f.message)}{fix_html}</li>")
    more = len(risky) - _TOP_RISKS
    tail = f'<p class="note">{more} more below, in every finding.</p>' if more > 0 else ""
    return _section("top-risks", f'<ol class="risks">{"".join(items)}</ol>{tail}')


def _plan(
    org: Organization, options: AuditOptions, findings: Sequence[Finding], wanted: bool | None
) -> str:
    get = "<code>csmo fix ORG OUT --dry-run</code> prints it"
    if wanted is False:
        return _section("plan", f"<p>The plan was left out of this report; {get}.</p>")
    if wanted is None and len(org.roles) > PLAN_MAX_ROLES:
        return _section(
            "plan",
            f"<p>The plan is left out: with {len(org.roles):,} roles it takes long to compute "
            f"(the report plans up to {PLAN_MAX_ROLES:,} roles). {get}, and "
            "<code>csmo report --plan</code> includes it here.</p>",
        )
    return _plan_steps(plan(org, options), {f.fingerprint: f for f in findings})


def _plan_steps(plan: Plan, by_fingerprint: Mapping[str, Finding]) -> str:
    """The plan's steps in order, then what needs a decision (hiring, judgment)."""
    parts = []
    if plan.steps:
        items = []
        for step in plan.steps[:_MAX_ROWS]:
            cleared = [by_fingerprint[fp] for fp in step.clears if fp in by_fingerprint]
            worst = max((f.severity.rank for f in cleared), default=-1)
            badge = f"{_sev(_RANKED[worst])} " if worst >= 0 else ""
            clears = f"clears {len(step.clears)} finding{'s' if len(step.clears) != 1 else ''}"
            items.append(
                f"<li>{badge}{_t(step.summary)} <span class='note'>({escape(clears)}; "
                f"{_t(step.why)})</span></li>"
            )
        more = len(plan.steps) - _MAX_ROWS
        tail = f'<p class="note">{more} more steps.</p>' if more > 0 else ""
        parts.append(
            f"<p>{len(plan.steps)} step{'s' if len(plan.steps) != 1 else ''}, "
            f"{sum(len(s.edits) for s in plan.steps)} edits in all "
            "(<code>csmo fix</code> applies them):</p>"
            f'<ol class="steps">{"".join(items)}</ol>{tail}'
        )
    else:
        parts.append("<p>No change can be made by edits alone.</p>")
    if plan.open:
        rows = "".join(
            f"<li>{_t(step.summary)}"
            + (f" <span class='note'>({step.fte:g} FTE)</span>" if step.fte else "")
            + "</li>"
            for step in plan.open[:_MAX_ROWS]
        )
        more = len(plan.open) - _MAX_ROWS
        tail = f'<p class="note">{more} more.</p>' if more > 0 else ""
        parts.append(f"<h3>Needs a decision</h3><ul class='open'>{rows}</ul>{tail}")
    return _section("plan", "".join(parts))


def _blueprints(org: Organization, blueprint_ids: Sequence[str]) -> str:
    parts = []
    for bp_id in blueprint_ids:
        bp = catalog.get(bp_id)
        fit = conformance(org, bp)
        rows = []
        for job in fit.jobs:
            resp = org.responsibilities.get(job.responsibility)
            name = resp.name if resp is not None else job.responsibility
            depts = ", ".join(org.departments[d].name for d in job.departments) or "none"
            rows.append(
                f"<tr><td>{_t(name)}</td><td>{escape(job.status)}</td>"
                f"<td>{escape(job.placement or '')}</td><td>{_t(depts)}</td></tr>"
            )
        parts.append(
            f"<h3>{_t(bp.title)} <span class='note'>({_t(bp.id)})</span>: "
            f"{fit.score:.0%} of its jobs covered</h3>"
            "<table><thead><tr><th scope='col'>Job</th><th scope='col'>Status</th>"
            "<th scope='col'>Placement</th><th scope='col'>Departments doing it</th></tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table>"
        )
    return _section("blueprints", "".join(parts))


# -- the org chart --------------------------------------------------------------

_W, _H, _GX, _GY, _M = 172.0, 64.0, 26.0, 42.0, 14.0
_PITCH_X, _PITCH_Y = _W + _GX, _H + _GY
_LEGEND_W = 370.0


def _marks(org: Organization, findings: Iterable[Finding]) -> dict[str, str]:
    """Role id -> the worst severity of the open findings about it (or its holder)."""
    roles_of = {p.id: p.holds for p in org.people.values()}
    out: dict[str, Severity] = {}
    for f in findings:
        if not f.counts:
            continue
        for s in f.subjects:
            ids: Sequence[str] = ()
            if s.type == "role" and s.id in org.roles:
                ids = (s.id,)
            elif s.type == "person":
                ids = roles_of.get(s.id, ())
            for r in ids:
                if r not in out or out[r].rank < f.severity.rank:
                    out[r] = f.severity
    return {r: s.value for r, s in out.items()}


def _layout(
    org: Organization, shown: Sequence[str]
) -> tuple[dict[str, tuple[float, float]], set[str]]:
    """Top-left corners of the boxes: a tidy tree on a grid, leaf-only teams in columns.

    Boxes sit on grid cells, so the gaps between rows and between columns
    are free of boxes: every line is routed along them. Also returns the
    roles drawn in a column under their manager.
    """
    inside = set(shown)
    children: dict[str, list[str]] = {r: [] for r in shown}
    roots = []
    for r in shown:
        boss = org.roles[r].reports_to
        if boss in inside:
            children[boss].append(r)
        else:
            roots.append(r)
    slot: dict[str, int] = {}
    depth: dict[str, int] = {}
    in_column: set[str] = set()
    next_slot = 0
    for root in roots:
        depth[root] = 0
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            kids = children[node]
            stacked = len(kids) > _STACK and all(not children[k] for k in kids)
            if done or not kids or stacked:
                if stacked:
                    columns = -(-len(kids) // _COLUMN_ROWS)
                    rows = -(-len(kids) // columns)
                    slot[node] = next_slot + (columns - 1) // 2
                    for i, k in enumerate(kids):
                        slot[k] = next_slot + i // rows
                        depth[k] = depth[node] + 1 + i % rows
                        in_column.add(k)
                    next_slot += columns
                elif not kids:
                    slot[node] = next_slot
                    next_slot += 1
                else:
                    slot[node] = (slot[kids[0]] + slot[kids[-1]]) // 2
                continue
            stack.append((node, True))
            for k in reversed(kids):
                depth[k] = depth[node] + 1
                stack.append((k, False))
    corners = {r: (_M + slot[r] * _PITCH_X, _M + _GY + depth[r] * _PITCH_Y) for r in shown}
    return corners, in_column


def _box(org: Organization, role_id: str, x: float, y: float, mark: str | None, lead: bool) -> str:
    role = org.roles[role_id]
    held = [p.name for p in org.people.values() if role_id in p.holds]
    vacant = not held
    who = "vacant" if vacant else ", ".join(held)
    fill = "#ffffff" if vacant else ("#fff4d6" if lead else "#eaf1f8")
    stroke = _SEV_COLOR[mark] if mark else "#4f5d6b"
    width = _SEV_WIDTH[mark] if mark else 1.2
    dash = ' stroke-dasharray="6 4"' if vacant else ""
    tip = f"{role.title} ({who})" + (f": has a {mark} finding" if mark else "")
    badge = ""
    if mark:
        badge = (
            f'<text x="{x + 8:.1f}" y="{y + _H - 8:.1f}" class="badge" fill="{_SEV_COLOR[mark]}">'
            f"{_SEV_MARK[mark]} {mark}</text>"
        )
    if lead:
        badge += (
            f'<text x="{x + _W - 8:.1f}" y="{y + _H - 8:.1f}" class="badge" '
            'text-anchor="end" fill="#5a3d00">social lead</text>'
        )
    return (
        f'<g class="role{" vacant" if vacant else ""}" data-role="{_a(role_id)}">'
        f"<title>{escape(tip)}</title>"
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{_W:.0f}" height="{_H:.0f}" rx="5" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>'
        f'<text x="{x + 8:.1f}" y="{y + 18:.1f}" class="title">'
        f"{escape(_short(role.title, 24))}</text>"
        f'<text x="{x + 8:.1f}" y="{y + 34:.1f}" class="{"who vac" if vacant else "who"}">'
        f"{escape(_short(who, 26))}</text>{badge}</g>"
    )


def _solid(a: tuple[float, float], b: tuple[float, float], in_column: bool) -> str:
    """The reporting line from the manager's box *a* to the report's box *b*, along the gaps."""
    ax, ay = a[0] + _W / 2, a[1] + _H
    if in_column:  # a stacked team: down the gap left of the column, into the box's side
        gx, by = b[0] - _GX / 2, b[1] + _H / 2
        return f"M{ax:.1f},{ay:.1f}V{ay + _GY / 2:.1f}H{gx:.1f}V{by:.1f}H{b[0]:.1f}"
    bx, by = b[0] + _W / 2, b[1]
    mid = by - _GY / 2
    return f"M{ax:.1f},{ay:.1f}V{mid:.1f}H{bx:.1f}V{by:.1f}"


def _dotted(a: tuple[float, float], b: tuple[float, float]) -> str:
    """A dotted line from box *a* to box *b* that only runs in the gaps between boxes.

    It leaves *a*'s top left of centre, climbs into the gap above *a*'s row,
    runs to the column gap beside *a*, along it to the gap above *b*'s row,
    and enters *b*'s top right of centre: never across a box.
    """
    sx, sy = a[0] + _W * 0.3, a[1]
    tx, ty = b[0] + _W * 0.7, b[1]
    up = sy - _GY / 2 - 6
    down = ty - _GY / 2 + 6
    gap = a[0] + _W + _GX / 2 if b[0] > a[0] else a[0] - _GX / 2
    return f"M{sx:.1f},{sy:.1f}V{up:.1f}H{gap:.1f}V{down:.1f}H{tx:.1f}V{ty:.1f}"


def org_chart_svg(
    org: Organization, findings: Iterable[Finding] = (), *, roles: Sequence[str] | None = None
) -> str:
    """Return an SVG org chart of *roles* (default: all), findings marked.

    Vacant seats are hollow with a dashed border; a role with an open
    finding has a border in its severity's colour and width and the
    severity's word and shape; dotted reporting lines run only in the gaps
    between boxes.

    Examples
    --------
    >>> import csmo_model as cm
    >>> svg = org_chart_svg(cm.examples.load("acme"))
    >>> svg.count('class="role'), svg.count('class="dotted" d=')
    (3, 1)
    """
    shown = list(org.roles) if roles is None else list(roles)
    pos, in_column = _layout(org, shown)
    marks = _marks(org, findings)
    inside = set(shown)
    lines = []
    for r in shown:
        boss = org.roles[r].reports_to
        if boss in inside:
            path = _solid(pos[boss], pos[r], r in in_column)
            lines.append(f'<path class="solid" d="{path}"/>')
    dotted = []
    for r in shown:
        for target in org.roles[r].dotted_to:
            if target in inside:
                dotted.append(
                    f'<path class="dotted" d="{_dotted(pos[r], pos[target])}">'
                    f"<title>{escape(org.roles[r].title)} has a dotted line to "
                    f"{escape(org.roles[target].title)}</title></path>"
                )
    boxes = [_box(org, r, *pos[r], marks.get(r), r == org.social_lead) for r in shown]
    # At least as wide as the legend, so a one-column chart does not cut it off.
    width = max(max((x for x, _ in pos.values()), default=0.0) + _W + 2 * _M + _GX, _LEGEND_W)
    height = max((y for _, y in pos.values()), default=0.0) + _H + _M + _GY
    legend_y = _M
    legend = (
        f'<g class="legend" transform="translate({_M:.0f},{legend_y:.0f})">'
        '<path d="M0,0H28" class="solid"/><text x="34" y="4">reports to</text>'
        '<path d="M110,0H138" class="dotted"/><text x="144" y="4">dotted line</text>'
        '<rect x="240" y="-7" width="24" height="14" fill="#fff" stroke="#4f5d6b" '
        'stroke-dasharray="4 3"/><text x="270" y="4">vacant seat</text></g>'
    )
    style = (
        "<style>.solid{fill:none;stroke:#56616c;stroke-width:1.4}"
        ".dotted{fill:none;stroke:#7a3db8;stroke-width:1.8;stroke-dasharray:2 4;"
        "stroke-linecap:round}"
        "text{font-family:system-ui,'DejaVu Sans',sans-serif;font-size:12px;fill:#1a1a1a}"
        "text.title{font-weight:700}text.who{font-size:11.5px}text.vac{font-style:italic}"
        "text.badge{font-size:11px;font-weight:700}</style>"
    )
    label = f"Organization chart of {org.name}: {len(shown)} roles"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" style="max-width:{width:.0f}px" aria-label="{_a(label)}">'
        f"<title>{escape(label)}</title>{style}{legend}{''.join(lines)}"
        f"{''.join(boxes)}{''.join(dotted)}</svg>"
    )


def _neighbourhood(org: Organization) -> list[str]:
    """The lead's chain to the top, its direct reports (capped) and its dotted lines."""
    lead = org.social_lead
    if lead is None:
        roots = [r.id for r in org.roles.values() if r.reports_to is None]
        top = roots[0] if roots else next(iter(org.roles))
        reports = [r.id for r in org.roles.values() if r.reports_to == top]
        return [top, *reports[:_MAX_REPORTS]]
    keep = dict.fromkeys(reversed(reporting_chain(org, lead)))
    me = org.roles[lead]
    for target in me.dotted_to:
        keep.setdefault(target)
        keep.update(dict.fromkeys(reversed(reporting_chain(org, target))))
    reports = [r.id for r in org.roles.values() if r.reports_to == lead]
    keep.update(dict.fromkeys(reports[:_MAX_REPORTS]))
    if me.reports_to is not None:
        peers = [r.id for r in org.roles.values() if r.reports_to == me.reports_to]
        keep.update(dict.fromkeys(peers[:_MAX_REPORTS]))
    order = {r: i for i, r in enumerate(org.roles)}
    return sorted(keep, key=order.__getitem__)


def _chart_section(org: Organization, findings: Sequence[Finding]) -> str:
    if not org.roles:
        return _section("org-chart", "<p>The organization has no roles.</p>")
    if len(org.roles) <= LARGE:
        svg = org_chart_svg(org, findings)
        caption = (
            "Boxes are roles; a hollow dashed box is a vacant seat. A coloured, thicker border "
            "with a word (critical, warning, info) marks a role with an open finding."
        )
        return _section("org-chart", f"<figure>{svg}<figcaption>{caption}</figcaption></figure>")
    shown = _neighbourhood(org)
    svg = org_chart_svg(org, findings, roles=shown)
    caption = (
        f"The social lead's neighbourhood: {len(shown)} of {len(org.roles)} roles (the line "
        "to the top, dotted lines, peers and direct reports). The departments follow."
    )
    return _section(
        "org-chart",
        f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"
        + _rollup(org, findings),
        long=True,
    )


def _rollup(org: Organization, findings: Sequence[Finding]) -> str:
    """One row per department: roles, people, vacancies, open findings by severity."""
    roles_in: Counter[str] = Counter()
    vacant: Counter[str] = Counter()
    held = {r for p in org.people.values() for r in p.holds}
    for role in org.roles.values():
        if role.department is not None:
            roles_in[role.department] += 1
            if role.id not in held:
                vacant[role.department] += 1
    people: dict[str, set[str]] = {}
    for p in org.people.values():
        for r in p.holds:
            home = org.roles[r].department
            if home is not None:
                people.setdefault(home, set()).add(p.id)
    sev: dict[str, Counter[str]] = {}
    for f in findings:
        if not f.counts:
            continue
        depts: set[str] = set()
        for s in f.subjects:
            if s.type == "department":
                depts.add(s.id)
            elif s.type == "role" and s.id in org.roles:
                depts.update(d for d in [org.roles[s.id].department] if d is not None)
        for dept_id in depts:
            sev.setdefault(dept_id, Counter())[f.severity.value] += 1
    rows = []
    for dept in list(org.departments.values())[:_MAX_ROWS]:
        c = sev.get(dept.id, Counter())
        parent = org.departments[dept.parent].name if dept.parent else ""
        rows.append(
            f"<tr><td>{_t(dept.name)}</td><td class='word'>{escape(dept.function.value)}</td>"
            f"<td>{_t(parent)}</td><td class='num'>{roles_in[dept.id]}</td>"
            f"<td class='num'>{len(people.get(dept.id, ()))}</td>"
            f"<td class='num'>{vacant[dept.id]}</td>"
            + "".join(f"<td class='num'>{c[s]}</td>" for s in ("critical", "warning", "info"))
            + "</tr>"
        )
    more = len(org.departments) - _MAX_ROWS
    tail = f'<p class="note">{more} more departments.</p>' if more > 0 else ""
    head = "".join(
        f"<th scope='col'{_NUM if n > 2 else ''}>{h}</th>"
        for n, h in enumerate(
            [
                "Department",
                "Function",
                "Part of",
                "Roles",
                "People",
                "Vacant",
                "Critical",
                "Warning",
                "Info",
            ]
        )
    )
    return (
        "<h3>Departments</h3>"
        f"<table class='rollup'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
        f"</table>{tail}"
    )


# -- RACI, ties, key people -------------------------------------------------------


def _raci(org: Organization) -> str:
    if not org.responsibilities:
        return _section("raci", "<p>The organization lists no responsibilities.</p>")
    letters: dict[str, dict[str, Raci]] = {r: {} for r in org.responsibilities}
    for role in org.roles.values():
        for resp, letter in role.raci.items():
            if resp in letters:
                letters[resp][role.id] = letter
    gaps = {}
    for resp, by_role in letters.items():
        found = {x for v in by_role.values() for x in v.letters}
        missing = [
            w for x, w in ((Raci.R, "Responsible"), (Raci.A, "Accountable")) if x not in found
        ]
        if missing:
            gaps[resp] = "no one " + " or ".join(missing)
    order = sorted(letters, key=lambda r: r not in gaps)[:_MAX_ROWS]
    columns = list(dict.fromkeys(role for r in order for role in letters[r]))
    intro = (
        "<p>Each cell is a role's letter: R responsible (does it), A accountable (owns it), "
        "C consulted, I informed. Rows boxed in red have a gap.</p>"
    )

    def cell(letter: Raci | None) -> str:
        if letter is None:
            return "<td class='cell'></td>"
        v = letter.value
        return f"<td class='cell' style='background:{_RACI_FILL[v]};color:{_RACI_TEXT[v]}'>{v}</td>"

    rows = []
    if len(columns) <= _MAX_RACI_COLUMNS:
        head = "".join(
            f"<th scope='col' class='role' title='{_a(org.roles[c].title)}'>"
            f"{_t(_short(org.roles[c].title, 30))}</th>"
            for c in columns
        )
        for resp in order:
            gap = gaps.get(resp)
            rows.append(
                f"<tr{_GAP if gap else ''}>"
                f"<th scope='row'>{_t(org.responsibilities[resp].name)}</th>"
                + "".join(cell(letters[resp].get(c)) for c in columns)
                + f"<td class='gapnote'>{escape(gap or '')}</td></tr>"
            )
        table = (
            "<table class='raci'><thead><tr><th scope='col'>Responsibility</th>"
            f"{head}<th scope='col'>Gap</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    else:
        intro += (
            f"<p class='note'>{len(columns)} roles take part: each cell counts the roles "
            "with that letter.</p>"
        )
        for resp in order:
            gap = gaps.get(resp)
            c = Counter(x.value for v in letters[resp].values() for x in v.letters)
            cells = "".join(
                f"<td class='cell num' style='background:{_RACI_FILL[k] if c[k] else '#fff'};"
                f"color:{_RACI_TEXT[k] if c[k] else '#1a1a1a'}'>{c[k]}</td>"
                for k in ("R", "A", "C", "I")
            )
            rows.append(
                f"<tr{_GAP if gap else ''}>"
                f"<th scope='row'>{_t(org.responsibilities[resp].name)}</th>{cells}"
                f"<td class='gapnote'>{escape(gap or '')}</td></tr>"
            )
        table = (
            "<table class='raci'><thead><tr><th scope='col'>Responsibility</th>"
            + "".join(f"<th scope='col' class='num'>{k}</th>" for k in ("R", "A", "C", "I"))
            + f"<th scope='col'>Gap</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
    more = len(letters) - len(order)
    tail = f'<p class="note">{more} more responsibilities without a gap.</p>' if more > 0 else ""
    return _section("raci", intro + table + tail, long=len(order) > 20)


def ties_svg(org: Organization, required: Sequence[Function]) -> str:
    """Return an SVG of the social lead's ties to departments of the *required* functions.

    A solid line is a tie, a dashed line a missing one (labelled, so the
    picture does not rely on the line style alone).

    Examples
    --------
    >>> import csmo_model as cm
    >>> svg = ties_svg(cm.examples.load("acme"), [cm.Function.MARKETING, cm.Function.IT])
    >>> svg.count('class="tie"'), svg.count('class="tie missing"')
    (1, 1)
    """
    lead = org.social_lead
    assert lead is not None
    tied = ties(org, lead)
    rows: list[tuple[str, str, bool]] = []
    for function in required:
        depts = [d for d in org.departments.values() if d.function is function]
        if not depts:
            rows.append((function.value, "no such department", False))
        for d in depts:
            rows.append((function.value, d.name, d.id in tied))
    step, top = 34.0, 30.0
    height = top + step * max(len(rows), 1) + 10
    lead_y = top + step * (max(len(rows), 1) - 1) / 2
    parts = [
        f'<rect x="10" y="{lead_y - 18:.1f}" width="200" height="36" rx="5" fill="#fff4d6" '
        f'stroke="#4f5d6b"/><text x="20" y="{lead_y + 5:.1f}" class="lead">'
        f"{escape(_short(org.roles[lead].title, 26))}</text>"
    ]
    for i, (word_f, name, ok) in enumerate(rows):
        y = top + i * step
        cls = "tie" if ok else "tie missing"
        word = "tied" if ok else "missing"
        dash = "" if ok else ' stroke-dasharray="5 3"'
        parts.append(
            f'<path class="{cls}" d="M210,{lead_y:.1f}C300,{lead_y:.1f} 300,{y:.1f} 390,{y:.1f}"/>'
            f'<rect x="390" y="{y - 13:.1f}" width="340" height="26" rx="4" '
            f'fill="{"#eaf1f8" if ok else "#fff"}" stroke="#4f5d6b"{dash}/>'
            f'<text x="398" y="{y + 4:.1f}">{escape(word_f)}: '
            f"{escape(_short(name, 30))}</text>"
            f'<text x="740" y="{y + 4:.1f}" class="{"ok" if ok else "no"}">{word}</text>'
        )
    style = (
        "<style>text{font-family:system-ui,'DejaVu Sans',sans-serif;font-size:12px;"
        "fill:#1a1a1a}text.lead{font-weight:700}text.ok{fill:#1d4d1d;font-weight:700}"
        "text.no{fill:#a50e0e;font-weight:700}.tie{fill:none;stroke:#1d4d1d;stroke-width:2}"
        ".tie.missing{stroke:#a50e0e;stroke-dasharray:7 5}</style>"
    )
    label = f"Ties of the social lead of {org.name} to the required functions"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 810 {height:.0f}" '
        f'style="max-width:810px" aria-label="{_a(label)}"><title>{escape(label)}</title>'
        f"{style}{''.join(parts)}</svg>"
    )


def _ties(org: Organization, options: AuditOptions) -> str:
    if org.social_lead is None:
        return _section("ties", "<p>No social lead is named, so there are no ties to show.</p>")
    svg = ties_svg(org, options.required_functions)
    caption = (
        "Solid: the lead has a tie (a link, a reporting line or membership) to the department. "
        "Dashed and marked missing: no tie."
    )
    return _section("ties", f"<figure>{svg}<figcaption>{caption}</figcaption></figure>")


def _key_people(org: Organization) -> str:
    spofs = person_spofs(org)
    if not spofs:
        return _section(
            "key-people",
            "<p>No single departure leaves a job with nobody: every job has two holders.</p>",
        )
    ranked = sorted(spofs.items(), key=lambda kv: -len(kv[1]))
    rows = []
    for person_id, jobs in ranked[:_MAX_ROWS]:
        person = org.people[person_id]
        roles = ", ".join(org.roles[r].title for r in person.holds)
        names = "; ".join(
            org.responsibilities[j].name
            + (" (critical)" if org.responsibilities[j].critical else "")
            for j in jobs
        )
        rows.append(
            f"<tr><td>{_t(person.name)}</td><td>{_t(roles)}</td>"
            f"<td class='num'>{len(jobs)}</td><td>{_t(names)}</td></tr>"
        )
    more = len(ranked) - _MAX_ROWS
    tail = f'<p class="note">{more} more people.</p>' if more > 0 else ""
    return _section(
        "key-people",
        "<p>If one of these people left, nobody would hold the jobs listed.</p>"
        "<table><thead><tr><th scope='col'>Person</th><th scope='col'>Roles</th>"
        "<th scope='col' class='num'>Jobs</th><th scope='col'>Left with nobody</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table>{tail}",
        long=len(rows) > 20,
    )


# -- every finding, appendix ---------------------------------------------------------


def _status(f: Finding) -> str:
    if f.accepted is not None:
        until = f" until {f.accepted.until.isoformat()}" if f.accepted.until else ""
        return f"<span class='status-accepted'>accepted{until}: {_t(f.accepted.reason)}</span>"
    if f.new:
        return "<span class='status-new'>new</span>"
    if f.new is False:
        return "in baseline"
    return "open"


def _findings(findings: Sequence[Finding], fixes: Mapping[str, str]) -> str:
    if not findings:
        return _section("findings", "<p>The audit found nothing.</p>")
    rows = []
    for f in findings:
        subjects = ", ".join(f"{s.type.value} {s.id}" for s in f.subjects[:_SUBJECTS])
        if len(f.subjects) > _SUBJECTS:
            subjects += f" and {len(f.subjects) - _SUBJECTS} more"
        fix = f"<td>{_t(fixes.get(f.fingerprint, ''))}</td>" if fixes else ""
        rows.append(
            f'<tr data-severity="{f.severity.value}" data-fingerprint="{_a(f.fingerprint)}">'
            f"<td>{_sev(f.severity.value)}</td><td>{escape(f.kind)}</td>"
            f"<td>{_t(subjects)}</td><td>{_t(f.message)}</td>{fix}"
            f"<td>{_status(f)}</td></tr>"
        )
    fix_col, fix_head = ("<col>", "<th scope='col'>Fix</th>") if fixes else ("", "")
    return _section(
        "findings",
        '<div id="finding-filters" class="filters" aria-label="Filter findings"></div>'
        "<table class='findings'><colgroup><col class='c-sev'><col class='c-kind'>"
        f"<col class='c-subj'><col>{fix_col}<col class='c-status'></colgroup>"
        "<thead><tr><th scope='col'>Severity</th><th scope='col'>Kind</th>"
        f"<th scope='col'>Subjects</th><th scope='col'>Message</th>{fix_head}"
        f"<th scope='col'>Status</th></tr></thead><tbody>{''.join(rows)}</tbody></table>",
        long=True,
    )


def _appendix(options: AuditOptions, blueprint_ids: Sequence[str], report: Report) -> str:
    rows = []
    for name, value in options.to_dict().items():
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        rows.append(
            f"<tr><th scope='row'><code>{escape(name)}</code></th><td>{_t(shown)}</td></tr>"
        )
    bps = ", ".join(blueprint_ids) or "none"
    return _section(
        "appendix",
        f"<p>Library: csmo_model {escape(__version__)}. Blueprints: {_t(bps)}. "
        f"Checks run: {_t(', '.join(report.checks))}.</p>"
        "<h3>Options</h3><table><thead><tr><th scope='col'>Option</th><th scope='col'>Value</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table>",
    )


# -- printing -----------------------------------------------------------------------

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""Commands tried, in order, to find a Chromium when ``CSMO_CHROMIUM`` is not set."""

_INSTALL = (
    "no Chromium found to print the PDF; install one (Debian/Ubuntu: "
    "`apt-get install chromium`), or set CSMO_CHROMIUM to its path; or open the HTML "
    "report in a browser and use Print -> Save as PDF"
)


class BrowserNotFoundError(RuntimeError):
    """No headless Chromium to print with; the message says how to install one."""

    def __init__(self, message: str = _INSTALL) -> None:
        super().__init__(message)


def find_chromium() -> str | None:
    """Return the path of a Chromium to print with, or ``None``.

    ``CSMO_CHROMIUM`` wins when set (and must name a program); otherwise the
    first of :data:`CHROMIUM_NAMES` on ``PATH``.

    Examples
    --------
    >>> import os
    >>> os.environ["CSMO_CHROMIUM"] = "no-such-browser-here"
    >>> find_chromium() is None
    True
    >>> del os.environ["CSMO_CHROMIUM"]
    """
    chosen = os.environ.get("CSMO_CHROMIUM")
    if chosen:
        return shutil.which(chosen)
    for name in CHROMIUM_NAMES:
        if (path := shutil.which(name)) is not None:
            return path
    return None


def print_pdf(html: str, out: str | os.PathLike[str], *, timeout: float = 120.0) -> None:
    """Print the report *html* to the PDF file *out* with headless Chromium.

    The page is printed from a temporary file with its own print style sheet
    (page headers with the organization's name, page numbers), without the
    browser's own header and footer.

    Raises
    ------
    BrowserNotFoundError
        If no Chromium is installed (see :func:`find_chromium`).
    RuntimeError
        If Chromium fails or writes no PDF; the message quotes its last words.

    Examples
    --------
    >>> import csmo_model as cm
    >>> print_pdf(cm.report_html(cm.examples.load("acme")), "acme.pdf")  # doctest: +SKIP
    """
    browser = find_chromium()
    if browser is None:
        raise BrowserNotFoundError
    target = Path(out).resolve()
    with tempfile.TemporaryDirectory(prefix="csmo-report-") as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        printed = Path(tmp) / "report.pdf"
        command = [
            browser,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={printed}",
            page.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to sandbox as root
        try:
            done = subprocess.run(  # noqa: S603 - a browser found on PATH, fixed arguments
                command, capture_output=True, text=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"{browser} did not print within {timeout:.0f} s") from None
        if done.returncode != 0 or not printed.exists() or printed.stat().st_size == 0:
            last = (done.stderr or done.stdout).strip().splitlines()[-3:]
            raise RuntimeError(
                f"{browser} could not print the PDF (exit {done.returncode}): " + " | ".join(last)
            )
        fd, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(fd)
        try:
            shutil.copyfile(printed, partial)
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(partial, 0o666 & ~mask)
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
