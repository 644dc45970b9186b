"""The build: input paths -> documents -> extractions -> graph -> Turtle and HTML.

Extraction is per document and pure, so documents are spread over worker processes and the
results put back in input order: ``--jobs 2`` gives the same bytes as ``--jobs 1``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.atomic import ensure_dir
from kg.clean import clean
from kg.errors import InputError
from kg.extract import extract
from kg.graph import build_graph
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Extraction, SourceText
from kg.reader import DEFAULT_MAX_BYTES, discover, read_all
from kg.store import write_graph

Progress = Callable[[int, int], None]


@dataclass
class BuildResult:
    graph: Graph
    extractions: list[Extraction]
    warnings: list[str] = field(default_factory=list)
    failed: int = 0
    turtle_bytes: int = 0
    html_bytes: int = 0


def extract_source(source: SourceText, lex: Lexicon | None = None) -> Extraction:
    lex = lex or load_lexicon()
    return extract(clean(source, lex), lex)


def _worker(source: SourceText) -> Extraction:
    return extract_source(source)


def extract_sources(sources: Sequence[SourceText], jobs: int = 1,
                    progress: Progress | None = None) -> list[Extraction]:
    """Extract every source, in order, on ``jobs`` processes."""
    lex = load_lexicon()
    results: list[Extraction] = []
    if jobs <= 1 or len(sources) < 2 * jobs:
        for n, source in enumerate(sources, 1):
            results.append(extract_source(source, lex))
            if progress:
                progress(n, len(sources))
        return results
    chunk = max(1, len(sources) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, extraction in enumerate(pool.map(_worker, sources, chunksize=chunk), 1):
            results.append(extraction)
            if progress:
                progress(n, len(sources))
    return results


def read_inputs(inputs: Sequence[Path], *, strict: bool = False,
                max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[SourceText], list[str], int]:
    found = discover(inputs, strict=strict)
    result = read_all(found.files, strict=strict, max_bytes=max_bytes)
    warnings = list(found.warnings) + list(result.warnings)
    if not result.sources:
        names = ", ".join(str(p) for p in inputs)
        raise InputError(f"no article could be read from {names}; give .txt or .html files")
    return list(result.sources), warnings, result.failed


def build(inputs: Sequence[Path], out_dir: Path, *, jobs: int = 1, strict: bool = False,
          max_bytes: int = DEFAULT_MAX_BYTES, html: bool = True,
          progress: Progress | None = None) -> BuildResult:
    """Build ``out_dir/graph.ttl`` and ``out_dir/graph.html`` from articles."""
    sources, warnings, failed = read_inputs(inputs, strict=strict, max_bytes=max_bytes)
    ensure_dir(out_dir)
    extractions = extract_sources(sources, jobs=jobs, progress=progress)
    graph = build_graph(extractions)
    result = BuildResult(graph, extractions, warnings, failed)
    result.turtle_bytes = write_graph(graph, out_dir / "graph.ttl")
    if html:
        from kg.render import render_html

        result.html_bytes = render_html(graph, out_dir / "graph.html").bytes
    return result


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
