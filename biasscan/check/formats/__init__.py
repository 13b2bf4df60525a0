"""Output formats of `biasscan check`, one module each, chosen by one `--format` switch.

Every format lists every finding with its status (new, suppressed with its reason, baselined),
the threshold breaches per document and the unreadable inputs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import IO

from biasscan.check.engine import CheckRenderer


class CheckFormat(StrEnum):
    text = "text"
    github = "github"
    sarif = "sarif"
    junit = "junit"
    json = "json"


def make_check_renderer(fmt: CheckFormat, out: IO[str]) -> CheckRenderer:
    if fmt is CheckFormat.text:
        from biasscan.check.formats.text import TextReport

        return TextReport(out)
    if fmt is CheckFormat.github:
        from biasscan.check.formats.github import GithubReport

        return GithubReport(out)
    if fmt is CheckFormat.sarif:
        from biasscan.check.formats.sarif import SarifReport

        return SarifReport(out)
    if fmt is CheckFormat.junit:
        from biasscan.check.formats.junit import JunitReport

        return JunitReport(out)
    from biasscan.check.formats.json_report import JsonReport

    return JsonReport(out)
