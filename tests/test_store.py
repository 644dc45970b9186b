"""The on-disk store: loaded in chunks of a fixed size (flat memory, few files to compact), the
same graph as the file, and a load killed half-way never replaces the store in use."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

import kg.store as store_module
from kg.pipeline import build
from kg.store import (
    StoreLoader,
    _term_line,
    file_chunks,
    open_store,
    persisted_store,
    store_path,
    to_ox,
    triple_line,
    write_merged_turtle,
    write_shard,
    write_store,
)

ROOT = Path(__file__).resolve().parent.parent
TURTLE = ox.RdfFormat.TURTLE
NTRIPLES = ox.RdfFormat.N_TRIPLES


@pytest.fixture(scope="module")
def seeds_turtle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    build([ROOT / "seeds"], out, html=False, store="memory")
    return out / "graph.ttl"


Triple = tuple[object, object, object]


def _triples(data: bytes | Path, fmt: ox.RdfFormat) -> set[Triple]:
    parsed = ox.parse(path=str(data), format=fmt) if isinstance(data, Path) else ox.parse(
        data, format=fmt)
    return {(q.subject, q.predicate, q.object) for q in parsed}


def _quads(store: ox.Store) -> set[Triple]:
    return {(q.subject, q.predicate, q.object) for q in store}


@pytest.mark.parametrize("fmt", [TURTLE, NTRIPLES])
def test_store_file_chunks_parse_on_their_own_and_add_up_to_the_file(
        seeds_turtle: Path, tmp_path: Path, fmt: ox.RdfFormat,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = seeds_turtle
    if fmt == NTRIPLES:
        path = tmp_path / "graph.nt"
        ox.serialize(ox.parse(path=str(seeds_turtle), format=TURTLE), output=str(path),
                     format=NTRIPLES)
    monkeypatch.setitem(store_module.LOAD_BYTES, fmt, 4096)
    chunks = list(file_chunks(path, fmt))
    assert len(chunks) > 10
    assert all(len(c) < 3 * 4096 for c in chunks[1:])  # each about the size asked for
    parts = [_triples(chunk, fmt) for chunk in chunks]  # each parses on its own
    whole = _triples(path, fmt)
    assert set().union(*parts) == whole
    assert sum(len(p) for p in parts) == len(whole)


def test_store_loader_hands_the_bulk_loader_chunks_of_a_fixed_size(
        seeds_turtle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # regression: every small block of the merge became a bulk_load call of its own, and
    # hundreds of calls left RocksDB hundreds of files to compact
    monkeypatch.setitem(store_module.LOAD_BYTES, NTRIPLES, 20_000)
    lines = sorted({f"{q.subject} {q.predicate} {q.object} .\n".encode()
                    for q in ox.parse(path=str(seeds_turtle), format=TURTLE)})
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(seeds_turtle.read_bytes())
    loader = StoreLoader(graph)
    for line in lines:  # one block per triple
        loader.add(line, 1)
    assert loader.finish() == store_path(graph)
    size = sum(len(line) for line in lines)
    assert loader.calls <= size // 20_000 + 1 < len(lines) // 50
    assert _quads(open_store(graph)) == _triples(seeds_turtle, TURTLE)


ODD_TURTLE = '''@prefix ex: <http://example.org/> .
ex:a ex:says """a long text .
ex:b ex:p ex:c .
still the same literal""" .
ex:b ex:knows _:someone .
_:someone ex:name "Someone" .
ex:c ex:list ( 1 2 3 ) ; ex:nested [ ex:name "anon" ] .
'''


def test_store_write_store_of_turtle_laid_out_otherwise_loads_it_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(store_module.LOAD_BYTES, TURTLE, 40)
    graph = tmp_path / "graph.ttl"
    graph.write_text(ODD_TURTLE * 3, encoding="utf-8")
    assert write_store(graph) == persisted_store(graph)
    store = open_store(graph)
    # blank nodes stay one node each: the file was loaded whole, not cut into pieces
    assert len(_quads(store)) == len(_triples(graph, TURTLE)) == 30
    names = {q.object for q in store.quads_for_pattern(
        None, ox.NamedNode("http://example.org/name"), None, None)}
    assert names == {ox.Literal("Someone"), ox.Literal("anon")}


LOADER = """
import sys
from pathlib import Path
import kg.store
kg.store.LOAD_BYTES[kg.store.ox.RdfFormat.TURTLE] = 64 * 1024
kg.store.write_store(Path(sys.argv[1]))
"""


def test_store_killed_while_loading_keeps_the_store_in_use(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    lines = [f'<http://example.org/s{i}> <http://example.org/p> "nilai {i}" .\n'
             for i in range(150_000)]
    graph.write_text("".join(lines), encoding="utf-8")
    write_store(graph)
    folder = persisted_store(graph)
    assert folder is not None
    building = folder.with_name(f".{folder.name}.building")
    loading = subprocess.Popen([sys.executable, "-c", LOADER, str(graph)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while loading.poll() is None and not building.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        assert loading.poll() is None, "the load ended before it could be interrupted"
        time.sleep(0.2)
    finally:
        os.kill(loading.pid, signal.SIGKILL)
        loading.wait(timeout=30)
    assert persisted_store(graph) == folder  # the previous store, still current and whole
    assert len(open_store(graph)) == 150_000
    write_store(graph)  # the next load clears what the killed one left
    assert not building.exists()
    assert len(open_store(graph)) == 150_000


_EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
_XSD = "http://www.w3.org/2001/XMLSchema#"  # not rdflib's XSD: pytest's probing of it warns


@pytest.mark.parametrize("term", [
    Literal(_EVERY_CHARACTER),
    Literal('Ia berkata: "tidak benar", lalu \\ pergi.\r\n\tSelesai\x7f'),
    Literal("Kemlu RI", datatype=URIRef(_XSD + "string")),
    Literal(_EVERY_CHARACTER, datatype=URIRef("https://w3id.org/kabar/ontology#text")),
    Literal(8000, datatype=URIRef(_XSD + "integer")),
    Literal("08000", datatype=URIRef(_XSD + "integer")),
    Literal("2024-03-01", datatype=URIRef(_XSD + "date")),
    Literal(""),
    Literal("Jakarta", lang="ID"),
    Literal('"dibantah"\n', lang="id-ID"),
    Literal("tanpa bahasa", datatype=RDF.langString),
    URIRef("https://w3id.org/kabar/resource/evidence-0123456789abcdef"),
    BNode("b0"),
])
def test_store_term_lines_are_what_oxigraph_writes(term: Node) -> None:
    assert _term_line(term) == str(to_ox(term))


def test_store_invalid_iri_is_refused_as_by_oxigraph() -> None:
    with pytest.raises(ValueError):
        triple_line((URIRef("no scheme"), RDF.type, Literal("x")))


def test_store_merge_that_meets_a_bad_triple_leaves_no_store(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The loader takes the merge's chunks without validating them (``lenient``): the Turtle
    writer, which parses the same bytes strictly, must stop the build and the store with it."""
    monkeypatch.setitem(store_module.LOAD_BYTES, NTRIPLES, 1)  # every block to the store at once
    good = triple_line((URIRef("https://w3id.org/kabar/resource/a"), RDF.type, Literal("x")))
    shard = tmp_path / "shard.nq"
    doc = "https://w3id.org/kabar/resource/doc-1"
    write_shard(shard, [(good, doc), ("<no scheme> <https://example.org/p> \"x\"", doc)])
    graph = tmp_path / "graph.ttl"
    loader = StoreLoader(graph)
    with pytest.raises(SyntaxError):
        write_merged_turtle([shard], [], graph, loader)
    assert loader.thread is not None  # the store had started
    assert not graph.exists()
    assert not store_path(graph).exists()
    assert not loader.building.exists()
