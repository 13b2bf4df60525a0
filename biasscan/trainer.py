"""Train the shipped classifier (scikit-learn, imported only here) and export it for numpy scoring.

Per category: logistic regression over the shared hashed features (biasscan/features.py), then
Platt calibration fitted on out-of-fold decision values of the training split, so a score of 0.7
means about 70 %. Commercial subtypes: a multinomial logistic regression over commercial paragraphs.
The held-out split is never seen here; `evaluation.py` reports on it afterwards.
"""

from __future__ import annotations

import hashlib
import io
import json
import platform
import sys
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from biasscan import __version__
from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.features import FEATURE_VERSION, N_FEATURES, featurize
from biasscan.model import FORMAT, FORMAT_VERSION, MODEL_FILE, card_path
from biasscan.pipeline import Analyzer, Settings
from biasscan.tokens import tokenize
from biasscan.training_data import Dataset, Example, load_dataset

SEED = 20261122
C_GRID = (4.0, 16.0, 64.0)
# Thresholds are chosen between 0.3 and 0.6 so that a flag still means "likely", not "possible".
THRESHOLD_GRID = tuple(round(0.3 + 0.05 * i, 2) for i in range(7))
CV_FOLDS = 5


def feature_matrix(examples: list[Example], analyzer: Analyzer) -> Any:
    """Sparse CSR matrix of the examples' features, exactly as scoring computes them."""
    from scipy.sparse import csr_matrix

    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for ex in examples:
        tokenized = tokenize(ex.text)
        cues = analyzer.paragraph_cues(ex.text, tokenized)
        idx, vals, _ = featurize(ex.text, tokenized, cues, ex.index, ex.n_paragraphs)
        indices.extend(idx)
        data.extend(vals)
        indptr.append(len(indices))
    matrix = csr_matrix((np.asarray(data, np.float64), np.asarray(indices, np.int64), np.asarray(indptr, np.int64)),
                        shape=(len(examples), N_FEATURES))
    matrix.sum_duplicates()
    return matrix


def _sparse_export(coef: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    nonzero = np.flatnonzero(np.abs(coef) > 1e-7)
    return nonzero.astype(np.int32), coef[nonzero].astype(np.float32)


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _fit_category(X: Any, y: np.ndarray, groups: list[str]) -> tuple[Any, tuple[float, float], float, dict[str, float]]:
    """Choose C and the threshold on out-of-fold predictions of the training split, then refit on all of it.

    Folds keep each article whole (`groups` are the article ids), as the held-out split does: with
    an article's paragraphs on both sides of a fold, its topic words would reward memorising.

    Returns the model, Platt calibration (a, b), the F1-optimal threshold on calibrated out-of-fold
    probabilities, and the out-of-fold F1 per C tried (recorded in the model card).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict

    def make(c_value: float) -> Any:
        return LogisticRegression(C=c_value, class_weight="balanced", max_iter=2000, solver="liblinear")

    folds = StratifiedGroupKFold(n_splits=CV_FOLDS, shuffle=True, random_state=SEED)
    best: tuple[float, float, Any, float] | None = None
    tried: dict[str, float] = {}
    for c_value in C_GRID:
        oof = cross_val_predict(make(c_value), X, y, groups=groups, cv=folds, method="decision_function")
        platt = LogisticRegression(C=1e6, max_iter=1000).fit(oof.reshape(-1, 1), y)
        probs = platt.predict_proba(oof.reshape(-1, 1))[:, 1]
        f1, threshold = max((_f1(y, probs >= t), t) for t in THRESHOLD_GRID)
        tried[str(c_value)] = round(f1, 4)
        if best is None or f1 > best[0]:
            best = (f1, c_value, platt, threshold)
    assert best is not None
    _, c_value, platt, threshold = best
    model = make(c_value).fit(X, y)
    return model, (float(platt.coef_[0, 0]), float(platt.intercept_[0])), float(threshold), tried


def train(data_dir: Path | None = None, shared_dir: Path | None = None, output: Path | None = None,
          log: Any = None) -> dict[str, Any]:
    """Fit every model, write the joblib file and its model card, and return the card."""
    import joblib
    import sklearn

    say = log or (lambda m: print(m, file=sys.stderr))
    dataset: Dataset = load_dataset(data_dir, shared_dir)
    for line in dataset.log:
        say(f"note: {line}")
    analyzer = Analyzer(Settings(use_model=False))
    say(f"training on {len(dataset.train)} examples ({len(dataset.heldout)} held out, never used here)")
    X_all = feature_matrix(dataset.train, analyzer)
    payload: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "feature_version": FEATURE_VERSION,
        "n_features": N_FEATURES, "categories": list(CATEGORIES),
        "weights": {}, "bias": {}, "calibration": {}, "thresholds": {},
    }
    counts: dict[str, dict[str, int]] = {}
    for category in CATEGORIES:
        rows = [i for i, ex in enumerate(dataset.train) if ex.labels.get(category) is not None]
        y = np.asarray([dataset.train[i].labels[category] for i in rows], dtype=np.int64)
        model, calibration, threshold, tried = _fit_category(X_all[rows], y, [dataset.train[i].doc for i in rows])
        payload["weights"][category] = _sparse_export(model.coef_[0])
        payload["bias"][category] = float(model.intercept_[0])
        payload["calibration"][category] = calibration
        payload["thresholds"][category] = threshold
        counts[category] = {"examples": len(rows), "positives": int(y.sum()), "C": float(model.C),
                            "threshold": threshold, "cv_f1_by_C": tried}
        say(f"  {category}: {len(rows)} examples, {int(y.sum())} positive, C={model.C:g}, threshold {threshold:.2f}")
    payload["subtype"] = _fit_subtypes(dataset, X_all)
    data_bytes = io.BytesIO()
    # Date, training data and lexicons: the weights depend on the lexicon cues, so a model retrained
    # after a lexicon change must not carry the same version as the one before it.
    version = f"{date.today():%Y.%m.%d}-{dataset.data_sha256[:8]}-{analyzer.lexicon.sha256[:8]}"
    payload["version"] = version
    joblib.dump(payload, data_bytes, compress=3)
    blob = data_bytes.getvalue()
    output = output or MODEL_FILE
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(blob)
    card = {
        "model": output.name,
        "model_version": version,
        "model_sha256": hashlib.sha256(blob).hexdigest(),
        "format_version": FORMAT_VERSION,
        "feature_version": FEATURE_VERSION,
        "training_data_sha256": dataset.data_sha256,
        "lexicon_sha256": analyzer.lexicon.sha256,
        "biasscan_version": __version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "seed": SEED,
        "thresholds": payload["thresholds"],
        "training_counts": counts,
        "sources": _sources(dataset),
        "notes": dataset.log,
    }
    from biasscan.evaluation import evaluate_model

    # The card must exist (with the sha256) before the model can be loaded for its own evaluation.
    card_path(output).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    card["metrics"] = evaluate_model(output, dataset, trust=True)
    card_path(output).write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {output} ({len(blob) / 1e6:.1f} MB) and {card_path(output).name}")
    return card


def _fit_subtypes(dataset: Dataset, X_all: Any) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    rows = [i for i, ex in enumerate(dataset.train) if ex.labels.get("commercial") == 1 and ex.subtype]
    y = np.asarray([COMMERCIAL_SUBTYPES.index(dataset.train[i].subtype) for i in rows])
    model = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced").fit(X_all[rows], y)
    classes = [COMMERCIAL_SUBTYPES[k] for k in model.classes_]
    return {
        "classes": classes,
        "weights": [_sparse_export(model.coef_[k]) for k in range(len(classes))],
        "bias": [float(b) for b in model.intercept_],
    }


def _sources(dataset: Dataset) -> dict[str, int]:
    counts: dict[str, int] = {}
    for ex in dataset.train:
        counts[f"train:{ex.origin}"] = counts.get(f"train:{ex.origin}", 0) + 1
    for ex in dataset.heldout:
        counts[f"heldout:{ex.origin}"] = counts.get(f"heldout:{ex.origin}", 0) + 1
    counts["checkthat_dev"] = len(dataset.checkthat_dev)
    return counts
