"""The four labels of GUIDELINES.md and their subtypes: the one place that names them."""

from __future__ import annotations

CATEGORIES: tuple[str, ...] = ("loaded", "hedging", "commercial", "editorializing")

# Subtypes a lexicon row may carry, per category. Only commercial subtypes are reported
# per paragraph (`commercial_subtype`); the others explain cues.
SUBTYPES: dict[str, tuple[str, ...]] = {
    "loaded": ("pejorative", "intensifier", "framing", "fear", "populist", "scare_quote"),
    "hedging": ("modal", "reportative", "adverb", "hearsay", "vague_source", "inference"),
    "commercial": ("ad", "self_promo", "teaser", "boilerplate"),
    "editorializing": ("evaluation", "prescription", "appeal", "in_group", "booster", "stance_verb"),
}

COMMERCIAL_SUBTYPES: tuple[str, ...] = SUBTYPES["commercial"]

DEFAULT_THRESHOLD = 0.5
# Scores are rounded to this many decimals where they are made, so the flag, the printed score and
# the choice of which model features to name all see the same number.
SCORE_DECIMALS = 4
