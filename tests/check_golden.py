"""Regenerate the golden outputs of `biasscan check` for tests/golden/check/draft.md.

    .venv/bin/python -m tests.check_golden      (or BIASSCAN_REGEN=1 pytest tests/test_check.py)

Run it after a deliberate change to the lexicons, rules or the check formats, then review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from typer.testing import CliRunner

GOLDEN = Path(__file__).resolve().parent / "golden" / "check"
DRAFT = "draft.md"
FORMATS = ("text", "github", "sarif", "junit", "json")
SUFFIX = {"text": "txt", "github": "github.txt", "sarif": "sarif", "junit": "xml", "json": "json"}


def golden_path(fmt: str) -> Path:
    return GOLDEN / f"draft.{SUFFIX[fmt]}"


def stable(fmt: str, output: str) -> str:
    """The output without what changes with every release or lexicon edit (versions, hashes)."""
    if fmt == "sarif":
        log = json.loads(output)
        run = log["runs"][0]
        run["tool"]["driver"]["version"] = run["tool"]["driver"]["semanticVersion"] = "<version>"
        run["properties"]["biasscan"] = "<metadata>"
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
    if fmt == "json":
        report = json.loads(output)
        report["meta"] = "<metadata>"
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    return output


def render(fmt: str) -> tuple[int, str]:
    """Run the check on the draft from inside the golden folder, so paths are as short as in CI."""
    from biasscan.cli import app

    cwd = os.getcwd()
    os.chdir(GOLDEN)
    try:
        result = CliRunner().invoke(app, ["check", DRAFT, "--no-model", "--no-config", "-q", "-f", fmt])
    finally:
        os.chdir(cwd)
    return result.exit_code, stable(fmt, result.stdout)


def regenerate() -> None:
    for fmt in FORMATS:
        _, output = render(fmt)
        golden_path(fmt).write_text(output, encoding="utf-8")
        print(f"wrote {golden_path(fmt)}")


if __name__ == "__main__":
    regenerate()
