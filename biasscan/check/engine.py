"""One document -> one verdict, and a run over many inputs into a check renderer.

Order for each document: take out suppression comments, score the content paragraphs (the
pipeline), keep only changed paragraphs (--changed-since), turn flags into findings, mark
suppressed and baselined ones, then build the profile from what still counts and compare it
with the thresholds that apply to this path.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, Protocol

from biasscan.categories import CATEGORIES
from biasscan.check.baseline import Baseline, fingerprint
from biasscan.check.changes import changed_lines
from biasscan.check.config import CheckConfig
from biasscan.check.suppressions import apply_suppressions
from biasscan.check.thresholds import breaches, with_defaults
from biasscan.check.verdicts import CheckSummary, Finding, Status, Verdict
from biasscan.inputs import Failure, InputOptions, iter_documents
from biasscan.pipeline import Analyzer
from biasscan.profile import build_profile
from biasscan.records import Document, ParagraphScore


class CheckRenderer(Protocol):
    def begin(self, meta: dict[str, Any]) -> None: ...
    def document(self, verdict: Verdict) -> None: ...
    def failure(self, source: str, message: str) -> None: ...
    def end(self, summary: CheckSummary) -> None: ...


@dataclass(slots=True)
class CheckOptions:
    config: CheckConfig
    cli_rules: Mapping[tuple[str, str], float]
    baseline: Baseline | None = None
    changed_since: str | None = None


def display_path(source: str) -> str:
    """Paths relative to the working directory and in posix form, so baselines and CI annotations match."""
    if source == "-" or not os.path.exists(source):
        return source.replace(os.sep, "/")
    absolute = os.path.abspath(source)
    relative = os.path.relpath(absolute)
    return Path(absolute if relative.startswith("..") else relative).as_posix()


class Checker:
    def __init__(self, analyzer: Analyzer, options: CheckOptions) -> None:
        self.analyzer = analyzer
        self.options = options

    def check(self, doc: Document) -> Verdict:
        path = display_path(doc.source)
        suppressed = apply_suppressions(doc)
        scores = self.analyzer.score_document(suppressed.document)
        pairs = list(zip(scores, suppressed.suppressions, strict=True))
        unchanged = 0
        if self.options.changed_since and doc.source != "-" and os.path.isfile(doc.source):
            lines = changed_lines(Path(doc.source), self.options.changed_since)
            if lines is not None:
                kept = [(s, r) for s, r in pairs if lines.intersection(range(s.paragraph.line_start, s.paragraph.line_end + 1))]
                unchanged = len(pairs) - len(kept)
                pairs = kept
        findings: list[Finding] = []
        counted: list[ParagraphScore] = []
        for score, reasons in pairs:
            exempt: dict[str, str] = {}
            for category in CATEGORIES:
                if not score.flags[category]:
                    continue
                finding = self._finding(path, score, category, reasons.get(category))
                findings.append(finding)
                if finding.status is not Status.new:
                    exempt[category] = finding.reason or finding.status.value
            score.suppressed = {c: r for c, r in reasons.items() if score.flags[c]}
            counted.append(_without(score, exempt) if exempt else score)
        profile = build_profile(suppressed.document, counted)
        rules = with_defaults(self.options.config.rules_for(doc.source, self.options.cli_rules))
        return Verdict(path, profile, findings, breaches(profile, rules), rules, suppressed.directives,
                       len(counted), unchanged)

    def _finding(self, path: str, score: ParagraphScore, category: str, reason: str | None) -> Finding:
        paragraph = score.paragraph
        finding = Finding(
            path=path,
            category=category,
            subtype=score.commercial_subtype if category == "commercial" else None,
            score=score.scores[category],
            line_start=paragraph.line_start,
            line_end=paragraph.line_end,
            cues=tuple(c.text for c in score.cues if c.category == category and not c.quoted),
            fingerprint=fingerprint(category, paragraph.text),
        )
        if reason is not None:
            return replace(finding, status=Status.suppressed, reason=reason)
        if self.options.baseline is not None and self.options.baseline.accept(finding):
            return replace(finding, status=Status.baselined)
        return finding

    def run(self, paths: list[str], input_options: InputOptions, renderer: CheckRenderer,
            *, quiet: bool = False, stderr: IO[str] | None = None) -> CheckSummary:
        """Check every input into `renderer`; unreadable inputs are reported, never dropped."""
        stderr = stderr or sys.stderr
        summary = CheckSummary()
        renderer.begin(self.analyzer.metadata)
        for item in iter_documents(paths, input_options):
            if isinstance(item, Failure):
                print(f"biasscan: {item.message}", file=stderr)
                summary.failures.append((item.source, item.message))
                continue
            verdict = self.check(item)
            summary.add(verdict)
            renderer.document(verdict)
        for source, message in summary.failures:
            renderer.failure(source, message)
        renderer.end(summary)
        if not quiet:
            s = summary
            print(f"biasscan: {s.documents} checked, {s.failed_documents} failed, {s.unreadable} unreadable; "
                  f"{s.findings} findings, {s.suppressed} suppressed, {s.baselined} baselined", file=stderr)
        return summary


def _without(score: ParagraphScore, exempt: Mapping[str, str]) -> ParagraphScore:
    """A copy of `score` in which the exempt categories neither flag, score nor contribute cues."""
    return replace(
        score,
        scores={c: (0.0 if c in exempt else v) for c, v in score.scores.items()},
        flags={c: (False if c in exempt else v) for c, v in score.flags.items()},
        commercial_subtype=None if "commercial" in exempt else score.commercial_subtype,
        cues=[c for c in score.cues if c.category not in exempt],
        features={c: f for c, f in score.features.items() if c not in exempt},
    )
