"""The one reader of ``ontology/``: gazetteer and lexicon Turtle, validated, as Python indexes.

Everything the extractor knows about Indonesian (entities, aliases, Wikidata links, trigger
roots, titles, cues, units, qualifiers, page furniture) is data here, so a user extends
Kabar by editing Turtle. Unknown properties and aliases claimed twice are rejected with a
message that names the file and line.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import OntologyError
from kg.model import Entity
from kg.vocab import KG, KGL, KGR, RELATIONS, WD

ENTITY_TYPE_NAMES: dict[Node, str] = {
    KG.State: "State",
    KG.Official: "Official",
    KG.Agency: "Agency",
    KG.Treaty: "Treaty",
}

# What each kind of subject may say; anything else is a typo the user should hear about.
_ENTITY_PROPS: set[Node] = {
    RDF.type,
    RDFS.label,
    SKOS.altLabel,
    OWL.sameAs,
    KGL.seat,
    KGL.surname,
    KGL.kind,
    KG.agencyOf,
    KG.partOf,
    KG.represents,
    KGL.party,
    KGL.speaksForItself,
    RDFS.comment,
}
_ALLOWED: dict[Node, set[Node]] = {
    KGL.NewsSource: {RDF.type, RDFS.label, SKOS.altLabel, KGL.domain, RDFS.comment},
    KGL.NonActor: {RDF.type, RDFS.label, SKOS.altLabel, RDFS.comment},
    KGL.Trigger: {
        RDF.type, KGL.relation, KGL.root, KGL.scope, KGL.requiresNext, KGL.forbidsNext, RDFS.comment
    },
    KGL.Title: {RDF.type, RDFS.label, KGL.role, KGL.form, KGL.isDiplomat, RDFS.comment},
    KGL.AgencyKind: {RDF.type, RDFS.label, KGL.head, KGL.speaksForItself, RDFS.comment},
    KGL.TreatyHead: {RDF.type, KGL.form, RDFS.comment},
    KGL.Unit: {RDF.type, KGL.form, RDFS.comment},
    KGL.Qualifier: {RDF.type, KGL.qualifierValue, KGL.form, RDFS.comment},
    KGL.Cue: {RDF.type, KGL.cueType, KGL.form, RDFS.comment},
    KGL.FurniturePattern: {RDF.type, KGL.scope, KGL.pattern, RDFS.comment},
}
_TRIGGER_SCOPES = {"verb", "noun", "bare"}
_FURNITURE_SCOPES = {"block", "line", "section", "sentence", "tail"}
_QUALIFIERS = {"exact", "approximately", "atLeast", "moreThan", "upTo"}
_RELATION_NAMES = {str(p).split("#")[1] for p in RELATIONS}


@dataclass(frozen=True)
class Trigger:
    relation: str
    roots: frozenset[str]
    scopes: frozenset[str]
    requires_next: frozenset[str] = frozenset()
    forbids_next: frozenset[str] = frozenset()  # "memanggil pulang": a recall, no summons


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
    seats: dict[str, str] = field(default_factory=dict)  # seat name -> state key
    surnames: dict[str, str] = field(default_factory=dict)  # surname -> official key
    kinds: dict[str, str] = field(default_factory=dict)  # entity key -> agency kind
    # agencies, and kinds of agency, whose officials act for them and not for their state
    self_speaking_agencies: set[str] = field(default_factory=set)
    self_speaking_kinds: set[str] = field(default_factory=set)
    agency_by_kind: dict[tuple[str, str], str] = field(default_factory=dict)
    treaty_by_parties: dict[frozenset[str], str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # lower alias/domain -> label
    # organisations that fit no entity class (NGOs, think tanks): named, never actors
    non_actors: dict[str, str] = field(default_factory=dict)  # lower alias -> label
    triggers: list[Trigger] = field(default_factory=list)
    titles: dict[tuple[str, ...], Title] = field(default_factory=dict)
    agency_heads: dict[tuple[str, ...], str] = field(default_factory=dict)
    agency_kind_labels: dict[str, str] = field(default_factory=dict)
    treaty_heads: set[tuple[str, ...]] = field(default_factory=set)
    units: set[tuple[str, ...]] = field(default_factory=set)
    qualifiers: dict[tuple[str, ...], str] = field(default_factory=dict)
    cues: dict[str, set[tuple[str, ...]]] = field(default_factory=lambda: defaultdict(set))
    furniture: dict[str, list[re.Pattern[str]]] = field(default_factory=lambda: defaultdict(list))
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict, repr=False)

    @property
    def trigger_roots(self) -> frozenset[str]:
        return frozenset(r for t in self.triggers for r in t.roots)

    def cue(self, cue_type: str) -> set[tuple[str, ...]]:
        return self.cues.get(cue_type, set())

    def phrases(self, cue_type: str) -> list[tuple[str, ...]]:
        """Forms of a cue type, longest first and in a fixed order, so matching is deterministic."""
        key = ("phrases", cue_type)
        if key not in self._memo:
            self._memo[key] = sorted(
                self.cue(cue_type), key=lambda p: (-len(p), -len(" ".join(p)), p)
            )
        return self._memo[key]  # type: ignore[return-value]

    def phrases_by_first(self, cue_type: str) -> dict[str, list[tuple[str, ...]]]:
        """The forms of a cue type indexed by their first word, each list longest first."""
        key = ("first", cue_type)
        if key not in self._memo:
            index: dict[str, list[tuple[str, ...]]] = {}
            for phrase in self.phrases(cue_type):
                index.setdefault(phrase[0], []).append(phrase)
            self._memo[key] = index
        return self._memo[key]  # type: ignore[return-value]

    def triggers_by_root(self) -> dict[str, list[Trigger]]:
        """The triggers of each root, in the lexicon's order."""
        key = ("triggers",)
        if key not in self._memo:
            index: dict[str, list[Trigger]] = {}
            for trig in self.triggers:
                for root in sorted(trig.roots):
                    index.setdefault(root, []).append(trig)
            self._memo[key] = index
        return self._memo[key]  # type: ignore[return-value]

    def furniture_search(self, *scopes: str) -> Callable[[str], object]:
        """One search over every furniture pattern of ``scopes``: a line is furniture if any
        matches. The patterns join into one alternation, unless a user's pattern carries
        global flags that cannot be joined; then they are tried one by one."""
        key = ("furniture", scopes)
        if key not in self._memo:
            patterns = [p for scope in scopes for p in self.furniture[scope]]
            try:
                joined = re.compile(
                    "|".join(f"(?:{p.pattern})" for p in patterns) or "(?!)", re.MULTILINE
                )
                self._memo[key] = joined.search
            except re.error:
                self._memo[key] = lambda line: any(p.search(line) for p in patterns)
        return self._memo[key]  # type: ignore[return-value]

    def cue_words(self, cue_type: str) -> frozenset[str]:
        """Single-word forms of a cue type, for quick membership tests."""
        key = ("words", cue_type)
        if key not in self._memo:
            self._memo[key] = frozenset(f[0] for f in self.cue(cue_type) if len(f) == 1)
        return self._memo[key]  # type: ignore[return-value]


def default_ontology_dir() -> Path:
    """``$KABAR_ONTOLOGY``, else ``ontology/`` beside the package (the repository, editable
    installs), else the copy a plain install puts in the package (``kg/ontology``)."""
    env = os.environ.get("KABAR_ONTOLOGY")
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent
    beside = package.parent / "ontology"
    return beside if beside.is_dir() else package / "ontology"


def words(form: str) -> tuple[str, ...]:
    return tuple(form.lower().split())


def load_lexicon(ontology_dir: Path | None = None) -> Lexicon:
    """Read and validate every Turtle file of the gazetteer and the lexicon.

    Cached per folder; ``$KABAR_ONTOLOGY`` is read on every call, so changing it is seen.
    """
    root = Path(ontology_dir) if ontology_dir else default_ontology_dir()
    return _load_lexicon(root)


@lru_cache(maxsize=4)
def _load_lexicon(root: Path) -> Lexicon:
    if not root.is_dir():
        raise OntologyError(
            f"ontology folder not found: {root}; set KABAR_ONTOLOGY or run from the repo"
        )
    lex = Lexicon()
    owners: dict[str, tuple[Node, Path]] = {}
    files = sorted((root / "gazetteer").glob("*.ttl")) + sorted((root / "lexicon").glob("*.ttl"))
    if not files:
        raise OntologyError(
            f"{root}: no gazetteer/*.ttl or lexicon/*.ttl files; "
            "set KABAR_ONTOLOGY to a folder laid out like Kabar's ontology/"
        )
    for path in files:
        graph = _parse(path)
        for subject in sorted(set(graph.subjects()), key=str):
            _load_subject(lex, graph, subject, path, owners)
    _link_indexes(lex)
    return lex


def _parse(path: Path) -> Graph:
    """Parse one Turtle file; any failure names the file and, where known, the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        raise OntologyError(f"{path}: cannot read: {(reason or str(exc)).lower()}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise OntologyError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8"
        ) from None
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle", publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises several types; all mean "fix this file"
        line, detail = _syntax_error(exc, text)
        where = f"{path}:{line}" if line else str(path)
        raise OntologyError(f"{where}: not valid Turtle: {detail}") from None
    return graph


def _syntax_error(exc: Exception, text: str) -> tuple[int, str]:
    """Line and reason of an rdflib parse error.

    rdflib's own line number counts a line twice when an object list continues on the next
    line, so the line is counted here from the character offset where parsing stopped.
    """
    message = str(exc)
    why = re.search(r"Bad syntax \((.*?)\) at \^", message, re.S)
    detail = why.group(1) if why else " ".join(message.split())[:300]
    offset = getattr(exc, "_i", None)
    if isinstance(offset, int) and 0 <= offset <= len(text):
        return text.count("\n", 0, offset) + 1, detail
    reported = re.search(r"at line (\d+)", message)
    return (int(reported.group(1)) if reported else 0), detail


def _line_of(path: Path, graph: Graph, term: Node, prop: Node | str | None = None) -> int:
    """The line where ``term`` is described and, given ``prop`` (a property, or a string
    value), the first line from there that names it; 0 where it cannot be found."""
    if not isinstance(term, URIRef):
        return 0
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 0
    start = _find_line(lines, _names(graph, term), 0, subject=True) or _find_line(
        lines, _names(graph, term), 0, subject=False
    )
    if not start or prop is None:
        return start
    if isinstance(prop, URIRef):
        pattern = _names(graph, prop)
    else:  # aliases clash case-insensitively
        pattern = "(?i:" + re.escape(f'"{prop}"') + ")"
    return _find_line(lines, pattern, start - 1, subject=False) or start


def _names(graph: Graph, term: URIRef) -> str:
    """A pattern for how Turtle may write ``term``: ``<iri>`` or ``prefix:local``."""
    forms = [re.escape(f"<{term}>"), re.escape(_qname(graph, term))]
    local = re.split(r"[#/]", str(term))[-1]
    if local:
        forms.append(rf"[\w-]*:{re.escape(local)}")
    if term == RDF.type:
        forms.append(r"a")
    return rf"(?<![\w:-])(?:{'|'.join(forms)})(?![\w-])"


def _find_line(lines: list[str], pattern: str, first: int, subject: bool) -> int:
    anchored = re.compile(rf"^\s*{pattern}" if subject else pattern)
    for number in range(first, len(lines)):
        if anchored.search(lines[number]):
            return number + 1
    return 0


def _fail(
    path: Path, graph: Graph, term: Node, message: str, prop: Node | str | None = None
) -> OntologyError:
    line = _line_of(path, graph, term, prop)
    where = f"{path}:{line}" if line else str(path)
    return OntologyError(f"{where}: {message}")


def _strings(graph: Graph, s: Node, p: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(s, p) if isinstance(o, Literal))


def _one(graph: Graph, s: Node, p: URIRef, path: Path) -> str:
    """The string a lexicon entry must give for ``p``; missing, it is the file's mistake."""
    values = _strings(graph, s, p)
    if not values:
        raise _fail(path, graph, s, f"{_qname(graph, s)} has no {_qname(graph, p)}")
    return values[0]


def _qname(graph: Graph, term: Node | None) -> str:
    """``prefix:local`` with the file's own prefixes, else ``<iri>`` (never an invented ns1:)."""
    if isinstance(term, URIRef):
        with contextlib.suppress(Exception):  # no prefix of the file covers the IRI
            prefix, _, local = graph.namespace_manager.compute_qname(str(term), generate=False)
            return f"{prefix}:{local}"
    if isinstance(term, (URIRef, Literal)):
        return term.n3()
    return "a blank node"


def _slug(
    graph: Graph, s: Node, path: Path, iri: Node | None = None, prop: URIRef | None = None
) -> str:
    """The ``kgr:`` slug of an entity: ``s`` itself, or its value ``iri`` of ``prop``."""
    term = s if iri is None else iri
    text = str(term)
    if isinstance(term, URIRef) and text.startswith(str(KGR)):
        return text[len(str(KGR)) :]
    what = _qname(graph, term)
    if iri is None:
        label = next(iter(_strings(graph, s, RDFS.label)), "")
        named = f"{what} ({label})" if label and not isinstance(s, URIRef) else what
        raise _fail(
            path, graph, s, f"entity {named} must have an IRI in the kgr: namespace ({KGR})"
        )
    raise _fail(
        path,
        graph,
        s,
        f"{_qname(graph, prop)} of {_qname(graph, s)} must be a kgr: entity, not {what}",
        prop,
    )


def _load_subject(
    lex: Lexicon, graph: Graph, s: Node, path: Path, owners: dict[str, tuple[Node, Path]]
) -> None:
    types = set(graph.objects(s, RDF.type))
    entity_types = types & set(ENTITY_TYPE_NAMES)
    if entity_types:
        allowed = _ENTITY_PROPS
    else:
        known = [t for t in types if t in _ALLOWED]
        if not known:
            raise _fail(
                path,
                graph,
                s,
                f"{_qname(graph, s)} has no known rdf:type (one of "
                "kg:State, kg:Official, kg:Agency, kg:Treaty, or a kgl: lexicon class)",
            )
        allowed = _ALLOWED[known[0]]
    for p in sorted(set(graph.predicates(s)), key=str):
        if p not in allowed:
            raise _fail(
                path, graph, s, f"unknown property {_qname(graph, p)} on {_qname(graph, s)}", p
            )
    if entity_types:
        _load_entity(lex, graph, s, path, owners, entity_types)
    elif KGL.NewsSource in types:
        label = _one(graph, s, RDFS.label, path)
        for name in [label, *_strings(graph, s, SKOS.altLabel), *_strings(graph, s, KGL.domain)]:
            lex.sources[name.lower()] = label
    elif KGL.NonActor in types:
        label = _one(graph, s, RDFS.label, path)
        for name in [label, *_strings(graph, s, SKOS.altLabel)]:
            lex.non_actors[name.lower()] = label
    elif KGL.Trigger in types:
        rel = graph.value(s, KGL.relation)
        if rel is None:
            raise _fail(path, graph, s, f"{_qname(graph, s)} has no kgl:relation")
        name = str(rel).split("#")[-1]
        if name not in _RELATION_NAMES:
            raise _fail(
                path,
                graph,
                s,
                f"unknown relation {_qname(graph, rel)} on {_qname(graph, s)}",
                KGL.relation,
            )
        scopes = frozenset(_strings(graph, s, KGL.scope)) or frozenset({"verb"})
        if not scopes <= _TRIGGER_SCOPES:
            raise _fail(
                path,
                graph,
                s,
                f"unknown kgl:scope {sorted(scopes - _TRIGGER_SCOPES)} on {_qname(graph, s)}",
                KGL.scope,
            )
        lex.triggers.append(
            Trigger(
                name,
                frozenset(_strings(graph, s, KGL.root)),
                scopes,
                frozenset(_strings(graph, s, KGL.requiresNext)),
                frozenset(_strings(graph, s, KGL.forbidsNext)),
            )
        )
    elif KGL.Title in types:
        label = _one(graph, s, RDFS.label, path)
        title = Title(
            str(s).split("#")[-1],
            label,
            _one(graph, s, KGL.role, path),
            bool(graph.value(s, KGL.isDiplomat)),
        )
        for form in _strings(graph, s, KGL.form):
            lex.titles[words(form)] = title
    elif KGL.AgencyKind in types:
        kind = str(s).split("#")[-1]
        labels = {
            o.language: str(o) for o in graph.objects(s, RDFS.label) if isinstance(o, Literal)
        }
        lex.agency_kind_labels[kind] = labels.get("id") or labels.get("en") or kind
        if graph.value(s, KGL.speaksForItself):
            lex.self_speaking_kinds.add(kind)
        for form in _strings(graph, s, KGL.head):
            lex.agency_heads[words(form)] = kind
    elif KGL.TreatyHead in types:
        lex.treaty_heads.update(words(f) for f in _strings(graph, s, KGL.form))
    elif KGL.Unit in types:
        lex.units.update(words(f) for f in _strings(graph, s, KGL.form))
    elif KGL.Qualifier in types:
        value = _one(graph, s, KGL.qualifierValue, path)
        if value not in _QUALIFIERS:
            raise _fail(path, graph, s, f"unknown qualifier value {value!r}", KGL.qualifierValue)
        for form in _strings(graph, s, KGL.form):
            lex.qualifiers[words(form)] = value
    elif KGL.Cue in types:
        cue_type = _one(graph, s, KGL.cueType, path)
        lex.cues[cue_type].update(words(f) for f in _strings(graph, s, KGL.form))
    elif KGL.FurniturePattern in types:
        scope = _one(graph, s, KGL.scope, path)
        if scope not in _FURNITURE_SCOPES:
            raise _fail(path, graph, s, f"unknown furniture scope {scope!r}", KGL.scope)
        for pattern in _strings(graph, s, KGL.pattern):
            try:
                lex.furniture[scope].append(re.compile(pattern, re.MULTILINE))
            except re.error as exc:
                raise _fail(
                    path, graph, s, f"bad regular expression {pattern!r}: {exc}", KGL.pattern
                ) from None


def _load_entity(
    lex: Lexicon,
    graph: Graph,
    s: Node,
    path: Path,
    owners: dict[str, tuple[Node, Path]],
    entity_types: set[Node],
) -> None:
    key = _slug(graph, s, path)
    if key in lex.entities:
        raise _fail(path, graph, s, f"entity {key} is defined twice")
    type_name = ENTITY_TYPE_NAMES[sorted(entity_types, key=str)[0]]
    labels = {o.language: str(o) for o in graph.objects(s, RDFS.label) if isinstance(o, Literal)}
    label = labels.get("id") or labels.get(None) or labels.get("en")
    if not label:
        raise _fail(path, graph, s, f"entity {key} has no rdfs:label")
    aliases = set(labels.values()) | set(_strings(graph, s, SKOS.altLabel))
    seats = _strings(graph, s, KGL.seat)
    for name in sorted(aliases | set(seats)):
        low = name.lower()
        if low in owners and owners[low][0] != s:
            other, other_path = owners[low]
            other_line = _line_of(other_path, graph, other, name)
            where = f"{other_path}:{other_line}" if other_line else str(other_path)
            raise _fail(
                path,
                graph,
                s,
                f"alias {name!r} of {key} is already an alias of "
                f"{_slug(graph, other, other_path)} ({where}); "
                "an alias names one entity",
                name,
            )
        owners[low] = (s, path)
    for seat in seats:
        lex.seats[seat] = key
    for surname in _strings(graph, s, KGL.surname):
        lex.surnames[surname] = key
    same = graph.value(s, OWL.sameAs)
    wikidata = (
        str(same)[len(str(WD)) :] if same is not None and str(same).startswith(str(WD)) else None
    )
    kind = graph.value(s, KGL.kind)
    if kind is not None:
        lex.kinds[key] = str(kind).split("#")[-1]
    if graph.value(s, KGL.speaksForItself):
        lex.self_speaking_agencies.add(key)
    rep, agency_of, part_of = (graph.value(s, p) for p in (KG.represents, KG.agencyOf, KG.partOf))
    lex.entities[key] = Entity(
        key=key,
        type=type_name,
        label=label,
        aliases=frozenset(aliases),
        wikidata=wikidata,
        represents=_slug(graph, s, path, rep, KG.represents) if rep is not None else None,
        agency_of=_slug(graph, s, path, agency_of, KG.agencyOf) if agency_of is not None else None,
        part_of=_slug(graph, s, path, part_of, KG.partOf) if part_of is not None else None,
    )
    parties = frozenset(_slug(graph, s, path, p, KGL.party) for p in graph.objects(s, KGL.party))
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
