"""The one reader of ``ontology/``: gazetteer and lexicon Turtle, validated, as Python indexes.

Everything the extractor knows about Indonesian (entities, aliases, Wikidata links, trigger
roots, titles, cues, units, qualifiers, page furniture) is data here, so a user extends
Kabar by editing Turtle. Unknown properties and aliases claimed twice are rejected with a
message that names the file and line.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import OntologyError
from kg.model import Entity
from kg.vocab import KG, KGL, KGR, WD

ENTITY_TYPE_NAMES = {KG.State: "State", KG.Official: "Official", KG.Agency: "Agency", KG.Treaty: "Treaty"}

# What each kind of subject may say; anything else is a typo the user should hear about.
_ENTITY_PROPS = {RDF.type, RDFS.label, SKOS.altLabel, OWL.sameAs, KGL.seat, KGL.surname, KGL.kind,
                 KG.agencyOf, KG.partOf, KG.represents, KGL.party, RDFS.comment}
_ALLOWED = {
    KGL.NewsSource: {RDF.type, RDFS.label, SKOS.altLabel, KGL.domain, RDFS.comment},
    KGL.Trigger: {RDF.type, KGL.relation, KGL.root, KGL.scope, KGL.requiresNext, RDFS.comment},
    KGL.Title: {RDF.type, RDFS.label, KGL.role, KGL.form, KGL.isDiplomat, RDFS.comment},
    KGL.AgencyKind: {RDF.type, RDFS.label, KGL.head, RDFS.comment},
    KGL.TreatyHead: {RDF.type, KGL.form, RDFS.comment},
    KGL.Unit: {RDF.type, KGL.form, RDFS.comment},
    KGL.Qualifier: {RDF.type, KGL.qualifierValue, KGL.form, RDFS.comment},
    KGL.Cue: {RDF.type, KGL.cueType, KGL.form, RDFS.comment},
    KGL.FurniturePattern: {RDF.type, KGL.scope, KGL.pattern, RDFS.comment},
}
_TRIGGER_SCOPES = {"verb", "noun", "bare"}
_FURNITURE_SCOPES = {"line", "section", "sentence", "tail"}
_QUALIFIERS = {"exact", "approximately", "atLeast", "moreThan", "upTo"}
_RELATION_NAMES = {str(p).split("#")[1] for p in (
    KG.denies, KG.estimates, KG.ratifies, KG.summons, KG.declinesToConfirm, KG.signs,
    KG.represents, KG.callsFor, KG.supports, KG.accuses, KG.claims)}


@dataclass(frozen=True)
class Trigger:
    relation: str
    roots: frozenset[str]
    scopes: frozenset[str]
    requires_next: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Title:
    key: str
    label: str
    role: str
    diplomat: bool


@dataclass(eq=False)
class Lexicon:
    """Indexes over the ontology data, built once per ontology folder."""

    entities: dict[str, Entity] = field(default_factory=dict)
    seats: dict[str, str] = field(default_factory=dict)          # seat name -> state key
    surnames: dict[str, str] = field(default_factory=dict)       # surname -> official key
    kinds: dict[str, str] = field(default_factory=dict)          # entity key -> agency kind
    agency_by_kind: dict[tuple[str, str], str] = field(default_factory=dict)
    treaty_by_parties: dict[frozenset[str], str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)        # lower alias/domain -> label
    triggers: list[Trigger] = field(default_factory=list)
    titles: dict[tuple[str, ...], Title] = field(default_factory=dict)
    agency_heads: dict[tuple[str, ...], str] = field(default_factory=dict)
    agency_kind_labels: dict[str, str] = field(default_factory=dict)
    treaty_heads: set[tuple[str, ...]] = field(default_factory=set)
    units: set[tuple[str, ...]] = field(default_factory=set)
    qualifiers: dict[tuple[str, ...], str] = field(default_factory=dict)
    cues: dict[str, set[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(set))
    furniture: dict[str, list[re.Pattern[str]]] = field(default_factory=lambda: defaultdict(list))

    @property
    def trigger_roots(self) -> frozenset[str]:
        return frozenset(r for t in self.triggers for r in t.roots)

    def cue(self, cue_type: str) -> set[tuple[str, ...]]:
        return self.cues.get(cue_type, set())

    def phrases(self, cue_type: str) -> list[tuple[str, ...]]:
        """Forms of a cue type, longest first and in a fixed order, so matching is deterministic."""
        return sorted(self.cue(cue_type), key=lambda p: (-len(p), -len(" ".join(p)), p))

    def cue_words(self, cue_type: str) -> frozenset[str]:
        """Single-word forms of a cue type, for quick membership tests."""
        return frozenset(f[0] for f in self.cue(cue_type) if len(f) == 1)


def default_ontology_dir() -> Path:
    """``$KABAR_ONTOLOGY``, else ``ontology/`` beside the package (editable installs and CI)."""
    env = os.environ.get("KABAR_ONTOLOGY")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "ontology"


def words(form: str) -> tuple[str, ...]:
    return tuple(form.lower().split())


@lru_cache(maxsize=4)
def load_lexicon(ontology_dir: Path | None = None) -> Lexicon:
    """Read and validate every Turtle file of the gazetteer and the lexicon."""
    root = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    if not root.is_dir():
        raise OntologyError(f"ontology folder not found: {root}; set KABAR_ONTOLOGY or run from the repo")
    lex = Lexicon()
    owners: dict[str, tuple[str, str]] = {}
    files = sorted((root / "gazetteer").glob("*.ttl")) + sorted((root / "lexicon").glob("*.ttl"))
    for path in files:
        graph = _parse(path)
        for subject in sorted(set(graph.subjects()), key=str):
            _load_subject(lex, graph, subject, path, owners)
    _link_indexes(lex)
    return lex


def _parse(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; all mean "fix this file"
        detail = " ".join(str(exc).split())
        raise OntologyError(f"{path}: not valid Turtle: {detail[:300]}") from None
    return graph


def _line_of(path: Path, term: URIRef) -> int:
    local = str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if re.search(rf"[:#/]{re.escape(local)}\b", line):
            return number
    return 0


def _fail(path: Path, term: URIRef, message: str) -> OntologyError:
    line = _line_of(path, term)
    where = f"{path}:{line}" if line else str(path)
    return OntologyError(f"{where}: {message}")


def _strings(graph: Graph, s: URIRef, p: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(s, p) if isinstance(o, Literal))


def _slug(iri: URIRef) -> str:
    text = str(iri)
    if not text.startswith(str(KGR)):
        raise OntologyError(f"entity IRI outside kgr: namespace: {text}")
    return text[len(str(KGR)):]


def _load_subject(lex: Lexicon, graph: Graph, s: URIRef, path: Path,
                  owners: dict[str, tuple[str, str]]) -> None:
    types = set(graph.objects(s, RDF.type))
    entity_types = types & set(ENTITY_TYPE_NAMES)
    if entity_types:
        allowed = _ENTITY_PROPS
    else:
        known = [t for t in types if t in _ALLOWED]
        if not known:
            raise _fail(path, s, f"{s} has no known rdf:type (one of kg:State, kg:Official, "
                                 "kg:Agency, kg:Treaty, or a kgl: lexicon class)")
        allowed = _ALLOWED[known[0]]
    for p in sorted(set(graph.predicates(s)), key=str):
        if p not in allowed:
            raise _fail(path, s, f"unknown property {graph.qname(p)} on {graph.qname(s)}")
    if entity_types:
        _load_entity(lex, graph, s, path, owners, entity_types)
    elif KGL.NewsSource in types:
        label = _strings(graph, s, RDFS.label)[0]
        for name in [label, *_strings(graph, s, SKOS.altLabel), *_strings(graph, s, KGL.domain)]:
            lex.sources[name.lower()] = label
    elif KGL.Trigger in types:
        rel = graph.value(s, KGL.relation)
        name = str(rel).split("#")[-1]
        if name not in _RELATION_NAMES:
            raise _fail(path, s, f"unknown relation {rel} on {graph.qname(s)}")
        scopes = frozenset(_strings(graph, s, KGL.scope)) or frozenset({"verb"})
        if not scopes <= _TRIGGER_SCOPES:
            raise _fail(path, s, f"unknown kgl:scope {sorted(scopes - _TRIGGER_SCOPES)}")
        lex.triggers.append(Trigger(name, frozenset(_strings(graph, s, KGL.root)), scopes,
                                    frozenset(_strings(graph, s, KGL.requiresNext))))
    elif KGL.Title in types:
        label = _strings(graph, s, RDFS.label)[0]
        title = Title(str(s).split("#")[-1], label, _strings(graph, s, KGL.role)[0],
                      bool(graph.value(s, KGL.isDiplomat)))
        for form in _strings(graph, s, KGL.form):
            lex.titles[words(form)] = title
    elif KGL.AgencyKind in types:
        kind = str(s).split("#")[-1]
        labels = {o.language: str(o) for o in graph.objects(s, RDFS.label) if isinstance(o, Literal)}
        lex.agency_kind_labels[kind] = labels.get("id") or labels.get("en") or kind
        for form in _strings(graph, s, KGL.head):
            lex.agency_heads[words(form)] = kind
    elif KGL.TreatyHead in types:
        lex.treaty_heads.update(words(f) for f in _strings(graph, s, KGL.form))
    elif KGL.Unit in types:
        lex.units.update(words(f) for f in _strings(graph, s, KGL.form))
    elif KGL.Qualifier in types:
        value = _strings(graph, s, KGL.qualifierValue)[0]
        if value not in _QUALIFIERS:
            raise _fail(path, s, f"unknown qualifier value {value!r}")
        for form in _strings(graph, s, KGL.form):
            lex.qualifiers[words(form)] = value
    elif KGL.Cue in types:
        cue_type = _strings(graph, s, KGL.cueType)[0]
        lex.cues[cue_type].update(words(f) for f in _strings(graph, s, KGL.form))
    elif KGL.FurniturePattern in types:
        scope = _strings(graph, s, KGL.scope)[0]
        if scope not in _FURNITURE_SCOPES:
            raise _fail(path, s, f"unknown furniture scope {scope!r}")
        for pattern in _strings(graph, s, KGL.pattern):
            try:
                lex.furniture[scope].append(re.compile(pattern, re.MULTILINE))
            except re.error as exc:
                raise _fail(path, s, f"bad regular expression {pattern!r}: {exc}") from None


def _load_entity(lex: Lexicon, graph: Graph, s: URIRef, path: Path,
                 owners: dict[str, tuple[str, str]], entity_types: set[URIRef]) -> None:
    key = _slug(s)
    if key in lex.entities:
        raise _fail(path, s, f"entity {key} is defined twice")
    type_name = ENTITY_TYPE_NAMES[sorted(entity_types, key=str)[0]]
    labels = {o.language: str(o) for o in graph.objects(s, RDFS.label) if isinstance(o, Literal)}
    label = labels.get("id") or labels.get(None) or labels.get("en")
    if not label:
        raise _fail(path, s, f"entity {key} has no rdfs:label")
    aliases = set(labels.values()) | set(_strings(graph, s, SKOS.altLabel))
    seats = _strings(graph, s, KGL.seat)
    for name in sorted(aliases | set(seats)):
        low = name.lower()
        if low in owners and owners[low][0] != key:
            other, other_file = owners[low]
            raise _fail(path, s, f"alias {name!r} of {key} is already an alias of {other} "
                                 f"({other_file}); an alias names one entity")
        owners[low] = (key, path.name)
    for seat in seats:
        lex.seats[seat] = key
    for surname in _strings(graph, s, KGL.surname):
        lex.surnames[surname] = key
    same = graph.value(s, OWL.sameAs)
    wikidata = str(same)[len(str(WD)):] if same is not None and str(same).startswith(str(WD)) else None
    kind = graph.value(s, KGL.kind)
    if kind is not None:
        lex.kinds[key] = str(kind).split("#")[-1]
    rep, agency_of, part_of = (graph.value(s, p) for p in (KG.represents, KG.agencyOf, KG.partOf))
    lex.entities[key] = Entity(
        key=key, type=type_name, label=label, aliases=frozenset(aliases), wikidata=wikidata,
        represents=_slug(rep) if rep is not None else None,
        agency_of=_slug(agency_of) if agency_of is not None else None,
        part_of=_slug(part_of) if part_of is not None else None,
    )
    parties = frozenset(_slug(p) for p in graph.objects(s, KGL.party))
    if parties:
        lex.treaty_by_parties[parties] = key


def _link_indexes(lex: Lexicon) -> None:
    """(kind, state) -> agency, only where one agency fits: with two legislatures of one
    state, "parlemen X" stays a node of its own rather than a guess between them."""
    candidates: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, entity in sorted(lex.entities.items()):
        kind = lex.kinds.get(key)
        if kind and entity.agency_of:
            candidates[(kind, entity.agency_of)].append(key)
    lex.agency_by_kind = {pair: keys[0] for pair, keys in candidates.items() if len(keys) == 1}
