"""training/review_lexicon.py: the neutral-text review whose counts the lexicon notes record."""

from __future__ import annotations

from pathlib import Path

from biasscan.lexicon import HEADER as LEXICON_HEADER
from biasscan.lexicon import load_lexicon
from training.review_lexicon import count_hits, update_notes

HEADER = "\t".join(LEXICON_HEADER) + "\n"


def test_hits_are_counted_per_row_once_per_paragraph_and_never_inside_quotes(tmp_path: Path) -> None:
    lexicon = tmp_path / "house.tsv"
    lexicon.write_text(
        HEADER
        + "# section\n"
        + "Horror*\tword\tloaded\tintensifier\t1.0\tbiasscan-team\tproject\tein Horrorszenario; WN 9/9\n"
        + "Machthaber\tword\tloaded\tpejorative\t1.0\tbiasscan-team\tproject\tder Machthaber\n",
        encoding="utf-8",
    )
    paragraphs = [
        "Ein Horrorszenario folgt dem nächsten Horror-Film.",  # two hits, one paragraph
        "„Der Machthaber lügt“, sagte Anna Berg.",  # quoted: not the outlet's voice
        "Der Machthaber reiste ab.",
        "Das Wetter bleibt ruhig.",
    ]
    hits = count_hits(load_lexicon([lexicon], defaults=False), paragraphs)
    assert len(hits["house.tsv:3"]) == 1
    assert [text for text, _, _ in hits["house.tsv:4"]] == ["Der Machthaber reiste ab."]

    assert update_notes(lexicon, hits, len(paragraphs)) == 2
    rows = lexicon.read_text(encoding="utf-8").splitlines()
    assert rows[2].endswith("ein Horrorszenario; WN 1/4")  # an old note is replaced, not repeated
    assert rows[3].endswith("der Machthaber; WN 1/4")  # a missing note is appended
    assert rows[1] == "# section"


def test_sense_rules_are_applied_when_given(tmp_path: Path) -> None:
    lexicon = tmp_path / "house.tsv"
    lexicon.write_text(HEADER + "schachmatt\tword\tloaded\tfear\t1.2\tbiasscan-team\tproject\tx\n", encoding="utf-8")
    senses = tmp_path / "senses.tsv"
    senses.write_text("entry\tcategory\tunless\treason\texample\nschachmatt\tloaded\tPartie\tchess\tx\n", encoding="utf-8")
    paragraphs = ["Nach 30 Zügen war die Partie vorbei: schachmatt.", "Die Regierung ist schachmatt."]
    assert len(count_hits(load_lexicon([lexicon], defaults=False), paragraphs)["house.tsv:2"]) == 2
    assert len(count_hits(load_lexicon([lexicon], defaults=False, senses=senses), paragraphs)["house.tsv:2"]) == 1
