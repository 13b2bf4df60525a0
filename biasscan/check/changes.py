"""`--changed-since REF`: which lines of a file changed since a git ref (`git diff --unified=0`).

A file git does not track yet counts as changed throughout: it is all new text.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from biasscan.errors import UsageError

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@", re.MULTILINE)

ALL_LINES = None  # sentinel: every line counts as changed


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, which is not installed") from None


def changed_lines(path: Path, ref: str) -> set[int] | None:
    """Changed line numbers of `path` in the working tree since `ref`; None means the whole file."""
    folder = path.resolve().parent
    if _git(["rev-parse", "--is-inside-work-tree"], folder).returncode != 0:
        raise UsageError(f"--changed-since: {path} is not inside a git repository")
    if _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], folder).returncode != 0:
        raise UsageError(f"--changed-since: unknown git ref {ref!r}")
    if _git(["ls-files", "--error-unmatch", path.name], folder).returncode != 0:
        return ALL_LINES
    diff = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", ref, "--", path.name], folder)
    if diff.returncode != 0:
        raise UsageError(f"--changed-since: git diff failed for {path}: {diff.stderr.strip().splitlines()[-1:]}")
    lines: set[int] = set()
    for match in _HUNK.finditer(diff.stdout):
        start, count = int(match.group(1)), int(match.group(2) or 1)
        # count 0: lines were only deleted after `start`; the paragraph around the gap changed.
        lines.update(range(start, start + count) if count else (max(start, 1),))
    return lines
