"""The values a check produces: findings per paragraph, threshold breaches per document, verdicts.

A finding is one flagged category in one paragraph. It is never dropped: an inline suppression or
the baseline only changes its status, so every format can still list it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from biasscan.records import ArticleProfile


class Status(StrEnum):
    new = "new"  # counts towards the thresholds
    suppressed = "suppressed"  # an inline comment with a reason exempts it
    baselined = "baselined"  # accepted in the baseline file


@dataclass(slots=True, frozen=True)
class Finding:
    path: str  # the document as the user named it (posix, relative to the working directory when possible)
    category: str
    subtype: str | None  # commercial subtype (ad, self_promo, teaser, boilerplate)
    score: float
    line_start: int
    line_end: int
    cues: tuple[str, ...]  # unquoted cue texts of this category, in text order
    fingerprint: str  # survives line shifts: hash of category and normalised paragraph text
    status: Status = Status.new
    reason: str | None = None  # why it is suppressed

    @property
    def rule_id(self) -> str:
        """`biasscan/<category>` or, for commercial findings with a subtype, `biasscan/commercial/<subtype>`."""
        if self.category == "commercial" and self.subtype:
            return f"biasscan/commercial/{self.subtype}"
        return f"biasscan/{self.category}"


@dataclass(slots=True, frozen=True)
class Breach:
    """A document-level threshold that was exceeded: `value > limit`."""

    category: str
    metric: str
    limit: float
    value: float

    def describe(self) -> str:
        return f"{self.category}:{self.metric} {self.value:.3g} > {self.limit:.3g}"


@dataclass(slots=True)
class Verdict:
    """Everything the check concluded about one document."""

    path: str
    profile: ArticleProfile  # computed without suppressed, baselined and (with --changed-since) unchanged paragraphs
    findings: list[Finding]
    breaches: list[Breach]
    rules: dict[tuple[str, str], float]  # (category, metric) -> limit that applied to this document
    directives: int = 0  # suppression comment paragraphs, not scored as content
    checked_paragraphs: int = 0
    unchanged_paragraphs: int = 0  # skipped because --changed-since found no change in them

    @property
    def failed(self) -> bool:
        return bool(self.breaches)

    @property
    def breached_categories(self) -> set[str]:
        return {b.category for b in self.breaches}

    def count(self, status: Status) -> int:
        return sum(1 for f in self.findings if f.status is status)


@dataclass(slots=True)
class CheckSummary:
    documents: int = 0
    failed_documents: int = 0
    findings: int = 0
    suppressed: int = 0
    baselined: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, message) of unreadable inputs

    @property
    def unreadable(self) -> int:
        return len(self.failures)

    def add(self, verdict: Verdict) -> None:
        self.documents += 1
        self.failed_documents += int(verdict.failed)
        self.findings += verdict.count(Status.new)
        self.suppressed += verdict.count(Status.suppressed)
        self.baselined += verdict.count(Status.baselined)

    def as_dict(self) -> dict[str, int]:
        return {
            "documents_checked": self.documents,
            "documents_failed": self.failed_documents,
            "documents_unreadable": self.unreadable,
            "findings": self.findings,
            "suppressed": self.suppressed,
            "baselined": self.baselined,
        }
