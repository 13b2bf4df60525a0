"""Decoding and paragraph splitting as a user meets them: files in odd encodings end up as clean NFC
paragraphs whose line numbers point at the right lines of the original file."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from biasscan.inputs import Failure, iter_documents
from biasscan.records import Document, Paragraph
from biasscan.splitting import split_paragraphs

GERMAN = "Die Bürgermeisterin äußerte Ärger über „höhere“ Gebühren – 5 € mehr pro Öltank."


def read_one(path: Path) -> Document:
    items = list(iter_documents([str(path)]))
    assert len(items) == 1
    item = items[0]
    assert not isinstance(item, Failure), item
    return item


def paragraphs_of(path: Path) -> list[Paragraph]:
    return split_paragraphs(read_one(path))


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_cp1252_draft_is_decoded_with_umlauts_quotes_and_euro(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "entwurf.txt", GERMAN.encode("cp1252")))
    assert doc.text == GERMAN
    assert doc.encoding == "cp1252"


def test_latin1_text_is_decoded_too(tmp_path: Path) -> None:
    text = "Größere Übel für Bürger in Köln und Düsseldorf."
    assert read_one(write(tmp_path, "alt.txt", text.encode("latin-1"))).text == text


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + GERMAN.encode("utf-8")))
    assert doc.text == GERMAN
    assert not doc.text.startswith("\ufeff")


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "word.txt", GERMAN.encode("utf-16")))
    assert doc.text == GERMAN


def test_nfd_umlauts_become_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", GERMAN)
    assert decomposed != GERMAN
    doc = read_one(write(tmp_path, "mac.txt", decomposed.encode("utf-8")))
    assert doc.text == GERMAN
    assert unicodedata.is_normalized("NFC", doc.text)


def test_soft_hyphens_are_removed_so_words_stay_whole(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "soft.txt", "Der Macht\u00adhaber und die Ab\u00adge\u00adord\u00adneten.".encode()))
    assert doc.text == "Der Machthaber und die Abgeordneten."


def test_control_characters_are_dropped(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "ctl.txt", b"Erster\x07 Satz.\x0b"))
    assert doc.text == "Erster Satz."


def test_crlf_line_numbers_count_original_lines(tmp_path: Path) -> None:
    data = b"Titel der Meldung\r\nzweite Zeile\r\n\r\nZweiter Absatz.\r\n\r\n\r\nDritter Absatz\r\nmit zwei Zeilen.\r\n"
    paragraphs = paragraphs_of(write(tmp_path, "crlf.txt", data))
    assert [(p.text, p.line_start, p.line_end) for p in paragraphs] == [
        ("Titel der Meldung\nzweite Zeile", 1, 2),
        ("Zweiter Absatz.", 4, 4),
        ("Dritter Absatz\nmit zwei Zeilen.", 7, 8),
    ]


def test_old_mac_line_ends_are_line_breaks(tmp_path: Path) -> None:
    paragraphs = paragraphs_of(write(tmp_path, "cr.txt", b"Eins.\r\rZwei."))
    assert [(p.text, p.line_start) for p in paragraphs] == [("Eins.", 1), ("Zwei.", 3)]


def test_document_without_blank_lines_is_split_per_line(tmp_path: Path) -> None:
    data = "Überschrift\nErster Absatz.\nKein Leerzeichen hier".encode()
    paragraphs = paragraphs_of(write(tmp_path, "web.txt", data))
    assert [(p.text, p.line_start) for p in paragraphs] == [
        ("Überschrift", 1), ("Erster Absatz.", 2), ("Kein Leerzeichen hier", 3),
    ]


def test_char_offsets_index_the_decoded_text(tmp_path: Path) -> None:
    doc = read_one(write(tmp_path, "off.txt", b"  Erster.\n\n\tZweiter Absatz.  \n"))
    for paragraph in split_paragraphs(doc):
        assert doc.text[paragraph.char_start : paragraph.char_end] == paragraph.text


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"), (b"PK\x03\x04rest", "zip"), (b"abc\x00def", "NUL")],
)
def test_binary_files_fail_with_a_reason_naming_the_file(tmp_path: Path, data: bytes, what: str) -> None:
    path = write(tmp_path, "kaputt.txt", data)
    (item,) = list(iter_documents([str(path)]))
    assert isinstance(item, Failure)
    assert str(path) in item.message and what in item.message
    assert "\n" not in item.message


HTML_PAGE = """<!DOCTYPE html>
<html>
<head>
<title>Seitentitel</title>
<style>p { color: red; } .Machthaber { }</style>
<script>var geheim = "Horrorszenario";</script>
</head>
<body>
<p>Der Stadtrat beschloss am Montag den Haushalt &amp; die Gebühren für M&uuml;ll.</p>
<div class="anzeige">Sichern Sie sich jetzt Ihr Gold-Paket &ndash; nur heute!</div>
<p>+++ Skandal im Rathaus schockt alle +++</p>
<p>Ein Absatz, der im Quelltext
über zwei Zeilen geht.</p>
<noscript>Bitte JavaScript aktivieren</noscript>
<footer>Diesen Artikel teilen</footer>
</body>
</html>
"""


@pytest.fixture
def html_paragraphs(tmp_path: Path) -> list[Paragraph]:
    return paragraphs_of(write(tmp_path, "seite.html", HTML_PAGE.encode("utf-8")))


def test_html_ads_teasers_and_furniture_survive_as_paragraphs(html_paragraphs: list[Paragraph]) -> None:
    texts = [p.text for p in html_paragraphs]
    assert "Sichern Sie sich jetzt Ihr Gold-Paket – nur heute!" in texts
    assert "+++ Skandal im Rathaus schockt alle +++" in texts
    assert "Diesen Artikel teilen" in texts


def test_html_script_style_and_noscript_are_dropped(html_paragraphs: list[Paragraph]) -> None:
    joined = "\n".join(p.text for p in html_paragraphs)
    assert "geheim" not in joined and "color" not in joined and "JavaScript" not in joined


def test_html_entities_are_decoded(html_paragraphs: list[Paragraph]) -> None:
    assert "Der Stadtrat beschloss am Montag den Haushalt & die Gebühren für Müll." in [p.text for p in html_paragraphs]


def test_html_paragraphs_carry_their_source_lines(html_paragraphs: list[Paragraph]) -> None:
    source_lines = HTML_PAGE.split("\n")
    by_text = {p.text: p for p in html_paragraphs}
    ad = by_text["Sichern Sie sich jetzt Ihr Gold-Paket – nur heute!"]
    assert ad.line_start == ad.line_end
    assert "Sichern Sie sich" in source_lines[ad.line_start - 1]
    wrapped = by_text["Ein Absatz, der im Quelltext über zwei Zeilen geht."]
    assert "Ein Absatz" in source_lines[wrapped.line_start - 1]
    assert "über zwei Zeilen" in source_lines[wrapped.line_end - 1]


def test_html_without_suffix_is_recognised(tmp_path: Path) -> None:
    paragraphs = paragraphs_of(write(tmp_path, "export.txt", HTML_PAGE.encode()))
    assert "+++ Skandal im Rathaus schockt alle +++" in [p.text for p in paragraphs]
    assert all("<p>" not in p.text for p in paragraphs)


def test_cp1252_html_is_decoded(tmp_path: Path) -> None:
    page = "<html><body><p>Bürger ärgern sich über „Gebühren“.</p></body></html>"
    paragraphs = paragraphs_of(write(tmp_path, "alt.html", page.encode("cp1252")))
    assert [p.text for p in paragraphs] == ["Bürger ärgern sich über „Gebühren“."]
