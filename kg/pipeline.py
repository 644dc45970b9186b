"""The build: input paths -> documents -> extractions -> triples -> Turtle (and HTML, a store).

Files are processed in *batches*. A batch is read, cleaned and extracted on a worker process
(or, with ``--engine dask``, on a Dask cluster), and becomes one shard: the batch's triples
as a sorted N-Quads file. The parent only keeps what is small — each file's warnings, its
entities and a few counts — and at the end streams the merge of the shards into
``graph.ttl`` (see ``kg.store``). Memory is that of one batch per worker plus the merge,
whatever the size of the archive; the output is the same bytes for any number of jobs,
batch sizes or engines, because the Turtle is written from the sorted union of the triples.

Each file's result is cached by content hash (``kg.cache``): a re-run extracts only new or
changed files, and the graph, merged again from the cache, equals a full rebuild byte for
byte (a removed file's facts are simply not merged). The last build's on-disk store is
patched in place when few files changed (``kg.store_patch``) rather than loaded again.
"""

from __future__ import annotations

import math
import os
import shutil
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from rdflib import Graph, Literal

from kg.atomic import ensure_dir
from kg.cache import (
    CachedDocument,
    DocumentCache,
    content_key,
    file_stamp,
    fingerprint,
    inputs_digest,
    read_manifest,
    write_manifest,
)
from kg.clean import clean
from kg.errors import GraphError, InputError, OutputError
from kg.extract import extract
from kg.graph import EntityMerger, extraction_triples, file_name
from kg.lexicon import Lexicon, load_lexicon
from kg.model import Entity, Extraction, SourceText
from kg.reader import DEFAULT_MAX_BYTES, discover, read_all, read_source
from kg.store import (
    StoreLoader,
    persisted_store,
    remove_store,
    store_path,
    triple_line,
    write_merged_turtle,
    write_shard,
    write_store,
)
from kg.store_patch import CONTENTS_FILE, PATCH_MAX_SHARE, StoreContents, StorePatch
from kg.vocab import KG, KGR

Progress = Callable[[int, int], None]

STORES = ("auto", "memory", "oxigraph")
ENGINES = ("local", "dask")
#: ``--store auto`` keeps an on-disk Oxigraph store above this many triples: loading that
#: much Turtle for every ``kg query`` takes about half a second on a laptop core.
STORE_AUTO_TRIPLES = 100_000
#: Above this many triples the HTML network is not written: one page cannot show it usefully.
HTML_MAX_TRIPLES = 200_000
#: Files per batch at most; batches are also made small enough to give each job 16 of them.
MAX_BATCH = 500
TEMP_DIR = ".kabar-tmp"


@dataclass(frozen=True)
class FileRecord:
    """What the parent learns about one input file from the worker that read it."""

    name: str
    key: str = ""
    error: str | None = None
    sha256: str = ""
    warnings: tuple[str, ...] = ()
    entities: dict[str, Entity] = field(default_factory=dict)
    sentences: int = 0
    reused: bool = False


@dataclass(frozen=True)
class BatchOptions:
    """The settings every worker needs, small enough to send with each batch."""

    max_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: str | None = None
    fingerprint: str = ""


@dataclass
class BuildResult:
    """The outcome of a build; ``graph`` and ``extractions`` are loaded when first asked for."""

    out_dir: Path
    counts: dict
    warnings: list[str] = field(default_factory=list)
    failed: int = 0
    turtle_bytes: int = 0
    html_bytes: int = 0
    files: int = 0
    extracted: int = 0
    reused: int = 0
    sentences: int = 0
    store: Path | None = None
    #: (files removed, files added) when the last build's store was patched, not reloaded
    store_patch: tuple[int, int] | None = None
    html_path: Path | None = None
    unchanged: bool = False
    inputs: tuple[Path, ...] = ()
    strict: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    _graph: Graph | None = field(default=None, repr=False)
    _extractions: list[Extraction] | None = field(default=None, repr=False)

    @property
    def turtle_path(self) -> Path:
        return self.out_dir / "graph.ttl"

    @property
    def graph(self) -> Graph:
        """The built graph as an rdflib Graph (read from ``graph.ttl``, so keep it small)."""
        if self._graph is None:
            from kg.store import load_graph

            self._graph = load_graph(self.turtle_path)
        return self._graph

    @property
    def extractions(self) -> list[Extraction]:
        """Every document's extraction, in input order, computed again from the inputs."""
        if self._extractions is None:
            sources, _, _ = read_inputs(self.inputs, strict=self.strict, max_bytes=self.max_bytes)
            self._extractions = extract_sources(sources)
        return self._extractions


# -- one document, one batch -------------------------------------------------------------------

def extract_source(source: SourceText, lex: Lexicon | None = None) -> Extraction:
    lex = lex or load_lexicon()
    return extract(clean(source, lex), lex)


def _entry_for(source: SourceText, lex: Lexicon) -> CachedDocument:
    extraction = extract_source(source, lex)
    # without its kg:fileName, which depends on where the file is
    unnamed = replace(extraction, document=replace(extraction.document, file_names=()))
    lines = tuple(map(triple_line, extraction_triples(unnamed)))
    return CachedDocument(extraction.document.doc_id, source.sha256, source.paths[0],
                          source.warnings, extraction.entities,
                          len(extraction.document.sentences), lines)


def _read_bytes(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes for its cache key, or None to let ``read_source`` say what is wrong."""
    try:
        if not path.is_file() or path.stat().st_size > max_bytes:
            return None
        return path.read_bytes()
    except OSError:
        return None


def file_name_line(doc_id: str, name: str) -> str:
    """The one triple of a document that depends on where its file is: its kg:fileName."""
    return triple_line((KGR[doc_id], KG.fileName, Literal(file_name(name))))


def process_file(path: Path, name: str, options: BatchOptions, cache: DocumentCache | None,
                 lex: Lexicon) -> tuple[FileRecord, list[tuple[str, str]]]:
    """Read, clean and extract one file (or take it from the cache): its record and quads."""
    data = _read_bytes(path, options.max_bytes)
    key = content_key(data, path) if data is not None else ""
    entry = cache.get(key) if cache is not None and key else None
    reused = entry is not None
    if entry is None:
        try:
            source = read_source(path, max_bytes=options.max_bytes, data=data)
        except InputError as err:
            return FileRecord(name, key, error=str(err).replace(path.as_posix(), name)), []
        if path.as_posix() != name:
            source = SourceText((name,), source.text, source.sha256,
                                tuple(w.replace(path.as_posix(), name) for w in source.warnings))
        entry = _entry_for(source, lex)
        if cache is not None and key:
            cache.put(key, entry)
    graph = str(KGR[entry.doc_id])
    quads = [(line, graph) for line in entry.lines]
    quads.append((file_name_line(entry.doc_id, name), graph))
    record = FileRecord(name, key, None, entry.sha256, entry.warnings_for(name), entry.entities,
                        entry.sentences, reused)
    return record, quads


def process_batch(batch: Sequence[tuple[str, str]], shard: str | None,
                  options: BatchOptions) -> tuple[list[FileRecord], bytes | None]:
    """Process (read path, name) pairs into records and one shard.

    The shard goes to the file ``shard`` when given (workers that share the output
    folder); otherwise its bytes are returned (a remote Dask worker).
    """
    lex = load_lexicon()
    cache = None
    if options.cache_dir:
        cache = DocumentCache(Path(options.cache_dir), options.fingerprint)
    records: list[FileRecord] = []
    quads: list[tuple[str, str]] = []
    try:
        for read_path, name in batch:
            record, doc_quads = process_file(Path(read_path), name, options, cache, lex)
            records.append(record)
            quads += doc_quads
    finally:
        if cache is not None:
            cache.close()  # the batch's new entries, in one transaction
    if shard is not None:
        write_shard(Path(shard), quads)
        return records, None
    lines = sorted({f"{line} <{graph}> .\n" for line, graph in quads})
    return records, "".join(lines).encode("utf-8")


def _init_worker() -> None:
    load_lexicon()  # once per process, not once per batch


# -- the build ---------------------------------------------------------------------------------

def plan_batches(names: Sequence[str], jobs: int) -> list[list[tuple[str, str]]]:
    """Split the files into batches: at most ``MAX_BATCH``, about 16 per job."""
    size = max(1, min(MAX_BATCH, math.ceil(len(names) / (max(1, jobs) * 16))))
    pairs = [(name, name) for name in names]
    return [pairs[i:i + size] for i in range(0, len(pairs), size)]


def _run_local(batches: list[list[tuple[str, str]]], temp: Path, options: BatchOptions,
               jobs: int) -> Iterator[tuple[list[FileRecord], Path]]:
    shards = [temp / f"shard-{i:06d}.nq" for i in range(len(batches))]
    if jobs <= 1 or len(batches) < 2:
        for batch, shard in zip(batches, shards, strict=True):
            records, _ = process_batch(batch, str(shard), options)
            yield records, shard
        return
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) as pool:
        tasks = zip(batches, shards, strict=True)
        submit = lambda task: pool.submit(process_batch, task[0], str(task[1]), options)  # noqa: E731
        for (records, _), (_, shard) in in_order(tasks, submit, window=4 * jobs):
            yield records, shard


T = TypeVar("T")
R = TypeVar("R")


def in_order(tasks: Iterable[T], submit: Callable[[T], Future[R]],
             window: int) -> Iterator[tuple[R, T]]:
    """Results of ``tasks`` in their order, with at most ``window`` submitted and unread.

    Holding no finished result longer than it takes to read it keeps the parent's memory
    flat however many batches an archive has.
    """
    tasks = iter(tasks)
    pending: deque[tuple[Future[R], T]] = deque()
    try:
        for task in tasks:
            pending.append((submit(task), task))
            if len(pending) >= window:
                break
        while pending:
            future, task = pending.popleft()
            result = future.result()
            del future
            for more in tasks:
                pending.append((submit(more), more))
                break
            yield result, task
    finally:
        for future, _ in pending:
            future.cancel()


@dataclass
class _Assembly:
    """The parent's running account of the records, in input order."""

    strict: bool
    warnings: list[str] = field(default_factory=list)
    failed: int = 0
    groups: dict[str, list[str]] = field(default_factory=dict)
    entities: EntityMerger = field(default_factory=EntityMerger)
    extracted: int = 0
    reused: int = 0
    sentences: int = 0
    keys: list[tuple[str, str]] = field(default_factory=list)
    files: set[tuple[str, str]] = field(default_factory=set)

    def add(self, record: FileRecord) -> None:
        self.keys.append((record.name, record.key))
        if record.error is not None:
            if self.strict:
                raise InputError(record.error)
            self.warnings.append(f"skipped {record.error}")
            self.failed += 1
            return
        self.warnings.extend(record.warnings)
        self.files.add((record.name, record.key))
        paths = self.groups.setdefault(record.sha256, [])
        paths.append(record.name)
        if len(paths) == 1:  # a duplicate adds nothing the first copy did not
            self.entities.add(record.entities)
            self.sentences += record.sentences
        if record.reused:
            self.reused += 1
        else:
            self.extracted += 1

    def duplicate_warnings(self) -> list[str]:
        out = []
        for paths in self.groups.values():
            ordered = sorted(paths)
            out += [f"duplicate: {p} is the same article as {ordered[0]}" for p in ordered[1:]]
        return out


def build(inputs: Sequence[Path], out_dir: Path, *, jobs: int = 1, strict: bool = False,
          max_bytes: int = DEFAULT_MAX_BYTES, html: bool = True,
          progress: Progress | None = None, store: str = "auto", cache: bool = True,
          engine: str = "local", scheduler: str | None = None,
          shards: Path | None = None) -> BuildResult:
    """Build ``out_dir/graph.ttl`` (and ``graph.html``, and for large graphs an on-disk
    Oxigraph store ``graph.oxigraph/``) from articles.

    ``store``: ``memory`` (queries load the Turtle), ``oxigraph`` (always keep the on-disk
    store) or ``auto`` (keep it above ``STORE_AUTO_TRIPLES``). ``cache``: reuse and keep
    per-file results in ``out_dir/.kabar-cache``. ``engine``: ``local`` processes, or
    ``dask`` on the cluster at ``scheduler`` (a local one if None). ``shards``: also keep
    the graph there as N-Quads, one file per batch (each document in a named graph of its
    own) plus ``entities.nq`` (the default graph), for loading into a SPARQL server.
    """
    if store not in STORES:
        raise InputError(f"unknown store {store!r}; use one of {', '.join(STORES)}")
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    found = discover(inputs, strict=strict)
    names = [p.as_posix() for p in found.files]
    ensure_dir(out_dir)
    load_lexicon()  # a broken ontology stops the build here, before any work
    use_cache = cache and engine == "local"
    stamp = fingerprint() if use_cache else ""
    options = BatchOptions(max_bytes, str(out_dir) if use_cache else None, stamp)
    result = BuildResult(out_dir, {}, inputs=tuple(Path(p) for p in inputs), strict=strict,
                         max_bytes=max_bytes, files=len(names))
    settings = {"max_bytes": max_bytes, "strict": strict, "fingerprint": stamp}
    if use_cache and shards is None and _unchanged(result, names, settings, html, store):
        return result

    turtle = out_dir / "graph.ttl"
    last_store = None
    if use_cache and store != "memory":
        last_store = StoreContents.of_store(persisted_store(turtle))
    if use_cache:
        DocumentCache(out_dir, stamp).prepare()
    if shards is not None:
        ensure_dir(shards)
    temp = out_dir / TEMP_DIR
    shutil.rmtree(temp, ignore_errors=True)
    temp.mkdir(parents=True)
    notes: list[str] = []  # warnings about this run only, which a re-run does not repeat
    try:
        batches = plan_batches(names, jobs)
        if engine == "dask":
            from kg.dask_engine import run_batches

            runs = run_batches(batches, temp, options, scheduler=scheduler, workers=jobs)
        else:
            runs = _run_local(batches, temp, options, jobs)
        assembly = _Assembly(strict)
        batch_shards: list[Path] = []
        done = 0
        for records, shard in runs:
            for record in records:
                assembly.add(record)
            batch_shards.append(shard)
            done += len(records)
            if progress:
                progress(done, len(names))
        if not assembly.groups:
            given = ", ".join(str(p) for p in inputs)
            raise InputError(f"no article could be read from {given}; give .txt or .html files")
        entity_lines = [triple_line(t) for t in assembly.entities.triples()]
        contents = StoreContents(stamp, frozenset(assembly.files), frozenset(entity_lines))
        patch = None
        if last_store is not None:
            patch = plan_patch(turtle, last_store, contents, DocumentCache(out_dir, stamp))
        loader = None
        if store != "memory" and patch is None:
            loader = StoreLoader(turtle, STORE_AUTO_TRIPLES if store == "auto" else 0)
        watch = patch.removable if patch is not None else frozenset()
        counts = write_merged_turtle(batch_shards, entity_lines, turtle, loader, jobs=jobs,
                                     watch=watch)
        if loader is not None:
            result.store = loader.finish({CONTENTS_FILE: contents.to_json()} if use_cache
                                         else None)
        elif patch is not None and (store == "oxigraph" or counts.triples > STORE_AUTO_TRIPLES):
            result.store = _patch_store(patch, counts.present, contents, result, notes)
        if result.store is None:
            remove_store(turtle)
        if shards is not None:
            _keep_shards(batch_shards, entity_lines, shards)
    finally:
        shutil.rmtree(temp, ignore_errors=True)

    result.counts = counts.summary()
    result.warnings = list(found.warnings) + assembly.warnings + assembly.duplicate_warnings()
    result.failed = assembly.failed
    result.extracted, result.reused, result.sentences = (assembly.extracted, assembly.reused,
                                                        assembly.sentences)
    result.turtle_bytes = turtle.stat().st_size
    if html:
        _write_html(result)
    if use_cache:
        DocumentCache(out_dir, stamp).prune(key for _, key in assembly.keys if key)
        _save_manifest(result, inputs_digest(assembly.keys, settings), html, store)
    result.warnings += notes
    return result


def plan_patch(turtle: Path, last: StoreContents, new: StoreContents,
               cache: DocumentCache) -> StorePatch | None:
    """How to bring the store of the last build (holding ``last``) to ``new`` in place, or
    None when it has to be loaded in full: other code made it, too much changed, or the
    cache lacks what a file that left or came consists of."""
    if last.fingerprint != new.fingerprint:
        return None
    gone, came = last.files - new.files, new.files - last.files
    if len(gone) + len(came) > PATCH_MAX_SHARE * len(new.files):
        return None
    removable: set[bytes] = set()
    additions: set[bytes] = set()
    try:
        for pairs, lines in ((gone, removable), (came, additions)):
            for name, key in sorted(pairs):
                entry = cache.get(key)
                if entry is None:
                    return None
                lines.update(line.encode("utf-8") for line in entry.lines)
                lines.add(file_name_line(entry.doc_id, name).encode("utf-8"))
    finally:
        cache.close()
    removable.update(line.encode("utf-8") for line in last.entities - new.entities)
    additions.update(line.encode("utf-8") for line in new.entities - last.entities)
    return StorePatch(turtle, frozenset(removable - additions), tuple(sorted(additions)),
                      len(gone), len(came))


def _patch_store(patch: StorePatch, present: set[bytes], contents: StoreContents,
                 result: BuildResult, notes: list[str]) -> Path:
    """Patch the store; should that fail, load it in full from the new Turtle."""
    try:
        folder = patch.apply(present, contents)
    except OSError as err:
        notes.append(f"{err}; loading it in full")
        try:
            return write_store(patch.graph_path, {CONTENTS_FILE: contents.to_json()})
        except GraphError as again:
            raise OutputError(str(again)) from None
    result.store_patch = (patch.files_removed, patch.files_added)
    return folder


def _keep_shards(batch_shards: Sequence[Path], entity_lines: Sequence[str], folder: Path) -> None:
    """Move the batch shards into ``folder`` as ``part-NNNNNN.nq`` beside ``entities.nq``,
    replacing the files an earlier build left there."""
    for old in [*folder.glob("part-*.nq"), folder / "entities.nq"]:
        old.unlink(missing_ok=True)
    for index, shard in enumerate(batch_shards):
        shutil.move(shard, folder / f"part-{index:06d}.nq")
    write_shard(folder / "entities.nq", [(line, None) for line in entity_lines])


def _write_html(result: BuildResult) -> None:
    triples = result.counts["triples"]
    if triples > HTML_MAX_TRIPLES:
        result.warnings.append(
            f"graph.html not written: {triples:,} triples is more than one page can show "
            f"(limit {HTML_MAX_TRIPLES:,}); build a subset for the network, or use --no-html")
        return
    from kg.render import render_html

    path = result.out_dir / "graph.html"
    result.html_bytes = render_html(result.graph, path).bytes
    result.html_path = path


# -- the shortcut when nothing changed -----------------------------------------------------------

def _input_keys(names: Sequence[str], max_bytes: int) -> list[tuple[str, str]]:
    keys = []
    for name in names:
        path = Path(name)
        data = _read_bytes(path, max_bytes)
        keys.append((name, content_key(data, path) if data is not None else ""))
    return keys


def _outputs(result: BuildResult, html: bool, store: str) -> dict:
    turtle = result.turtle_path
    return {
        "turtle": file_stamp(turtle),
        "html": file_stamp(result.out_dir / "graph.html") if html else None,
        "store": str(store_path(turtle)) if persisted_store(turtle) else None,
        "store_option": store,
    }


def _save_manifest(result: BuildResult, digest: str, html: bool, store: str) -> None:
    written_html = html and result.html_path is not None
    write_manifest(result.out_dir, {
        "inputs": digest, "html": written_html, "outputs": _outputs(result, written_html, store),
        "counts": result.counts, "warnings": result.warnings, "failed": result.failed,
        "sentences": result.sentences, "turtle_bytes": result.turtle_bytes,
        "html_bytes": result.html_bytes,
    })


def _unchanged(result: BuildResult, names: Sequence[str], settings: dict, html: bool,
               store: str) -> bool:
    """Fill ``result`` from the manifest if the inputs and outputs are the last build's."""
    manifest = read_manifest(result.out_dir)
    if not manifest or (html and not manifest.get("html")):
        return False
    if manifest.get("outputs") != _outputs(result, bool(manifest.get("html")), store):
        return False
    if manifest.get("inputs") != inputs_digest(_input_keys(names, result.max_bytes), settings):
        return False
    result.counts = manifest["counts"]
    result.warnings = manifest["warnings"]
    result.failed = manifest["failed"]
    result.sentences = manifest["sentences"]
    result.turtle_bytes = manifest["turtle_bytes"]
    result.html_bytes = manifest["html_bytes"]
    result.reused = len(names) - result.failed
    result.unchanged = True
    if manifest.get("html"):
        result.html_path = result.out_dir / "graph.html"
    store_dir = persisted_store(result.turtle_path)
    result.store = store_dir
    return True


# -- in-memory helpers kept for evaluation and tests -------------------------------------------

def extract_sources(sources: Sequence[SourceText], jobs: int = 1,
                    progress: Progress | None = None) -> list[Extraction]:
    """Extract every source, in order, on ``jobs`` processes (each loads the lexicon once)."""
    lex = load_lexicon()
    results: list[Extraction] = []
    if jobs <= 1 or len(sources) < 2 * jobs:
        for n, source in enumerate(sources, 1):
            results.append(extract_source(source, lex))
            if progress:
                progress(n, len(sources))
        return results
    chunk = max(1, min(MAX_BATCH, len(sources) // (jobs * 16)))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker) as pool:
        for n, extraction in enumerate(pool.map(extract_source, sources, chunksize=chunk), 1):
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


def default_jobs() -> int:
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
