"""Builds that scale: parallel and batched builds give the in-memory build's bytes, the
streamed Turtle sorts like ``serialize``, and the on-disk store serves ``kg query``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

import kg.pipeline as pipeline
from kg.cli import app
from kg.graph import build_graph
from kg.pipeline import build, extract_sources, read_inputs
from kg.query import run
from kg.store import (
    persisted_store,
    serialize,
    store_path,
    triple_line,
    write_merged_turtle,
    write_shard,
)
from kg.vocab import KGR

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "unseen"]
runner = CliRunner()


@pytest.fixture(scope="module")
def reference() -> bytes:
    """The graph as the in-memory path makes it: every extraction in one rdflib Graph."""
    sources, _, _ = read_inputs(CORPUS)
    return serialize(build_graph(extract_sources(sources)))


def _turtle(out: Path) -> bytes:
    return (out / "graph.ttl").read_bytes()


def test_scale_streamed_build_equals_in_memory_build(tmp_path: Path, reference: bytes) -> None:
    build(CORPUS, tmp_path, jobs=1, html=False)
    assert _turtle(tmp_path) == reference


@pytest.mark.parametrize("jobs", [2, 3])
def test_scale_parallel_build_gives_identical_bytes(tmp_path: Path, reference: bytes,
                                                    jobs: int) -> None:
    result = build(CORPUS, tmp_path, jobs=jobs, html=False, cache=False)
    assert _turtle(tmp_path) == reference
    assert result.counts["documents"] == 15


def test_scale_batch_size_does_not_change_the_bytes(tmp_path: Path, reference: bytes,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "MAX_BATCH", 1)  # one shard per document
    build(CORPUS, tmp_path, jobs=2, html=False, cache=False)
    assert _turtle(tmp_path) == reference


def test_scale_summary_counts_match_the_graph(tmp_path: Path) -> None:
    from kg.graph import summary

    result = build(CORPUS, tmp_path, jobs=1, html=False)
    assert result.counts == summary(result.graph)


def test_scale_duplicate_files_merge_into_one_document(tmp_path: Path) -> None:
    docs = tmp_path / "in"
    docs.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(ROOT / "seeds" / "000_d118810884ff8f68.txt", docs / name)
    result = build([docs], tmp_path / "out", jobs=2, html=False)
    assert result.counts["documents"] == 1
    assert result.warnings == [f"duplicate: {docs.as_posix()}/b.txt is the same article as "
                               f"{docs.as_posix()}/a.txt"]
    sources, _, _ = read_inputs([docs])
    assert _turtle(tmp_path / "out") == serialize(build_graph(extract_sources(sources)))


def test_scale_no_temporary_files_are_left(tmp_path: Path) -> None:
    build(CORPUS, tmp_path, jobs=2, html=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kabar-cache", "graph.ttl"]


def test_scale_kept_shards_hold_the_graph_one_named_graph_per_document(tmp_path: Path) -> None:
    import pyoxigraph as ox

    kept = tmp_path / "shards"
    (kept).mkdir()
    (kept / "part-999999.nq").write_text("stale\n")
    build(CORPUS, tmp_path / "out", jobs=2, html=False, shards=kept)
    assert not (kept / "part-999999.nq").exists() and (kept / "entities.nq").is_file()
    store = ox.Store()
    for shard in sorted(kept.glob("*.nq")):
        store.bulk_load(path=str(shard), format=ox.RdfFormat.N_QUADS)
    union = {(q.subject, q.predicate, q.object) for q in store}
    turtle = ox.parse(path=str(tmp_path / "out" / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    assert union == {(t.subject, t.predicate, t.object) for t in turtle}
    documents = {q.subject for q in store.quads_for_pattern(None, None, None, None)
                 if q.predicate.value.endswith("#fileName")}
    assert set(store.named_graphs()) == documents


# -- the streaming merge ---------------------------------------------------------------------

INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
# Not Literal("a", datatype=XSD.string): rdflib keeps it apart from Literal("a") and the old
# writer printed "a" twice, where RDF 1.1 (and the merge) has one term. Kabar never makes one.
TRICKY = [
    Literal("a"), Literal("a", lang="id"),
    Literal("a b"), Literal("a\tb"), Literal("a\nb"), Literal("é"), Literal("Ö"), Literal("z"),
    Literal('"kutip"'), Literal("10", datatype=INTEGER), Literal("9", datatype=INTEGER),
    Literal("1", datatype=INTEGER), Literal("a <b> c"), URIRef("https://w3id.org/kabar/resource/a"),
    URIRef("https://w3id.org/kabar/resource/ab"), URIRef("https://w3id.org/kabar/resource/a-b"),
]


def test_scale_parallel_merge_gives_identical_bytes_and_counts(
        tmp_path: Path, reference: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.store as store

    monkeypatch.setattr(store, "PARALLEL_MERGE_BYTES", 0)  # split even a small graph
    splits: list[int] = []
    subject_cuts = store.subject_cuts
    monkeypatch.setattr(store, "subject_cuts",
                        lambda shards, parts: splits.append(parts) or subject_cuts(shards, parts))
    result = build(CORPUS, tmp_path, jobs=3, html=False, cache=False, store="memory")
    assert _turtle(tmp_path) == reference
    assert splits == [3]
    assert not list(tmp_path.glob(".kabar-merge-*"))
    # with a store to load, one process merges beside the loader: the same graph and answers
    stored = build(CORPUS, tmp_path / "stored", jobs=3, html=False, cache=False,
                   store="oxigraph")
    assert _turtle(tmp_path / "stored") == reference
    assert splits == [3]  # not split again
    monkeypatch.setattr(store, "PARALLEL_MERGE_BYTES", 10**12)
    one = build(CORPUS, tmp_path / "one", jobs=1, html=False, cache=False)
    assert result.counts == stored.counts == one.counts
    assert stored.store is not None
    assert run(tmp_path / "stored" / "graph.ttl", "summons", "csv") == run(
        tmp_path / "one" / "graph.ttl", "summons", "csv")


@pytest.mark.parametrize("parts", [1, 2, 3, 7])
def test_store_merge_split_by_subject_equals_one_merge(tmp_path: Path, parts: int,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The same bytes and counts, and the same answer about the lines a store patch watches."""
    import kg.store as store

    monkeypatch.setattr(store, "PARALLEL_MERGE_BYTES", 0)
    graph = Graph()
    for n in range(40):
        for o in TRICKY:
            graph.add((KGR[f"s{n % 13}-{n}"], RDFS.label if n % 2 else RDFS.comment, o))
    lines = [triple_line(t) for t in graph]
    shards = []
    for n in range(4):
        shard = tmp_path / f"s{n}.nq"
        write_shard(shard, [(line, str(KGR[f"doc-{n}"])) for line in lines[n::4]])
        shards.append(shard)
    held = {line.encode() for line in lines[::7]}
    absent = {triple_line((KGR[f"s{n}-gone"], RDFS.label, Literal("x"))).encode()
              for n in range(13)}
    counts = write_merged_turtle(shards, lines[:5], tmp_path / "graph.ttl", jobs=parts,
                                 watch=frozenset(held | absent))
    assert (tmp_path / "graph.ttl").read_bytes() == serialize(graph)
    assert counts.triples == len(graph)
    assert counts.present == held


@pytest.mark.parametrize("jobs", [1, 2])
def test_store_triple_many_documents_share_is_written_once(
        tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its copies fill more than one read block of a shard; the merge still gives it once."""
    import kg.store as store

    monkeypatch.setattr(store, "PARALLEL_MERGE_BYTES", 0)
    monkeypatch.setattr(store, "MERGE_BUFFER", 1)  # the smallest read blocks: 64 KB
    graph = Graph()
    for n in range(30):
        graph.add((KGR[f"official-{n:02d}"], RDFS.label, Literal(f"Pejabat {n}")))
    shared = (KGR["official-15"], KGR["represents"], KGR["philippines"])
    graph.add(shared)
    lines = sorted(triple_line(t) for t in graph)
    quads = [(line, str(KGR["doc-0"])) for line in lines]
    quads += [(triple_line(shared), str(KGR[f"doc-{d:05d}"])) for d in range(3000)]  # ~450 KB
    write_shard(tmp_path / "s.nq", quads)
    write_shard(tmp_path / "t.nq", quads[:40])
    counts = write_merged_turtle([tmp_path / "s.nq", tmp_path / "t.nq"], [],
                                 tmp_path / "graph.ttl", jobs=jobs)
    assert (tmp_path / "graph.ttl").read_bytes() == serialize(graph)
    assert counts.triples == len(graph)


def test_store_merged_turtle_equals_serialize_for_tricky_terms(tmp_path: Path) -> None:
    graph = Graph()
    subjects = [KGR["a"], KGR["ab"], KGR["a-b"], KGR["a.b"], KGR["é"]]
    for n, s in enumerate(subjects):
        for o in TRICKY:
            graph.add((s, RDFS.label if n % 2 else RDFS.comment, o))
    lines = [triple_line(t) for t in graph]
    half = len(lines) // 2
    shards = []
    for n, part in enumerate((lines[:half], lines[half - 5:], lines[:3])):  # overlapping shards
        shard = tmp_path / f"s{n}.nq"
        write_shard(shard, [(line, str(KGR[f"doc-{n}"])) for line in part])
        shards.append(shard)
    counts = write_merged_turtle(shards, lines[-4:], tmp_path / "graph.ttl")
    assert (tmp_path / "graph.ttl").read_bytes() == serialize(graph)
    assert counts.triples == len(graph)


# -- the on-disk store -----------------------------------------------------------------------

def test_store_oxigraph_is_written_stamped_and_used_by_query(tmp_path: Path) -> None:
    result = build([ROOT / "seeds"], tmp_path, html=False, store="oxigraph")
    ttl = tmp_path / "graph.ttl"
    assert result.store == store_path(ttl) == tmp_path / "graph.oxigraph"
    assert persisted_store(ttl) == result.store
    from_store = run(ttl, "estimates", "csv")
    shutil.rmtree(result.store)
    assert run(ttl, "estimates", "csv") == from_store


def test_store_write_store_loads_an_existing_graph_file(tmp_path: Path) -> None:
    from kg.store import write_store

    build([ROOT / "seeds"], tmp_path, html=False, store="memory")
    ttl = tmp_path / "graph.ttl"
    from_file = run(ttl, "summons", "csv")
    assert write_store(ttl) == persisted_store(ttl) == tmp_path / "graph.oxigraph"
    assert run(ttl, "summons", "csv") == from_file
    assert not list(tmp_path.glob(".graph.oxigraph*"))


def test_store_stale_store_is_ignored_when_the_turtle_changes(tmp_path: Path) -> None:
    build([ROOT / "seeds"], tmp_path, html=False, store="oxigraph")
    ttl = tmp_path / "graph.ttl"
    before = run(ttl, "denials", "tsv")
    data = ttl.read_bytes()
    ttl.write_bytes(data.replace(b"Vasily Nebenzya", b"Vasily Nebenzia"))
    assert persisted_store(ttl) is None
    after = run(ttl, "denials", "tsv")
    assert "Vasily Nebenzia" in after and "Vasily Nebenzya" in before


def test_store_auto_keeps_a_store_only_above_the_threshold(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    small = build([ROOT / "seeds"], tmp_path / "a", html=False)
    assert small.store is None and not (tmp_path / "a" / "graph.oxigraph").exists()
    monkeypatch.setattr(pipeline, "STORE_AUTO_TRIPLES", 100)
    large = build([ROOT / "seeds"], tmp_path / "b", html=False)
    assert large.store == tmp_path / "b" / "graph.oxigraph"


def test_store_memory_removes_an_old_store(tmp_path: Path) -> None:
    build([ROOT / "seeds"], tmp_path, html=False, store="oxigraph")
    build([ROOT / "seeds"], tmp_path, html=False, store="memory", cache=False)
    assert not (tmp_path / "graph.oxigraph").exists()


def test_pipeline_html_is_skipped_above_the_limit_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "HTML_MAX_TRIPLES", 100)
    result = build([ROOT / "seeds"], tmp_path)
    assert result.html_path is None and not (tmp_path / "graph.html").exists()
    triples = f"{result.counts['triples']:,}"
    assert result.warnings[-1] == (
        f"graph.html not written: {triples} triples is more than one page can show (limit 100); "
        "build a subset for the network, or use --no-html")


# -- the command line ------------------------------------------------------------------------

def test_cli_build_store_oxigraph_names_the_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path),
                                 "--jobs", "1", "--no-html", "--store", "oxigraph"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"wrote {tmp_path / 'graph.ttl'} and {tmp_path / 'graph.oxigraph'}/")


def test_cli_build_unknown_store_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path),
                                 "--store", "disk"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: unknown store 'disk'; use one of auto, memory, oxigraph"


def test_cli_build_scheduler_needs_the_dask_engine(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path),
                                 "--scheduler", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert result.output.strip() == "Error: --scheduler needs --engine dask"


def test_cli_build_jobs_zero_uses_every_core(tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(ROOT / "seeds"), "--out", str(tmp_path),
                                 "--jobs", "0", "--no-html"])
    assert result.exit_code == 0, result.output
    assert "documents: 5 read, 0 skipped" in result.output
