"""The HTML report: content, escaping, layout geometry, the plan hook, the CLI; then in Chromium.

The browser tests (at the end) drive headless Chromium with Playwright. They
need the ``browser`` extra (``pip install -e '.[browser]'``) and a Chromium
from the system (Debian/Ubuntu: ``apt-get install chromium``); Playwright's
own browser download is not used. Without them they skip, saying so;
``.ci/run`` installs both and sets ``CSMO_REQUIRE_BROWSER=1`` so that in CI
they fail instead of skipping. Screenshots and PDFs go to ``$CSMO_ARTEFACTS``
(default: a pytest temporary directory).
"""

from __future__ import annotations

import datetime
import html
import itertools
import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest

import csmo_model as cm
from csmo_model import html_report
from csmo_model.cli import main
from csmo_model.html_report import _layout, org_chart_svg, report_html

DAY = datetime.date(2026, 1, 15)
HOSTILE = {
    "script": "<script>alert('x')</script>",
    "cell": "</td></tr></table><b>cell</b>",
    "link": "javascript:alert(1)",
    "dollar": "Q $\\x$ Cost: $5 and $10",
    "rtl": "\u202eevil.exe\u202c name",
    "quote": "\" onmouseover=\"alert(1)' x='",
}


def hostile_org() -> cm.Organization:
    """Acme with a hostile string in every kind of name the report shows."""
    acme = cm.examples.load("acme")
    roles = dict(acme.roles)
    roles["cmo"] = attrs.evolve(roles["cmo"], title=HOSTILE["cell"])
    roles["social-lead"] = attrs.evolve(roles["social-lead"], title=HOSTILE["dollar"])
    people = dict(acme.people)
    people["ana"] = attrs.evolve(people["ana"], name=HOSTILE["script"])
    people["bo"] = attrs.evolve(people["bo"], name=HOSTILE["rtl"])
    departments = dict(acme.departments)
    departments["support"] = attrs.evolve(departments["support"], name=HOSTILE["quote"])
    responsibilities = dict(acme.responsibilities)
    responsibilities["community"] = attrs.evolve(
        responsibilities["community"], name=HOSTILE["link"]
    )
    responsibilities["strategy"] = attrs.evolve(responsibilities["strategy"], name=HOSTILE["rtl"])
    return attrs.evolve(
        acme,
        name=HOSTILE["script"] + HOSTILE["quote"],
        roles=roles,
        people=people,
        departments=departments,
        responsibilities=responsibilities,
    )


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each element id'd section."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def test_every_section_in_order_and_headings_in_order() -> None:
    page = report_html(cm.examples.load("acme"), today=DAY)
    ids = re.findall(r'<section id="([a-z-]+)"', page)
    expected = [k for k, _ in html_report.SECTIONS if k != "blueprints"]
    assert ids == expected
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert '<html lang="en">' in page
    assert "<title>Social media audit: Acme Outdoor</title>" in page


def test_headline_facts_of_acme() -> None:
    page = report_html(cm.examples.load("acme"), today=DAY)
    assert '<time datetime="2026-01-15">2026-01-15</time>' in page
    # Severity counts with the word, not colour alone.
    assert "\u25a0 critical</span> 0" in page
    assert "\u25b2 warning</span> 3" in page
    assert "\u25cf info</span> 2" in page
    assert "<dt>Truck factor</dt><dd><strong>1</strong>" in page
    assert (
        "<bdi>Social Media Manager</bdi> (<bdi>Ana Ruiz</bdi>); "
        "is 2 levels below the chief executive" in page
    )
    chain = "<bdi>Social Media Manager</bdi> \u2192 <bdi>Chief Marketing Officer</bdi> \u2192 "
    assert chain + "<bdi>Chief Executive Officer</bdi>" in page


def test_top_risks_are_the_open_warnings_worst_first() -> None:
    org = cm.examples.load("acme")
    page = report_html(org, today=DAY)
    risks = re.search(r'<ol class="risks">(.*?)</ol>', page)
    assert risks is not None
    report = cm.audit(org)
    expected = [f.message for f in report if f.severity.rank >= 1]
    assert re.findall(r"</span> <bdi>(.*?)</bdi>", risks.group(1)) == expected


def test_accepted_findings_leave_the_risks_and_say_why() -> None:
    org = cm.examples.load("acme")
    first = cm.audit(org).findings[0]
    accepted = attrs.evolve(
        org,
        accepted=[cm.Acceptance(fingerprint=first.fingerprint, reason="On <purpose>")],
    )
    page = report_html(accepted, today=DAY)
    risks = re.search(r'<ol class="risks">(.*?)</ol>', page)
    assert risks is not None
    assert first.message not in risks.group(1)
    row = re.search(rf'data-fingerprint="{first.fingerprint}">(.*?)</tr>', page)
    assert row is not None
    assert "accepted: <bdi>On &lt;purpose&gt;</bdi>" in row.group(1)


def test_baseline_marks_new_findings() -> None:
    org = cm.examples.load("acme")
    report = cm.audit(org)
    old = report.findings[0].fingerprint
    marked = report.with_baseline([old])
    page = report_html(org, report=marked, today=DAY)
    rows = dict(re.findall(r'data-fingerprint="([0-9a-f]{16})">(.*?)</tr>', page))
    assert "in baseline" in rows[old]
    others = [f.fingerprint for f in report.findings[1:]]
    assert all("<span class='status-new'>new</span>" in rows[fp] for fp in others)


def test_every_finding_has_a_row() -> None:
    org = cm.synthetic.organization(300, seed=3)
    report = cm.audit(org)
    page = report_html(org, report=report, today=DAY)
    rows = re.findall(r'<tr data-severity="([a-z]+)" data-fingerprint="([0-9a-f]{16})"', page)
    assert rows == [(f.severity.value, f.fingerprint) for f in report]


def test_hostile_names_never_become_markup() -> None:
    page = report_html(hostile_org(), today=DAY)
    tags = parse(page)
    # One script: ours. No event handler attribute, no link at all.
    assert [t for t, _ in tags.tags].count("script") == 1
    assert not [a for _, attrs_ in tags.tags for a, _ in attrs_ if a.startswith("on")]
    assert "a" not in [t for t, _ in tags.tags]
    assert [t for t, _ in tags.tags].count("table") == page.count("</table>")
    text = "".join(tags.text)
    for value in HOSTILE.values():
        if value != HOSTILE["quote"]:  # the quote is part of the organization's name
            assert value in text
    # The print header is CSS, hex-escaped: no quote or angle bracket of the name in it.
    style = re.search(r"<style>(.*?)</style>", page, re.S)
    assert style is not None
    assert "<" not in style.group(1)
    assert "alert" not in style.group(1).split("--org")[1]


def test_css_string_escapes_everything_that_could_end_it() -> None:
    assert html_report._css_string('a"b</style>\\') == (
        '"a\\000022b\\00003c\\00002fstyle\\00003e\\00005c"'
    )


@pytest.mark.parametrize(
    ("org", "neighbourhood"),
    [
        (cm.synthetic.organization(120, seed=5), False),
        (cm.synthetic.organization(400, seed=2, dotted_rate=0.5), True),
        (cm.examples.load("marketing-owned"), False),
        (cm.examples.load("acme"), False),
    ],
    ids=["synthetic-120", "neighbourhood-400", "marketing-owned", "acme"],
)
def test_org_chart_boxes_are_on_a_grid_and_lines_run_in_the_gaps(
    org: cm.Organization, neighbourhood: bool
) -> None:
    roles = html_report._neighbourhood(org) if neighbourhood else list(org.roles)
    pos, _ = _layout(org, roles)
    corners = set(pos.values())
    assert len(corners) == len(pos)  # no two boxes on one cell
    svg = org_chart_svg(org, roles=roles)
    boxes = [(x, y) for x, y in pos.values()]
    paths = re.findall(r'<path class="(solid|dotted)" d="([^"]+)"', svg)
    shown = set(roles)
    assert len([p for k, p in paths if k == "dotted"]) == sum(
        1 for r in roles for t in org.roles[r].dotted_to if t in shown
    )
    W, H = html_report._W, html_report._H
    for _, d in paths:
        for (x1, y1), (x2, y2) in _segments(d):
            for bx, by in boxes:
                # A segment may touch a box's border (it starts or ends there), never cross it.
                assert not _crosses_interior(x1, y1, x2, y2, bx, by, W, H), (d, bx, by)


def _segments(d: str) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    tokens = re.findall(r"([MHV])([-0-9.]+)(?:,([-0-9.]+))?", d)
    x = y = 0.0
    out = []
    for cmd, a, b in tokens:
        if cmd == "M":
            x, y = float(a), float(b)
            continue
        nx, ny = (float(a), y) if cmd == "H" else (x, float(a))
        out.append(((x, y), (nx, ny)))
        x, y = nx, ny
    return out


def _crosses_interior(
    x1: float, y1: float, x2: float, y2: float, bx: float, by: float, w: float, h: float
) -> bool:
    """Whether an axis-parallel segment passes through the open interior of a box."""
    eps = 0.5
    lo_x, hi_x = sorted((x1, x2))
    lo_y, hi_y = sorted((y1, y2))
    return lo_x < bx + w - eps and hi_x > bx + eps and lo_y < by + h - eps and hi_y > by + eps


def test_vacant_and_marked_boxes_say_so_in_words() -> None:
    org = cm.examples.load("acme")
    svg = org_chart_svg(org, cm.audit(org))
    cmo = re.search(r'<g class="role vacant" data-role="cmo">(.*?)</g>', svg)
    assert cmo is not None
    assert 'stroke-dasharray="6 4"' in cmo.group(1)
    assert ">vacant</text>" in cmo.group(1)
    assert ">\u25cf info</text>" in cmo.group(1)
    lead = re.search(r'<g class="role" data-role="social-lead">(.*?)</g>', svg)
    assert lead is not None
    assert ">\u25b2 warning</text>" in lead.group(1)
    assert ">social lead</text>" in lead.group(1)
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in svg
    assert 'aria-label="Organization chart of Acme Outdoor: 3 roles"' in svg


def test_large_organization_shows_the_neighbourhood_and_departments() -> None:
    org = cm.synthetic.organization(300, seed=1)
    assert len(org.roles) > html_report.LARGE
    page = report_html(org, today=DAY)
    shown = re.findall(r'data-role="([^"]+)"', page)
    lead = org.roles["csmo"]
    assert "csmo" in shown
    assert lead.reports_to in shown
    assert len(shown) < 60
    assert "<h3>Departments</h3>" in page
    assert page.count("<tr><td><bdi>") >= len(org.departments)


def test_raci_heatmap_boxes_gaps() -> None:
    page = report_html(cm.examples.load("acme"), today=DAY)
    gaps = re.findall(
        r'<tr class="gap"><th scope=\'row\'><bdi>([^<]+)</bdi></th>.*?'
        r"<td class='gapnote'>([^<]*)</td>",
        page,
    )
    assert gaps == [
        ("Social media strategy", "no one Responsible"),
        ("Community management", "no one Accountable"),
    ]


def test_ties_missing_are_dashed_and_named() -> None:
    org = cm.examples.load("acme")
    svg = html_report.ties_svg(org, cm.AuditOptions().required_functions)
    words = re.findall(r'class="(ok|no)">(tied|missing)</text>', svg)
    assert [w for _, w in words] == [
        "tied",  # marketing
        "tied",  # customer support
        "missing",  # customer programs: no department
        "missing",
        "missing",
        "tied",  # executive
        "missing",
    ]
    assert svg.count('class="tie missing"') == 4


def test_key_people_say_what_a_departure_uncovers() -> None:
    page = report_html(cm.examples.load("acme"), today=DAY)
    assert (
        "<tr><td><bdi>Ana Ruiz</bdi></td><td><bdi>Social Media Manager</bdi></td>"
        "<td class='num'>1</td><td><bdi>Community management</bdi></td></tr>"
    ) in page


def test_blueprint_fit_appears_with_blueprints() -> None:
    org = cm.examples.load("acme")
    page = report_html(org, blueprints=["program-blocks"], today=DAY)
    assert '<section id="blueprints"' in page
    fit = cm.conformance(cm.catalog.apply(org, "program-blocks"), "program-blocks")
    assert f"{fit.score:.0%} of its jobs covered" in page
    assert '<section id="blueprints"' not in report_html(org, today=DAY)


def test_plan_and_fixes_of_acme() -> None:
    org = cm.examples.load("acme")
    report = cm.audit(org)
    page = report_html(org, report=report, today=DAY)
    plan = cm.plan(org)
    section = re.search(r'<section id="plan".*?</section>', page, re.S)
    assert section is not None
    steps = re.findall(
        r"<li>(?:<span class=\"sev[^>]*>[^<]*</span> )?<bdi>([^<]*)</bdi>", section.group()
    )
    assert steps == [s.summary for s in plan.steps] + [s.summary for s in plan.open]
    assert [s.kind for s in plan.steps] == ["accountability", "staff"]
    assert [s.fte for s in plan.open] == [0.25]
    assert "<h3>Needs a decision</h3>" in section.group()
    assert "(0.25 FTE)" in section.group()
    # Each finding's fix is in the top risks and in the table.
    for finding in report:
        assert finding.fix is not None
        assert f"<td><bdi>{html.escape(finding.fix.summary)}</bdi></td>" in page
    risks = re.search(r'<ol class="risks">(.*?)</ol>', page)
    assert risks is not None
    assert risks.group(1).count('<span class="fix">') == 3


def test_report_html_refuses_unknown_options() -> None:
    with pytest.raises(TypeError, match="did you mean 'max_span'"):
        report_html(cm.examples.load("acme"), max_spam=3)


# -- the command ---------------------------------------------------------------------


def test_cli_report_writes_html(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.html"
    assert main(["report", "--example", "acme", "-o", str(out), "--today", "2026-01-15"]) == 0
    page = out.read_text(encoding="utf-8")
    assert page == report_html(cm.examples.load("acme"), cm.AuditOptions(today=DAY))
    assert "5 findings" in capsys.readouterr().err
    assert main(["report", "--example", "acme", "-o", str(out)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err


def test_cli_report_reads_the_config_file(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(cm.examples.text("acme"), encoding="utf-8")
    (tmp_path / "csmo.toml").write_text('blueprints = ["program-blocks"]\n')
    out = tmp_path / "report.html"
    assert main(["report", str(org), "-o", str(out)]) == 0
    assert '<section id="blueprints"' in out.read_text(encoding="utf-8")


def test_cli_report_pdf_without_chromium_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CSMO_CHROMIUM", str(tmp_path / "no-such-browser"))
    out = tmp_path / "r.pdf"
    assert main(["report", "--example", "acme", "--pdf", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no Chromium found" in err
    assert "apt-get install chromium" in err
    assert not out.exists()


def test_cli_report_pdf(tmp_path: Path) -> None:
    if html_report.find_chromium() is None:
        _missing("no Chromium found")
    out = tmp_path / "r.pdf"
    assert main(["report", "--example", "acme", "--pdf", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(data) > 10_000
    assert out.stat().st_mode & 0o777 != 0o600


# -- in a real browser ---------------------------------------------------------------

HOW_TO = (
    "browser tests need Playwright and a system Chromium: "
    "pip install -e '.[browser]' and apt-get install chromium"
)
# Printable width of the page in CSS pixels (96 per inch), less the 12 mm side margins.
PRINT_WIDTHS = {"A4": round((210 - 24) / 25.4 * 96), "Letter": round((8.5 - 24 / 25.4) * 96)}


def _missing(reason: str) -> None:
    if os.environ.get("CSMO_REQUIRE_BROWSER"):
        pytest.fail(f"{reason} (CSMO_REQUIRE_BROWSER is set)")
    pytest.skip(f"{reason}; {HOW_TO}")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed")
    executable = html_report.find_chromium()
    if executable is None:
        _missing("no Chromium found")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("CSMO_ARTEFACTS")
    where = Path(chosen) if chosen else tmp_path_factory.mktemp("report-artefacts")
    where.mkdir(parents=True, exist_ok=True)
    return where


class Opened:
    """A report page opened with every request but its own file refused, and what happened."""

    def __init__(self, browser: Any, path: Path, *, javascript: bool = True) -> None:
        self.url = path.as_uri()
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
        )
        self.outgoing: list[str] = []
        self.failed: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.console.append(f"pageerror: {exc}"))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.page.on("dialog", self._dialog)
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url == self.url or url.startswith("data:"):
            route.continue_()
        else:
            self.outgoing.append(url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.console.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def close(self) -> None:
        self.context.close()

    def widest(self) -> list[str]:
        """Elements whose right edge passes the page's width (none should)."""
        result: list[str] = self.page.evaluate(
            """() => {
              const limit = document.documentElement.clientWidth + 1;
              const out = [];
              if (document.documentElement.scrollWidth > limit) out.push("page scrolls sideways");
              for (const el of document.body.querySelectorAll("*")) {
                const r = el.getBoundingClientRect();
                if (r.width && r.right > limit) {
                  out.push(el.tagName + (el.id ? "#" + el.id : "") + " right=" + r.right);
                }
              }
              return out.slice(0, 10);
            }"""
        )
        return result


def _write(page: str, where: Path, name: str) -> Path:
    path = where / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    return path


CASES = [*cm.examples.names(), "synthetic-300"]


def _org(case: str) -> cm.Organization:
    if case == "synthetic-300":
        return cm.synthetic.organization(300, seed=11)
    return cm.examples.load(case)


@pytest.mark.parametrize("case", CASES)
def test_report_in_chromium(browser: Any, artefacts: Path, case: str) -> None:
    org = _org(case)
    report = cm.audit(org)
    path = _write(html_report.report_html(org, report=report, today=DAY), artefacts, case)
    opened = Opened(browser, path)
    try:
        page = opened.page
        assert opened.outgoing == []
        assert opened.failed == []
        assert opened.console == []
        # Every section, with its heading, shown.
        expected = [k for k, _ in html_report.SECTIONS if k != "blueprints"]
        for key in expected:
            heading = page.locator(f"section#{key} > h2")
            assert heading.is_visible(), key
            assert (
                heading.inner_text()
                == html_report.SECTIONS[[k for k, _ in html_report.SECTIONS].index(key)][1]
            )
        # Every warning and critical finding's message visible, as written.
        rows = page.evaluate(
            """() => Array.from(document.querySelectorAll("table.findings tbody tr")).map(tr => ({
                fp: tr.dataset.fingerprint, message: tr.cells[3].textContent,
                visible: tr.cells[3].checkVisibility()}))"""
        )
        shown = {r["fp"]: r for r in rows}
        for finding in report:
            assert shown[finding.fingerprint]["message"] == finding.message
            if finding.severity.rank >= cm.Severity.WARNING.rank:
                assert shown[finding.fingerprint]["visible"], finding
        # The SVGs are labelled pictures.
        for svg in page.locator("svg").all():
            assert svg.get_attribute("role") == "img"
            assert svg.get_attribute("aria-label")
        assert page.evaluate("() => document.documentElement.lang") == "en"
        # No text of a picture falls outside it (cut off by its viewBox).
        outside = page.evaluate(
            """() => Array.from(document.querySelectorAll("svg")).flatMap(svg => {
                const box = svg.getBoundingClientRect();
                return Array.from(svg.querySelectorAll("text")).filter(t => {
                    const r = t.getBoundingClientRect();
                    return r.left < box.left - 1 || r.right > box.right + 1 ||
                           r.top < box.top - 1 || r.bottom > box.bottom + 1;
                }).map(t => t.textContent);
            })"""
        )
        assert outside == []
        # Nothing wider than the page, on screen and at print width.
        assert opened.widest() == []
        page.screenshot(path=str(artefacts / f"{case}.png"), full_page=True)
        page.emulate_media(media="print")
        for paper, width in PRINT_WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 1000})
            assert opened.widest() == [], paper
        page.screenshot(path=str(artefacts / f"{case}-print.png"), full_page=True)
        for paper in PRINT_WIDTHS:
            pdf = page.pdf(format=paper, prefer_css_page_size=True)
            assert pdf.startswith(b"%PDF-")
            (artefacts / f"{case}-{paper}.pdf").write_bytes(pdf)
    finally:
        opened.close()


def test_filters_hide_and_show_rows(browser: Any, artefacts: Path) -> None:
    org = cm.examples.load("acme")
    path = _write(html_report.report_html(org, today=DAY), artefacts, "acme-filters")
    opened = Opened(browser, path)
    try:
        page = opened.page
        info = page.locator('table.findings tr[data-severity="info"]')
        assert info.count() == 2
        assert all(row.is_visible() for row in info.all())
        page.get_by_label("show info").uncheck()
        assert not any(row.is_visible() for row in info.all())
        assert page.locator('table.findings tr[data-severity="warning"]').first.is_visible()
        page.get_by_label("show info").check()
        assert all(row.is_visible() for row in info.all())
        assert opened.console == []
    finally:
        opened.close()


def test_readable_without_javascript(browser: Any, artefacts: Path) -> None:
    org = cm.examples.load("acme")
    path = _write(html_report.report_html(org, today=DAY), artefacts, "acme-nojs")
    opened = Opened(browser, path, javascript=False)
    try:
        page = opened.page
        rows = page.locator("table.findings tbody tr")
        assert rows.count() == len(cm.audit(org))
        assert all(row.is_visible() for row in rows.all())
        assert page.locator("#finding-filters input").count() == 0  # no dead controls
        assert page.locator("section#org-chart svg").is_visible()
    finally:
        opened.close()


def test_hostile_names_are_text_in_the_dom(browser: Any, artefacts: Path) -> None:
    org = hostile_org()
    path = _write(html_report.report_html(org, today=DAY), artefacts, "hostile")
    opened = Opened(browser, path)
    try:
        page = opened.page
        assert opened.dialogs == []
        assert opened.outgoing == []
        assert opened.console == []
        dom = page.evaluate(
            """() => ({
              scripts: document.scripts.length,
              links: document.querySelectorAll("a").length,
              handlers: Array.from(document.querySelectorAll("*")).flatMap(
                  el => Array.from(el.attributes).map(a => a.name)).filter(
                  n => n.startsWith("on")),
              h1: document.querySelector("h1").textContent,
              title: document.title,
              bold: document.querySelectorAll("main b").length,
              chartTitles: Array.from(document.querySelectorAll("#org-chart g.role > title"))
                  .map(t => t.textContent),
              people: Array.from(document.querySelectorAll("#key-people tbody td:first-child"))
                  .map(td => td.textContent),
              raci: Array.from(document.querySelectorAll("#raci tbody th")).map(
                  th => th.textContent),
            })"""
        )
        assert dom["scripts"] == 1
        assert dom["links"] == 0
        assert dom["handlers"] == []
        assert dom["bold"] == 0  # the "</td>...<b>cell</b>" title stayed text
        assert dom["h1"] == "Social media audit: " + org.name
        assert dom["title"] == "Social media audit: " + org.name
        assert dom["people"] == [HOSTILE["script"]]
        assert HOSTILE["link"] in dom["raci"]
        titles = " ".join(dom["chartTitles"])
        for value in (HOSTILE["cell"], HOSTILE["script"], HOSTILE["rtl"]):
            assert value in titles
        assert any(t.startswith(HOSTILE["dollar"][:10]) for t in dom["chartTitles"])
        # The right-to-left override is isolated: the text after it is not reversed.
        isolated = page.evaluate(
            """() => Array.from(document.querySelectorAll("#raci bdi")).map(b => b.textContent)"""
        )
        assert HOSTILE["rtl"] in isolated
        page.screenshot(path=str(artefacts / "hostile.png"), full_page=True)
    finally:
        opened.close()


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_meets_wcag_aa() -> None:
    assert round(_contrast("#000000", "#ffffff"), 1) == 21.0
    pairs = [(c, "#ffffff") for c in html_report._SEV_COLOR.values()]
    pairs += [(c, "#eaf1f8") for c in html_report._SEV_COLOR.values()]  # badges in boxes
    pairs += [
        (html_report._RACI_TEXT[k], html_report._RACI_FILL[k]) for k in html_report._RACI_FILL
    ]
    pairs += [(c, "#fff4d6") for c in html_report._SEV_COLOR.values()]  # in the lead's box
    pairs += [("#1a1a1a", "#eef1f4"), ("#444444", "#ffffff"), ("#1d4d1d", "#ffffff")]
    pairs += [("#5a3d00", "#fff4d6"), ("#a50e0e", "#ffffff")]
    assert [p for p in pairs if _contrast(*p) < 4.5] == []


def test_empty_and_leaderless_organizations_still_report() -> None:
    empty = report_html(cm.Organization.from_parts(name="Empty"), today=DAY)
    assert "<p>The organization has no roles.</p>" in empty
    assert "<p>The organization lists no responsibilities.</p>" in empty
    assert "<p>The audit found nothing.</p>" not in empty  # no-social-lead is a finding
    leaderless = report_html(
        cm.Organization.from_parts(name="NoLead", roles=[cm.Role(id="a", title="A")]), today=DAY
    )
    assert "<dt>Social lead</dt><dd>not named in the organization file</dd>" in leaderless
    assert "No social lead is named, so there are no ties to show." in leaderless


def test_cli_report_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--example", "acme", "--today", "2026-01-15"]) == 0
    out = capsys.readouterr().out
    assert out == report_html(cm.examples.load("acme"), cm.AuditOptions(today=DAY))


def test_plan_is_left_out_of_large_organizations_unless_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    org = cm.examples.load("acme")
    monkeypatch.setattr(html_report, "PLAN_MAX_ROLES", 2)
    page = report_html(org, today=DAY)
    section = re.search(r'<section id="plan".*?</section>', page, re.S)
    assert section is not None
    assert "The plan is left out: with 3 roles" in section.group()
    assert '<ol class="steps">' not in section.group()
    assert '<ol class="steps">' in report_html(org, today=DAY, with_plan=True)
    monkeypatch.undo()
    left_out = report_html(org, today=DAY, with_plan=False)
    assert "<p>The plan was left out of this report; <code>csmo fix" in left_out


def test_cli_report_plan_flags(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["report", "--example", "acme", "-o", str(out), "--no-plan"]) == 0
    assert "The plan was left out of this report" in out.read_text(encoding="utf-8")
    assert main(["report", "--example", "acme", "-o", str(out), "--plan", "--force"]) == 0
    assert '<ol class="steps">' in out.read_text(encoding="utf-8")
