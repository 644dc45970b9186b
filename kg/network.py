"""What the interactive page shows, read from the graph: nodes, edges, evidence, documents.

The page is a view of the graph, so everything it counts must be derivable from the
graph: one node per entity, ``kg:Claim`` and ``kg:Estimate`` (plus any untyped endpoint
of a relation, shown as "Other" so that no stated fact disappears), one edge per distinct
``S kg:<relation> O`` triple, and one edge per structural link (``kg:agencyOf``,
``kg:partOf``, ``kg:claimant``, ``kg:about``) between two shown nodes. Every list is
sorted, so the same graph always gives the same view, whatever order rdflib yields.

Reading uses the rdflib API rather than SPARQL: a handful of indexed pattern lookups per
node is far cheaper than rdflib's SPARQL engine at 5,000 nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.vocab import ENTITY_CLASSES, KG, PROV, RELATIONS

KINDS = tuple(c.fragment for c in ENTITY_CLASSES) + ("Claim", "Estimate", "Other")
RELATION_NAMES = tuple(r.fragment for r in RELATIONS)
LINKS = (KG.agencyOf, KG.partOf, KG.claimant, KG.about)
LINK_NAMES = tuple(p.fragment for p in LINKS)
QUALIFIER_SIGNS = {
    "exact": "",
    "approximately": "≈",
    "atLeast": "≥",
    "moreThan": ">",
    "upTo": "≤",
}
CLAIM_LABEL_CHARS = 40


@dataclass
class NodeView:
    """One node of the page; ``index`` is its id in the page, assigned after sorting."""

    term: Node
    kind: str
    label: str
    alt_labels: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    text: str | None = None
    claimants: list[str] = field(default_factory=list)
    value: int | None = None
    unit: str | None = None
    qualifier: str | None = None
    about: str | None = None
    degree: int = 0
    index: int = -1


@dataclass(frozen=True)
class EvidenceView:
    """A supporting sentence split around its trigger, so no offset arithmetic is left to JS.

    JavaScript strings count UTF-16 units while the graph's offsets count code points;
    splitting here keeps an emoji before the trigger from shifting the highlight.
    """

    doc: int
    before: str
    trigger: str
    after: str
    date: str | None
    rule: str | None
    char_start: int | None


@dataclass
class EdgeView:
    """One edge: a relation triple with its evidence, or an evidence-free structural link."""

    source: NodeView
    relation: str
    target: NodeView
    evidence: list[EvidenceView] = field(default_factory=list)
    is_link: bool = False

    @property
    def documents(self) -> int:
        """How many documents report this fact: the ``×n`` on its label."""
        return len({e.doc for e in self.evidence})


@dataclass(frozen=True)
class DocumentView:
    """What the evidence panel says about where a sentence was read."""

    term: Node
    title: str | None
    outlet: str | None
    date: str | None
    dateline: str | None
    file_names: tuple[str, ...]


@dataclass
class NetworkView:
    """Everything the page shows, in the order it is written."""

    nodes: list[NodeView]
    edges: list[EdgeView]
    documents: list[DocumentView]

    @property
    def relation_edges(self) -> int:
        """Edges that are facts (``S kg:<relation> O``), as opposed to structural links."""
        return sum(1 for e in self.edges if not e.is_link)


def read_network(graph: Graph) -> NetworkView:
    """Read the nodes, edges, evidence and documents the page shows from ``graph``."""
    nodes = _typed_nodes(graph)
    triples: set[tuple[Node, str, Node]] = set()
    for relation in RELATIONS:
        for s, o in graph.subject_objects(relation):
            triples.add((s, relation.fragment, o))
    for s, _, o in triples:
        for term in (s, o):
            if term not in nodes:
                nodes[term] = NodeView(term, "Other", _plain_label(graph, term))
    _number_nodes(nodes)

    documents, doc_index = _read_documents(graph)
    evidence = _read_evidence(graph, triples, doc_index, documents)
    edges = [
        EdgeView(nodes[s], rel, nodes[o], evidence.get((s, rel, o), [])) for s, rel, o in triples
    ]
    for link in LINKS:
        for s, o in graph.subject_objects(link):
            if s in nodes and o in nodes:
                edges.append(EdgeView(nodes[s], link.fragment, nodes[o], is_link=True))
    order = {name: i for i, name in enumerate(RELATION_NAMES + LINK_NAMES)}
    edges.sort(key=lambda e: (e.is_link, order[e.relation], e.source.index, e.target.index))
    for edge in edges:
        edge.source.degree += 1
        edge.target.degree += 1
    for node in nodes.values():
        if node.kind in ("Claim", "Other"):
            claimants = graph.objects(node.term, KG.claimant)
            node.claimants = sorted({_label_of(nodes, graph, c) for c in claimants})
        if node.kind == "Estimate" and (about := _first_term(graph.objects(node.term, KG.about))):
            node.about = _label_of(nodes, graph, about)
    return NetworkView(sorted(nodes.values(), key=lambda n: n.index), edges, documents)


def _typed_nodes(graph: Graph) -> dict[Node, NodeView]:
    """Entities (their first class in vocab order wins), claims and estimates."""
    nodes: dict[Node, NodeView] = {}
    for cls in ENTITY_CLASSES:
        for term in graph.subjects(RDF.type, cls):
            if term not in nodes:
                node = NodeView(term, cls.fragment, _plain_label(graph, term))
                node.alt_labels = _strings(graph.objects(term, SKOS.altLabel))
                node.same_as = _strings(graph.objects(term, OWL.sameAs))
                nodes[term] = node
    for term in graph.subjects(RDF.type, KG.Claim):
        if term not in nodes:
            text = _first(graph.objects(term, KG.text)) or _plain_label(graph, term)
            nodes[term] = NodeView(term, "Claim", _shorten(text), text=text)
    for term in graph.subjects(RDF.type, KG.Estimate):
        if term not in nodes:
            nodes[term] = _estimate_node(graph, term)
    return nodes


def _estimate_node(graph: Graph, term: Node) -> NodeView:
    """An estimate labelled the way an Indonesian reader writes it: "≥3.000 tentara"."""
    raw = graph.value(term, KG.value)
    try:
        value = int(raw.toPython()) if isinstance(raw, Literal) else None
    except (TypeError, ValueError):
        value = None
    unit = _first(graph.objects(term, KG.unit))
    qualifier = _first(graph.objects(term, KG.qualifier))
    number = f"{value:,}".replace(",", ".") if value is not None else "?"
    sign = QUALIFIER_SIGNS.get(qualifier or "exact", f"{qualifier} ")
    label = f"{sign}{number} {unit}" if unit else f"{sign}{number}"
    return NodeView(term, "Estimate", label, value=value, unit=unit, qualifier=qualifier)


def _number_nodes(nodes: dict[Node, NodeView]) -> None:
    """Give page ids in a stable order: kind, then label, then IRI."""
    rank = {kind: i for i, kind in enumerate(KINDS)}
    ordered = sorted(
        nodes.values(), key=lambda n: (rank[n.kind], n.label.casefold(), n.label, _key(n.term))
    )
    for i, node in enumerate(ordered):
        node.index = i


def _read_documents(graph: Graph) -> tuple[list[DocumentView], dict[Node, int]]:
    """Documents typed ``kg:Document`` or cited by evidence, sorted by date then title."""
    terms = set(graph.subjects(RDF.type, KG.Document))
    terms.update(graph.objects(None, PROV.wasDerivedFrom))
    docs = []
    for term in terms:
        docs.append(
            DocumentView(
                term,
                title=_first(graph.objects(term, DCTERMS.title)),
                outlet=_first(graph.objects(term, KG.outlet)),
                date=_day(_first(graph.objects(term, KG.publicationDate))),
                dateline=_first(graph.objects(term, KG.dateline)),
                file_names=tuple(_strings(graph.objects(term, KG.fileName))),
            )
        )
    docs.sort(key=lambda d: (d.date or "", d.title or "", d.file_names, _key(d.term)))
    return docs, {d.term: i for i, d in enumerate(docs)}


def _read_evidence(
    graph: Graph,
    triples: set[tuple[Node, str, Node]],
    doc_index: dict[Node, int],
    documents: list[DocumentView],
) -> dict[tuple[Node, str, Node], list[EvidenceView]]:
    """The ``rdf:Statement`` evidence of each relation triple, in reading order."""
    found: dict[tuple[Node, str, Node], list[EvidenceView]] = defaultdict(list)
    for st in graph.subjects(RDF.type, RDF.Statement):
        predicate = graph.value(st, RDF.predicate)
        if not isinstance(predicate, URIRef) or predicate not in RELATIONS:
            continue
        key = (graph.value(st, RDF.subject), predicate.fragment, graph.value(st, RDF.object))
        doc = graph.value(st, PROV.wasDerivedFrom)
        if key not in triples or doc not in doc_index:
            continue
        text = _first(graph.objects(st, KG.evidenceText)) or ""
        start = _int(graph.value(st, KG.charStart))
        before, trigger, after = split_trigger(
            text,
            start,
            _int(graph.value(st, KG.triggerStart)),
            _int(graph.value(st, KG.triggerEnd)),
            _first(graph.objects(st, KG.triggerText)) or "",
        )
        i = doc_index[doc]
        date = _day(_first(graph.objects(st, KG.date))) or documents[i].date
        rule = _first(graph.objects(st, KG.rule))
        found[key].append(EvidenceView(i, before, trigger, after, date, rule, start))
    for key, items in found.items():
        found[key] = sorted(set(items), key=_evidence_order)
    return found


def _evidence_order(e: EvidenceView) -> tuple:
    """Reading order: date, document, position; the text breaks any remaining tie."""
    position = -1 if e.char_start is None else e.char_start
    return (e.date or "", e.doc, position, e.before, e.trigger, e.after, e.rule or "")


def split_trigger(
    text: str, start: int | None, t_start: int | None, t_end: int | None, trigger: str
) -> tuple[str, str, str]:
    """Split ``text`` into before/trigger/after using document offsets, else by search.

    Offsets index the cleaned document; the sentence starts at ``start``. When they are
    missing or disagree with ``trigger``, the first occurrence of ``trigger`` is used, and
    when that fails too nothing is highlighted rather than the wrong words.
    """
    if start is not None and t_start is not None and t_end is not None:
        a, b = t_start - start, t_end - start
        if 0 <= a < b <= len(text) and (not trigger or text[a:b] == trigger):
            return text[:a], text[a:b], text[b:]
    if trigger and (a := text.find(trigger)) >= 0:
        return text[:a], trigger, text[a + len(trigger) :]
    return text, "", ""


def _shorten(text: str, limit: int = CLAIM_LABEL_CHARS) -> str:
    """A claim's label: its text cut at a word boundary, in quotation marks."""
    text = " ".join(text.split())
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"
    return f"“{text}”"


def _plain_label(graph: Graph, term: Node) -> str:
    """``rdfs:label``, else the IRI's last segment, else the literal itself."""
    label = _first(graph.objects(term, RDFS.label))
    if label:
        return label
    text = str(term)
    return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text


def _label_of(nodes: dict[Node, NodeView], graph: Graph, term: Node) -> str:
    return nodes[term].label if term in nodes else _plain_label(graph, term)


def _strings(values: Iterable[Node]) -> list[str]:
    return sorted({str(v) for v in values})


def _first(values: Iterable[Node]) -> str | None:
    """The smallest of several values, so a graph with two titles still renders stably."""
    strings = _strings(values)
    return strings[0] if strings else None


def _sorted(values: Iterable[Node]) -> list[Node]:
    return sorted(set(values), key=_key)


def _key(term: Node) -> tuple[str, str]:
    return (type(term).__name__, str(term))


def _int(value: Node | None) -> int | None:
    try:
        return int(value) if isinstance(value, Literal) else None
    except (TypeError, ValueError):
        return None


def _day(value: str | None) -> str | None:
    """``YYYY-MM-DD`` of a date or date-time, so the page compares days with days."""
    return value[:10] if value else None


def _first_term(values: Iterable[Node]) -> Node | None:
    terms = _sorted(values)
    return terms[0] if terms else None
