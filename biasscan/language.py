"""A cheap "is this German?" check, so scores on English or Turkish text come with a warning.

The lexicons, rules and model only know German; on another language they stay silent or fire at
random, and a clean-looking profile would mislead. Running text in German is roughly one third
function words (articles, pronouns, prepositions, conjunctions), so the share of the very
common ones below is a robust signal without a language-identification model. Words that are
also common in English (in, an, am, so, also, war, will, was, man) are left out on purpose.
"""

from __future__ import annotations

import re

GERMAN_FUNCTION_WORDS = frozenset(
    """
    der die das den dem des ein eine einer einen einem eines und oder aber auch nicht ist sind
    waren wird werden wurde wurden hat haben hatte hatten sich mit von zu zum zur auf für aus bei
    nach über unter vor durch gegen ohne noch nur schon sehr wie dass daß wenn weil als ich du er
    sie wir ihr es sein seine ihre ihren seinen diese dieser dieses diesen im ins vom beim kein
    keine keinen mehr wieder doch dann denn bereits sowie zwischen
    """.split()
)
MIN_WORDS = 20  # below this a share says nothing; short snippets are not warned about
MIN_GERMAN_SHARE = 0.08  # German news text: 0.25-0.40; English: < 0.03
SAMPLE_CHARS = 20_000  # the start of a document decides; enough words, constant cost per document

_WORD = re.compile(r"[^\W\d_]+")

NOT_GERMAN_WARNING = (
    "text does not look German ({share:.0%} common German function words in {words} words); "
    "scores may be meaningless"
)


def german_share(text: str) -> tuple[float, int]:
    """(share of words that are common German function words, words looked at) over the text's start."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if not words:
        return 0.0, 0
    return sum(w in GERMAN_FUNCTION_WORDS for w in words) / len(words), len(words)


def language_warning(text: str) -> str | None:
    """A one-line warning when the text is long enough to judge and does not look German."""
    share, words = german_share(text)
    if words < MIN_WORDS or share >= MIN_GERMAN_SHARE:
        return None
    return NOT_GERMAN_WARNING.format(share=share, words=words)
