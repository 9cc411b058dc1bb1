"""Graph files and diagrams: GraphML, GEXF, Mermaid, Graphviz DOT and the Markdown audit.

Every function takes the organization and an optional *path*. Without a path
it returns the text; with one it writes the file atomically (UTF-8) and
returns ``None``, as :meth:`pandas.DataFrame.to_csv` does.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from typing import Literal, overload

import networkx as nx

from csmo_model import graph
from csmo_model.audit import audit
from csmo_model.io import write_atomic
from csmo_model.model import Department, LinkKind, Organization, Role, is_external
from csmo_model.report import Report

__all__ = [
    "GraphView",
    "export_graph",
    "to_dot",
    "to_gexf",
    "to_graphml",
    "to_markdown",
    "to_mermaid",
]


def __dir__() -> list[str]:
    return __all__


GraphView = Literal["ties", "reporting", "staffing"]
"""Which :mod:`csmo_model.graph` view a graph file holds."""

_Path = str | os.PathLike[str]


def _emit(text: str, path: _Path | None) -> str | None:
    if path is None:
        return text
    write_atomic(path, text)
    return None


# -- GraphML and GEXF ---------------------------------------------------------


def export_graph(org: Organization, view: GraphView = "ties") -> nx.Graph[str]:
    """Return the graph :func:`to_graphml` and :func:`to_gexf` write.

    It is the chosen view of :mod:`csmo_model.graph` made fit for graph files:
    attributes that are ``None`` are left out (neither format can store a
    null), every node gets a ``label`` (title or name) that Gephi shows, and
    the staffing view's ``(type, id)`` node keys become ``"type:id"`` strings
    (``:`` cannot occur in an id, so they stay unique), with the id in the
    attribute ``csmo_id`` (GEXF reserves ``id``).

    Raises
    ------
    ValueError
        For a view other than ``ties``, ``reporting`` or ``staffing``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> G = export_graph(cm.examples.load("acme"), "reporting")
    >>> G.nodes["cmo"]
    {'title': 'Chief Marketing Officer', 'acronym': 'CMO', 'department': 'marketing', 'external': False, 'vacant': True, 'label': 'Chief Marketing Officer'}
    >>> "acronym" in G.nodes["ceo"]
    False
    >>> sorted(export_graph(cm.examples.load("acme"), "staffing"))[:2]
    ['person:ana', 'person:bo']
    """  # noqa: E501 - a doctest output line
    G: nx.Graph[str]
    if view == "ties":
        G = graph.tie_graph(org, channels=True)
        labels = {n: str(d["name"]) for n, d in G.nodes(data=True)}
    elif view == "reporting":
        G = graph.reporting_graph(org)
        labels = {n: str(d["title"]) for n, d in G.nodes(data=True)}
    elif view == "staffing":
        staffing = graph.staffing_graph(org)
        names = {
            "person": {p.id: p.name for p in org.people.values()},
            "role": {r.id: r.title for r in org.roles.values()},
            "responsibility": {r.id: r.name for r in org.responsibilities.values()},
        }
        G = nx.Graph(**staffing.graph)
        # GEXF takes a node's "id" attribute for its node id, so the id goes under another name.
        G.add_nodes_from(
            (f"{k}:{i}", {"type": k, "csmo_id": i}) for k, i in staffing.nodes(data=False)
        )
        G.add_edges_from(
            (f"{a[0]}:{a[1]}", f"{b[0]}:{b[1]}", data) for a, b, data in staffing.edges(data=True)
        )
        labels = {f"{kind}:{ident}": names[kind][ident] for kind, ident in staffing}
    else:
        raise ValueError(f"unknown view {view!r}; use 'ties', 'reporting' or 'staffing'")
    for node, data in G.nodes(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
        data["label"] = labels[node]
    for _, _, data in G.edges(data=True):
        for key in [k for k, v in data.items() if v is None]:
            del data[key]
    return G


@overload
def to_graphml(org: Organization, path: None = None, *, view: GraphView = "ties") -> str: ...
@overload
def to_graphml(org: Organization, path: _Path, *, view: GraphView = "ties") -> None: ...
def to_graphml(
    org: Organization, path: _Path | None = None, *, view: GraphView = "ties"
) -> str | None:
    """Write a graph view of *org* as GraphML, for Gephi, yEd or Cytoscape.

    Parameters
    ----------
    org : Organization
    path : str or path-like, optional
        Where to write; without it the text is returned.
    view : {"ties", "reporting", "staffing"}
        The view of :mod:`csmo_model.graph` to write: every tie between roles
        and departments (default), the reporting lines, or who holds what.
        Attributes are those of the view (see :func:`export_graph`).

    Returns
    -------
    str or None
        The GraphML text, or ``None`` when it was written to *path*.

    Examples
    --------
    >>> import io, networkx as nx, csmo_model as cm
    >>> text = to_graphml(cm.examples.load("acme"), view="reporting")
    >>> G = nx.read_graphml(io.BytesIO(text.encode()))
    >>> sorted(G.edges(data="kind"))
    [('cmo', 'ceo', 'solid'), ('social-lead', 'ceo', 'dotted'), ('social-lead', 'cmo', 'solid')]

    See Also
    --------
    to_gexf, csmo_model.graph.tie_graph
    """
    text = "\n".join(nx.generate_graphml(export_graph(org, view))) + "\n"
    return _emit(text, path)


@overload
def to_gexf(org: Organization, path: None = None, *, view: GraphView = "ties") -> str: ...
@overload
def to_gexf(org: Organization, path: _Path, *, view: GraphView = "ties") -> None: ...
def to_gexf(
    org: Organization, path: _Path | None = None, *, view: GraphView = "ties"
) -> str | None:
    """Write a graph view of *org* as GEXF 1.2, Gephi's own format.

    Parameters are those of :func:`to_graphml`. Node labels are titles and
    names, so Gephi shows them as they are.

    Examples
    --------
    >>> import io, networkx as nx, csmo_model as cm
    >>> G = nx.read_gexf(io.BytesIO(to_gexf(cm.examples.load("acme")).encode()))
    >>> G.nodes["support"]["label"], G.edges["social-lead", "support"]["kinds"]
    ('Customer Support', 'link')
    """
    text = "\n".join(nx.generate_gexf(export_graph(org, view))) + "\n"
    return _emit(text, path)


# -- Shared by the diagrams ---------------------------------------------------


def _holders(org: Organization) -> dict[str, list[str]]:
    """The names of the people holding each role."""
    people = org.people
    return {r: [people[p].name for p in ids] for r, ids in graph.role_holders(org).items()}


def _role_lines(role: Role, holders: list[str]) -> tuple[str, str]:
    title = f"{role.title} ({role.acronym})" if role.acronym else role.title
    return title, ", ".join(holders) if holders else "(vacant)"


def _children(
    org: Organization,
) -> tuple[dict[str | None, list[Department]], dict[str, list[Role]]]:
    """Departments by parent (``None``: top level) and roles by department."""
    departments: dict[str | None, list[Department]] = {}
    for dept in org.departments.values():
        departments.setdefault(dept.parent, []).append(dept)
    roles: dict[str, list[Role]] = {}
    for role in org.roles.values():
        roles.setdefault(role.department or "", []).append(role)
    return departments, roles


def _lines_of_authority(org: Organization) -> Iterator[tuple[str, str, str]]:
    """Yield ``(manager, report, kind)``: solid lines, then dotted ones, in role order.

    A dotted line that repeats the solid line is left out, as in
    :func:`csmo_model.graph.reporting_graph`.
    """
    for role in org.roles.values():
        if role.reports_to is not None:
            yield role.reports_to, role.id, "solid"
    for role in org.roles.values():
        for target in role.dotted_to:
            if target != role.reports_to:
                yield target, role.id, "dotted"


# -- Mermaid ------------------------------------------------------------------

_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
}
_MERMAID_SPECIAL = re.compile(r'[#"&<>`]')
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def _mermaid_text(text: str) -> str:
    """Escape text for a double-quoted Mermaid label (entity codes, one line)."""
    text = _MERMAID_SPECIAL.sub(lambda m: _MERMAID_ENTITIES[m.group()], text)
    return " ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def _mermaid_ids(org: Organization) -> dict[str, str]:
    """Mermaid node ids: ``r_`` (roles) or ``d_`` (departments) plus the ASCII of the id.

    Runs of other characters become ``_``. Ids that would then collide (such
    as ``a-b`` and ``a.b``, or ids in non-Latin scripts) get an injective
    form instead: ``rx_``/``dx_`` and every character outside ``A-Za-z0-9`` as
    ``_<hex>_``. The prefixes keep node ids clear of Mermaid's keywords
    (``end``, ``graph``...) and of the ``o``/``x`` edge endings.
    """
    out: dict[str, str] = {}
    for prefix, ids in (("r", list(org.roles)), ("d", list(org.departments))):
        readable = {i: f"{prefix}_{_NOT_ALNUM.sub('_', i)}" for i in ids}
        counts: dict[str, int] = {}
        for name in readable.values():
            counts[name] = counts.get(name, 0) + 1
        for i in ids:
            if counts[readable[i]] == 1:
                out[i] = readable[i]
            else:
                coded = "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in i)
                out[i] = f"{prefix}x_{coded}"
    return out


@overload
def to_mermaid(org: Organization, path: None = None) -> str: ...
@overload
def to_mermaid(org: Organization, path: _Path) -> None: ...
def to_mermaid(org: Organization, path: _Path | None = None) -> str | None:
    """Draw *org* as a Mermaid flowchart, which GitHub, GitLab and Jupyter render.

    Departments are subgraphs, nested as the departments are; each role is a
    box with its title (and acronym) over its holders' names, or
    ``(vacant)``. Managers are drawn above their reports: a solid reporting
    line is ``-->``, a dotted one ``-.->`` and a cross-functional link
    ``---`` (labelled with its kind unless it is a collaboration). Vacant
    roles are dashed, external ones filled and the social lead's box is bold.

    Parameters
    ----------
    org : Organization
    path : str or path-like, optional
        Where to write (``.mmd``); without it the text is returned.

    Returns
    -------
    str or None
        The Mermaid text, or ``None`` when it was written to *path*.

    Examples
    --------
    >>> import csmo_model as cm
    >>> print(to_mermaid(cm.examples.load("acme")))
    ---
    title: "Acme Outdoor"
    ---
    flowchart TD
        subgraph d_exec["Executive Office"]
            r_ceo["Chief Executive Officer<br/>Bo Chen"]
            subgraph d_marketing["Marketing"]
                r_cmo["Chief Marketing Officer (CMO)<br/>(vacant)"]
                r_social_lead["Social Media Manager<br/>Ana Ruiz"]
            end
        end
        subgraph d_support["Customer Support"]
        end
        r_ceo --> r_cmo
        r_cmo --> r_social_lead
        r_ceo -.-> r_social_lead
        r_social_lead --- d_support
        classDef vacant stroke-dasharray: 5 5
        classDef lead stroke-width:3px
        class r_cmo vacant
        class r_social_lead lead
    <BLANKLINE>

    Notes
    -----
    Node ids are derived from the csmo ids (see the private ``_mermaid_ids``)
    and never contain anything but ASCII letters, digits and ``_``; all text
    is inside double quotes with ``# " & < > ``` written as Mermaid entity codes.
    """
    ids = _mermaid_ids(org)
    holders = _holders(org)
    departments, roles_in = _children(org)
    out = ["---", f"title: {json.dumps(org.name, ensure_ascii=False)}", "---", "flowchart TD"]

    def role_node(role: Role, indent: str) -> None:
        title, who = _role_lines(role, holders[role.id])
        out.append(f'{indent}{ids[role.id]}["{_mermaid_text(title)}<br/>{_mermaid_text(who)}"]')

    def subgraph(dept: Department, indent: str) -> None:
        out.append(f'{indent}subgraph {ids[dept.id]}["{_mermaid_text(dept.name)}"]')
        for role in roles_in.get(dept.id, []):
            role_node(role, indent + "    ")
        for child in departments.get(dept.id, []):
            subgraph(child, indent + "    ")
        out.append(f"{indent}end")

    for dept in departments.get(None, []):
        subgraph(dept, "    ")
    for role in roles_in.get("", []):
        role_node(role, "    ")
    arrows = {"solid": "-->", "dotted": "-.->"}
    for manager, report, kind in _lines_of_authority(org):
        out.append(f"    {ids[manager]} {arrows[kind]} {ids[report]}")
    for link in org.links:
        a, b = link.between
        label = "" if link.kind is LinkKind.COLLABORATION else f'|"{link.kind.value}"|'
        out.append(f"    {ids[a]} ---{label} {ids[b]}")
    classes = _classes(org, holders)
    styles = {
        "vacant": "stroke-dasharray: 5 5",
        "external": "fill:#fff4d6",
        "lead": "stroke-width:3px",
    }
    out += [f"    classDef {name} {styles[name]}" for name in classes]
    out += [
        f"    class {','.join(ids[r] for r in members)} {name}" for name, members in classes.items()
    ]
    return _emit("\n".join(out) + "\n", path)


def _classes(org: Organization, holders: dict[str, list[str]]) -> dict[str, list[str]]:
    """Role ids per style class, leaving out classes nobody has."""
    classes = {
        "vacant": [r for r in org.roles if not holders[r]],
        "external": [r.id for r in org.roles.values() if is_external(org, r)],
        "lead": [org.social_lead] if org.social_lead is not None else [],
    }
    return {name: members for name, members in classes.items() if members}


# -- Graphviz DOT -------------------------------------------------------------


def _dot_quote(text: str) -> str:
    r"""Quote *text* as a DOT string; backslashes are doubled so labels show them as written.

    Line breaks become ``\n``, Graphviz's centred line break in labels.
    """
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return f'"{text}"'


def _dot_attrs(attrs: dict[str, str]) -> str:
    if not attrs:
        return ""
    return " [" + ", ".join(f"{k}={v}" for k, v in attrs.items()) + "]"


@overload
def to_dot(org: Organization, path: None = None) -> str: ...
@overload
def to_dot(org: Organization, path: _Path) -> None: ...
def to_dot(org: Organization, path: _Path | None = None) -> str | None:
    """Draw *org* as Graphviz DOT text (``dot -Tsvg`` renders it; no binary is needed here).

    The picture matches :func:`to_mermaid`: departments are nested clusters,
    roles boxes with title and holders, managers above their reports, dotted
    lines dashed, links undirected and grey, vacant roles dashed, external
    roles filled, the social lead bold. Every id and label is a quoted DOT
    string, so ids in any script and any title are safe. Each department has
    an invisible anchor node (named by its id) that links to it attach to.

    Parameters
    ----------
    org : Organization
    path : str or path-like, optional
        Where to write (``.dot``/``.gv``); without it the text is returned.

    Returns
    -------
    str or None
        The DOT text, or ``None`` when it was written to *path*.

    Examples
    --------
    >>> import csmo_model as cm
    >>> print(to_dot(cm.examples.load("acme")))
    digraph "Acme Outdoor" {
        graph [compound=true, label="Acme Outdoor", labelloc=t];
        node [shape=box, style=rounded];
        subgraph "cluster_exec" {
            label="Executive Office";
            "exec" [shape=point, style=invis];
            "ceo" [label="Chief Executive Officer\\nBo Chen"];
            subgraph "cluster_marketing" {
                label="Marketing";
                "marketing" [shape=point, style=invis];
                "cmo" [label="Chief Marketing Officer (CMO)\\n(vacant)", style="rounded,dashed"];
                "social-lead" [label="Social Media Manager\\nAna Ruiz", penwidth=3];
            }
        }
        subgraph "cluster_support" {
            label="Customer Support";
            "support" [shape=point, style=invis];
        }
        "ceo" -> "cmo";
        "cmo" -> "social-lead";
        "ceo" -> "social-lead" [style=dashed];
        "social-lead" -> "support" [dir=none, color=gray50, lhead="cluster_support"];
    }
    <BLANKLINE>
    """
    holders = _holders(org)
    departments, roles_in = _children(org)
    q = _dot_quote
    out = [
        f"digraph {q(org.name)} {{",
        f"    graph [compound=true, label={q(org.name)}, labelloc=t];",
        "    node [shape=box, style=rounded];",
    ]

    def role_node(role: Role, indent: str) -> None:
        title, who = _role_lines(role, holders[role.id])
        attrs = {"label": q(f"{title}\n{who}")}
        outside = is_external(org, role)
        style = ["rounded"] + ["dashed"] * (not holders[role.id]) + ["filled"] * outside
        if len(style) > 1:
            attrs["style"] = q(",".join(style))
        if outside:
            attrs["fillcolor"] = q("#fff4d6")
        if role.id == org.social_lead:
            attrs["penwidth"] = "3"
        out.append(f"{indent}{q(role.id)}{_dot_attrs(attrs)};")

    def cluster(dept: Department, indent: str) -> None:
        inner = indent + "    "
        out.append(f"{indent}subgraph {q('cluster_' + dept.id)} {{")
        out.append(f"{inner}label={q(dept.name)};")
        out.append(f"{inner}{q(dept.id)} [shape=point, style=invis];")
        for role in roles_in.get(dept.id, []):
            role_node(role, inner)
        for child in departments.get(dept.id, []):
            cluster(child, inner)
        out.append(f"{indent}}}")

    for dept in departments.get(None, []):
        cluster(dept, "    ")
    for role in roles_in.get("", []):
        role_node(role, "    ")
    for manager, report, kind in _lines_of_authority(org):
        style = {"style": "dashed"} if kind == "dotted" else {}
        out.append(f"    {q(manager)} -> {q(report)}{_dot_attrs(style)};")
    inside = _inside(org)
    for link in org.links:
        a, b = link.between
        attrs = {"dir": "none", "color": "gray50"}
        if link.kind is not LinkKind.COLLABORATION:
            attrs["label"] = q(link.kind.value)
        # Clip the edge at a department's cluster, unless the other end is inside it.
        if a in org.departments and a not in inside[b]:
            attrs["ltail"] = q("cluster_" + a)
        if b in org.departments and b not in inside[a]:
            attrs["lhead"] = q("cluster_" + b)
        out.append(f"    {q(a)} -> {q(b)}{_dot_attrs(attrs)};")
    out.append("}")
    return _emit("\n".join(out) + "\n", path)


def _inside(org: Organization) -> dict[str, set[str]]:
    """For each role and department id, the departments whose cluster contains it."""
    inside = {d.id: set(graph.department_chain(org, d.parent)) for d in org.departments.values()}
    inside.update(
        {r.id: set(graph.department_chain(org, r.department)) for r in org.roles.values()}
    )
    return inside


# -- Markdown -----------------------------------------------------------------


@overload
def to_markdown(org: Organization, path: None = None, *, report: Report | None = None) -> str: ...
@overload
def to_markdown(org: Organization, path: _Path, *, report: Report | None = None) -> None: ...
def to_markdown(
    org: Organization, path: _Path | None = None, *, report: Report | None = None
) -> str | None:
    """Write the audit of *org* as Markdown, for a wiki page or an issue.

    Parameters
    ----------
    org : Organization
    path : str or path-like, optional
        Where to write (``.md``); without it the text is returned.
    report : Report, optional
        An audit already run (for instance with other thresholds); by default
        :func:`csmo_model.audit` is run with its defaults.

    Returns
    -------
    str or None
        :meth:`csmo_model.Report.to_markdown` of the audit, or ``None`` when
        it was written to *path*.

    Examples
    --------
    >>> import csmo_model as cm
    >>> print(to_markdown(cm.examples.load("acme")).splitlines()[0])
    # Audit of Acme Outdoor
    """
    return _emit((report if report is not None else audit(org)).to_markdown(), path)
