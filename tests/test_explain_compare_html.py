"""`biasscan explain`, `biasscan compare` and `score --format html`, checked the way a user would.

Most tests run on a small house lexicon with the shipped lexicons switched off, so what they
assert (which row, which weight, which order) does not move when the shipped lexicons grow.
Golden files: tests/golden/explain/*.txt; regenerate after a deliberate change with
`BIASSCAN_REGEN_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_explain_compare_html.py` and review the diff.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES
from biasscan.cli import CategoryName, CompareSort, app
from biasscan.lexicon import HEADER as LEXICON_HEADER
from biasscan.render.compare import SORT_KEYS, sort_profiles
from tests.conftest import REPO, SEEDS, assert_matches_golden, seed_path

GOLDEN = REPO / "tests" / "golden" / "explain"
HEADER = "\t".join(LEXICON_HEADER) + "\n"
HOUSE_ROWS = [
    # line 2: a pejorative label, line 3: an intensifier with markup in its source column
    ("Krawallmacher", "word", "loaded", "pejorative", "1.0", "house-list:review-7", "CC0", "Die Krawallmacher"),
    ("superbrisant", "word", "loaded", "intensifier", "0.6", "desk <b>memo</b> & notes", "CC0", "superbrisant"),
    ("Goldbarren", "word", "commercial", "ad", "1.0", "house-list:ads", "CC0", "Goldbarren kaufen"),
]

LOADED_PARAGRAPH = "Die Krawallmacher im Rathaus lieferten eine superbrisante Vorstellung."
QUOTED_PARAGRAPH = "„Das sind Krawallmacher“, sagte die Bürgermeisterin Anna Weber am Montag."
HEDGED_PARAGRAPH = "Im Hafen sollen mehrere Frachter mit Munition eingelaufen sein."
CLEAN_PARAGRAPH = "Der Stadtrat tagt am Dienstag im großen Saal."
ARTICLE = "\n\n".join([LOADED_PARAGRAPH, QUOTED_PARAGRAPH, HEDGED_PARAGRAPH, CLEAN_PARAGRAPH]) + "\n"


@pytest.fixture
def house_lexicon(tmp_path: Path) -> Path:
    path = tmp_path / "house.tsv"
    path.write_text(HEADER + "".join("\t".join(row) + "\n" for row in HOUSE_ROWS), encoding="utf-8")
    return path


@pytest.fixture
def house_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch the shipped lexicons off: only --lexicon files (and the rules) produce cues."""
    monkeypatch.setattr("biasscan.lexicon.default_lexicon_paths", lambda: [])


def invoke(runner, args: list[str], stdin: str | None = None):
    result = runner.invoke(app, args, input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def flat(output: str) -> str:
    """Output with line wrapping undone: the terminal wraps long cue lines wherever the width ends."""
    return " ".join(output.split())


# ---------------------------------------------------------------- explain


def test_explain_names_the_lexicon_row_and_the_rule(runner, house_lexicon, house_only):
    result = invoke(runner, ["explain", "--no-model", "--no-color", "--lexicon", str(house_lexicon), "-"], ARTICLE)
    assert result.exit_code == 0
    out = flat(result.stdout)
    # the lexicon row behind the cue: file:line, entry, match mode, weight and the source column
    assert "lexicon house.tsv:2 · entry 'Krawallmacher' (word) · weight 1.00 · source: house-list:review-7" in out
    assert "lexicon house.tsv:3 · entry 'superbrisant' (word) · weight 0.60" in out
    # the rule behind the reportative cue
    assert "rule reportative_perfect" in out
    # cues are marked in the text with a label, so the highlight survives without colour
    assert "Die [Krawallmacher]LOAD im Rathaus" in out
    assert "[sollen mehrere Frachter mit Munition eingelaufen sein]HEDGE" in out


def test_explain_says_quoted_cues_count_nothing_and_shows_the_formula(runner, house_lexicon, house_only):
    out = flat(invoke(runner, ["explain", "--no-model", "--no-color", "--lexicon", str(house_lexicon), "-"], ARTICLE).stdout)
    assert "source: house-list:review-7 · quoted: the speaker's words · counts 0.00" in out
    # paragraph 0: Krawallmacher 1.0 + superbrisant 0.6 = evidence 1.60 -> 1 - 2^-1.6 = 0.67, flagged
    expected = 1 - 2 ** -1.6
    assert f"loaded 1 - 2^-1.60 = {expected:.2f} >= 0.5" in out
    assert "lexicon scores (score = 1 - 2^-evidence)" in out


def test_explain_only_flagged_and_category_filter(runner, house_lexicon, house_only):
    args = ["explain", "--no-model", "--no-color", "--lexicon", str(house_lexicon)]
    out = invoke(runner, [*args, "--only-flagged", "-"], ARTICLE).stdout
    assert "Rathaus lieferten" in out and "Frachter" in out
    assert CLEAN_PARAGRAPH not in out and "Bürgermeisterin" not in out

    hedging_only = invoke(runner, [*args, "--only-flagged", "--category", "hedging", "-"], ARTICLE).stdout
    assert "Frachter" in hedging_only
    assert "Rathaus lieferten" not in hedging_only and "LOAD" not in hedging_only


def test_explain_thresholds_change_what_is_flagged(runner, house_lexicon, house_only):
    args = ["explain", "--no-model", "--no-color", "--lexicon", str(house_lexicon), "--only-flagged", "-c", "loaded"]
    assert "Rathaus lieferten" in invoke(runner, [*args, "-"], ARTICLE).stdout
    strict = invoke(runner, [*args, "-t", "loaded=0.9", "-"], ARTICLE).stdout
    assert "Rathaus lieferten" not in strict and "no paragraph flagged for loaded" in strict


def test_explain_shows_model_features_for_flagged_paragraphs(house_lexicon, house_only):
    """Under the trained model the features, not the lexicon formula, explain a flagged score."""
    import io

    from biasscan.pipeline import Analyzer, Settings, analyze_text
    from biasscan.render import Summary
    from biasscan.render.explain import ExplainRenderer

    settings = Settings(use_model=False, lexicon_paths=(house_lexicon,))
    profile = analyze_text(ARTICLE, "model-doc", settings)
    first = profile.paragraphs[0]
    assert first.flags["loaded"]
    first.features = {"loaded": [("lex:krawallmacher", 0.42), ("tfidf:rathaus", -0.05)]}
    out = io.StringIO()
    renderer = ExplainRenderer(out, Analyzer(settings).lexicon, color=False)
    renderer.begin({"scorer": "model", "model_version": "test-1", "thresholds": settings.thresholds})
    renderer.document(profile)
    renderer.end(Summary(documents=1, paragraphs=len(profile.paragraphs)))
    text = flat(out.getvalue())
    assert "model features (loaded): lex:krawallmacher +0.42, tfidf:rathaus -0.05" in text
    assert "1 - 2^-" not in text  # the lexicon formula does not explain model scores
    assert "scorer: model test-1" in text


def test_explain_golden(runner, house_lexicon, house_only):
    out = invoke(runner, ["explain", "--no-model", "--no-color", "--lexicon", str(house_lexicon), "-"], ARTICLE).stdout
    assert_matches_golden(GOLDEN / "explain_house.txt", out)


def test_explain_unreadable_input_is_one_line_and_exit_3(runner, tmp_path):
    missing = tmp_path / "nope.txt"
    result = runner.invoke(app, ["explain", "--no-model", str(missing)])
    assert result.exit_code == 3
    assert str(missing) in result.stderr
    assert "Traceback" not in result.output + result.stderr


def test_explain_on_a_seed_names_shipped_rows(runner):
    out = invoke(runner, ["explain", "--no-model", "--no-color", "--only-flagged", str(seed_path("000"))]).stdout
    assert re.search(r"lexicon \w+\.tsv:\d+ · entry '", out), "no lexicon row named"
    assert "rule " in out


# ---------------------------------------------------------------- compare


def write_articles(tmp_path: Path) -> dict[str, Path]:
    """Three articles with a known order: heavy > medium > clean (bias index and loaded share)."""
    texts = {
        "medium": "\n\n".join([LOADED_PARAGRAPH, CLEAN_PARAGRAPH, CLEAN_PARAGRAPH]),
        "clean": "\n\n".join([CLEAN_PARAGRAPH, CLEAN_PARAGRAPH]),
        "heavy": "\n\n".join([LOADED_PARAGRAPH, HEDGED_PARAGRAPH, LOADED_PARAGRAPH]),
    }
    paths = {}
    for name, text in texts.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_text(text + "\n", encoding="utf-8")
    return paths


def row_order(output: str) -> list[str]:
    return re.findall(r"^│\s*\d+\s*│\s*(\S+?)\.txt", output, flags=re.M)


def test_compare_sorts_by_bias_index_and_shows_every_article(runner, tmp_path, house_lexicon, house_only):
    paths = write_articles(tmp_path)
    args = ["compare", "--no-model", "--no-color", "--lexicon", str(house_lexicon)]
    out = invoke(runner, [*args, *(str(p) for p in paths.values())]).stdout
    assert row_order(out) == ["heavy", "medium", "clean"]
    assert "3 articles compared" in out
    assert "krawallmacher" in out  # top cues of each article

    by_input = invoke(runner, [*args, "--sort", "input", *(str(p) for p in paths.values())]).stdout
    assert row_order(by_input) == ["medium", "clean", "heavy"]


def test_compare_sort_by_category(runner, tmp_path, house_lexicon, house_only):
    paths = write_articles(tmp_path)
    # hedging: only "heavy" has a hedged paragraph; the other two tie at 0 and keep their bias order
    out = invoke(runner, ["compare", "--no-model", "--no-color", "--lexicon", str(house_lexicon), "--sort", "hedging",
                          str(paths["clean"]), str(paths["medium"]), str(paths["heavy"])]).stdout
    assert row_order(out) == ["heavy", "medium", "clean"]
    assert "sorted by hedging" in out


def test_compare_golden(runner, tmp_path, house_lexicon, house_only, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_articles(tmp_path)
    out = invoke(runner, ["compare", "--no-model", "--no-color", "--lexicon", str(house_lexicon),
                          "medium.txt", "clean.txt", "heavy.txt"]).stdout
    assert_matches_golden(GOLDEN / "compare_house.txt", out)


def test_compare_the_four_seeds(runner):
    seeds = sorted(SEEDS.glob("*.txt"))
    if len(seeds) < 4:
        pytest.skip("seeds not available")
    out = invoke(runner, ["compare", "--no-model", "--no-color", *map(str, seeds)]).stdout
    assert sorted(row_order(out)) == sorted(p.stem for p in seeds)
    indices = [float(x) for x in re.findall(r"^│\s*\d+\s*│.*│\s*(\d\.\d\d)\s*│", out, flags=re.M)]
    assert len(indices) == 4 and indices == sorted(indices, reverse=True)


def test_sort_keys_and_cli_choices_agree():
    assert [c.value for c in CategoryName] == list(CATEGORIES)
    assert [s.value for s in CompareSort] == list(SORT_KEYS)
    with pytest.raises(ValueError):
        sort_profiles([], "nonsense")


# ---------------------------------------------------------------- html report


def visible_text(page: str) -> str:
    """What a reader sees: tags stripped (labels after cues included), entities decoded."""
    without_labels = re.sub(r'<sup class="lbl[^"]*">[A-Z]+</sup>', "", page)
    return html.unescape(re.sub(r"<[^>]+>", "", without_labels))


def html_report(runner, tmp_path: Path, lexicon: Path, *inputs: str) -> str:
    out = tmp_path / "report.html"
    result = invoke(runner, ["score", "--no-model", "--format", "html", "-o", str(out), "--lexicon", str(lexicon), *inputs])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_html_is_self_contained(runner, tmp_path, house_lexicon):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE + "\nMehr unter https://example.org/mehr und <img src=\"http://evil.example/x.png\">\n",
                       encoding="utf-8")
    page = html_report(runner, tmp_path, house_lexicon, str(article))
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, flags=re.I)
    assert "<script" not in page.lower()
    assert "<link" not in page.lower() and "@import" not in page and "@font-face" not in page and "url(" not in page
    assert "<style>" in page and "<svg" in page and "@media print" in page


def test_html_escapes_markup_from_the_input_and_the_lexicon(runner, tmp_path, house_lexicon):
    article = tmp_path / "x.txt"
    article.write_text("Die Krawallmacher sind <script>alert('x')</script> superbrisant & laut.\n", encoding="utf-8")
    page = html_report(runner, tmp_path, house_lexicon, str(article))
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<b>memo</b>" not in page and "desk &lt;b&gt;memo&lt;/b&gt; &amp; notes" in page  # source column, in a tooltip


def test_html_has_every_paragraph_the_legend_and_tooltips(runner, tmp_path, house_lexicon):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    page = html_report(runner, tmp_path, house_lexicon, str(article))
    text = visible_text(page)
    for paragraph in ARTICLE.split("\n\n"):
        assert paragraph.strip() in text
    assert 'aria-label="legend"' in page
    for category in CATEGORIES:
        assert f'<mark class="c-{category}">{category}</mark>' in page  # legend swatch per category
    tooltip = re.search(r'<mark class="c-loaded" title="([^"]*)">Krawallmacher</mark>', page)
    assert tooltip, "cue without a tooltip"
    assert "loaded/pejorative" in tooltip.group(1) and "house.tsv:2" in tooltip.group(1)
    assert 'class="c-loaded weak"' in page  # the quoted cue is drawn faint


def test_html_several_documents_get_an_overview_and_one_block_each(runner, tmp_path, house_lexicon):
    paths = write_articles(tmp_path)
    page = html_report(runner, tmp_path, house_lexicon, *(str(p) for p in paths.values()))
    assert "<h2>Overview</h2>" in page
    assert page.count('<section class="doc">') == 3
    for path in paths.values():
        assert f"<h2>{html.escape(str(path))}</h2>" in page


def test_every_view_draws_faint_exactly_the_cues_that_count_less() -> None:
    from biasscan.records import Cue
    from biasscan.render.html_report import highlighted_html

    text = "Er sprach von Abzocke. Jetzt zugreifen!"

    def cue(category: str, start: int, end: int, *, quoted: bool = False, negated: bool = False) -> Cue:
        return Cue(category, None, text[start:end], start, end, quoted, 1.0, text[start:end], "test", negated)

    quoted_loaded = cue("loaded", 14, 21, quoted=True)  # someone else's word: counts 0
    quoted_ad = cue("commercial", 23, 38, quoted=True)  # quotation marks in an ad are no speech: counts fully
    page = highlighted_html(text, [quoted_loaded, quoted_ad])
    assert '<mark class="c-loaded weak"' in page
    assert '<mark class="c-commercial"' in page

    from biasscan.records import Paragraph, ParagraphScore
    from biasscan.render.explain import marked_text
    from biasscan.render.table import highlighted

    def styles(rich_text, cue: Cue) -> set[str]:
        at = rich_text.plain.index(cue.text)  # explain adds [ ] marks, so offsets move
        return {str(span.style) for span in rich_text.spans if span.start <= at < span.end}

    for shown in (marked_text(text, [quoted_loaded, quoted_ad]),
                  highlighted(ParagraphScore("d", Paragraph(0, text, 1, 1, 0, len(text)), {}, {}, None,
                                             [quoted_loaded, quoted_ad]))):
        assert any("dim" in style for style in styles(shown, quoted_loaded))
        assert not any("dim" in style for style in styles(shown, quoted_ad))


def test_a_paragraph_flagged_exactly_at_its_threshold_names_its_model_features() -> None:
    """The flag, the printed score and the choice of features to name use one rounded score: a
    paragraph whose score equals its threshold is flagged and explained, never flagged bare."""
    from biasscan.model import shipped_model_available
    from biasscan.pipeline import Analyzer, Settings
    from biasscan.records import Document

    if not shipped_model_available():
        pytest.skip("needs the shipped model")
    reference = Analyzer(Settings())
    for prefix in ("000", "001"):
        document = Document(prefix, seed_path(prefix).read_text(encoding="utf-8"), prefix)
        for scored in reference.score_document(document)[:6]:
            category = max(scored.scores, key=scored.scores.get)
            at_own_score = Analyzer(Settings(thresholds={category: scored.scores[category]}))
            again = at_own_score.score_document(document)[scored.paragraph.index]
            assert again.flags[category] and again.features.get(category), (category, scored.scores[category])
