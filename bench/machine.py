"""What the machine itself gives two processes, to read Kabar's parallel figures against.

A virtual machine's two cores are not always two cores' worth: a neighbour on the host takes
its share. The same pure-Python loop is run once alone and then twice at once; the ratio is
the speed-up any program can get here at that moment. Kabar's 2-job speed-up is printed
beside it, so a low figure can be told apart from a slow host.

    python bench/machine.py          # prints one line
"""

from __future__ import annotations

import statistics
import time
from concurrent.futures import ProcessPoolExecutor

LOOP = 20_000_000


def _spin(n: int) -> float:
    """CPU-bound work with no I/O and no shared state."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i % 7
    return time.perf_counter() - start


def parallel_speedup(loop: int = LOOP, runs: int = 3) -> dict[str, float]:
    """Median over ``runs`` of (time of one loop alone) * 2 / (time of two loops at once)."""
    ratios = []
    with ProcessPoolExecutor(max_workers=2) as pool:
        list(pool.map(_spin, [1000, 1000]))  # start both workers before timing
        for _ in range(runs):
            one = pool.submit(_spin, loop).result()
            start = time.perf_counter()
            list(pool.map(_spin, [loop, loop]))
            two = time.perf_counter() - start
            ratios.append(2 * one / two)
    return {"speedup": statistics.median(ratios), "low": min(ratios), "high": max(ratios)}


if __name__ == "__main__":
    r = parallel_speedup()
    print(f"machine: two processes run {r['speedup']:.2f}x one "
          f"(runs {r['low']:.2f}–{r['high']:.2f}x; 2.00x is two free cores)")
