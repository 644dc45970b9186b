"""Reading and writing graph files, with Oxigraph as the fast engine underneath.

rdflib's own Turtle writer and SPARQL engine are the bottleneck long before extraction is
(../shared/notes/measured.md: 42 s against 1 s to serialise a million triples), so files are
written and queried through pyoxigraph while the code builds graphs with the rdflib API.
Turtle is written from sorted triples, so the same graph gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.atomic import write_atomic
from kg.errors import GraphError
from kg.vocab import PREFIXES

FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
SUFFIX_FORMAT = {".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".trig": "trig",
                 ".jsonld": "jsonld", ".rdf": "rdfxml", ".xml": "rdfxml", ".owl": "rdfxml"}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


def sorted_triples(graph: Graph) -> list[ox.Triple]:
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    triples.sort(key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    return triples


def serialize(graph: Graph, fmt: str = "turtle") -> bytes:
    """Deterministic bytes of a graph in one of ``FORMATS`` (quads: see kg.export)."""
    data = ox.serialize(sorted_triples(graph), format=FORMATS[fmt], prefixes=dict(PREFIXES))
    return data if data is not None else b""


def write_graph(graph: Graph, path: Path) -> int:
    data = serialize(graph, "turtle")
    write_atomic(path, data)
    return len(data)


def open_store(path: Path) -> ox.Store:
    """An in-memory Oxigraph store loaded from a graph file, with a clear error if it is not one."""
    if not path.exists():
        raise GraphError(f"graph not found: {path}; run `kg build` first or pass --graph")
    fmt = SUFFIX_FORMAT.get(path.suffix.lower(), "turtle")
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=FORMATS[fmt])
    except (SyntaxError, ValueError, OSError) as exc:
        raise GraphError(f"{path}: not a valid {fmt} graph: {exc}") from None
    return store


def load_graph(path: Path) -> Graph:
    """The rdflib Graph of a graph file (read by Oxigraph, which parses much faster)."""
    store = open_store(path)
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    for quad in store:
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return graph
