"""`biasscan score --format json` on the seeds, compared exactly with tests/golden/seed_<nnn>*.json.

Any change in paragraphs, cues, scores, flags, profile or record schema shows up here as a diff.
If the change is deliberate, run `make golden` and review the diff of the golden files.
"""

from __future__ import annotations

import pytest

from tests.conftest import seed_path
from tests.golden.regen import SCORERS, SEED_PREFIXES, golden_file, golden_output, model_installed


@pytest.mark.parametrize("scorer", SCORERS)
@pytest.mark.parametrize("prefix", SEED_PREFIXES)
def test_score_json_matches_golden(prefix: str, scorer: str) -> None:
    seed = seed_path(prefix)
    if scorer == "model" and not model_installed():
        pytest.skip("no trained model installed")
    expected = golden_file(prefix, scorer)
    assert expected.exists(), f"{expected.name} missing: run `make golden` and review the new file"
    actual = golden_output(seed, scorer)
    assert actual == expected.read_text(encoding="utf-8"), (
        f"`biasscan score --format json` on seed {prefix} ({scorer}) differs from {expected.name}; "
        "if the change is intended, run `make golden` and review the diff"
    )
