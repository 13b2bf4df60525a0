"""Paragraph scores -> one article profile (GUIDELINES.md "Scores").

bias_index, documented in the README: the word-weighted flagged shares combined as
    bias_index = 0.3 * loaded + 0.2 * hedging + 0.3 * editorializing + 0.2 * commercial
so an article whose every paragraph is flagged for every category scores 1.0 and a clean one 0.0.
Loaded language and editorializing weigh most because they are the outlet's own slant; hedging
and commercial insertions are weaker signs of bias.
"""

from __future__ import annotations

from collections import Counter

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile, CategoryProfile, Document, ParagraphScore

BIAS_WEIGHTS: dict[str, float] = {"loaded": 0.3, "hedging": 0.2, "editorializing": 0.3, "commercial": 0.2}
TOP_CUES = 5


def build_profile(doc: Document, scored: list[ParagraphScore]) -> ArticleProfile:
    words = [s.paragraph.n_words for s in scored]
    total_words = sum(words)
    categories: dict[str, CategoryProfile] = {}
    for category in CATEGORIES:
        values = [s.scores[category] for s in scored]
        flagged = [s.flags[category] for s in scored]
        flagged_words = sum(w for w, f in zip(words, flagged, strict=True) if f)
        cues = [c for s in scored for c in s.cues if c.category == category and not c.quoted]
        counts = Counter(" ".join(c.text.lower().split()) for c in cues)
        categories[category] = CategoryProfile(
            share=flagged_words / total_words if total_words else 0.0,
            mean=sum(values) / len(values) if values else 0.0,
            max=max(values, default=0.0),
            per_1k_words=1000.0 * len(cues) / total_words if total_words else 0.0,
            flagged=sum(flagged),
            top_cues=counts.most_common(TOP_CUES),
        )
    subtypes = Counter(s.commercial_subtype for s in scored if s.flags["commercial"] and s.commercial_subtype)
    bias = sum(BIAS_WEIGHTS[c] * categories[c].share for c in CATEGORIES)
    return ArticleProfile(
        doc_id=doc.doc_id,
        source=doc.source,
        n_paragraphs=len(scored),
        n_words=total_words,
        categories=categories,
        commercial_subtypes=dict(subtypes),
        bias_index=round(bias, 4),
        paragraphs=scored,
        warnings=doc.warnings,
    )
