"""Paragraph -> hashed feature vector, shared by training and scoring so the two cannot drift.

Features (all hashed into N_FEATURES buckets with a sign bit, named so explanations can show them):
- `w:<word>`      lower-cased words in the outlet's voice; quoted words get the prefix `qw:` instead,
                   so the model can learn that quoted speech is someone else's voice;
- `b:<w1>_<w2>`   word bigrams (unquoted);
- `c:<4-gram>`    character 4-grams of words with at least five letters, padded with `<` `>`:
                   German carries meaning in compounds (`Horror|szenarien`, `Mullah-|Regime`);
- `cue:...`       the lexicon and rule cues of the scoring pipeline: evidence per category and
                   commercial subtype (unquoted and quoted apart), and one feature per rule;
- `pos:...`, `shape:...` position in the article (commercial insertions cluster at the end) and
                   surface shape (length, question marks, digits, currency, second-person address).
Text features are sub-linear (1 + log tf) and L2-normalised per paragraph; cue, position and shape
features are appended with their own scale. Pure Python + zlib: no scikit-learn at scoring time.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import defaultdict

from biasscan.records import Cue
from biasscan.tokens import Tokenized

FEATURE_VERSION = 1
N_FEATURES = 1 << 18
_MASK = N_FEATURES - 1
_SIGN_BIT = 1 << 31
_CHAR_N = 4
_MIN_CHAR_WORD = 5
_MEMO_LIMIT = 300_000
_DIGIT = re.compile(r"\d")
_CURRENCY = re.compile(r"€|\bEuro\b|\bEUR\b|\$|%")
_SECOND_PERSON = frozenset(("Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer"))

_word_memo: dict[str, tuple[tuple[int, float], ...]] = {}


def _hash(name: str) -> tuple[int, float]:
    h = zlib.crc32(name.encode("utf-8"))
    return h & _MASK, (-1.0 if h & _SIGN_BIT else 1.0)


def _char_grams(lower: str) -> list[str]:
    if len(lower) < _MIN_CHAR_WORD:
        return []
    padded = f"<{lower}>"
    return ["c:" + padded[i : i + _CHAR_N] for i in range(len(padded) - _CHAR_N + 1)]


def _word_features(lower: str) -> tuple[tuple[int, float], ...]:
    """The hashed unigram and character n-grams of one word, memoised (news vocabulary is Zipfian)."""
    cached = _word_memo.get(lower)
    if cached is not None:
        return cached
    result = tuple(_hash(name) for name in ["w:" + lower, *_char_grams(lower)])
    if len(_word_memo) > _MEMO_LIMIT:
        _word_memo.clear()
    _word_memo[lower] = result
    return result


def cue_feature_values(cues: list[Cue]) -> dict[str, float]:
    """Named, dense features from the pipeline's cues: the lexicon's evidence, as the model sees it."""
    values: dict[str, float] = defaultdict(float)
    for cue in cues:
        voice = "q" if cue.quoted else "u"
        values[f"cue:{cue.category}:{voice}"] += cue.weight
        if cue.category == "commercial":
            values[f"cue:commercial:{cue.subtype}:{voice}"] += cue.weight
        if cue.source.startswith("rule:"):
            values[f"rule:{cue.entry}:{voice}"] += 1.0
        if cue.negated:
            values[f"cue:{cue.category}:negated"] += 1.0
    # Squash sums so one paragraph stuffed with cues does not dominate the linear model.
    return {name: math.log1p(v) for name, v in values.items()}


def shape_feature_values(text: str, tokenized: Tokenized, index: int, n_paragraphs: int) -> dict[str, float]:
    n_tokens = len(tokenized.tokens)
    relative = index / (n_paragraphs - 1) if n_paragraphs > 1 else 0.0
    values = {
        "pos:relative": relative,
        "pos:last": 1.0 if index == n_paragraphs - 1 else 0.0,
        "pos:tail3": 1.0 if index >= n_paragraphs - 3 else 0.0,
        "pos:first": 1.0 if index == 0 else 0.0,
        "shape:log_tokens": math.log1p(n_tokens) / 5.0,
        "shape:short": 1.0 if n_tokens <= 6 else 0.0,
        "shape:question": 1.0 if "?" in text else 0.0,
        "shape:exclamation": 1.0 if "!" in text else 0.0,
        "shape:digits": min(1.0, len(_DIGIT.findall(text)) / 10.0),
        "shape:currency": 1.0 if _CURRENCY.search(text) else 0.0,
        "shape:second_person": min(1.0, sum(t.text in _SECOND_PERSON for t in tokenized.tokens) / 3.0),
        "shape:quoted_share": (sum(t.quoted for t in tokenized.tokens) / n_tokens) if n_tokens else 0.0,
        "shape:no_end_mark": 1.0 if not text.rstrip().endswith((".", "!", "?", "“", '"', "«", "»")) else 0.0,
    }
    return {k: v for k, v in values.items() if v}


def featurize(text: str, tokenized: Tokenized, cues: list[Cue], index: int, n_paragraphs: int,
              *, with_names: bool = False) -> tuple[list[int], list[float], list[str] | None]:
    """Sparse (indices, values[, names]) of one paragraph. Names are built only when asked for."""
    counts: dict[int, float] = defaultdict(float)
    names: dict[int, str] = {}
    tokens = tokenized.tokens
    prev: str | None = None
    for token in tokens:
        lower = token.lower
        if token.quoted:
            idx, sign = _hash("qw:" + lower)
            counts[idx] += sign
            if with_names:
                names.setdefault(idx, "qw:" + lower)
            prev = None
            continue
        for idx, sign in _word_features(lower):
            counts[idx] += sign
        if with_names:
            for name in ["w:" + lower, *_char_grams(lower)]:
                names.setdefault(_hash(name)[0], name)
        if prev is not None:
            name = f"b:{prev}_{lower}"
            idx, sign = _hash(name)
            counts[idx] += sign
            if with_names:
                names.setdefault(idx, name)
        prev = lower
    # sub-linear tf, then L2 norm over the text part
    text_part = {i: math.copysign(1.0 + math.log(abs(v)), v) for i, v in counts.items() if v}
    norm = math.sqrt(sum(v * v for v in text_part.values())) or 1.0
    indices = list(text_part)
    values = [v / norm for v in text_part.values()]
    dense = cue_feature_values(cues)
    dense.update(shape_feature_values(text, tokenized, index, n_paragraphs))
    for name, value in dense.items():
        idx, sign = _hash(name)
        indices.append(idx)
        values.append(sign * value)
        if with_names:
            names[idx] = name
    if not with_names:
        return indices, values, None
    return indices, values, [names.get(i, f"#{i}") for i in indices]

