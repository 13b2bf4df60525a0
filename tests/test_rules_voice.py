"""Grammar the word lists cannot express: the rules and matcher features added for the example tables.

Each test pairs a sentence where the cue must fire with a near miss where it must not, so a rule
that fires everywhere (or nowhere) fails.
"""

from __future__ import annotations

import pytest

from biasscan.records import Cue, Document


def cues(analyzer, text: str) -> list[Cue]:
    (paragraph,) = analyzer.score_document(Document("t", text, "t"))
    return paragraph.cues


def names(analyzer, text: str, category: str) -> set[str]:
    return {c.entry for c in cues(analyzer, text) if c.category == category}


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Die Heizkosten dürften im Winter weiter steigen.", True),
        ("Der Neubau könnte schon im Frühjahr eröffnet werden.", True),
        ("Die Ministerin sagte, der Neubau könnte im Frühjahr eröffnet werden.", False),  # attributed
        ("Die Händler dürften nicht mehr sonntags öffnen.", False),  # permission
    ],
)
def test_epistemic_modal_only_in_the_outlets_own_guess(analyzer_lexicon, text: str, fires: bool) -> None:
    assert ("epistemic_modal" in names(analyzer_lexicon, text, "hedging")) is fires


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("Der Vorstand scheint die Warnungen nicht ernst zu nehmen.", True),
        ("Es scheint, als sei die Einigung gescheitert.", True),
        ("Am Sonntag scheint bei bis zu 20 Grad die Sonne.", False),
    ],
)
def test_appearance_verb_needs_an_infinitive_or_impersonal_es(analyzer_lexicon, text: str, fires: bool) -> None:
    assert ("appearance_verb" in names(analyzer_lexicon, text, "hedging")) is fires


def test_deontic_modal_with_endlich_is_a_demand_and_initial_sollte_is_a_condition(analyzer_lexicon) -> None:
    assert "deontic_demand" in names(analyzer_lexicon, "Die Stadt muss jetzt endlich handeln.", "editorializing")
    plain = names(analyzer_lexicon, "Die Straße muss gesperrt werden.", "editorializing")
    assert "deontic_modal" in plain and "deontic_demand" not in plain
    conditional = names(analyzer_lexicon, "Sollte sich der Verdacht bestätigen, droht eine Strafe.", "editorializing")
    assert not conditional & {"deontic_modal", "deontic_demand"}


def test_a_question_with_a_rhetorical_particle_weighs_more(analyzer_lexicon) -> None:
    def weight(text: str) -> float:
        return max(c.weight for c in cues(analyzer_lexicon, text) if c.subtype == "appeal")

    assert weight("Was hat der Rat eigentlich all die Jahre getan?") > weight("Warum ist das Wasser dort so kalt?")


def test_an_imperative_after_a_colon_is_an_ad(analyzer_lexicon) -> None:
    assert "imperative_address" in names(analyzer_lexicon, "Anzeige: Sichern Sie Ihre Rente mit Gold.", "commercial")


def test_editorializing_in_a_sentence_with_a_named_speaker_is_damped(analyzer_lexicon) -> None:
    def weight(text: str) -> float:
        return sum(c.weight for c in cues(analyzer_lexicon, text) if c.category == "editorializing" and c.entry == "müsste endlich")

    own = weight("Die Kommunen müssten endlich schneller bauen.")
    reported = weight("Die Ministerin forderte, die Kommunen müssten endlich schneller bauen.")
    assert own > 0 and 0 < reported < own


def test_a_separable_verb_is_matched_with_its_particle_at_the_clause_end(analyzer_lexicon) -> None:
    text = "Vor den Bauern knickt der Kanzler nun ein, obwohl er Härte versprochen hatte."
    (cue,) = [c for c in cues(analyzer_lexicon, text) if c.entry == "einknick*"]
    assert text[cue.start : cue.end] == "knickt"
    # 'ein' that does not close the clause is an article, not the particle
    assert not [c for c in cues(analyzer_lexicon, "Der Sturm knickt ein Dutzend Bäume um.") if c.entry == "einknick*"]


def test_particles_beyond_the_common_ones_close_a_separable_verb(analyzer_lexicon) -> None:
    text = "Im Ausschuss machte der Vorsitzende die Gutachterin vor allen Anwesenden nieder."
    (cue,) = [c for c in cues(analyzer_lexicon, text) if c.entry == "niedermach*"]
    assert text[cue.start : cue.end] == "machte"
    # 'durch' that opens a phrase is a preposition, not the particle of 'durchwinken'
    assert not [c for c in cues(analyzer_lexicon, "Die Polizei winkt die Autos durch die Sperre.") if c.entry == "durchwink*"]
    (cue,) = [c for c in cues(analyzer_lexicon, "Der Ausschuss winkt das Gesetz ohne Debatte durch.") if c.entry == "durchwink*"]
    assert cue.text == "winkt"


def test_an_unnamed_group_complaining_is_a_vague_source(analyzer_lexicon) -> None:
    assert "vague_source" in names(analyzer_lexicon, "Kritiker bemängeln, die Reform sei zu teuer.", "hedging")
    assert "vague_source" not in names(analyzer_lexicon, "Kritiker des DIW bemängeln, die Reform sei zu teuer.", "hedging")


def test_question_mark_inside_a_quoted_title_is_not_the_outlets_question() -> None:
    from biasscan.rules import rhetorical_question
    from biasscan.tokens import tokenize

    quoted = "Die Podiumsdiskussion unter dem Titel „Wem gehört die Stadt?“ findet am Donnerstag statt."
    own = "Die Stadt plant ein Fest. Wem gehört die Stadt eigentlich?"
    assert rhetorical_question(quoted, tokenize(quoted)) == []
    assert [c.entry for c in rhetorical_question(own, tokenize(own))] == ["rhetorical_particle"]
