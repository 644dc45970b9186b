"""Export a graph in other RDF formats; quad formats put each document's facts in its own graph.

In TriG and N-Quads a fact's direct triple, its evidence statement and its claim or
estimate node go in the named graph of the document that reported it (a fact from two
documents is in both); entities and documents stay in the default graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import KabarError
from kg.store import FORMATS, load_graph, serialize, to_ox
from kg.vocab import KG, PREFIXES, PROV

QUAD_FORMATS = {"trig", "nquads"}


def export_graph(path: Path, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise KabarError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    graph = load_graph(path)
    if fmt not in QUAD_FORMATS:
        return serialize(graph, fmt)
    return serialize_quads(graph, fmt)


def serialize_quads(graph: Graph, fmt: str) -> bytes:
    placed: set[tuple] = set()
    quads: list[ox.Quad] = []
    for statement in graph.subjects(RDF.type, RDF.Statement):
        doc = graph.value(statement, PROV.wasDerivedFrom)
        if doc is None:
            continue
        name = to_ox(doc)
        s, p, o = (graph.value(statement, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        triples = [
            (s, p, o),
            *graph.triples((statement, None, None)),
            *graph.triples((o, None, None)),
        ]
        for triple in triples:
            placed.add(triple)
            quads.append(ox.Quad(*(to_ox(t) for t in triple), name))
    for triple in graph:
        if triple not in placed or triple[1] == KG.represents:
            quads.append(ox.Quad(*(to_ox(t) for t in triple), ox.DefaultGraph()))
    unique = {
        (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)): q for q in quads
    }
    ordered = [unique[k] for k in sorted(unique)]
    data = ox.serialize(ordered, format=FORMATS[fmt], prefixes=dict(PREFIXES))
    return data or b""
