"""Pictures (extra ``plot``): drawn headless with Agg, then the drawn elements are checked."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import csmo_model as cm

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.transforms import Bbox, BboxBase  # noqa: E402

from csmo_model import plot  # noqa: E402

NAMES = cm.examples.names()
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def patches(ax: Axes, prefix: str) -> dict[str, Patch]:
    return {
        gid.removeprefix(prefix): p
        for p in ax.patches
        if (gid := p.get_gid()) is not None and gid.startswith(prefix)
    }


def lines(ax: Axes, prefix: str) -> dict[str, Line2D]:
    return {
        gid.removeprefix(prefix): line
        for line in ax.lines
        if (gid := line.get_gid()) is not None and gid.startswith(prefix)
    }


def texts(ax: Axes, prefix: str) -> dict[str, Text]:
    return {
        gid.removeprefix(prefix): t
        for t in ax.texts
        if (gid := t.get_gid()) is not None and gid.startswith(prefix)
    }


def legend_labels(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def legend_color(ax: Axes, label: str) -> tuple[float, float, float, float]:
    """The edge colour of the legend's handle for *label*: what the chart says it means."""
    legend = ax.get_legend()
    assert legend is not None
    (handle,) = (h for h in legend.legend_handles if h is not None and h.get_label() == label)
    assert isinstance(handle, Patch)
    return handle.get_edgecolor()


def figure(ax: Axes) -> Figure:
    fig = ax.get_figure(root=True)
    assert fig is not None
    return fig


def save(ax: Axes, path: Path) -> bytes:
    figure(ax).savefig(path, dpi=80)
    data = path.read_bytes()
    assert data.startswith(PNG)
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    w, h = figure(ax).get_size_inches() * 80
    assert abs(width - w) <= 1
    assert abs(height - h) <= 1
    return data


def contains(outer: BboxBase, inner: BboxBase, slack: float = 0.0) -> bool:
    return bool(
        outer.x0 <= inner.x0 + slack
        and inner.x1 <= outer.x1 + slack
        and outer.y0 <= inner.y0 + slack
        and inner.y1 <= outer.y1 + slack
    )


def extent(artist: Patch | Text) -> Bbox:
    fig = artist.get_figure(root=True)
    assert isinstance(fig, Figure)
    return artist.get_window_extent(fig.canvas.get_renderer())  # type: ignore[attr-defined]


def assert_apart(boxes: dict[str, Patch]) -> None:
    """No two boxes overlap, and each label lies inside its box."""
    extents = {gid: extent(p) for gid, p in boxes.items()}
    for (a, ba), (b, bb) in itertools.combinations(extents.items(), 2):
        overlap = ba.x0 < bb.x1 and bb.x0 < ba.x1 and ba.y0 < bb.y1 and bb.y0 < ba.y1
        assert not overlap, f"{a} overlaps {b}"


def assert_labels_inside(ax: Axes, boxes: dict[str, Patch]) -> None:
    labels = texts(ax, "label:")
    assert labels.keys() == boxes.keys()
    for gid, text in labels.items():
        assert contains(extent(boxes[gid]), extent(text)), gid
        assert float(text.get_fontsize()) >= 7


def assert_inside_figure(ax: Axes) -> None:
    fig = figure(ax)
    fig.canvas.draw()
    tight = ax.get_tightbbox()
    assert tight is not None
    assert contains(fig.bbox, tight, slack=0.5)


# -- org_chart -------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_org_chart_draws_every_role_and_line(name: str, tmp_path: Path) -> None:
    org = cm.examples.load(name)
    ax = plot.org_chart(org, findings=cm.audit(org))
    save(ax, tmp_path / f"{name}.png")
    boxes = patches(ax, "role:")
    assert boxes.keys() == org.roles.keys()
    assert all(isinstance(p, FancyBboxPatch) for p in boxes.values())
    solid = lines(ax, "solid:")
    assert solid.keys() == {f"{r.id}->{r.reports_to}" for r in org.roles.values() if r.reports_to}
    dotted = patches(ax, "dotted:")
    assert dotted.keys() == {
        f"{r.id}->{t}" for r in org.roles.values() for t in r.dotted_to if t != r.reports_to
    }
    assert all(line.get_linestyle() == "-" for line in solid.values())
    assert all(isinstance(p, FancyArrowPatch) for p in dotted.values())
    assert all(p.get_linestyle() == "--" for p in dotted.values())
    assert ax.get_title() == f"{org.name}: reporting lines"
    assert_apart(boxes)
    assert_labels_inside(ax, boxes)
    assert_inside_figure(ax)


def test_org_chart_acme(tmp_path: Path) -> None:
    org = cm.examples.load("acme")
    ax = plot.org_chart(org)
    save(ax, tmp_path / "acme.png")
    boxes = patches(ax, "role:")
    assert len(boxes) == 3
    assert len(lines(ax, "solid:")) == 2
    (arc,) = patches(ax, "dotted:").values()
    assert arc.get_gid() == "dotted:social-lead->ceo"
    assert arc.get_linestyle() == "--"
    # The vacant CMO is hollow; the others are filled, the social lead in its own color.
    assert boxes["cmo"].get_facecolor() == (0.0, 0.0, 0.0, 0.0)
    assert boxes["ceo"].get_facecolor() == to_rgba(plot._HELD)
    assert boxes["social-lead"].get_facecolor() == to_rgba(plot._LEAD)
    # Top-down: the CEO above the CMO above the social lead.
    ys = {role: texts(ax, "label:")[role].get_position()[1] for role in boxes}
    assert ys["ceo"] > ys["cmo"] > ys["social-lead"]
    assert [t.get_text() for t in texts(ax, "label:").values()] == [
        "Chief Executive\nOfficer",
        "Chief Marketing\nOfficer",
        "Social Media\nManager",
    ]
    assert legend_labels(ax) == [
        "Social lead",
        "Role",
        "Vacant role",
        "Reports to",
        "Dotted line to",
    ]
    # Without findings, nothing is marked.
    assert {p.get_linewidth() for p in boxes.values()} == {1.0}


def test_org_chart_marks_roles_named_by_findings() -> None:
    org = cm.examples.load("acme")
    report = cm.audit(org)
    ax = plot.org_chart(org, findings=report)
    boxes = patches(ax, "role:")
    marked = {role for role, p in boxes.items() if p.get_linewidth() > 2}
    # cmo: vacancy (info); social-lead: its holder Ana is a single point of failure
    # and accountable for work nobody does (warnings). Nothing names the CEO.
    assert marked == {"cmo", "social-lead"}
    warning = legend_color(ax, "Has a warning finding")
    assert boxes["cmo"].get_edgecolor() == legend_color(ax, "Has an info finding")
    assert boxes["social-lead"].get_edgecolor() == warning
    plain = patches(plot.org_chart(org), "role:")["ceo"].get_edgecolor()
    assert boxes["ceo"].get_edgecolor() == plain != warning
    assert "Has a warning finding" in legend_labels(ax)
    assert "Has an info finding" in legend_labels(ax)
    assert "Has a info finding" not in legend_labels(ax)
    assert "Has a critical finding" not in legend_labels(ax)


def test_org_chart_takes_any_iterable_of_findings_and_the_worst_wins() -> None:
    org = cm.examples.load("acme")
    findings = [
        cm.Finding(kind="vacancy", severity="info", subjects=[("role", "ceo")], message="m"),
        cm.Finding(kind="overload", severity="critical", subjects=[("person", "bo")], message="m"),
        cm.Finding(kind="silo", severity="info", subjects=[("department", "support")], message="m"),
        # A responsibility that shares a role's id marks nothing: subjects are typed.
        cm.Finding(
            kind="coverage-gap",
            severity="critical",
            subjects=[("responsibility", "cmo")],
            message="m",
        ),
    ]
    ax = plot.org_chart(org, findings=iter(findings))
    boxes = patches(ax, "role:")
    # Bo holds the CEO role: the critical finding about Bo marks it.
    assert boxes["ceo"].get_edgecolor() == legend_color(ax, "Has a critical finding")
    assert [role for role, p in boxes.items() if p.get_linewidth() > 2] == ["ceo"]
    assert legend_labels(ax)[-1] == "Has a critical finding"


def test_org_chart_marks_the_holders_roles_critical_in_marketing_owned() -> None:
    org = cm.examples.load("marketing-owned")
    ax = plot.org_chart(org, findings=cm.audit(org))
    boxes = patches(ax, "role:")
    critical = legend_color(ax, "Has a critical finding")
    assert [r for r, p in boxes.items() if p.get_edgecolor() == critical] == ["social-manager"]
    assert boxes["ceo"].get_linewidth() == 1.0


def test_org_chart_hangs_flat_teams_in_columns() -> None:
    org = cm.examples.load("solo-cxo")
    ax = plot.org_chart(org)
    labels = texts(ax, "label:")
    xs = {round(t.get_position()[0], 6) for role, t in labels.items() if role != "executive"}
    assert len(xs) == 2  # nine reports in two columns of at most five
    top = labels["executive"].get_position()
    assert all(
        t.get_position()[1] < top[1] for t in labels.values() if t is not labels["executive"]
    )
    assert len(lines(ax, "solid:")) == 9


def test_org_chart_draws_external_roles_and_several_trees() -> None:
    org = cm.examples.load("agency-run")
    ax = plot.org_chart(org)
    boxes = patches(ax, "role:")
    assert boxes["agency-account"].get_facecolor() == to_rgba(plot._EXTERNAL)
    assert "External role" in legend_labels(ax)
    assert "Vacant role" not in legend_labels(ax)
    # Two roots side by side, at the same height.
    labels = texts(ax, "label:")
    assert labels["md"].get_position()[1] == labels["agency-account"].get_position()[1]


def test_org_chart_on_given_axes(tmp_path: Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 4))
    org = cm.examples.load("marketing-owned")
    assert plot.org_chart(org, ax=left) is left
    assert plot.raci(org, ax=right) is right
    assert plt.get_fignums() == [fig.number]
    assert tuple(fig.get_size_inches()) == (8, 4)
    # Text shrinks with the room, so labels still fit their boxes.
    assert_labels_inside_shrunk(left)
    fig.savefig(tmp_path / "both.png")


def assert_labels_inside_shrunk(ax: Axes) -> None:
    boxes = patches(ax, "role:")
    for gid, text in texts(ax, "label:").items():
        assert contains(extent(boxes[gid]), extent(text)), gid
        assert float(text.get_fontsize()) < plot._FONT


def test_org_chart_of_an_empty_organization() -> None:
    ax = plot.org_chart(cm.Organization.from_parts(name="Nobody"))
    assert patches(ax, "role:") == {}
    assert ax.get_title() == "Nobody: reporting lines"


def test_big_org_chart_is_capped_and_quick() -> None:
    roles = [cm.Role(id="r0", title="Chief")]
    roles += [cm.Role(id=f"r{i}", title=f"Head {i}", reports_to="r0") for i in range(1, 31)]
    roles += [
        cm.Role(id=f"r{i}", title=f"Staff {i}", reports_to=f"r{1 + i % 30}") for i in range(31, 400)
    ]
    org = cm.Organization.from_parts(name="Big", roles=roles)
    ax = plot.org_chart(org)
    w, h = figure(ax).get_size_inches()
    assert max(w, h) <= plot._MAX_INCHES + 2
    assert len(patches(ax, "role:")) == 400
    assert_apart(patches(ax, "role:"))


@pytest.mark.slow
def test_deep_reporting_chain_does_not_recurse() -> None:
    n = 1100
    roles = [cm.Role(id="r0", title="Top")]
    roles += [cm.Role(id=f"r{i}", title=f"Level {i}", reports_to=f"r{i - 1}") for i in range(1, n)]
    ax = plot.org_chart(cm.Organization.from_parts(name="Deep", roles=roles))
    assert len(lines(ax, "solid:")) == n - 1


# -- raci ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_raci_has_a_cell_text_per_entry(name: str, tmp_path: Path) -> None:
    org = cm.examples.load(name)
    ax = plot.raci(org)
    save(ax, tmp_path / f"{name}.png")
    cells = texts(ax, "raci:")
    expected = {
        f"{resp}|{role.id}": letter.value
        for role in org.roles.values()
        for resp, letter in role.raci.items()
    }
    assert {k: t.get_text() for k, t in cells.items()} == expected
    roles = [r for r in org.roles.values() if r.raci]
    assert len(ax.get_xticklabels()) == len(roles)
    # Column labels are rotated; a second line would run into the next one.
    assert not any("\n" in t.get_text() for t in ax.get_xticklabels())
    assert len(ax.get_yticklabels()) == len(org.responsibilities)
    gaps = {resp for resp, people in cm.holders(org).items() if not people}
    assert patches(ax, "gap:").keys() == gaps
    assert ax.get_title() == f"{org.name}: RACI matrix"
    assert_inside_figure(ax)


def test_raci_acme_cells_and_gap() -> None:
    org = cm.examples.load("acme")
    ax = plot.raci(org)
    cells = texts(ax, "raci:")
    assert cells["strategy|social-lead"].get_text() == "A"
    assert cells["community|social-lead"].get_text() == "R"
    # Column 0 is the only role with letters; row 0 strategy, row 1 community.
    assert cells["strategy|social-lead"].get_position() == (0, 0)
    assert cells["community|social-lead"].get_position() == (0, 1)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Social Media Manager"]
    rows = ax.get_yticklabels()
    assert [t.get_text() for t in rows] == [
        "Social media strategy (critical)",
        "Community management",
    ]
    assert rows[0].get_color() == plot._SPOF
    assert rows[1].get_color() != plot._SPOF
    (frame,) = patches(ax, "gap:").values()
    assert isinstance(frame, Rectangle)
    assert frame.get_edgecolor() == to_rgba(plot._SPOF)
    assert to_rgba(frame.get_facecolor())[3] == 0
    assert (frame.get_x(), frame.get_y(), frame.get_width(), frame.get_height()) == (
        -0.5,
        -0.5,
        1,
        1,
    )
    assert legend_labels(ax) == [
        "A: accountable",
        "R: responsible",
        "C: consulted",
        "I: informed",
        "Gap: nobody does it",
    ]
    # Cells are colored by letter: the image holds the codes 0 (empty) to 4 (A).
    (image,) = ax.get_images()
    assert image.get_array().tolist() == [[4], [3]]  # type: ignore[union-attr]


def test_raci_marks_vacant_columns() -> None:
    org = cm.without(cm.examples.load("marketing-owned"), people={"lena"})
    ax = plot.raci(org)
    labels = {t.get_text(): t for t in ax.get_xticklabels()}
    assert "Social Media Manager (vacant)" in labels
    assert labels["Social Media Manager (vacant)"].get_fontstyle() == "italic"
    assert "csmo-ties/social-program" in patches(ax, "gap:")


def test_raci_without_entries() -> None:
    ax = plot.raci(cm.Organization.from_parts(name="Blank", roles=[cm.Role(id="a", title="A")]))
    assert [t.get_text() for t in ax.texts] == ["No RACI entries"]
    assert texts(ax, "raci:") == {}


# -- ties ------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_ties_draws_the_tie_graph(name: str, tmp_path: Path) -> None:
    org = cm.examples.load(name)
    ax = plot.ties(org)
    save(ax, tmp_path / f"{name}.png")
    G = cm.graph.tie_graph(org, channels=False)  # the ties the lead works through
    nodes = patches(ax, "node:")
    assert nodes.keys() == set(G)
    assert lines(ax, "tie:").keys() == {"--".join(sorted(e)) for e in G.edges()}
    cuts = cm.analysis.tie_cuts(org)
    red = to_rgba(plot._SPOF)
    assert {n for n, p in nodes.items() if p.get_edgecolor() == red} == set(cuts.nodes)
    assert {k for k, line in lines(ax, "tie:").items() if line.get_color() == plot._SPOF} == {
        "--".join(sorted(e)) for e in cuts.edges
    }
    assert nodes[org.social_lead or ""].get_facecolor() == to_rgba(plot._LEAD)
    assert_apart(nodes)
    assert_labels_inside(ax, nodes)
    assert_inside_figure(ax)


@pytest.mark.parametrize("name", NAMES)
def test_ties_never_hide_a_line_under_a_box(name: str) -> None:
    ax = plot.ties(cm.examples.load(name))
    nodes = patches(ax, "node:")
    boxes = {n: p.get_bbox() for n, p in nodes.items() if isinstance(p, FancyBboxPatch)}
    for gid, line in lines(ax, "tie:").items():
        ends = gid.split("--")
        xs, ys = line.get_data()
        points = [(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]  # type: ignore[arg-type]
        # The line starts and ends on the borders of its two boxes, never inside them.
        for x, y in (points[0], points[-1]):
            assert any(
                abs(x - b.x0) < 1e-9
                or abs(x - b.x1) < 1e-9
                or abs(y - b.y0) < 1e-9
                or abs(y - b.y1) < 1e-9
                for b in (boxes[ends[0]], boxes[ends[1]])
            ), gid
        others = [b for n, b in boxes.items() if n not in ends]
        # Sample each segment finely: does any sample fall inside another box?
        samples = [
            (x0 + (x1 - x0) * k / 20, y0 + (y1 - y0) * k / 20)
            for (x0, y0), (x1, y1) in itertools.pairwise(points)
            for k in range(21)
        ]
        under = any(b.x0 < x < b.x1 and b.y0 < y < b.y1 for x, y in samples for b in others)
        if under:  # drawn across the box, above it
            assert line.get_zorder() > nodes[ends[0]].get_zorder(), gid


def test_ties_marks_the_single_points_of_failure_of_agency_run() -> None:
    ax = plot.ties(cm.examples.load("agency-run"))
    nodes = patches(ax, "node:")
    assert nodes["agency-account"].get_linewidth() > 2
    assert [n for n, p in nodes.items() if p.get_linewidth() > 2] == ["agency-account"]
    ties = lines(ax, "tie:")
    assert [k for k, line in ties.items() if line.get_linewidth() > 2] == [
        "agency-account--marketing-manager"
    ]
    assert ties["marketing-manager--md"].get_linestyle() == "-"
    assert ties["exec--marketing"].get_linestyle() == ":"
    assert legend_labels(ax)[-2:] == ["Single point of failure", "Single tie of failure"]
    # Departments are square, roles rounded.
    assert nodes["agency"].get_boxstyle().__class__.__name__ == "Square"  # type: ignore[attr-defined]
    assert nodes["md"].get_boxstyle().__class__.__name__ == "Round"  # type: ignore[attr-defined]


def test_ties_dotted_lines_are_dashed_and_the_layout_is_deterministic() -> None:
    org = cm.examples.load("acme")
    first = plot.ties(org)
    assert lines(first, "tie:")["ceo--social-lead"].get_linestyle() == "--"
    second = plot.ties(org)
    where = [
        {k: t.get_position() for k, t in texts(ax, "label:").items()} for ax in (first, second)
    ]
    assert where[0] == where[1]
    # The social lead is at the center, its direct ties on the first ring around it.
    assert where[0]["social-lead"] == (0.0, 0.0)


def test_ties_needs_a_social_lead() -> None:
    org = cm.Organization.from_parts(name="Leaderless", roles=[cm.Role(id="a", title="A")])
    with pytest.raises(ValueError, match="social_lead"):
        plot.ties(org)


def test_ties_places_unreachable_nodes_too() -> None:
    org = cm.Organization.from_parts(
        name="Islands",
        departments=[cm.Department(id="far", name="Far away")],
        roles=[cm.Role(id="lead", title="Lead"), cm.Role(id="x", title="Other")],
        social_lead="lead",
    )
    ax = plot.ties(org)
    nodes = patches(ax, "node:")
    assert nodes.keys() == {"lead", "far", "x"}
    assert_apart(nodes)


# -- the extra ---------------------------------------------------------------------


@pytest.mark.parametrize("draw", [plot.org_chart, plot.raci, plot.ties])
def test_without_matplotlib_the_error_names_the_extra(
    draw: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"pip install 'csmo-model\[plot\]'"):
        draw(cm.examples.load("acme"))  # type: ignore[operator]


def test_importing_the_module_does_not_import_matplotlib() -> None:
    import subprocess

    code = "import sys, csmo_model.plot; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_raci_shows_ra_as_its_own_letter() -> None:
    org = cm.Organization.from_parts(
        name="RA",
        responsibilities=[cm.Responsibility(id="s", name="Strategy")],
        roles=[cm.Role(id="lead", title="Lead", raci={"s": "RA"})],
        people=[cm.Person(id="ana", name="Ana", holds=["lead"])],
    )
    ax = plot.raci(org)
    assert texts(ax, "raci:")["s|lead"].get_text() == "RA"
    assert "RA: responsible and accountable" in legend_labels(ax)
    (image,) = ax.get_images()
    assert image.get_array().tolist() == [[5]]  # type: ignore[union-attr]
    assert patches(ax, "gap:") == {}


# -- issue 16: dotted lines around boxes, "$" as text, csmo plot ----------------------


def _crossed_boxes(ax: Axes) -> list[tuple[str, str]]:
    """(dotted line, role) for every box a drawn dotted line passes through, in pixels."""
    ax.figure.canvas.draw()
    boxes = patches(ax, "role:")
    out = []
    for gid, arc in patches(ax, "dotted:").items():
        assert isinstance(arc, FancyArrowPatch)
        points = [p for poly in arc.get_path().to_polygons(closed_only=False) for p in poly]
        for role, box in boxes.items():
            extent = box.get_window_extent().expanded(0.97, 0.9)
            for (x0, y0), (x1, y1) in itertools.pairwise(points):
                # Sample the segment: a hit is a point strictly inside the shrunk box.
                if any(
                    extent.contains(x0 + (x1 - x0) * t / 8, y0 + (y1 - y0) * t / 8)
                    for t in range(9)
                ):
                    out.append((gid, role))
                    break
    return out


@pytest.mark.parametrize("name", NAMES)
def test_dotted_lines_cross_no_box_and_are_drawn_above_them(name: str) -> None:
    org = cm.examples.load(name)
    ax = plot.org_chart(org)
    assert _crossed_boxes(ax) == []
    top_box = max(p.get_zorder() for p in patches(ax, "role:").values())
    assert all(arc.get_zorder() > top_box for arc in patches(ax, "dotted:").values())


def test_dotted_line_goes_around_a_box_in_its_way() -> None:
    # The social lead's dotted line to the CEO would run straight through the CMO's box.
    org = cm.examples.load("acme")
    ax = plot.org_chart(org)
    assert _crossed_boxes(ax) == []
    lead, ceo = plot._TreeLayout(org, 0.5).pos["social-lead"], plot._TreeLayout(org, 0.5).pos["ceo"]
    assert lead[0] == ceo[0]  # one column: a straight line would pass behind the CMO


def test_dotted_lines_in_a_generated_organization_cross_few_boxes() -> None:
    org = cm.synthetic.organization(60, seed=4, dotted_rate=0.3)
    ax = plot.org_chart(org)
    dotted = patches(ax, "dotted:")
    assert len(dotted) >= 5
    assert _crossed_boxes(ax) == []


@pytest.mark.parametrize("title", ["Q $\\x$", "Cost: $5 and $10", "$$", "a $b$ c"])
def test_dollar_signs_are_text_never_mathtext(title: str, tmp_path: Path) -> None:
    acme = cm.examples.load("acme")
    roles = dict(acme.roles)
    roles["cmo"] = attrs.evolve(roles["cmo"], title=title)
    resps = dict(acme.responsibilities)
    resps["strategy"] = attrs.evolve(resps["strategy"], name=title)
    org = attrs.evolve(acme, name=title, roles=roles, responsibilities=resps)
    for draw in (plot.org_chart, plot.raci, plot.ties):
        ax = draw(org)
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            out = tmp_path / f"{draw.__name__}.svg"
            ax.figure.savefig(out)
        svg = out.read_text(encoding="utf-8")
        # Drawn as the characters written: the dollar signs are in the picture's text.
        escaped = title.replace("&", "&amp;").replace("<", "&lt;")
        assert escaped in svg, draw.__name__
        for text in [*ax.texts, ax.title, *ax.get_xticklabels(), *ax.get_yticklabels()]:
            if "$" in text.get_text():
                assert text.get_parse_math() is False
        plt.close(ax.figure)


@pytest.mark.parametrize("kind", ["org-chart", "raci", "ties"])
@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_csmo_plot_writes_pictures(kind: str, suffix: str, tmp_path: Path) -> None:
    from csmo_model.cli import main

    out = tmp_path / f"acme{suffix}"
    assert main(["plot", "--example", "acme", str(out), "--kind", kind]) == 0
    data = out.read_bytes()
    if suffix == ".png":
        assert data.startswith(PNG)
    else:
        assert b"<svg" in data[:1000]


def test_csmo_plot_refuses_other_suffixes_and_existing_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from csmo_model.cli import main

    assert main(["plot", "--example", "acme", str(tmp_path / "acme.jpg")]) == 2
    assert "use one of .png, .svg" in capsys.readouterr().err
    out = tmp_path / "acme.png"
    out.write_bytes(b"old")
    assert main(["plot", "--example", "acme", str(out)]) == 2
    assert "already exists; pass --force" in capsys.readouterr().err
    assert out.read_bytes() == b"old"
