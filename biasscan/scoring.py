"""Cues -> per-category scores when no trained model is used (`--no-model`).

The lexicon score is a documented function of the cues, so every number can be traced:

    evidence(c) = sum of the weights of the paragraph's cues of category c in the outlet's voice
                  (quoted cues count with QUOTED_FACTOR[c]: 0 for loaded, hedging, editorializing,
                  because quoted words are the speaker's; 1 for commercial, because quotation marks
                  in an ad are not speech)
    score(c)    = 1 - 2 ** (-evidence(c))

So one clear cue (weight 1.0) scores exactly 0.5, the default threshold; two clear cues 0.75;
a weak cue (0.3) alone 0.19. These are *not* calibrated probabilities; the trained model's are.
"""

from __future__ import annotations

from collections import defaultdict

from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.records import Cue

QUOTED_FACTOR: dict[str, float] = {"loaded": 0.0, "hedging": 0.0, "commercial": 1.0, "editorializing": 0.0}


def effective_weight(cue: Cue) -> float:
    return cue.weight * (QUOTED_FACTOR[cue.category] if cue.quoted else 1.0)


def evidence(cues: list[Cue]) -> dict[str, float]:
    totals = dict.fromkeys(CATEGORIES, 0.0)
    for cue in cues:
        totals[cue.category] += effective_weight(cue)
    return totals


def lexicon_scores(cues: list[Cue]) -> dict[str, float]:
    return {c: 1.0 - 2.0 ** (-w) for c, w in evidence(cues).items()}


def subtype_evidence(cues: list[Cue]) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for cue in cues:
        if cue.category == "commercial":
            totals[cue.subtype] += effective_weight(cue)
    return totals


def lexicon_subtype(cues: list[Cue]) -> str | None:
    """The commercial subtype with the most cue weight; ties go to the more specific (ad first)."""
    return _strongest_subtype(subtype_evidence(cues))


def _strongest_subtype(totals: dict[str, float]) -> str | None:
    if not totals:
        return None
    return max(COMMERCIAL_SUBTYPES, key=lambda s: (totals.get(s, 0.0), -COMMERCIAL_SUBTYPES.index(s)))


# A commercial subtype whose own cues add up to this much is named by the lexicon even when the model
# scores: a curated, nearly decisive cue ("Kettner Edelmetalle", "Sichern Sie sich") says *what kind*
# of insertion a paragraph is more reliably than the subtype model, which leans on position (a line in
# the footer looks like page furniture). The model still decides *whether* it is commercial.
DECISIVE_SUBTYPE_EVIDENCE = 2.0


def decisive_subtype(cues: list[Cue]) -> str | None:
    totals = subtype_evidence(cues)
    best = _strongest_subtype(totals)
    return best if best and totals[best] >= DECISIVE_SUBTYPE_EVIDENCE else None
