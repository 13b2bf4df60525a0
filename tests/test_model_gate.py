"""Evaluation gate: the shipped model keeps its held-out quality, and nothing drifts silently.

The floors in training/floors.json are pinned with the training data hash; changing the data or the
lexicon without retraining and reviewing the floors fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES
from biasscan.model import MODEL_FILE, card_path, load_model
from biasscan.training_data import data_hash, default_data_dir, default_shared_dir

FLOORS = Path(__file__).resolve().parent.parent / "training" / "floors.json"


@pytest.fixture(scope="module")
def floors() -> dict:
    return json.loads(FLOORS.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def card() -> dict:
    return json.loads(card_path(MODEL_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def metrics() -> dict:
    if not (default_shared_dir() / "de-wikinews-quotes").is_dir():
        pytest.skip("../shared/data is not present: the held-out split includes Wikinews paragraphs")
    from biasscan.evaluation import evaluate_analyzer
    from biasscan.pipeline import Analyzer, Settings
    from biasscan.training_data import load_dataset

    return evaluate_analyzer(Analyzer(Settings(use_model=True)), load_dataset())


def test_shipped_model_loads_only_with_matching_card(card: dict) -> None:
    model = load_model()
    assert model.sha256 == card["model_sha256"]
    assert model.version == card["model_version"]


def test_floors_are_pinned_to_the_current_training_data(floors: dict, card: dict) -> None:
    current = data_hash(default_data_dir())
    assert floors["training_data_sha256"] == current, "training data changed: retrain (make train) and review training/floors.json"
    assert card["training_data_sha256"] == current, "the shipped model was trained on other data: make train"


def test_model_was_trained_with_the_shipped_lexicons(card: dict) -> None:
    from biasscan.lexicon import load_lexicon

    assert card["lexicon_sha256"] == load_lexicon().sha256, "lexicons changed since training: make train"


@pytest.mark.parametrize("category", CATEGORIES)
def test_heldout_f1_at_or_above_floor(metrics: dict, floors: dict, category: str) -> None:
    assert metrics["heldout"][category]["f1"] >= floors["heldout_f1"][category]


def test_checkthat_dev_macro_f1_at_or_above_floor(metrics: dict, floors: dict) -> None:
    assert metrics["checkthat_dev_editorializing"]["macro_f1"] >= floors["checkthat_dev_macro_f1"]


def test_model_card_reports_what_the_model_does(metrics: dict, card: dict) -> None:
    """The card's numbers are the model's numbers, not hand-edited ones."""
    for category in CATEGORIES:
        assert card["metrics"]["heldout"][category]["f1"] == pytest.approx(metrics["heldout"][category]["f1"], abs=1e-3)


def test_calibration_is_honest(metrics: dict) -> None:
    """A score of 0.7 means about 70 %: expected calibration error on held-out stays small."""
    assert metrics["expected_calibration_error"] <= 0.05
