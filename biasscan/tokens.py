"""A fast German tokenizer with sentence indices and quote spans.

Tokens are words (umlauts, ß, hyphenated compounds such as `Schock-Studie` kept whole),
numbers (`11.000`, `3,5`) and common abbreviations (`z. B.`, `bzw.`), so that abbreviation and
thousands dots do not end sentences. Quote spans („…“ "…" »…« «…» ‚…‘ “…”) mark tokens that are
someone else's words; short quotes after *sogenannt*/*angeblich* are scare quotes, which GUIDELINES.md
counts as the outlet's own voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    """A paragraph's tokens plus what the rules need about its sentences and quotes."""

    tokens: list[Token]
    quotes: list[QuoteSpan]
    sentence_ends: list[str]  # the end mark per sentence ("." "?" "!" or "" when none)


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
    speech = [(q.start, q.end) for q in quotes if not q.scare]
    tokens: list[Token] = []
    sentence_ends: list[str] = []
    sentence = 0
    qi = 0
    append = tokens.append
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        start = match.start()
        if kind == "end":
            sentence_ends.append(match.group()[-1])
            sentence += 1
            continue
        while qi < len(speech) and speech[qi][1] <= start:
            qi += 1
        quoted = qi < len(speech) and speech[qi][0] < start
        surface = match.group()
        append(Token(surface, surface.lower(), start, match.end(), sentence, quoted))
    if tokens and tokens[-1].sentence == sentence:
        sentence_ends.append("")  # the last sentence has no end mark
    return Tokenized(tokens, quotes, sentence_ends)
