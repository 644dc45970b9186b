"""How fast the HTML network becomes usable, in headless Chromium with the network cut off.

Time to interactive (TTI) is ``performance.now()`` when the page's script sets
``window.kabarReady``: at vis-network's first ``afterDrawing`` event, measured from the
navigation start. By then the data is parsed, the network drawn and every control wired
(the page's script runs to its end before the first frame is painted).

Two graphs: the seeds (built with ``kg.pipeline`` when it is importable, else the test
fixture of about 40 nodes), and a generated news-like graph of 5,000 nodes. Targets:
under 1 s for the seeds, under 3 s for 5,000 nodes. Each TTI is the median of ``--runs``
fresh page loads (a new browser context each time, so nothing is cached).

    .venv/bin/python bench/bench_html.py [--runs 3] [--nodes 5000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_helpers import (  # noqa: E402
    chromium_available,
    launch_browser,
    open_page,
    small_graph,
    synthetic_graph,
)
from rdflib import Graph  # noqa: E402

from kg.render import render_html  # noqa: E402


def seeds_graph(work: Path) -> tuple[str, Graph]:
    """The seed articles through the real pipeline, or the fixture if there is none yet."""
    try:
        from kg.pipeline import build  # noqa: PLC0415 - optional while it is being written
    except ImportError:
        return "seeds (fixture)", small_graph()
    result = build([ROOT / "seeds"], work / "seeds-build", jobs=1, html=False)
    return "seeds (pipeline)", result.graph


def time_to_interactive(browser: object, page: Path, runs: int) -> tuple[list[float], int]:
    """TTI in ms for each fresh load, and how many outside requests were attempted."""
    times, blocked = [], 0
    for _ in range(runs):
        with open_page(browser, page, timeout_ms=60_000) as session:
            times.append(session.page.evaluate("() => window.kabarReadyMs"))
            blocked += len(session.blocked)
    return times, blocked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="page loads per graph")
    parser.add_argument("--nodes", type=int, default=5000, help="size of the generated graph")
    args = parser.parse_args()
    if not chromium_available():
        print("needs /usr/bin/chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    rows = []
    with tempfile.TemporaryDirectory() as tmp, launch_browser() as browser:
        work = Path(tmp)
        name, seeds = seeds_graph(work)
        t0 = time.perf_counter()
        big = synthetic_graph(args.nodes)
        generated = time.perf_counter() - t0
        print(f"generated a {args.nodes}-node graph ({len(big)} triples) in {generated:.1f} s")
        for label, graph, target_ms in (
            (name, seeds, 1000),
            (f"generated {args.nodes}", big, 3000),
        ):
            out = work / f"{len(rows)}.html"
            t0 = time.perf_counter()
            stats = render_html(graph, out)
            render_s = time.perf_counter() - t0
            times, blocked = time_to_interactive(browser, out, args.runs)
            rows.append((label, stats, render_s, times, blocked, target_ms))

    print()
    header = ("graph", "nodes", "edges", "HTML", "render", "TTI median", "TTI range", "target", "")
    table = [header]
    for label, stats, render_s, times, blocked, target_ms in rows:
        median = statistics.median(times)
        verdict = "ok" if median < target_ms and not blocked else "MISSED"
        if blocked:
            verdict += f" ({blocked} outside requests)"
        table.append(
            (
                label,
                str(stats.nodes),
                str(stats.edges),
                f"{stats.bytes / 1e6:.2f} MB",
                f"{render_s:.2f} s",
                f"{median:.0f} ms",
                f"{min(times):.0f}-{max(times):.0f} ms",
                f"< {target_ms} ms",
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0 if all(r[-1] == "ok" for r in table[1:]) else 1


if __name__ == "__main__":
    sys.exit(main())
