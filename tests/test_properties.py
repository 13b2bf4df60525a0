"""Property-based tests: on arbitrary text, no stage raises, every offset points at the text it
claims, and paragraphs cover the document in order. Examples are kept few so the file runs in seconds."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biasscan.pipeline import Analyzer
from biasscan.reading import decode, normalize
from biasscan.records import Document
from biasscan.splitting import split_paragraphs
from biasscan.tokens import tokenize

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# German-ish text: words (some of them lexicon cues and rule triggers), punctuation, quote marks,
# numbers, blank lines and odd characters, so the generated texts reach the interesting branches.
WORDS = st.sampled_from(
    "Die der Regierung Machthaber brisant soll sollen haben worden angeblich Experten befürchten wir "
    "unsere muss Sichern Sie sich nur noch heute bis 23:59 Uhr 5 € Schock-Studie z. B. 11.000 3,5 "
    "sogenannte nicht kaum Mehr Lesen auch".split()
)
PIECES = st.one_of(
    WORDS,
    st.sampled_from([" ", "  ", "\n", "\n\n", "\n \n", "\t", ". ", "? ", "! ", "„", "“", "”", '"', "»", "«", "‚", "‘",
                     "’", "-", "…", "\u00ad", "\u202e", "\r\n", "😀", "ß", "Ä"]),
    st.text(max_size=8),
)
GERMANISH = st.lists(PIECES, max_size=80).map("".join)
ANY_TEXT = st.one_of(GERMANISH, st.text(max_size=300))


@FAST
@given(st.binary(max_size=400))
def test_decoding_arbitrary_bytes_gives_clean_text_or_a_one_line_error(data: bytes) -> None:
    from biasscan.errors import InputError

    try:
        text, encoding = decode(data, "probe.txt")
    except InputError as exc:
        assert exc.message.startswith("probe.txt: ") and "\n" not in exc.message
        return
    assert "\r" not in text and "\x00" not in text and "\u00ad" not in text
    assert normalize(text) == text  # normalising twice changes nothing


@FAST
@given(ANY_TEXT)
def test_paragraphs_cover_the_text_in_order(text: str) -> None:
    assert_paragraphs_cover(normalize(text))


@FAST
@given(ANY_TEXT)
def test_over_long_paragraphs_cut_into_chunks_still_cover_the_text(text: str) -> None:
    """The chunking of giant paragraphs, exercised on small texts by shrinking the limit."""
    import biasscan.splitting as splitting

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(splitting, "MAX_PARAGRAPH_CHARS", 30)
        patch.setattr(splitting, "_MIN_CHUNK_CHARS", 8)
        paragraphs = assert_paragraphs_cover(normalize(text))
    assert all(len(p.text) <= 30 for p in paragraphs)


def assert_paragraphs_cover(text: str) -> list:
    paragraphs = split_paragraphs(Document("d", text, "d"))
    covered = bytearray(len(text))
    previous_end = 0
    for number, p in enumerate(paragraphs):
        assert p.index == number
        assert previous_end <= p.char_start < p.char_end  # non-empty, non-overlapping, increasing
        assert text[p.char_start : p.char_end] == p.text
        assert p.text == p.text.strip()
        assert 1 <= p.line_start <= p.line_end
        assert p.line_start == text.count("\n", 0, p.char_start) + 1
        covered[p.char_start : p.char_end] = b"\x01" * (p.char_end - p.char_start)
        previous_end = p.char_end
    uncovered = [ch for ch, hit in zip(text, covered, strict=True) if not hit]
    assert all(ch.isspace() for ch in uncovered)
    return paragraphs


@FAST
@given(ANY_TEXT)
def test_token_offsets_point_into_the_text(text: str) -> None:
    tokenized = tokenize(text)
    previous = 0
    for token in tokenized.tokens:
        assert text[token.start : token.end] == token.text
        assert token.lower == token.text.lower()
        assert previous <= token.start < token.end
        previous = token.end
    sentences = {t.sentence for t in tokenized.tokens}
    assert all(0 <= s < max(len(tokenized.sentence_ends), 1) for s in sentences)
    for quote in tokenized.quotes:
        assert 0 <= quote.start < quote.end <= len(text)


@FAST
@given(ANY_TEXT)
def test_scoring_never_raises_and_cues_point_at_their_text(analyzer_lexicon: Analyzer, text: str) -> None:
    text = normalize(text)
    profile = analyzer_lexicon.analyze(Document("d", text, "d"))
    assert profile.n_paragraphs == len(split_paragraphs(Document("d", text, "d")))
    for scored in profile.paragraphs:
        para = scored.paragraph.text
        assert all(0.0 <= v <= 1.0 for v in scored.scores.values())
        for cue in scored.cues:
            assert 0 <= cue.start < cue.end <= len(para)
            assert para[cue.start : cue.end] == cue.text


@settings(max_examples=15, deadline=None)
@given(st.lists(GERMANISH, min_size=1, max_size=4))
def test_html_input_never_raises_and_offsets_index_the_joined_text(blocks: list[str]) -> None:
    from html import escape

    from biasscan.inputs import make_document

    html = "<html><body>" + "".join(f"<p>{escape(b)}</p>" for b in blocks) + "</body></html>"
    doc = make_document("d", normalize(html), "d", html=True)
    for p in split_paragraphs(doc):
        assert doc.text[p.char_start : p.char_end] == p.text
