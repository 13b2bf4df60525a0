"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub code scanning, GitLab, Azure).

One rule per category and per commercial subtype (`biasscan/loaded`, `biasscan/commercial/ad`, ...)
with help text; one result per finding with the paragraph's lines as region. Suppressed findings
carry an in-source suppression with its reason, baselined ones `baselineState: unchanged`.
Threshold breaches are results on the file without a region, level error.
"""

from __future__ import annotations

import json
from typing import IO, Any

from biasscan import __version__
from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.check.formats.common import finding_message, is_error
from biasscan.check.verdicts import CheckSummary, Status, Verdict

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"

RULE_HELP: dict[str, tuple[str, str]] = {
    "loaded": ("Loaded language", "Wording chosen for emotional or judgemental effect where a neutral word would state the "
               "same fact (pejorative labels, shock words, contemptuous framing, fear appeals). Use the neutral term."),
    "hedging": ("Speculation or unverified claim", "The claim is presented as uncertain or rests on unnamed sources "
                "(epistemic modals, 'soll ... haben', 'angeblich', 'Beobachter'). Name the source or verify the claim."),
    "commercial": ("Commercial insertion", "Text that sells, promotes or pulls the reader elsewhere instead of reporting."),
    "commercial/ad": ("Advertising", "Product or investment advertising inside the article (offers, discount codes, deadlines)."),
    "commercial/self_promo": ("Self-promotion", "The publisher praising itself or pitching newsletters, apps or subscriptions."),
    "commercial/teaser": ("Teaser", "Cross-links and clickbait teasers for other pieces ('Lesen Sie auch', '+++ ... +++')."),
    "commercial/boilerplate": ("Page furniture", "Navigation, share buttons or comment prompts left in the article text."),
    "editorializing": ("Editorializing", "The author evaluates, prescribes or appeals in their own voice in a news text. "
                       "Attribute the opinion to a named person or move it to a commentary."),
}
RULE_IDS: tuple[str, ...] = tuple(
    r for c in CATEGORIES for r in ((c,) + (tuple(f"commercial/{s}" for s in COMMERCIAL_SUBTYPES) if c == "commercial" else ()))
)


def _rule(name: str) -> dict[str, Any]:
    title, help_text = RULE_HELP[name]
    return {
        "id": f"biasscan/{name}",
        "name": title.title().replace(" ", ""),
        "shortDescription": {"text": title},
        "fullDescription": {"text": help_text},
        # GUIDELINES.md is the team's labelling contract, not shipped: point to what the user has.
        "help": {"text": f"{help_text} `biasscan explain FILE -c {name.split('/')[0]}` shows the cues behind it."},
        "defaultConfiguration": {"level": "warning"},
    }


class SarifReport:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.meta: dict[str, Any] = {}
        self.results: list[dict[str, Any]] = []
        self.notifications: list[dict[str, Any]] = []

    def begin(self, meta: dict[str, Any]) -> None:
        self.meta = meta

    def document(self, verdict: Verdict) -> None:
        for finding in verdict.findings:
            result: dict[str, Any] = {
                "ruleId": finding.rule_id,
                "ruleIndex": RULE_IDS.index(finding.rule_id.removeprefix("biasscan/")),
                "level": "error" if is_error(verdict, finding) else ("note" if finding.status is not Status.new else "warning"),
                "message": {"text": finding_message(finding)},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": finding.path},
                    "region": {"startLine": finding.line_start, "endLine": finding.line_end},
                }}],
                "partialFingerprints": {"biasscanParagraph/v1": finding.fingerprint},
                "baselineState": "unchanged" if finding.status is Status.baselined else "new",
                "properties": {"score": finding.score, "cues": list(finding.cues), "status": finding.status.value},
            }
            if finding.status is Status.suppressed:
                result["suppressions"] = [{"kind": "inSource", "justification": finding.reason or ""}]
            self.results.append(result)
        for breach in verdict.breaches:
            self.results.append({
                "ruleId": f"biasscan/{breach.category}",
                "ruleIndex": RULE_IDS.index(breach.category),
                "level": "error",
                "message": {"text": f"threshold broken: {breach.describe()}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": verdict.path}}}],
                "properties": {"metric": breach.metric, "limit": breach.limit, "value": breach.value},
            })

    def failure(self, source: str, message: str) -> None:
        self.notifications.append({
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": source}}}],
        })

    def end(self, summary: CheckSummary) -> None:
        log = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "biasscan",
                    "version": __version__,
                    "semanticVersion": __version__,
                    "rules": [_rule(name) for name in RULE_IDS],
                }},
                "invocations": [{
                    "executionSuccessful": not summary.failures,
                    "toolExecutionNotifications": self.notifications,
                }],
                "results": self.results,
                "properties": {"biasscan": self.meta, "summary": summary.as_dict()},
            }],
        }
        json.dump(log, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")
