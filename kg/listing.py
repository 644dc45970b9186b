"""The first rows of a long listing, found without evaluating all of it.

At 100,000 articles a shipped listing has hundreds of thousands of rows, and each index lookup
in the on-disk store costs microseconds: evaluating and sorting every row takes tens of seconds.
A listing is ordered first by something an index finds cheaply — the date of a fact, the type of
an entity — so its first rows lie in its first few *groups*: all the facts of the earliest
dates, all the entities of the first type. ``first_rows`` finds the keys of those groups with
small queries (``kg/queries/paging/``), runs the listing's own query on just those keys, inlined
as a ``VALUES`` block, and keeps the listing's own ORDER BY within them. Groups come in order
and each is complete, so the rows are exactly the first rows of the whole listing.

Every listing has one row per key (a reified statement; an entity and its type) in a graph that
conforms to ``ontology/shapes.ttl``, so its total is a count of keys. The counts and the list of
dates take a scan of the whole graph (a second at 100,000 articles), so the build works them
out once, when it loads the on-disk store, and keeps them in it (``Summary``).

Values are written into query text only by ``sparql_term`` (IRIs checked, literals escaped) and
only from the graph or the vocabulary; a user's words never reach the query text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.vocab import KG, PREFIXES

#: Facts of a relation up to this many are keyed in one query, their dates looked up one by
#: one; above it, the keys are found date by date from an index. The first costs about 100 µs
#: a fact at 100,000 articles, the second about 0.05 s a date, and a page needs more dates
#: the rarer the facts are.
RELATION_KEYS_MAX = 5_000
#: Keys one query binds at most: Oxigraph loops from a VALUES block of up to 1,000 rows but
#: joins a larger one by hash, after evaluating the whole pattern (on the 10k graph a page of
#: denials takes 0.04 s with 1,000 keys, 1.7 s with 1,001).
MAX_KEYS = 1000
#: Entity classes in the order the entities listing sorts them (by type name).
CLASSES = tuple(ox.NamedNode(str(c)) for c in sorted((KG.Agency, KG.Official, KG.State,
                                                      KG.Treaty), key=str))

#: The statistics of a store that paging needs, kept in the store's folder by the build.
SUMMARY_FILE = "kabar-summary.json"
_WHERE = re.compile(r"^[ \t]*WHERE \{[ \t]*$", re.MULTILINE)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LANGUAGE = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

def sparql_term(term: object) -> str:
    """A term as SPARQL text for a ``VALUES`` block; ``ValueError`` for what cannot be inlined.

    IRIs are checked against the characters an IRI may not hold (so ``>`` cannot end one
    early), literals have ``\\``, ``"`` and line breaks escaped (so ``"`` cannot end one),
    blank nodes are refused (VALUES cannot hold them).
    """
    if isinstance(term, ox.NamedNode):
        if _IRI_FORBIDDEN.search(term.value):
            raise ValueError(f"not an IRI that can be written in a query: {term.value!r}")
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        text = '"' + term.value.translate(_ESCAPES) + '"'
        if term.language:
            if not _LANGUAGE.fullmatch(term.language):
                raise ValueError(f"not a language tag: {term.language!r}")
            return f"{text}@{term.language}"
        if term.datatype.value == _XSD_STRING:
            return text
        return f"{text}^^{sparql_term(term.datatype)}"
    raise ValueError(f"cannot be written in a VALUES block: {term!r}")


def with_values(text: str, values: dict[str, Sequence[object]],
                rows: tuple[Sequence[str], Sequence[Sequence[object]]] | None = None) -> str:
    """``text`` with a ``VALUES ?name { … }`` block per entry of ``values`` (and one block of
    ``rows`` for several variables) at the start of its innermost WHERE group: the last line
    that is just ``WHERE {``.

    There, not after the query, so that Oxigraph starts from the given values: a VALUES block
    joined to a group it cannot loop into (a trailing one, or one outside a subquery) is
    joined after the whole group is evaluated.
    """
    found = list(_WHERE.finditer(text))
    if not found:
        raise ValueError("the query has no line 'WHERE {' to bind values at")
    pad = "\n" + " " * (found[-1].group(0).index("WHERE") + 2)
    blocks = "".join(
        f"{pad}VALUES ?{name} {{ {' '.join(sparql_term(t) for t in terms)} }}"
        for name, terms in values.items())
    if rows is not None:
        names, table = rows
        blocks += f"{pad}VALUES ({' '.join('?' + n for n in names)}) {{" + "".join(
            f"{pad}  (" + " ".join(sparql_term(t) for t in row) + ")" for row in table) + f"{pad}}}"
    end = found[-1].end()
    return text[:end] + blocks + text[end:]


def _helper(name: str) -> str:
    return (resources.files("kg.queries") / "paging" / f"{name}.rq").read_text("utf-8")


def _select(store: ox.Store, text: str) -> tuple[list[str], list[list[object]]]:
    result = store.query(text, prefixes=dict(PREFIXES))
    assert isinstance(result, ox.QuerySolutions)
    variables = [v.value for v in result.variables]
    return variables, [[solution[v] for v in variables] for solution in result]


@dataclass(frozen=True)
class Page:
    """The first rows of a listing and how many rows the whole listing has."""

    variables: list[str]
    rows: list[list[object]]
    total: int


@dataclass(frozen=True)
class Paging:
    """How one shipped listing is paged: by the date of its facts, or by entity type."""

    relation: ox.NamedNode | None = None  # a relation listing: its facts, by date
    entity_facts: bool = False  # evidence ENTITY: the facts about one entity, by date
    classes: bool = False  # entities: by type


PAGING = {
    "denials": Paging(relation=ox.NamedNode(str(KG.denies))),
    "estimates": Paging(relation=ox.NamedNode(str(KG.estimates))),
    "ratifications": Paging(relation=ox.NamedNode(str(KG.ratifies))),
    "summons": Paging(relation=ox.NamedNode(str(KG.summons))),
    "evidence": Paging(entity_facts=True),
    "entities": Paging(classes=True),
}


def first_rows(store: ox.Store, name: str, text: str, limit: int,
               bindings: dict[str, Sequence[object]] | None = None,
               summary: Summary | None = None) -> Page | None:
    """The first ``limit`` rows of the shipped listing ``name`` (whose query is ``text``, with
    its parameters in ``bindings``) and its total; None when the whole listing is the cheaper
    answer: it has no more rows than ``limit``, or no paging, or its groups ran out.
    ``summary``: the store's statistics, if the build kept them (else they are queried)."""
    paging = PAGING.get(name)
    if paging is None or limit <= 0:
        return None
    summary = summary or Summary(store)
    bindings = dict(bindings or {})
    groups: Iterator[tuple[str, list[object]]]
    if paging.classes:
        counts = summary.classes()
        total = sum(counts.values())
        groups = (("class", [c]) for c in CLASSES if counts.get(c.value))
    elif paging.relation is not None:
        total = summary.relations().get(paging.relation.value, 0)
        groups = (("s", keys)
                  for keys in _relation_groups(store, paging.relation, total, limit, summary))
    else:
        # an entity's facts are found from the entity, then dated one by one: about 100 µs a
        # fact at 100,000 articles (0.3 s for 4,000 facts, 1-1.5 s for the 13,000 of a state)
        keyed = _select(store, with_values(_helper("entity-keys"), bindings))[1]
        total = len({row[0] for row in keyed})
        groups = (("s", keys) for keys in _batches(keyed, limit))
    if total <= limit:
        return None
    variables: list[str] = []
    rows: list[list[object]] = []
    try:
        for key, values in groups:
            variables, found = _group_rows(store, text, key, values, bindings)
            rows += found
            if len(rows) >= limit:
                return Page(variables, rows[:limit], total)
    except ValueError:
        return None  # a key VALUES cannot hold (a blank node): the whole listing it is
    return None  # undated facts not reached, or a graph with fewer rows than keys


class Summary:
    """A store's statistics for paging: facts per relation, entities per class, and every
    date in order; read from what the build kept, or queried (and remembered) when asked."""

    def __init__(self, store: ox.Store, kept: dict | None = None) -> None:
        self.store = store
        self.kept = dict(kept or {})

    def relations(self) -> dict[str, int]:
        if "relations" not in self.kept:
            rows = _select(self.store, _helper("relation-counts"))[1]
            self.kept["relations"] = {r[0].value: int(r[1].value) for r in rows  # type: ignore[attr-defined]
                                      if isinstance(r[0], ox.NamedNode)}
        return self.kept["relations"]

    def classes(self) -> dict[str, int]:
        if "classes" not in self.kept:
            rows = _select(self.store, with_values(_helper("class-count"), {"class": CLASSES}))[1]
            self.kept["classes"] = {r[0].value: int(r[1].value) for r in rows}  # type: ignore[attr-defined]
        return self.kept["classes"]

    def dates(self) -> list[ox.Literal]:
        if "dates" not in self.kept:
            rows = _select(self.store, _helper("dates"))[1]
            self.kept["dates"] = [[r[0].value, r[0].language or r[0].datatype.value]
                                  for r in rows if isinstance(r[0], ox.Literal)]
        return [ox.Literal(value, datatype=ox.NamedNode(kind)) if ":" in kind
                else ox.Literal(value, language=kind) for value, kind in self.kept["dates"]]

    def to_json(self) -> str:
        """Every statistic, as the build keeps them in the store's folder."""
        self.relations()
        self.classes()
        self.dates()
        return json.dumps(self.kept, ensure_ascii=False, sort_keys=True)

    @classmethod
    def read(cls, store: ox.Store, folder: Path | None) -> Summary:
        """The statistics kept in a store's ``folder`` (none: queried when needed)."""
        if folder is not None:
            try:
                kept = json.loads((Path(folder) / SUMMARY_FILE).read_text(encoding="utf-8"))
                if isinstance(kept, dict):
                    return cls(store, kept)
            except (OSError, ValueError):
                pass
        return cls(store)


def _group_rows(store: ox.Store, text: str, key: str, values: list[object],
                bindings: dict[str, Sequence[object]]) -> tuple[list[str], list[list[object]]]:
    """The listing's rows for one group of keys, in the listing's order: at most
    ``MAX_KEYS`` keys a query, and the rows of several queries sorted again by the engine."""
    variables: list[str] = []
    rows: list[list[object]] = []
    names = [key, *bindings]
    fixed = [terms[0] for terms in bindings.values()]  # one value each: the query's argument
    for start in range(0, len(values), MAX_KEYS):
        # the keys and the argument in one block, so that Oxigraph starts from the keys
        table = [[value, *fixed] for value in values[start:start + MAX_KEYS]]
        variables, found = _select(store, with_values(text, {}, (names, table)))
        rows += found
    if len(values) <= MAX_KEYS or not rows:
        return variables, rows
    order = text[text.rindex("\nORDER BY ") + 1:].strip()
    block = " ".join(
        "(" + " ".join("UNDEF" if cell is None else sparql_term(cell) for cell in row) + ")"
        for row in rows)
    heads = " ".join(f"?{v}" for v in variables)
    return _select(store, f"SELECT {heads}\nWHERE {{ VALUES ({heads}) {{ {block} }} }}\n{order}")


def _relation_groups(store: ox.Store, relation: ox.NamedNode, total: int, limit: int,
                     summary: Summary) -> Iterator[list[object]]:
    """Keys of a relation's facts, whole dates at a time, earliest first. Up to
    ``RELATION_KEYS_MAX`` facts, all of them are dated in one query; more, and they are found
    date by date from the dates, in windows that double, dated facts only (the undated rest
    is left to the whole listing)."""
    if total <= RELATION_KEYS_MAX:
        keyed = _select(store, with_values(_helper("relation-keys"), {"relation": [relation]}))[1]
        yield from _batches(keyed, limit)
        return
    dates = summary.dates()
    per_date = max(1.0, total / max(1, len(dates)))
    window = min(MAX_KEYS, int(limit * 1.5 / per_date) + 1)
    start = 0
    while start < len(dates):
        chunk = dates[start:start + window]
        start += len(chunk)
        window = min(window * 2, MAX_KEYS)
        keyed = _select(store, with_values(
            _helper("dated-keys"), {"relation": [relation], "date": chunk}))[1]
        yield from _batches(keyed, limit)


def _batches(keyed: list[list[object]], size: int) -> Iterator[list[object]]:
    """(key, date) rows in date order cut into lists of keys of whole dates, each at least
    ``size`` long but the last; a key is kept at its first (earliest) date only."""
    seen: set[object] = set()
    batch: list[object] = []
    previous: object = None
    for key, date in keyed:
        if batch and len(batch) >= size and date != previous:
            yield batch
            batch = []
        previous = date
        if key not in seen:
            seen.add(key)
            batch.append(key)
    if batch:
        yield batch
