"""The compiled extractor (``KABAR_COMPILE=1 pip install .``) writes the graphs the
interpreted one writes, byte for byte.

Runs when ``$KABAR_COMPILED_PYTHON`` names the interpreter of such an install (``.ci/run``
makes one); mypyc turns a wrong type annotation into a runtime error or a silently different
path, which only a comparison on real articles shows.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
COMPILED = os.environ.get("KABAR_COMPILED_PYTHON")
SETS = ["seeds", "tests/data/unseen", "tests/data/blind", "tests/data/blind3"]

pytestmark = pytest.mark.skipif(not COMPILED, reason="set KABAR_COMPILED_PYTHON to compare")


def _compiled_build(articles: Path, out: Path, jobs: int) -> None:
    # run outside the repository, so that the installed (compiled) kg is the one imported
    subprocess.run([COMPILED, "-m", "kg", "build", str(articles), "--out", str(out), "--no-html",
                    "--jobs", str(jobs)], cwd=out.parent, check=True, capture_output=True)


def test_compiled_install_is_compiled(tmp_path: Path) -> None:
    where = subprocess.run([COMPILED, "-c", "import kg.entities; print(kg.entities.__file__)"],
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert where.strip().endswith(".so")


@pytest.mark.parametrize("name", SETS)
def test_compiled_build_writes_the_same_graph(tmp_path: Path, name: str) -> None:
    plain = build([ROOT / name], tmp_path / "plain", jobs=1, html=False)
    _compiled_build(ROOT / name, tmp_path / "compiled", jobs=2)
    assert (tmp_path / "compiled" / "graph.ttl").read_bytes() == plain.turtle_path.read_bytes()
