"""The labelled data follows its documented format, and meets the minimums issue #3 sets for it.

A malformed label (a typo'd category, a commercial paragraph without its subtype, a near-miss that
is also a positive) would not crash training: it would silently teach the model something else.
These checks run on every file in `training/data`, so new data is held to the same contract.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES

DATA = Path(__file__).resolve().parent.parent / "training" / "data"
TEAM_FILES = sorted(DATA.glob("team_*.jsonl"))


def _articles() -> list[tuple[str, int, dict]]:
    return [(path.name, n, json.loads(line))
            for path in TEAM_FILES
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.strip()]


ARTICLES = _articles()


def _check_paragraph(p: dict) -> list[str]:
    problems = []
    labels, hard = p.get("labels"), p.get("hard") or []
    if set(p) - {"text", "labels", "subtype", "hard"}:
        problems.append(f"unknown keys {sorted(set(p) - {'text', 'labels', 'subtype', 'hard'})}")
    if not isinstance(p.get("text"), str) or not p["text"].strip():
        problems.append("empty text")
    if not isinstance(labels, list) or set(labels) - set(CATEGORIES) or len(set(labels)) != len(labels):
        problems.append(f"bad labels {labels!r}")
    if set(hard) - set(CATEGORIES) or set(hard) & set(labels or []):
        problems.append(f"bad hard {hard!r} (must be categories not in labels)")
    commercial = "commercial" in (labels or [])
    if commercial and p.get("subtype") not in COMMERCIAL_SUBTYPES:
        problems.append(f"commercial without a valid subtype ({p.get('subtype')!r})")
    if not commercial and p.get("subtype") is not None:
        problems.append(f"subtype {p.get('subtype')!r} on a non-commercial paragraph")
    return problems


def test_every_team_paragraph_follows_the_format() -> None:
    problems = [f"{name}:{line} paragraph {i}: {problem}"
                for name, line, article in ARTICLES
                for i, p in enumerate(article["paragraphs"])
                for problem in _check_paragraph(p)]
    assert not problems, "\n".join(problems[:20])


def test_doc_ids_are_unique_and_every_article_has_a_style() -> None:
    # The id decides the held-out split (training_data.is_heldout_doc): a reused id would merge two
    # articles, and renaming one would move it between the splits.
    ids = Counter(article["doc"] for _, _, article in ARTICLES)
    assert not [doc for doc, n in ids.items() if n > 1]
    for name, line, article in ARTICLES:
        assert article["paragraphs"] and article.get("style"), f"{name}:{line}"


def test_a_text_written_twice_is_labelled_the_same_way() -> None:
    seen: dict[str, set[tuple]] = defaultdict(set)
    for _, _, article in ARTICLES:
        for p in article["paragraphs"]:
            seen[p["text"]].add((tuple(sorted(p["labels"])), p.get("subtype")))
    assert not {text: labels for text, labels in seen.items() if len(labels) > 1}


def test_wikinews_labels_store_ids_and_checks_never_text() -> None:
    rows = [json.loads(line) for line in (DATA / "wikinews_labels.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) >= 300
    for row in rows:
        assert set(row) == {"split", "doc_file", "paragraph", "sha1", "labels", "subtype", "hard"}
        assert re.fullmatch(r"[0-9a-f]{12}", row["sha1"]) and isinstance(row["paragraph"], int)
        assert not _check_paragraph({"text": "(joined at training time)", **{k: row[k] for k in ("labels", "subtype", "hard")}})


@pytest.mark.parametrize("category", CATEGORIES)
def test_team_data_meets_the_minimums_per_category(category: str) -> None:
    paragraphs = [p for _, _, article in ARTICLES for p in article["paragraphs"]]
    assert len(paragraphs) >= 1500
    assert sum(category in p["labels"] for p in paragraphs) >= 250
    assert sum(category in (p.get("hard") or []) for p in paragraphs) >= 100


def test_team_data_has_forty_paragraphs_per_commercial_subtype() -> None:
    counts = Counter(p["subtype"] for _, _, article in ARTICLES for p in article["paragraphs"] if p.get("subtype"))
    assert {s: counts[s] for s in COMMERCIAL_SUBTYPES if counts[s] < 40} == {}
