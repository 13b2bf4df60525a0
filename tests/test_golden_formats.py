"""Golden output of every `biasscan score` format on the demo article (lexicon scores, so the files
do not move with the model; the model's own goldens are tests/golden/seed_*.model.json).

Regenerate after a deliberate change with
`BIASSCAN_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden_formats.py` and review the diff.
Volatile values (the lexicon hash, the version) are blanked; the file path is given relative.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from biasscan import __version__
from biasscan.cli import app
from biasscan.lexicon import load_lexicon

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "formats"
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


def normalized(text: str) -> str:
    text = text.replace(load_lexicon().sha256, "<lexicon-sha256>").replace(load_lexicon().sha256[:12], "<lexicon>")
    text = re.sub(rf"\b{re.escape(__version__)}\b", "<version>", text)
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


@pytest.mark.parametrize("name", sorted(CASES))
def test_score_format_matches_golden(name: str, runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["score", DEMO, "--no-model", *CASES[name]])
    assert result.exit_code == 0, result.stderr
    output = normalized(result.stdout)
    path = GOLDEN / name
    if os.environ.get("BIASSCAN_REGEN_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(output, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with BIASSCAN_REGEN_GOLDEN=1 to create it"
    assert output == path.read_text(encoding="utf-8")


def test_compare_matches_golden(runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    second = "tests/golden/check/draft.md"
    result = runner.invoke(app, ["compare", DEMO, second, "--no-model", "--no-color"])
    assert result.exit_code == 0, result.stderr
    output = normalized(result.stdout)
    path = GOLDEN / "compare.txt"
    if os.environ.get("BIASSCAN_REGEN_GOLDEN"):
        path.write_text(output, encoding="utf-8")
    assert output == path.read_text(encoding="utf-8")
