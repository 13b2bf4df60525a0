"""Paragraph text cut into runs that know which cues cover them, for highlighting.

Cues of different categories may overlap or even cross ("westlichen Quellen" as a vague source
inside a longer reportative span), so they cannot always be drawn as nested marks. Cutting the
text at every cue boundary gives flat runs, each with the cues covering it; the terminal
(`explain`) and the HTML report draw the same runs, so both show exactly the same evidence.
The labels and the top-cue wording the terminal views and the HTML report share live here too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile, Cue
from biasscan.scoring import effective_weight

# Short text labels next to the colour, so highlights survive no-colour terminals and grey prints.
CATEGORY_LABELS: dict[str, str] = {"loaded": "LOAD", "hedging": "HEDGE", "commercial": "COMM", "editorializing": "EDIT"}


def counts_less(cue: Cue) -> bool:
    """A cue every view draws faint: negated (its weight damped) or quoted where quotes mean someone
    else's words (`scoring.QUOTED_FACTOR`; a quoted commercial cue counts in full and is drawn so)."""
    return cue.negated or effective_weight(cue) < cue.weight


@dataclass(slots=True, frozen=True)
class Run:
    """A stretch of paragraph text; `cues` is empty for plain text, else the cues covering it."""

    text: str
    start: int
    end: int
    cues: tuple[Cue, ...]
    closes: tuple[Cue, ...]  # cues whose span ends exactly here: where a label belongs

    @property
    def category(self) -> str | None:
        """The category that colours the run: the first in CATEGORIES order among its cues."""
        present = {c.category for c in self.cues}
        return next((c for c in CATEGORIES if c in present), None)


def runs(text: str, cues: list[Cue]) -> list[Run]:
    """Cut `text` at every cue start and end; adjacent plain text stays one run."""
    spans = [c for c in cues if 0 <= c.start < c.end <= len(text)]
    cuts = sorted({0, len(text), *(c.start for c in spans), *(c.end for c in spans)})
    result: list[Run] = []
    for start, end in itertools.pairwise(cuts):
        covering = tuple(c for c in spans if c.start <= start and end <= c.end)
        closing = tuple(c for c in covering if c.end == end)
        result.append(Run(text[start:end], start, end, covering, closing))
    return result


def selected(cues: list[Cue], categories: set[str] | None) -> list[Cue]:
    """The cues of the chosen categories (all when `categories` is None or empty)."""
    return [c for c in cues if not categories or c.category in categories]


def top_cues_line(profile: ArticleProfile, category: str) -> str:
    """An article's top cues of one category, `machthaber ×2, brisant`; for commercial the flagged
    paragraphs per subtype come first, `[ad 2] sichern sie`. The table and the HTML report show the same."""
    top = ", ".join(f"{t} ×{n}" if n > 1 else t for t, n in profile.categories[category].top_cues)
    if category == "commercial" and profile.commercial_subtypes:
        top = " ".join(f"[{k} {v}]" for k, v in sorted(profile.commercial_subtypes.items())) + " " + top
    return top
