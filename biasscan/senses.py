"""Sense rules: when a lexicon row's word is used in its plain, literal sense, it is not a cue.

*schachmatt* after a chess game, *Drama* for a play, water dripping *durch die Decke*: the word is
the one a lexicon row lists, but the sense is not the loaded one. A sense rule (one row of
`lexicons/senses.tsv`) names a lexicon row by its entry and category and the context words that
mark the plain sense; a hit of that row in a sentence containing one of them is dropped. Sense
rules are data, validated like lexicon rows (lexicons/README.md, "Sense rules"); the matcher
applies them (`biasscan.matching.SenseFilter`).
"""

from __future__ import annotations

from dataclasses import dataclass

from biasscan.categories import CATEGORIES
from biasscan.errors import LexiconError
from biasscan.tsv import data_rows

SENSES_FILE = "senses.tsv"
SENSE_HEADER = ("entry", "category", "unless", "reason", "example")


@dataclass(slots=True, frozen=True)
class Sense:
    entry: str  # the lexicon row's entry, as written there
    category: str
    unless: tuple[str, ...]  # lower-case context words, matched like the words of a phrase row; a trailing * makes a stem
    reason: str
    example: str
    origin: str  # "senses.tsv:7"


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
            if word.rstrip("*").count("*") or (word.endswith("*") and len(word.rstrip("*")) < 4):
                raise LexiconError(f"{where}: context word {word!r}: '*' only at the end of a stem of 4+ letters")
        if not reason or not example:
            raise LexiconError(f"{where}: every sense rule needs a reason and an example")
        senses.append(Sense(entry, category, words, reason, example, where))
    return senses
