"""SPARQL over a built graph: shipped named queries, files, or text; read-only, time-limited.

Queries run on Oxigraph (a real SPARQL 1.1 engine, fast where rdflib's is slow); named
queries live as ``.rq`` files in ``kg/queries/`` with a header comment. A parameter (the
entity of ``evidence``) is written into the query as a ``VALUES`` block by
``kg.listing.with_values``, which checks and escapes it: Oxigraph applies substitutions
(initBindings) only after evaluating the whole pattern, which makes a bound query as slow as
an unbound one. A user's words are never written into a query: an entity named by its label
is looked up through the store's index first.

A SELECT shows at most ``limit`` rows and says how many there are in all; the shipped
listings find their first rows without evaluating the rest (``kg.listing``).
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError
from kg.listing import Summary, first_rows, with_values
from kg.store import open_store, persisted_store
from kg.vocab import PREFIXES

FORMATS = ("table", "csv", "tsv", "json")
UPDATE_WORDS = re.compile(
    r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE
)
PROLOGUE = re.compile(r"^(?:\s*(?:#[^\n]*|PREFIX\s+\S*:\s*<[^>]*>|BASE\s*<[^>]*>))*", re.IGNORECASE)
# Which variable of a shipped query takes the command-line argument.
PARAMETERS = {"evidence": "entity"}
_RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SKOS_ALT_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    text: str


def shipped_queries() -> dict[str, NamedQuery]:
    found = {}
    for entry in sorted(resources.files("kg.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            first = text.splitlines()[0].lstrip("# ").strip() if text else ""
            name = entry.name[:-3]
            description = first.split(":", 1)[1].strip() if ":" in first else first
            found[name] = NamedQuery(name, description, text)
    return found


def resolve(query: str) -> tuple[str, str | None]:
    """SPARQL text for a shipped query's name, a ``.rq`` file, or the text itself."""
    shipped = shipped_queries()
    if query in shipped:
        return shipped[query].text, query
    if query.endswith(".rq") or ("\n" not in query and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise QueryError(f"query file not found: {query}")
        try:
            return path.read_text(encoding="utf-8"), None
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
            raise QueryError(f"cannot read query file {query}: {reason or exc}") from None
        except UnicodeDecodeError as exc:
            byte = exc.object[exc.start]
            raise QueryError(
                f"query file {query} is not UTF-8 text (byte 0x{byte:02x} at offset {exc.start})"
            ) from None
    if re.fullmatch(r"[\w-]+", query.strip()):
        names = ", ".join(shipped)
        raise QueryError(f"unknown query {query!r}; shipped queries: {names} (see kg query --list)")
    return query, None


def _check_read_only(text: str) -> None:
    body = PROLOGUE.sub("", text, count=1)
    if UPDATE_WORDS.match(body):
        raise QueryError(
            "updates are not allowed: kg query is read-only (SELECT, ASK, CONSTRUCT, DESCRIBE)"
        )


def _term(term: object, compact: bool) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if compact:
            for prefix, iri in PREFIXES.items():
                if term.value.startswith(iri):
                    return f"{prefix}:{term.value[len(iri) :]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _format_rows(variables: list[str], rows: list[list[object]], fmt: str,
                 total: int | None = None) -> str:
    if fmt == "json":
        records = [
            {v: _term(r[i], False) for i, v in enumerate(variables) if r[i] is not None}
            for r in rows
        ]
        return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    if fmt in {"csv", "tsv"}:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([[_term(c, False) for c in r] for r in rows])
        return buffer.getvalue()
    from rich.console import Console
    from rich.table import Table

    table = Table(*variables, show_lines=False, header_style="bold")
    for row in rows:
        table.add_row(*[_term(c, True) for c in row])
    console = Console(record=True, width=200, force_terminal=False, color_system=None)
    with console.capture() as capture:
        console.print(table)
        if total is not None and total > len(rows):
            console.print(f"{len(rows):,} of {total:,} rows (--limit 0 shows all)")
        else:
            console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
    return capture.get()


@dataclass(frozen=True)
class Answer:
    """A query's formatted result and, for a SELECT, how many rows it shows of how many."""

    text: str
    shown: int | None = None
    total: int | None = None

    @property
    def note(self) -> str | None:
        """What a truncated result leaves out, for stderr (the table says it in its footer)."""
        if self.shown is None or self.total is None or self.shown >= self.total:
            return None
        return f"{self.shown:,} of {self.total:,} rows shown; --limit 0 shows all"


def run(graph_path: Path, query: str, fmt: str = "table", argument: str | None = None,
        limit: int | None = None) -> str:
    """Run a query on a graph file and return its formatted result (all rows unless
    ``limit``)."""
    return answer(graph_path, query, fmt, argument, limit).text


def answer(graph_path: Path, query: str, fmt: str = "table", argument: str | None = None,
           limit: int | None = None) -> Answer:
    """Run a query on a graph file: its formatted result with at most ``limit`` rows (None or
    0: all of them), and how many rows there are in all."""
    text, name = resolve(query)
    _check_read_only(text)
    folder = persisted_store(graph_path)
    store = open_store(graph_path)
    bindings: dict[str, Sequence[object]] = {}
    if name in PARAMETERS:
        if not argument:
            raise QueryError(f"query {name!r} needs an argument: kg query {name} ENTITY")
        bindings[PARAMETERS[name]] = [find_entity(store, argument)]
    limit = limit or None
    try:
        page = None
        if name and limit:
            summary = Summary.read(store, folder)
            page = first_rows(store, name, text, limit, bindings, summary)
        if page is not None:
            return Answer(_format_rows(page.variables, page.rows, fmt, page.total),
                          len(page.rows), page.total)
        if bindings:
            text = with_values(text, bindings)
        result = store.query(text, prefixes=dict(PREFIXES))
        if isinstance(result, ox.QueryBoolean):
            return Answer(("true" if bool(result) else "false") + "\n")
        if isinstance(result, ox.QueryTriples):
            data = ox.serialize(list(result), format=ox.RdfFormat.TURTLE,
                                prefixes=dict(PREFIXES))
            return Answer((data or b"").decode("utf-8"))
        variables = [v.value for v in result.variables]
        rows: list[list[object]] = []
        total = 0
        for solution in result:
            total += 1
            if limit is None or len(rows) < limit:
                rows.append([solution[v] for v in variables])
    except SyntaxError as exc:
        raise QueryError(f"malformed SPARQL: {exc}") from None
    except (OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from None
    return Answer(_format_rows(variables, rows, fmt, total), len(rows), total)


def find_entity(store: ox.Store, name: str) -> ox.NamedNode:
    """An entity named by IRI, ``kgr:`` slug, label or alias (case-insensitive).

    An exact label or alias, or a slug, is found through the store's index; only a name in
    other letter case needs the scan of every label.
    """
    if name.startswith(("http://", "https://", "kgr:")):
        iri = PREFIXES["kgr"] + name[4:] if name.startswith("kgr:") else name
        try:
            return ox.NamedNode(iri)
        except ValueError as exc:
            raise QueryError(f"not a valid IRI: {iri!r} ({exc})") from None
    found = {quad.subject for predicate in (_RDFS_LABEL, _SKOS_ALT_LABEL)
             for quad in store.quads_for_pattern(None, predicate, ox.Literal(name), None)}
    try:
        slug = ox.NamedNode(PREFIXES["kgr"] + name)
        if next(store.quads_for_pattern(slug, None, None, None), None) is not None:
            found.add(slug)
    except ValueError:
        pass  # not a slug: it holds characters an IRI cannot
    named = sorted((e for e in found if isinstance(e, ox.NamedNode)), key=lambda e: e.value)
    if named:
        return named[0]
    lookup = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT DISTINCT ?e ?name WHERE { ?e rdfs:label|skos:altLabel ?l "
        "FILTER(LCASE(STR(?l)) = LCASE(STR(?name))) } ORDER BY ?e"
    )
    result = store.query(lookup, substitutions={ox.Variable("name"): ox.Literal(name)})
    assert isinstance(result, ox.QuerySolutions)  # a SELECT
    rows = list(result)
    if not rows:
        raise QueryError(f"no entity named {name!r} in the graph; try `kg query entities`")
    return rows[0]["e"]


def _child(conn, graph_path: Path, query: str, fmt: str, argument: str | None,
           limit: int | None) -> None:
    try:
        conn.send(("ok", answer(graph_path, query, fmt, argument, limit)))
    except Exception as exc:  # sent back to the parent, which raises the right error
        conn.send(("error", exc))
    finally:
        conn.close()


def run_with_timeout(
    graph_path: Path,
    query: str,
    fmt: str = "table",
    argument: str | None = None,
    timeout: float | None = None,
    limit: int | None = None,
) -> Answer:
    """``answer`` in a child process that is killed after ``timeout`` seconds."""
    if not timeout:
        return answer(graph_path, query, fmt, argument, limit)
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child,
                              args=(child, graph_path, query, fmt, argument, limit))
    process.start()
    child.close()
    if not parent.poll(timeout):
        process.kill()
        process.join()
        raise QueryError(
            f"query stopped after {timeout:g} s (--timeout); narrow it or raise the limit"
        )
    try:
        status, payload = parent.recv()
    except EOFError:  # the child died without answering: killed for memory, or crashed
        process.join()
        raise QueryError(
            f"query process ended without a result (exit code {process.exitcode}); narrow the query"
        ) from None
    process.join()
    if status == "error":
        raise payload
    return payload
