"""The four seed articles (../shared/seeds) and what GUIDELINES.md and the issue expect of them.

Paragraphs are found by their text, not by index, so a change in paragraph splitting cannot make a
test silently look at the wrong paragraph. Each expectation also names the cue that must explain it:
some cue of the category must cover that piece of text, and every cue's span must point at its text.
Runs in both modes: lexicon and rules only, and the default scorer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from biasscan.categories import CATEGORIES
from biasscan.inputs import Failure, iter_documents
from biasscan.pipeline import Analyzer, Settings
from biasscan.records import ArticleProfile, ParagraphScore
from tests.conftest import seed_path

MODES = ("lexicon", "default")


@dataclass(frozen=True)
class Expectation:
    seed: str
    locator: str  # a piece of text that occurs in exactly one paragraph of the seed
    category: str
    subtype: str | None  # commercial subtype, else None
    cue: str  # text some cue of the category must cover


FLAGGED = [
    Expectation("000", "Sichern Sie sich nur noch heute bis 23:59 Uhr", "commercial", "ad", "Sichern Sie sich"),
    Expectation("000", "Kettner Edelmetalle News", "commercial", "ad", "Edelmetalle"),
    Expectation("001", "NewsWorld.app ist der kostenlose Premium-Nachrichtenseite", "commercial", "self_promo",
                "kostenlose Premium-Nachrichtenseite"),
    Expectation("002", "Analysierte Quellen, die diese Meldung bestätigen", "commercial", "self_promo", "Analysierte Quellen"),
    Expectation("003", "+++ Olaf Scholz:", "commercial", "teaser", "+++"),
    Expectation("001", "Diesen Artikel teilen", "commercial", "boilerplate", "Diesen Artikel teilen"),
    Expectation("001", "Kommentar veröffentlichen", "commercial", "boilerplate", "Kommentar veröffentlichen"),
    Expectation("000", "stationiert sein sollen", "hedging", None, "stationiert sein sollen"),
    Expectation("000", "zeigt einmal mehr das Versagen der westlichen Sanktionspolitik", "editorializing", None,
                "zeigt einmal mehr"),
    Expectation("000", "Es wäre höchste Zeit", "editorializing", None, "höchste Zeit"),
    Expectation("003", "Horrorszenarien", "loaded", None, "Horrorszenarien"),
    Expectation("000", "Nordkoreas Machthaber Kim Jong Un", "loaded", None, "Machthaber"),
    Expectation("003", "In seinem Brief an Nordkoreas Machthaber", "loaded", None, "Machthaber"),
]

# Plain reporting: no category may be flagged.
PLAIN = [
    ("002", "Beide Länder stehen bereits unter erheblichem internationalen Druck durch Sanktionen."),
    ("002", "In einem historischen Schritt haben die Atommächte Russland und Nordkorea"),
    ("001", "Nordkorea unterstützt Russland im Konflikt mit westlichen Ländern."),
]

_PROFILES: dict[tuple[str, str], ArticleProfile] = {}
_ANALYZERS: dict[str, Analyzer] = {}


def profile(mode: str, seed: str) -> ArticleProfile:
    """Each seed is scored once per mode for the whole module."""
    key = (mode, seed)
    if key not in _PROFILES:
        path = seed_path(seed)
        if mode not in _ANALYZERS:
            _ANALYZERS[mode] = Analyzer(Settings(use_model=False) if mode == "lexicon" else Settings())
        (document,) = list(iter_documents([str(path)]))
        assert not isinstance(document, Failure), document
        _PROFILES[key] = _ANALYZERS[mode].analyze(document)
    return _PROFILES[key]


def paragraph(mode: str, seed: str, locator: str) -> ParagraphScore:
    found = [s for s in profile(mode, seed).paragraphs if locator in s.paragraph.text]
    assert len(found) == 1, f"seed {seed}: {len(found)} paragraphs contain {locator!r}"
    return found[0]


def describe(score: ParagraphScore, category: str) -> str:
    cues = [f"{c.subtype}:{c.text}" + (" (quoted)" if c.quoted else "") for c in score.cues if c.category == category]
    return f"{score.paragraph.text[:90]!r} scores={score.scores} cues({category})={cues}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("expect", FLAGGED, ids=lambda e: f"{e.seed}-{e.category}-{e.cue[:24]}")
def test_seed_paragraph_is_flagged(mode: str, expect: Expectation) -> None:
    score = paragraph(mode, expect.seed, expect.locator)
    assert score.flags[expect.category], describe(score, expect.category)
    if expect.subtype is not None:
        assert score.commercial_subtype == expect.subtype, describe(score, expect.category)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("expect", FLAGGED, ids=lambda e: f"{e.seed}-{e.category}-{e.cue[:24]}")
def test_seed_cue_is_reported_with_its_span(mode: str, expect: Expectation) -> None:
    score = paragraph(mode, expect.seed, expect.locator)
    text = score.paragraph.text
    start = text.find(expect.cue)
    assert start >= 0, f"{expect.cue!r} not in the paragraph"
    end = start + len(expect.cue)
    covering = [
        c for c in score.cues
        if c.category == expect.category and not c.quoted and c.start < end and c.end > start
    ]
    assert covering, f"no {expect.category} cue covers {expect.cue!r}: {describe(score, expect.category)}"
    if expect.subtype is not None:
        assert expect.subtype in {c.subtype for c in covering}, describe(score, expect.category)
    for cue in score.cues:
        assert text[cue.start : cue.end] == cue.text, cue


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("seed", "locator"), PLAIN, ids=[f"{s}-{t[:30]}" for s, t in PLAIN])
def test_plain_seed_paragraph_is_not_flagged(mode: str, seed: str, locator: str) -> None:
    score = paragraph(mode, seed, locator)
    flagged = [c for c in CATEGORIES if score.flags[c]]
    assert not flagged, "; ".join(describe(score, c) for c in flagged)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("seed", ["000", "001", "002", "003"])
def test_seed_profile_is_consistent(mode: str, seed: str) -> None:
    result = profile(mode, seed)
    assert result.n_paragraphs == len(result.paragraphs) > 5
    assert 0.0 < result.bias_index <= 1.0
    for category in CATEGORIES:
        flagged = sum(s.flags[category] for s in result.paragraphs)
        assert result.categories[category].flagged == flagged
    lines = [(s.paragraph.line_start, s.paragraph.line_end) for s in result.paragraphs]
    assert lines == sorted(lines)
