"""`--format json`: one JSON document with metadata, every article with its paragraphs, failures, summary."""

from __future__ import annotations

import json
from typing import IO, Any

from biasscan.records import ArticleProfile
from biasscan.render import Summary
from biasscan.render.records import SCHEMA_VERSION, article_record


class JsonRenderer:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.meta: dict[str, Any] = {}
        self.documents: list[dict[str, Any]] = []
        self.failures: list[dict[str, str]] = []

    def begin(self, meta: dict[str, Any]) -> None:
        self.meta = meta

    def document(self, profile: ArticleProfile) -> None:
        self.documents.append(article_record(profile, with_paragraphs=True))

    def failure(self, source: str, message: str) -> None:
        self.failures.append({"source": source, "error": message})

    def end(self, summary: Summary) -> None:
        payload = {
            "schema_version": SCHEMA_VERSION,
            "meta": self.meta,
            "documents": self.documents,
            "failures": self.failures,
            "summary": summary.as_dict(),
        }
        json.dump(payload, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
