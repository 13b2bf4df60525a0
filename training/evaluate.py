"""`make eval`: the shipped model's metrics on the held-out split, CheckThat! dev and calibration.

Run as `python -m training.evaluate [--no-model]`; `--no-model` evaluates the lexicon scores alone,
as a baseline for the model card.
"""

from __future__ import annotations

import sys

from biasscan.evaluation import evaluate_analyzer, format_report
from biasscan.pipeline import Analyzer, Settings
from biasscan.training_data import load_dataset


def main(argv: list[str]) -> int:
    dataset = load_dataset()
    for line in dataset.log:
        print(f"note: {line}", file=sys.stderr)
    use_model = "--no-model" not in argv
    analyzer = Analyzer(Settings(use_model=use_model))
    print(f"scorer: {analyzer.metadata['scorer']} {analyzer.metadata['model_version'] or ''}".rstrip())
    print(format_report(evaluate_analyzer(analyzer, dataset)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
