"""Typed values that flow through the pipeline (read -> split -> tokens -> match -> score -> profile).

Offsets: `Paragraph.char_start/char_end` index the decoded document text; `Token` and `Cue`
offsets index the paragraph text. Line numbers are 1-based lines of the original input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(slots=True, frozen=True)
class Document:
    """One input document after decoding: a file, a stdin stream or one row of a corpus table."""

    doc_id: str
    text: str
    source: str  # path, "-" or "path:row"
    encoding: str = "utf-8"
    # HTML input arrives as blocks with their own source lines; plain text is split by blank lines.
    blocks: tuple[tuple[str, int, int], ...] | None = None
    warnings: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class Paragraph:
    index: int  # 0-based within the document
    text: str
    line_start: int
    line_end: int
    char_start: int
    char_end: int

    @property
    def n_words(self) -> int:
        return len(self.text.split())


class Token(NamedTuple):
    """One word or number of a paragraph. A named tuple, not a dataclass: a corpus run makes millions."""

    text: str
    lower: str
    start: int
    end: int
    sentence: int  # 0-based sentence index within the paragraph
    quoted: bool  # inside direct speech of someone else (not a scare quote)


@dataclass(slots=True, frozen=True)
class Cue:
    """One piece of evidence: a lexicon hit or a rule firing, with where it came from."""

    category: str
    subtype: str
    text: str  # the matched surface text
    start: int
    end: int
    quoted: bool
    weight: float  # effective weight (after negation damping); quoted cues keep theirs but count less
    entry: str  # the lexicon entry, or the rule name
    source: str  # lexicon file:line and source column, or "rule:<name>" (as printed and exported)
    negated: bool = False
    row: str = ""  # the lexicon row behind the cue, "loaded.tsv:17"; empty for a rule

    def as_dict(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "subtype": self.subtype,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "quoted": self.quoted,
            "negated": self.negated,
            "weight": round(self.weight, 3),
            "entry": self.entry,
            "source": self.source,
        }


@dataclass(slots=True)
class ParagraphScore:
    doc_id: str
    paragraph: Paragraph
    scores: dict[str, float]
    flags: dict[str, bool]
    commercial_subtype: str | None
    cues: list[Cue]
    # Strongest model features per flagged category (feature, contribution); empty without a model.
    features: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    suppressed: dict[str, str] = field(default_factory=dict)  # category -> reason (check command)


@dataclass(slots=True)
class CategoryProfile:
    share: float  # word-weighted share of flagged paragraphs
    mean: float
    max: float
    per_1k_words: float  # unquoted cues per 1,000 words
    flagged: int  # number of flagged paragraphs
    top_cues: list[tuple[str, int]]


@dataclass(slots=True)
class ArticleProfile:
    doc_id: str
    source: str
    n_paragraphs: int
    n_words: int
    categories: dict[str, CategoryProfile]
    commercial_subtypes: dict[str, int]
    bias_index: float
    paragraphs: list[ParagraphScore]
    warnings: tuple[str, ...] = ()
