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
from collections import Counter, defaultdict

from biasscan.records import Cue
from biasscan.tokens import Tokenized

FEATURE_VERSION = 2  # 2: no position features for a lone paragraph
N_FEATURES = 1 << 18
_MASK = N_FEATURES - 1
_SIGN_BIT = 1 << 31
_CHAR_N = 4
_MIN_CHAR_WORD = 5
_MEMO_LIMIT = 300_000
_DIGIT = re.compile(r"\d")
_CURRENCY = re.compile(r"€|\bEuro\b|\bEUR\b|\$|%")
_SECOND_PERSON = frozenset(("Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer"))

# Text features are counted as "keys": the bucket index shifted left by one, the low bit set when the
# feature's sign is negative, so one paragraph's features are counted in C (collections.Counter).
_word_memo: dict[str, tuple[int, ...]] = {}
_key_memo: dict[str, int] = {}
_name_memo: dict[str, tuple[int, float]] = {}
# 1 + log(k) for the term counts a paragraph has: the same float expression, computed once.
_SUBLINEAR = [0.0] + [1.0 + math.log(k) for k in range(1, 1025)]


def _hash(name: str) -> tuple[int, float]:
    h = zlib.crc32(name.encode("utf-8"))
    return h & _MASK, (-1.0 if h & _SIGN_BIT else 1.0)


def _key(name: str) -> int:
    h = zlib.crc32(name.encode("utf-8"))
    return (h & _MASK) << 1 | (h >> 31)


def _remember(memo: dict, name: str, value: object) -> None:
    if len(memo) > _MEMO_LIMIT:  # bounded: memory must not grow with the corpus
        memo.clear()
    memo[name] = value


def _hash_memo(name: str) -> tuple[int, float]:
    """`_hash` of names that recur across paragraphs (cue and shape features)."""
    found = _name_memo.get(name)
    if found is None:
        _remember(_name_memo, name, found := _hash(name))
    return found


def _key_memo_get(name: str) -> int:
    """`_key` of names that recur across paragraphs (quoted words)."""
    found = _key_memo.get(name)
    if found is None:
        _remember(_key_memo, name, found := _key(name))
    return found


def _char_grams(lower: str) -> list[str]:
    if len(lower) < _MIN_CHAR_WORD:
        return []
    padded = f"<{lower}>"
    return ["c:" + padded[i : i + _CHAR_N] for i in range(len(padded) - _CHAR_N + 1)]


def _word_features(lower: str) -> tuple[int, ...]:
    """The keys of one word's unigram and character n-grams, memoised (news vocabulary is Zipfian)."""
    cached = _word_memo.get(lower)
    if cached is None:
        _remember(_word_memo, lower, cached := tuple(_key(name) for name in ["w:" + lower, *_char_grams(lower)]))
    return cached


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
    n_tokens = len(tokenized)
    values = {
        "shape:log_tokens": math.log1p(n_tokens) / 5.0,
        "shape:short": 1.0 if n_tokens <= 6 else 0.0,
        "shape:question": 1.0 if "?" in text else 0.0,
        "shape:exclamation": 1.0 if "!" in text else 0.0,
        "shape:digits": min(1.0, len(_DIGIT.findall(text)) / 10.0),
        "shape:currency": 1.0 if _CURRENCY.search(text) else 0.0,
        "shape:second_person": min(1.0, sum(t in _SECOND_PERSON for t in tokenized.texts) / 3.0),
        "shape:quoted_share": (sum(tokenized.quoted) / n_tokens) if n_tokens else 0.0,
        "shape:no_end_mark": 1.0 if not text.rstrip().endswith((".", "!", "?", "“", '"', "«", "»")) else 0.0,
    }
    if n_paragraphs > 1:
        # Position only means something inside an article; a lone paragraph (a sentence from a
        # corpus, a test example) gets none rather than being both first and last.
        values.update({
            "pos:relative": index / (n_paragraphs - 1),
            "pos:last": 1.0 if index == n_paragraphs - 1 else 0.0,
            "pos:tail3": 1.0 if index >= n_paragraphs - 3 else 0.0,
            "pos:first": 1.0 if index == 0 else 0.0,
        })
    return {k: v for k, v in values.items() if v}


def featurize(text: str, tokenized: Tokenized, cues: list[Cue], index: int, n_paragraphs: int,
              *, with_names: bool = False) -> tuple[list[int], list[float], list[str] | None]:
    """Sparse (indices, values[, names]) of one paragraph. Names are built only when asked for.

    The shipped model's weights are indexed by these features, so the output must stay bit for bit
    what it was when the model was trained (tests/test_feature_digest.py): the order of the indices
    is the order in which each feature first occurs, and every value is the same float expression.
    """
    indices, scaled = _text_features(tokenized.lowers, tokenized.quoted)
    # L2 norm over the text part
    norm = math.sqrt(sum([v * v for v in scaled])) or 1.0
    values = [v / norm for v in scaled]
    dense = _dense_feature_values(text, tokenized, cues, index, n_paragraphs)
    for name, value in dense.items():
        idx, sign = _hash_memo(name)
        indices.append(idx)
        values.append(sign * value)
    if not with_names:
        return indices, values, None
    names = _names(tokenized, dense, None)
    return indices, values, [names.get(i, f"#{i}") for i in indices]


def feature_names(text: str, tokenized: Tokenized, cues: list[Cue], index: int, n_paragraphs: int,
                  wanted: set[int]) -> dict[int, str]:
    """The names `featurize(..., with_names=True)` gives the indices in `wanted` (absent: "#<index>").

    Explanations name only a paragraph's few strongest features; looking up just those is much
    cheaper than naming all of them.
    """
    return _names(tokenized, _dense_feature_values(text, tokenized, cues, index, n_paragraphs), wanted)


def _dense_feature_values(text: str, tokenized: Tokenized, cues: list[Cue], index: int,
                          n_paragraphs: int) -> dict[str, float]:
    """The named cue, shape and position features, in the order `featurize` appends them."""
    dense = cue_feature_values(cues)
    dense.update(shape_feature_values(text, tokenized, index, n_paragraphs))
    return dense


def _names(tokenized: Tokenized, dense: dict[str, float], wanted: set[int] | None) -> dict[int, str]:
    """Index -> the first text feature name that hashed to it (in token order), overridden by the
    dense feature names; restricted to `wanted` indices when given."""
    names = _text_feature_names(tokenized.lowers, tokenized.quoted, wanted)
    for name in dense:
        idx = _hash_memo(name)[0]
        if wanted is None or idx in wanted:
            names[idx] = name
    return names


def _text_features(lowers: list[str], quoted: list[bool]) -> tuple[list[int], list[float]]:
    """Indices and sub-linear weights (sign x (1 + log count)) of the word, bigram and character
    features, in the order each index first occurs in the paragraph.

    Every occurrence's key goes into one list and `Counter` counts them in C; keys keep first-seen
    order, so the indices do too. Counts are exact integers, so the weights are the same floats as
    summing +1/-1 one feature at a time.
    """
    keys: list[int] = []
    extend, append = keys.extend, keys.append
    prev: str | None = None
    for lower, in_quote in zip(lowers, quoted, strict=True):
        if in_quote:
            append(_key_memo_get("qw:" + lower))
            prev = None
            continue
        extend(_word_features(lower))
        if prev is not None:
            append(_key(f"b:{prev}_{lower}"))
        prev = lower
    occurrences = Counter(keys)
    indices = [key >> 1 for key in occurrences]
    if len(set(indices)) == len(indices) and len(keys) < len(_SUBLINEAR):
        weights = _SUBLINEAR
        return indices, [-weights[n] if key & 1 else weights[n] for key, n in occurrences.items()]
    # Two features with opposite signs share a bucket (rare): net them per index, then weigh.
    counts: dict[int, int] = {}
    for key, n in occurrences.items():
        counts[key >> 1] = counts.get(key >> 1, 0) + (-n if key & 1 else n)
    indices = [i for i, v in counts.items() if v]
    return indices, [math.copysign(1.0 + math.log(abs(v)), v) for v in counts.values() if v]


def _text_feature_names(lowers: list[str], quoted: list[bool], wanted: set[int] | None) -> dict[int, str]:
    """Index -> the first name that hashed to it, in the order `_text_features` meets the features.

    With `wanted`, a word's memoised keys tell whether any of its features is wanted before any name
    is built, and the walk stops once every wanted index is named.
    """
    names: dict[int, str] = {}
    missing = None if wanted is None else set(wanted)

    def note(idx: int, name: str) -> None:
        if idx not in names and (missing is None or idx in missing):
            names[idx] = name
            if missing is not None:
                missing.discard(idx)

    prev: str | None = None
    for lower, in_quote in zip(lowers, quoted, strict=True):
        if missing is not None and not missing:
            break
        if in_quote:
            note(_key_memo_get("qw:" + lower) >> 1, "qw:" + lower)
            prev = None
            continue
        keys = _word_features(lower)
        if missing is None or any(key >> 1 in missing for key in keys):
            for key, name in zip(keys, ["w:" + lower, *_char_grams(lower)], strict=True):
                note(key >> 1, name)
        if prev is not None:
            name = f"b:{prev}_{lower}"
            note(_key(name) >> 1, name)
        prev = lower
    return names
