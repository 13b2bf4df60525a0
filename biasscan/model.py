"""The shipped paragraph classifier: safe loading and numpy-only scoring.

Training (biasscan/trainer.py, scikit-learn) exports everything scoring needs — hashed-feature
weights, biases, Platt calibration, the commercial subtype model and thresholds — into one joblib
file. Scoring here is a sparse dot product with numpy, so `biasscan score` never imports scikit-learn.

joblib files can run code when loaded. The shipped file loads only after its sha256 matches the
model card next to it; any other file (`--model PATH`) is refused unless the user passes
`--trust-model`.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from biasscan.categories import SCORE_DECIMALS
from biasscan.errors import ModelError
from biasscan.features import FEATURE_VERSION, feature_names, featurize
from biasscan.records import Cue
from biasscan.tokens import Tokenized

MODEL_DIR = Path(__file__).parent / "models"
MODEL_FILE = MODEL_DIR / "biasscan-model.joblib"
FORMAT = "biasscan-model"
FORMAT_VERSION = 1
TOP_FEATURES = 5


def card_path(model_path: Path) -> Path:
    return model_path.with_suffix(".card.json")


def shipped_model_available() -> bool:
    return MODEL_FILE.is_file()


@dataclass(slots=True)
class Prediction:
    scores: dict[str, float]
    subtype: str | None
    top_features: dict[str, list[tuple[str, float]]]


class Model:
    """Calibrated linear models over hashed features, one per category, plus a subtype model."""

    def __init__(self, payload: dict[str, Any], sha256: str) -> None:
        if payload.get("format") != FORMAT or payload.get("format_version") != FORMAT_VERSION:
            raise ModelError("not a biasscan model file (wrong format marker)")
        if payload["feature_version"] != FEATURE_VERSION:
            raise ModelError(
                f"model was trained with feature version {payload['feature_version']}, this biasscan "
                f"computes version {FEATURE_VERSION}: retrain it (make train)"
            )
        n = payload["n_features"]
        self.version: str = payload["version"]
        self.sha256 = sha256
        self.categories: tuple[str, ...] = tuple(payload["categories"])
        self.subtypes: tuple[str, ...] = tuple(payload["subtype"]["classes"])
        rows = [payload["weights"][c] for c in self.categories] + list(payload["subtype"]["weights"])
        # One dense matrix: a paragraph's score for every category and subtype is one gather + matmul.
        self.weights = np.zeros((len(rows), n), dtype=np.float32)
        for r, (idx, vals) in enumerate(rows):
            self.weights[r, np.asarray(idx, dtype=np.intp)] = np.asarray(vals, dtype=np.float32)
        self.bias = np.asarray([payload["bias"][c] for c in self.categories] + list(payload["subtype"]["bias"]),
                               dtype=np.float64)
        self.calibration = np.asarray([payload["calibration"][c] for c in self.categories], dtype=np.float64)
        self.thresholds: dict[str, float] = dict(payload.get("thresholds", {}))

    def predict(self, text: str, tokenized: Tokenized, cues: list[Cue], index: int, n_paragraphs: int,
                explain_above: dict[str, float] | None = None) -> Prediction:
        indices, values, _ = featurize(text, tokenized, cues, index, n_paragraphs)
        idx = np.asarray(indices, dtype=np.intp)
        vals = np.asarray(values, dtype=np.float32)
        raw = self.weights[:, idx] @ vals + self.bias
        k = len(self.categories)
        a, b = self.calibration[:, 0], self.calibration[:, 1]
        probs = 1.0 / (1.0 + np.exp(-(a * raw[:k] + b)))
        scores = {c: round(float(p), SCORE_DECIMALS) for c, p in zip(self.categories, probs, strict=True)}
        subtype = self.subtypes[int(np.argmax(raw[k:]))] if self.subtypes else None
        # Naming features costs a walk over the tokens: only for categories that will be flagged.
        limits = explain_above or {}
        wanted = [c for c in self.categories if c in limits and scores[c] >= limits[c]]
        top = self.top_features(text, tokenized, cues, index, n_paragraphs, wanted, (indices, values)) if wanted else {}
        return Prediction(scores, subtype, top)

    def top_features(self, text: str, tokenized: Tokenized, cues: list[Cue], index: int, n_paragraphs: int,
                     categories: list[str], features: tuple[list[int], list[float]] | None = None,
                     ) -> dict[str, list[tuple[str, float]]]:
        """The features that pushed each category's score up most: weight x value, named.

        `features`: the paragraph's (indices, values) when the caller has them already. Only the
        winners are named: naming every feature of a paragraph cost more than scoring it.
        """
        indices, values = features if features is not None else featurize(text, tokenized, cues, index, n_paragraphs)[:2]
        idx = np.asarray(indices, dtype=np.intp)
        vals = np.asarray(values, dtype=np.float32)
        best: dict[str, list[tuple[int, float]]] = {}
        for c in categories:
            # An index occurs twice when a dense feature shares a text feature's bucket: summed, as one name.
            contributions: dict[int, float] = {}
            row = self.weights[self.categories.index(c), idx] * vals
            for i, value in zip(indices, row.tolist(), strict=True):
                contributions[i] = contributions.get(i, 0.0) + value
            best[c] = sorted(((i, v) for i, v in contributions.items() if v > 0), key=lambda x: -x[1])[:TOP_FEATURES]
        names = feature_names(text, tokenized, cues, index, n_paragraphs, {i for top in best.values() for i, _ in top})
        return {c: [(names.get(i, f"#{i}"), round(v, 4)) for i, v in top] for c, top in best.items()}


def _read_card(model_path: Path) -> dict[str, Any] | None:
    path = card_path(model_path)
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: unreadable model card ({exc})") from None


def load_model(path: Path | None = None, *, trust: bool = False) -> Model:
    """Load the shipped model (verified against its card) or, with `trust`, another model file."""
    shipped = path is None or path.resolve() == MODEL_FILE.resolve()
    path = MODEL_FILE if path is None else path
    if not shipped and not trust:
        raise ModelError(
            f"refusing to load {path}: model files are pickles that can run code when loaded; "
            "pass --trust-model if you trust its origin"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: cannot read model ({exc.strerror})") from None
    sha256 = hashlib.sha256(data).hexdigest()
    card = _read_card(path)
    if shipped:
        if card is None:
            raise ModelError(f"{card_path(path)}: the shipped model has no model card; reinstall biasscan")
        if card.get("model_sha256") != sha256:
            raise ModelError(
                f"{path}: sha256 {sha256[:12]}… does not match the model card ({str(card.get('model_sha256'))[:12]}…); "
                "refusing to load a modified model file"
            )
    import joblib  # only when a model is really loaded

    try:
        payload = joblib.load(io.BytesIO(data))
    except Exception as exc:  # a corrupt pickle raises many types
        raise ModelError(f"{path}: cannot load model ({exc.__class__.__name__})") from None
    if not isinstance(payload, dict):
        raise ModelError(f"{path}: not a biasscan model file")
    return Model(payload, sha256)
