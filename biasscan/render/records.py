"""Profiles -> plain records: the versioned schema shared by the JSON, JSONL and CSV renderers.

SCHEMA_VERSION changes whenever a field is renamed or removed (adding a field is compatible).
The README documents every field.
"""

from __future__ import annotations

from typing import Any

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile, ParagraphScore

SCHEMA_VERSION = "1.0"

PARAGRAPH_COLUMNS: tuple[str, ...] = (
    "doc", "paragraph", "line_start", "line_end",
    *CATEGORIES,
    *(f"flag_{c}" for c in CATEGORIES),
    "commercial_subtype", "cues", "text",
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "doc", "source", "paragraphs", "words",
    *(f"{c}_{m}" for c in CATEGORIES for m in ("share", "mean", "max", "per_1k_words")),
    "commercial_subtypes", "bias_index",
)


def paragraph_record(score: ParagraphScore) -> dict[str, Any]:
    p = score.paragraph
    record: dict[str, Any] = {
        "doc": score.doc_id,
        "paragraph": p.index,
        "line_start": p.line_start,
        "line_end": p.line_end,
        "char_start": p.char_start,
        "char_end": p.char_end,
        "text": p.text,
        "scores": dict(score.scores),
        "flags": dict(score.flags),
        "commercial_subtype": score.commercial_subtype,
        "cues": [c.as_dict() for c in score.cues],
    }
    if score.features:
        record["top_features"] = {c: [[f, round(w, 4)] for f, w in fs] for c, fs in score.features.items()}
    if score.suppressed:
        record["suppressed"] = dict(score.suppressed)
    return record


def article_record(profile: ArticleProfile, *, with_paragraphs: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "doc": profile.doc_id,
        "source": profile.source,
        "paragraphs": profile.n_paragraphs,
        "words": profile.n_words,
        "categories": {
            c: {
                "share": round(cp.share, 4),
                "mean": round(cp.mean, 4),
                "max": round(cp.max, 4),
                "per_1k_words": round(cp.per_1k_words, 2),
                "flagged_paragraphs": cp.flagged,
                "top_cues": [[text, n] for text, n in cp.top_cues],
            }
            for c, cp in profile.categories.items()
        },
        "commercial_subtypes": dict(profile.commercial_subtypes),
        "bias_index": profile.bias_index,
    }
    if profile.warnings:
        record["warnings"] = list(profile.warnings)
    if with_paragraphs:
        record["paragraph_scores"] = [paragraph_record(s) for s in profile.paragraphs]
    return record


def cue_summary(score: ParagraphScore) -> str:
    """Compact cue list for one CSV cell: `category/subtype:text` separated by ` | `; quoted cues marked."""
    return " | ".join(
        f"{c.category}/{c.subtype}:{c.text}" + (" (quoted)" if c.quoted else "") + (" (negated)" if c.negated else "")
        for c in score.cues
    )


def paragraph_row(score: ParagraphScore) -> dict[str, Any]:
    p = score.paragraph
    row: dict[str, Any] = {"doc": score.doc_id, "paragraph": p.index, "line_start": p.line_start, "line_end": p.line_end}
    row.update({c: score.scores[c] for c in CATEGORIES})
    row.update({f"flag_{c}": score.flags[c] for c in CATEGORIES})
    row["commercial_subtype"] = score.commercial_subtype or ""
    row["cues"] = cue_summary(score)
    row["text"] = p.text
    return row


def article_row(profile: ArticleProfile) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc": profile.doc_id, "source": profile.source,
        "paragraphs": profile.n_paragraphs, "words": profile.n_words,
    }
    for c, cp in profile.categories.items():
        row[f"{c}_share"] = round(cp.share, 4)
        row[f"{c}_mean"] = round(cp.mean, 4)
        row[f"{c}_max"] = round(cp.max, 4)
        row[f"{c}_per_1k_words"] = round(cp.per_1k_words, 2)
    row["commercial_subtypes"] = ";".join(f"{k}={v}" for k, v in sorted(profile.commercial_subtypes.items()))
    row["bias_index"] = profile.bias_index
    return row
