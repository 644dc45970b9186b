"""The project's closed vocabularies: a misspelt term fails at import, not in a query."""

from rdflib import Namespace
from rdflib.namespace import DefinedNamespace
from rdflib.term import URIRef


class KG(DefinedNamespace):
    """Classes and properties of the Kabar ontology (``ontology/kabar.ttl``)."""

    _fail = True
    _NS = Namespace("https://w3id.org/kabar/ontology#")

    # entity classes
    State: URIRef
    Official: URIRef
    Agency: URIRef
    Treaty: URIRef
    # reified things
    Claim: URIRef
    Estimate: URIRef
    Document: URIRef
    # core relations
    denies: URIRef
    estimates: URIRef
    ratifies: URIRef
    summons: URIRef
    # extended relations
    declinesToConfirm: URIRef
    signs: URIRef
    represents: URIRef
    callsFor: URIRef
    supports: URIRef
    accuses: URIRef
    claims: URIRef
    # structure between entities
    agencyOf: URIRef
    partOf: URIRef
    # claims and estimates
    claimant: URIRef
    text: URIRef
    value: URIRef
    unit: URIRef
    qualifier: URIRef
    about: URIRef
    # evidence
    evidenceText: URIRef
    charStart: URIRef
    charEnd: URIRef
    triggerText: URIRef
    triggerStart: URIRef
    triggerEnd: URIRef
    date: URIRef
    rule: URIRef
    # documents
    fileName: URIRef
    sha256: URIRef
    outlet: URIRef
    dateline: URIRef
    publicationDate: URIRef


class KGL(DefinedNamespace):
    """Terms of the lexicon data in ``ontology/``: what drives the extractor."""

    _fail = True
    _NS = Namespace("https://w3id.org/kabar/lexicon#")

    # gazetteer
    seat: URIRef
    surname: URIRef
    kind: URIRef
    party: URIRef
    NewsSource: URIRef
    NonActor: URIRef
    domain: URIRef
    # lexicon entry classes
    Trigger: URIRef
    Title: URIRef
    AgencyKind: URIRef
    TreatyHead: URIRef
    Unit: URIRef
    Qualifier: URIRef
    Cue: URIRef
    FurniturePattern: URIRef
    # lexicon entry properties
    relation: URIRef
    root: URIRef
    form: URIRef
    requiresNext: URIRef
    forbidsNext: URIRef
    cueType: URIRef
    qualifierValue: URIRef
    isDiplomat: URIRef
    speaksForItself: URIRef
    role: URIRef
    head: URIRef
    pattern: URIRef
    scope: URIRef


KGR = Namespace("https://w3id.org/kabar/resource/")
WD = Namespace("http://www.wikidata.org/entity/")
PROV = Namespace("http://www.w3.org/ns/prov#")

PREFIXES = {
    "kg": str(KG._NS),
    "kgr": str(KGR),
    "kgl": str(KGL._NS),
    "wd": str(WD),
    "prov": str(PROV),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
}

ENTITY_CLASSES = (KG.State, KG.Official, KG.Agency, KG.Treaty)
CORE_RELATIONS = (KG.denies, KG.estimates, KG.ratifies, KG.summons)
EXTENDED_RELATIONS = (
    KG.declinesToConfirm,
    KG.signs,
    KG.represents,
    KG.callsFor,
    KG.supports,
    KG.accuses,
    KG.claims,
)
RELATIONS = CORE_RELATIONS + EXTENDED_RELATIONS
