"""The build as a whole: determinism, parseability, evidence for every fact, query rows."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from kg.pipeline import build
from kg.query import run
from kg.vocab import KG, RELATIONS

ROOT = Path(__file__).resolve().parent.parent


def test_pipeline_build_twice_gives_identical_bytes(tmp_path: Path) -> None:
    first = build([ROOT / "seeds"], tmp_path / "a", jobs=1)
    second = build([ROOT / "seeds"], tmp_path / "b", jobs=2)
    assert first.turtle_bytes == second.turtle_bytes > 0
    for name in ("graph.ttl", "graph.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_pipeline_turtle_parses_with_rdflib_and_oxigraph(seed_build) -> None:
    out, result = seed_build
    graph = Graph().parse(out / "graph.ttl", format="turtle")
    assert len(graph) == len(result.graph)
    assert len(list(ox.parse(path=str(out / "graph.ttl"), format=ox.RdfFormat.TURTLE))) == len(
        graph
    )


def test_pipeline_every_relation_triple_has_its_evidence(seed_build) -> None:
    _, result = seed_build
    graph = result.graph
    for predicate in RELATIONS:
        for s, _, o in graph.triples((None, predicate, None)):
            statements = set(graph.subjects(RDF.subject, s)) & set(graph.subjects(RDF.object, o))
            assert any(graph.value(st, RDF.predicate) == predicate for st in statements), (
                s,
                predicate,
                o,
            )


def test_pipeline_evidence_offsets_point_at_the_sentence(seed_build) -> None:
    _, result = seed_build
    for extraction in result.extractions:
        text = extraction.document.text
        for fact in extraction.facts:
            ev = fact.evidence
            assert text[ev.start : ev.end] == ev.text
            assert text[ev.trigger_start : ev.trigger_end] == ev.trigger_text


def test_pipeline_documents_carry_outlet_title_and_date(seed_build) -> None:
    _, result = seed_build
    docs = {e.document.file_names[0].rsplit("/", 1)[-1]: e.document for e in result.extractions}
    assert docs["000_d118810884ff8f68.txt"].outlet == "Tribunnews"
    assert docs["001_5c6d80f55d24bf65.txt"].title.startswith("Korea Utara Sangkal")
    assert str(docs["001_5c6d80f55d24bf65.txt"].published) == "2024-10-22"
    assert docs["003_bb98f7687318e70a.txt"].dateline == "Moskwa"
    assert docs["004_158c1db966d4b687.txt"].outlet == "sp-globalindo.co.id"


def test_pipeline_furniture_is_gone_from_the_text(seed_build) -> None:
    _, result = seed_build
    for extraction in result.extractions:
        text = extraction.document.text
        for marker in (
            "Baca juga",
            "Baca Juga",
            "loading...",
            "Copyright",
            "WhatsApp",
            "Berita Terkait",
        ):
            assert marker not in text
    keys = {k for e in result.extractions for k in e.entities}
    assert "donald-trump" not in keys and "israel" not in keys


def _rows(out: Path, name: str, arg: str | None = None) -> list[list[str]]:
    text = run(out / "graph.ttl", name, "tsv", arg)
    return [line.split("\t") for line in text.splitlines()[1:]]


def test_pipeline_denials_query_rows(seed_build) -> None:
    out, _ = seed_build
    deniers = {row[0] for row in _rows(out, "denials")}
    assert deniers == {"Korea Utara", "Rusia", "Vasily Nebenzya"}


def test_pipeline_summons_and_ratifications_query_rows(seed_build) -> None:
    out, _ = seed_build
    summons = _rows(out, "summons")
    assert {(r[0], r[1], r[2]) for r in summons} == {
        ("Korea Selatan", "Duta Besar Rusia untuk Korea Selatan", "Rusia")
    }
    ratifications = _rows(out, "ratifications")
    assert [(r[0], r[1]) for r in ratifications] == [
        ("Parlemen Rusia", "Perjanjian Kemitraan Strategis Komprehensif Rusia-Korea Utara")
    ]


def test_pipeline_entities_query_lists_types_and_wikidata(seed_build) -> None:
    out, _ = seed_build
    rows = _rows(out, "entities")
    russia = next(r for r in rows if r[2] == "Rusia")
    assert russia[0] == "State" and russia[4] == "http://www.wikidata.org/entity/Q159"
    assert any(r[0] == "Treaty" for r in rows)


def test_pipeline_one_treaty_node_for_its_many_names(seed_build) -> None:
    _, result = seed_build
    treaties = set(result.graph.subjects(RDF.type, KG.Treaty))
    parents = [t for t in treaties if (t, KG.partOf, None) not in result.graph]
    assert len(parents) == 1


def test_pipeline_held_out_graphs_conform_to_the_shapes(tmp_path: Path) -> None:
    from kg.validate import validate

    result = build([ROOT / "tests" / "data" / "unseen"], tmp_path, jobs=1, html=False)
    report = validate(result.graph)
    assert report.conforms, report.report_text
