"""Inline suppressions in drafts, always with a reason:

    <!-- biasscan: ignore hedging -- quoting the ministry -->          the NEXT paragraph
    <!-- biasscan: ignore-start loaded, editorializing -- satire -->   every paragraph until
    <!-- biasscan: ignore-end -->                                      the matching end

Categories are separated by commas or spaces; `all` names all four. A comment line counts on its
own even without a blank line around it: the text after it is the next paragraph. Comment lines
are taken out before scoring (they are not content) and counted in the verdict. A directive
without a reason, with an unknown category, an `ignore` with no paragraph after it or an
unclosed block is a usage error naming file:line, so a typo can never silently hide a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from biasscan.categories import CATEGORIES
from biasscan.errors import UsageError
from biasscan.records import Document
from biasscan.splitting import split_paragraphs

# Both ignore the case of `biasscan`, so `<!-- BIASSCAN: ... -->` is parsed (its verb then must be
# lower case) instead of being reported as not standing alone.
_DIRECTIVE = re.compile(r"^\s*<!--\s*(?i:biasscan)\s*:(?P<body>.*?)-->\s*$")
_MENTION = re.compile(r"^\s*<!--\s*biasscan\s*:", re.IGNORECASE)
_VERBS = ("ignore-start", "ignore-end", "ignore")


@dataclass(slots=True)
class SuppressedDocument:
    """The document without its comment lines, and per content paragraph what is suppressed why."""

    document: Document
    suppressions: list[dict[str, str]] = field(default_factory=list)  # index = content paragraph index
    directives: int = 0


@dataclass(slots=True, frozen=True)
class _Directive:
    verb: str
    categories: tuple[str, ...]
    reason: str
    line: int


class _Builder:
    """Collects content blocks and which suppressions are active for each, line by line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.blocks: list[tuple[str, int, int]] = []
        self.suppressions: list[dict[str, str]] = []
        self.directives = 0
        self.pending: _Directive | None = None  # an `ignore` waiting for its paragraph
        self.open_block: _Directive | None = None  # an `ignore-start` waiting for its `ignore-end`
        self.lines: list[tuple[str, int]] = []  # content lines of the paragraph being built

    def content(self, line: str, number: int) -> None:
        self.lines.append((line, number))

    def end_paragraph(self) -> None:
        if not self.lines:
            return
        self.blocks.append(("\n".join(text for text, _ in self.lines), self.lines[0][1], self.lines[-1][1]))
        active: dict[str, str] = {}
        for directive in (self.open_block, self.pending):
            if directive is not None:
                active.update(dict.fromkeys(directive.categories, directive.reason))
        self.suppressions.append(active)
        self.pending = None
        self.lines = []

    def directive(self, directive: _Directive) -> None:
        self.end_paragraph()
        self.directives += 1
        where = f"{self.source}:{directive.line}"
        if directive.verb == "ignore":
            if self.pending is not None:
                raise UsageError(f"{self.source}:{self.pending.line}: 'ignore' is followed by another ignore, not a paragraph")
            self.pending = directive
        elif directive.verb == "ignore-start":
            if self.open_block is not None:
                raise UsageError(f"{where}: ignore-start inside the block opened at line {self.open_block.line}")
            self.open_block = directive
        else:
            if self.open_block is None:
                raise UsageError(f"{where}: ignore-end without an ignore-start")
            self.open_block = None

    def finish(self) -> None:
        if self.pending is not None:
            raise UsageError(f"{self.source}:{self.pending.line}: 'ignore' applies to no paragraph (nothing follows it)")
        if self.open_block is not None:
            raise UsageError(f"{self.source}:{self.open_block.line}: ignore-start is never closed by <!-- biasscan: ignore-end -->")


def apply_suppressions(doc: Document) -> SuppressedDocument:
    """Split `doc` into content paragraphs and the suppressions that govern each of them."""
    builder = _Builder(doc.source)
    for paragraph in split_paragraphs(doc):
        for offset, line in enumerate(paragraph.text.split("\n")):
            number = paragraph.line_start + offset
            directive = _parse(line, number, doc.source)
            if directive is None:
                builder.content(line, number)
            else:
                builder.directive(directive)
        builder.end_paragraph()
    builder.finish()
    if not builder.directives:
        return SuppressedDocument(doc, [{} for _ in builder.blocks], 0)
    blocks = builder.blocks
    content_doc = Document(doc.doc_id, "\n\n".join(b[0] for b in blocks), doc.source, doc.encoding,
                           tuple(blocks), doc.warnings)
    return SuppressedDocument(content_doc, builder.suppressions, builder.directives)


def _parse(line: str, number: int, source: str) -> _Directive | None:
    """One line -> a directive, None for ordinary text; a malformed `biasscan:` comment is an error."""
    if not _MENTION.match(line):
        return None
    match = _DIRECTIVE.match(line)
    where = f"{source}:{number}"
    if match is None:
        raise UsageError(f"{where}: a biasscan comment must stand alone on its line and end with -->")
    body = match.group("body").strip()
    verb = next((v for v in _VERBS if body == v or body.startswith(v + " ")), None)
    if verb is None:
        raise UsageError(f"{where}: unknown biasscan directive {body.split(' ')[0]!r} (ignore, ignore-start, ignore-end)")
    rest = body[len(verb):].strip()
    if verb == "ignore-end":
        if rest:
            raise UsageError(f"{where}: ignore-end takes nothing after it")
        return _Directive(verb, (), "", number)
    names, sep, reason = rest.partition("--")
    reason = reason.strip()
    if not sep or not reason:
        raise UsageError(f"{where}: suppression needs a reason: <!-- biasscan: {verb} CATEGORY -- why -->")
    categories = tuple(c for c in re.split(r"[,\s]+", names.strip()) if c)
    if not categories:
        raise UsageError(f"{where}: {verb} names no category (one of {', '.join(CATEGORIES)} or all)")
    if "all" in categories:
        categories = CATEGORIES
    for category in categories:
        if category not in CATEGORIES:
            raise UsageError(f"{where}: unknown category {category!r} (one of {', '.join(CATEGORIES)} or all)")
    return _Directive(verb, categories, reason, number)
