"""Golden output of every `biasscan score` format on the demo article (lexicon scores, so the files
do not move with the model; the model's own goldens are tests/golden/seed_*.model.json).

Regenerate after a deliberate change with
`BIASSCAN_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden_formats.py` and review the diff.
Volatile values (the lexicon hash, the version) are blanked; the file path is given relative.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from biasscan import __version__
from biasscan.cli import app
from biasscan.lexicon import load_lexicon
from tests.conftest import REPO, assert_matches_golden

GOLDEN = REPO / "tests" / "golden" / "formats"
DEMO = "examples/demo_artikel.txt"

CASES = {
    "demo.table.txt": ["-f", "table", "--no-color"],
    "demo.paragraph.jsonl": ["-f", "jsonl"],
    "demo.article.jsonl": ["-f", "jsonl", "--level", "article"],
    "demo.paragraph.csv": ["-f", "csv"],
    "demo.article.csv": ["-f", "csv", "--level", "article"],
    "demo.excel.csv": ["-f", "csv", "--excel"],
    "demo.html": ["-f", "html"],
}


@cache
def lexicon_sha256() -> str:
    return load_lexicon().sha256


def normalized(text: str) -> str:
    """The output without what changes with every release or lexicon edit."""
    text = text.replace(lexicon_sha256(), "<lexicon-sha256>").replace(lexicon_sha256()[:12], "<lexicon>")
    return re.sub(rf"\b{re.escape(__version__)}\b", "<version>", text)


@pytest.mark.parametrize("name", sorted(CASES))
def test_score_format_matches_golden(name: str, runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["score", DEMO, "--no-model", *CASES[name]])
    assert result.exit_code == 0, result.stderr
    assert_matches_golden(GOLDEN / name, normalized(result.stdout))


def test_compare_matches_golden(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    second = "tests/golden/check/draft.md"
    result = runner.invoke(app, ["compare", DEMO, second, "--no-model", "--no-color"])
    assert result.exit_code == 0, result.stderr
    assert_matches_golden(GOLDEN / "compare.txt", normalized(result.stdout))
