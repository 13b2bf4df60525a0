"""HTML -> text blocks with their source lines, using only the standard library parser.

Block elements become paragraphs, so ads, teasers and page furniture survive as paragraphs of
their own and can be labelled. Script and style are dropped. Nothing is ever fetched: the
stdlib parser resolves no external entities and loads no resources.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from biasscan.reading import normalize

_BLOCK = frozenset(
    "address article aside blockquote body button caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody "
    "td tfoot th thead tr ul".split()
)
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_SPACE = re.compile(r"[ \t\u00a0]+")


class _BlockParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, int, int]] = []
        self._parts: list[str] = []
        self._has_text = False  # whether a part of the current block is more than white space
        self._line_start = 0
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        if not self._has_text:  # the block starts at its first text (not at joining all parts per call)
            self._line_start = self.getpos()[0]
            self._has_text = not data.isspace() and data != ""
        # Source line breaks inside a block are only layout; <br> is the one real break.
        self._parts.append(data.replace("\n", " "))

    def _flush(self) -> None:
        # The parser decodes character references (&shy;, &#x202e;) after the raw text was cleaned,
        # so the block is cleaned again: no soft hyphen or bidi override arrives by way of an entity.
        raw = normalize("".join(self._parts))
        self._parts = []
        self._has_text = False
        lines = [_SPACE.sub(" ", line).strip() for line in raw.split("\n")]
        text = "\n".join(line for line in lines if line)
        if text:
            line_end = max(self._line_start, self.getpos()[0])
            self.blocks.append((text, self._line_start, line_end))

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[tuple[str, int, int]]:
    """Return (text, line_start, line_end) per block element, in document order."""
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks
