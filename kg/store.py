"""Reading and writing graph files, with Oxigraph as the fast engine underneath.

rdflib's own Turtle writer and SPARQL engine are the bottleneck long before extraction is
(../shared/notes/measured.md: 42 s against 1 s to serialise a million triples), so files are
written and queried through pyoxigraph while the code builds graphs with the rdflib API.
Turtle is written from sorted triples, so the same graph gives the same bytes.

A large build never holds its graph: each batch of documents becomes a *shard*, a sorted
N-Quads file (one named graph per document), and ``merge_shards`` streams the k-way merge of
the shards, without duplicates, into the Turtle writer. A triple's N-Triples form sorts like
the (subject, predicate, object) strings that ``sorted_triples`` sorts by, so the streamed
file has the same bytes as ``serialize`` of the whole graph.

``kg query`` on a big graph would spend its time parsing Turtle, so a build can also leave an
on-disk Oxigraph store beside the file (``graph.oxigraph/`` next to ``graph.ttl``), stamped
with the size and modification time of the Turtle it was loaded from; ``open_store`` uses it
only while that stamp still matches.
"""

from __future__ import annotations

import heapq
import os
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.atomic import atomic_writer, write_atomic
from kg.errors import GraphError, OutputError
from kg.vocab import KG, PREFIXES

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
    """An Oxigraph store of a graph file, with a clear error if it is not one.

    The on-disk store a build left beside the file is opened read-only when it is current
    (see ``persisted_store``); otherwise the file is loaded into memory.
    """
    if not path.exists():
        raise GraphError(f"graph not found: {path}; run `kg build` first or pass --graph")
    folder = persisted_store(path)
    if folder is not None:
        try:
            return ox.Store.read_only(str(folder))
        except OSError:
            pass  # unreadable or locked: the file is the source of truth
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


# -- shards and the streaming merge --------------------------------------------------------

#: Lines handed to Oxigraph's parser at a time while merging.
_BATCH = 20_000
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = f"<{_RDF}type>".encode()
_PREDICATE = f"<{_RDF}predicate>".encode()
_ENTITY_CLASSES = {f"<{KG[name]}>".encode(): name for name in ("State", "Official", "Agency", "Treaty")}
_DOCUMENT = f"<{KG.Document}>".encode()


def triple_line(triple: tuple[Node, Node, Node]) -> str:
    """A triple in N-Triples syntax, without the final `` .``: the unit shards are made of."""
    s, p, o = triple
    return f"{to_ox(s)} {to_ox(p)} {to_ox(o)}"


def write_shard(path: Path, quads: Iterable[tuple[str, str]]) -> int:
    """Write (triple line, graph IRI) pairs as a sorted, duplicate-free N-Quads shard.

    Every line of a shard names its graph (the document the triple was read in), which
    ``shard_triples`` relies on. Returns the number of lines.
    """
    lines = sorted({f"{line} <{graph}> .\n" for line, graph in quads})
    with atomic_writer(path) as out:
        out.write("".join(lines).encode("utf-8"))
    return len(lines)


def shard_triples(path: Path) -> Iterator[bytes]:
    """The triple part of each line of a shard, in the shard's (sorted) order.

    A line is ``S P O <G> .``; IRIs hold neither spaces nor ``<``, so the graph name starts
    at the last `` <``. Cutting it off keeps the order: the triple that sorts first still does.
    """
    with open(path, "rb") as shard:
        for line in shard:
            yield line[:line.rindex(b" <")]


@dataclass
class GraphCounts:
    """What the build's summary prints, counted while the graph streams past."""

    documents: int = 0
    entities: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_ENTITY_CLASSES.values(), 0))
    predicates: Counter = field(default_factory=Counter)
    relation_iris: set[bytes] = field(default_factory=set)
    triples: int = 0

    def add(self, line: bytes) -> None:
        self.triples += 1
        s_end = line.index(b" ")
        p_end = line.index(b" ", s_end + 1)
        predicate = line[s_end + 1:p_end]
        self.predicates[predicate] += 1
        if predicate == _TYPE:
            obj = line[p_end + 1:]
            if obj == _DOCUMENT:
                self.documents += 1
            elif obj in _ENTITY_CLASSES:
                self.entities[_ENTITY_CLASSES[obj]] += 1
        elif predicate == _PREDICATE:
            self.relation_iris.add(line[p_end + 1:])

    def summary(self) -> dict[str, dict[str, int] | int]:
        """The same dictionary as ``kg.graph.summary`` of the graph."""
        relations = {}
        for iri in sorted(i.decode("utf-8")[1:-1] for i in self.relation_iris):
            relations[iri.split("#")[-1]] = self.predicates[f"<{iri}>".encode()]
        return {"documents": self.documents, "entities": dict(self.entities),
                "relations": relations, "triples": self.triples}


def merged_lines(shards: Iterable[Path], extra: Iterable[str] = ()) -> Iterator[bytes]:
    """The sorted union of the shards' triples and ``extra`` lines, each triple once."""
    sources: list[Iterator[bytes]] = [shard_triples(p) for p in shards]
    sources.append(iter(sorted(line.encode("utf-8") for line in extra)))
    last = None
    for line in heapq.merge(*sources):
        if line != last:
            yield line
            last = line


def write_merged_turtle(shards: Iterable[Path], extra: Iterable[str], path: Path) -> GraphCounts:
    """Stream the merge of shards (and ``extra`` triple lines) into ``path`` as Turtle.

    The bytes equal ``write_graph`` of the same triples held in one rdflib Graph.
    """
    counts = GraphCounts()

    def triples() -> Iterator[ox.Triple]:
        batch: list[bytes] = []
        for line in merged_lines(shards, extra):
            counts.add(line)
            batch.append(line)
            if len(batch) >= _BATCH:
                yield from ox.parse(b" .\n".join(batch) + b" .\n", format=ox.RdfFormat.N_TRIPLES)
                batch = []
        if batch:
            yield from ox.parse(b" .\n".join(batch) + b" .\n", format=ox.RdfFormat.N_TRIPLES)

    with atomic_writer(path) as out:
        ox.serialize(triples(), out, FORMATS["turtle"], prefixes=dict(PREFIXES))
    return counts


# -- the on-disk store beside a graph file -----------------------------------------------------

STORE_SUFFIX = ".oxigraph"
_STAMP = "kabar-source"


def store_path(graph_path: Path) -> Path:
    """Where the on-disk store of a graph file lives: ``out/graph.ttl`` -> ``out/graph.oxigraph``."""
    return Path(graph_path).with_suffix(STORE_SUFFIX)


def _stamp_of(graph_path: Path) -> str:
    info = Path(graph_path).stat()
    return f"{Path(graph_path).name} {info.st_size} {info.st_mtime_ns}\n"


def persisted_store(graph_path: Path) -> Path | None:
    """The store folder of ``graph_path`` if it was loaded from the file as it is now."""
    folder = store_path(graph_path)
    try:
        stamp = (folder / _STAMP).read_text(encoding="utf-8")
        return folder if stamp == _stamp_of(graph_path) else None
    except (OSError, UnicodeDecodeError):
        return None


def write_store(graph_path: Path) -> Path:
    """Load a graph file into an on-disk Oxigraph store beside it, replacing any older one.

    The store is built in a hidden folder and renamed into place, then stamped; a reader
    never sees a half-loaded store as current.
    """
    graph_path = Path(graph_path)
    folder = store_path(graph_path)
    building = folder.with_name(f".{folder.name}.building")
    fmt = SUFFIX_FORMAT.get(graph_path.suffix.lower(), "turtle")
    try:
        shutil.rmtree(building, ignore_errors=True)
        store = ox.Store(str(building))
        store.bulk_load(path=str(graph_path), format=FORMATS[fmt])
        store.flush()
        store.optimize()
        del store
        remove_store(graph_path)
        os.replace(building, folder)
        (folder / _STAMP).write_text(_stamp_of(graph_path), encoding="utf-8")
    except OSError as err:
        shutil.rmtree(building, ignore_errors=True)
        raise OutputError(f"cannot write the store {folder.as_posix()}: {err}") from err
    return folder


def remove_store(graph_path: Path) -> None:
    """Delete the on-disk store of a graph file, if there is one."""
    folder = store_path(graph_path)
    # only a folder that is an Oxigraph (RocksDB) store, never whatever else has that name
    if (folder / _STAMP).is_file() or (folder / "CURRENT").is_file():
        shutil.rmtree(folder, ignore_errors=True)
