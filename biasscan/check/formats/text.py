"""`--format text`: one line per finding, `path:line: category (score) cues`, then a verdict per document."""

from __future__ import annotations

from biasscan.check.formats.common import StreamReport, finding_message, verdict_message
from biasscan.check.verdicts import Verdict


class TextReport(StreamReport):
    def document(self, verdict: Verdict) -> None:
        for finding in verdict.findings:
            self.out.write(f"{finding.path}:{finding.line_start}: {finding_message(finding)}\n")
        self.out.write(f"{verdict.path}: {verdict_message(verdict)}\n")

    def failure(self, source: str, message: str) -> None:
        self.out.write(f"{source}: UNREADABLE {message}\n")
