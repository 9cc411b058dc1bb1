"""Pictures of an organization: org chart, RACI matrix and the social lead's ties.

Needs the ``plot`` extra (``pip install 'csmo-model[plot]'``), which brings
matplotlib; it is imported when a function is called, not when this module
is. Layouts are computed here in pure Python, so no system binary (such as
Graphviz) is needed and the same organization always gives the same picture.

Each function draws on the axes it is given, or on a new figure sized so that
every label fits, and returns the :class:`matplotlib.axes.Axes`. None calls
``plt.show()``: Jupyter shows the figure by itself, and a script calls
``ax.figure.savefig("chart.png")``. The pictures are meant for organizations
of up to a few dozen roles; larger ones are drawn, smaller, on a figure at
most 30 inches wide.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from csmo_model.analysis import holders, tie_cuts
from csmo_model.graph import reporting_graph, tie_graph
from csmo_model.model import Organization, Raci, Responsibility, Role, is_external
from csmo_model.report import Finding, Severity

if TYPE_CHECKING:
    from csmo_model.history import Version

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.typing import LineStyleType
    from numpy import bool_, float64
    from numpy.typing import NDArray

    FloatArray = NDArray[float64]
    BoolArray = NDArray[bool_]

__all__ = ["history", "org_chart", "raci", "ties"]


def __dir__() -> list[str]:
    return __all__


_INSTALL = "pip install 'csmo-model[plot]'"
_MAX_INCHES = 30.0
_FONT = 8.0
_TITLE_FONT = 11.0
_MIN_FONT = 6.0  # for titles, legends and axis labels; text in boxes shrinks with them

# Boxes are measured in inches at the natural size of a picture.
_BOX_W = 1.35
_LINE_H = 0.16
_BOX_PAD = 0.16
_CHARS = 17  # characters per line of a label at _FONT in a _BOX_W box
_MAX_LINES = 3

_HELD = "#dbe9f6"
_EXTERNAL = "#e4e4e4"
_DEPARTMENT = "#fff2cc"
_LEAD = "#c7e9c0"
_EDGE = "#3b3b3b"
_SPOF = "#d62728"
_SEVERITY_COLORS = {
    Severity.CRITICAL: "#d62728",
    Severity.WARNING: "#ff7f0e",
    Severity.INFO: "#1f77b4",
}
_RACI_COLORS = {
    Raci.A: "#08519c",
    Raci.R: "#4292c6",
    Raci.C: "#9ecae1",
    Raci.I: "#deebf7",
    Raci.RA: "#08306b",
}
_RACI_WORDS = {
    Raci.A: "accountable",
    Raci.R: "responsible",
    Raci.C: "consulted",
    Raci.I: "informed",
    Raci.RA: "responsible and accountable",
}


def _require() -> None:
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise ImportError(f"csmo_model.plot needs matplotlib: {_INSTALL}") from exc


def _wrap(text: str, width: int = _CHARS, max_lines: int = _MAX_LINES) -> str:
    """Wrap *text* on spaces and after slashes; cut with an ellipsis past *max_lines*."""
    words = [w for w in re.split(r"\s+|(?<=/)", text) if w]
    lines: list[str] = []
    for word in words:
        while len(word) > width:  # a word longer than a line is cut, hyphenated
            lines.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        if lines and len(lines[-1]) + len(word) + 1 <= width:
            glue = "" if lines[-1].endswith("/") else " "
            lines[-1] += glue + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return "\n".join(lines) or " "


def _box_height(labels: Iterable[str]) -> float:
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    return lines * _LINE_H + _BOX_PAD


def _legend_entry_width(labels: Sequence[str]) -> float:
    """Width in inches of one legend column holding the longest of *labels*."""
    return 0.55 + 0.07 * max((len(label) for label in labels), default=0)


_MARGIN = 4.0  # room around a new figure's axes until the labels are measured


def _prepare(
    ax: Axes | None, width: float, height: float, legend: Sequence[str]
) -> tuple[Axes, float, int, bool]:
    """Return the axes to draw a *width* x *height* picture on (in inches at natural size).

    Also returns the text scale, the number of legend columns for the
    *legend* labels, and whether the axes are new. New axes get a figure of
    their own, exactly the picture's size (shrunk to at most ``_MAX_INCHES``),
    with room around it that :func:`_fit` trims once labels are drawn. On
    given axes, text shrinks with the room available so that labels stay
    inside their boxes.
    """
    _require()
    import matplotlib.pyplot as plt

    entry = _legend_entry_width(legend)
    if ax is None:
        scale = min(1.0, _MAX_INCHES / max(width, height))
        w, h = width * scale, height * scale
        fig_w, fig_h = w + 2 * _MARGIN, h + 2 * _MARGIN
        fig = plt.figure(figsize=(fig_w, fig_h))
        new_ax = fig.add_axes((_MARGIN / fig_w, _MARGIN / fig_h, w / fig_w, h / fig_h))
        ncols = max(1, min(len(legend), int(max(w, 5.0) // (entry * scale))))
        return new_ax, scale, ncols, True
    inches_w = ax.bbox.width / ax.figure.dpi
    inches_h = ax.bbox.height / ax.figure.dpi
    scale = min(1.0, inches_w / width, inches_h / height)
    ncols = max(1, min(len(legend), int(inches_w // (entry * scale))))
    return ax, scale, ncols, False


def _fit(ax: Axes) -> None:
    """Trim a new figure to its axes and everything drawn around them (labels, title, legend)."""
    fig = ax.get_figure(root=True)
    if fig is None:  # pragma: no cover - axes are always in a figure here
        return
    dpi = fig.dpi
    inside = ax.get_window_extent()
    outside = ax.get_tightbbox()
    if outside is None:  # pragma: no cover - only for invisible axes
        return
    pad = 0.08
    left = max(0.0, inside.x0 - outside.x0) / dpi + pad
    right = max(0.0, outside.x1 - inside.x1) / dpi + pad
    bottom = max(0.0, inside.y0 - outside.y0) / dpi + pad
    top = max(0.0, outside.y1 - inside.y1) / dpi + pad
    w, h = inside.width / dpi, inside.height / dpi
    fig_w, fig_h = left + w + right, bottom + h + top
    fig.set_size_inches(fig_w, fig_h)
    ax.set_position((left / fig_w, bottom / fig_h, w / fig_w, h / fig_h))


def _font(size: float, scale: float) -> float:
    """The size of text drawn outside boxes and cells: scaled, but kept legible."""
    return max(_MIN_FONT, size * scale)


def _box(
    ax: Axes,
    xy: tuple[float, float],
    size: tuple[float, float],
    label: str,
    *,
    gid: str,
    facecolor: str,
    edgecolor: str = _EDGE,
    linewidth: float = 1.0,
    rounded: bool = True,
    fontsize: float,
) -> None:
    from matplotlib.patches import FancyBboxPatch

    (x, y), (w, h) = xy, size
    style = "round,pad=0,rounding_size=0.07" if rounded else "square,pad=0"
    patch = FancyBboxPatch(
        (x - w / 2, y - h / 2),
        w,
        h,
        boxstyle=style,
        facecolor=facecolor,
        edgecolor=edgecolor,
        linewidth=linewidth,
        zorder=3,
    )
    patch.set_gid(gid)
    ax.add_patch(patch)
    text = ax.text(
        x,
        y,
        label,
        ha="center",
        va="center",
        fontsize=fontsize,
        linespacing=1.15,
        zorder=4,
        parse_math=False,
    )
    text.set_gid(f"label:{gid.partition(':')[2]}")


def _finish(
    ax: Axes,
    title: str,
    handles: Sequence[Artist],
    scale: float,
    ncols: int,
    bounds: tuple[float, float, float, float],
    new: bool,
) -> None:
    xmin, xmax, ymin, ymax = bounds
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=_font(_TITLE_FONT, scale), parse_math=False)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=ncols,
        fontsize=_font(_FONT, scale),
        frameon=False,
        handlelength=2.5,
    )
    if new:
        _fit(ax)


# -- Org chart -------------------------------------------------------------------

_GAP_X = 0.22  # between neighbouring boxes
_GAP_Y = 0.5  # between levels
_HANG = 2  # a role with this many reports and no deeper ones gets them in a column
_INDENT = 0.3  # how far a column of reports sits right of its manager
_ROW_GAP = 0.2  # between boxes in a column
_COLUMN_ROWS = 5  # a longer column is split into several side by side


class _TreeLayout:
    """A tidy top-down layout of the solid reporting lines, in inches.

    Each subtree takes a contiguous band of width, so boxes never overlap;
    a manager sits centered over its reports. A manager of two or more
    roles with no reports of their own gets them in hanging columns (of at
    most ``_COLUMN_ROWS`` boxes, side by side), which keeps flat teams narrow.
    """

    def __init__(self, org: Organization, box_h: float) -> None:
        self.box_h = box_h
        self.level = box_h + _GAP_Y
        self.children: dict[str, list[str]] = {role_id: [] for role_id in org.roles}
        roots = []
        for role in org.roles.values():
            if role.reports_to is None:
                roots.append(role.id)
            else:
                self.children[role.reports_to].append(role.id)
        self.pos: dict[str, tuple[float, float]] = {}
        self.spine: dict[str, float] = {}  # hanging role -> x of its column's vertical line
        self.width = 0.0
        for root in roots:
            self._place(root)
        self.width = max(self.width - _GAP_X, _BOX_W)

    def _hangs(self, role_id: str) -> bool:
        kids = self.children[role_id]
        return len(kids) >= _HANG and not any(self.children[k] for k in kids)

    def _place(self, root: str) -> None:
        # Iterative post-order: reporting chains may be deeper than the recursion limit.
        depth = {root: 0}
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            role_id, done = stack.pop()
            y = -depth[role_id] * self.level
            kids = self.children[role_id]
            if not kids:
                self.pos[role_id] = (self.width + _BOX_W / 2, y)
                self.width += _BOX_W + _GAP_X
            elif self._hangs(role_id):
                columns = -(-len(kids) // _COLUMN_ROWS)
                rows = -(-len(kids) // columns)
                pitch = _BOX_W + _INDENT + _GAP_X
                left = self.width + _BOX_W / 2  # where a single column's manager sits
                for i, kid in enumerate(kids):
                    column, row = divmod(i, rows)
                    x = left + column * pitch
                    self.spine[kid] = x - _BOX_W / 2 + 0.12
                    self.pos[kid] = (x + _INDENT, y - self.level - row * (self.box_h + _ROW_GAP))
                middle = left + (columns - 1) * pitch / 2 + (_INDENT / 2 if columns > 1 else 0)
                self.pos[role_id] = (middle, y)
                self.width += columns * pitch
            elif done:
                first, last = self.pos[kids[0]][0], self.pos[kids[-1]][0]
                self.pos[role_id] = ((first + last) / 2, y)
            else:
                stack.append((role_id, True))
                for kid in reversed(kids):
                    depth[kid] = depth[role_id] + 1
                    stack.append((kid, False))

    def bottom(self) -> float:
        return min((y for _, y in self.pos.values()), default=0.0) - self.box_h / 2


def _marks(org: Organization, findings: Iterable[Finding]) -> dict[str, Severity]:
    """Role id -> the worst severity of the findings naming it or a person holding it."""
    marks: dict[str, Severity] = {}
    for finding in findings:
        roles = {s.id for s in finding.subjects if s.type == "role" and s.id in org.roles}
        for subject in finding.subjects:
            person = org.people.get(subject.id) if subject.type == "person" else None
            if person is not None:
                roles.update(person.holds)
        for role_id in roles:
            if role_id not in marks or finding.severity.rank > marks[role_id].rank:
                marks[role_id] = finding.severity
    return marks


_RADII = (0.0, 0.2, -0.2, 0.4, -0.4, 0.7, -0.7, 1.0, -1.0)
_ARC_POINTS = 24  # segments a dotted arc is cut into when testing it against the boxes


def _arc_points(
    start: tuple[float, float], end: tuple[float, float], rad: float
) -> tuple[float, ...]:
    """The quadratic Bezier matplotlib's ``arc3`` draws, as (x0, y0, x1, y1, ...)."""
    (x1, y1), (x2, y2) = start, end
    cx = (x1 + x2) / 2 + rad * (y2 - y1)
    cy = (y1 + y2) / 2 - rad * (x2 - x1)
    out: list[float] = []
    for k in range(_ARC_POINTS + 1):
        t = k / _ARC_POINTS
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
        out += [a * x1 + b * cx + c * x2, a * y1 + b * cy + c * y2]
    return tuple(out)


def _route_dotted(
    a: tuple[float, float],
    b: tuple[float, float],
    centers: FloatArray,
    half: tuple[float, float],
) -> tuple[tuple[float, float], tuple[float, float], float]:
    """End points and curvature of a dotted line a -> b that crosses as few boxes as possible.

    Every pair of border midpoints (left, right, top, bottom of each box)
    and every curvature of ``_RADII`` is tried; the arc, cut into
    ``_ARC_POINTS`` segments, is tested against every box near it
    (Liang-Barsky clipping, boxes shrunk a hair so touching is not crossing,
    its own two boxes included). The first candidate crossing no box wins,
    else the one crossing fewest; ties go to the gentler, shorter arc.
    """
    import numpy as np

    hw, hh = half
    sides = ((hw, 0.0), (-hw, 0.0), (0.0, hh), (0.0, -hh))
    reach = abs(b[0] - a[0]) + abs(b[1] - a[1])
    lo = np.minimum(a, b) - reach - 2 * np.array(half)
    hi = np.maximum(a, b) + reach + 2 * np.array(half)
    near = centers[np.all((centers >= lo) & (centers <= hi), axis=1)]
    shrunk = (hw - 1e-6, hh - 1e-6)
    best: tuple[tuple[int, float], tuple[tuple[float, float], tuple[float, float], float]] | None
    best = None
    for rad in _RADII:
        for sa in sides:
            for sb in sides:
                start = (a[0] + sa[0], a[1] + sa[1])
                end = (b[0] + sb[0], b[1] + sb[1])
                flat = np.array(_arc_points(start, end, rad)).reshape(-1, 2)
                hits = int(_hits(flat[:-1], flat[1:], near, shrunk).any(axis=0).sum())
                length = float(np.hypot(*np.diff(flat, axis=0).T).sum())
                key = (hits, length * (1 + abs(rad)))
                if best is None or key < best[0]:
                    best = (key, (start, end, rad))
        if best is not None and best[0][0] == 0:
            break
    assert best is not None
    return best[1]


def org_chart(
    org: Organization, *, findings: Iterable[Finding] | None = None, ax: Axes | None = None
) -> Axes:
    """Draw the reporting lines top-down as an org chart.

    Each role is a box labelled with its title, placed under the role it
    reports to (the solid line). Dotted lines are drawn dashed and curved,
    routed around the other boxes (and drawn above them, never hidden).
    Vacant roles (nobody holds them) are hollow; external roles are gray.
    With *findings*, every role a finding names, directly or through a person
    who holds it, gets a thick border in the color of its worst finding.

    Parameters
    ----------
    org : Organization
    findings : Report or iterable of Finding, optional
        Typically ``cm.audit(org)``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to fit the chart.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Each role's box is a patch with gid
        ``"role:<id>"``; lines have gids ``"solid:<from>-><to>"`` and
        ``"dotted:<from>-><to>"``.

    Raises
    ------
    ImportError
        If matplotlib is not installed (the ``plot`` extra).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")  # no window: not needed in Jupyter
    >>> import matplotlib.pyplot as plt
    >>> import csmo_model as cm
    >>> from csmo_model import plot
    >>> org = cm.examples.load("acme")
    >>> ax = plot.org_chart(org, findings=cm.audit(org))
    >>> ax.get_title()
    'Acme Outdoor: reporting lines'
    >>> plt.close(ax.figure)

    See Also
    --------
    csmo_model.graph.reporting_graph : The same lines as a networkx graph.

    Notes
    -----
    The layout is a tidy tree computed in $O(n)$ for $n$ roles: each
    subtree takes a contiguous band of width and a manager is centered over
    its reports, so boxes never overlap.
    """
    G = reporting_graph(org)
    labels = {role_id: _wrap(org.roles[role_id].title) for role_id in org.roles}
    box_h = _box_height(labels.values())
    layout = _TreeLayout(org, box_h)
    pos = layout.pos
    dotted = [(u, v) for u, v in G.edges() if G.edges[u, v]["kind"] == "dotted"]
    _require()
    arcs, bounds = _chart_arcs(layout, dotted, box_h)
    marks = _marks(org, findings) if findings is not None else {}
    handles = _chart_legend(org, G, bool(dotted), marks)
    legend = [str(h.get_label()) for h in handles]
    ax, scale, ncols, new = _prepare(ax, bounds[1] - bounds[0], bounds[3] - bounds[2], legend)
    fontsize = _FONT * scale  # labels shrink with their boxes
    _draw_reporting_lines(ax, org, layout, box_h)
    _draw_dotted_arcs(ax, arcs)

    for role_id, role in org.roles.items():
        worst = marks.get(role_id)
        vacant = G.nodes[role_id]["vacant"]
        _box(
            ax,
            pos[role_id],
            (_BOX_W, box_h),
            labels[role_id],
            gid=f"role:{role_id}",
            facecolor=(
                "none"
                if vacant
                else _LEAD
                if role_id == org.social_lead
                else _EXTERNAL
                if is_external(org, role)
                else _HELD
            ),
            edgecolor=_EDGE if worst is None else _SEVERITY_COLORS[worst],
            linewidth=1.0 if worst is None else 2.6,
            fontsize=fontsize,
        )

    title = f"{org.name}: reporting lines"
    _finish(ax, title, handles, scale, ncols, bounds, new)
    return ax


_Arc = tuple[str, str, tuple[float, float], tuple[float, float], float]


def _chart_arcs(
    layout: _TreeLayout, dotted: list[tuple[str, str]], box_h: float
) -> tuple[list[_Arc], tuple[float, float, float, float]]:
    """The route of each dotted line, and the chart's extent, the arcs' control points
    included (the arcs stay inside their hull)."""
    import numpy as np

    pos = layout.pos
    half_w = _BOX_W / 2
    xs = [x for x, _ in pos.values()] or [0.0]
    xmin = min(min(xs) - half_w, *layout.spine.values(), math.inf)
    xmax = max(xs) + half_w
    ymin, ymax = layout.bottom(), box_h / 2
    arcs: list[_Arc] = []
    centers = np.array(list(pos.values()), dtype=float).reshape(-1, 2)
    for u, v in dotted:
        start, end, rad = _route_dotted(pos[u], pos[v], centers, (half_w, box_h / 2))
        arcs.append((u, v, start, end, rad))
        cx = (start[0] + end[0]) / 2 + rad * (end[1] - start[1])
        cy = (start[1] + end[1]) / 2 - rad * (end[0] - start[0])
        xmin, xmax = min(xmin, cx), max(xmax, cx)
        ymin, ymax = min(ymin, cy), max(ymax, cy)
    pad = 0.15
    return arcs, (xmin - pad, xmax + pad, ymin - pad, ymax + pad)


def _chart_legend(
    org: Organization, G: nx.DiGraph[str], dotted: bool, marks: dict[str, Severity]
) -> list[Artist]:
    """The legend: the kinds of boxes and lines drawn, and the severities marked."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    if org.social_lead is not None and not G.nodes[org.social_lead]["vacant"]:
        handles.append(Patch(facecolor=_LEAD, edgecolor=_EDGE, label="Social lead"))
    handles.append(Patch(facecolor=_HELD, edgecolor=_EDGE, label="Role"))
    if any(vacant for _, vacant in G.nodes(data="vacant")):
        handles.append(Patch(facecolor="none", edgecolor=_EDGE, label="Vacant role"))
    if any(is_external(org, r) for r in org.roles.values()):
        handles.append(Patch(facecolor=_EXTERNAL, edgecolor=_EDGE, label="External role"))
    handles.append(Line2D([], [], color=_EDGE, linewidth=1.1, label="Reports to"))
    if dotted:
        handles.append(
            Line2D([], [], color=_EDGE, linewidth=1.1, linestyle="--", label="Dotted line to")
        )
    for severity in reversed(Severity):
        if severity in marks.values():
            handles.append(
                Patch(
                    facecolor="white",
                    edgecolor=_SEVERITY_COLORS[severity],
                    linewidth=2.6,
                    label=f"Has {'an' if severity.value[0] in 'aeiou' else 'a'} "
                    f"{severity.value} finding",
                )
            )
    return handles


def _draw_reporting_lines(ax: Axes, org: Organization, layout: _TreeLayout, box_h: float) -> None:
    """Solid lines: elbows from the manager's bottom to each report's top."""
    pos, half_w = layout.pos, _BOX_W / 2
    for role in org.roles.values():
        boss = role.reports_to
        if boss is None:
            continue
        (bx, by), (x, y) = pos[boss], pos[role.id]
        spine = layout.spine.get(role.id)
        if spine is not None and abs(spine - (bx - half_w + 0.12)) < 1e-9:
            # The manager's own column hangs from its bottom-left corner.
            path = [(spine, by - box_h / 2), (spine, y), (x - half_w, y)]
        elif spine is not None:
            mid = by - box_h / 2 - _GAP_Y / 2
            path = [(bx, by - box_h / 2), (bx, mid), (spine, mid), (spine, y), (x - half_w, y)]
        else:
            mid = by - box_h / 2 - _GAP_Y / 2
            path = [(bx, by - box_h / 2), (bx, mid), (x, mid), (x, y + box_h / 2)]
        (line,) = ax.plot(*zip(*path, strict=True), color=_EDGE, linewidth=1.1, zorder=1)
        line.set_gid(f"solid:{role.id}->{boss}")


def _draw_dotted_arcs(ax: Axes, arcs: list[_Arc]) -> None:
    from matplotlib.patches import FancyArrowPatch

    for u, v, start, end, rad in arcs:
        arc = FancyArrowPatch(
            start,
            end,
            arrowstyle="-",
            connectionstyle=f"arc3,rad={rad}",
            linestyle="--",
            linewidth=1.1,
            color=_EDGE,
            shrinkA=0,
            shrinkB=0,
            zorder=5,  # above the boxes: routed around them, and never hidden behind one
        )
        arc.set_gid(f"dotted:{u}->{v}")
        ax.add_patch(arc)


# -- RACI matrix -----------------------------------------------------------------

_CELL = 0.42


def _raci_legend(roles: Sequence[Role], gaps: bool) -> list[Artist]:
    """The legend of the RACI matrix: the letters (RA only where a role has it), then gaps."""
    from matplotlib.patches import Patch

    used = {letter for role in roles for letter in role.raci.values()}
    handles: list[Artist] = [
        Patch(facecolor=_RACI_COLORS[letter], edgecolor="#bdbdbd", label=f"{letter.value}: {word}")
        for letter, word in _RACI_WORDS.items()
        if letter is not Raci.RA or letter in used
    ]
    if gaps:
        handles.append(
            Patch(facecolor="white", edgecolor=_SPOF, linewidth=2.2, label="Gap: nobody does it")
        )
    return handles


def raci(org: Organization, *, ax: Axes | None = None) -> Axes:
    """Draw the RACI matrix as a heatmap: responsibilities down, roles across.

    Each cell shows a role's letter for a job: **A**\\ ccountable,
    **R**\\ esponsible, **C**\\ onsulted or **I**\\ nformed, darker for more
    ownership. Only roles with at least one letter get a column; vacant ones
    are marked in their label. Jobs that nobody does (no holder of an R or
    RA role, see :func:`csmo_model.holders`) are framed in
    red with a red label; critical jobs are marked as such.

    Parameters
    ----------
    org : Organization
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to fit the matrix.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Each letter is a text with gid
        ``"raci:<responsibility>|<role>"``; each gap frame is a patch with gid
        ``"gap:<responsibility>"``.

    Raises
    ------
    ImportError
        If matplotlib is not installed (the ``plot`` extra).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import csmo_model as cm
    >>> from csmo_model import plot
    >>> ax = plot.raci(cm.examples.load("acme"))
    >>> sorted(t.get_text() for t in ax.texts)
    ['A', 'R']
    >>> plt.close(ax.figure)
    """
    resps = list(org.responsibilities.values())
    roles = [r for r in org.roles.values() if r.raci]
    held = {role_id for p in org.people.values() for role_id in p.holds}
    gaps = {resp for resp, people in holders(org).items() if not people}
    cells = (max(len(roles), 1) * _CELL, max(len(resps), 1) * _CELL)
    _require()
    handles = _raci_legend(roles, bool(gaps))
    legend = [str(h.get_label()) for h in handles]
    # Row and column labels are drawn outside the axes, which hold only the cells.
    ax, scale, ncols, new = _prepare(ax, *cells, legend)
    fontsize = _font(_FONT, scale)
    ax.set_title(f"{org.name}: RACI matrix", fontsize=_font(_TITLE_FONT, scale), parse_math=False)
    if not resps or not roles:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No RACI entries", ha="center", va="center", fontsize=fontsize)
        if new:
            _fit(ax)
        return ax

    _raci_cells(ax, resps, roles, _FONT * scale)  # letters shrink with their cells
    _raci_labels(ax, resps, roles, held, gaps, fontsize)
    _raci_gap_frames(ax, resps, len(roles), gaps)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.02),
        ncols=ncols,
        fontsize=fontsize,
        frameon=False,
    )
    if new:
        _fit(ax)
    return ax


def _raci_cells(ax: Axes, resps: list[Responsibility], roles: list[Role], fontsize: float) -> None:
    """The matrix: a colour and a letter in each cell, white grid lines between cells."""
    from matplotlib.colors import ListedColormap

    order = [Raci.I, Raci.C, Raci.R, Raci.A, Raci.RA]
    code = {letter: i + 1 for i, letter in enumerate(order)}
    cmap = ListedColormap(["white", *(_RACI_COLORS[letter] for letter in order)])
    matrix = [[code[role.raci[r.id]] if r.id in role.raci else 0 for role in roles] for r in resps]
    ax.imshow(matrix, cmap=cmap, vmin=-0.5, vmax=len(order) + 0.5, aspect="equal")
    for i, resp in enumerate(resps):
        for j, role in enumerate(roles):
            letter = role.raci.get(resp.id)
            if letter is None:
                continue
            text = ax.text(
                j,
                i,
                letter.value,
                ha="center",
                va="center",
                fontsize=fontsize,
                fontweight="bold",
                color="white" if letter.responsible or letter.accountable else "black",
            )
            text.set_gid(f"raci:{resp.id}|{role.id}")
    # White grid between cells.
    ax.set_xticks([j - 0.5 for j in range(1, len(roles))], minor=True)
    ax.set_yticks([i - 0.5 for i in range(1, len(resps))], minor=True)
    ax.grid(which="minor", color="#bdbdbd", linewidth=0.6)
    ax.tick_params(which="minor", length=0)


def _raci_labels(
    ax: Axes,
    resps: list[Responsibility],
    roles: list[Role],
    held: set[str],
    gaps: set[str],
    fontsize: float,
) -> None:
    """Roles across the top (vacant ones grey), jobs down the side (gaps red)."""
    # One line each: two-line labels, rotated, would run into their neighbours.
    col_labels = [_wrap(r.title + ("" if r.id in held else " (vacant)"), 40, 1) for r in roles]
    row_labels = [_wrap(r.name + (" (critical)" if r.critical else ""), 40, 2) for r in resps]
    ax.tick_params(which="major", length=0, labelsize=fontsize)
    for spine in ax.spines.values():
        spine.set_color("#bdbdbd")
    ax.xaxis.tick_top()
    ax.set_xticks(range(len(roles)), col_labels, rotation=40, ha="left", rotation_mode="anchor")
    ax.set_yticks(range(len(resps)), row_labels)
    for label in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        label.set_parse_math(False)  # a "$" in a name is a dollar sign, not math
    for role, label in zip(roles, ax.get_xticklabels(), strict=True):
        if role.id not in held:
            label.set_color("#7f7f7f")
            label.set_fontstyle("italic")
    for resp, label in zip(resps, ax.get_yticklabels(), strict=True):
        if resp.id in gaps:
            label.set_color(_SPOF)
            label.set_fontweight("bold")


def _raci_gap_frames(ax: Axes, resps: list[Responsibility], width: int, gaps: set[str]) -> None:
    """A red frame around the row of each job nobody does."""
    from matplotlib.patches import Rectangle

    for i, resp in enumerate(resps):
        if resp.id in gaps:
            frame = Rectangle(
                (-0.5, i - 0.5),
                width,
                1,
                fill=False,
                edgecolor=_SPOF,
                linewidth=2.2,
                clip_on=False,
                zorder=3,
            )
            frame.set_gid(f"gap:{resp.id}")
            ax.add_patch(frame)


# -- Ties ------------------------------------------------------------------------

_TIE_W = 1.45
_TIE_GAP_X = 0.5
_TIE_GAP_Y = 0.55
# Drawing order, weakest first: an edge tied for several reasons takes the strongest style.
_TIE_STYLES: dict[str, tuple[str, float, LineStyleType, str]] = {
    "member": ("#b0b0b0", 0.9, "-", "Member of department"),
    "parent": ("#8c8c8c", 1.0, ":", "Department within department"),
    "dotted": (_EDGE, 1.1, "--", "Dotted reporting line"),
    "solid": (_EDGE, 1.3, "-", "Reporting line"),
    "link": ("#2ca02c", 1.8, "-", "Cross-functional link"),
}
_STRENGTH = list(_TIE_STYLES)


def _ring(k: int) -> list[tuple[int, int]]:
    """The 8k lattice points at Chebyshev distance k from the origin.

    Counterclockwise, from ``(k, 0)``.
    """
    points = [(k, v) for v in range(k)]
    points += [(u, k) for u in range(k, -k, -1)]
    points += [(-k, v) for v in range(k, -k, -1)]
    points += [(u, -k) for u in range(-k, k)]
    points += [(k, v) for v in range(-k, 0)]
    return points


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % (2 * math.pi)
    return min(d, 2 * math.pi - d)


def _hits(p: FloatArray, q: FloatArray, boxes: FloatArray, half: tuple[float, float]) -> BoolArray:
    """Which segments *p*-*q* (K x 2) pass through which boxes centered at *boxes* (B x 2).

    Liang-Barsky clipping for every pair at once; returns a K x B array.
    """
    import numpy as np

    hw, hh = half
    x0, y0 = p[:, 0:1], p[:, 1:2]
    dx, dy = q[:, 0:1] - x0, q[:, 1:2] - y0
    cx, cy = boxes[None, :, 0], boxes[None, :, 1]
    shape = (len(p), len(boxes))
    low, high = np.zeros(shape), np.ones(shape)
    inside = np.ones(shape, dtype=bool)
    for step, room in (
        (-dx, x0 - (cx - hw)),
        (dx, cx + hw - x0),
        (-dy, y0 - (cy - hh)),
        (dy, cy + hh - y0),
    ):
        steps = np.broadcast_to(step, shape)
        flat = steps == 0
        inside &= ~(flat & (room <= 0))
        ratio = np.divide(room, steps, out=np.zeros(shape), where=~flat)
        low = np.where(steps < 0, np.maximum(low, ratio), low)
        high = np.where(steps > 0, np.minimum(high, ratio), high)
    result: BoolArray = inside & (low < high)
    return result


def _crossings(p: FloatArray, q: FloatArray, r: FloatArray, s: FloatArray) -> BoolArray:
    """Which segments *p*-*q* (K x 2) properly cross which segments *r*-*s* (M x 2): K x M."""

    def side(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
        turn: FloatArray = (b[..., 0] - a[..., 0]) * (c[..., 1] - a[..., 1]) - (
            b[..., 1] - a[..., 1]
        ) * (c[..., 0] - a[..., 0])
        return turn

    p, q, r, s = p[:, None, :], q[:, None, :], r[None, :, :], s[None, :, :]
    result: BoolArray = (side(p, q, r) * side(p, q, s) < 0) & (side(r, s, p) * side(r, s, q) < 0)
    return result


def _exit(
    inside: tuple[float, float],
    outside: tuple[float, float],
    center: tuple[float, float],
    half: tuple[float, float],
) -> tuple[float, float]:
    """Where the segment from a point *inside* a box to one *outside* it crosses its border."""
    t = 1.0
    for axis in (0, 1):
        d = outside[axis] - inside[axis]
        if d:
            bound = center[axis] + (half[axis] if d > 0 else -half[axis])
            t = min(t, (bound - inside[axis]) / d)
    t = max(t, 0.0)
    return (
        inside[0] + t * (outside[0] - inside[0]),
        inside[1] + t * (outside[1] - inside[1]),
    )


def _trim(
    points: list[tuple[float, float]],
    a: tuple[float, float],
    b: tuple[float, float],
    half: tuple[float, float],
) -> list[tuple[float, float]]:
    """Cut the polyline *points* from box *a* to box *b* at the borders of the two boxes."""

    def inside(point: tuple[float, float], center: tuple[float, float]) -> bool:
        return abs(point[0] - center[0]) < half[0] and abs(point[1] - center[1]) < half[1]

    start = 0
    while start + 1 < len(points) and inside(points[start + 1], a):
        start += 1
    end = len(points) - 1
    while end - 1 > start and inside(points[end - 1], b):
        end -= 1
    if start + 1 > end:
        return points
    head = _exit(points[start], points[start + 1], a, half)
    tail = _exit(points[end], points[end - 1], b, half)
    return [head, *points[start + 1 : end], tail]


# Curvatures tried for a tie that a straight line would draw under a box, gentlest first.
_BENDS = (0.0, *(sign * k / 10 for k in range(1, 11) for sign in (1, -1)))


def _detour(
    a: tuple[float, float],
    b: tuple[float, float],
    others: Sequence[tuple[float, float]],
    half: tuple[float, float],
) -> tuple[list[float], list[float], int]:
    """A line from *a* to *b* that runs under as few of the *others* boxes as it can.

    A straight line when it is clear; otherwise the first clear one of a few
    arcs bending more and more to either side (quadratic Bezier curves), or
    the arc under the fewest boxes. Returns its x and y coordinates and the
    number of boxes it still runs under.
    """
    import numpy as np

    boxes = np.array(others, dtype=float).reshape(-1, 2)
    (x0, y0), (x1, y1) = a, b
    t = np.linspace(0.0, 1.0, 25)[:, None]
    best: tuple[int, list[float], list[float]] | None = None
    for bend in _BENDS:
        cx = (x0 + x1) / 2 + bend * (y1 - y0)
        cy = (y0 + y1) / 2 - bend * (x1 - x0)
        points = (
            (1 - t) ** 2 * np.array(a) + 2 * (1 - t) * t * np.array((cx, cy)) + t**2 * np.array(b)
        )
        if bend == 0.0:
            points = np.array([a, b], dtype=float)
        under = int(_hits(points[:-1], points[1:], boxes, half).any(axis=0).sum())
        if best is None or under < best[0]:
            trimmed = _trim([(float(x), float(y)) for x, y in points], a, b, half)
            best = (under, [x for x, _ in trimmed], [y for _, y in trimmed])
        if under == 0:
            break
    assert best is not None
    return best[1], best[2], best[0]


_THROUGH_BOX = 12.0  # cost, in inches of line, of a tie drawn through a box it does not join
_CROSSING = 1.5  # cost, in inches of line, of two ties crossing
_REFINE_LIMIT = 60  # nodes; larger graphs keep the first placement
_REACH = 6  # how many slots along its ring a node may move in one step


class _RingLayout:
    """Concentric square rings of a lattice, the social lead at the center.

    Lattice points one step apart are one box width (plus a gap) apart across
    and one box height apart up and down, so no two boxes can overlap. Each
    layer of the breadth-first search from the lead takes the smallest ring
    outside the previous one with room for it. Nodes are first spread evenly
    in the order of the angle of their ties in the layer before; then, for
    graphs of up to ``_REFINE_LIMIT`` nodes, nodes move (up to ``_REACH``
    slots) or swap within their ring while that shortens the ties, uncrosses
    them and takes them out from under boxes.
    """

    def __init__(
        self,
        layers: Sequence[Sequence[str]],
        edges: Sequence[tuple[str, str]],
        unit: tuple[float, float],
        half: tuple[float, float],
    ) -> None:
        self.unit, self.half = unit, half
        self.edges = list(edges)
        self.incident: dict[str, list[int]] = {n: [] for layer in layers for n in layer}
        for i, (a, b) in enumerate(self.edges):
            self.incident[a].append(i)
            self.incident[b].append(i)
        self.slot: dict[str, tuple[int, int]] = {}
        self.rings: list[tuple[int, list[str]]] = []
        self._spread(layers)
        if self.edges and len(self.slot) <= _REFINE_LIMIT:
            self._refine()

    def xy(self, node: str) -> tuple[float, float]:
        u, v = self.slot[node]
        return (u * self.unit[0], v * self.unit[1])

    def _spread(self, layers: Sequence[Sequence[str]]) -> None:
        ux, uy = self.unit
        angle: dict[str, float] = {}
        ring = 0
        for depth, layer in enumerate(layers):
            if depth == 0 and len(layer) == 1:
                self.slot[layer[0]] = (0, 0)
                continue
            ring = max(ring + 1, math.ceil(len(layer) / 8))
            self.rings.append((ring, list(layer)))
            slots = _ring(ring)
            slot_angle = [math.atan2(v * uy, u * ux) for u, v in slots]
            wishes: dict[str, float] = {}
            for node in layer:
                placed = [
                    angle[n]
                    for i in self.incident[node]
                    for n in self.edges[i]
                    if n != node and n in angle
                ]
                if placed:
                    sin = sum(math.sin(a) for a in placed)
                    cos = sum(math.cos(a) for a in placed)
                    wishes[node] = math.atan2(sin, cos)
            # Nodes pulled by nothing (the first ring) start at the top.
            keyed = sorted(layer, key=lambda n: wishes.get(n, math.pi / 2))
            step = len(slots) / len(layer)
            base = [int(i * step) for i in range(len(layer))]
            shifts = range(len(slots)) if len(layer) * len(slots) <= 40_000 else range(1)
            best, best_cost = 0, math.inf
            for shift in shifts:
                cost = sum(
                    _angle_gap(slot_angle[(b + shift) % len(slots)], wishes.get(n, math.pi / 2))
                    for n, b in zip(keyed, base, strict=True)
                )
                if cost < best_cost - 1e-9:
                    best, best_cost = shift, cost
            for node, b in zip(keyed, base, strict=True):
                index = (b + best) % len(slots)
                self.slot[node] = slots[index]
                angle[node] = slot_angle[index]

    def _cost(self, moved: Sequence[int]) -> float:
        """The part of the layout's cost that depends on where the *moved* nodes are.

        The cost adds up the length of every tie, ``_THROUGH_BOX`` for each
        box a tie runs under, and ``_CROSSING`` for each pair of ties that
        cross. Nodes are indexes into ``self._at``; ties into ``self._ends``.
        """
        import numpy as np

        at, ends = self._at, self._ends
        moved_ = np.asarray(moved)
        is_near = np.asarray(np.isin(ends, moved_).any(axis=1), dtype=bool)
        near, far = np.flatnonzero(is_near), np.flatnonzero(~is_near)
        p, q = at[ends[near, 0]], at[ends[near, 1]]
        total = float(np.hypot(*(q - p).T).sum())
        under = _hits(p, q, at, self.half)
        rows = np.arange(len(near))
        under[rows, ends[near, 0]] = False
        under[rows, ends[near, 1]] = False
        # Ties away from the moved nodes can only newly run under the moved boxes.
        under_moved = _hits(at[ends[far, 0]], at[ends[far, 1]], at[moved_], self.half)
        total += _THROUGH_BOX * float(under.sum() + under_moved.sum())
        crossed = _crossings(p, q, at[ends[:, 0]], at[ends[:, 1]])
        a, b = ends[near, 0, None], ends[near, 1, None]
        c, d = ends[None, :, 0], ends[None, :, 1]
        crossed &= ~((a == c) | (a == d) | (b == c) | (b == d))
        # A pair of moved ties is counted once.
        crossed &= ~is_near[None, :] | (np.arange(len(ends))[None, :] < near[:, None])
        return total + _CROSSING * float(crossed.sum())

    def _put(self, node: int, target: tuple[int, int], other: int | None) -> None:
        """Move *node* to *target*, and *other* (the node there, if any) to where *node* was."""
        home = self._slots[node]
        self._slots[node] = target
        self._at[node] = (target[0] * self.unit[0], target[1] * self.unit[1])
        if other is not None:
            self._slots[other] = home
            self._at[other] = (home[0] * self.unit[0], home[1] * self.unit[1])

    def _refine(self) -> None:
        import numpy as np

        names = list(self.slot)
        number = {n: i for i, n in enumerate(names)}
        self._slots = [self.slot[n] for n in names]
        self._at = np.array([self.xy(n) for n in names], dtype=float)
        self._ends = np.array([(number[a], number[b]) for a, b in self.edges], dtype=int)
        for _ in range(3):
            improved = False
            for ring, members in self.rings:
                slots = _ring(ring)
                index = {slot: i for i, slot in enumerate(slots)}
                reach = min(_REACH, len(slots) // 2)
                nodes = [number[n] for n in members]
                for node in nodes:
                    occupant = {self._slots[n]: n for n in nodes}
                    here = index[self._slots[node]]
                    near = {(here + d) % len(slots) for d in range(-reach, reach + 1)} - {here}
                    best, best_gain = None, 1e-6
                    for target in (slots[i] for i in sorted(near)):
                        other = occupant.get(target)
                        group = [node] if other is None else [node, other]
                        before = self._cost(group)
                        self._put(node, target, other)
                        gain = before - self._cost(group)
                        self._put(node, slots[here], other)
                        if gain > best_gain:
                            best, best_gain = target, gain
                    if best is not None:
                        self._put(node, best, occupant.get(best))
                        improved = True
            if not improved:
                break
        self.slot = dict(zip(names, self._slots, strict=True))


def ties(org: Organization, *, ax: Axes | None = None) -> Axes:
    """Draw the social lead's ties, with their single points of failure in red.

    The graph is :func:`csmo_model.graph.tie_graph` without channels: roles
    (rounded boxes) and departments (square, yellow), tied by membership,
    reporting lines and cross-functional links. The social lead sits at the center (green); the
    rest is placed in rings by how many ties away from the lead it is. Roles,
    departments and ties whose loss would cut the lead off from a department
    (:func:`csmo_model.analysis.tie_cuts`) are drawn red.

    A tie whose straight line would pass under a box is curved around it;
    when no curve is clear, it is drawn across the box (under the label),
    never hidden beneath it, so it cannot seem to end there.

    Parameters
    ----------
    org : Organization
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to fit the graph.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Each node is a patch with gid ``"node:<id>"``
        and each tie a line with gid ``"tie:<a>--<b>"``.

    Raises
    ------
    ValueError
        If the organization names no ``social_lead``.
    ImportError
        If matplotlib is not installed (the ``plot`` extra).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import csmo_model as cm
    >>> from csmo_model import plot
    >>> ax = plot.ties(cm.examples.load("agency-run"))
    >>> [p.get_gid() for p in ax.patches if p.get_linewidth() > 2]
    ['node:agency-account']
    >>> [line.get_gid() for line in ax.lines if line.get_linewidth() > 2]
    ['tie:agency-account--marketing-manager']
    >>> plt.close(ax.figure)

    Notes
    -----
    The layout is deterministic. Rings sit on a lattice whose points are a
    box apart, so boxes never overlap. Nodes are spread around their ring in
    the order of the ties that pull them, then, for up to 60 nodes, moved
    along it while that makes the ties shorter, uncrossed and clear of boxes:
    $O(n \\cdot (n + m))$ work per node and pass, for $n$ nodes and $m$ ties.
    """
    lead = org.social_lead
    if lead is None:
        raise ValueError("the organization names no social_lead; ties are drawn around it")
    _require()  # before the layout, which needs numpy (it comes with matplotlib)
    G = tie_graph(org)  # the ties the lead works through, without channels
    cuts = tie_cuts(org)
    import networkx as nx

    layers = [list(layer) for layer in nx.bfs_layers(G, [lead])]
    reached = {n for layer in layers for n in layer}
    rest = [n for n in G if n not in reached]
    if rest:
        layers.append(rest)
    labels = {n: _wrap(data["name"], 18) for n, data in G.nodes(data=True)}
    box_h = _box_height(labels.values())
    pos, paths, bounds = _tie_layout(G, layers, (_TIE_W, box_h))
    _require()
    strongest = {
        (a, b): max(G.edges[a, b]["kinds"].split(","), key=_STRENGTH.index) for a, b in G.edges()
    }
    handles = _tie_legend(set(strongest.values()), bool(cuts.nodes or cuts.edges))
    legend = [str(h.get_label()) for h in handles]
    ax, scale, ncols, new = _prepare(ax, bounds[1] - bounds[0], bounds[3] - bounds[2], legend)
    _draw_tie_lines(ax, strongest, paths, {frozenset(e) for e in cuts.edges})
    fontsize = _FONT * scale  # labels shrink with their boxes
    for node, data in G.nodes(data=True):
        is_spof = node in cuts.nodes
        department = data["type"] == "department"
        _box(
            ax,
            pos[node],
            (_TIE_W, box_h),
            labels[node],
            gid=f"node:{node}",
            facecolor=_LEAD if node == lead else _DEPARTMENT if department else _HELD,
            edgecolor=_SPOF if is_spof else _EDGE,
            linewidth=2.6 if is_spof else 1.0,
            rounded=not department,
            fontsize=fontsize,
        )

    title = f"{org.name}: ties of {org.roles[lead].title} (social lead)"
    _finish(ax, title, handles, scale, ncols, bounds, new)
    return ax


_Paths = dict[tuple[str, str], tuple[list[float], list[float], int]]


def _tie_layout(
    G: nx.Graph[str], layers: list[list[str]], box: tuple[float, float]
) -> tuple[dict[str, tuple[float, float]], _Paths, tuple[float, float, float, float]]:
    """Where each box goes (rings around the lead), the path of each tie, and the bounds."""
    half = (box[0] / 2, box[1] / 2)
    layout = _RingLayout(
        layers,
        list(G.edges()),
        (box[0] + _TIE_GAP_X, box[1] + _TIE_GAP_Y),
        half,
    )
    pos = {n: layout.xy(n) for n in G}
    paths = {
        (a, b): _detour(pos[a], pos[b], [pos[n] for n in G if n != a and n != b], half)
        for a, b in G.edges()
    }
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    curve_xs = [x for path, _, _ in paths.values() for x in path] or xs
    curve_ys = [y for _, path, _ in paths.values() for y in path] or ys
    pad = 0.15
    bounds = (
        min(min(xs) - half[0], min(curve_xs)) - pad,
        max(max(xs) + half[0], max(curve_xs)) + pad,
        min(min(ys) - half[1], min(curve_ys)) - pad,
        max(max(ys) + half[1], max(curve_ys)) + pad,
    )
    return pos, paths, bounds


def _tie_legend(kinds_seen: set[str], any_cut: bool) -> list[Artist]:
    """The legend: the boxes, each kind of tie drawn (strongest first), the cuts."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = [
        Patch(facecolor=_LEAD, edgecolor=_EDGE, label="Social lead"),
        Patch(facecolor=_HELD, edgecolor=_EDGE, label="Role"),
        Patch(facecolor=_DEPARTMENT, edgecolor=_EDGE, label="Department"),
    ]
    for kind in reversed(_STRENGTH):
        if kind in kinds_seen:
            color, width, style, text = _TIE_STYLES[kind]
            handles.append(
                Line2D([], [], color=color, linewidth=width, linestyle=style, label=text)
            )
    if any_cut:
        handles.append(
            Patch(
                facecolor="white", edgecolor=_SPOF, linewidth=2.6, label="Single point of failure"
            )
        )
        handles.append(Line2D([], [], color=_SPOF, linewidth=2.8, label="Single tie of failure"))
    return handles


def _draw_tie_lines(
    ax: Axes, strongest: dict[tuple[str, str], str], paths: _Paths, spof_edges: set[frozenset[str]]
) -> None:
    """Each tie in the style of its strongest kind; the single ties of failure in red."""
    for (a, b), kind in strongest.items():
        color, width, style, _ = _TIE_STYLES[kind]
        if frozenset((a, b)) in spof_edges:
            color, width = _SPOF, 2.8
        first, second = sorted((a, b))
        xs, ys, under = paths[a, b]
        (line,) = ax.plot(
            xs,
            ys,
            color=color,
            linewidth=width,
            linestyle=style,
            # A tie that cannot avoid a box is drawn across it, under its label, rather
            # than hidden under it, where it would seem to end at the box.
            zorder=3.5 if under else 2 if kind in ("link", "solid") else 1,
        )
        line.set_gid(f"tie:{first}--{second}")


def history(versions: Sequence[Version], *, ax: Axes | None = None) -> Axes:
    """Draw an organization file's findings over time, one line per severity.

    Parameters
    ----------
    versions : sequence of csmo_model.history.Version
        What :func:`csmo_model.history.history` returns (any order; drawn by
        date). Versions that could not be read are marked by a grey line.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on; each severity's line has the gid ``"history:<severity>"``.

    Raises
    ------
    ImportError
        If matplotlib is not installed (the ``plot`` extra).

    Examples
    --------
    >>> import csmo_model as cm
    >>> from csmo_model.history import Version
    >>> versions = [
    ...     Version(commit="a" * 40, date="2026-01-05T10:00:00+00:00", subject="first",
    ...             path="org.yaml", counts={"critical": 1, "warning": 3, "info": 2}),
    ...     Version(commit="b" * 40, date="2026-02-05T10:00:00+00:00", subject="fix",
    ...             path="org.yaml", counts={"critical": 0, "warning": 2, "info": 2}),
    ... ]
    >>> ax = cm.plot.history(versions)
    >>> (line,) = [line for line in ax.get_lines() if line.get_gid() == "history:warning"]
    >>> [int(y) for y in line.get_ydata()]
    [3, 2]
    """
    _require()
    import datetime

    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.5))
    ordered = sorted(versions, key=lambda v: v.date)
    valid = [v for v in ordered if not v.problems]

    def day(version: Version) -> float:
        moment = datetime.datetime.fromisoformat(version.date)
        return float(mdates.date2num(moment))  # type: ignore[no-untyped-call]

    dates = [day(v) for v in valid]
    for severity in Severity:
        ax.plot(
            dates,
            [v.counts.get(severity.value, 0) for v in valid],
            marker="o",
            color=_SEVERITY_COLORS[severity],
            label=severity.value,
            gid=f"history:{severity.value}",
        )
    for v in ordered:
        if v.problems:
            ax.axvline(
                day(v),
                color=_EXTERNAL,
                linestyle="--",
                gid=f"invalid:{v.short}",
            )
    ax.xaxis_date()
    ax.set_ylabel("findings")
    ax.set_ylim(bottom=0)
    ax.set_title("Findings over time", fontsize=_TITLE_FONT)
    ax.legend(fontsize=_FONT, loc="upper left")
    ax.figure.autofmt_xdate()
    return ax
