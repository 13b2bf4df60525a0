"""Honest numbers for the model card: held-out P/R/F1, CheckThat! dev macro-F1, calibration table.

Pure Python over the model's numpy scoring, so the evaluation gate in the tests needs no scikit-learn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from biasscan.categories import CATEGORIES, COMMERCIAL_SUBTYPES
from biasscan.pipeline import Analyzer, Settings
from biasscan.training_data import Dataset, Example

CALIBRATION_BINS = 10


def prf(gold: list[int], pred: list[int]) -> dict[str, float]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, pred, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, pred, strict=True) if g and not p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "support": sum(gold)}


def calibration_table(pairs: list[tuple[float, int]], bins: int = CALIBRATION_BINS) -> list[dict[str, Any]]:
    """Reliability bins: mean predicted probability vs observed rate of positives."""
    table = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (b == bins - 1 and p == 1.0)]
        if inside:
            table.append({
                "bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                "mean_predicted": round(sum(p for p, _ in inside) / len(inside), 4),
                "observed": round(sum(y for _, y in inside) / len(inside), 4),
            })
    return table


def expected_calibration_error(table: list[dict[str, Any]]) -> float:
    total = sum(row["n"] for row in table)
    return round(sum(row["n"] * abs(row["mean_predicted"] - row["observed"]) for row in table) / total, 4) if total else 0.0


def _scores(analyzer: Analyzer, examples: list[Example]) -> list[tuple[dict[str, float], str | None]]:
    out = []
    for ex in examples:
        scores, subtype, _ = analyzer.predict(ex.text, ex.index, ex.n_paragraphs)
        out.append((scores, subtype))
    return out


def evaluate_analyzer(analyzer: Analyzer, dataset: Dataset) -> dict[str, Any]:
    thresholds = analyzer.thresholds
    predicted = _scores(analyzer, dataset.heldout)
    heldout: dict[str, Any] = {}
    pairs: list[tuple[float, int]] = []
    for c in CATEGORIES:
        gold = [ex.labels[c] or 0 for ex in dataset.heldout]
        probs = [s[c] for s, _ in predicted]
        heldout[c] = prf(gold, [int(p >= thresholds[c]) for p in probs])
        pairs.extend(zip(probs, gold, strict=True))
    heldout["macro_f1"] = round(sum(heldout[c]["f1"] for c in CATEGORIES) / len(CATEGORIES), 4)
    subtypes: dict[str, Any] = {}
    commercial = [(ex, sub) for ex, (_, sub) in zip(dataset.heldout, predicted, strict=True)
                  if ex.labels["commercial"] == 1 and ex.subtype]
    for s in COMMERCIAL_SUBTYPES:
        subtypes[s] = prf([int(ex.subtype == s) for ex, _ in commercial], [int(sub == s) for _, sub in commercial])
    table = calibration_table(pairs)
    metrics: dict[str, Any] = {
        "heldout_examples": len(dataset.heldout),
        "heldout": heldout,
        "commercial_subtypes_on_true_commercial": subtypes,
        "calibration": table,
        "expected_calibration_error": expected_calibration_error(table),
    }
    if dataset.checkthat_dev:
        dev_scores = _scores(analyzer, dataset.checkthat_dev)
        gold = [ex.labels["editorializing"] or 0 for ex in dataset.checkthat_dev]
        pred = [int(s["editorializing"] >= thresholds["editorializing"]) for s, _ in dev_scores]
        subj, obj = prf(gold, pred), prf([1 - g for g in gold], [1 - p for p in pred])
        metrics["checkthat_dev_editorializing"] = {
            "macro_f1": round((subj["f1"] + obj["f1"]) / 2, 4), "SUBJ": subj, "OBJ": obj, "n": len(gold),
        }
    return metrics


def evaluate_model(model_path: Path | None, dataset: Dataset, *, trust: bool = False) -> dict[str, Any]:
    settings = Settings(use_model=True, model_path=model_path, trust_model=trust)
    return evaluate_analyzer(Analyzer(settings), dataset)


def format_report(metrics: dict[str, Any]) -> str:
    lines = [f"held-out examples: {metrics['heldout_examples']}", "",
             f"{'category':<16}{'precision':>10}{'recall':>10}{'F1':>8}{'support':>9}"]
    for c in CATEGORIES:
        m = metrics["heldout"][c]
        lines.append(f"{c:<16}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>8.3f}{m['support']:>9}")
    lines.append(f"{'macro':<16}{'':>10}{'':>10}{metrics['heldout']['macro_f1']:>8.3f}")
    lines += ["", "commercial subtypes (on true commercial paragraphs):"]
    for s, m in metrics["commercial_subtypes_on_true_commercial"].items():
        lines.append(f"  {s:<14}{m['precision']:>10.3f}{m['recall']:>10.3f}{m['f1']:>8.3f}{m['support']:>9}")
    if "checkthat_dev_editorializing" in metrics:
        ct = metrics["checkthat_dev_editorializing"]
        lines += ["", f"CheckThat! 2023 dev (German, n={ct['n']}): editorializing macro-F1 {ct['macro_f1']:.3f} "
                      f"(SUBJ F1 {ct['SUBJ']['f1']:.3f}, OBJ F1 {ct['OBJ']['f1']:.3f})"]
    lines += ["", f"calibration (all categories, held-out; ECE {metrics['expected_calibration_error']:.3f}):",
              f"  {'bin':<10}{'n':>6}{'predicted':>11}{'observed':>10}"]
    for row in metrics["calibration"]:
        lines.append(f"  {row['bin']:<10}{row['n']:>6}{row['mean_predicted']:>11.3f}{row['observed']:>10.3f}")
    return "\n".join(lines)
