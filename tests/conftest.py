"""Shared fixtures: paths, and one build of the seed articles per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The sample articles shipped in the repository."""
    return SEEDS


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared (gold annotations, NER corpora); tests skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not available on this machine")
    return SHARED


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of seeds/ (no cache), made once per session; read it, never write it."""
    from kg.cli import main

    out = tmp_path_factory.mktemp("seeds-build")
    status = main(["build", str(SEEDS), "-o", str(out), "--no-cache", "-q"])
    assert status == 0, f"kg build seeds exited {status}"
    shutil.rmtree(out / ".kg-cache", ignore_errors=True)
    return out
