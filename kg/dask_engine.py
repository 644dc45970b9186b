"""``kg build --engine dask``: the batches of a build mapped over a Dask cluster.

Each batch (a partition of the input files) is read, cleaned and extracted on a Dask worker,
which sends back the batch's records and its shard — the batch's triples as sorted N-Quads,
one named graph per document, zlib-compressed. The client writes the shards into the build's
temporary folder, in batch order, and the build merges them exactly as it merges the local
engine's, so both engines give the same bytes.

Workers read the files themselves: on a cluster of several machines, the inputs must be on
storage every worker sees at the same absolute path (NFS, a mounted bucket), and Kabar must
be installed on every worker. Results are not cached between builds on this engine.

Needs the ``dask`` extra: ``pip install 'kabar[dask]'``.
"""

from __future__ import annotations

import gc
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.atomic import atomic_writer
from kg.errors import KabarError
from kg.pipeline import BatchOptions, FileRecord, in_order, process_batch


class EngineError(KabarError):
    """The Dask engine cannot run: the extra is missing or the scheduler is unreachable."""


def _remote_batch(batch: Sequence[tuple[str, str]],
                  options: BatchOptions) -> tuple[list[FileRecord], bytes]:
    records, shard = process_batch(batch, None, options)
    return records, zlib.compress(shard or b"", 1)


def run_batches(batches: Sequence[Sequence[tuple[str, str]]], temp: Path, options: BatchOptions,
                *, scheduler: str | None = None, workers: int = 1,
                client: object | None = None) -> Iterator[tuple[list[FileRecord], Path]]:
    """Yield each batch's records and shard file, in batch order, computed on Dask.

    ``client``: an existing ``distributed.Client`` (tests); otherwise one is made for
    ``scheduler``, or for a new local cluster of ``workers`` processes.
    """
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise EngineError("the dask engine needs Dask: pip install 'kabar[dask]'") from None
    # Workers may run elsewhere: they get absolute paths, and report the names as given.
    remote = [[(str(Path(read).resolve()), name) for read, name in batch] for batch in batches]
    owned = None
    if client is None:
        try:
            if scheduler:
                owned = Client(scheduler, timeout="30s")
            else:
                cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                owned = Client(cluster)
        except (OSError, TimeoutError) as err:
            raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {err}") from None
        client = owned
    try:
        threads = sum(client.nthreads().values()) or 1  # type: ignore[attr-defined]
        submit = lambda task: client.submit(  # type: ignore[attr-defined]  # noqa: E731
            _remote_batch, task[1], options=options, pure=False)
        for (records, packed), (index, _) in in_order(enumerate(remote), submit, 4 * threads):
            shard = temp / f"shard-{index:06d}.nq"
            with atomic_writer(shard) as out:
                out.write(zlib.decompress(packed))
            yield records, shard
    finally:
        if owned is not None:
            cluster = getattr(owned, "cluster", None)
            owned.close()
            if cluster is not None:
                cluster.close()
        # Futures and clients sit in reference cycles; collected later, inside an unrelated
        # compile(), their finalizers parse Dask config too, which CPython 3.11 reports as
        # "SystemError: AST constructor recursion depth mismatch". Collect them here.
        gc.collect()
