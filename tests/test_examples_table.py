"""Should-flag / should-not-flag examples per category (tests/examples/*.tsv, see its README).

Every `flag` row must be flagged for its file's category (and, in commercial.tsv, get the row's
subtype); every `clean` row must not be flagged for that category. Both scorers are held to the
table: the lexicon-and-rules scorer (`--no-model`) and the default scorer (the shipped model when
it is installed).

Rows that still fail after honest fixing are listed in KNOWN_FAILURES, in one place, as strict
xfails: they show up in every run and the suite fails when one starts to pass, so the list shrinks.
Never more than 10% of a file for the lexicon scorer, 20% for the trained model (checked below): the
model sees these rows as single sentences out of any article, and the table is built from the hard
negatives (word sense, attributed opinion, negation) where a bag-of-n-grams model is weakest. The
model card and README report these misses.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.pipeline import Analyzer, Settings
from biasscan.records import Document, ParagraphScore

EXAMPLES = Path(__file__).parent / "examples"
MIN_ROWS_PER_KIND = 25
MAX_KNOWN_FAILURE_SHARE = {"lexicon": 0.10, "default": 0.20}
MODES = ("lexicon", "default")

# (mode, category, line in the .tsv file) -> why it fails. Line 1 is the header.
KNOWN_FAILURES: dict[tuple[str, str, int], str] = {
    # Word sense and context a word list cannot see: the model's job.
    ("lexicon", "loaded", 12): "'Hammer' is also the tool and 'unter den Hammer', so the row stays weak",
    ("lexicon", "loaded", 18): "'Stunde Null' is also the historical term (see the clean row 50), so the row stays weak",
    ("lexicon", "loaded", 29): "'explosiv' is mostly literal (chemicals) in news, so the row stays weak",
    ("lexicon", "loaded", 31): "'kassieren' is plain sports and legal language too ('kassierte ein Tor')",
    ("lexicon", "loaded", 52): "'Despot' describing an opera character: needs the topic",
    ("lexicon", "hedging", 11): "'mag' as a guess vs 'mag' as 'likes' is word sense",
    ("lexicon", "hedging", 13): "adverbial 'mutmaßlich' vs the legal-presumption 'der mutmaßliche Täter' is word sense",
    ("lexicon", "hedging", 19): "'wohl' is also 'sehr wohl', 'wohl bekannt', 'Wohl': stays weak without syntax",
    ("lexicon", "hedging", 33): "free Konjunktiv I: whether a source was named is in another paragraph",
    ("lexicon", "hedging", 34): "'Viele im Dorf' as an unnamed source needs the pronoun's syntax",
    ("lexicon", "commercial", 16): "fake badge worded as a plain sentence ('von Faktenprüfern bestätigt')",
    ("lexicon", "commercial", 20): "self-praise in body text; 'meistgelesen' alone reads as a teaser box",
    ("lexicon", "commercial", 45): "a news report about a scam ad uses the ad's words: needs the framing",
    ("lexicon", "commercial", 46): "a police warning about crisis kits uses the ad's words: needs the framing",
    ("lexicon", "editorializing", 7): "'nur raten' is also 'only guess': advice needs the clause",
    ("lexicon", "editorializing", 23): "review-style praise without an evaluative word the lexicon can hold",
    ("lexicon", "editorializing", 27): "sweeping generalisation: no cue word",
    ("lexicon", "editorializing", 28): "motive stated as fact: no cue word",
    ("lexicon", "editorializing", 32): "irony ('immerhin ... diesmal')",
    ("lexicon", "editorializing", 33): "cynical aside: no cue word",
    # The trained model (default scorer), measured on the shipped model; see the model card.
    ("default", "loaded", 41): "negated loaded word ('Einen Eklat gab es nicht'): n-gram features do not see negation scope",
    ("default", "loaded", 42): "negated loaded word ('Von einem Horrorszenario kann keine Rede sein')",
    ("default", "loaded", 43): "negated loaded word ('ist nicht brisant')",
    ("default", "loaded", 50): "'Stunde Null' as the historical term: word sense",
    ("default", "loaded", 52): "'Despot' as an opera character: word sense",
    ("default", "loaded", 64): "'Brisanz' of an explosive: technical sense",
    ("default", "hedging", 11): "'mag' as an epistemic guess is rare in the training data",
    ("default", "hedging", 19): "a lone 'wohl' in a short sentence scores 0.11",
    ("default", "hedging", 33): "free Konjunktiv I with no source in the paragraph",
    ("default", "hedging", 34): "'Viele im Dorf glauben' as an unnamed source",
    ("default", "hedging", 54): "'heißt es in ihrem Abschlussbericht' names its source; the hearsay cue dominates",
    ("default", "hedging", 57): "'scheint' for sunshine: the inference cue dominates (0.33 over the 0.30 threshold)",
    ("default", "commercial", 16): "fake badge worded as a plain sentence",
    ("default", "commercial", 20): "self-praise in body text",
    ("default", "editorializing", 40): "attributed accusation ('wirft ... Versagen vor'): the evaluative noun dominates",
    ("default", "editorializing", 51): "a minister's demand in indirect speech ('forderte, ... müssten endlich')",
    ("default", "loaded", 2): "'Machthaber' for a head of state scores 0.22 with its cue, under the 0.30 threshold",
    ("default", "loaded", 40): "plain war reporting with no cue scores 0.39, over the 0.30 threshold",
    ("default", "editorializing", 34): "judgement with the booster 'steht außer Frage' scores 0.25, under the 0.35 threshold",
}


@dataclass(frozen=True)
class Example:
    category: str
    line: int
    expected: str  # "flag" or "clean"
    subtype: str
    text: str
    why: str


def read_examples(category: str) -> list[Example]:
    path = EXAMPLES / f"{category}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            Example(category, reader.line_num, row["expected"], row["subtype"] or "", row["text"], row["why"])
            for row in reader
        ]


ALL_EXAMPLES = {category: read_examples(category) for category in CATEGORIES if (EXAMPLES / f"{category}.tsv").exists()}

_ANALYZERS: dict[str, Analyzer] = {}


def analyzer(mode: str) -> Analyzer:
    """One analyzer per mode for the whole module; building the matcher per row would be wasteful."""
    if mode not in _ANALYZERS:
        _ANALYZERS[mode] = Analyzer(Settings(use_model=False) if mode == "lexicon" else Settings())
    return _ANALYZERS[mode]


def score(mode: str, text: str) -> ParagraphScore:
    (paragraph,) = analyzer(mode).score_document(Document("example", text, "example"))
    return paragraph


def cases() -> list:
    params = []
    for mode in MODES:
        for category, examples in ALL_EXAMPLES.items():
            for example in examples:
                reason = KNOWN_FAILURES.get((mode, category, example.line))
                marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
                params.append(pytest.param(mode, example, marks=marks, id=f"{mode}-{category}:{example.line}-{example.expected}"))
    return params


@pytest.mark.parametrize(("mode", "example"), cases())
def test_example(mode: str, example: Example) -> None:
    result = score(mode, example.text)
    category = example.category
    cues = [f"{c.subtype}:{c.text}" + (" (quoted)" if c.quoted else "") for c in result.cues if c.category == category]
    detail = f"{example.text!r} score={result.scores[category]} cues={cues} why={example.why!r}"
    if example.expected == "flag":
        assert result.flags[category], f"not flagged: {detail}"
        if category == "commercial":
            assert result.commercial_subtype == example.subtype, f"subtype {result.commercial_subtype}: {detail}"
    else:
        assert not result.flags[category], f"flagged: {detail}"


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_has_enough_examples(category: str) -> None:
    examples = ALL_EXAMPLES.get(category, [])
    kinds = {kind: sum(1 for e in examples if e.expected == kind) for kind in ("flag", "clean")}
    assert kinds["flag"] >= MIN_ROWS_PER_KIND and kinds["clean"] >= MIN_ROWS_PER_KIND, f"{category}: {kinds}"


@pytest.mark.parametrize("category", CATEGORIES)
def test_example_rows_are_well_formed(category: str) -> None:
    examples = ALL_EXAMPLES.get(category, [])
    texts = [e.text for e in examples]
    assert len(texts) == len(set(texts)), "duplicate texts"
    for example in examples:
        assert example.expected in ("flag", "clean"), example
        assert example.text.strip(), example
        if category == "commercial" and example.expected == "flag":
            assert example.subtype in COMMERCIAL_SUBTYPES, example
        else:
            assert example.subtype == "", example


def test_known_failures_stay_few_and_point_at_real_rows() -> None:
    for mode, category, line in KNOWN_FAILURES:
        assert mode in MODES and line in {e.line for e in ALL_EXAMPLES[category]}
    for mode in MODES:
        for category, examples in ALL_EXAMPLES.items():
            known = sum(1 for m, c, _ in KNOWN_FAILURES if (m, c) == (mode, category))
            assert known <= MAX_KNOWN_FAILURE_SHARE[mode] * len(examples), f"{mode}/{category}: {known} known failures"
