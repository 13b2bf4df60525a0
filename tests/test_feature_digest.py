"""The shipped model is a weight vector over hashed feature indices: `featurize` must not drift.

`tests/feature_digests.json` holds, for a few hundred training paragraphs, a digest of what
`featurize` produced for them (indices, the exact bits of every value, and the feature names) when
the model was trained. Speed work on the tokenizer or on `features.py` must reproduce them bit for
bit; a deliberate feature change bumps FEATURE_VERSION, retrains the model and regenerates the file:

    .venv/bin/python -m tests.test_feature_digest > tests/feature_digests.json

The cues fed to `featurize` are synthetic (made from the tokens), so editing a lexicon or a rule
does not change the digests; only the tokenizer and the feature code do.
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.features import FEATURE_VERSION, featurize
from biasscan.records import Cue
from biasscan.tokens import Tokenized, tokenize

REPO = Path(__file__).resolve().parent.parent
DIGESTS = Path(__file__).with_name("feature_digests.json")
PARAGRAPHS_PER_FILE = 40  # 10 files x 40: a few hundred paragraphs of every style the data has


def synthetic_cues(tokenized: Tokenized) -> list[Cue]:
    """Cues on every fifth token, cycling through categories, subtypes, voice, rules and negation."""
    cues = []
    for n, i in enumerate(range(0, len(tokenized), 5)):
        category = CATEGORIES[n % len(CATEGORIES)]
        subtype = COMMERCIAL_SUBTYPES[n % len(COMMERCIAL_SUBTYPES)] if category == "commercial" else "x"
        source = f"rule:{category}" if n % 3 == 0 else "test.tsv:1 (test)"
        cues.append(Cue(category, subtype, tokenized.texts[i], tokenized.starts[i], tokenized.ends[i],
                        tokenized.quoted[i], 0.25 + 0.5 * (n % 4), tokenized.lowers[i], source, n % 7 == 0))
    return cues


def paragraph_digest(text: str, index: int, n_paragraphs: int) -> str:
    tokenized = tokenize(text)
    cues = synthetic_cues(tokenized)
    indices, values, names = featurize(text, tokenized, cues, index, n_paragraphs, with_names=True)
    plain_indices, plain_values, _ = featurize(text, tokenized, cues, index, n_paragraphs)
    assert (plain_indices, plain_values) == (indices, values), "naming features must not change them"
    h = hashlib.sha256()
    h.update(struct.pack(f"<{len(indices)}q", *indices))
    h.update(struct.pack(f"<{len(values)}d", *values))  # the exact bits, not a rounded repr
    h.update("\x00".join(names or []).encode("utf-8"))
    return h.hexdigest()[:24]


def training_paragraphs() -> Iterator[tuple[str, str, int, int]]:
    """(key, text, index, n_paragraphs) of the first paragraphs of every training file."""
    for path in sorted((REPO / "training" / "data").glob("*.jsonl")):
        yield from islice(file_paragraphs(path), PARAGRAPHS_PER_FILE)  # the rest of the file is not parsed


def file_paragraphs(path: Path) -> Iterator[tuple[str, str, int, int]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        paragraphs = [p.get("text", "") for p in json.loads(line).get("paragraphs", [])]
        for index, text in enumerate(paragraphs):
            key = hashlib.sha256(f"{index}/{len(paragraphs)}\n{text}".encode()).hexdigest()[:16]
            yield key, text, index, len(paragraphs)


def test_featurize_is_bit_identical_to_the_stored_digests() -> None:
    stored = json.loads(DIGESTS.read_text(encoding="utf-8"))
    if stored["feature_version"] != FEATURE_VERSION:
        pytest.fail("FEATURE_VERSION changed: retrain the model and regenerate tests/feature_digests.json")
    expected: dict[str, str] = stored["digests"]
    checked = 0
    for key, text, index, n_paragraphs in training_paragraphs():
        if key in expected:  # paragraphs edited in the data since are simply not compared
            assert paragraph_digest(text, index, n_paragraphs) == expected[key], f"featurize drifted on: {text[:80]!r}"
            checked += 1
    if checked < len(expected) // 2:
        pytest.skip(f"only {checked} of {len(expected)} stored paragraphs are still in training/data")
    assert checked >= 100


def main() -> int:
    digests = {key: paragraph_digest(text, index, n) for key, text, index, n in training_paragraphs()}
    json.dump({"feature_version": FEATURE_VERSION, "digests": digests}, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
