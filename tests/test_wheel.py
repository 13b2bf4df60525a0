"""The built wheel works on its own: lexicons and the model travel inside the package.

Builds the wheel, unpacks it into an empty folder and scores the demo article from there, with
the source tree out of the way, so a file that only exists in the checkout (a lexicon, the model,
its card) makes this fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wheels = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(REPO), "-w", str(wheels)],
        capture_output=True, text=True,
    )
    if build.returncode != 0:
        pytest.skip(f"could not build the wheel here: {build.stderr.strip().splitlines()[-1:]}")
    (wheel,) = wheels.glob("biasscan-*.whl")
    target = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    return target


def run_from(target: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(target)}
    # Run from the empty folder so neither the checkout nor an editable install can shadow the wheel.
    return subprocess.run([sys.executable, "-c", "import sys; from biasscan.cli import main; sys.argv[0] = 'biasscan'; main()", *args],
                          capture_output=True, text=True, cwd=target, env=env)


def test_wheel_carries_lexicons_model_and_card(installed: Path) -> None:
    package = installed / "biasscan"
    assert sorted(p.name for p in (package / "_lexicons").glob("*.tsv")) == [
        "commercial.tsv", "editorializing.tsv", "hedging.tsv", "loaded.tsv", "senses.tsv"]
    assert (package / "models" / "biasscan-model.joblib").is_file()
    assert (package / "models" / "biasscan-model.card.json").is_file()


def test_the_wheel_not_the_checkout_is_imported(installed: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    probe = subprocess.run([sys.executable, "-c", "import biasscan.lexicon as l; print(l.default_lexicon_dir())"],
                           capture_output=True, text=True, cwd=installed, env=env, check=True)
    assert Path(probe.stdout.strip()) == installed / "biasscan" / "_lexicons"


def test_wheel_scores_the_demo_with_the_shipped_model(installed: Path) -> None:
    result = run_from(installed, "score", str(REPO / "examples" / "demo_artikel.txt"), "-f", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["meta"]["scorer"] == "model"
    flagged = {c for p in payload["documents"][0]["paragraph_scores"] for c, f in p["flags"].items() if f}
    assert set(CATEGORIES) <= flagged
