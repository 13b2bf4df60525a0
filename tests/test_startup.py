"""Start-up stays light: `biasscan --help`, scoring one file and the other everyday commands must not
import the heavy libraries (pandas, scikit-learn, pyarrow, dask, pydantic), which would cost from a
tenth of a second to seconds on every call.

Each case runs in a fresh interpreter, because this test process has long since imported them, and
checks the command's exit code too: a command that stopped early would import nothing and pass.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# pydantic: typer 0.29 imports it to parse arguments (about 0.1 s per call), hence the typer pin in
# pyproject.toml.
HEAVY = frozenset(("pandas", "sklearn", "pyarrow", "dask", "distributed", "scipy", "pydantic"))

# Runs the CLI in-process, then reports its exit code, the top-level packages in sys.modules and the
# OpenBLAS thread setting it ended with (tests/test_speed.py reads that one).
PROBE = """
import json, os, sys
from biasscan.cli import app
try:
    code = app(args=sys.argv[1:], prog_name="biasscan", standalone_mode=False)
except SystemExit as exc:
    code = exc.code
print("PROBE=" + json.dumps({"exit_code": code, "modules": sorted({name.split(".")[0] for name in sys.modules}),
                             "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS")}), file=sys.stderr)
"""

ARTICLE = "Der Machthaber soll die Truppen verlegt haben.\n\nSichern Sie sich jetzt Gold!\n"
FLAGGED = "Es wäre höchste Zeit, dass die Stadt endlich einen Sozialtarif einführt. Wie lange wollen wir noch zusehen?\n"


def probe(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> dict:
    """Run `biasscan ARGS` in a fresh interpreter: {"exit_code", "modules", "openblas_threads"}."""
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=env)
    marker = [line for line in proc.stderr.splitlines() if line.startswith("PROBE=")]
    assert marker, proc.stderr
    return json.loads(marker[-1][len("PROBE="):])


def heavy_modules_after(*args: str, exit_code: int = 0, cwd: Path | None = None) -> list[str]:
    report = probe(*args, cwd=cwd)
    assert report["exit_code"] == exit_code, f"biasscan {' '.join(args)} exited {report['exit_code']}"
    return sorted(HEAVY.intersection(report["modules"]))


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
    article.write_text(ARTICLE, encoding="utf-8")
    assert heavy_modules_after("score", *scorer, "-f", fmt, str(article)) == []


@pytest.mark.parametrize(
    "command",
    [["score", "--no-model", "-f", "json"], ["score", "--no-model", "-f", "html"],
     ["explain", "--no-model"], ["compare", "--no-model"]],
    ids=["json", "html", "explain", "compare"],
)
def test_reports_and_views_import_no_heavy_library(tmp_path: Path, command: list[str]) -> None:
    """Dask, pandas and pyarrow are for the engines and exports that need them, not for reading reports."""
    article = tmp_path / "artikel.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert heavy_modules_after(*command, str(article)) == []


def test_csv_export_of_a_directory_imports_no_heavy_library(tmp_path: Path) -> None:
    """pandas and pyarrow are for Parquet and the Python API; a CSV export of a corpus runs without them."""
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"{i}.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.csv"
    assert heavy_modules_after("score", "--no-model", str(corpus), "-f", "csv", "-o", str(out)) == []
    assert out.stat().st_size > 0


def test_check_imports_no_heavy_library(tmp_path: Path) -> None:
    """`biasscan check` starts fast in CI; run from an empty folder so no configuration is picked up."""
    (tmp_path / "a.md").write_text(FLAGGED, encoding="utf-8")
    assert heavy_modules_after("check", "--no-model", "-q", "a.md", exit_code=1, cwd=tmp_path) == []


def test_importtime_of_the_console_script_lists_no_heavy_library() -> None:
    """The same check through `-X importtime`, on the real entry point."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "from biasscan.cli import main; import sys; sys.argv=['biasscan','--help']; main()"],
        capture_output=True, text=True, timeout=120,
    )
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "biasscan" in imported
    assert imported.isdisjoint(HEAVY)
