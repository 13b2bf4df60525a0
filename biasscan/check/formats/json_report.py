"""`--format json`: the whole check as one JSON document (verdicts, findings, breaches, profiles)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any

from biasscan.check.verdicts import CheckSummary, Verdict
from biasscan.render.records import SCHEMA_VERSION, article_record


def verdict_record(verdict: Verdict) -> dict[str, Any]:
    return {
        "path": verdict.path,
        "verdict": "fail" if verdict.failed else "ok",
        "breaches": [asdict(b) for b in verdict.breaches],
        "rules": [{"category": c, "metric": m, "limit": limit} for (c, m), limit in verdict.rules.items()],
        "findings": [{**asdict(f), "status": f.status.value, "cues": list(f.cues), "rule_id": f.rule_id}
                     for f in verdict.findings],
        "suppression_comments": verdict.directives,
        "paragraphs_checked": verdict.checked_paragraphs,
        "paragraphs_unchanged": verdict.unchanged_paragraphs,
        "profile": article_record(verdict.profile),
    }


class JsonReport:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.meta: dict[str, Any] = {}
        self.documents: list[dict[str, Any]] = []
        self.failures: list[dict[str, str]] = []

    def begin(self, meta: dict[str, Any]) -> None:
        self.meta = meta

    def document(self, verdict: Verdict) -> None:
        self.documents.append(verdict_record(verdict))

    def failure(self, source: str, message: str) -> None:
        self.failures.append({"source": source, "error": message})

    def end(self, summary: CheckSummary) -> None:
        payload = {"schema_version": SCHEMA_VERSION, "meta": self.meta, "documents": self.documents,
                   "failures": self.failures, "summary": summary.as_dict()}
        json.dump(payload, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
