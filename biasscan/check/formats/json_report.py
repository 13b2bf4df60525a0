"""`--format json`: the whole check as one JSON document (verdicts, findings, breaches, profiles)."""

from __future__ import annotations

from dataclasses import asdict
from typing import IO, Any

from biasscan.check.verdicts import Verdict
from biasscan.render.json_doc import JsonRenderer
from biasscan.render.records import article_record


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


class JsonReport(JsonRenderer):
    """The check's JSON document: the layout of `score --format json`, one verdict record per document."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__(out, record=verdict_record)
