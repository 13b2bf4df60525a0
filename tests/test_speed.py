"""Speed work must not change results: token columns, worker-side rendering for --jobs, the matcher's
endings stripped at lookup.

(Timings are not asserted here; `make bench` measures them. The feature code is pinned bit for bit
by tests/test_feature_digest.py.)
"""

from __future__ import annotations

import io

import pytest

from biasscan.inputs import make_document
from biasscan.parallel import RenderedDocument, analyze_in_parallel
from biasscan.pipeline import Settings
from biasscan.render import Format, Level, make_renderer
from biasscan.tokens import tokenize

ARTICLES = [
    "Experten befürchten eine „dramatische“ Eskalation. Wer trägt die Schuld?\n\n"
    "Sichern Sie sich jetzt 30 % Rabatt – nur noch heute!",
    "",  # empty: skipped, with a warning, and still a line in article-level output
    "Die sogenannten „Experten“ sagten, es gebe keine Rede von einem Skandal.\n\n"
    "Wir müssen endlich handeln, statt zu zögern. Angeblich soll der Minister gelogen haben.",
    "This is an English text that the German lexicons do not know at all, so it gets a warning.",
]


def test_token_records_agree_with_the_columns() -> None:
    tokenized = tokenize("„Das ist brisant“, sagte sie. Wirklich? z. B. 11.000 Euro")
    assert len(tokenized) == len(tokenized.tokens) > 0
    for i, token in enumerate(tokenized.tokens):
        assert token.text == tokenized.texts[i] and token.lower == token.text.lower()
        assert (token.start, token.end) == (tokenized.starts[i], tokenized.ends[i])
        assert token.sentence == tokenized.sentences[i] and token.quoted == tokenized.quoted[i]
    assert tokenized.tokens[0].quoted and not tokenized.tokens[-1].quoted
    assert tokenized.tokens is tokenized.tokens  # built once


def rendered_in_process(fmt: Format, level: Level, excel: bool, analyzer_lexicon) -> list[str]:
    texts = []
    for i, text in enumerate(ARTICLES):
        out = io.StringIO()
        renderer = make_renderer(fmt, level, out, excel=excel)
        start = out.tell()
        renderer.document(analyzer_lexicon.analyze(make_document(f"doc{i}", text, f"doc{i}")))
        texts.append(out.getvalue()[start:])
    return texts


@pytest.mark.parametrize("fmt, level, excel", [
    (Format.csv, Level.paragraph, False), (Format.csv, Level.article, True), (Format.jsonl, Level.article, False),
])
def test_workers_render_exactly_what_the_parent_would(fmt, level, excel, analyzer_lexicon) -> None:
    renderer = make_renderer(fmt, level, io.StringIO(), excel=excel)
    spec = renderer.worker_spec()
    documents = [make_document(f"doc{i}", text, f"doc{i}") for i, text in enumerate(ARTICLES)]
    results = list(analyze_in_parallel(Settings(use_model=False), documents, 2, chunk_documents=1, render=spec))
    assert all(isinstance(r, RenderedDocument) for r in results)
    assert [r.text for r in results] == rendered_in_process(fmt, level, excel, analyzer_lexicon)
    expected = [analyzer_lexicon.analyze(d) for d in documents]
    assert [(r.source, r.n_paragraphs, r.warnings) for r in results] == [
        (p.source, p.n_paragraphs, p.warnings) for p in expected
    ]
    assert results[1].n_paragraphs == 0 and results[1].warnings  # the empty one is reported, not lost


def named_top_features_the_long_way(model, text, tokenized, cues, index, n, category):
    """Reference: name every feature, sum contributions per name, keep the strongest positive ones."""
    import numpy as np

    from biasscan.features import featurize
    from biasscan.model import TOP_FEATURES

    indices, values, names = featurize(text, tokenized, cues, index, n, with_names=True)
    row = model.weights[model.categories.index(category), np.asarray(indices, dtype=np.intp)] * np.asarray(
        values, dtype=np.float32)
    contributions: dict[str, float] = {}
    for name, value in zip(names, row.tolist(), strict=True):
        contributions[name] = contributions.get(name, 0.0) + value
    best = sorted(((k, v) for k, v in contributions.items() if v > 0), key=lambda x: -x[1])[:TOP_FEATURES]
    return [(k, round(v, 4)) for k, v in best]


def test_top_features_name_only_the_winners_but_agree_with_naming_all(analyzer_lexicon) -> None:
    from biasscan.model import load_model, shipped_model_available

    if not shipped_model_available():
        pytest.skip("no shipped model installed")
    from tests.test_feature_digest import training_paragraphs

    model = load_model()
    compared = 0
    for _, text, index, n in list(training_paragraphs())[:150]:
        tokenized = tokenize(text)
        cues = analyzer_lexicon.paragraph_cues(text, tokenized)
        fast = model.top_features(text, tokenized, cues, index, n, list(model.categories))
        for category in model.categories:
            assert fast[category] == named_top_features_the_long_way(model, text, tokenized, cues, index, n, category)
            compared += bool(fast[category])
    assert compared > 50


def test_regex_rows_prefiltered_find_what_the_combined_regex_finds(analyzer_lexicon) -> None:
    matcher = analyzer_lexicon.matcher
    assert matcher._regex is not None and matcher._regex_filters is not None
    texts = [p for article in ARTICLES for p in article.split("\n\n")] + [
        "Nur heute 20 % Rabatt, statt 49,99 Euro! Kommentare (12) © 2024 Stand: 1.2.2024",
        "Themen: Politik\n#Wahl", "Zum Thema: Bahn", "+++ Eilmeldung: Zug entgleist +++", "Er ist OFFENBAR müde.",
    ]
    for text in texts:
        reduced = matcher._regex_for(text)
        full = [(m.span(), m.lastgroup) for m in matcher._regex.finditer(text)]
        found = [(m.span(), m.lastgroup) for m in reduced.finditer(text)] if reduced is not None else []
        assert found == full
    assert any(matcher._regex.search(text) for text in texts)


def test_outputs_without_a_feature_column_skip_naming_features_and_keep_every_score() -> None:
    """CSV, Parquet and article rows have no place for model features, so they are not computed;
    the scores, flags and cues must be exactly those of a run that names them."""
    from biasscan.model import shipped_model_available
    from biasscan.pipeline import Analyzer
    from biasscan.render import shows_model_features

    if not shipped_model_available():
        pytest.skip("no shipped model installed")
    assert shows_model_features(Format.json, Level.paragraph) and shows_model_features(Format.table, Level.paragraph)
    assert not shows_model_features(Format.csv, Level.paragraph)
    assert not shows_model_features(Format.parquet, Level.paragraph)
    assert not shows_model_features(Format.jsonl, Level.article)
    named, unnamed = Analyzer(Settings()), Analyzer(Settings(model_features=False))
    flagged = 0
    for i, text in enumerate(ARTICLES):
        doc = make_document(f"a{i}", text, f"a{i}.txt")
        with_features, without = named.score_document(doc), unnamed.score_document(doc)
        for a, b in zip(with_features, without, strict=True):
            assert (a.scores, a.flags, a.cues, a.commercial_subtype) == (b.scores, b.flags, b.cues, b.commercial_subtype)
            assert b.features == {}
            assert set(a.features) == {c for c, on in a.flags.items() if on}
            flagged += any(a.flags.values())
    assert flagged >= 2


def test_bench_stage_breakdown_reports_every_stage(tmp_path) -> None:
    """`make bench` names the stage that caps throughput; each stage must be measured, none skipped."""
    import math

    from training.bench import build_corpus, project_sentences, stage_breakdown

    build_corpus(tmp_path, 0.05, project_sentences())
    stages = dict(stage_breakdown(tmp_path))
    assert list(stages) == ["split into paragraphs", "tokenize", "lexicon matching", "grammar rules",
                            "model (features + 4 categories)"]
    assert all(math.isfinite(rate) and rate > 0 for rate in stages.values())


def test_endings_stripped_at_lookup_find_what_listing_every_form_found() -> None:
    """The matcher indexes base words and strips a token's endings at lookup. The result must be the
    entries a table of every inflected form of every row (the former index) lists, in the same order."""
    from collections import defaultdict

    from biasscan.lexicon import load_lexicon
    from biasscan.matching import COMPARISON, INFLECTIONS, Matcher, _inflected

    lexicon = load_lexicon([])
    matcher = Matcher(lexicon)
    forms: dict[str, list] = defaultdict(list)
    phrase_forms: dict[str, list] = defaultdict(list)
    for entry in lexicon.entries:
        word = entry.entry.lower()
        if entry.match == "word" and not word.endswith("*"):
            for ending in INFLECTIONS + (COMPARISON if entry.entry[:1].islower() else ()):
                forms[word + ending].append(entry)
    phrases = sorted(row for rows in matcher._phrase_words.values() for row in rows)  # lexicon order
    for _, (entry, words), _ in phrases:
        for ending in INFLECTIONS:
            phrase_forms[words[0] + ending].append((entry, words))
    assert len(forms) > 20_000 and len(phrase_forms) > 5_000
    for form, expected in forms.items():
        assert _inflected(matcher._words, form) == expected, form
    for form, expected in phrase_forms.items():
        assert _inflected(matcher._phrase_words, form) == expected, form
    others = ["", "e", "st", "ernst", "rede", "gestern", "xyzzy"]
    for form in others + [tokenize(a).lowers[0] for a in ARTICLES if a]:
        assert _inflected(matcher._words, form) == forms.get(form, []), form


@pytest.mark.parametrize("preset", [None, "3"], ids=["unset", "user-set"])
def test_scoring_asks_for_one_blas_thread_unless_the_user_chose(tmp_path, preset) -> None:
    """numpy's OpenBLAS threads only spin for the one small product per paragraph (biasscan/cli.py
    `one_blas_thread`); a value the user set is kept."""
    import os

    from biasscan.model import shipped_model_available
    from tests.test_startup import probe

    if not shipped_model_available():
        pytest.skip("no shipped model installed")
    article = tmp_path / "artikel.txt"
    article.write_text(ARTICLES[0], encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    report = probe("score", "-q", "-f", "csv", str(article), env=env)
    assert report["exit_code"] == 0
    assert [report["openblas_threads"], "numpy" in report["modules"]] == [preset or "1", True]
