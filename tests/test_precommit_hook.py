"""The `.pre-commit-hooks.yaml` of this repository, run by the pre-commit framework itself.

The hook repository is a temporary git copy of this working tree (pre-commit needs a commit
for `rev:`); a temporary newsroom repository uses it. pre-commit builds a virtual environment
and pip-installs biasscan into it, which needs PyPI: when that install fails, the test is
skipped with the reason; every other failure is a real one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
COPIED = ("biasscan", "lexicons", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml")

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (pip install -e '.[dev]')"),
]


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout.strip()


def hook_repository(root: Path) -> tuple[Path, str]:
    """A committed copy of this working tree: the hook repository and its commit."""
    hooks = root / "hooks"
    hooks.mkdir()
    for name in COPIED:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, hooks / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, hooks / name)
    git(hooks, "init", "-q")
    git(hooks, "add", ".")
    git(hooks, "commit", "-q", "-m", "hooks")
    return hooks, git(hooks, "rev-parse", "HEAD")


def run_pre_commit(repo: Path, home: Path, *files: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run([str(PRE_COMMIT), "run", "--color", "never", "--files", *files], cwd=repo,
                          capture_output=True, text=True, env=env, timeout=900)


def test_pre_commit_runs_biasscan_check_on_staged_drafts(tmp_path):
    hooks, rev = hook_repository(tmp_path)
    news = tmp_path / "news"
    (news / "drafts").mkdir(parents=True)
    (news / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: biasscan-check\n"
        "        args: [--no-model]\n",
        encoding="utf-8",
    )
    (news / "drafts" / "gut.md").write_text(
        "Die Stadtwerke Neuburg erhöhen zum 1. Januar den Arbeitspreis für Fernwärme um 8,5 Prozent.\n", encoding="utf-8")
    (news / "drafts" / "schlecht.md").write_text(
        "Der Stadtrat tagt am Montag.\n\nEs wäre höchste Zeit, dass die Stadt endlich einen Sozialtarif einführt. "
        "Wie lange wollen wir noch zusehen?\n", encoding="utf-8")
    (news / "notes.py").write_text("x = 1\n", encoding="utf-8")  # not a draft: the hook must not get it
    git(news, "init", "-q")
    git(news, "add", ".")

    result = run_pre_commit(news, tmp_path / "cache", "drafts/gut.md", "notes.py")
    if result.returncode != 0 and "An unexpected error has occurred" in result.stdout + result.stderr:
        log = (tmp_path / "cache" / "pre-commit.log")
        detail = log.read_text(encoding="utf-8")[-600:] if log.exists() else result.stdout[-600:]
        pytest.skip(f"pre-commit could not install the hook environment (needs PyPI): {detail}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout

    result = run_pre_commit(news, tmp_path / "cache", "drafts/gut.md", "drafts/schlecht.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Failed" in result.stdout
    assert "drafts/schlecht.md:3: editorializing" in result.stdout
    assert "drafts/schlecht.md: FAIL editorializing:share" in result.stdout
    assert "drafts/gut.md: ok" in result.stdout
