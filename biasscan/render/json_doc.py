"""`--format json`: one JSON document with metadata, every article with its paragraphs, failures, summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from biasscan.records import ArticleProfile
from biasscan.render import Summary
from biasscan.render.records import SCHEMA_VERSION, article_record

if TYPE_CHECKING:
    from biasscan.check.verdicts import CheckSummary


def _article_with_paragraphs(profile: ArticleProfile) -> dict[str, Any]:
    return article_record(profile, with_paragraphs=True)


class JsonRenderer:
    """Collects one record per document and writes them as one JSON document at the end.

    `record` turns what the run yields into its record: an article with its paragraphs here, a
    check verdict in `biasscan check --format json`, which shares the document's layout.
    """

    def __init__(self, out: IO[str], record: Callable[[Any], dict[str, Any]] = _article_with_paragraphs) -> None:
        self.out = out
        self.record = record
        self.meta: dict[str, Any] = {}
        self.documents: list[dict[str, Any]] = []
        self.failures: list[dict[str, str]] = []

    def begin(self, meta: dict[str, Any]) -> None:
        self.meta = meta

    def document(self, item: Any) -> None:
        self.documents.append(self.record(item))

    def failure(self, source: str, message: str) -> None:
        self.failures.append({"source": source, "error": message})

    def end(self, summary: Summary | CheckSummary) -> None:
        payload = {
            "schema_version": SCHEMA_VERSION,
            "meta": self.meta,
            "documents": self.documents,
            "failures": self.failures,
            "summary": summary.as_dict(),
        }
        json.dump(payload, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
