"""`--format junit`: JUnit XML for GitLab and Jenkins test reports.

One testsuite per document, one testcase per category; a testcase fails when its category broke
a threshold. The findings (with status) are listed in the testcase's system-out, so suppressed
and baselined ones stay visible. An unreadable input is a testsuite with one errored testcase.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO

from biasscan.categories import CATEGORIES
from biasscan.check.formats.common import StreamReport, finding_message
from biasscan.check.verdicts import CheckSummary, Verdict


class JunitReport(StreamReport):
    def __init__(self, out: IO[str]) -> None:
        super().__init__(out)
        self.root = ET.Element("testsuites", name="biasscan check")

    def document(self, verdict: Verdict) -> None:
        failed = verdict.breached_categories
        suite = ET.SubElement(self.root, "testsuite", name=verdict.path, tests=str(len(CATEGORIES)),
                              failures=str(len(failed)), errors="0", skipped="0")
        for category in CATEGORIES:
            case = ET.SubElement(suite, "testcase", classname=verdict.path, name=category)
            broken = [b for b in verdict.breaches if b.category == category]
            if broken:
                failure = ET.SubElement(case, "failure", type="threshold",
                                        message="; ".join(b.describe() for b in broken))
                failure.text = "\n".join(b.describe() for b in broken)
            lines = [f"{f.path}:{f.line_start}: {finding_message(f)}" for f in verdict.findings if f.category == category]
            if lines:
                ET.SubElement(case, "system-out").text = "\n".join(lines)

    def failure(self, source: str, message: str) -> None:
        suite = ET.SubElement(self.root, "testsuite", name=source, tests="1", failures="0", errors="1", skipped="0")
        case = ET.SubElement(suite, "testcase", classname=source, name="read")
        ET.SubElement(case, "error", type="unreadable", message=message)

    def end(self, summary: CheckSummary) -> None:
        suites = list(self.root)
        self.root.set("tests", str(sum(int(s.get("tests", "0")) for s in suites)))
        self.root.set("failures", str(sum(int(s.get("failures", "0")) for s in suites)))
        self.root.set("errors", str(sum(int(s.get("errors", "0")) for s in suites)))
        ET.indent(self.root)
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(ET.tostring(self.root, encoding="unicode"))
        self.out.write("\n")
