"""A fast German tokenizer with sentence indices and quote spans.

Tokens are words (umlauts, ß, hyphenated compounds such as `Schock-Studie` kept whole),
numbers (`11.000`, `3,5`) and common abbreviations (`z. B.`, `bzw.`), so that abbreviation and
thousands dots do not end sentences. Quote spans („…“ "…" »…« «…» ‚…‘ “…”) mark tokens that are
someone else's words; short quotes after *sogenannt*/*angeblich* are scare quotes, which GUIDELINES.md
counts as the outlet's own voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from biasscan.records import Token

_TOKEN = re.compile(
    r"""
    (?P<abbr>\b(?:[zdusvo]\.\s?[a-zA-Zä]\.|bzw\.|ca\.|usw\.|vgl\.|etc\.|Nr\.|Dr\.|Prof\.|Mio\.|Mrd\.|sog\.|ggf\.|evtl\.|inkl\.|bspw\.|Jh\.|Hr\.|Fr\.))
    |(?P<num>\d+(?:[.,]\d+)*)
    |(?P<word>[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*)
    |(?P<end>[.!?]+)
    """,
    re.X,
)
_QUOTE_CHARS = re.compile(r"[„“”\"»«‚‘’]")
_SCARE_INTRO = ("sogenannt", "so genannt", "angeblich", "vermeintlich", "selbsternannt", "selbst ernannt")
_MAX_SCARE_WORDS = 3


@dataclass(slots=True, frozen=True)
class QuoteSpan:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark
    scare: bool


@dataclass(slots=True)
class Tokenized:
    """A paragraph's tokens plus what the rules need about its sentences and quotes.

    The tokens are held as parallel columns (index i of every list is token i) because the stages
    each read one or two of them per word, and building one object per word was the largest single
    cost of scoring a corpus. `tokens` builds `Token` records on demand for code that prefers them.
    """

    texts: list[str]  # surface forms
    lowers: list[str]  # lower-cased forms: what the lexicon, the rules and the features look up
    starts: list[int]  # offsets into the paragraph text
    ends: list[int]
    sentences: list[int]  # 0-based sentence index of each token
    quoted: list[bool]  # inside direct speech of someone else (not a scare quote)
    quotes: list[QuoteSpan]
    sentence_ends: list[str]  # the end mark per sentence ("." "?" "!" or "" when none)
    _records: list[Token] | None = field(default=None, repr=False, compare=False)
    _ranges: list[tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def tokens(self) -> list[Token]:
        """The tokens as records, built once on first use."""
        if self._records is None:
            self._records = list(map(Token._make, zip(self.texts, self.lowers, self.starts, self.ends,
                                                      self.sentences, self.quoted, strict=True)))
        return self._records

    @property
    def sentence_ranges(self) -> list[tuple[int, int]]:
        """Token index ranges [a, b) of the sentences, in order, found once on first use (most rules
        walk the paragraph sentence by sentence)."""
        if self._ranges is None:
            ranges: list[tuple[int, int]] = []
            sentences = self.sentences
            begin = 0
            for i in range(1, len(sentences)):
                if sentences[i] != sentences[i - 1]:
                    ranges.append((begin, i))
                    begin = i
            if sentences:
                ranges.append((begin, len(sentences)))
            self._ranges = ranges
        return self._ranges

    def in_speech(self, offset: int) -> bool:
        """Whether `offset` lies inside someone else's speech: strictly within a quote span that is not
        a scare quote, the test `quoted` applies to each token's start."""
        return any(q.start < offset < q.end for q in self.quotes if not q.scare)


def quote_spans(text: str) -> list[QuoteSpan]:
    """Balanced quote spans; an unclosed quote is ignored rather than swallowing the outlet's text."""
    spans: list[QuoteSpan] = []
    stack: list[tuple[str, int]] = []
    closers = {"„": "“”", "“": "”", '"': '"', "»": "«", "«": "»", "‚": "‘’"}
    for match in _QUOTE_CHARS.finditer(text):
        mark, pos = match.group(), match.start()
        if stack and mark in closers[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:  # only outermost spans matter for voice
                spans.append(QuoteSpan(start, pos + 1, _is_scare(text, start, pos + 1)))
        elif mark in ("’", "‘", "”"):
            continue  # apostrophe or a stray closer
        elif mark in closers:
            if mark == "“" and stack and stack[-1][0] == "„":
                continue
            stack.append((mark, pos))
    return spans


def _is_scare(text: str, start: int, end: int) -> bool:
    inner_words = len(text[start + 1 : end - 1].split())
    if inner_words == 0 or inner_words > _MAX_SCARE_WORDS:
        return False
    before = text[max(0, start - 25) : start].lower()
    return any(intro in before for intro in _SCARE_INTRO)


def tokenize(text: str) -> Tokenized:
    quotes = quote_spans(text)
    texts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    sentences: list[int] = []
    sentence_ends: list[str] = []
    sentence = 0
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "end":
            sentence_ends.append(match.group()[-1])
            sentence += 1
            continue
        start, end = match.span()
        texts.append(match.group())
        starts.append(start)
        ends.append(end)
        sentences.append(sentence)
    if sentences and sentences[-1] == sentence:
        sentence_ends.append("")  # the last sentence has no end mark
    lowers = [surface.lower() for surface in texts]
    return Tokenized(texts, lowers, starts, ends, sentences, _quoted_flags(starts, quotes), quotes, sentence_ends)


def token_lowers(text: str) -> tuple[str, ...]:
    """The lower-cased tokens of `text`, as `tokenize(text).lowers` gives them, without the offsets,
    sentences and quotes (the matcher splits ~1,400 lexicon phrases into words when it is built)."""
    return tuple(m.group().lower() for m in _TOKEN.finditer(text) if m.lastgroup != "end")


def _quoted_flags(starts: list[int], quotes: list[QuoteSpan]) -> list[bool]:
    """Per token: does it start inside someone else's speech (a quote span that is not a scare quote)?"""
    speech = [(q.start, q.end) for q in quotes if not q.scare]
    if not speech:
        return [False] * len(starts)
    flags: list[bool] = []
    qi = 0
    for start in starts:  # tokens and spans are both in text order: one merge pass
        while qi < len(speech) and speech[qi][1] <= start:
            qi += 1
        flags.append(qi < len(speech) and speech[qi][0] < start)
    return flags
