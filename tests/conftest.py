"""Shared fixtures: where the repository, the seeds and the shared data are, and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


def seed_path(prefix: str) -> Path:
    """The seed article whose file name starts with `prefix` ("000", "001", ...)."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not available (../shared/seeds missing)")
    return matches[0]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="session")
def analyzer_lexicon():
    """A lexicon-only analyzer, built once per session (building it is cheap, but not free)."""
    from biasscan.pipeline import Analyzer, Settings

    return Analyzer(Settings(use_model=False))
