"""``--engine dask`` on a local dask.distributed cluster gives the local engine's bytes."""

from __future__ import annotations

import builtins
import gc
from pathlib import Path

import pytest

from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "seeds", ROOT / "tests" / "data" / "unseen", ROOT / "tests" / "data" / "bad"]


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes. Worker *threads* (processes=False) would compile modules beside
    the main thread, which CPython 3.11 before 3.11.8 cannot always do (gh-106905)."""
    distributed = pytest.importorskip("dask.distributed", reason="needs the dask extra")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local
    gc.collect()  # see kg.dask_engine.run_batches: never leave Dask's cycles to a later compile()


@pytest.fixture(scope="module")
def local_build(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("local")
    return out, build(CORPUS, out, jobs=2, html=False, cache=False)


def test_dask_build_equals_the_local_build(cluster, local_build, tmp_path: Path) -> None:
    local_out, local = local_build
    result = build(CORPUS, tmp_path, engine="dask", scheduler=cluster.scheduler_address,
                   html=False)
    assert (tmp_path / "graph.ttl").read_bytes() == (local_out / "graph.ttl").read_bytes()
    assert result.counts == local.counts
    assert result.warnings == local.warnings and result.failed == local.failed > 0


def test_dask_build_with_one_file_per_partition(cluster, local_build, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import kg.pipeline as pipeline

    monkeypatch.setattr(pipeline, "MAX_BATCH", 1)
    local_out, _ = local_build
    build(CORPUS, tmp_path, engine="dask", scheduler=cluster.scheduler_address, html=False)
    assert (tmp_path / "graph.ttl").read_bytes() == (local_out / "graph.ttl").read_bytes()


def test_dask_strict_build_stops_with_the_local_engine_s_error(cluster, tmp_path: Path) -> None:
    from kg.errors import InputError

    bad = [ROOT / "seeds", ROOT / "tests" / "data" / "bad" / "nul_bytes.txt"]
    with pytest.raises(InputError) as local:
        build(bad, tmp_path / "local", strict=True, html=False)
    with pytest.raises(InputError) as remote:
        build(bad, tmp_path / "dask", engine="dask", strict=True,
              scheduler=cluster.scheduler_address, html=False)
    assert str(remote.value) == str(local.value)
    assert str(local.value).startswith(f"{bad[1].as_posix()}: binary file")


def test_dask_missing_extra_is_a_clear_error(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.dask_engine import EngineError

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.startswith("dask"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(EngineError) as caught:
        build([ROOT / "seeds"], tmp_path, engine="dask", html=False)
    assert str(caught.value) == "the dask engine needs Dask: pip install 'kabar[dask]'"
