"""The pandas API: score_texts / score_frame give the CSV export's rows as typed DataFrames.

Results are compared with the CLI's CSV export of the same texts (lexicon scores, so they do not
depend on the trained model), never with hard-coded numbers.
"""

from __future__ import annotations

import csv
import io

import pytest

pd = pytest.importorskip("pandas")

import biasscan  # noqa: E402
from biasscan.categories import CATEGORIES  # noqa: E402
from biasscan.cli import app  # noqa: E402
from biasscan.frames import cached_analyzer, frame_schema  # noqa: E402
from biasscan.render.records import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS  # noqa: E402

TEXTS = [
    "Die Regierung soll angeblich neue Pläne haben.\n\nEin Skandal, sagen Kritiker.",
    'Er nannte das "Unsinn".\nZweite Zeile im selben Absatz.\n\nJetzt zugreifen und 20 Prozent sparen!',
    "Kurzer Text ohne Auffälligkeiten.",
]


def csv_export(runner, tmp_path, texts: list[str], level: str) -> list[dict[str, str]]:
    paths = []
    for i, text in enumerate(texts):
        path = tmp_path / f"doc{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    out = tmp_path / f"{level}.csv"
    result = runner.invoke(app, ["score", "--no-model", *paths, "-f", "csv", "--level", level, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    for row in rows:  # ids: the API names documents by position, the CLI by path
        row["doc"] = str(paths.index(row["doc"]))
        if "source" in row:
            row["source"] = row["doc"]
    return rows


@pytest.mark.parametrize("level, columns", [("paragraph", PARAGRAPH_COLUMNS), ("article", ARTICLE_COLUMNS)])
def test_score_texts_has_the_csv_columns_and_the_schema_dtypes(level, columns):
    frame = biasscan.score_texts(TEXTS, level=level, use_model=False)
    schema = frame_schema(level)
    assert list(frame.columns) == list(columns) == list(schema.columns)
    assert frame.dtypes.to_dict() == schema.dtypes.to_dict()
    assert len(schema) == 0
    if level == "article":
        assert len(frame) == len(TEXTS)


def test_paragraph_rows_equal_the_csv_export(runner, tmp_path):
    frame = biasscan.score_texts(TEXTS, use_model=False)
    rows = csv_export(runner, tmp_path, TEXTS, "paragraph")
    assert len(frame) == len(rows)
    for record, row in zip(frame.to_dict("records"), rows, strict=True):
        assert (record["doc"], str(record["paragraph"]), record["text"]) == (row["doc"], row["paragraph"], row["text"])
        assert (record["line_start"], record["line_end"]) == (int(row["line_start"]), int(row["line_end"]))
        for category in CATEGORIES:
            assert record[category] == float(row[category])
            assert str(record[f"flag_{category}"]) == row[f"flag_{category}"]
        subtype = record["commercial_subtype"]
        assert ("" if pd.isna(subtype) else subtype) == row["commercial_subtype"]  # missing: null here, "" in CSV


def test_article_rows_equal_the_csv_export(runner, tmp_path):
    frame = biasscan.score_texts(TEXTS, level="article", use_model=False)
    rows = csv_export(runner, tmp_path, TEXTS, "article")
    for record, row in zip(frame.to_dict("records"), rows, strict=True):
        for column in ARTICLE_COLUMNS:
            if column == "commercial_subtypes":
                continue  # JSON text in typed exports, k=v;... in CSV
            value = record[column]
            assert value == (row[column] if isinstance(value, str) else float(row[column])), column


def test_score_frame_uses_id_column_or_index():
    df = pd.DataFrame({"body": TEXTS, "url": ["u1", "u2", "u3"]}, index=[10, 20, 30])
    by_id = biasscan.score_frame(df, text_column="body", id_column="url", level="article", use_model=False)
    by_index = biasscan.score_frame(df, text_column="body", level="article", use_model=False)
    assert list(by_id["doc"]) == ["u1", "u2", "u3"]
    assert list(by_index["doc"]) == ["10", "20", "30"]
    assert by_id.drop(columns=["doc", "source"]).equals(by_index.drop(columns=["doc", "source"]))


def test_score_frame_missing_column_names_the_columns():
    with pytest.raises(KeyError, match="body"):
        biasscan.score_frame(pd.DataFrame({"text": ["x"]}), text_column="body", use_model=False)


def test_missing_and_empty_texts_keep_the_schema():
    frame = biasscan.score_texts([None, float("nan"), ""], ids=["a", "b", "c"], level="article", use_model=False)
    assert list(frame["doc"]) == ["a", "b", "c"] and list(frame["paragraphs"]) == [0, 0, 0]
    empty = biasscan.score_frame(pd.DataFrame({"text": pd.Series([], dtype="string")}), use_model=False)
    assert empty.dtypes.to_dict() == frame_schema("paragraph").dtypes.to_dict() and len(empty) == 0


def test_partitions_scored_separately_equal_the_whole_frame():
    """What Dask's map_partitions does: score each slice on its own, including an empty one, then concatenate."""
    df = pd.DataFrame({"text": TEXTS * 3, "id": [f"d{i}" for i in range(9)]})
    whole = biasscan.score_frame(df, id_column="id", use_model=False)
    parts = [df.iloc[0:4], df.iloc[4:4], df.iloc[4:9]]
    pieces = [biasscan.score_frame(p, id_column="id", use_model=False) for p in parts]
    assert all(p.dtypes.to_dict() == whole.dtypes.to_dict() for p in pieces)
    assert pd.concat(pieces, ignore_index=True).equals(whole)


def test_settings_reach_the_scores_and_analyzers_are_cached():
    assert cached_analyzer(use_model=False) is cached_analyzer(use_model=False, thresholds={})
    assert cached_analyzer(use_model=False, thresholds={"loaded": 0.0}) is not cached_analyzer(use_model=False)
    everything = biasscan.score_texts(TEXTS, use_model=False, thresholds={"loaded": 0.0, "hedging": 0.0})
    assert everything["flag_loaded"].all() and everything["flag_hedging"].all()
    # thresholds in the CLI's list form: a paragraph flagged at the default threshold is not at 1.0
    loaded_text = ["Der Machthaber in Minsk ließ am Montag weitere Oppositionelle festnehmen."]
    default = biasscan.score_texts(loaded_text, use_model=False)
    strict = biasscan.score_texts(loaded_text, use_model=False, thresholds=["loaded=1.0"])
    assert default["flag_loaded"].all() and 0 < strict["loaded"].iloc[0] < 1.0
    assert not strict["flag_loaded"].any()


def test_bad_arguments_raise_python_errors():
    with pytest.raises(TypeError, match="colour"):
        biasscan.score_texts(TEXTS, colour=True)
    with pytest.raises(ValueError, match="outside"):
        biasscan.score_texts(TEXTS, use_model=False, thresholds={"loaded": 2})
    with pytest.raises(ValueError, match="level"):
        biasscan.score_texts(TEXTS, level="sentence", use_model=False)
    with pytest.raises(ValueError, match="ids"):
        biasscan.score_texts(TEXTS, ids=["only-one"], use_model=False)


def test_analyze_text_reads_html_like_the_other_entry_points():
    page = "<html><body><p>Der Rat tagte am Montag.</p><div>Jetzt zugreifen und 20 Prozent sparen!</div></body></html>"
    profile = biasscan.analyze_text(page)
    texts = [p.paragraph.text for p in profile.paragraphs]
    assert texts == ["Der Rat tagte am Montag.", "Jetzt zugreifen und 20 Prozent sparen!"]
    assert list(biasscan.score_texts([page], use_model=False)["text"]) == texts
