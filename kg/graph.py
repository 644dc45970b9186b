"""From extractions to the RDF graph of the spec: entities, direct triples, evidence.

IRIs are slugs and content hashes, never random, so the same input gives the same graph.
Every relation is stated twice, as ``S P O`` for plain queries and as an ``rdf:Statement``
carrying the sentence, offsets, trigger words, rule, document and date.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg.model import Claim, Entity, Estimate, Extraction, Fact
from kg.vocab import KG, KGR, PREFIXES, PROV, WD

CLASS_OF = {"State": KG.State, "Official": KG.Official, "Agency": KG.Agency, "Treaty": KG.Treaty}


def _hash(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]


def entity_iri(key: str) -> URIRef:
    return KGR[key]


def claim_iri(claim: Claim) -> URIRef:
    return KGR["claim-" + _hash(claim.text, *claim.claimants)]


def estimate_iri(estimate: Estimate) -> URIRef:
    return KGR["estimate-" + _hash(estimate.value, estimate.unit, estimate.qualifier, estimate.about)]


def new_graph() -> Graph:
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


def build_graph(extractions: Iterable[Extraction]) -> Graph:
    """One graph for many documents; facts read in several documents share one triple."""
    graph = new_graph()
    entities: dict[str, Entity] = {}
    surfaces: dict[str, set[str]] = {}
    for extraction in extractions:
        add_document(graph, extraction)
        for key, entity in extraction.entities.items():
            entities.setdefault(key, entity)
            surfaces.setdefault(key, set()).update(entity.aliases)
        for fact in extraction.facts:
            add_fact(graph, fact)
    for key in sorted(entities):
        add_entity(graph, entities[key], surfaces[key], entities)
    return graph


def add_document(graph: Graph, extraction: Extraction) -> None:
    doc = extraction.document
    node = KGR[doc.doc_id]
    graph.add((node, RDF.type, KG.Document))
    for name in doc.file_names:
        graph.add((node, KG.fileName, Literal(name.replace("\\", "/").rsplit("/", 1)[-1])))
    graph.add((node, KG.sha256, Literal(doc.sha256)))
    if doc.title:
        graph.add((node, DCTERMS.title, Literal(doc.title)))
    if doc.outlet:
        graph.add((node, KG.outlet, Literal(doc.outlet)))
    if doc.dateline:
        graph.add((node, KG.dateline, Literal(doc.dateline)))
    if doc.published:
        graph.add((node, KG.publicationDate, Literal(doc.published.isoformat(), datatype=XSD.date)))


def add_entity(graph: Graph, entity: Entity, surfaces: set[str], known: dict[str, Entity]) -> None:
    node = entity_iri(entity.key)
    graph.add((node, RDF.type, CLASS_OF[entity.type]))
    graph.add((node, RDFS.label, Literal(entity.label)))
    for alias in sorted(surfaces - {entity.label}):
        graph.add((node, SKOS.altLabel, Literal(alias)))
    if entity.wikidata:
        graph.add((node, OWL.sameAs, WD[entity.wikidata]))
    if entity.agency_of and entity.agency_of in known:
        graph.add((node, KG.agencyOf, entity_iri(entity.agency_of)))
    if entity.part_of and entity.part_of in known:
        graph.add((node, KG.partOf, entity_iri(entity.part_of)))


def _object_node(graph: Graph, obj: str | Claim | Estimate) -> URIRef:
    if isinstance(obj, str):
        return entity_iri(obj)
    if isinstance(obj, Claim):
        node = claim_iri(obj)
        graph.add((node, RDF.type, KG.Claim))
        graph.add((node, KG.text, Literal(obj.text)))
        for claimant in obj.claimants:
            graph.add((node, KG.claimant, entity_iri(claimant)))
        return node
    node = estimate_iri(obj)
    graph.add((node, RDF.type, KG.Estimate))
    graph.add((node, KG.value, Literal(obj.value, datatype=XSD.integer)))
    graph.add((node, KG.unit, Literal(obj.unit)))
    graph.add((node, KG.qualifier, Literal(obj.qualifier)))
    if obj.about:
        graph.add((node, KG.about, entity_iri(obj.about)))
    return node


def add_fact(graph: Graph, fact: Fact) -> None:
    subject = entity_iri(fact.subject)
    predicate = KG[fact.relation]
    obj = _object_node(graph, fact.object)
    graph.add((subject, predicate, obj))
    ev = fact.evidence
    node = KGR["evidence-" + _hash(subject, predicate, obj, ev.doc_id, ev.start, ev.trigger_start)]
    for p, o in (
        (RDF.type, RDF.Statement), (RDF.subject, subject), (RDF.predicate, predicate),
        (RDF.object, obj), (PROV.wasDerivedFrom, KGR[ev.doc_id]),
        (KG.evidenceText, Literal(ev.text)),
        (KG.charStart, Literal(ev.start, datatype=XSD.integer)),
        (KG.charEnd, Literal(ev.end, datatype=XSD.integer)),
        (KG.triggerText, Literal(ev.trigger_text)),
        (KG.triggerStart, Literal(ev.trigger_start, datatype=XSD.integer)),
        (KG.triggerEnd, Literal(ev.trigger_end, datatype=XSD.integer)),
        (KG.rule, Literal(ev.rule)),
    ):
        graph.add((node, p, o))
    if ev.date:
        graph.add((node, KG.date, Literal(ev.date.isoformat(), datatype=XSD.date)))


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
