"""Sense rules (lexicons/senses.tsv): a row's word in its plain sense is not a cue.

Each shipped rule carries an example of the plain sense. The row must fire on that example without
the rule (otherwise the rule guards nothing) and must not fire with it; the figurative use in a
sentence without the context words must still fire.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from biasscan.errors import LexiconError
from biasscan.lexicon import HEADER, default_senses_path, load_lexicon
from biasscan.matching import Matcher
from biasscan.senses import SENSE_HEADER

SHIPPED = load_lexicon()
WITH_SENSES = Matcher(SHIPPED)
WITHOUT_SENSES = Matcher(replace(SHIPPED, senses=()))


def _hits(matcher: Matcher, text: str, entry: str, category: str) -> list[str]:
    return [c.text for c in matcher.match(text) if c.entry == entry and c.category == category]


def test_the_shipped_senses_file_loads_with_the_lexicons() -> None:
    assert default_senses_path().exists()
    assert len(SHIPPED.senses) >= 5
    # tools that review rows on their own (defaults=False) load no senses unless asked
    assert load_lexicon([Path(SHIPPED.files[0])], defaults=False).senses == ()


@pytest.mark.parametrize("sense", SHIPPED.senses, ids=lambda s: f"{s.entry}-{s.category}")
def test_every_sense_rule_drops_its_row_on_its_own_example(sense) -> None:
    assert _hits(WITHOUT_SENSES, sense.example, sense.entry, sense.category), f"{sense.origin}: the row does not fire on the example"
    assert not _hits(WITH_SENSES, sense.example, sense.entry, sense.category), f"{sense.origin}: the rule does not drop it"


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Mit dem Veto ist die Regierung schachmatt.", "schachmatt"),
        ("Das Drama um die Koalition geht in die nächste Runde.", "Drama"),
        ("Die Mieten gehen durch die Decke.", "durch die Decke"),
        ("Die Börse steht unter Schock.", "Schock"),
        ("Der Kahlschlag bei den Stellen trifft vor allem junge Lehrkräfte.", "Kahlschlag"),
        # the context word is in another sentence: the figurative use here still counts
        ("Die Feuerwehr rückte aus. Politisch droht ein Flächenbrand.", "Flächenbrand"),
    ],
)
def test_figurative_use_still_fires(text: str, entry: str) -> None:
    assert _hits(WITH_SENSES, text, entry, "loaded")


def test_the_cues_own_words_are_not_its_context(tmp_path: Path) -> None:
    lexicon = tmp_path / "haus.tsv"
    lexicon.write_text("\t".join(HEADER) + "\nSchach*\tword\tloaded\tfear\t1\tx\tproject\tx\n", encoding="utf-8")
    senses = tmp_path / "senses.tsv"
    senses.write_text("\t".join(SENSE_HEADER) + "\nSchach*\tloaded\tSchach*\tchess\tx\n", encoding="utf-8")
    matcher = Matcher(load_lexicon([lexicon], defaults=False, senses=senses))
    assert [c.text for c in matcher.match("Ein Schachzug.")] == ["Schachzug"]
    assert matcher.match("Ein Schachzug im Schachturnier.") == []


def test_changing_the_senses_changes_the_lexicon_hash(tmp_path: Path) -> None:
    senses = tmp_path / "senses.tsv"
    senses.write_text(default_senses_path().read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert load_lexicon(senses=senses).sha256 != SHIPPED.sha256
    assert load_lexicon(senses=senses).senses == SHIPPED.senses


HEADER_LINE = "\t".join(SENSE_HEADER)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("entry\tcategory\tunless", 1, "header must be"),
        (f"{HEADER_LINE}\nschachmatt\tloaded\tSchach\tchess", 2, "expected 5"),
        (f"{HEADER_LINE}\nschachmatt\tbias\tSchach\tchess\tx", 2, "unknown category"),
        (f"{HEADER_LINE}\nSchachbrett\tloaded\tSchach\tchess\tx", 2, "no loaded lexicon row"),
        (f"{HEADER_LINE}\nschachmatt\thedging\tSchach\tchess\tx", 2, "no hedging lexicon row"),
        (f"{HEADER_LINE}\nschachmatt\tloaded\t \tchess\tx", 2, "at least one context word"),
        (f"{HEADER_LINE}\nschachmatt\tloaded\tSch*\tchess\tx", 2, "stem of 4+ letters"),
        (f"{HEADER_LINE}\nschachmatt\tloaded\tSch**\tchess\tx", 2, "stem of 4+ letters"),
        (f"{HEADER_LINE}\nschachmatt\tloaded\tSchach\t\tx", 2, "a reason and an example"),
    ],
    ids=["header", "columns", "category", "unknown-row", "wrong-category", "no-context", "short-stem", "short-stem-two-stars",
         "no-reason"],
)
def test_invalid_sense_rules_are_reported_with_file_and_line(tmp_path: Path, body: str, line: int, message: str) -> None:
    senses = tmp_path / "senses.tsv"
    senses.write_text(body + "\n", encoding="utf-8")
    with pytest.raises(LexiconError) as caught:
        load_lexicon(senses=senses)
    text = caught.value.message
    assert text.startswith(f"senses.tsv:{line}:"), text
    assert message in text and "\n" not in text
