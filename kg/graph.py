"""From extractions to the RDF graph of the spec: entities, direct triples, evidence.

IRIs are slugs and content hashes, never random, so the same input gives the same graph.
Every relation is stated twice, as ``S P O`` for plain queries and as an ``rdf:Statement``
carrying the sentence, offsets, trigger words, rule, document and date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.model import Claim, Entity, Estimate, Extraction, Fact
from kg.vocab import KG, KGR, PREFIXES, PROV, WD

Triple = tuple[URIRef, URIRef, URIRef | Literal]
CLASS_OF = {"State": KG.State, "Official": KG.Official, "Agency": KG.Agency, "Treaty": KG.Treaty}


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=65_536)
def _literal(value: str | int, datatype: URIRef | None = None) -> Literal:
    """A literal, made once: offsets, rules, trigger words and dates recur in every batch,
    and rdflib's Literal constructor is the graph step's largest cost."""
    return Literal(value, datatype=datatype)


@lru_cache(maxsize=65_536)
def entity_iri(key: str) -> URIRef:
    """An entity's IRI, made once: entities recur in every batch."""
    return KGR[key]


def claim_iri(claim: Claim) -> URIRef:
    return KGR["claim-" + _hash(claim.text, *claim.claimants)]


def estimate_iri(estimate: Estimate) -> URIRef:
    return KGR[
        "estimate-" + _hash(estimate.value, estimate.unit, estimate.qualifier, estimate.about)
    ]


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """One graph for many documents; facts read in several documents share one triple."""
    graph = new_graph()
    merger = EntityMerger()
    for extraction in extractions:
        for triple in extraction_triples(extraction):
            graph.add(triple)
        merger.add(extraction.entities)
    for triple in merger.triples():
        graph.add(triple)
    return graph


class EntityMerger:
    """The entities of many documents, in document order: the first document to name an
    entity gives its record, every document adds the surface forms it saw."""

    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.surfaces: dict[str, set[str]] = {}

    def add(self, entities: dict[str, Entity]) -> None:
        for key, entity in entities.items():
            self.entities.setdefault(key, entity)
            self.surfaces.setdefault(key, set()).update(entity.aliases)

    def triples(self) -> Iterator[Triple]:
        for key in sorted(self.entities):
            yield from entity_triples(self.entities[key], self.surfaces[key], self.entities)


def extraction_triples(extraction: Extraction) -> Iterator[Triple]:
    """Every triple one document contributes, entities aside (see ``EntityMerger``)."""
    yield from document_triples(extraction)
    for fact in extraction.facts:
        yield from fact_triples(fact)


def add_document(graph: Graph, extraction: Extraction) -> None:
    for triple in document_triples(extraction):
        graph.add(triple)


def document_triples(extraction: Extraction) -> Iterator[Triple]:
    doc = extraction.document
    node = KGR[doc.doc_id]
    yield node, RDF.type, KG.Document
    for name in doc.file_names:
        yield node, KG.fileName, Literal(file_name(name))
    yield node, KG.sha256, Literal(doc.sha256)
    if doc.title:
        yield node, DCTERMS.title, Literal(doc.title)
    if doc.outlet:
        yield node, KG.outlet, Literal(doc.outlet)
    if doc.dateline:
        yield node, KG.dateline, Literal(doc.dateline)
    if doc.published:
        yield node, KG.publicationDate, Literal(doc.published.isoformat(), datatype=XSD.date)


def file_name(path: str) -> str:
    """The name a document's ``kg:fileName`` records: the last part of its path."""
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def add_entity(graph: Graph, entity: Entity, surfaces: set[str], known: dict[str, Entity]) -> None:
    for triple in entity_triples(entity, surfaces, known):
        graph.add(triple)


def entity_triples(
    entity: Entity, surfaces: set[str], known: dict[str, Entity]
) -> Iterator[Triple]:
    node = entity_iri(entity.key)
    yield node, RDF.type, CLASS_OF[entity.type]
    yield node, RDFS.label, Literal(entity.label)
    for alias in sorted(surfaces - {entity.label}):
        yield node, SKOS.altLabel, Literal(alias)
    if entity.wikidata:
        yield node, OWL.sameAs, WD[entity.wikidata]
    if entity.agency_of and entity.agency_of in known:
        yield node, KG.agencyOf, entity_iri(entity.agency_of)
    if entity.part_of and entity.part_of in known:
        yield node, KG.partOf, entity_iri(entity.part_of)


def _object_node(obj: str | Claim | Estimate, out: list[Triple]) -> URIRef:
    if isinstance(obj, str):
        return entity_iri(obj)
    if isinstance(obj, Claim):
        node = claim_iri(obj)
        out.append((node, RDF.type, KG.Claim))
        out.append((node, KG.text, Literal(obj.text)))
        for claimant in obj.claimants:
            out.append((node, KG.claimant, entity_iri(claimant)))
        return node
    node = estimate_iri(obj)
    out.append((node, RDF.type, KG.Estimate))
    out.append((node, KG.value, Literal(obj.value, datatype=XSD.integer)))
    out.append((node, KG.unit, Literal(obj.unit)))
    out.append((node, KG.qualifier, Literal(obj.qualifier)))
    if obj.about:
        out.append((node, KG.about, entity_iri(obj.about)))
    return node


def add_fact(graph: Graph, fact: Fact) -> None:
    for triple in fact_triples(fact):
        graph.add(triple)


_EVIDENCE_PREDICATES = (
    RDF.type, RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, KG.evidenceText,
    KG.charStart, KG.charEnd, KG.triggerText, KG.triggerStart, KG.triggerEnd, KG.rule,
)
# Read once: a DefinedNamespace attribute is a Python call, and these are read for every fact.
_STATEMENT, _DATE_PROPERTY, _INTEGER, _DATE = RDF.Statement, KG.date, XSD.integer, XSD.date


def fact_triples(fact: Fact) -> list[Triple]:
    """The direct ``S P O`` triple, the object's own node, and the evidence statement."""
    out: list[Triple] = []
    subject = entity_iri(fact.subject)
    predicate = KG[fact.relation]
    obj = _object_node(fact.object, out)
    out.append((subject, predicate, obj))
    ev = fact.evidence
    node = KGR["evidence-" + _hash(subject, predicate, obj, ev.doc_id, ev.start, ev.trigger_start)]
    objects = (
        _STATEMENT,
        subject,
        predicate,
        obj,
        KGR[ev.doc_id],
        Literal(ev.text),
        _literal(ev.start, _INTEGER),
        _literal(ev.end, _INTEGER),
        _literal(ev.trigger_text),
        _literal(ev.trigger_start, _INTEGER),
        _literal(ev.trigger_end, _INTEGER),
        _literal(ev.rule),
    )
    out += [(node, p, o) for p, o in zip(_EVIDENCE_PREDICATES, objects, strict=True)]
    if ev.date:
        out.append((node, _DATE_PROPERTY, _literal(ev.date.isoformat(), _DATE)))
    return out


def summary(graph: Graph) -> dict[str, dict[str, int] | int]:
    """Counts for the build's one-screen summary."""
    types = {name: len(set(graph.subjects(RDF.type, cls))) for name, cls in CLASS_OF.items()}
    relations: dict[str, int] = {}
    for p in sorted({p for p in graph.objects(None, RDF.predicate)}, key=str):
        relations[str(p).split("#")[-1]] = sum(1 for _ in graph.triples((None, p, None)))
    return {
        "documents": len(set(graph.subjects(RDF.type, KG.Document))),
        "entities": types,
        "relations": relations,
        "triples": len(graph),
    }
