"""The shipped lexicons and the lexicon validator.

The shipped files must load, cover each category (GUIDELINES.md), and trace every row to a source
under a licence that lets the lexicons ship in a commercial product. A broken house list must fail
with a one-line message naming `file:line`, never with a traceback.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.cli import app
from biasscan.errors import LexiconError
from biasscan.lexicon import HEADER, Lexicon, default_lexicon_paths, load_lexicon
from biasscan.pipeline import Analyzer
from biasscan.records import Document

# Minimum number of rows per category in the shipped lexicons.
MIN_ROWS = {"loaded": 150, "hedging": 80, "commercial": 80, "editorializing": 60}
# Licences under which rows may ship by default; non-commercial sources (SentiWS, CC BY-NC) may not.
SHIPPABLE_LICENCES = {"project", "CC0-1.0", "MIT", "Apache-2.0", "CC-BY-4.0", "LGPL-2.1-or-later", "LGPL-2.1+"}
HEADER_LINE = "\t".join(HEADER)


@pytest.fixture(scope="module")
def shipped() -> Lexicon:
    return load_lexicon()


def test_every_shipped_file_loads_on_its_own() -> None:
    paths = default_lexicon_paths()
    assert paths, "no lexicon files shipped"
    for path in paths:
        assert load_lexicon([path], defaults=False).entries, f"{path.name} has no rows"


def test_there_is_a_lexicon_file_per_category() -> None:
    names = {path.stem for path in default_lexicon_paths()}
    assert set(CATEGORIES) <= names


@pytest.mark.parametrize("category", CATEGORIES)
def test_minimum_coverage_per_category(shipped: Lexicon, category: str) -> None:
    count = sum(1 for e in shipped.entries if e.category == category)
    assert count >= MIN_ROWS[category], f"{category}: {count} rows, need at least {MIN_ROWS[category]}"


def test_commercial_covers_all_four_subtypes(shipped: Lexicon) -> None:
    subtypes = Counter(e.subtype for e in shipped.entries if e.category == "commercial")
    assert set(subtypes) == set(COMMERCIAL_SUBTYPES), subtypes


def test_every_row_has_source_and_a_shippable_licence(shipped: Lexicon) -> None:
    problems = [
        f"{e.origin}: source={e.source!r} licence={e.licence!r}"
        for e in shipped.entries
        if not e.source or e.licence not in SHIPPABLE_LICENCES
        or "sentiws" in e.source.lower() or "nc" in e.licence.lower().replace("-", " ").split()
    ]
    assert not problems, "\n".join(problems[:20])


def test_lexicon_hash_changes_with_content(tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text(f"{HEADER_LINE}\nBrandmauer\tword\tloaded\tframing\t1\tx\tproject\t\n", encoding="utf-8")
    second.write_text(f"{HEADER_LINE}\nBrandmauer\tword\tloaded\tframing\t2\tx\tproject\t\n", encoding="utf-8")
    a = load_lexicon([first], defaults=False).sha256
    assert a == load_lexicon([first], defaults=False).sha256
    assert a != load_lexicon([second], defaults=False).sha256


# --- validation errors: each names file:line -------------------------------------------------------

GOOD_ROW = "Rathausgockel\tword\tloaded\tpejorative\t1.0\ttest\tproject\tdie Rathausgockel"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("entry\tmatch\tcategory\n" + GOOD_ROW, 1, "header must be"),
        (f"{HEADER_LINE}\n{GOOD_ROW}\nzu\twenig\tSpalten", 3, "expected 8 tab-separated columns, found 3"),
        (f"{HEADER_LINE}\n# Kommentar\n{GOOD_ROW.replace('loaded', 'bias')}", 3, "unknown category 'bias'"),
        (f"{HEADER_LINE}\n{GOOD_ROW.replace('pejorative', 'satire')}", 2, "unknown subtype 'satire'"),
        (f"{HEADER_LINE}\nWerbung\tword\tcommercial\tspam\t1\tx\tproject\t", 2, "unknown subtype 'spam' for commercial"),
        (f"{HEADER_LINE}\n{GOOD_ROW.replace('1.0', 'schwer')}", 2, "weight 'schwer' is not a number"),
        (f"{HEADER_LINE}\n{GOOD_ROW.replace('1.0', '0')}", 2, "outside (0, 3.0]"),
        (f"{HEADER_LINE}\n{GOOD_ROW.replace('1.0', '7.5')}", 2, "outside (0, 3.0]"),
        (f"{HEADER_LINE}\n(Lügen|Lücken\tregex\tloaded\tpejorative\t1\tx\tproject\t", 2, "invalid regex"),
        (f"{HEADER_LINE}\n(a+)+b\tregex\tloaded\tpejorative\t1\tx\tproject\t", 2, "nested quantifier"),
        (f"{HEADER_LINE}\n{GOOD_ROW}\n\n{GOOD_ROW.replace('Rathausgockel', 'RATHAUSGOCKEL')}", 4, "duplicate of line 2"),
        (f"{HEADER_LINE}\n{GOOD_ROW.replace('test', '')}", 2, "needs a source"),
        (f"{HEADER_LINE}\n{GOOD_ROW.replace('word', 'lemma')}", 2, "match must be one of"),
        (f"{HEADER_LINE}\nganz klar\tword\tediorializing\tbooster\t1\tx\tproject\t", 2, "unknown category"),
        (f"{HEADER_LINE}\nganz klar\tword\teditorializing\tbooster\t1\tx\tproject\t", 2, "use match=phrase"),
        (f"{HEADER_LINE}\nMa*\tword\tloaded\tpejorative\t1\tx\tproject\t", 2, "at least 4 letters"),
    ],
    ids=["header", "columns", "category", "subtype", "commercial-subtype", "weight-text", "weight-zero",
         "weight-high", "regex", "regex-backtracking", "duplicate", "source", "match", "typo-category",
         "multiword", "short-stem"],
)
def test_invalid_rows_are_reported_with_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    path = tmp_path / "haus.tsv"
    path.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon([path], defaults=False)
    text = caught.value.message
    assert text.startswith(f"haus.tsv:{line}:"), text
    assert message in text
    assert "\n" not in text


def test_empty_lexicon_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "leer.tsv"
    path.write_text("# nur ein Kommentar\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="leer.tsv"):
        load_lexicon([path], defaults=False)


def test_bad_house_lexicon_on_the_command_line_exits_2_with_one_line(runner: CliRunner, tmp_path: Path) -> None:
    lexicon = tmp_path / "haus.tsv"
    lexicon.write_text(f"{HEADER_LINE}\n{GOOD_ROW}\n{GOOD_ROW.replace('1.0', 'viel')}\n", encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text("Die Rathausgockel tagt.", encoding="utf-8")
    result = runner.invoke(app, ["score", "--no-model", "--lexicon", str(lexicon), str(article)])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "haus.tsv:3:" in line and "viel" in line


def test_missing_house_lexicon_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Text.", encoding="utf-8")
    result = runner.invoke(app, ["score", "--no-model", "--lexicon", str(tmp_path / "fehlt.tsv"), str(article)])
    assert result.exit_code == 2
    assert "fehlt.tsv" in result.stderr and "Traceback" not in result.stderr


# --- matching of the shipped lexicon: inflections and compounds ----------------------------------

@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("Die Truppen des Machthabers marschieren.", "Machthabers"),
        ("Er malte Horrorszenarien an die Wand.", "Horrorszenarien"),
        ("Eine neue Schock-Studie erscheint heute.", "Schock-Studie"),
        ("Nordkoreas Machthaber ratifiziert den Vertrag.", "Machthaber"),
        # comparative and superlative of an adjective row (`skrupellos`, `absurd`)
        ("Eine der skrupellosesten Banden im Netz.", "skrupellosesten"),
        ("Ein noch absurderer Vorschlag folgte.", "absurderer"),
    ],
)
def test_inflected_forms_and_compounds_match(analyzer_lexicon: Analyzer, text: str, surface: str) -> None:
    (paragraph,) = analyzer_lexicon.score_document(Document("t", text, "t"))
    loaded = [c for c in paragraph.cues if c.category == "loaded"]
    assert surface in [c.text for c in loaded], loaded
    for cue in loaded:
        assert text[cue.start : cue.end] == cue.text


def test_comparison_endings_apply_to_adjective_rows_only(tmp_path: Path) -> None:
    """Rows written in lower case (adjectives) take comparative and superlative endings; capitalised
    (noun) rows do not, because a noun has no comparative and the extra forms could only misfire."""
    from biasscan.matching import Matcher

    house = tmp_path / "haus.tsv"
    house.write_text(f"{HEADER_LINE}\nfies\tword\tloaded\tpejorative\t1.0\tbiasscan-team\tproject\tx\n"
                     "Pest\tword\tloaded\tpejorative\t1.0\tbiasscan-team\tproject\tx\n", encoding="utf-8")
    matcher = Matcher(load_lexicon([house], defaults=False))
    assert [c.text for c in matcher.match("der fieseste Trick, ein fieserer Trick")] == ["fieseste", "fieserer"]
    assert matcher.match("Pestste Pesteren") == []


def test_house_list_adds_cues_to_the_shipped_lexicon(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Die Rathausgockel im Rathaus tagt wieder.\n", encoding="utf-8")
    lexicon = tmp_path / "haus.tsv"
    lexicon.write_text(f"{HEADER_LINE}\n{GOOD_ROW}\n", encoding="utf-8")
    args = ["score", "--no-model", "-f", "json", str(article)]
    without = runner.invoke(app, args)
    with_house = runner.invoke(app, [*args, "--lexicon", str(lexicon)])
    assert without.exit_code == 0 and with_house.exit_code == 0

    def loaded_cues(output: str) -> list[str]:
        (document,) = json.loads(output)["documents"]
        return [c["entry"] for p in document["paragraph_scores"] for c in p["cues"] if c["category"] == "loaded"]

    assert "Rathausgockel" not in loaded_cues(without.stdout)
    assert "Rathausgockel" in loaded_cues(with_house.stdout)
    meta = json.loads(with_house.stdout)["meta"]
    assert "haus.tsv" in meta["lexicon_files"]
    assert set(json.loads(without.stdout)["meta"]["lexicon_files"]) < set(meta["lexicon_files"])
