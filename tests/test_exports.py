"""Exports researchers open in other tools: CSV (plain and Excel), JSONL, Parquet, the sidecar, --jobs.

Every check reads the export back the way a user would (csv module, pandas, pyarrow) and compares
it with another export of the same run, never with hard-coded scores. Lexicon scores only
(--no-model), so the comparisons do not depend on the trained model.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

from biasscan.cli import app
from biasscan.render.records import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS
from tests.conftest import SEEDS

TRICKY_TEXT = (
    'Der Minister sprach von einem "Skandal", angeblich; die Opposition nennt das „Unsinn".\n'
    "Zweite Zeile desselben Absatzes, mit Komma, Semikolon; und Tab\tam Ende.\n"
    "\n"
    "Ein zweiter Absatz: 'einfache' und \"doppelte\" Anführungszeichen, Umlaute äöü ß € –.\n"
)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small corpus of a dozen documents: the tricky one, copies of the seeds, short generated ones."""
    root = tmp_path_factory.mktemp("corpus")
    (root / "a_tricky.txt").write_text(TRICKY_TEXT, encoding="utf-8")
    for seed in sorted(SEEDS.glob("*.txt")):
        (root / f"b_{seed.name}").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    for i in range(8):
        (root / f"c_{i:02d}.txt").write_text(
            f"Meldung {i}: Die Regierung soll angeblich {i} neue Pläne haben.\n\n"
            f"Ein Skandal, sagen Kritiker. Jetzt zugreifen und {i} Prozent sparen!\n", encoding="utf-8")
    return root


def score(runner, *args: str):
    return runner.invoke(app, ["score", "--no-model", *args])


def read_csv_rows(path: Path, *, excel: bool = False) -> tuple[list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == excel
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";" if excel else ",")
    rows = list(reader)
    return list(reader.fieldnames or []), rows


@pytest.mark.parametrize("level, columns", [("paragraph", PARAGRAPH_COLUMNS), ("article", ARTICLE_COLUMNS)])
def test_csv_header_is_the_documented_column_order(runner, corpus, tmp_path, level, columns):
    out = tmp_path / "out.csv"
    result = score(runner, str(corpus), "-f", "csv", "--level", level, "-o", str(out))
    assert result.exit_code == 0, result.output
    header, rows = read_csv_rows(out)
    assert header == list(columns)
    assert rows and all(None not in row for row in rows)  # no row has more cells than the header


def test_csv_text_with_quotes_newlines_and_umlauts_round_trips(runner, corpus, tmp_path):
    out, jsonl = tmp_path / "out.csv", tmp_path / "out.jsonl"
    assert score(runner, str(corpus / "a_tricky.txt"), "-f", "csv", "-o", str(out)).exit_code == 0
    assert score(runner, str(corpus / "a_tricky.txt"), "-f", "jsonl", "-o", str(jsonl)).exit_code == 0
    expected = [json.loads(line)["text"] for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert any("\n" in t and '"' in t for t in expected)  # the test really exercises quoting
    _, rows = read_csv_rows(out)
    assert [r["text"] for r in rows] == expected
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame["text"]) == expected


def test_excel_mode_has_bom_semicolons_and_same_content(runner, corpus, tmp_path):
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert score(runner, str(corpus), "-f", "csv", "-o", str(plain)).exit_code == 0
    assert score(runner, str(corpus), "-f", "csv", "--excel", "-o", str(excel)).exit_code == 0
    plain_header, plain_rows = read_csv_rows(plain)
    excel_header, excel_rows = read_csv_rows(excel, excel=True)
    assert excel.read_text(encoding="utf-8-sig").split("\n", 1)[0] == ";".join(PARAGRAPH_COLUMNS)
    assert (excel_header, excel_rows) == (plain_header, plain_rows)
    pd = pytest.importorskip("pandas")
    frame = pd.read_csv(excel, sep=";", encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns) == list(PARAGRAPH_COLUMNS)
    assert list(frame["text"]) == [r["text"] for r in plain_rows]


def test_jsonl_lines_are_records_matching_the_csv_rows(runner, corpus, tmp_path):
    out, csv_out = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert score(runner, str(corpus), "-f", "jsonl", "-o", str(out)).exit_code == 0
    assert score(runner, str(corpus), "-f", "csv", "-o", str(csv_out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    _, rows = read_csv_rows(csv_out)
    assert len(records) == len(rows)
    for record, row in zip(records, rows, strict=True):
        assert (record["doc"], str(record["paragraph"]), record["text"]) == (row["doc"], row["paragraph"], row["text"])
        assert {c: str(v) for c, v in record["scores"].items()} == {c: row[c] for c in record["scores"]}


def test_parquet_round_trip_matches_csv_with_types_and_metadata(runner, corpus, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out, csv_out = tmp_path / "out.parquet", tmp_path / "out.csv"
    result = score(runner, str(corpus), "-f", "parquet", "-t", "loaded=0.7", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert score(runner, str(corpus), "-f", "csv", "-t", "loaded=0.7", "-o", str(csv_out)).exit_code == 0
    table = pq.read_table(out)
    assert table.column_names == list(PARAGRAPH_COLUMNS)
    types = {f.name: str(f.type) for f in table.schema}
    assert types["paragraph"] == "int64" and types["loaded"] == "double" and types["flag_loaded"] == "bool"
    rows = table.to_pylist()
    _, csv_rows = read_csv_rows(csv_out)
    assert len(rows) == len(csv_rows)
    for row, csv_row in zip(rows, csv_rows, strict=True):
        assert (row["doc"], row["paragraph"], row["text"]) == (csv_row["doc"], int(csv_row["paragraph"]), csv_row["text"])
        assert row["loaded"] == float(csv_row["loaded"]) and str(row["flag_loaded"]) == csv_row["flag_loaded"]
        cues = json.loads(row["cues"])  # JSON text: every cue with its offsets and source
        assert len(cues) == (csv_row["cues"].count(" | ") + 1 if csv_row["cues"] else 0)
        assert all({"category", "subtype", "text", "start", "end", "source"} <= set(c) for c in cues)

    from biasscan.render.parquet import read_metadata

    meta = read_metadata(out)
    sidecar = json.loads(Path(f"{out}.meta.json").read_text(encoding="utf-8"))
    run = meta["biasscan"]
    assert run["thresholds"]["loaded"] == 0.7 == sidecar["thresholds"]["loaded"]
    assert run["lexicon_sha256"] == sidecar["lexicon_sha256"] and len(run["lexicon_sha256"]) == 64
    assert run["scorer"] == "lexicon" and "model_version" in run and run["level"] == "paragraph"
    assert meta["biasscan.summary"]["documents_scored"] == sidecar["summary"]["documents_scored"] == len(
        {r["doc"] for r in rows})


def test_parquet_article_level_has_article_columns(runner, corpus, tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    out = tmp_path / "articles.parquet"
    assert score(runner, str(corpus), "-f", "parquet", "--level", "article", "-o", str(out)).exit_code == 0
    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(ARTICLE_COLUMNS)
    assert len(frame) == len(list(corpus.glob("*.txt")))
    assert all(isinstance(json.loads(v), dict) for v in frame["commercial_subtypes"])


def test_parquet_is_written_in_bounded_row_groups(corpus, tmp_path, analyzer_lexicon):
    """Rows are flushed group by group instead of being collected for the whole corpus."""
    pq = pytest.importorskip("pyarrow.parquet")
    from biasscan.inputs import InputOptions
    from biasscan.render import Level
    from biasscan.render.parquet import ParquetRenderer
    from biasscan.runner import run

    out = tmp_path / "small_groups.parquet"
    renderer = ParquetRenderer(out, Level.paragraph, row_group_rows=5)
    result = run(analyzer_lexicon, [str(corpus)], InputOptions(), renderer, quiet=True)
    metadata = pq.ParquetFile(out).metadata
    assert metadata.num_rows == result.summary.paragraphs > 10
    assert metadata.num_row_groups >= 2
    assert max(metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)) < result.summary.paragraphs


def test_parquet_without_output_file_is_a_usage_error(runner, corpus):
    result = score(runner, str(corpus), "-f", "parquet")
    assert result.exit_code == 2
    assert "-o" in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_parquet_without_pyarrow_says_how_to_install_it(runner, corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # makes `import pyarrow` fail as if not installed
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "x.parquet"
    result = score(runner, str(corpus), "-f", "parquet", "-o", str(out))
    assert result.exit_code == 2
    assert "pyarrow" in result.stderr and "pip install" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_sidecar_records_settings_counts_and_failures(runner, corpus, tmp_path):
    out = tmp_path / "out.csv"
    result = score(runner, str(corpus), str(tmp_path / "missing.txt"), "-f", "csv", "--level", "article",
                   "-t", "hedging=0.3", "-o", str(out))
    assert result.exit_code == 3
    sidecar = json.loads((tmp_path / "out.csv.meta.json").read_text(encoding="utf-8"))
    _, rows = read_csv_rows(out)
    assert sidecar["format"] == "csv" and sidecar["level"] == "article"
    assert sidecar["thresholds"]["hedging"] == 0.3 and sidecar["scorer"] == "lexicon"
    assert sidecar["summary"]["documents_scored"] == len(rows)
    assert sidecar["summary"]["documents_failed"] == 1
    assert [f["source"] for f in sidecar["failures"]] == [str(tmp_path / "missing.txt")]


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_jobs_2_gives_output_identical_to_jobs_1(runner, corpus, tmp_path, fmt):
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    missing = str(tmp_path / "missing.txt")
    first = score(runner, str(corpus), missing, "-f", fmt, "-o", str(one))
    second = score(runner, str(corpus), missing, "-f", fmt, "--jobs", "2", "-o", str(two))
    assert first.exit_code == second.exit_code == 3  # the failure is still reported with workers
    assert one.read_bytes() == two.read_bytes()
    assert len(one.read_bytes()) > 1000
    sidecar_one = json.loads(Path(f"{one}.meta.json").read_text(encoding="utf-8"))
    sidecar_two = json.loads(Path(f"{two}.meta.json").read_text(encoding="utf-8"))
    assert sidecar_one == sidecar_two


def test_jobs_must_be_positive(runner, corpus):
    assert score(runner, str(corpus), "--jobs", "0").exit_code == 2


def test_no_progress_display_when_stderr_is_not_a_terminal(runner, corpus, tmp_path):
    result = score(runner, str(corpus), "-f", "csv", "-o", str(tmp_path / "out.csv"))
    assert result.exit_code == 0
    # Only the closing summary line: no spinner, no counter, no terminal control codes.
    assert result.stderr.strip().splitlines() == [line for line in result.stderr.strip().splitlines()
                                                  if line.startswith("biasscan: ")]
    assert "\x1b" not in result.stderr and "scoring:" not in result.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_display_shows_on_a_terminal_and_keeps_diagnostics():
    from biasscan.progress import ProgressDisplay

    terminal = FakeTerminal()
    with ProgressDisplay(terminal, wanted=True) as display:
        assert display.enabled
        display.advance(3)
        print("biasscan: some.txt: cannot read", file=display.stream)
    assert "scoring:" in terminal.getvalue()
    assert "biasscan: some.txt: cannot read" in terminal.getvalue()

    quiet = FakeTerminal()
    with ProgressDisplay(quiet, wanted=False) as display:
        display.advance(3)
    assert quiet.getvalue() == ""
    assert ProgressDisplay(io.StringIO(), wanted=True).enabled is False
