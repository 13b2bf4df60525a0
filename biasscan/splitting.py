"""Document text -> paragraphs with 1-based source lines and character offsets.

A paragraph is a block separated by blank lines; a document without any blank line (a common
export of web pages, e.g. seed 000) is split per line instead, because there every line is a block.

A paragraph longer than MAX_PARAGRAPH_CHARS (a scraped page on one line, a 50 MB dump) is scored in
consecutive chunks cut at sentence ends (else at white space, else hard), so memory per paragraph
and the cost of every later stage stay bounded. Chunks are ordinary paragraphs with exact offsets
and the source line(s) of the original block; `over_long_warning` tells the user it happened.
"""

from __future__ import annotations

import re

from biasscan.records import Document, Paragraph

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_NON_SPACE = re.compile(r"\S")
# White space after a sentence end (and up to three closing quotes or brackets): the preferred cut.
# Written with a look-behind so a run of dots or quotes cannot make the search quadratic.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"“”»«‘’)\]]{0,3}\s+")
_SPACE_RUN = re.compile(r"\s+")
MAX_PARAGRAPH_CHARS = 20_000  # about 3,000 words; real paragraphs are far shorter
_MIN_CHUNK_CHARS = MAX_PARAGRAPH_CHARS // 4  # a cut earlier than this would make needlessly small chunks


def split_paragraphs(doc: Document) -> list[Paragraph]:
    if doc.blocks is not None:
        return _from_blocks(doc.blocks)
    text = doc.text
    paragraphs: list[Paragraph] = []
    line = 1
    pos = 0
    for start, end in _chunked(text, _source_spans(text)):
        line += text.count("\n", pos, start)
        line_end = line + text.count("\n", start, end)
        paragraphs.append(Paragraph(len(paragraphs), text[start:end], line, line_end, start, end))
        line, pos = line_end, end
    return paragraphs


def over_long_warning(doc: Document) -> str | None:
    """A one-line note when some paragraph was scored in chunks; None for ordinary documents."""
    if len(doc.text) <= MAX_PARAGRAPH_CHARS:
        return None
    if doc.blocks is not None:
        lengths = [len(block[0]) for block in doc.blocks]
    else:
        lengths = [end - start for start, end in _source_spans(doc.text)]
    over = [n for n in lengths if n > MAX_PARAGRAPH_CHARS]
    if not over:
        return None
    return (
        f"{len(over)} paragraph(s) longer than {MAX_PARAGRAPH_CHARS:,} characters (longest {max(over):,}) "
        "scored in chunks cut at sentence ends; each chunk is one paragraph record"
    )


def _source_spans(text: str) -> list[tuple[int, int]]:
    """Paragraph spans as written: blocks between blank lines, or lines when there is no blank line."""
    return _block_spans(text) if _BLANK_LINE.search(text) else _line_spans(text)


def _chunked(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans with every over-long one cut into trimmed chunks of at most MAX_PARAGRAPH_CHARS."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if end - start <= MAX_PARAGRAPH_CHARS:
            out.append((start, end))
            continue
        while start < end:
            cut = end if end - start <= MAX_PARAGRAPH_CHARS else _cut(text, start, start + MAX_PARAGRAPH_CHARS)
            out.extend(_trimmed(text, start, cut))
            start = cut
    return out


def _cut(text: str, start: int, limit: int) -> int:
    """Where a chunk starting at `start` ends: after the last sentence end before `limit`, else
    after the last white space, else at `limit` itself (one giant word)."""
    floor = start + _MIN_CHUNK_CHARS
    for pattern in (_SENTENCE_BREAK, _SPACE_RUN):
        last = None
        for last in pattern.finditer(text, floor, limit):  # noqa: B007 - only the last one is wanted
            pass
        if last is not None:
            return last.end()
    return limit


def _block_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for sep in _BLANK_LINE.finditer(text):
        spans.extend(_trimmed(text, pos, sep.start()))
        pos = sep.end()
    spans.extend(_trimmed(text, pos, len(text)))
    return spans


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.split("\n"):
        spans.extend(_trimmed(text, pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span without surrounding white space; none if it is blank (linear even for huge spans)."""
    first = _NON_SPACE.search(text, start, end)
    if first is None:
        return []
    start = first.start()
    while text[end - 1].isspace():  # a non-space exists at `start`, so this stops there at the latest
        end -= 1
    return [(start, end)]


def _from_blocks(blocks: tuple[tuple[str, int, int], ...]) -> list[Paragraph]:
    """HTML blocks keep their source lines; offsets index the blocks joined by blank lines."""
    paragraphs: list[Paragraph] = []
    pos = 0
    for text, line_start, line_end in blocks:
        for start, end in _chunked(text, [(0, len(text))]):
            paragraphs.append(Paragraph(len(paragraphs), text[start:end], line_start, line_end, pos + start, pos + end))
        pos += len(text) + 2
    return paragraphs
