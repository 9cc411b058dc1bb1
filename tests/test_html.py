"""HTML for Jupyter: the tables of Organization, Report and Finding, and the short reprs."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import csmo_model as cm

XSS = "<script>alert('x')</script>"


class _Tables(HTMLParser):
    """Collect every table as a list of rows, each a list of (tag, colspan, text) cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, int, str]]]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._colspan = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._cell_tag = [], tag
            self._colspan = int(dict(attrs).get("colspan") or 1)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((self._cell_tag, self._colspan, "".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(markup: str) -> list[list[list[tuple[str, int, str]]]]:
    parser = _Tables()
    parser.feed(markup)
    parser.close()
    return parser.tables


def texts(rows: list[list[tuple[str, int, str]]]) -> list[list[str]]:
    return [[text for _, _, text in row] for row in rows]


def test_organization_html_structure() -> None:
    org = cm.examples.load("acme")
    markup = org._repr_html_()
    assert markup.startswith('<div class="csmo-organization"><strong>Organization Acme Outdoor')
    assert markup.endswith("</div>")
    assert "Social lead: Social Media Manager (<code>social-lead</code>)" in markup
    counts, roles = tables(markup)
    assert texts(counts) == [
        ["departments", "responsibilities", "roles", "people", "links"],
        ["3", "2", "3", "2", "1"],
    ]
    assert [tag for tag, _, _ in counts[0]] == ["th"] * 5
    assert texts(roles) == [
        ["id", "title", "department", "reports to", "held by"],
        ["ceo", "Chief Executive Officer", "Executive Office", "", "Bo Chen"],
        ["cmo", "Chief Marketing Officer", "Marketing", "ceo", "vacant"],
        ["social-lead", "Social Media Manager", "Marketing", "cmo", "Ana Ruiz"],
    ]
    assert '<td style="text-align:left"><em>vacant</em></td>' in markup


def test_organization_html_lists_every_holder_and_roles_without_department() -> None:
    org = cm.Organization.from_parts(
        name="Shared",
        roles=[cm.Role(id="desk", title="Front desk")],
        people=[
            cm.Person(id="a", name="Ann", holds=["desk"]),
            cm.Person(id="b", name="Ben", holds=["desk"]),
        ],
    )
    _, roles = tables(org._repr_html_())
    assert texts(roles)[1] == ["desk", "Front desk", "", "", "Ann, Ben"]
    assert "Social lead" not in org._repr_html_()


def test_organization_html_without_roles_has_only_the_counts() -> None:
    org = cm.Organization.from_parts(name="Empty")
    (counts,) = tables(org._repr_html_())
    assert texts(counts)[1] == ["0", "0", "0", "0", "0"]


def test_organization_html_escapes_everything() -> None:
    org = cm.Organization.from_parts(
        name=XSS,
        departments=[cm.Department(id="d", name=f"R&D {XSS}")],
        roles=[cm.Role(id="r", title=XSS, department="d")],
        people=[cm.Person(id="p", name=f'Ann "<b>" {XSS}', holds=["r"])],
        social_lead="r",
    )
    markup = org._repr_html_()
    assert "<script>" not in markup
    assert "<b>" not in markup
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in markup
    assert "R&amp;D" in markup
    assert "&quot;&lt;b&gt;&quot;" in markup
    _, roles = tables(markup)
    # The parser unescapes: the text a reader sees is the original text.
    assert texts(roles)[1] == ["r", XSS, f"R&D {XSS}", "", f'Ann "<b>" {XSS}']


def _many_roles(n: int) -> cm.Organization:
    return cm.Organization.from_parts(
        name="Big", roles=[cm.Role(id=f"r{i:03}", title=f"Role {i}") for i in range(n)]
    )


def test_organization_html_truncates_long_role_lists() -> None:
    markup = _many_roles(60)._repr_html_()
    _, roles = tables(markup)
    assert len(roles) == 1 + 50 + 1
    assert texts(roles)[50][0] == "r049"
    assert roles[-1] == [("td", 5, "... 10 more")]


def test_organization_html_at_the_limit_is_not_truncated() -> None:
    _, roles = tables(_many_roles(50)._repr_html_())
    assert len(roles) == 51
    assert "more" not in _many_roles(50)._repr_html_()


def test_report_html_groups_by_severity() -> None:
    report = cm.audit(cm.examples.load("acme"))
    markup = report._repr_html_()
    assert markup.startswith(
        '<div class="csmo-report"><strong>Audit of Acme Outdoor</strong>: 3 warning, 2 info<table>'
    )
    (table,) = tables(markup)
    rows = texts(table)
    assert rows[0] == ["kind", "subjects", "message"]
    headings = [(i, row) for i, row in enumerate(table) if row[0][0] == "th" and row[0][1] == 3]
    assert [(i, texts([row])[0]) for i, row in headings] == [
        (1, ["warning (3)"]),
        (5, ["info (2)"]),
    ]
    assert rows[2] == [
        "no-responsible",
        "strategy, ana",
        "Ana Ruiz is accountable for Social media strategy but nobody is responsible for doing it.",
    ]
    assert rows[4][:2] == ["single-point-of-failure", "ana, community"]
    assert len(rows) == 1 + 2 + len(report)


def test_report_html_without_findings() -> None:
    markup = cm.Report(organization="Calm", findings=[])._repr_html_()
    assert markup == '<div class="csmo-report"><strong>Audit of Calm</strong>: no findings</div>'


def _finding(severity: str, i: int) -> cm.Finding:
    return cm.Finding(
        kind="vacancy", severity=severity, subjects=[("role", f"r{i}")], message=f"m{i}"
    )


def test_report_html_truncates_across_groups() -> None:
    findings = [_finding("critical", 0)] + [_finding("warning", i) for i in range(1, 31)]
    findings += [_finding("info", i) for i in range(31, 61)]
    report = cm.Report(organization="Busy", findings=findings)
    (table,) = tables(report._repr_html_())
    # 50 findings are shown: the critical one, the 30 warnings, the first 19 infos.
    assert texts(table) == [
        ["kind", "subjects", "message"],
        ["critical (1)"],
        ["vacancy", "r0", "m0"],
        ["warning (30)"],
        *(["vacancy", f"r{i}", f"m{i}"] for i in range(1, 31)),
        ["info (30)"],
        *(["vacancy", f"r{i}", f"m{i}"] for i in range(31, 50)),
        ["... 11 more"],
    ]
    assert table[-1] == [("td", 3, "... 11 more")]
    (full,) = tables(cm.Report(organization="Long", findings=findings * 6)._repr_html_())
    assert texts(full)[-1] == [f"... {61 * 6 - 50} more"]
    assert sum(1 for row in full if row[0][0] == "td") == 50 + 1


def test_report_html_escapes_everything() -> None:
    finding = cm.Finding(
        kind="rule-violation",
        severity="warning",
        subjects=[("role", XSS), ("role", "a&b")],
        message=f"Bad {XSS}",
    )
    markup = cm.Report(organization=XSS, findings=[finding])._repr_html_()
    assert "<script>" not in markup
    assert "a&amp;b" in markup
    (table,) = tables(markup)
    assert texts(table)[2] == ["rule-violation", f"{XSS}, a&b", f"Bad {XSS}"]


def test_finding_html_structure_and_escaping() -> None:
    finding = cm.Finding(
        kind="coverage-gap",
        severity="critical",
        subjects=[("responsibility", "strategy"), ("role", XSS)],
        message=f"Nobody does {XSS}.",
        data={"critical": True, "why": XSS},
    )
    markup = finding._repr_html_()
    assert markup.startswith('<table class="csmo-finding"><tbody>')
    assert "<script>" not in markup
    (table,) = tables(markup)
    assert texts(table) == [
        ["severity", "critical"],
        ["kind", "coverage-gap"],
        ["subjects", f"strategy, {XSS}"],
        ["message", f"Nobody does {XSS}."],
        ["data", '{"critical": true, "why": "' + XSS + '"}'],
        ["fingerprint", finding.fingerprint],
    ]
    assert [tag for row in table for tag, _, _ in row] == ["th", "td"] * 6


@pytest.mark.parametrize(
    ("subjects", "expected"),
    [
        (["strategy"], "<Finding warning coverage-gap: strategy>"),
        ([], "<Finding warning coverage-gap>"),
        (["a", "b", "c"], "<Finding warning coverage-gap: a, b, c>"),
        (["a", "b", "c", "d", "e"], "<Finding warning coverage-gap: a, b, c, +2 more>"),
    ],
)
def test_finding_repr_is_short(subjects: list[str], expected: str) -> None:
    finding = cm.Finding(
        kind="coverage-gap",
        severity="warning",
        subjects=[("responsibility", s) for s in subjects],
        message="m",
    )
    assert repr(finding) == expected


def test_reprs_of_an_audit() -> None:
    report = cm.audit(cm.examples.load("acme"))
    assert [repr(f) for f in report][:3] == [
        "<Finding warning no-responsible: strategy, ana>",
        "<Finding warning no-accountable: community>",
        "<Finding warning single-point-of-failure: ana, community>",
    ]


@pytest.mark.parametrize("name", cm.examples.names())
def test_every_example_renders(name: str) -> None:
    org = cm.examples.load(name)
    report = cm.audit(org)
    for markup in (org._repr_html_(), report._repr_html_(), *(f._repr_html_() for f in report)):
        assert tables(markup)
        assert markup.count("<table") == markup.count("</table>")
        assert markup.count("<tr>") == markup.count("</tr>")
