"""Shared fixtures: the seed build, made once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory):
    from kg.pipeline import build

    out = tmp_path_factory.mktemp("seed-build")
    result = build([SEEDS], out, jobs=1)
    return out, result
