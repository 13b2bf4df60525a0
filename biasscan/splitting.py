"""Document text -> paragraphs with 1-based source lines and character offsets.

A paragraph is a block separated by blank lines; a document without any blank line (a common
export of web pages, e.g. seed 000) is split per line instead, because there every line is a block.
"""

from __future__ import annotations

import re

from biasscan.records import Document, Paragraph

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def split_paragraphs(doc: Document) -> list[Paragraph]:
    if doc.blocks is not None:
        return _from_blocks(doc.blocks)
    text = doc.text
    if _BLANK_LINE.search(text):
        spans = _block_spans(text)
    else:
        spans = _line_spans(text)
    paragraphs: list[Paragraph] = []
    line = 1
    pos = 0
    for start, end in spans:
        line += text.count("\n", pos, start)
        line_end = line + text.count("\n", start, end)
        paragraphs.append(Paragraph(len(paragraphs), text[start:end], line, line_end, start, end))
        line, pos = line_end, end
    return paragraphs


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
    """The span without surrounding white space; none if it is blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []


def _from_blocks(blocks: tuple[tuple[str, int, int], ...]) -> list[Paragraph]:
    """HTML blocks keep their source lines; offsets index the blocks joined by blank lines."""
    paragraphs = []
    pos = 0
    for text, line_start, line_end in blocks:
        paragraphs.append(Paragraph(len(paragraphs), text, line_start, line_end, pos, pos + len(text)))
        pos += len(text) + 2
    return paragraphs
