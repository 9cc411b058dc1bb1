"""The floor: what a plain Python + networkx user spends on the same file.

Parses the JSON with the standard library and builds the same three graphs
(ties, reporting lines, staffing) straight from the raw dictionaries, with no
csmo_model code at all. Prints one JSON line of timings (seconds).

Usage: python benchmarks/floor.py FILE.json
"""

import json
import sys
import time

import networkx as nx


def main(path: str) -> None:
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        doc = json.load(handle)
    t1 = time.perf_counter()

    ties = nx.Graph()
    ties.add_nodes_from(d["id"] for d in doc["departments"])
    ties.add_nodes_from(r["id"] for r in doc["roles"])
    ties.add_edges_from((d["id"], d["parent"]) for d in doc["departments"] if "parent" in d)
    for r in doc["roles"]:
        if "department" in r:
            ties.add_edge(r["id"], r["department"])
        if "reports_to" in r:
            ties.add_edge(r["id"], r["reports_to"])
        for t in r.get("dotted_to", ()):
            ties.add_edge(r["id"], t)
    ties.add_edges_from(tuple(link["between"]) for link in doc["links"])

    reporting = nx.DiGraph()
    reporting.add_nodes_from(r["id"] for r in doc["roles"])
    reporting.add_edges_from(
        (r["id"], r["reports_to"], {"kind": "solid"}) for r in doc["roles"] if "reports_to" in r
    )
    reporting.add_edges_from(
        (r["id"], t, {"kind": "dotted"}) for r in doc["roles"] for t in r.get("dotted_to", ())
    )

    staffing = nx.Graph()
    staffing.add_edges_from(
        (("person", p["id"]), ("role", h)) for p in doc["people"] for h in p.get("holds", ())
    )
    staffing.add_edges_from(
        (("role", r["id"]), ("responsibility", k), {"raci": v})
        for r in doc["roles"]
        for k, v in r.get("raci", {}).items()
    )
    t2 = time.perf_counter()
    print(
        json.dumps(
            {
                "parse": t1 - t0,
                "graphs": t2 - t1,
                "total": t2 - t0,
                "tie_edges": ties.number_of_edges(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
