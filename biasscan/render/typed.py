"""Typed tabular rows for Parquet and the pandas API: the CSV columns, with declared types.

CSV is text for people and spreadsheets; Parquet files and DataFrames are read by programs, so
they carry real types (int64, float64, bool, string) and keep nested values lossless:
`cues` (paragraph level) and `commercial_subtypes` (article level) are JSON text there, while CSV
keeps its compact readable form. A missing commercial subtype is null rather than "".

Column names and order come from render/records.py, so every tabular export shares one schema.
Types are named by plain strings here so that neither pandas nor pyarrow is imported by this module.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile
from biasscan.render.records import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, article_row, paragraph_row

ColumnType = Literal["string", "int64", "float64", "bool"]
LevelName = Literal["paragraph", "article"]

_PARAGRAPH_TYPES: dict[str, ColumnType] = {
    "doc": "string", "paragraph": "int64", "line_start": "int64", "line_end": "int64",
    **{c: "float64" for c in CATEGORIES},
    **{f"flag_{c}": "bool" for c in CATEGORIES},
    "commercial_subtype": "string", "cues": "string", "text": "string",
}
_ARTICLE_TYPES: dict[str, ColumnType] = {
    "doc": "string", "source": "string", "paragraphs": "int64", "words": "int64",
    **{f"{c}_{m}": "float64" for c in CATEGORIES for m in ("share", "mean", "max", "per_1k_words")},
    "commercial_subtypes": "string", "bias_index": "float64",
}


def column_types(level: LevelName) -> dict[str, ColumnType]:
    """Column -> type, in the export's column order (identical to the CSV header for `level`)."""
    columns, types = (ARTICLE_COLUMNS, _ARTICLE_TYPES) if level == "article" else (PARAGRAPH_COLUMNS, _PARAGRAPH_TYPES)
    missing = [c for c in columns if c not in types]
    if missing:  # a column was added to render/records.py without a type: fail loudly, not silently as text
        raise RuntimeError(f"render/typed.py has no type for column(s) {', '.join(missing)}")
    return {c: types[c] for c in columns}


def typed_rows(profile: ArticleProfile, level: LevelName) -> list[dict[str, Any]]:
    """The rows one document contributes to a typed export at `level`, keyed by column."""
    if level == "article":
        row = article_row(profile)
        row["commercial_subtypes"] = json.dumps(dict(sorted(profile.commercial_subtypes.items())), ensure_ascii=False)
        return [row]
    rows = []
    for score in profile.paragraphs:
        row = paragraph_row(score)
        row["commercial_subtype"] = score.commercial_subtype or None
        row["cues"] = json.dumps([c.as_dict() for c in score.cues], ensure_ascii=False)
        rows.append(row)
    return rows
