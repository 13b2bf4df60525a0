"""Placeholder until the trained model lands: reports that no shipped model is installed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).parent / "models"
MODEL_FILE = MODEL_DIR / "biasscan-model.joblib"


def shipped_model_available() -> bool:
    return MODEL_FILE.is_file()


def load_model(path: Path | None, *, trust: bool, lexicon_sha256: str) -> Any:
    from biasscan.errors import ModelError

    raise ModelError("the trained model is not available in this build; use --no-model")
