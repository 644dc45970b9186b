"""kg query at scale: the shipped queries give the rows they gave before their rewrite, a limited
answer is the start of the whole listing and tells the total, bound values cannot inject SPARQL."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

import kg.listing as listing
from kg.cli import app
from kg.listing import SUMMARY_FILE, Summary, sparql_term, with_values
from kg.pipeline import build
from kg.query import answer, find_entity
from kg.store import open_store, persisted_store, store_path
from kg.vocab import KG, PREFIXES

ROOT = Path(__file__).resolve().parent.parent
BEFORE = ROOT / "tests" / "data" / "queries_before"
LISTINGS = ["denials", "estimates", "ratifications", "summons", "entities"]
runner = CliRunner()


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every article the tests ship (seeds and three held-out sets) in one graph, with the
    on-disk store ``kg query`` uses at scale."""
    out = tmp_path_factory.mktemp("wide")
    data = ROOT / "tests" / "data"
    build([ROOT / "seeds", data / "unseen", data / "heldout", data / "final"], out,
          html=False, store="oxigraph")
    return out / "graph.ttl"


#: Columns that list several values (GROUP_CONCAT), and their separators: the queries before
#: the rewrite listed them in whatever order the engine met them, the rewrite sorts them.
LISTS = {"claimant": ", ", "represents": ", ", "file": ", ", "aliases": " | "}


def _solutions(store: ox.Store, text: str) -> tuple[list[str], list[tuple[str, ...]]]:
    result = store.query(text, prefixes=dict(PREFIXES))
    variables = [v.value for v in result.variables]

    def cell(variable: str, term: object) -> str:
        if term is None:
            return ""
        if variable in LISTS and isinstance(term, ox.Literal):
            return LISTS[variable].join(sorted(term.value.split(LISTS[variable])))
        return str(term)

    return variables, [tuple(cell(v, s[v]) for v in variables) for s in result]


def _entities(store: ox.Store) -> list[ox.NamedNode]:
    text = ("SELECT DISTINCT ?e WHERE { VALUES ?c { kg:State kg:Official kg:Agency kg:Treaty } "
            "?e a ?c } ORDER BY ?e")
    return [s["e"] for s in store.query(text, prefixes=dict(PREFIXES))]


# -- the rewrite changed the speed, not the rows -----------------------------------------------

@pytest.mark.parametrize("name", LISTINGS)
def test_query_shipped_listing_rows_equal_the_query_before_the_rewrite(seed_build,
                                                                       name: str) -> None:
    out, _ = seed_build
    store = open_store(out / "graph.ttl")
    before = _solutions(store, (BEFORE / f"{name}.rq").read_text(encoding="utf-8"))
    after = _solutions(store, (ROOT / "kg" / "queries" / f"{name}.rq").read_text("utf-8"))
    assert after[0] == before[0]
    assert after[1], "the seeds should give rows"
    assert Counter(after[1]) == Counter(before[1])


def test_query_evidence_rows_equal_the_query_before_the_rewrite(seed_build) -> None:
    out, _ = seed_build
    store = open_store(out / "graph.ttl")
    old = (BEFORE / "evidence.rq").read_text(encoding="utf-8")
    new = (ROOT / "kg" / "queries" / "evidence.rq").read_text(encoding="utf-8")
    for entity in _entities(store):
        before = _solutions(store, with_values(old, {"entity": [entity]}))
        after = _solutions(store, with_values(new, {"entity": [entity]}))
        # the old query listed a fact twice when the entity was both its subject and the
        # subject of its estimate or claim; now every fact is one row
        assert sorted(after[1]) == sorted(set(before[1])), entity


# -- --limit: the first rows of the whole listing, and the total ------------------------------

@pytest.mark.parametrize("name", [*LISTINGS, "evidence"])
@pytest.mark.parametrize("paging", ["relation keys", "dates", "small queries"])
def test_query_limit_gives_the_first_rows_of_the_whole_listing(
        wide: Path, name: str, paging: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if paging == "dates":  # find a relation's facts date by date, as at 100,000 articles
        monkeypatch.setattr(listing, "RELATION_KEYS_MAX", 0)
    if paging == "small queries":  # a group's keys bound a few at a time, its rows sorted again
        monkeypatch.setattr(listing, "MAX_KEYS", 3)
    argument = "Rusia" if name == "evidence" else None
    whole = answer(wide, name, "tsv", argument)
    lines = whole.text.splitlines()
    assert whole.total == len(lines) - 1 > 12
    for limit in (1, 2, 5, 12):
        part = answer(wide, name, "tsv", argument, limit)
        assert part.text.splitlines() == lines[:limit + 1], limit
        assert (part.shown, part.total) == (limit, whole.total)


def test_query_limit_larger_than_the_listing_shows_every_row(wide: Path) -> None:
    whole = answer(wide, "ratifications", "csv")
    assert answer(wide, "ratifications", "csv", limit=1000) == whole
    assert whole.note is None


def test_query_listings_put_undated_facts_last(wide: Path) -> None:
    rows = [line.split("\t") for line in answer(wide, "denials", "tsv").text.splitlines()[1:]]
    dates = [row[3] for row in rows]
    assert "" in dates and dates[0]
    assert dates == sorted(dates, key=lambda d: (d == "", d))


def test_cli_query_limit_table_footer_tells_the_total(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(app, ["query", "denials", "--graph", str(out / "graph.ttl"),
                                 "--limit", "2"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 of 6 rows (--limit 0 shows all)"
    assert result.stderr == ""


@pytest.mark.parametrize(("fmt", "rows"), [("csv", 3), ("tsv", 3), ("json", None)])
def test_cli_query_limit_in_data_formats_tells_the_total_on_stderr(seed_build, fmt: str,
                                                                    rows: int | None) -> None:
    out, _ = seed_build
    result = runner.invoke(app, ["query", "estimates", "--graph", str(out / "graph.ttl"),
                                 "--format", fmt, "--limit", "2"])
    assert result.exit_code == 0
    if rows is None:
        assert len(json.loads(result.stdout)) == 2
    else:
        assert len(result.stdout.splitlines()) == rows
    assert result.stderr == "Note: 2 of 8 rows shown; --limit 0 shows all\n"


def test_cli_query_limit_zero_shows_every_row(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(app, ["query", "entities", "--graph", str(out / "graph.ttl"),
                                 "--format", "csv", "--limit", "0"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1 + 33
    assert result.stderr == ""


def test_cli_query_limit_applies_to_any_select(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(app, ["query", "SELECT ?doc WHERE { ?doc a kg:Document }",
                                 "--graph", str(out / "graph.ttl"), "--limit", "1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "1 of 5 rows (--limit 0 shows all)"


def test_cli_query_negative_limit_is_refused(seed_build) -> None:
    out, _ = seed_build
    result = runner.invoke(app, ["query", "denials", "--graph", str(out / "graph.ttl"),
                                 "--limit", "-1"])
    assert result.exit_code == 2
    assert "Invalid value for '--limit'" in result.stderr


# -- bound values are inlined safely -----------------------------------------------------------

NASTY = [
    'Korea" } UNION { ?s ?p ?o } #',
    'back\\slash" . ?x ?y ?z',
    "newline\n} ; DELETE WHERE { ?s ?p ?o }",
    "\\u0022 } UNION { ?a ?b ?c",
    'tab\tand "quotes" and \\"escaped\\"',
    "carriage\rreturn",
    "ünïcödé «» 日本",
]


@pytest.mark.parametrize("value", NASTY)
def test_query_sparql_term_round_trips_a_literal_unchanged(value: str) -> None:
    store = ox.Store()
    for literal in (ox.Literal(value), ox.Literal(value, language="id"),
                    ox.Literal(value, datatype=ox.NamedNode("http://example.org/t"))):
        text = with_values("SELECT ?v\nWHERE {\n}\n", {"v": [literal]})
        assert [s["v"] for s in store.query(text)] == [literal]


@pytest.mark.parametrize("term", [ox.BlankNode("b0"), ox.Triple(
    ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/o"))])
def test_query_sparql_term_refuses_what_values_cannot_hold(term: object) -> None:
    with pytest.raises(ValueError):
        sparql_term(term)


def test_query_with_values_needs_a_where_line_of_its_own() -> None:
    with pytest.raises(ValueError, match="no line 'WHERE {'"):
        with_values("SELECT * { ?s ?p ?o }", {"s": [ox.NamedNode("http://x/s")]})


@pytest.mark.parametrize("name", NASTY + ["kgr:russia> } ; DROP ALL #", "Rusia' } #"])
def test_cli_query_evidence_of_an_odd_name_finds_nothing_and_changes_nothing(
        seed_build, name: str) -> None:
    out, _ = seed_build
    graph = out / "graph.ttl"
    before = graph.read_bytes()
    result = runner.invoke(app, ["query", "evidence", name, "--graph", str(graph)])
    assert result.exit_code == 2
    assert result.stderr.startswith(("Error: no entity named", "Error: not a valid IRI"))
    assert result.stderr.count("\n") == 1
    assert graph.read_bytes() == before


ODD = '''@prefix kg: <https://w3id.org/kabar/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/kabar/resource/odd%22%7D%20name> a kg:State ;
    rdfs:label "Odd \\" } UNION { ?s ?p ?o } # \\\\u0022 name" .
<https://w3id.org/kabar/resource/other> a kg:State ; rdfs:label "Other" .
<https://w3id.org/kabar/resource/doc-1> a kg:Document ; kg:fileName "a\\"b.txt" ;
    kg:publicationDate "2024-01-02"^^xsd:date .
'''


def _odd_graph(folder: Path, facts: int) -> Path:
    lines = [ODD]
    for n in range(facts):
        lines.append(
            f'<https://w3id.org/kabar/resource/evidence-{n}> a rdf:Statement ;\n'
            '    rdf:subject <https://w3id.org/kabar/resource/odd%22%7D%20name> ;\n'
            '    rdf:predicate kg:denies ; rdf:object <https://w3id.org/kabar/resource/claim> ;\n'
            '    prov:wasDerivedFrom <https://w3id.org/kabar/resource/doc-1> ;\n'
            f'    kg:evidenceText "kalimat \\" }} #{n}" ;\n'
            f'    kg:date "2024-01-{n % 3 + 1:02d}\\" }} #"^^xsd:date .\n')
    lines.append('<https://w3id.org/kabar/resource/claim> kg:text "klaim \\\\ \\"x\\"" .\n')
    graph = folder / "graph.ttl"
    graph.write_text("".join(lines), encoding="utf-8")
    return graph


def test_query_evidence_of_an_entity_with_quotes_in_its_iri_and_label(tmp_path: Path) -> None:
    graph = _odd_graph(tmp_path, 4)
    store = open_store(graph)
    label = 'Odd " } UNION { ?s ?p ?o } # \\u0022 name'
    odd = find_entity(store, label)
    assert odd.value == "https://w3id.org/kabar/resource/odd%22%7D%20name"
    rows = json.loads(answer(graph, "evidence", "json", label).text)
    assert len(rows) == 4
    assert {row["subject"] for row in rows} == {label}
    assert {row["file"] for row in rows} == {'a"b.txt'}


@pytest.mark.parametrize("paging", ["relation keys", "dates"])
def test_query_paging_inlines_odd_dates_and_iris_safely(
        tmp_path: Path, paging: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if paging == "dates":
        monkeypatch.setattr(listing, "RELATION_KEYS_MAX", 0)
    graph = _odd_graph(tmp_path, 9)
    whole = answer(graph, "denials", "tsv")
    assert whole.total == 9
    part = answer(graph, "denials", "tsv", limit=4)
    assert part.text.splitlines() == whole.text.splitlines()[:5]
    assert part.total == 9


# -- naming an entity -------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Rusia", "rusia", "RUSIA", "russia", "kgr:russia",
                                  "https://w3id.org/kabar/resource/russia", "Moskwa"])
def test_query_find_entity_by_label_slug_iri_or_alias(seed_build, name: str) -> None:
    out, _ = seed_build
    store = open_store(out / "graph.ttl")
    assert find_entity(store, name).value == "https://w3id.org/kabar/resource/russia"


def test_query_limit_on_facts_without_iris_falls_back_to_the_whole_listing(
        tmp_path: Path) -> None:
    # a graph made elsewhere may reify facts as blank nodes, which VALUES cannot hold
    graph = _odd_graph(tmp_path, 3)
    text = graph.read_text(encoding="utf-8")
    for n in range(3):
        text = text.replace(f"<https://w3id.org/kabar/resource/evidence-{n}>", f"_:fact{n}")
    graph.write_text(text, encoding="utf-8")
    whole = answer(graph, "denials", "tsv")
    part = answer(graph, "denials", "tsv", limit=1)
    assert whole.total == part.total == 3
    assert part.text.splitlines() == whole.text.splitlines()[:2]


@pytest.mark.parametrize(("name", "column", "separator"),
                         [("denials", 2, ", "), ("entities", 3, " | ")])
def test_query_values_listed_in_one_cell_are_in_order(wide: Path, name: str, column: int,
                                                      separator: str) -> None:
    # regression: claimants and aliases came in the order of the plan Oxigraph chose, which
    # changed with the number of keys a page binds
    cells = [row.split("\t")[column]
             for row in answer(wide, name, "tsv").text.splitlines()[1:]]
    lists = [cell.split(separator) for cell in cells if separator in cell]
    assert lists
    assert all(items == sorted(items) for items in lists)


# -- the statistics the build keeps with the store --------------------------------------------

def test_query_store_keeps_the_statistics_paging_needs(wide: Path) -> None:
    folder = persisted_store(wide)
    assert folder is not None
    store = open_store(wide)
    kept = Summary.read(store, folder)
    assert kept.kept == json.loads(Summary(store).to_json())
    assert kept.relations()[str(KG.denies)] == answer(wide, "denials", "csv").total
    assert [d.value for d in kept.dates()] == sorted(d.value for d in kept.dates())


def test_query_limit_without_kept_statistics_gives_the_same_rows(wide: Path,
                                                                 tmp_path: Path) -> None:
    # a store written by an older Kabar has no statistics: they are queried instead
    copy = tmp_path / "graph.ttl"
    shutil.copy2(wide, copy)
    shutil.copytree(store_path(wide), store_path(copy))
    (store_path(copy) / SUMMARY_FILE).unlink()
    assert persisted_store(copy) == store_path(copy)
    for name in LISTINGS:
        assert answer(copy, name, "tsv", limit=7) == answer(wide, name, "tsv", limit=7)
