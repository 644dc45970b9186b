"""What `kg validate` tells a user: a Kabar graph conforms, or which node breaks which rule."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.errors import OntologyError
from kg.validate import ValidationResult, default_shapes_path, validate
from kg.vocab import KG, KGL, KGR, PREFIXES, PROV, RELATIONS, WD

BAD = Path(__file__).parent / "data" / "bad" / "ontology"
ONTOLOGY = default_shapes_path().parent / "kabar.ttl"

# A cleaned SINDOnews article (seed 001), shortened: headline first, one sentence a line.
SENTENCES = (
    "Korea Utara Sangkal Kerahkan 1.500 Pasukan Khusus Bantu Rusia Melawan Ukraina",
    "Korea Selatan mengklaim bahwa 1.500 pasukan khusus Korea Utara sudah berlatih di Timur "
    "Jauh Rusia dan siap untuk segera menuju garis depan perang Ukraina.",
    "Setelah Seoul memanggil duta besar Moskow di Korea Selatan untuk mengajukan keluhan, "
    "diplomat tersebut menekankan bahwa kerja sama antara Rusia dan Korea Utara tidak "
    "ditujukan untuk melawan kepentingan keamanan Korea Selatan.",
    "Sementara itu, pekan ini, para legislator Rusia menyetujui ratifikasi pakta pertahanan "
    "bersejarah dengan Korea Utara.",
)
TEXT = "\n".join(SENTENCES)
DOC = KGR["doc-5c6d80f55d24bf65"]

NORTH_KOREA = KGR["north-korea"]
SOUTH_KOREA = KGR["south-korea"]
RUSSIA = KGR["russia"]
AMBASSADOR = KGR["ambassador-of-russia-to-south-korea"]
PARLIAMENT = KGR["federal-assembly-of-russia"]
TREATY = KGR["treaty-on-comprehensive-strategic-partnership-russia-north-korea"]
CLAIM = KGR["claim-north-korea-deploys-special-forces"]
ESTIMATE = KGR["estimate-1500-special-forces"]


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


def add_entity(
    graph: Graph, node: URIRef, cls: URIRef, label: str, *aliases: str, wikidata: str | None = None
) -> None:
    graph.add((node, RDF.type, cls))
    graph.add((node, RDFS.label, Literal(label, lang="id")))
    for alias in aliases:
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if wikidata:
        graph.add((node, OWL.sameAs, WD[wikidata]))


def add_fact(
    graph: Graph,
    subject: URIRef,
    relation: URIRef,
    obj: URIRef,
    sentence: int,
    trigger: str,
    rule: str,
    doc: URIRef = DOC,
    text: str = TEXT,
) -> URIRef:
    """``S P O`` and its evidence statement; offsets are those of the sentence in ``text``."""
    evidence = SENTENCES[sentence]
    start = text.index(evidence)
    trigger_start = start + evidence.index(trigger)
    graph.add((subject, relation, obj))
    digest = hashlib.sha1(f"{subject} {relation} {obj} {doc} {start}".encode()).hexdigest()
    node = KGR["evidence-" + digest[:16]]
    for p, o in (
        (RDF.type, RDF.Statement),
        (RDF.subject, subject),
        (RDF.predicate, relation),
        (RDF.object, obj),
        (PROV.wasDerivedFrom, doc),
        (KG.evidenceText, Literal(evidence)),
        (KG.charStart, Literal(start)),
        (KG.charEnd, Literal(start + len(evidence))),
        (KG.triggerText, Literal(trigger)),
        (KG.triggerStart, Literal(trigger_start)),
        (KG.triggerEnd, Literal(trigger_start + len(trigger))),
        (KG.rule, Literal(rule)),
    ):
        graph.add((node, p, o))
    return node


def add_document(
    graph: Graph, doc: URIRef = DOC, text: str = TEXT, file_name: str = "001_5c6d80f55d24bf65.txt"
) -> None:
    graph.add((doc, RDF.type, KG.Document))
    graph.add((doc, KG.fileName, Literal(file_name)))
    graph.add((doc, KG.sha256, Literal(hashlib.sha256(text.encode()).hexdigest())))
    graph.add((doc, DCTERMS.title, Literal(SENTENCES[0])))
    graph.add((doc, KG.outlet, Literal("SINDOnews")))
    graph.add((doc, KG.dateline, Literal("SEOUL")))
    graph.add((doc, KG.publicationDate, Literal(dt.date(2024, 10, 22))))


def conforming_graph() -> Graph:
    """The graph the builder writes for the article above."""
    graph = new_graph()
    add_document(graph)
    add_entity(graph, NORTH_KOREA, KG.State, "Korea Utara", "Korut", "DPRK", wikidata="Q423")
    add_entity(graph, SOUTH_KOREA, KG.State, "Korea Selatan", "Seoul", wikidata="Q884")
    add_entity(graph, RUSSIA, KG.State, "Rusia", "Moskow", wikidata="Q159")
    add_entity(
        graph, AMBASSADOR, KG.Official, "Duta Besar Rusia untuk Korea Selatan", "duta besar Moskow"
    )
    add_entity(
        graph,
        PARLIAMENT,
        KG.Agency,
        "Majelis Federal Rusia",
        "para legislator Rusia",
        wikidata="Q5086",
    )
    graph.add((PARLIAMENT, KG.agencyOf, RUSSIA))
    add_entity(
        graph, TREATY, KG.Treaty, "Perjanjian Kemitraan Strategis Komprehensif", "pakta pertahanan"
    )

    graph.add((CLAIM, RDF.type, KG.Claim))
    graph.add((CLAIM, KG.text, Literal("Kerahkan 1.500 Pasukan Khusus Bantu Rusia")))
    graph.add((CLAIM, KG.claimant, SOUTH_KOREA))
    add_fact(graph, NORTH_KOREA, KG.denies, CLAIM, 0, "Sangkal", "denies-headline")

    graph.add((ESTIMATE, RDF.type, KG.Estimate))
    graph.add((ESTIMATE, KG.value, Literal(1500)))
    graph.add((ESTIMATE, KG.unit, Literal("pasukan khusus")))
    graph.add((ESTIMATE, KG.qualifier, Literal("exact")))
    graph.add((ESTIMATE, KG.about, NORTH_KOREA))
    add_fact(graph, SOUTH_KOREA, KG.estimates, ESTIMATE, 1, "mengklaim", "estimates-verb")

    add_fact(graph, SOUTH_KOREA, KG.summons, AMBASSADOR, 2, "memanggil", "summons-verb")
    add_fact(graph, AMBASSADOR, KG.represents, RUSSIA, 2, "duta besar Moskow", "represents-title")
    statement = add_fact(
        graph, PARLIAMENT, KG.ratifies, TREATY, 3, "menyetujui ratifikasi", "ratifies-verb"
    )
    graph.add((statement, KG.date, Literal(dt.date(2024, 10, 22))))
    return graph


def statement_of(graph: Graph, subject: URIRef, relation: URIRef) -> URIRef:
    (node,) = set(graph.subjects(RDF.subject, subject)) & set(
        graph.subjects(RDF.predicate, relation)
    )
    assert isinstance(node, URIRef)
    return node


def assert_fails_on(result: ValidationResult, focus: URIRef, *words: str) -> None:
    assert result.conforms is False
    assert result.violations >= 1
    assert f"Focus Node: {focus.n3(new_graph().namespace_manager)}" in result.report_text
    for word in words:
        assert word in result.report_text


def test_validate_conforming_graph() -> None:
    result = validate(conforming_graph())
    assert result.conforms, result.report_text
    assert result.violations == 0


def test_validate_conforming_graph_of_several_documents() -> None:
    """A fact read in two documents is one triple with two evidence statements."""
    graph = conforming_graph()
    other = KGR["doc-872a19423decc652"]
    add_document(graph, other, TEXT + "\n", "002_872a19423decc652.txt")
    add_fact(graph, SOUTH_KOREA, KG.summons, AMBASSADOR, 2, "memanggil", "summons-verb", doc=other)
    result = validate(graph)
    assert result.conforms, result.report_text


@pytest.mark.parametrize(
    "subject, relation",
    [
        (SOUTH_KOREA, KG.summons),
        (NORTH_KOREA, KG.denies),
        (AMBASSADOR, KG.represents),
    ],
)
def test_validate_relation_without_evidence(subject: URIRef, relation: URIRef) -> None:
    graph = conforming_graph()
    graph.remove((statement_of(graph, subject, relation), None, None))
    result = validate(graph)
    assert_fails_on(result, subject, "has no rdf:Statement with its evidence")
    assert result.violations == 1


def test_validate_relation_added_without_evidence() -> None:
    graph = conforming_graph()
    graph.add((RUSSIA, KG.supports, NORTH_KOREA))
    result = validate(graph)
    assert_fails_on(result, RUSSIA, "kg:supports", "kgr:north-korea")
    assert result.violations == 1


def test_validate_evidence_for_a_triple_not_in_the_graph() -> None:
    graph = conforming_graph()
    statement = statement_of(graph, SOUTH_KOREA, KG.summons)
    graph.remove((SOUTH_KOREA, KG.summons, AMBASSADOR))
    result = validate(graph)
    assert_fails_on(result, statement, "that triple is not in the graph")


@pytest.mark.parametrize(
    "value",
    [
        Literal("1.500"),  # Indonesian thousands separator left in a string
        Literal("sekitar 1.500"),
        Literal("ribuan"),  # a vague word is no value
        Literal(1500.5),  # xsd:double,
    ],
)
def test_validate_estimate_value_not_a_number(value: Literal) -> None:
    graph = conforming_graph()
    graph.set((ESTIMATE, KG.value, value))
    result = validate(graph)
    assert_fails_on(result, ESTIMATE, "kg:value", "xsd:integer or xsd:decimal")


def test_validate_estimate_decimal_value_conforms() -> None:
    graph = conforming_graph()
    graph.set((ESTIMATE, KG.value, Literal(Decimal("2.5"))))
    assert validate(graph).conforms


@pytest.mark.parametrize("qualifier", ["kira-kira", "sekitar", "approx", "AtLeast"])
def test_validate_estimate_bad_qualifier(qualifier: str) -> None:
    graph = conforming_graph()
    graph.set((ESTIMATE, KG.qualifier, Literal(qualifier)))
    result = validate(graph)
    assert_fails_on(result, ESTIMATE, "kg:qualifier", '"atLeast"')


def test_validate_estimate_without_unit() -> None:
    graph = conforming_graph()
    graph.remove((ESTIMATE, KG.unit, None))
    assert_fails_on(validate(graph), ESTIMATE, "kg:unit")


@pytest.mark.parametrize("start, end", [(120, 120), (200, 80)])
def test_validate_evidence_start_not_before_end(start: int, end: int) -> None:
    graph = conforming_graph()
    statement = statement_of(graph, SOUTH_KOREA, KG.estimates)
    graph.set((statement, KG.charStart, Literal(start)))
    graph.set((statement, KG.charEnd, Literal(end)))
    result = validate(graph)
    assert_fails_on(result, statement, "kg:charStart must be less than kg:charEnd")


def test_validate_evidence_negative_offset() -> None:
    graph = conforming_graph()
    statement = statement_of(graph, NORTH_KOREA, KG.denies)
    graph.set((statement, KG.charStart, Literal(-1)))
    assert_fails_on(validate(graph), statement, "kg:charStart, an xsd:integer ≥ 0")


def test_validate_evidence_trigger_outside_sentence() -> None:
    graph = conforming_graph()
    statement = statement_of(graph, SOUTH_KOREA, KG.summons)
    graph.set((statement, KG.triggerEnd, Literal(len(TEXT) + 5)))
    assert_fails_on(validate(graph), statement, "kg:triggerEnd ≤ kg:charEnd")


def test_validate_evidence_date_as_indonesian_text() -> None:
    graph = conforming_graph()
    statement = statement_of(graph, PARLIAMENT, KG.ratifies)
    graph.set((statement, KG.date, Literal("Selasa (22/10/2024)")))
    assert_fails_on(validate(graph), statement, "kg:date", "xsd:date")


def test_validate_evidence_without_document() -> None:
    graph = conforming_graph()
    statement = statement_of(graph, NORTH_KOREA, KG.denies)
    graph.remove((statement, PROV.wasDerivedFrom, None))
    assert_fails_on(validate(graph), statement, "prov:wasDerivedFrom")


def test_validate_document_without_sha256() -> None:
    graph = conforming_graph()
    graph.remove((DOC, KG.sha256, None))
    result = validate(graph)
    assert_fails_on(result, DOC, "kg:sha256")
    assert result.violations == 1


def test_validate_document_sha256_not_hex() -> None:
    graph = conforming_graph()
    graph.set((DOC, KG.sha256, Literal("5c6d80f55d24bf65")))
    assert_fails_on(validate(graph), DOC, "64 lower-case hexadecimal digits")


def test_validate_entity_with_two_labels() -> None:
    graph = conforming_graph()
    graph.add((NORTH_KOREA, RDFS.label, Literal("Korut", lang="id")))
    result = validate(graph)
    assert_fails_on(result, NORTH_KOREA, "exactly one rdfs:label")
    assert result.violations == 1


def test_validate_entity_without_label() -> None:
    graph = conforming_graph()
    graph.remove((RUSSIA, RDFS.label, None))
    assert_fails_on(validate(graph), RUSSIA, "exactly one rdfs:label")


def test_validate_entity_same_as_not_wikidata() -> None:
    graph = conforming_graph()
    graph.set((RUSSIA, OWL.sameAs, URIRef("https://id.wikipedia.org/wiki/Rusia")))
    assert_fails_on(validate(graph), RUSSIA, "Wikidata item")


def test_validate_relation_object_of_wrong_class() -> None:
    """A denial of an entity, not of a claim: "Rusia membantah Korea Utara" misread."""
    graph = conforming_graph()
    add_fact(graph, RUSSIA, KG.denies, NORTH_KOREA, 2, "Rusia", "denies-verb")
    assert_fails_on(validate(graph), RUSSIA, "The object of kg:denies must be a kg:Claim")


def test_validate_relation_subject_untyped() -> None:
    """A news outlet is provenance, never an actor."""
    graph = conforming_graph()
    outlet = KGR["outlet-sindonews"]
    graph.add((outlet, RDF.type, KGL.NewsSource))
    add_fact(graph, outlet, KG.claims, CLAIM, 1, "mengklaim", "claims-verb")
    assert_fails_on(validate(graph), outlet, "The subject of a relation must be an entity")


def test_validate_represents_from_a_state() -> None:
    graph = conforming_graph()
    add_fact(graph, SOUTH_KOREA, KG.represents, RUSSIA, 2, "Seoul", "represents-title")
    assert_fails_on(validate(graph), SOUTH_KOREA, "Only a kg:Official can kg:represents")


def test_validate_shapes_not_turtle() -> None:
    path = BAD / "shapes_not_turtle.ttl"
    with pytest.raises(OntologyError) as caught:
        validate(conforming_graph(), path)
    assert str(caught.value).startswith(f"{path}: not valid Turtle: at line 4 of <>: Bad syntax")


def test_validate_shapes_not_shacl() -> None:
    path = BAD / "shapes_values_in_sparql.ttl"
    with pytest.raises(OntologyError) as caught:
        validate(conforming_graph(), path)
    assert str(caught.value) == (
        f"{path}: not valid SHACL: A SPARQL Constraint must not contain a VALUES clause."
    )


def test_validate_shapes_missing(tmp_path: Path) -> None:
    path = tmp_path / "shapes.ttl"
    with pytest.raises(OntologyError) as caught:
        validate(conforming_graph(), path)
    assert str(caught.value) == (
        f"{path}: shapes file not found; set KABAR_ONTOLOGY or pass a path"
    )


def test_validate_default_shapes_follow_kabar_ontology(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KABAR_ONTOLOGY", str(tmp_path))
    with pytest.raises(OntologyError, match=re.escape(str(tmp_path))):
        validate(conforming_graph())


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.mark.parametrize("name", list(KG.__annotations__))
def test_validate_ontology_declares_term(ontology: Graph, name: str) -> None:
    term = KG[name]
    kinds = set(ontology.objects(term, RDF.type))
    expected = OWL.Class if name[0].isupper() else {OWL.ObjectProperty, OWL.DatatypeProperty}
    assert kinds & ({expected} if isinstance(expected, URIRef) else expected), name
    for prop in (RDFS.label, RDFS.comment):
        langs = sorted(o.language for o in ontology.objects(term, prop) if isinstance(o, Literal))
        assert langs == ["en", "id"], f"{name} {prop.n3()}: {langs}"
    if not name[0].isupper():
        assert ontology.value(term, RDFS.domain) is not None, name
        assert ontology.value(term, RDFS.range) is not None, name


@pytest.mark.parametrize("name", list(KGL.__annotations__))
def test_validate_ontology_declares_lexicon_term(ontology: Graph, name: str) -> None:
    term = KGL[name]
    assert set(ontology.objects(term, RDF.type)) & {
        OWL.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
    }, name
    assert [o.language for o in ontology.objects(term, RDFS.label)] == ["en"], name
    assert [o.language for o in ontology.objects(term, RDFS.comment)] == ["en"], name


def test_validate_ontology_relation_ranges(ontology: Graph) -> None:
    claims = {KG.denies, KG.declinesToConfirm, KG.callsFor, KG.claims}
    for relation in RELATIONS:
        if relation in claims:
            assert ontology.value(relation, RDFS.range) == KG.Claim, relation
    # kg:accuses points at the accused entity, or at a claim when the text names no one
    accused = ontology.value(ontology.value(KG.accuses, RDFS.range), OWL.unionOf)
    assert KG.Claim in set(ontology.items(accused)) and KG.State in set(ontology.items(accused))
    assert ontology.value(KG.estimates, RDFS.range) == KG.Estimate
    assert ontology.value(KG.summons, RDFS.range) == KG.Official
    assert ontology.value(KG.represents, RDFS.domain) == KG.Official
