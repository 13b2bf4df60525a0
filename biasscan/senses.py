"""Sense rules: when a lexicon row's word is used in its plain, literal sense, it is not a cue.

*schachmatt* after a chess game, *Drama* for a play, water dripping *durch die Decke*: the word is
the one a lexicon row lists, but the sense is not the loaded one. A sense rule (one row of
`lexicons/senses.tsv`) names a lexicon row by its entry and category and the context words that
mark the plain sense; a hit of that row in a sentence containing one of them is dropped. Sense
rules are data, validated like lexicon rows (lexicons/README.md, "Sense rules").
"""

from __future__ import annotations

from dataclasses import dataclass

from biasscan.categories import CATEGORIES
from biasscan.errors import LexiconError
from biasscan.records import Cue
from biasscan.tokens import Tokenized
from biasscan.tsv import data_rows

SENSES_FILE = "senses.tsv"
SENSE_HEADER = ("entry", "category", "unless", "reason", "example")
# Context words match like `word` rows: exactly or with one of these endings; `stem*` as a prefix.
_ENDINGS = ("", "e", "s", "es", "n", "en", "er", "em", "ern", "ens")


@dataclass(slots=True, frozen=True)
class Sense:
    entry: str  # the lexicon row's entry, as written there
    category: str
    unless: tuple[str, ...]  # lower-case context words; a trailing * makes a stem
    reason: str
    example: str
    origin: str  # "senses.tsv:7"

    def marks_plain_sense(self, lower: str) -> bool:
        for word in self.unless:
            if word.endswith("*"):
                if lower.startswith(word[:-1]):
                    return True
            elif lower.startswith(word) and lower[len(word):] in _ENDINGS:
                return True
        return False


def parse_senses(text: str, name: str, known: set[tuple[str, str]]) -> list[Sense]:
    """Rows of a senses file; `known` holds the (entry lower-cased, category) of the loaded rows."""
    senses: list[Sense] = []
    for where, cells in data_rows(text, name, SENSE_HEADER, "senses file"):
        entry, category, unless, reason, example = cells
        if category not in CATEGORIES:
            raise LexiconError(f"{where}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
        if (entry.lower(), category) not in known:
            raise LexiconError(f"{where}: no {category} lexicon row has the entry {entry!r}")
        words = tuple(w.lower() for w in unless.split())
        if not words:
            raise LexiconError(f"{where}: `unless` needs at least one context word")
        for word in words:
            if word.rstrip("*").count("*") or (word.endswith("*") and len(word) < 5):
                raise LexiconError(f"{where}: context word {word!r}: '*' only at the end of a stem of 4+ letters")
        if not reason or not example:
            raise LexiconError(f"{where}: every sense rule needs a reason and an example")
        senses.append(Sense(entry, category, words, reason, example, where))
    return senses


class SenseFilter:
    """Drops the cues whose sentence shows the plain sense of their row's word."""

    def __init__(self, senses: tuple[Sense, ...]) -> None:
        self._by_row: dict[tuple[str, str], list[Sense]] = {}
        for sense in senses:
            self._by_row.setdefault((sense.entry.lower(), sense.category), []).append(sense)

    def __bool__(self) -> bool:
        return bool(self._by_row)

    def drop_plain_senses(self, cues: list[Cue], tokenized: Tokenized) -> list[Cue]:
        if not any((c.entry.lower(), c.category) in self._by_row for c in cues):
            return cues  # the common case: no cue has a sense rule, nothing to look at
        kept = []
        for cue in cues:
            senses = self._by_row.get((cue.entry.lower(), cue.category))
            if not senses or not self._in_plain_sense(cue, senses, tokenized):
                kept.append(cue)
        return kept

    @staticmethod
    def _in_plain_sense(cue: Cue, senses: list[Sense], tokenized: Tokenized) -> bool:
        starts, sentences = tokenized.starts, tokenized.sentences
        sentence = next((sentences[i] for i, start in enumerate(starts) if start >= cue.start), None)
        if sentence is None:
            return False
        context = [low for low, s, start in zip(tokenized.lowers, sentences, starts, strict=True)
                   if s == sentence and not cue.start <= start < cue.end]  # the cue's own words are no context
        return any(sense.marks_plain_sense(low) for sense in senses for low in context)
