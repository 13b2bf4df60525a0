"""`--format github`: GitHub Actions workflow commands that annotate the draft in the pull request.

Findings of a category that broke a threshold are `::error`, other new findings `::warning`,
suppressed and baselined ones `::notice` (listed, not hidden). Each breach is one more `::error`
on the file. Values are escaped as the workflow-command syntax requires.
"""

from __future__ import annotations

from biasscan.check.formats.common import StreamReport, finding_message, is_error
from biasscan.check.verdicts import Status, Verdict


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{_data(message)}" if props else f"::{level}::{_data(message)}"


class GithubReport(StreamReport):
    def document(self, verdict: Verdict) -> None:
        for finding in verdict.findings:
            if finding.status is not Status.new:
                level = "notice"
            else:
                level = "error" if is_error(verdict, finding) else "warning"
            self.out.write(command(level, finding_message(finding), file=finding.path, line=finding.line_start,
                                   endLine=finding.line_end, title=finding.rule_id) + "\n")
        for breach in verdict.breaches:
            self.out.write(command("error", f"threshold broken: {breach.describe()}", file=verdict.path,
                                   title="biasscan check failed") + "\n")

    def failure(self, source: str, message: str) -> None:
        self.out.write(command("error", message, file=source, title="biasscan: unreadable input") + "\n")
