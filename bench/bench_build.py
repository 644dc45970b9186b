"""How fast Kabar builds a news archive, how much memory it takes, and how fast it answers.

For each tier (1k, 10k, 100k articles) it generates a synthetic Indonesian news corpus
(``bench/corpus.py``, written once under ``--corpus-dir``), then measures in fresh processes:

- the build (``kg.pipeline.build``, what ``kg build --no-html`` runs) with each ``--jobs``:
  wall and CPU time, articles/s, sentences/s (and per CPU-second, the figure that does not
  depend on how busy the machine is), MB/s, peak RSS of the whole process tree (sampled with
  psutil every 200 ms), triples, size of graph.ttl and of the on-disk store;
- incremental re-runs: nothing changed, and 1% new articles (and whether the store was patched);
- ``kg query``: the time to open the graph (the on-disk store, and loading the Turtle into
  memory where that is still reasonable), and each shipped query run as a user runs it
  (``python -m kg query NAME --format tsv``, a new process each time: the first 100 rows, the
  default ``--limit``, and the total) and inside one process (also every row, where the graph
  is small enough);
- real text: cleaning and extraction of the repository's real articles (the seeds and the
  held-out sets) beside 300 articles of the corpus, each in a fresh process, cold (the first
  pass: every word new to the stemmer) and warm — the corpus's sentences are shorter and its
  vocabulary far smaller than news, which the sentence rates above do not show;
- the peer: spaCy's blank Indonesian pipeline with an EntityRuler holding the same gazetteer
  (every alias and seat of ``ontology/gazetteer``), entities only, one process, on the same
  files; the ratio compares articles per CPU-second.

The targets of issue 5 are checked at the end. Speed goals live here, never in the tests.

    .venv/bin/python bench/bench_build.py                     # the 1k tier, about 2 minutes
    .venv/bin/python bench/bench_build.py --tiers 1k,10k,100k --jobs 1,2 --json bench/results.json
    .venv/bin/python bench/bench_build.py --graph out/graph.ttl   # only kg query, on a built graph

The peer needs the ``bench`` extra (``pip install -e '.[bench]'``); without spaCy it is
skipped with a message. ``--jobs`` runs are skipped at 100k for 1 job unless ``--all-jobs``
(that run alone takes well over an hour on a laptop core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus import generate  # noqa: E402
from machine import parallel_speedup  # noqa: E402

TIERS = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
PYTHON = sys.executable
EVIDENCE_ENTITY = "Sergei Lavrov"
#: Loading Turtle into memory above this many triples takes minutes and gigabytes: not timed.
MEMORY_LOAD_MAX_TRIPLES = 3_000_000
TARGETS = {
    "sentences_per_core": 2_000,
    "minutes_100k": 10,
    "rss_mb_100k": 2_048,
    "query_s": 1.0,
    "speedup": 1.8,
}


# -- measuring a child process ------------------------------------------------------------------


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measure(cmd: list[str], cwd: Path | None = None) -> dict:
    """Run ``cmd``; its wall time, CPU time (itself and its children), peak tree RSS, stdout.

    It runs outside the repository (``cwd`` a temp folder), so ``--python`` imports the
    ``kg`` installed there, not the source tree."""
    cwd = cwd or Path(tempfile.gettempdir())
    try:
        import psutil  # noqa: F401

        sample = True
    except ImportError:
        sample = False
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sampler() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.2)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample:
        thread.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    if sample:
        thread.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if not sample:  # largest single process, the best getrusage can say
        peak = after.ru_maxrss * 1024
    return {"wall": wall, "cpu": cpu, "rss": peak, "stdout": out, "stderr": err}


BUILD = """
import json, sys
from pathlib import Path
from kg.pipeline import build
r = build([Path(p) for p in sys.argv[3:]], Path(sys.argv[1]), jobs=int(sys.argv[2]), html=False)
print(json.dumps({"counts": r.counts, "sentences": r.sentences, "extracted": r.extracted,
                  "reused": r.reused, "unchanged": r.unchanged, "failed": r.failed,
                  "store": str(r.store) if r.store else None, "store_patch": r.store_patch}))
"""

QUERIES = """
import json, sys, time
from pathlib import Path
import pyoxigraph as ox
from kg.query import answer, shipped_queries, PARAMETERS
from kg.store import FORMATS, persisted_store
graph, entity, memory = Path(sys.argv[1]), sys.argv[2], sys.argv[3] == "1"
LIMIT = 100  # kg query's default --limit
out = {}
folder = persisted_store(graph)
if folder:
    t = time.perf_counter()
    ox.Store.read_only(str(folder))
    out["open_store"] = time.perf_counter() - t
if memory:
    t = time.perf_counter(); s = ox.Store(); s.bulk_load(path=str(graph), format=FORMATS["turtle"])
    out["load_turtle"] = time.perf_counter() - t
    del s
for name in shipped_queries():  # as kg query answers by default: the first rows and the total
    arg = entity if name in PARAMETERS else None
    t = time.perf_counter(); found = answer(graph, name, "tsv", arg, LIMIT)
    out[name] = [time.perf_counter() - t, found.total]
if memory:  # every row, where that is still reasonable
    out["whole"] = {}
    for name in shipped_queries():
        arg = entity if name in PARAMETERS else None
        t = time.perf_counter(); answer(graph, name, "tsv", arg)
        out["whole"][name] = time.perf_counter() - t
print(json.dumps(out))
"""

PEER = """
import json, sys, time
from pathlib import Path
import spacy
from kg.lexicon import load_lexicon
lex = load_lexicon()
nlp = spacy.blank("id")
ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
patterns = [{"label": e.type.upper(), "pattern": alias, "id": key}
            for key, e in sorted(lex.entities.items()) for alias in sorted(e.aliases)]
patterns += [{"label": "STATE", "pattern": seat, "id": key}
             for seat, key in sorted(lex.seats.items())]
ruler.add_patterns(patterns)
files = sorted(Path(sys.argv[1]).rglob("*.txt"))
texts = [f.read_text(encoding="utf-8") for f in files]
t = time.perf_counter(); c = time.process_time(); ents = 0
for doc in nlp.pipe(texts, batch_size=256):
    ents += len(doc.ents)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "docs": len(texts), "entities": ents, "patterns": len(patterns)}))
"""


#: The real articles in the repository (the seeds and the held-out sets): the synthetic corpus
#: is read against them, since news has longer sentences and far more distinct words, and each
#: distinct word is analysed (Sastrawi: about 0.15 ms) once per process.
REAL_SETS = ("seeds", "tests/data/unseen", "tests/data/heldout", "tests/data/final",
             "tests/data/blind", "tests/data/blind2", "tests/data/blind3")
REAL_SAMPLE = 300  # articles of the synthetic corpus to set beside them

REAL = """
import json, sys, time
from pathlib import Path
from kg.clean import clean
from kg.extract import extract
from kg.lexicon import load_lexicon
from kg.reader import read_source
lex = load_lexicon()
sources = [read_source(Path(p)) for p in json.loads(sys.argv[1])]
runs = []
for _ in range(4):  # the first pass in a fresh process meets every word for the first time
    c = time.process_time()
    docs = [extract(clean(s, lex), lex).document for s in sources]
    runs.append(time.process_time() - c)
sentences = [s.text for d in docs for s in d.sentences]
words = [w.lower() for text in sentences for w in text.split()]
print(json.dumps({"articles": len(sources), "sentences": len(sentences), "words": len(words),
                  "distinct": len({w for w in words if len(w) >= 4 and w.isalpha()}),
                  "cold": runs[0], "warm": min(runs[1:])}))
"""


def run_real(corpus_files: list[Path]) -> dict:
    """Clean and extract the repository's real articles and a sample of the corpus, each in a
    fresh process: cold (first pass) and warm (best of three more) CPU time."""
    real = sorted(p for folder in REAL_SETS for p in (ROOT / folder).glob("*")
                  if p.suffix in (".txt", ".html"))
    found = {}
    for name, files in (("real articles", real), ("bench corpus", corpus_files[:REAL_SAMPLE])):
        if not files:  # a checkout without the held-out sets
            continue
        print(f"[real] clean + extract: {name}", file=sys.stderr, flush=True)
        m = measure([PYTHON, "-c", REAL, json.dumps([str(f) for f in files])])
        found[name] = json.loads(m["stdout"])
    return found


def real_report(found: dict) -> str:
    rows = []
    for name, r in found.items():
        n = r["sentences"]
        rows.append([name, f"{r['articles']:,}", f"{n:,}", f"{r['words'] / n:.1f}",
                     f"{r['distinct']:,}", f"{n / r['cold']:,.0f}", f"{n / r['warm']:,.0f}",
                     f"{r['words'] / r['warm']:,.0f}"])
    head = ["text", "articles", "sentences", "words/sentence", "distinct words (4+ letters)",
            "cold sent/CPU-s", "warm sent/CPU-s", "warm words/CPU-s"]
    return ("Clean + extract, real articles against the bench corpus (one fresh process each; "
            "cold: the first pass, warm: best of three more)\n" + table(rows, head))


def _du(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def measure_queries(graph: Path, triples: int, args: argparse.Namespace) -> dict:
    """``kg query`` on a built graph: opening it and each shipped query in one process (the
    first rows, and every row where the graph is small enough), and each as a command."""
    memory = "1" if triples <= MEMORY_LOAD_MAX_TRIPLES else "0"
    m = measure([PYTHON, "-c", QUERIES, str(graph), EVIDENCE_ENTITY, memory])
    queries = json.loads(m["stdout"])
    cli = {}
    from kg.query import PARAMETERS, shipped_queries

    for query in shipped_queries():
        cmd = [PYTHON, "-m", "kg", "query", query, "--graph", str(graph),
               "--format", "tsv", "--timeout", "0"]
        if query in PARAMETERS:
            cmd.insert(5, EVIDENCE_ENTITY)
        runs = args.query_runs if queries[query][0] < 5 else 1
        cli[query] = statistics.median(measure(cmd)["wall"] for _ in range(runs))
    return {"queries": queries, "cli_queries": cli}


# -- one tier -------------------------------------------------------------------------------------


def run_tier(name: str, articles: int, args: argparse.Namespace, work: Path) -> dict:
    corpus = args.corpus_dir / name
    print(f"[{name}] corpus: generating or reusing {corpus}", file=sys.stderr, flush=True)
    files = generate(corpus, articles, seed=args.seed)
    size = sum(f.stat().st_size for f in files)
    tier: dict = {"tier": name, "articles": articles, "bytes": size, "builds": []}
    out = work / name
    jobs_list = [j for j in args.jobs if articles < 100_000 or j > 1 or args.all_jobs]
    for jobs in jobs_list:
        shutil.rmtree(out, ignore_errors=True)
        print(f"[{name}] build --jobs {jobs}", file=sys.stderr, flush=True)
        m = measure([PYTHON, "-c", BUILD, str(out), str(jobs), str(corpus)])
        info = json.loads(m["stdout"])
        tier["builds"].append(
            {
                "jobs": jobs,
                "wall": m["wall"],
                "cpu": m["cpu"],
                "rss": m["rss"],
                "sentences": info["sentences"],
                "triples": info["counts"]["triples"],
                "documents": info["counts"]["documents"],
                "ttl": _du(out / "graph.ttl"),
                "store": _du(out / "graph.oxigraph"),
                "cache": _du(out / ".kabar-cache"),
            }
        )
    # straight after the build, before anything (a commit to kg/) can change the fingerprint
    print(f"[{name}] re-run, nothing changed", file=sys.stderr, flush=True)
    m = measure([PYTHON, "-c", BUILD, str(out), str(jobs_list[-1]), str(corpus)])
    tier["rerun_unchanged"] = {"wall": m["wall"], "unchanged": json.loads(m["stdout"])["unchanged"]}
    triples = tier["builds"][-1]["triples"]
    print(f"[{name}] queries", file=sys.stderr, flush=True)
    tier.update(measure_queries(out / "graph.ttl", triples, args))
    tier["peer"] = run_peer(corpus, name, args)
    # incremental: a re-run with 1% new articles, on the last build's output
    jobs = jobs_list[-1]
    extra = work / f"{name}-new"
    shutil.rmtree(extra, ignore_errors=True)
    generate(extra, max(1, articles // 100), seed=args.seed + 1)
    print(f"[{name}] re-run with 1% new articles", file=sys.stderr, flush=True)
    m = measure([PYTHON, "-c", BUILD, str(out), str(jobs), str(corpus), str(extra)])
    info = json.loads(m["stdout"])
    tier["rerun_new"] = {
        "wall": m["wall"],
        "extracted": info["extracted"],
        "reused": info["reused"],
        "store": "patched" if info.get("store_patch") else "loaded" if info["store"] else "none",
    }
    shutil.rmtree(extra, ignore_errors=True)

    return tier


def run_peer(corpus: Path, name: str, args: argparse.Namespace) -> dict | None:
    if args.no_peer:
        return None
    try:
        import spacy  # noqa: F401
    except ImportError:
        print("peer skipped: spaCy is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return None
    print(f"[{name}] peer: spaCy blank('id') + EntityRuler", file=sys.stderr, flush=True)
    m = measure([PYTHON, "-c", PEER, str(corpus)])
    info = json.loads(m["stdout"])
    info["rss"] = m["rss"]
    return info


# -- the report -----------------------------------------------------------------------------------


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f}" if n >= 1e7 else f"{n / 1e6:,.1f}"


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(head, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).rjust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join(
        [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in rows)]
    )


def query_report(tiers: list[dict]) -> str:
    from kg.query import shipped_queries

    names = list(shipped_queries())
    rows = []
    for t in tiers:
        q = t["queries"]
        load = f"{q['open_store']:.3f} (store)" if "open_store" in q else "-"
        if "load_turtle" in q:
            load += f" / {q['load_turtle']:.2f} (Turtle)"
        rows.append(
            [t["tier"], load]
            + [f"{q[n][0]:.2f} / {t['cli_queries'][n]:.2f} ({q[n][1]:,})" for n in names]
        )
    out = [
        "kg query (first 100 rows, the default --limit), seconds: in one process / as a "
        f"command (rows in all); evidence {EVIDENCE_ENTITY!r}",
        table(rows, ["tier", "open graph s"] + names),
    ]
    whole = [[t["tier"]] + [f"{t['queries']['whole'][n]:.2f}" for n in names]
             for t in tiers if "whole" in t["queries"]]
    if whole:
        out.append("\nkg query --limit 0 (every row), seconds, in one process")
        out.append(table(whole, ["tier"] + names))
    return "\n".join(out)


def report(tiers: list[dict]) -> str:
    out = []
    rows = []
    for t in tiers:
        for b in t["builds"]:
            rows.append(
                [
                    t["tier"],
                    b["jobs"],
                    f"{b['documents']:,}",
                    _mb(t["bytes"]),
                    f"{b['sentences']:,}",
                    f"{b['wall']:,.1f}",
                    f"{b['cpu']:,.1f}",
                    f"{b['documents'] / b['wall']:,.1f}",
                    f"{b['sentences'] / b['wall']:,.0f}",
                    f"{b['sentences'] / b['cpu']:,.0f}",
                    f"{t['bytes'] / 1e6 / b['wall']:.3f}",
                    f"{b['rss'] / 2**20:,.0f}",
                    f"{b['triples']:,}",
                    _mb(b["ttl"]),
                    _mb(b["store"]) if b["store"] else "-",
                ]
            )
    out.append("Build (kg build --no-html; wall time on this machine, CPU = all processes)")
    out.append(
        table(
            rows,
            [
                "tier",
                "jobs",
                "articles",
                "MB in",
                "sentences",
                "wall s",
                "CPU s",
                "art/s",
                "sent/s",
                "sent/CPU-s",
                "MB/s",
                "peak RSS MB",
                "triples",
                "ttl MB",
                "store MB",
            ],
        )
    )
    rows = []
    for t in tiers:
        by_jobs = {b["jobs"]: b for b in t["builds"]}
        speed = (
            f"{by_jobs[1]['wall'] / by_jobs[2]['wall']:.2f}x"
            if 1 in by_jobs and 2 in by_jobs
            else "-"
        )
        rows.append(
            [
                t["tier"],
                speed,
                f"{t['rerun_unchanged']['wall']:.1f}"
                + ("" if t["rerun_unchanged"]["unchanged"] else " (kg/ changed: re-extracted)"),
                f"{t['rerun_new']['wall']:.1f} ({t['rerun_new']['extracted']:,} new, "
                f"{t['rerun_new']['reused']:,} cached; store "
                f"{t['rerun_new'].get('store', '?')})",
            ]
        )
    out.append("\nParallel and incremental")
    out.append(
        table(
            rows,
            ["tier", "speed-up 2 jobs / 1", "re-run unchanged s", "re-run with 1% new articles s"],
        )
    )
    out.append("\n" + query_report(tiers))
    rows = []
    for t in tiers:
        p = t.get("peer")
        one = next((b for b in t["builds"] if b["jobs"] == 1), t["builds"][0])
        kabar = one["documents"] / one["cpu"]
        if p:
            spacy_rate = p["docs"] / p["cpu"]
            rows.append(
                [
                    t["tier"],
                    f"{spacy_rate:,.0f}",
                    f"{kabar:,.1f}",
                    f"{spacy_rate / kabar:,.1f}x",
                    f"{p['entities']:,}",
                    f"{p['rss'] / 2**20:,.0f}",
                ]
            )
    if rows:
        out.append(
            "\nPeer: spaCy blank('id') + EntityRuler (entities only) against Kabar's full "
            "extraction, articles per CPU-second"
        )
        out.append(
            table(
                rows,
                [
                    "tier",
                    "spaCy art/CPU-s",
                    "Kabar art/CPU-s",
                    "spaCy faster by",
                    "spaCy entities",
                    "spaCy RSS MB",
                ],
            )
        )
    out.append("\n" + targets(tiers))
    return "\n".join(out)


def targets(tiers: list[dict]) -> str:
    lines = ["Targets (issue 5)"]
    builds = [(t, b) for t in tiers for b in t["builds"]]
    per_core = min(b["sentences"] / b["cpu"] for _, b in builds)
    lines.append(
        _check(
            per_core >= TARGETS["sentences_per_core"],
            f">= {TARGETS['sentences_per_core']:,} sentences/s per core: {per_core:,.0f} "
            "per CPU-second (lowest run)",
        )
    )
    for t in tiers:
        by_jobs = {b["jobs"]: b for b in t["builds"]}
        if 1 in by_jobs and 2 in by_jobs:
            s = by_jobs[1]["wall"] / by_jobs[2]["wall"]
            lines.append(
                _check(s >= TARGETS["speedup"], f"2 jobs >= 1.8x 1 job at {t['tier']}: {s:.2f}x")
            )
    big = next((t for t in tiers if t["articles"] >= 100_000), None)
    if big:
        b = next((b for b in big["builds"] if b["jobs"] == 2), big["builds"][-1])
        lines.append(
            _check(
                b["wall"] / 60 < TARGETS["minutes_100k"],
                f"100k articles in < 10 min with --jobs {b['jobs']}: {b['wall'] / 60:.1f} min",
            )
        )
        lines.append(
            _check(
                b["rss"] / 2**20 < TARGETS["rss_mb_100k"],
                f"peak RSS < 2 GB at 100k: {b['rss'] / 2**20:,.0f} MB",
            )
        )
        slow = {n: v[0] for n, v in big["queries"].items() if isinstance(v, list)}  # first rows
        worst = max(slow, key=slow.get)
        lines.append(
            _check(
                slow[worst] < TARGETS["query_s"],
                f"shipped queries < 1 s at 100k: slowest {worst} {slow[worst]:.2f} s",
            )
        )
    if len(tiers) > 1:
        first, last = tiers[0], tiers[-1]
        grow_rss = last["builds"][-1]["rss"] / first["builds"][-1]["rss"]
        grow_corpus = last["articles"] / first["articles"]
        lines.append(
            _check(
                grow_rss < grow_corpus,
                f"memory grows slower than the corpus: x{grow_rss:.1f} RSS for "
                f"x{grow_corpus:.0f} articles",
            )
        )
    return "\n".join(lines)


def _check(ok: bool, text: str) -> str:
    return f"  [{'met' if ok else 'MISSED'}] {text}"


def extractor() -> str:
    """Whether ``--python`` runs the compiled extractor or the interpreted one."""
    where = measure([PYTHON, "-c", "import kg.entities; print(kg.entities.__file__)"])["stdout"]
    return "compiled (mypyc)" if where.strip().endswith(".so") else "interpreted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tiers", default="1k", help="comma-separated: 1k,10k,100k (default 1k)")
    parser.add_argument("--jobs", default="1,2", help="comma-separated job counts (default 1,2)")
    parser.add_argument("--all-jobs", action="store_true", help="also 1 job at 100k")
    parser.add_argument("--corpus-dir", type=Path, default=ROOT / "bench" / "corpus")
    parser.add_argument(
        "--work", type=Path, default=None, help="build outputs (default: a temp dir)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--query-runs", type=int, default=3)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--graph", type=Path,
                        help="only time kg query on this built graph.ttl (no corpus, no build)")
    parser.add_argument("--python", type=Path, default=Path(sys.executable),
                        help="the interpreter that runs Kabar (default: this one), e.g. that of "
                        "a venv with the compiled extractor (KABAR_COMPILE=1 pip install .)")
    args = parser.parse_args()
    global PYTHON
    PYTHON = str(args.python)
    for name in ("corpus_dir", "work", "graph", "json"):
        if getattr(args, name) is not None:
            setattr(args, name, getattr(args, name).resolve())
    if args.graph:
        from kg.store import open_store

        triples = len(open_store(args.graph))
        tier = {"tier": args.graph.as_posix(), **measure_queries(args.graph, triples, args)}
        print(f"$ .venv/bin/python bench/bench_build.py {' '.join(sys.argv[1:])}")
        print(f"{triples:,} triples\n")
        print(query_report([tier]))
        return
    args.jobs = [int(j) for j in args.jobs.split(",")]
    names = [n.strip() for n in args.tiers.split(",")]
    unknown = [n for n in names if n not in TIERS]
    if unknown:
        parser.error(f"unknown tier {unknown[0]!r}; use {', '.join(TIERS)}")
    work = args.work or Path(tempfile.mkdtemp(prefix="kabar-bench-"))
    started = time.time()
    load = os.getloadavg()
    machine_before = parallel_speedup()
    tiers = []
    for name in names:
        tiers.append(run_tier(name, TIERS[name], args, work))
        if args.json:  # a long run keeps what it has measured so far
            args.json.write_text(json.dumps({"tiers": tiers}, indent=2))
    machine_after = parallel_speedup()
    real = run_real(sorted((args.corpus_dir / names[0]).rglob("*.txt")))
    meta = {
        "machine_speedup": [machine_before["speedup"], machine_after["speedup"]],
        "cpus": os.cpu_count(),
        "load_before": load,
        "load_after": os.getloadavg(),
        "minutes": (time.time() - started) / 60,
        "python": sys.version.split()[0],
        "extractor": extractor(),
    }
    command = "bench/bench_build.py " + " ".join(sys.argv[1:])
    print(f"$ .venv/bin/python {command.strip()}")
    print(
        f"{meta['cpus']} CPUs; load average {load[0]:.1f} before, "
        f"{meta['load_after'][0]:.1f} after; {meta['minutes']:.0f} min in all"
    )
    print(f"extractor: {meta['extractor']} ({PYTHON})")
    print(
        "the machine itself: two processes of a pure-Python loop run "
        f"{machine_before['speedup']:.2f}x one before the builds, "
        f"{machine_after['speedup']:.2f}x after (2.00x is two free cores; bench/machine.py)\n"
    )
    print(report(tiers))
    print("\n" + real_report(real))
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "tiers": tiers, "real": real}, indent=2))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
