"""The ``kg`` command: thin typer wrappers over the library, one summary line, an exit code.

Exit codes: 0 ok, 1 validation failed, 2 bad input (a file, a graph, a query, the ontology).
A user's mistake gets ``Error: <what, where, what to do>`` on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from kg.errors import KabarError

app = typer.Typer(
    help="Kabar: knowledge graphs from Indonesian news — who denies, estimates, ratifies, summons.",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None,
)
DEFAULT_GRAPH = Path("out/graph.ttl")
GraphOption = Annotated[
    Path, typer.Option("--graph", "-g", help="Graph file (Turtle, N-Triples, …).")]


def _fail(error: KabarError) -> NoReturn:
    typer.echo(f"Error: {error}", err=True)
    raise typer.Exit(error.exit_code)


@app.command()
def build(
    inputs: Annotated[list[Path] | None, typer.Argument(
        help="Article .txt/.html files or folders.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=0, help="Worker processes; 0 = all cores.")] = 0,
    strict: Annotated[bool, typer.Option(help="Stop at the first unreadable file.")] = False,
    max_bytes: Annotated[int, typer.Option(help="Largest file read, in bytes.")] = 50 * 1024 * 1024,
    no_html: Annotated[bool, typer.Option("--no-html", help="Write only graph.ttl.")] = False,
    store: Annotated[str, typer.Option(
        help="Keep an on-disk Oxigraph store OUT/graph.oxigraph for kg query: "
             "auto (above 100,000 triples), oxigraph (always) or memory (never).")] = "auto",
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help="Extract every file again; keep no cache (OUT/.kabar-cache).")] = False,
    engine: Annotated[str, typer.Option(
        help="local (worker processes) or dask (a Dask cluster; pip install 'kabar[dask]').",
    )] = "local",
    scheduler: Annotated[str | None, typer.Option(
        help="Address of the Dask scheduler for --engine dask (default: a local cluster).")] = None,
    shards: Annotated[Path | None, typer.Option(
        help="Also keep the graph in this folder as N-Quads shards (a named graph per "
             "document, entities.nq for the rest), to load into a SPARQL server.")] = None,
) -> None:
    """Build OUT/graph.ttl and OUT/graph.html from articles (default: seeds/).

    A re-run extracts only new or changed files (by content hash) and gives the same bytes
    as a full rebuild.

    Example: kg build seeds/ --out out
    """
    from rich.progress import Progress

    from kg.pipeline import build as run_build
    from kg.pipeline import default_jobs

    paths = inputs or [Path("seeds")]
    if scheduler and engine != "dask":
        _fail(KabarError("--scheduler needs --engine dask"))
    try:
        with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
            task = progress.add_task("extracting", total=None)
            result = run_build(
                paths, out, jobs=jobs or default_jobs(), strict=strict, max_bytes=max_bytes,
                html=not no_html, store=store, cache=not no_cache, engine=engine,
                scheduler=scheduler, shards=shards,
                progress=lambda n, total: progress.update(task, completed=n, total=total))
    except KabarError as error:
        _fail(error)
    for warning in result.warnings:
        typer.echo(f"Warning: {warning}", err=True)
    counts = result.counts
    entities = ", ".join(f"{k} {v}" for k, v in counts["entities"].items())
    relations = ", ".join(f"{k} {v}" for k, v in counts["relations"].items())
    typer.echo(f"documents: {counts['documents']} read, {result.failed} skipped")
    typer.echo(f"entities:  {entities}")
    typer.echo(f"relations: {relations or 'none'}")
    typer.echo(f"triples:   {counts['triples']}")
    if result.unchanged:
        typer.echo("cache:     nothing changed since the last build")
    elif result.reused:
        typer.echo(f"cache:     {result.reused} reused, {result.extracted} extracted")
    if result.store_patch is not None:
        removed, added = result.store_patch
        typer.echo(f"store:     updated in place: {removed} files' facts out, {added} in")
    written = [str(out / "graph.ttl")] + ([str(result.html_path)] if result.html_path else [])
    if result.store:
        written.append(f"{result.store}/")
    typer.echo("wrote " + (" and ".join(written) if len(written) < 3 else
                           ", ".join(written[:-1]) + " and " + written[-1]))


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(
        help="SPARQL text, a .rq file, or a shipped query's name.")] = None,
    argument: Annotated[str | None, typer.Argument(
        help="Argument of a shipped query (evidence ENTITY).")] = None,
    graph: GraphOption = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, csv, tsv or json.")] = "table",
    list_: Annotated[bool, typer.Option("--list", help="List the shipped queries.")] = False,
    timeout: Annotated[float, typer.Option(
        min=0, help="Stop a query after this many seconds (0 = never).")] = 60.0,
    limit: Annotated[int, typer.Option(
        min=0, help="Show at most this many rows (0 = all); the total is always told.")] = 100,
) -> None:
    """Ask the graph a question in SPARQL (read-only).

    Example: kg query estimates --format csv
    """
    from kg.query import FORMATS, run_with_timeout, shipped_queries

    if list_:
        for named in shipped_queries().values():
            typer.echo(f"{named.name:15} {named.description}")
        return
    if not sparql:
        _fail(KabarError("give a query (SPARQL text, a .rq file or a name) or --list"))
    if fmt not in FORMATS:
        _fail(KabarError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}"))
    try:
        answer = run_with_timeout(graph, sparql, fmt, argument, timeout or None, limit)
    except KabarError as error:
        _fail(error)
    typer.echo(answer.text, nl=False)
    if answer.note and fmt != "table":  # the table says it in its footer
        typer.echo(f"Note: {answer.note}", err=True)


@app.command()
def export(
    graph: GraphOption = DEFAULT_GRAPH,
    fmt: Annotated[str, typer.Option(
        "--format", "-f", help="turtle, ntriples, jsonld, rdfxml, trig, nquads.")] = "turtle",
    out: Annotated[Path | None, typer.Option(
        "--out", "-o", help="Output file (default: stdout).")] = None,
) -> None:
    """Write the graph in another RDF format; TriG and N-Quads give each document its own graph.

    Example: kg export --format trig --out out/graph.trig
    """
    from kg.atomic import write_atomic
    from kg.export import export_graph

    try:
        data = export_graph(graph, fmt)
        if out is None:
            sys.stdout.buffer.write(data)
            return
        write_atomic(out, data)
    except KabarError as error:
        _fail(error)
    typer.echo(f"wrote {out} ({fmt}, {len(data)} bytes)")


@app.command()
def render(
    graph: GraphOption = DEFAULT_GRAPH,
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file.")] = Path("out/graph.html"),
) -> None:
    """Write the interactive HTML network of a graph (works offline).

    Example: kg render --graph out/graph.ttl --out out/graph.html
    """
    from kg.render import render_html
    from kg.store import load_graph

    try:
        stats = render_html(load_graph(graph), out)
    except KabarError as error:
        _fail(error)
    typer.echo(f"wrote {out}: {stats.nodes} nodes, {stats.edges} edges, {stats.bytes} bytes")


@app.command()
def validate(graph: GraphOption = DEFAULT_GRAPH) -> None:
    """Check the graph against the SHACL shapes in ontology/shapes.ttl (exit 1 if it fails).

    Example: kg validate --graph out/graph.ttl
    """
    from kg.store import load_graph
    from kg.validate import validate as run_validate

    try:
        result = run_validate(load_graph(graph))
    except KabarError as error:
        _fail(error)
    if not result.conforms:
        typer.echo(result.report_text)
        typer.echo(f"{graph}: does not conform ({result.violations} violations)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{graph}: conforms to the shapes")


@app.command()
def evaluate(
    gold: Annotated[Path, typer.Argument(
        help="Gold annotations (JSON, format of ../shared/gold).")],
    texts: Annotated[Path, typer.Option(
        "--texts", "-t", help="Folder holding the gold's articles.")] = Path("seeds"),
) -> None:
    """Score Kabar against gold annotations: P/R/F1 per relation and entity type, misses, traps.

    Example: kg evaluate ../shared/gold/seeds.json --texts seeds
    """
    from kg.evaluate import evaluate as run_evaluate
    from kg.evaluate import format_report

    try:
        report = run_evaluate(gold, texts)
    except KabarError as error:
        _fail(error)
    typer.echo(format_report(report), nl=False)


def main() -> None:
    app(prog_name="kg")


if __name__ == "__main__":
    main()
