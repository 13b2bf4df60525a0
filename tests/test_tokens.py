"""Tokenizer, sentences and quote spans: German words stay whole, numbers and abbreviations do not end
sentences, and words inside someone else's quote are marked as theirs (GUIDELINES.md: voice)."""

from __future__ import annotations

import pytest

from biasscan.lexicon import HEADER
from biasscan.pipeline import Analyzer, Settings
from biasscan.records import Document, ParagraphScore
from biasscan.tokens import quote_spans, tokenize


def words(text: str) -> list[str]:
    return [t.text for t in tokenize(text).tokens]


def quoted_words(text: str) -> set[str]:
    return {t.text for t in tokenize(text).tokens if t.quoted}


def test_umlauts_and_eszett_are_word_characters() -> None:
    assert words("Größere Übel für Bürger an der Straße in Göttingen.") == [
        "Größere", "Übel", "für", "Bürger", "an", "der", "Straße", "in", "Göttingen",
    ]


def test_hyphenated_compounds_stay_one_token() -> None:
    assert words("Die Schock-Studie zur Ukraine-Krise und E-Mail-Flut.") == [
        "Die", "Schock-Studie", "zur", "Ukraine-Krise", "und", "E-Mail-Flut",
    ]


def test_offsets_point_at_the_surface_text() -> None:
    text = "Über 11.000 Soldaten, z. B. in Kursk, sollen dort stationiert sein."
    for token in tokenize(text).tokens:
        assert text[token.start : token.end] == token.text
        assert token.lower == token.text.lower()


@pytest.mark.parametrize("number", ["11.000", "3,5", "1.250.000", "2024"])
def test_numbers_are_one_token_and_do_not_end_the_sentence(number: str) -> None:
    tokenized = tokenize(f"Es waren {number} Menschen dort und sie blieben.")
    assert number in [t.text for t in tokenized.tokens]
    assert {t.sentence for t in tokenized.tokens} == {0}
    assert tokenized.sentence_ends == ["."]


@pytest.mark.parametrize("abbreviation", ["z. B.", "z.B.", "bzw.", "ca.", "usw.", "Dr.", "d. h."])
def test_abbreviations_do_not_end_the_sentence(abbreviation: str) -> None:
    tokenized = tokenize(f"Manche Länder, {abbreviation} Polen, zahlen mehr als andere.")
    assert abbreviation in [t.text for t in tokenized.tokens]
    assert {t.sentence for t in tokenized.tokens} == {0}


def test_sentences_are_counted_with_their_end_marks() -> None:
    tokenized = tokenize("Das ist so. Wirklich? Ja! Und dann")
    assert [t.sentence for t in tokenized.tokens] == [0, 0, 0, 1, 2, 3, 3]
    assert tokenized.sentence_ends == [".", "?", "!", ""]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ("Er sagte: „Das ist ein Skandal.“ Dann ging er.", {"Das", "ist", "ein", "Skandal"}),
        ('Er sagte: "Das ist ein Skandal." Dann ging er.', {"Das", "ist", "ein", "Skandal"}),
        ("Er sagte: »Das ist ein Skandal.« Dann ging er.", {"Das", "ist", "ein", "Skandal"}),
        ("Er sagte: «Das ist ein Skandal.» Dann ging er.", {"Das", "ist", "ein", "Skandal"}),
        ("Er sagte: ‚Das ist ein Skandal.‘ Dann ging er.", {"Das", "ist", "ein", "Skandal"}),
        ("Er sagte: “Das ist ein Skandal.” Dann ging er.", {"Das", "ist", "ein", "Skandal"}),
    ],
    ids=["german", "ascii", "guillemets", "swiss", "single-german", "english"],
)
def test_direct_speech_of_every_quote_style_is_marked_quoted(text: str, inside: set[str]) -> None:
    assert quoted_words(text) == inside
    (span,) = quote_spans(text)
    assert not span.scare
    assert text[span.start] in "„\"»«‚“" and "Skandal" in text[span.start : span.end]


def test_nested_quotes_give_one_outer_span() -> None:
    text = "Sie sagte: „Er nannte es ‚Unsinn‘ und ging.“ Danach Stille."
    (span,) = quote_spans(text)
    assert text[span.start : span.end] == "„Er nannte es ‚Unsinn‘ und ging.“"
    assert "Danach" not in quoted_words(text)


def test_apostrophes_are_not_quotes() -> None:
    text = "Gib’s zu, sagte Andrea’s Nachbar, und wir geh’n."
    assert quote_spans(text) == []
    assert quoted_words(text) == set()


def test_an_unclosed_quote_does_not_swallow_the_rest() -> None:
    text = "Der Satz beginnt „ohne Ende und der Machthaber redet weiter."
    assert quoted_words(text) == set()


@pytest.mark.parametrize("intro", ["sogenannte", "so genannte", "angebliche", "vermeintliche", "selbsternannte"])
def test_scare_quotes_are_the_outlets_voice(intro: str) -> None:
    text = f"Die {intro} „Experten“ lagen wieder falsch."
    (span,) = quote_spans(text)
    assert span.scare
    assert quoted_words(text) == set()


def test_long_quote_after_sogenannt_is_speech_not_scare() -> None:
    text = "Das sogenannte Papier sagt: „Wir werden die Steuern im nächsten Jahr senken.“"
    (span,) = quote_spans(text)
    assert not span.scare


# Voice in scoring: a house lexicon with known entries, so these tests do not depend on the shipped lists.
HOUSE = (
    "\t".join(HEADER) + "\n"
    "Skandalbude\tword\tloaded\tpejorative\t1.5\ttest\tCC0-1.0\tdie Skandalbude\n"
    "unverzeihlich\tword\teditorializing\tevaluation\t1.5\ttest\tCC0-1.0\tein unverzeihlicher Fehler\n"
)


@pytest.fixture(scope="module")
def house_analyzer(tmp_path_factory: pytest.TempPathFactory) -> Analyzer:
    path = tmp_path_factory.mktemp("lex") / "house.tsv"
    path.write_text(HOUSE, encoding="utf-8")
    return Analyzer(Settings(use_model=False, lexicon_paths=(path,)))


def score_one(analyzer: Analyzer, text: str) -> ParagraphScore:
    (score,) = analyzer.score_document(Document("t", text, "t"))
    return score


@pytest.mark.parametrize(
    ("category", "word", "sentence"),
    [
        ("loaded", "Skandalbude", "das Rathaus sei eine Skandalbude"),
        ("editorializing", "unverzeihlich", "der Beschluss sei unverzeihlich"),
    ],
)
def test_quoted_cue_is_reported_as_quoted_and_not_counted(
    house_analyzer: Analyzer, category: str, word: str, sentence: str
) -> None:
    own_voice = score_one(house_analyzer, f"Der Bericht zeigt: {sentence[0].upper() + sentence[1:]}.")
    quoted = score_one(house_analyzer, f"Die Bürgermeisterin Anna Berg sagte: „{sentence[0].upper() + sentence[1:]}.“")

    own_cues = [c for c in own_voice.cues if c.category == category and c.entry == word]
    quoted_cues = [c for c in quoted.cues if c.category == category and c.entry == word]
    assert own_cues and not own_cues[0].quoted
    assert own_voice.flags[category]

    assert quoted_cues, "a quoted cue must still be reported, marked as quoted"
    assert all(c.quoted for c in quoted_cues)
    assert quoted.paragraph.text[quoted_cues[0].start : quoted_cues[0].end].lower().startswith(word.lower())
    assert quoted.scores[category] == 0.0
    assert not quoted.flags[category]


def test_scare_quoted_cue_counts_as_the_outlets_voice(house_analyzer: Analyzer) -> None:
    score = score_one(house_analyzer, "Die sogenannte „Skandalbude“ hat wieder getagt.")
    cues = [c for c in score.cues if c.category == "loaded"]
    assert cues and not any(c.quoted for c in cues)
    assert {c.entry for c in cues} >= {"Skandalbude", "scare_quote"}
    assert score.flags["loaded"]


def test_inflected_house_entry_matches(house_analyzer: Analyzer) -> None:
    score = score_one(house_analyzer, "Es war ein unverzeihlicher Fehler der Skandalbuden.")
    assert {c.text for c in score.cues} >= {"unverzeihlicher", "Skandalbuden"}


def test_house_lexicon_file_is_named_in_the_cue_source(house_analyzer: Analyzer) -> None:
    score = score_one(house_analyzer, "Die Skandalbude tagt.")
    (cue,) = [c for c in score.cues if c.entry == "Skandalbude"]
    assert cue.source.startswith("house.tsv:")


@pytest.mark.parametrize(
    "text",
    [
        "Das Rathaus ist eine Skandalbude.",
        "Das Rathaus ist eine Skandalbude, es gab keine Einigung.",  # a later negation of something else
        "Nicht nur das Rathaus ist eine Skandalbude.",
    ],
)
def test_plain_cue_is_not_negated(house_analyzer: Analyzer, text: str) -> None:
    score = score_one(house_analyzer, text)
    (cue,) = [c for c in score.cues if c.entry == "Skandalbude"]
    assert not cue.negated and score.flags["loaded"]


@pytest.mark.parametrize(
    "text",
    [
        "Das Rathaus ist keine Skandalbude.",
        "Eine Skandalbude gab es nicht: Der Rat tagte ruhig.",
        "Von einer Skandalbude kann keine Rede sein.",
    ],
)
def test_negated_or_rejected_cue_is_damped(house_analyzer: Analyzer, text: str) -> None:
    score = score_one(house_analyzer, text)
    (cue,) = [c for c in score.cues if c.entry == "Skandalbude"]
    assert cue.negated
    assert not score.flags["loaded"]
