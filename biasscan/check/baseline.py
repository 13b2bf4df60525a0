"""The baseline: findings a newsroom has accepted, so `check --baseline` fails only on new ones.

A finding is identified by document path, category and a fingerprint of its paragraph text
(case-folded, white space collapsed), not by line numbers, so edits elsewhere in the draft
do not invalidate it. Identical paragraphs are counted: two accepted copies cover two findings.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from biasscan import __version__
from biasscan.check.verdicts import Finding
from biasscan.errors import UsageError

BASELINE_VERSION = 1
_SPACE = re.compile(r"\s+")

Key = tuple[str, str, str]  # (path, category, fingerprint)


def fingerprint(category: str, paragraph_text: str) -> str:
    normalised = _SPACE.sub(" ", paragraph_text).strip().casefold()
    return hashlib.sha256(f"{category}\n{normalised}".encode()).hexdigest()[:16]


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write every finding as accepted; returns how many were written."""
    rows = sorted(
        ({"path": f.path, "category": f.category, "fingerprint": f.fingerprint, "line": f.line_start} for f in findings),
        key=lambda r: (r["path"], r["line"], r["category"]),
    )
    payload = {"version": BASELINE_VERSION, "tool": f"biasscan {__version__}", "findings": rows}
    try:
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    return len(rows)


class Baseline:
    """Accepted findings; `accept` consumes one accepted copy per matching finding."""

    def __init__(self, keys: Iterable[Key] = ()) -> None:
        self._remaining: Counter[Key] = Counter(keys)

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            payload = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"{path}: cannot read baseline ({exc.strerror})") from None
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}: baseline is not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if not isinstance(payload, dict) or payload.get("version") != BASELINE_VERSION:
            raise UsageError(f"{path}: not a biasscan baseline of version {BASELINE_VERSION} (write one with `biasscan baseline`)")
        keys = []
        for number, row in enumerate(payload.get("findings", []), start=1):
            try:
                keys.append((str(row["path"]), str(row["category"]), str(row["fingerprint"])))
            except (KeyError, TypeError):
                raise UsageError(f"{path}: findings[{number}] needs path, category and fingerprint") from None
        return cls(keys)

    def accept(self, finding: Finding) -> bool:
        key = (finding.path, finding.category, finding.fingerprint)
        if self._remaining[key] > 0:
            self._remaining[key] -= 1
            return True
        return False
