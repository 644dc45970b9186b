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

import bisect
import contextlib
import os
import queue
import re
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

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

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = f"<{_RDF}type>".encode()
_PREDICATE = f"<{_RDF}predicate>".encode()
_ENTITY_CLASSES = {f"<{KG[name]}>".encode(): name
                   for name in ("State", "Official", "Agency", "Treaty")}
_DOCUMENT = f"<{KG.Document}>".encode()
# Patterns that start with a literal, which the regex engine finds fast: a kg: property in
# predicate position (an object is followed by " .\n"), the class of an rdf:type line, the
# relation of an rdf:predicate line.
_KG_PREDICATE = re.compile(rb" (<" + re.escape(str(KG).encode()) + rb"\w+>) (?!\.\n)")
_TYPE_OF = re.compile(re.escape(b" " + _TYPE + b" ") + rb"(<[^>]*>) \.\n")
_RELATION_OF = re.compile(re.escape(b" " + _PREDICATE + b" ") + rb"(<[^>]*>) \.\n")


_IRI_LINES: dict[str, str] = {}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: The characters Oxigraph escapes in a literal, as it escapes them (a test compares every
#: code point), so a literal is written here without building an Oxigraph term.
_LITERAL_ESCAPES = str.maketrans({
    **{chr(c): f"\\u{c:04X}" for c in (*range(0x20), 0x7F, 0xFFFE, 0xFFFF)},
    "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"',
    "\\": "\\\\",
})
_ESCAPED = re.compile("[" + "".join(re.escape(chr(c)) for c in _LITERAL_ESCAPES) + "]")


def _term_line(term: Node) -> str:
    """A term in N-Triples syntax, as Oxigraph writes it. IRIs are checked by Oxigraph once
    and kept, since they recur (predicates, classes, documents); literals without a language
    are written directly; anything else goes through Oxigraph."""
    if isinstance(term, URIRef):
        line = _IRI_LINES.get(term)
        if line is None:
            if len(_IRI_LINES) > 100_000:
                _IRI_LINES.clear()
            line = _IRI_LINES[term] = str(ox.NamedNode(str(term)))
        return line
    if isinstance(term, Literal) and not term.language:
        text = str(term)
        if _ESCAPED.search(text):
            text = text.translate(_LITERAL_ESCAPES)
        datatype = term.datatype
        if datatype is None:
            return f'"{text}"'
        return f'"{text}"{_datatype_suffix(str(datatype))}'
    return str(to_ox(term))


@lru_cache(maxsize=1024)
def _datatype_suffix(datatype: str) -> str:
    """What follows a literal's quotes for its datatype (nothing for ``xsd:string``); keyed by
    the plain string, since rdflib gives each literal a datatype object of its own."""
    return "" if datatype == _XSD_STRING else f"^^{ox.NamedNode(datatype)}"


def triple_line(triple: tuple[Node, Node, Node]) -> str:
    """A triple in N-Triples syntax, without the final `` .``: the unit shards are made of."""
    s, p, o = triple
    return f"{_term_line(s)} {_term_line(p)} {_term_line(o)}"


def write_shard(path: Path, quads: Iterable[tuple[str, str | None]]) -> int:
    """Write (triple line, graph IRI) pairs as a sorted, duplicate-free N-Quads shard.

    A batch's shard names the graph of every line (the document the triple was read in),
    which ``shard_triples`` relies on; a graph of None is the default graph (the entity
    triples of a kept shard folder). Returns the number of lines.
    """
    lines = sorted({f"{line} <{graph}> .\n" if graph else f"{line} .\n" for line, graph in quads})
    with atomic_writer(path) as out:
        out.write("".join(lines).encode("utf-8"))
    return len(lines)


#: Bytes of shards held in memory during the merge, shared among the shards.
MERGE_BUFFER = 64 * 2**20


class _ShardReader:
    """A shard read block by block, as sorted triple lines (the graph name cut off)."""

    def __init__(self, path: Path, block: int, low: bytes | None = None,
                 high: bytes | None = None) -> None:
        self.file = open(path, "rb")  # noqa: SIM115 - closed when exhausted
        self.block = block
        self.low, self.high = low, high  # only the lines in [low, high), when given
        self.rest = b""
        self.lines: list[bytes] = []
        self.pos = 0
        self.eof = False
        if low is not None:
            self.file.seek(self._offset_before(low))
        self.fill()

    def _offset_before(self, low: bytes) -> int:
        """An offset at a line start before every line >= ``low``: a binary search over the
        file, so the later parts of a parallel merge do not read what they skip."""
        lo, hi = 0, self.file.seek(0, os.SEEK_END)
        while hi - lo > self.block:
            mid = (lo + hi) // 2
            self.file.seek(mid)
            self.file.readline()  # to the next line start
            start = self.file.tell()
            line = self.file.readline()
            if not line or line[:line.rindex(b" <")] >= low:
                hi = mid
            else:
                lo = start
        return lo

    def fill(self) -> None:
        self.lines = []
        while not self.lines and not self.eof:
            self._read()

    def _read(self) -> None:
        data = self.rest
        cut = 0
        while not cut and not self.eof:  # a line longer than a block takes several reads
            more = self.file.read(self.block)
            if not more:
                self._close()
            data += more
            cut = len(data) if self.eof else data.rfind(b"\n") + 1
        self.rest = data[cut:]
        # "S P O <G> ." -> "S P O": IRIs hold neither spaces nor "<", and every line of a
        # batch shard names its graph, so the last " <" on a line starts the graph name
        lines = [line[:line.rindex(b" <")] for line in data[:cut].split(b"\n") if line]
        if self.low is not None and lines and lines[0] < self.low:
            lines = lines[bisect.bisect_left(lines, self.low):]
        if self.high is not None and lines and lines[-1] >= self.high:
            lines = lines[:bisect.bisect_left(lines, self.high)]
            self._close()
        self.lines = lines
        self.pos = 0

    def _close(self) -> None:
        self.eof = True
        self.file.close()


def shard_triples(path: Path) -> Iterator[bytes]:
    """The triple part of each line of a batch shard, in the shard's (sorted) order."""
    reader = _ShardReader(path, 2**20)
    while reader.lines:
        yield from reader.lines
        if reader.eof:
            return
        reader.fill()


def merged_blocks(shards: Sequence[Path], extra: Iterable[str] = (), low: bytes | None = None,
                  high: bytes | None = None) -> Iterator[list[bytes]]:
    """The sorted union of the shards' triples and ``extra`` lines, each triple once, in
    blocks: every line up to the smallest last line buffered from an unfinished shard is
    taken at once, then sorted and deduplicated in C (``list.sort`` merges the sorted runs,
    ``dict.fromkeys`` drops repeats), which is several times faster than ``heapq.merge``.
    ``low`` and ``high`` keep to the lines in [low, high): one part of a parallel merge."""
    block = max(2**16, MERGE_BUFFER // max(1, len(shards)))
    readers = [_ShardReader(p, block, low, high) for p in shards]
    extra_lines = sorted(
        line
        for line in {line.encode("utf-8") for line in extra}
        if (low is None or line >= low) and (high is None or line < high)
    )
    readers = [r for r in readers if r.lines]
    last: bytes | None = None
    while readers:
        limits = [r.lines[-1] for r in readers if not r.eof]
        boundary = min(limits) if limits else None
        taken: list[bytes] = []
        for r in readers:
            end = len(r.lines)
            if boundary is not None:
                end = bisect.bisect_right(r.lines, boundary, r.pos)
            taken += r.lines[r.pos:end]
            r.pos = end
        if extra_lines:
            end = len(extra_lines)
            if boundary is not None:
                end = bisect.bisect_right(extra_lines, boundary)
            taken += extra_lines[:end]
            del extra_lines[:end]
        taken.sort()
        unique = list(dict.fromkeys(taken))
        # a triple many documents of one shard share can straddle the end of a read block:
        # its copies in the next block equal the last line of this round, already given
        if unique and unique[0] == last:
            del unique[0]
        if unique:
            last = unique[-1]
            yield unique
        for r in readers:
            if r.pos == len(r.lines) and not r.eof:
                r.fill()
        readers = [r for r in readers if r.pos < len(r.lines)]
    if extra_lines and extra_lines[0] == last:
        del extra_lines[0]
    if extra_lines:
        yield extra_lines


def merged_lines(shards: Sequence[Path], extra: Iterable[str] = ()) -> Iterator[bytes]:
    """``merged_blocks`` line by line."""
    for block in merged_blocks(shards, extra):
        yield from block


@dataclass
class GraphCounts:
    """What the build's summary prints, counted block by block as the graph streams past."""

    documents: int = 0
    entities: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(_ENTITY_CLASSES.values(), 0))
    predicates: Counter = field(default_factory=Counter)
    relation_iris: set[bytes] = field(default_factory=set)
    triples: int = 0
    #: which of the lines the merge was asked to watch for the graph holds (``StorePatch``)
    present: set[bytes] = field(default_factory=set)

    def add(self, ntriples: bytes, lines: int) -> None:
        """Count a block of N-Triples lines (relations are kg: properties: only those are
        counted by predicate)."""
        self.triples += lines
        self.predicates.update(_KG_PREDICATE.findall(ntriples))
        for obj in _TYPE_OF.findall(ntriples):
            if obj == _DOCUMENT:
                self.documents += 1
            elif obj in _ENTITY_CLASSES:
                self.entities[_ENTITY_CLASSES[obj]] += 1
        self.relation_iris.update(_RELATION_OF.findall(ntriples))

    def merge(self, other: GraphCounts) -> None:
        """Add the counts of another part of the same graph (parts share no triple)."""
        self.documents += other.documents
        for name, n in other.entities.items():
            self.entities[name] = self.entities.get(name, 0) + n
        self.predicates.update(other.predicates)
        self.relation_iris |= other.relation_iris
        self.triples += other.triples
        self.present |= other.present

    def summary(self) -> dict[str, dict[str, int] | int]:
        """The same dictionary as ``kg.graph.summary`` of the graph."""
        relations = {}
        for iri in sorted(i.decode("utf-8")[1:-1] for i in self.relation_iris):
            relations[iri.split("#")[-1]] = self.predicates[f"<{iri}>".encode()]
        return {"documents": self.documents, "entities": dict(self.entities),
                "relations": relations, "triples": self.triples}


def _turtle_body(data: bytes) -> bytes:
    """Turtle without its ``@prefix`` lines."""
    start = 0
    while data.startswith(b"@prefix ", start):
        start = data.index(b"\n", start) + 1
    return data[start:]


def _write_turtle(blocks: Iterable[list[bytes]], out: BinaryIO, first: bool = True,
                  loader: StoreLoader | None = None,
                  watch: frozenset[bytes] = frozenset()) -> GraphCounts:
    """Write merged blocks of triple lines to ``out`` as Turtle, cut where subjects end;
    note which lines of ``watch`` go past."""
    counts = GraphCounts()
    prefixes = dict(PREFIXES)

    def emit(lines: list[bytes], first: bool) -> None:
        data = b" .\n".join(lines) + b" .\n"
        counts.add(data, len(lines))
        if watch:
            counts.present |= watch.intersection(lines)
        if loader is not None:
            loader.add(data, len(lines))
        turtle = ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                              format=FORMATS["turtle"], prefixes=prefixes) or b""
        out.write(turtle if first else _turtle_body(turtle))

    carry: list[bytes] = []
    for block in blocks:
        lines = carry + block if carry else block
        last = lines[-1][:lines[-1].index(b" ") + 1]  # "<subject> "
        cut = len(lines)
        while cut and lines[cut - 1].startswith(last):
            cut -= 1
        carry = lines[cut:]
        if cut:
            emit(lines[:cut], first)
            first = False
    if carry:
        emit(carry, first)
    return counts


#: Below this many bytes of shards one process merges faster than several start.
PARALLEL_MERGE_BYTES = 16 * 2**20


def subject_cuts(shards: Sequence[Path], parts: int, samples: int = 64) -> list[bytes]:
    """``parts - 1`` subjects ("<iri> ") that split the shards' lines into about equal
    parts, from lines sampled at even offsets of each shard."""
    subjects: list[bytes] = []
    for shard in shards:
        size = shard.stat().st_size
        with open(shard, "rb") as f:
            for k in range(samples):
                f.seek(size * k // samples)
                if k:
                    f.readline()  # to the start of the next whole line
                line = f.readline()
                if b" " in line:
                    subjects.append(line[:line.index(b" ") + 1])
    subjects.sort()
    if not subjects:
        return []
    return sorted({subjects[len(subjects) * i // parts] for i in range(1, parts)})


def _write_part(shards: Sequence[Path], extra: Sequence[str], low: bytes | None,
                high: bytes | None, path: Path, first: bool,
                watch: frozenset[bytes]) -> GraphCounts:
    """One process's share of a parallel merge: the subjects in [low, high), as Turtle."""
    with open(path, "wb") as out:
        return _write_turtle(merged_blocks(shards, extra, low, high), out, first, None, watch)


def _within(lines: frozenset[bytes], low: bytes | None, high: bytes | None) -> frozenset[bytes]:
    return frozenset(line for line in lines
                     if (low is None or line >= low) and (high is None or line < high))


def write_merged_turtle(shards: Sequence[Path], extra: Iterable[str], path: Path,
                        loader: StoreLoader | None = None, jobs: int = 1,
                        watch: frozenset[bytes] = frozenset()) -> GraphCounts:
    """Stream the merge of shards (and ``extra`` triple lines) into ``path`` as Turtle.

    The bytes equal ``write_graph`` of the same triples held in one rdflib Graph: each block
    is cut where a subject ends and written by Oxigraph's Turtle writer on its own, and
    Turtle written subject by subject concatenates (less the repeated ``@prefix`` lines) to
    what one writer makes of the whole. A ``loader`` gets the same blocks for the store.

    With ``jobs`` > 1, shards worth it and no store to load, the subjects are cut into
    ``jobs`` ranges, each process writes the Turtle of one range, and the parts are joined
    in order: the same bytes, in a fraction of the time. With a store, one process merges
    while the loader fills the store from the same blocks on the other core: loading takes
    longer than merging, so it had better start at once than wait for a parallel merge.

    ``watch``: triple lines (N-Triples without the final " .") to look out for; the counts'
    ``present`` says which of them the merged graph holds.
    """
    extra = list(extra)
    size = sum(p.stat().st_size for p in shards)
    parallel = jobs > 1 and size >= PARALLEL_MERGE_BYTES and loader is None
    cuts = subject_cuts(shards, jobs) if parallel else []
    if not cuts:
        try:
            with atomic_writer(path) as out:
                return _write_turtle(merged_blocks(shards, extra), out, True, loader, watch)
        except BaseException:
            if loader is not None:
                loader.abort()
            raise
    bounds = [None, *cuts, None]
    temp = Path(tempfile.mkdtemp(prefix=".kabar-merge-", dir=path.parent))
    try:
        parts = [temp / f"part-{i:03d}.ttl" for i in range(len(bounds) - 1)]
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [
                pool.submit(_write_part, list(shards), extra, bounds[i], bounds[i + 1], part,
                            i == 0, _within(watch, bounds[i], bounds[i + 1]))
                for i, part in enumerate(parts)
            ]
            counts = GraphCounts()
            for future in futures:
                counts.merge(future.result())
        with atomic_writer(path) as out:
            for part in parts:
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out, 2**22)
                part.unlink()
        return counts
    finally:
        shutil.rmtree(temp, ignore_errors=True)


# -- the on-disk store beside a graph file -----------------------------------------------------

STORE_SUFFIX = ".oxigraph"
_STAMP = "kabar-source"


def store_path(graph_path: Path) -> Path:
    """The on-disk store of a graph file: ``out/graph.ttl`` -> ``out/graph.oxigraph``."""
    return Path(graph_path).with_suffix(STORE_SUFFIX)


def _stamp_of(graph_path: Path) -> str:
    info = Path(graph_path).stat()
    return f"{Path(graph_path).name} {info.st_size} {info.st_mtime_ns}\n"


def stamp_store(graph_path: Path) -> None:
    """Mark the store beside ``graph_path`` as loaded from the file as it is now."""
    write_atomic(store_path(graph_path) / _STAMP, _stamp_of(graph_path).encode("utf-8"))


def unstamp_store(graph_path: Path) -> None:
    """Mark the store beside ``graph_path`` as not current: readers use the file instead."""
    (store_path(graph_path) / _STAMP).unlink(missing_ok=True)


def persisted_store(graph_path: Path) -> Path | None:
    """The store folder of ``graph_path`` if it was loaded from the file as it is now."""
    folder = store_path(graph_path)
    try:
        stamp = (folder / _STAMP).read_text(encoding="utf-8")
        return folder if stamp == _stamp_of(graph_path) else None
    except (OSError, UnicodeDecodeError):
        return None


#: Bytes of N-Triples handed to one ``bulk_load`` (about 200,000 triples): Oxigraph's bulk
#: loader holds a call's data several times over (1.3 GB for a call of 1 million triples,
#: 0.5 GB for 300,000), while each call adds files the final compaction has to merge, so the
#: loader is fed chunks of a fixed size, never the whole graph (1.8 GB at 16 million triples)
#: and never the small blocks the merge happens to cut. Turtle is denser: fewer bytes.
LOAD_BYTES = {ox.RdfFormat.N_TRIPLES: 32 * 2**20, ox.RdfFormat.TURTLE: 8 * 2**20}
_TURTLE_HEADER = re.compile(rb"(?:(?:@prefix|@base|PREFIX|BASE)[^\n]*\n|[ \t]*\n)*")


def file_chunks(path: Path, fmt: ox.RdfFormat) -> Iterator[bytes]:
    """A graph file in pieces that parse on their own, about ``LOAD_BYTES[fmt]`` each.

    N-Triples is cut at line ends. Turtle as Kabar writes it (a header of prefixes, then one
    block per subject whose continuation lines are indented, literals on one line) is cut
    where a statement ends and the next line starts a subject, and every piece gets the
    header. A piece that does not parse (Turtle laid out otherwise) is the caller's to catch.
    """
    size = LOAD_BYTES[fmt]
    turtle = fmt == ox.RdfFormat.TURTLE
    header = b""
    rest = b""
    first = True
    with open(path, "rb") as f:
        while more := f.read(size):
            data = rest + more
            if first and turtle:
                header = _TURTLE_HEADER.match(data).group(0)  # type: ignore[union-attr]
                data = data[len(header):]
            first = False
            cut = _turtle_cut(data) if turtle else data.rfind(b"\n") + 1
            rest = data[cut:]
            if cut:
                yield header + data[:cut]
    if rest:
        yield header + rest


def _turtle_cut(data: bytes) -> int:
    """Where the last whole statement of ``data`` ends before a line starting a subject (0:
    nowhere yet)."""
    end = len(data)
    while (found := data.rfind(b" .\n", 0, end)) >= 0:
        after = found + 3
        if after < len(data) and data[after] not in b" \t\r\n":
            return after
        end = found
    return 0


def finish_store(store: ox.Store, folder: Path) -> None:
    """The last steps of loading or patching the store in ``folder``: write it out, compact
    it (queries on an uncompacted store are slower) and keep the statistics ``kg query``
    pages its listings with (``kg.listing.Summary``), which take a scan of the whole graph."""
    store.flush()
    store.optimize()
    from kg.listing import SUMMARY_FILE, Summary

    write_atomic(Path(folder) / SUMMARY_FILE, Summary(store).to_json())


class StoreLoader:
    """Builds the on-disk store of a graph file on a background thread.

    It is fed N-Triples as the merge streams it (``add``) or a written graph file
    (``add_file``, for ``write_store``), and hands Oxigraph's bulk loader chunks of
    ``LOAD_BYTES``: memory stays flat (0.3 to 0.5 GB at any size) and the final compaction
    merges few files.
    Once loaded, the store keeps the statistics ``kg query`` pages its listings with
    (``kg.listing.Summary``: facts per relation, entities per class, the dates), which take a
    scan of the whole graph to work out.
    ``bulk_load`` releases the GIL, so the store fills while the merge writes the Turtle.
    With a ``threshold``, nothing is written until the graph has more triples than that
    (``--store auto``); the chunks seen before are kept and loaded then.
    """

    def __init__(self, graph_path: Path, threshold: int = 0) -> None:
        self.graph_path = Path(graph_path)
        self.folder = store_path(self.graph_path)
        self.building = self.folder.with_name(f".{self.folder.name}.building")
        self.threshold = threshold
        self.seen = 0
        self.pending: list[bytes] = []
        self.pending_bytes = 0
        self.queue: queue.Queue[bytes | Path | None] = queue.Queue(maxsize=2)
        self.thread: threading.Thread | None = None
        self.error: BaseException | None = None
        self.store: ox.Store | None = None
        self.calls = 0

    def add(self, data: bytes, lines: int) -> None:
        """Take a block of N-Triples; a chunk is queued once ``LOAD_BYTES`` have come (it
        may wait while the store catches up)."""
        self.seen += lines
        self.pending.append(data)
        self.pending_bytes += len(data)
        if self.thread is None and self.seen <= self.threshold:
            return
        if self.pending_bytes >= LOAD_BYTES[ox.RdfFormat.N_TRIPLES]:
            self._flush_pending()

    def add_file(self, path: Path, lines: int) -> None:
        """Queue a whole written graph file (``write_store``: a graph loaded after the fact)."""
        self.seen += lines
        if self.thread is None and self.seen <= self.threshold:
            self.pending, self.pending_bytes = [], 0
            return
        self._flush_pending()
        self._put(Path(path))

    def _flush_pending(self) -> None:
        if self.thread is None:
            self._start()
        if self.pending:
            data = b"".join(self.pending)
            self.pending, self.pending_bytes = [], 0
            self._put(data)

    def _start(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)
        self.store = ox.Store(str(self.building))
        self.thread = threading.Thread(target=self._run, name="kabar-store", daemon=True)
        self.thread.start()

    def _put(self, data: bytes | Path) -> None:
        if self.error is not None:
            raise OutputError(f"cannot write the store {self.folder.as_posix()}: {self.error}")
        self.queue.put(data)

    def _run(self) -> None:
        while (data := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self._load(data)
                except (OSError, SyntaxError, ValueError) as err:
                    self.error = err

    def _load(self, data: bytes | Path) -> None:
        store = self.store
        assert store is not None
        if isinstance(data, bytes):
            # lenient: no second validation of IRIs and literals; the merge's Turtle writer
            # parses these same bytes strictly, and a build stops on what it rejects
            store.bulk_load(input=data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            self.calls += 1
            return
        fmt = FORMATS[SUFFIX_FORMAT.get(data.suffix.lower(), "turtle")]
        if fmt not in LOAD_BYTES:
            store.bulk_load(path=str(data), format=fmt)
            self.calls += 1
            return
        try:
            for chunk in file_chunks(data, fmt):
                if b"_:" in chunk:  # a blank node label means one node in one call only
                    raise SyntaxError("blank nodes")
                store.bulk_load(input=chunk, format=fmt)
                self.calls += 1
        except SyntaxError:
            # blank nodes, or Turtle laid out otherwise than Kabar writes it and cut in a bad
            # place: start again from the whole file in one call
            store.clear()
            store.bulk_load(path=str(data), format=fmt)
            self.calls += 1

    def finish(self, keep: Mapping[str, bytes] | None = None) -> Path | None:
        """After ``graph_path`` is written: compact, move into place and stamp the store,
        with the files ``keep`` names in its folder. None when the graph stayed under the
        threshold (nothing was written)."""
        if self.thread is None and self.seen <= self.threshold:
            self.pending, self.pending_bytes = [], 0
            return None
        self._flush_pending()
        self.queue.put(None)
        assert self.thread is not None
        self.thread.join()
        if self.error is not None:
            self.abort()
            raise OutputError(f"cannot write the store {self.folder.as_posix()}: {self.error}")
        try:
            finish_store(self.store, self.building)  # type: ignore[arg-type]
            for name, data in (keep or {}).items():
                (self.building / name).write_bytes(data)
            self.store = None  # closes the database before it moves
            remove_store(self.graph_path)
            os.replace(self.building, self.folder)
            stamp_store(self.graph_path)
        except OSError as err:
            self.abort()
            raise OutputError(f"cannot write the store {self.folder.as_posix()}: {err}") from err
        return self.folder

    def abort(self) -> None:
        if self.thread is not None and self.thread.is_alive():
            self.error = self.error or OutputError("build stopped")
            while self.thread.is_alive():  # unblock a full queue, then stop the thread
                with contextlib.suppress(queue.Full):
                    self.queue.put(None, timeout=0.1)
            self.thread.join()
        self.pending, self.pending_bytes = [], 0
        self.store = None
        shutil.rmtree(self.building, ignore_errors=True)


def write_store(graph_path: Path, keep: Mapping[str, bytes] | None = None) -> Path:
    """Load a graph file into an on-disk Oxigraph store beside it, replacing any older one
    (with the files ``keep`` names in its folder).

    The store is built in a hidden folder and renamed into place, then stamped; a reader
    never sees a half-loaded store as current.
    """
    graph_path = Path(graph_path)
    if not graph_path.is_file():
        raise GraphError(f"graph not found: {graph_path}")
    loader = StoreLoader(graph_path, threshold=-1)
    loader.add_file(graph_path, 0)
    try:
        folder = loader.finish(keep)
    except OutputError as err:
        raise GraphError(f"{graph_path}: cannot load into a store: {err}") from None
    assert folder is not None
    return folder


def remove_store(graph_path: Path) -> None:
    """Delete the on-disk store of a graph file, if there is one."""
    folder = store_path(graph_path)
    # only a folder that is an Oxigraph (RocksDB) store, never whatever else has that name
    if (folder / _STAMP).is_file() or (folder / "CURRENT").is_file():
        shutil.rmtree(folder, ignore_errors=True)
