"""`biasscan score` per output format, as a user would check it: what lands on stdout, what on stderr,
which exit code, and what the files written with `-o` contain.

A small house lexicon (`--lexicon`) gives the test article known cues, so the assertions do not depend
on the shipped word lists; `--no-model` keeps the scores a documented function of those cues.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from biasscan.categories import CATEGORIES as CATEGORY_NAMES
from biasscan.cli import app
from biasscan.lexicon import HEADER

HOUSE = (
    "\t".join(HEADER) + "\n"
    "Skandalbude\tword\tloaded\tpejorative\t1.5\ttest\tCC0-1.0\tdie Skandalbude\n"
)
ARTICLE = (
    "Stadtrat beschließt Haushalt\n"
    "\n"
    "Der Stadtrat hat am Montag den Haushalt für 2025 beschlossen.\n"
    "Die Opposition stimmte dagegen.\n"
    "\n"
    "Die Skandalbude im Rathaus bleibt trotzdem geöffnet.\n"
)
JSONL_KEYS = {"doc", "paragraph", "line_start", "line_end", "text", "scores", "flags", "commercial_subtype", "cues"}
CUE_KEYS = {"category", "subtype", "text", "start", "end", "quoted", "negated", "weight", "entry", "source"}
CATEGORIES = set(CATEGORY_NAMES)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    article = tmp_path / "artikel.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    house = tmp_path / "haus.tsv"
    house.write_text(HOUSE, encoding="utf-8")
    return {"article": article, "house": house, "dir": tmp_path}


def score(runner: CliRunner, *args: str, input: str | None = None):
    return runner.invoke(app, ["score", "--no-model", *args], input=input)


def jsonl_records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_table_is_plain_text_when_not_a_terminal(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "--lexicon", str(files["house"]))
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout
    for category in CATEGORIES:
        assert category in result.stdout
    assert "Skandalbude" in result.stdout
    assert "bias index" in result.stdout


def test_table_colour_can_be_forced(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "--color")
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout


def test_jsonl_one_record_per_paragraph_with_required_keys(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "jsonl", "--lexicon", str(files["house"]))
    assert result.exit_code == 0, result.output
    records = jsonl_records(result.stdout)
    assert [r["paragraph"] for r in records] == [0, 1, 2]
    for record in records:
        assert JSONL_KEYS <= set(record)
        assert set(record["scores"]) == CATEGORIES and set(record["flags"]) == CATEGORIES
        assert record["doc"] == str(files["article"])
    assert [(r["line_start"], r["line_end"]) for r in records] == [(1, 1), (3, 4), (6, 6)]
    last = records[2]
    assert last["flags"]["loaded"] is True
    (cue,) = [c for c in last["cues"] if c["category"] == "loaded"]
    assert set(cue) >= CUE_KEYS
    assert last["text"][cue["start"] : cue["end"]] == "Skandalbude"
    assert cue["source"].startswith("haus.tsv:")
    assert not any(records[1]["flags"].values())


def test_jsonl_article_level(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "jsonl", "--level", "article")
    assert result.exit_code == 0
    (record,) = jsonl_records(result.stdout)
    assert record["paragraphs"] == 3
    assert set(record["categories"]) == CATEGORIES
    assert 0.0 <= record["bias_index"] <= 1.0


def test_json_document_has_schema_meta_documents_and_summary(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "json", "--lexicon", str(files["house"]))
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["schema_version"]
    assert payload["meta"]["scorer"] == "lexicon"
    assert "haus.tsv" in payload["meta"]["lexicon_files"]
    (document,) = payload["documents"]
    assert [p["paragraph"] for p in document["paragraph_scores"]] == [0, 1, 2]
    assert document["categories"]["loaded"]["flagged_paragraphs"] == 1
    assert payload["failures"] == []
    assert payload["summary"] == {"documents_scored": 1, "paragraphs_scored": 3, "documents_failed": 0, "documents_skipped": 0}


def test_csv_paragraph_rows(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "csv", "--lexicon", str(files["house"]))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 3
    expected = {"doc", "paragraph", "line_start", "line_end", "commercial_subtype", "cues", "text"}
    expected |= CATEGORIES | {f"flag_{c}" for c in CATEGORIES}
    assert expected <= set(rows[0])
    assert rows[1]["text"] == "Der Stadtrat hat am Montag den Haushalt für 2025 beschlossen.\nDie Opposition stimmte dagegen."
    assert rows[2]["flag_loaded"] == "True"
    assert "loaded/pejorative:Skandalbude" in rows[2]["cues"]


def test_csv_article_rows(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "csv", "--level", "article")
    assert result.exit_code == 0
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = {"doc", "source", "paragraphs", "words", "commercial_subtypes", "bias_index"}
    expected |= {f"{c}_{m}" for c in CATEGORIES for m in ("share", "mean", "max", "per_1k_words")}
    assert expected <= set(row)
    assert row["paragraphs"] == "3"


def test_csv_for_excel_has_bom_and_semicolons(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "csv", "--excel")
    assert result.stdout.startswith("\ufeffdoc;paragraph;")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_output_file_and_sidecar(runner: CliRunner, files: dict[str, Path], fmt: str) -> None:
    out = files["dir"] / f"ergebnis.{fmt}"
    result = score(runner, str(files["article"]), "-f", fmt, "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").count("\n") >= 3
    meta = json.loads((files["dir"] / f"ergebnis.{fmt}.meta.json").read_text(encoding="utf-8"))
    assert meta["format"] == fmt and meta["level"] == "paragraph"
    assert meta["scorer"] == "lexicon"
    assert len(meta["lexicon_sha256"]) == 64
    assert set(meta["thresholds"]) == CATEGORIES
    assert meta["summary"]["documents_scored"] == 1
    assert meta["failures"] == []


def test_threshold_changes_flags(runner: CliRunner, files: dict[str, Path]) -> None:
    args = [str(files["article"]), "-f", "jsonl", "--lexicon", str(files["house"])]
    default = jsonl_records(score(runner, *args).stdout)[2]
    strict = jsonl_records(score(runner, *args, "-t", "loaded=0.99").stdout)[2]
    assert default["flags"]["loaded"] and not strict["flags"]["loaded"]
    assert default["scores"] == strict["scores"]


@pytest.mark.parametrize(
    ("value", "hint"),
    [("loaded", "CATEGORY=VALUE"), ("bias=0.5", "CATEGORY=VALUE"), ("loaded=hoch", "not a number"),
     ("loaded=1.5", "outside [0, 1]"), ("hedging=-0.1", "outside [0, 1]")],
)
def test_bad_threshold_is_a_one_line_usage_error(runner: CliRunner, files: dict[str, Path], value: str, hint: str) -> None:
    result = score(runner, str(files["article"]), "-t", value)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--threshold" in lines[0] and hint in lines[0]
    assert "Traceback" not in result.stderr


def test_stdin_is_read_with_dash(runner: CliRunner) -> None:
    result = score(runner, "-", "-f", "jsonl", input=ARTICLE)
    assert result.exit_code == 0
    records = jsonl_records(result.stdout)
    assert {r["doc"] for r in records} == {"-"}
    assert len(records) == 3


def test_directory_with_default_and_custom_globs(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    (corpus / "unter").mkdir(parents=True)
    (corpus / "a.txt").write_text("Erster Text.", encoding="utf-8")
    (corpus / "unter" / "b.md").write_text("Zweiter Text.", encoding="utf-8")
    (corpus / "c.html").write_text("<html><body><p>Dritter Text.</p></body></html>", encoding="utf-8")
    (corpus / "notiz.rst").write_text("Vierter Text.", encoding="utf-8")
    (corpus / "bild.png").write_bytes(b"\x89PNG\r\n")

    result = score(runner, str(corpus), "-f", "jsonl", "--level", "article")
    assert result.exit_code == 0, result.stderr
    names = sorted(Path(r["doc"]).name for r in jsonl_records(result.stdout))
    assert names == ["a.txt", "b.md", "c.html"]

    result = score(runner, str(corpus), "-f", "jsonl", "--level", "article", "--glob", "*.rst", "--glob", "a.*")
    assert result.exit_code == 0
    assert sorted(Path(r["doc"]).name for r in jsonl_records(result.stdout)) == ["a.txt", "notiz.rst"]


def test_directory_without_matching_files_is_unreadable(runner: CliRunner, tmp_path: Path) -> None:
    result = score(runner, str(tmp_path), "--glob", "*.xyz")
    assert result.exit_code == 3
    assert str(tmp_path) in result.stderr


def test_missing_file_exits_3_while_the_others_are_scored(runner: CliRunner, files: dict[str, Path]) -> None:
    missing = files["dir"] / "fehlt.txt"
    result = score(runner, str(missing), str(files["article"]), "-f", "jsonl")
    assert result.exit_code == 3
    assert {r["doc"] for r in jsonl_records(result.stdout)} == {str(files["article"])}
    error_lines = [line for line in result.stderr.splitlines() if str(missing) in line]
    assert len(error_lines) == 1 and "no such file" in error_lines[0]
    assert "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(runner: CliRunner, files: dict[str, Path]) -> None:
    result = score(runner, str(files["article"]), "-f", "pdf")
    assert result.exit_code == 2


def test_real_process_separates_stdout_and_stderr(files: dict[str, Path]) -> None:
    """Outside CliRunner: a pipe is not a terminal, so no colour; diagnostics never reach stdout."""
    missing = files["dir"] / "fehlt.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "biasscan.cli", "score", "--no-model", "-f", "jsonl", str(files["article"]), str(missing)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 3
    assert [record["paragraph"] for record in jsonl_records(proc.stdout)] == [0, 1, 2]
    assert str(missing) in proc.stderr and "Traceback" not in proc.stderr

    table = subprocess.run(
        [sys.executable, "-m", "biasscan.cli", "score", "--no-model", str(files["article"])],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert table.returncode == 0 and "\x1b[" not in table.stdout and "loaded" in table.stdout
