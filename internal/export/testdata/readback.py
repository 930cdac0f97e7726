"""Read iograph exports back the way analysts do, with networkx and igraph.

Run by internal/export's TestReadBack (go test) with the Python of
scripts/pydeps. Standard input is a JSON list of {"case", "format", "path"}
(format: gexf, graphml or csv, the last a zip of nodes.csv and edges.csv);
standard output is a JSON list with one entry per file and reader:

    {"case", "format", "reader", "error": null or "Type: message",
     "directed": bool, "multigraph": bool,
     "nodes": [{"id", "attrs": {...}}],
     "edges": [{"source", "target", "attrs": {...}}]}

Attributes are reported as each library gives them (names and Python
types), NaN as null: the Go test decides what they must equal. The script
only reads; it checks nothing itself, so that a reader's refusal is reported
as data ("error") rather than as a crash.

igraph has no GEXF reader (Graph.Read supports GraphML, GML, Pajek, edge
lists and others), so GEXF is read by networkx only.
"""

import csv
import io
import json
import math
import sys
import zipfile

import igraph
import networkx as nx


def clean(value):
    """JSON-safe value: NaN (igraph's missing number) becomes null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def clean_attrs(attrs):
    return {str(k): clean(v) for k, v in attrs.items()}


def from_networkx(g):
    if g.is_multigraph():
        edges = g.edges(keys=True, data=True)
        edge_list = [{"source": u, "target": v, "attrs": clean_attrs(d)} for u, v, _, d in edges]
    else:
        edge_list = [{"source": u, "target": v, "attrs": clean_attrs(d)} for u, v, d in g.edges(data=True)]
    return {
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "nodes": [{"id": n, "attrs": clean_attrs(d)} for n, d in g.nodes(data=True)],
        "edges": edge_list,
    }


def from_igraph(g, id_attr):
    """igraph numbers its vertices; id_attr is the vertex attribute that
    holds the file's node id ("id" from GraphML, the name column for lists)."""
    ids = g.vs[id_attr] if g.vcount() else []
    return {
        "directed": g.is_directed(),
        "multigraph": any(g.is_multiple()),
        "nodes": [{"id": ids[v.index], "attrs": clean_attrs(v.attributes())} for v in g.vs],
        "edges": [
            {"source": ids[e.source], "target": ids[e.target], "attrs": clean_attrs(e.attributes())}
            for e in g.es
        ],
    }


def read_csv_zip(path):
    """nodes.csv and edges.csv as lists of dicts, read with the csv module."""
    with zipfile.ZipFile(path) as z:
        def rows(name):
            with z.open(name) as f:
                return list(csv.DictReader(io.TextIOWrapper(f, encoding="utf-8", newline="")))
        return rows("nodes.csv"), rows("edges.csv")


def csv_directed(edges):
    """The Type column decides, as it does for Gephi's spreadsheet import;
    networkx and igraph hold no mixed graphs."""
    types = {e["Type"] for e in edges}
    if len(types) > 1:
        raise ValueError(f"edges.csv mixes edge types {sorted(types)}: networkx and igraph hold no mixed graphs")
    return types != {"Undirected"}


def networkx_csv(path):
    nodes, edges = read_csv_zip(path)
    g = nx.DiGraph() if csv_directed(edges) else nx.Graph()
    for row in nodes:
        g.add_node(row["Id"], **row)
    for row in edges:
        g.add_edge(row["Source"], row["Target"], **row)
    return from_networkx(g)


def igraph_csv(path):
    nodes, edges = read_csv_zip(path)
    g = igraph.Graph.DictList(nodes, edges, directed=csv_directed(edges),
                              vertex_name_attr="Id", edge_foreign_keys=("Source", "Target"))
    return from_igraph(g, "Id")


READERS = {
    "gexf": [("networkx.read_gexf", lambda p: from_networkx(nx.read_gexf(p)))],
    "graphml": [
        ("networkx.read_graphml", lambda p: from_networkx(nx.read_graphml(p))),
        ("igraph.Graph.Read_GraphML", lambda p: from_igraph(igraph.Graph.Read_GraphML(p), "id")),
    ],
    "csv": [("networkx+csv", networkx_csv), ("igraph.Graph.DictList+csv", igraph_csv)],
}


def main():
    out = []
    for item in json.load(sys.stdin):
        for name, read in READERS[item["format"]]:
            entry = {"case": item["case"], "format": item["format"], "reader": name, "error": None}
            try:
                entry.update(read(item["path"]))
            except Exception as err:  # a refusal is a result, reported to the Go test
                entry["error"] = f"{type(err).__name__}: {err}"
            out.append(entry)
    json.dump({"versions": {"networkx": nx.__version__, "igraph": igraph.__version__}, "results": out},
              sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
