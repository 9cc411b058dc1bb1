"""Resilience: jobs, people and ties that hang on one person or one link."""

from __future__ import annotations

import bisect
from collections.abc import Hashable, Iterator, Sequence
from typing import Any, cast

import attrs
import networkx as nx
from networkx.utils import not_implemented_for

from csmo_model.analysis._facts import facts
from csmo_model.model import Organization

__all__ = [
    "DEFAULT_TRUCK_FACTOR_THRESHOLD",
    "TieCuts",
    "person_spofs",
    "responsibility_spofs",
    "separations",
    "tie_cuts",
    "truck_factor",
]


def responsibility_spofs(org: Organization) -> Iterator[tuple[str, str]]:
    """Yield ``(responsibility, person)`` for each job held by exactly one person.

    Examples
    --------
    >>> import csmo_model as cm
    >>> list(responsibility_spofs(cm.examples.load("acme")))
    [('community', 'ana')]

    Notes
    -----
    $O(n + a)$: bus factor 1, counted from the assignment lists.
    """
    for resp, people in facts(org).holders.items():
        if len(people) == 1:
            yield resp, people[0]


def person_spofs(org: Organization) -> dict[str, tuple[str, ...]]:
    """Return the people whose departure leaves some job with nobody.

    Returns
    -------
    dict
        Person id -> the responsibilities only that person holds, for every
        person with at least one, in document order.

    Examples
    --------
    >>> import csmo_model as cm
    >>> person_spofs(cm.examples.load("acme"))
    {'ana': ('community',)}

    Notes
    -----
    $O(n + a)$. A person uncovers exactly the jobs they hold alone, so no
    "remove each person and recompute" loop is needed.
    """
    out: dict[str, list[str]] = {}
    for resp, person in responsibility_spofs(org):
        out.setdefault(person, []).append(resp)
    order = {p: i for i, p in enumerate(org.people)}
    return {p: tuple(out[p]) for p in sorted(out, key=order.__getitem__)}


DEFAULT_TRUCK_FACTOR_THRESHOLD = 0.5
"""The default share of work left undone that the truck factor counts departures to."""


def truck_factor(org: Organization, *, threshold: float = DEFAULT_TRUCK_FACTOR_THRESHOLD) -> int:
    """Estimate how many departures leave most of the work with nobody.

    The *truck factor* is the number of people who would have to leave before
    more than *threshold* of the responsibilities have no holder. It is
    estimated greedily, as Avelino et al. do for software projects: people
    leave in order of how many jobs they hold, most first.

    Parameters
    ----------
    org : Organization
    threshold : float
        Fraction of responsibilities that must be left uncovered (default 0.5).

    Returns
    -------
    int
        0 when more than *threshold* is already uncovered or there are no
        responsibilities.

    Raises
    ------
    ValueError
        If *threshold* is not in [0, 1).

    Examples
    --------
    In the Acme example one of two jobs is already undone; Ana's departure
    undoes the other:

    >>> import csmo_model as cm
    >>> truck_factor(cm.examples.load("acme"))
    1

    Notes
    -----
    $O(n \\log n + a)$. The greedy order gives an upper bound on the exact
    minimum, which is NP-hard to compute in general.

    References
    ----------
    .. [1] Avelino, G.; Passos, L.; Hora, A.; Valente, M. T. (2016). "A novel
       approach for estimating truck factors". ICPC 2016.
    """
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be in [0, 1), got {threshold!r}")
    held = facts(org).holders
    total = len(held)
    if total == 0:
        return 0
    remaining = {resp: len(people) for resp, people in held.items()}
    # Only holders matter: once they are all gone every job is undone, which is
    # more than any threshold below 1, so people without jobs are never reached.
    jobs: dict[str, list[str]] = {}
    for resp, people in held.items():
        for person in people:
            jobs.setdefault(person, []).append(resp)
    uncovered = sum(1 for n in remaining.values() if n == 0)
    in_order = [p for p in org.people if p in jobs]  # document order, for ties
    ranking = sorted(in_order, key=lambda p: -len(jobs[p]))  # stable: document order on ties
    removed = 0
    for person in ranking:
        if uncovered > threshold * total:
            break
        removed += 1
        for resp in jobs[person]:
            remaining[resp] -= 1
            uncovered += remaining[resp] == 0
    return removed


@not_implemented_for("directed")
@not_implemented_for("multigraph")
def separations(
    G: nx.Graph[Any], source: Hashable, *, backend: str | None = None, **backend_kwargs: Any
) -> Iterator[tuple[Hashable | tuple[Hashable, Hashable], list[Hashable]]]:
    """Yield each node and edge whose removal cuts nodes off from *source*.

    For every articulation point ``v`` (other than *source*) and every bridge
    ``(u, v)`` in the connected component of *source*, yields the element and
    the nodes that could no longer reach *source* without it, in depth-first
    preorder: first the nodes, then the edges, each in the order the search
    finishes them. Edges are yielded as ``(u, v)`` with ``u`` on the source's side.

    Parameters
    ----------
    G : NetworkX graph
        Undirected, without parallel edges.
    source : node
    backend : str, optional
        A networkx backend (e.g. a GPU or parallel one) to run the heavy part
        on. When given, the cuts come from
        ``networkx.biconnected_components(G, backend=backend, **backend_kwargs)``
        and a block-cut tree instead of our own depth-first search; the
        elements and the nodes they separate are the same, the order of the
        separated nodes may differ.
    **backend_kwargs
        Passed on to the backend.

    Examples
    --------
    >>> G = nx.Graph([("lead", "a"), ("a", "b"), ("a", "c"), ("b", "c"), ("c", "d")])
    >>> for element, cut in separations(G, "lead"):
    ...     print(element, cut)
    c ['d']
    a ['b', 'c', 'd']
    ('c', 'd') ['d']
    ('lead', 'a') ['a', 'b', 'c', 'd']

    See Also
    --------
    networkx.articulation_points, networkx.bridges

    Notes
    -----
    One iterative depth-first search (Hopcroft and Tarjan [1]_) finds the cut
    vertices, the bridges and what each separates from *source*: $O(n + m)$
    plus the size of the output.

    References
    ----------
    .. [1] Hopcroft, J.; Tarjan, R. (1973). "Efficient algorithms for graph
       manipulation". Communications of the ACM 16: 372-378.
    """
    order, node_cuts, edge_cuts = _cuts(G, source, backend, backend_kwargs)
    for element, ranges in node_cuts.items():
        yield element, [n for start, end in ranges for n in order[start:end]]
    for edge, (start, end) in edge_cuts.items():
        yield edge, order[start:end]


_Cuts = tuple[
    list[Hashable],
    dict[Hashable, list[tuple[int, int]]],
    dict[tuple[Hashable, Hashable], tuple[int, int]],
]


def _cuts(
    G: nx.Graph[Any], source: Hashable, backend: str | None, backend_kwargs: dict[str, Any]
) -> _Cuts:
    if backend is not None or backend_kwargs:
        return _separations_from_blocks(G, source, backend, backend_kwargs)
    nodes = list(G)
    number = {node: i for i, node in enumerate(nodes)}
    adjacency = [[number[w] for w in G[v]] for v in nodes]
    order, node_cuts, edge_cuts = _separations(adjacency, number[source])
    return (
        [nodes[i] for i in order],
        {nodes[v]: spans for v, spans in node_cuts.items()},
        {(nodes[u], nodes[v]): span for (u, v), span in edge_cuts.items()},
    )


def _separations_from_blocks(
    G: nx.Graph[Any], source: Hashable, backend: str | None, backend_kwargs: dict[str, Any]
) -> _Cuts:
    """The same result as :func:`_separations`, from networkx's biconnected components.

    The blocks of the source's component and their cut vertices form a tree
    (the block-cut tree); rooted at the source, the nodes below a cut vertex
    are what it separates, and a block of two nodes is a bridge. A preorder of
    that tree lists every subtree contiguously, so the result has the same
    shape as the depth-first search's.
    """
    component = G.subgraph(nx.node_connected_component(G, source))
    if backend is not None:
        backend_kwargs = {"backend": backend, **backend_kwargs}
    found: Iterator[Any] = nx.biconnected_components(component, **backend_kwargs)
    blocks: list[list[Hashable]] = [list(block) for block in found]
    member_of: dict[Hashable, list[int]] = {}
    for i, block in enumerate(blocks):
        for node in block:
            member_of.setdefault(node, []).append(i)
    order: list[Hashable] = []
    start: dict[Hashable, int] = {}
    node_cuts: dict[Hashable, list[tuple[int, int]]] = {}
    edge_cuts: dict[tuple[Hashable, Hashable], tuple[int, int]] = {}
    bridge_parent: dict[Hashable, Hashable] = {}
    seen_blocks: set[int] = set()
    stack: list[tuple[Hashable, bool]] = [(source, True)]
    while stack:
        node, entering = stack.pop()
        if not entering:
            end = len(order)
            if node != source and end > start[node] + 1:
                node_cuts[node] = [(start[node] + 1, end)]
            if node in bridge_parent:
                edge_cuts[(bridge_parent[node], node)] = (start[node], end)
            continue
        start[node] = len(order)
        order.append(node)
        stack.append((node, False))
        heads = []
        for b in member_of.get(node, ()):
            if b in seen_blocks:
                continue
            seen_blocks.add(b)
            bridge = len(blocks[b]) == 2
            for other in blocks[b]:
                if other == node:
                    continue
                if len(member_of[other]) == 1:  # in no other block: a leaf of the tree
                    start[other] = len(order)
                    order.append(other)
                    if bridge:
                        edge_cuts[(node, other)] = (start[other], start[other] + 1)
                else:  # a cut vertex heading its own subtree
                    heads.append(other)
                    if bridge:
                        bridge_parent[other] = node
        stack.extend((head, True) for head in reversed(heads))
    return order, node_cuts, edge_cuts


def _separations(
    adjacency: Sequence[Sequence[int]], source: int
) -> tuple[list[int], dict[int, list[tuple[int, int]]], dict[tuple[int, int], tuple[int, int]]]:
    """Depth-first search from *source*: preorder, and what each cut separates.

    Nodes are the integers ``0 .. len(adjacency) - 1``; a neighbour may be
    listed more than once (it is one edge). Returns the preorder list and, for
    each articulation point and bridge, the preorder ranges ``[start, end)``
    of the subtrees it cuts off from *source*. Elements appear in the order
    the search finishes them. Integers and lists rather than a dictionary per
    node keep the search's memory compact, which is what sets its speed at a
    million nodes.
    """
    disc = [-1] * len(adjacency)
    low = [-1] * len(adjacency)
    disc[source] = low[source] = 0
    order = [source]
    node_cuts: dict[int, list[tuple[int, int]]] = {}
    edge_cuts: dict[tuple[int, int], tuple[int, int]] = {}
    stack: list[tuple[int, int, Iterator[int]]] = [(source, -1, iter(adjacency[source]))]
    while stack:
        v, parent, neighbours = stack[-1]
        for w in neighbours:
            seen = disc[w]
            if seen < 0:
                disc[w] = low[w] = len(order)
                order.append(w)
                stack.append((w, v, iter(adjacency[w])))
                break
            if w != parent and seen < low[v]:
                low[v] = seen
        else:
            stack.pop()
            if parent < 0:
                continue
            reach = low[v]
            if reach < low[parent]:
                low[parent] = reach
            above = disc[parent]
            if reach >= above:
                span = (disc[v], len(order))
                if reach > above:
                    edge_cuts[(parent, v)] = span
                if parent != source:
                    node_cuts.setdefault(parent, []).append(span)
    return order, node_cuts, edge_cuts


@attrs.frozen
class TieCuts:
    """Single points of failure in the social lead's ties.

    Attributes:
        nodes: Role or department id -> the departments its removal cuts off
            from the social lead.
        edges: Tie ``(a, b)`` -> the departments its removal cuts off.
    """

    nodes: dict[str, tuple[str, ...]]
    edges: dict[tuple[str, str], tuple[str, ...]]


def tie_cuts(org: Organization, *, backend: str | None = None, **backend_kwargs: Any) -> TieCuts:
    """Find the roles, departments and ties the social lead's reach hangs on.

    A role or department is a single point of failure for ties when removing
    it from the tie graph (see :func:`csmo_model.graph.tie_graph`) cuts the
    social lead off from a department that keeps at least one other role. A
    department that only empties out is a staffing matter, not a tie. The
    same holds for a single tie (an edge), where "other" means a role that is
    not one of the tie's two ends.

    Parameters
    ----------
    org : Organization
    backend : str, optional
        A networkx backend for the biconnected components (see
        :func:`separations`); the findings are the same.
    **backend_kwargs
        Passed on to the backend.

    Raises
    ------
    ValueError
        If the organization names no ``social_lead``.

    Examples
    --------
    >>> import csmo_model as cm
    >>> org = cm.Organization.from_parts(
    ...     name="Chain",
    ...     departments=[cm.Department(id="support", name="Support")],
    ...     roles=[cm.Role(id="lead", title="Social lead"),
    ...            cm.Role(id="liaison", title="Liaison", reports_to="lead"),
    ...            cm.Role(id="agent", title="Agent", department="support")],
    ...     links=[cm.Link(between=("liaison", "support"))],
    ...     social_lead="lead")
    >>> cuts = tie_cuts(org)
    >>> cuts.nodes
    {'liaison': ('support',)}
    >>> cuts.edges
    {('liaison', 'support'): ('support',), ('lead', 'liaison'): ('support',)}

    Notes
    -----
    One depth-first search from the lead over the numbered ties (the search
    of :func:`separations`): $O(n + m)$ plus the size of the output, never a
    removal loop.
    """
    if org.social_lead is None:
        raise ValueError("the organization names no social_lead")
    f = facts(org)
    ties = f.tie_index(org)
    number = ties.index
    if backend is None and not backend_kwargs:
        order, node_cuts, edge_cuts = _separations(ties.adjacency, number[org.social_lead])
    else:
        routed = _separations_from_blocks(
            f.tie_graph(org), org.social_lead, backend, backend_kwargs
        )
        key = cast(dict[Hashable, int], number)  # the tie graph's nodes are these ids
        order = [key[n] for n in routed[0]]
        node_cuts = {key[n]: spans for n, spans in routed[1].items()}
        edge_cuts = {(key[u], key[v]): span for (u, v), span in routed[2].items()}
    names, members = ties.names, f.department_roles
    # Only departments with roles can be cut off (an empty one has no role left to
    # reach), so only they are looked at: on a deep chain of empty departments the
    # work stays proportional to the findings, not to the chain times its length.
    dept_positions = [
        i for i, n in enumerate(order) if n < ties.n_departments and members[names[n]]
    ]

    def cut_off(ranges: list[tuple[int, int]], removed: tuple[str, ...]) -> tuple[str, ...]:
        found = []
        for start, end in ranges:
            lo = bisect.bisect_left(dept_positions, start)
            hi = bisect.bisect_left(dept_positions, end)
            for i in dept_positions[lo:hi]:
                dept = order[i]
                if any(r not in removed for r in members[names[dept]]):
                    found.append(dept)
        return tuple(names[d] for d in sorted(found))

    nodes = {}
    for node, ranges in node_cuts.items():
        depts = cut_off(ranges, (names[node],))
        if depts:
            nodes[names[node]] = depts
    edges = {}
    for (u, v), span in edge_cuts.items():
        depts = cut_off([span], (names[u], names[v]))
        if depts:
            edges[(names[u], names[v])] = depts
    return TieCuts(nodes=nodes, edges=edges)
