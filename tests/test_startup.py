"""Start-up stays light: `biasscan --help` and scoring one file must not import the heavy libraries
(pandas, scikit-learn, pyarrow, dask, pydantic), which would cost from a tenth of a second to
seconds on every call.

Each case runs in a fresh interpreter, because this test process has long since imported them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# pydantic: typer 0.29 imports it to parse arguments (about 0.1 s per call), hence the typer pin in
# pyproject.toml.
HEAVY = ("pandas", "sklearn", "pyarrow", "dask", "scipy", "pydantic")

# Runs the CLI in-process, then reports which heavy top-level packages ended up in sys.modules.
PROBE = f"""
import json, sys
from biasscan.cli import app
try:
    app(args=sys.argv[1:], prog_name="biasscan", standalone_mode=False)
except SystemExit:
    pass
heavy = sorted({{name.split(".")[0] for name in sys.modules}} & {set(HEAVY)!r})
print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
"""


def heavy_modules_after(*args: str) -> list[str]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    marker = [line for line in proc.stderr.splitlines() if line.startswith("HEAVY=")]
    assert marker, proc.stderr
    return json.loads(marker[-1][len("HEAVY="):])


@pytest.mark.parametrize(
    "args",
    [["--help"], ["score", "--help"], ["--version"]],
    ids=["help", "score-help", "version"],
)
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    assert heavy_modules_after(*args) == []


@pytest.mark.parametrize("scorer", [["--no-model"], []], ids=["lexicon", "default"])
@pytest.mark.parametrize("fmt", ["table", "jsonl"])
def test_scoring_one_file_imports_no_heavy_library(tmp_path: Path, scorer: list[str], fmt: str) -> None:
    article = tmp_path / "artikel.txt"
    article.write_text("Der Machthaber soll die Truppen verlegt haben.\n\nSichern Sie sich jetzt Gold!\n", encoding="utf-8")
    assert heavy_modules_after("score", *scorer, "-f", fmt, str(article)) == []


def test_importtime_of_the_console_script_lists_no_heavy_library() -> None:
    """The same check through `-X importtime`, on the real entry point."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from biasscan.cli import main; import sys; sys.argv=['biasscan','--help']; main()"],
        capture_output=True, text=True, timeout=120,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "biasscan" in imported
    assert imported.isdisjoint(HEAVY)
