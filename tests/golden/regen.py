"""Golden JSON outputs of `biasscan score --format json` for the four seeds: produce and regenerate them.

    make golden                              (or: .venv/bin/python -m tests.golden.regen)

writes tests/golden/seed_<nnn>.json (lexicon scorer, `--no-model`) and, when the trained model is
installed, tests/golden/seed_<nnn>.model.json (default scorer). tests/test_golden.py compares the CLI's
output with these files exactly. Regenerate after a deliberate change to the lexicons, rules, model or
record schema, and review the diff before committing it: every changed number is a changed result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from tests.conftest import SEEDS, seed_file

GOLDEN_DIR = Path(__file__).resolve().parent
SEED_PREFIXES = ("000", "001", "002", "003")
SCORERS = ("lexicon", "model")
PLACEHOLDER = "<volatile>"


def golden_file(prefix: str, scorer: str) -> Path:
    return GOLDEN_DIR / (f"seed_{prefix}.json" if scorer == "lexicon" else f"seed_{prefix}.model.json")


def model_installed() -> bool:
    from biasscan.model import shipped_model_available

    return shipped_model_available()


def normalize(payload: dict[str, Any]) -> dict[str, Any]:
    """Blank what differs between machines and releases (paths, hashes, version), keep every result."""
    meta = payload["meta"]
    for key in ("biasscan_version", "lexicon_sha256", "model_sha256"):
        if meta.get(key) is not None:
            meta[key] = PLACEHOLDER
    for document in payload["documents"]:
        for holder in (document, *document.get("paragraph_scores", ())):
            for key in ("doc", "source"):
                if key in holder:
                    holder[key] = Path(holder[key]).name
    return payload


def golden_output(seed: Path, scorer: str) -> str:
    """The normalised JSON text the CLI prints for one seed; the test and regen share it."""
    from typer.testing import CliRunner

    from biasscan.cli import app

    args = ["score", "--format", "json", "--quiet", str(seed)] + (["--no-model"] if scorer == "lexicon" else [])
    result = CliRunner().invoke(app, args)
    if result.exit_code != 0:
        raise RuntimeError(f"biasscan {' '.join(args)} exited {result.exit_code}: {result.stderr.strip()}")
    return json.dumps(normalize(json.loads(result.stdout)), ensure_ascii=False, indent=2) + "\n"


def regenerate() -> list[Path]:
    scorers = [s for s in SCORERS if s == "lexicon" or model_installed()]
    written = []
    for prefix in SEED_PREFIXES:
        seed = seed_file(prefix)
        if seed is None:
            raise SystemExit(f"regen: seed {prefix} not found in {SEEDS}")
        for scorer in scorers:
            path = golden_file(prefix, scorer)
            path.write_text(golden_output(seed, scorer), encoding="utf-8")
            written.append(path)
    if "model" not in scorers:
        print("regen: no trained model installed; only the --no-model goldens were written", file=sys.stderr)
    return written


if __name__ == "__main__":
    for written_path in regenerate():
        print(written_path.relative_to(GOLDEN_DIR.parent.parent))
