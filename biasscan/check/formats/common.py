"""Wording shared by the check formats, so a finding reads the same in a terminal, a PR and a report."""

from __future__ import annotations

from typing import IO, Any

from biasscan.check.verdicts import CheckSummary, Finding, Status, Verdict

MAX_CUES = 5


class StreamReport:
    """A check format that writes as it goes: nothing to do before the first or after the last document."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def begin(self, meta: dict[str, Any]) -> None:
        pass

    def end(self, summary: CheckSummary) -> None:
        pass


def finding_message(finding: Finding) -> str:
    """`loaded (0.72) Machthaber, Regime` plus the status when it does not count."""
    label = finding.category + (f"/{finding.subtype}" if finding.subtype else "")
    unique = list(dict.fromkeys(finding.cues))  # in text order
    cues = ", ".join(unique[:MAX_CUES]) + (", …" if len(unique) > MAX_CUES else "")
    text = f"{label} ({finding.score:.2f})" + (f" {cues}" if cues else "")
    if finding.status is Status.suppressed:
        text += f" [suppressed: {finding.reason}]"
    elif finding.status is Status.baselined:
        text += " [baselined]"
    return text


def verdict_message(verdict: Verdict) -> str:
    """`FAIL loaded:share 0.35 > 0.2; …` or `ok`, followed by the counts."""
    head = "FAIL " + "; ".join(b.describe() for b in verdict.breaches) if verdict.failed else "ok"
    counts = [f"{verdict.count(Status.new)} findings"]
    if verdict.count(Status.suppressed):
        counts.append(f"{verdict.count(Status.suppressed)} suppressed")
    if verdict.count(Status.baselined):
        counts.append(f"{verdict.count(Status.baselined)} baselined")
    if verdict.directives:
        counts.append(f"{verdict.directives} suppression comments")
    if verdict.unchanged_paragraphs:
        counts.append(f"{verdict.unchanged_paragraphs} unchanged paragraphs skipped")
    return f"{head} ({', '.join(counts)})"


def is_error(verdict: Verdict, finding: Finding) -> bool:
    """A new finding whose category broke a threshold is what makes the document fail."""
    return finding.status is Status.new and finding.category in verdict.breached_categories
