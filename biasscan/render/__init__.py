"""Output formats, chosen by one `--format` switch. Each module renders one format.

A renderer receives the run's metadata once, then documents and failures as they are scored
(so corpus runs stream instead of collecting), then the closing summary.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any, Protocol

from biasscan.errors import UsageError
from biasscan.records import ArticleProfile


class Format(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    html = "html"  # one self-contained report page (render/html_report.py)
    parquet = "parquet"  # binary: written to the path given by -o, never to a text stream


class Level(str, Enum):
    paragraph = "paragraph"
    article = "article"


def shows_model_features(format: Format, level: Level) -> bool:
    """Whether an output may show the strongest model features (`top_features` in JSON and JSONL
    paragraph records): CSV and Parquet columns and article rows have no place for them, so a
    corpus export does not pay for naming them."""
    return level is Level.paragraph and format not in (Format.csv, Format.parquet)


@dataclass(slots=True)
class Summary:
    documents: int = 0
    paragraphs: int = 0
    failed: int = 0
    skipped: int = 0  # read fine but nothing to score (empty or white space only); not counted in `documents`

    def as_dict(self) -> dict[str, int]:
        return {"documents_scored": self.documents, "paragraphs_scored": self.paragraphs, "documents_failed": self.failed,
                "documents_skipped": self.skipped}


@dataclass(frozen=True, slots=True)
class RenderSpec:
    """How to rebuild a renderer whose output per document depends on that document alone (csv, jsonl).

    With `--jobs N` a worker process renders its documents itself from this spec and the parent only
    writes the text in input order, so rendering runs in parallel too (biasscan/parallel.py).
    """

    fmt: Format
    level: Level
    excel: bool = False


class CollectingRenderer:
    """Base for the formats that need the whole run before they can write (a table of all documents,
    one HTML page, a sorted comparison): keeps the metadata, the profiles and the failures."""

    def __init__(self) -> None:
        self.meta: dict[str, Any] = {}
        self.profiles: list[ArticleProfile] = []
        self.failures: list[tuple[str, str]] = []

    def begin(self, meta: dict[str, Any]) -> None:
        self.meta = meta

    def document(self, profile: ArticleProfile) -> None:
        self.profiles.append(profile)

    def failure(self, source: str, message: str) -> None:
        self.failures.append((source, message))


class Renderer(Protocol):
    def begin(self, meta: dict[str, Any]) -> None: ...
    def document(self, profile: ArticleProfile) -> None: ...
    def failure(self, source: str, message: str) -> None: ...
    def end(self, summary: Summary) -> None: ...


def make_renderer(fmt: Format, level: Level, out: IO[str], *, color: bool | None = None, excel: bool = False,
                  output: Path | None = None) -> Renderer:
    if fmt is Format.parquet:
        if output is None:
            raise UsageError("--format parquet writes a binary file: give it one with -o FILE.parquet")
        from biasscan.render.parquet import ParquetRenderer

        return ParquetRenderer(output, level)
    if fmt is Format.table:
        from biasscan.render.table import TableRenderer

        return TableRenderer(out, color=color)
    if fmt is Format.html:
        from biasscan.render.html_report import HtmlReportRenderer

        return HtmlReportRenderer(out)
    if fmt is Format.json:
        from biasscan.render.json_doc import JsonRenderer

        return JsonRenderer(out)
    if fmt is Format.jsonl:
        from biasscan.render.jsonl import JsonlRenderer

        return JsonlRenderer(out, level)
    from biasscan.render.csv_rows import CsvRenderer

    return CsvRenderer(out, level, excel=excel)
