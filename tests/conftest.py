"""Shared fixtures: where the repository, the seeds and the shared data are, a CLI runner, and how an
output is compared with its golden file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


def seed_file(prefix: str) -> Path | None:
    """The seed article whose file name starts with `prefix` ("000", "001", ...), if it is there."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return matches[0] if matches else None


def seed_path(prefix: str) -> Path:
    """The seed article for `prefix`; the test is skipped when ../shared/seeds is missing."""
    path = seed_file(prefix)
    if path is None:
        pytest.skip(f"seed {prefix} not available (../shared/seeds missing)")
    return path


def assert_matches_golden(path: Path, text: str) -> None:
    """`text`, with trailing blanks stripped from every line, must equal the golden file at `path`.
    With BIASSCAN_REGEN_GOLDEN=1 in the environment the file is written first (review the diff)."""
    text = "\n".join(line.rstrip() for line in text.splitlines()) + "\n"
    if os.environ.get("BIASSCAN_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with BIASSCAN_REGEN_GOLDEN=1 to create it"
    assert text == path.read_text(encoding="utf-8")


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
