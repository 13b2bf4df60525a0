"""Model files are pickles: only the verified shipped model loads without --trust-model."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from biasscan import model as model_module
from biasscan.cli import app
from biasscan.errors import ModelError


class _Payload:
    """Unpickling this object would run code: it creates a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: D105 - pickle protocol
        return (Path.touch, (self.marker,))


def _malicious_model(tmp_path: Path) -> tuple[Path, Path]:
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.joblib"
    path.write_bytes(pickle.dumps(_Payload(marker)))
    return path, marker


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text("Der Rat tagte am Montag.\n", encoding="utf-8")
    return path


def test_foreign_model_is_refused_without_trust(tmp_path: Path, runner, draft: Path) -> None:
    path, marker = _malicious_model(tmp_path)
    result = runner.invoke(app, ["score", str(draft), "--model", str(path)])
    assert result.exit_code == 2
    assert "--trust-model" in result.stderr
    assert "Traceback" not in result.stderr
    assert not marker.exists(), "the pickle must not even be opened"


@pytest.mark.parametrize(
    ("with_card", "error"),
    [(True, "does not match the model card"), (False, "no model card")],
    ids=["tampered", "without-card"],
)
def test_shipped_model_is_refused_unless_its_card_vouches_for_it(
    tmp_path: Path, monkeypatch, with_card: bool, error: str
) -> None:
    copy = tmp_path / "biasscan-model.joblib"
    shutil.copy(model_module.MODEL_FILE, copy)
    if with_card:  # the card is there, but the model file changed after the card was written
        shutil.copy(model_module.card_path(model_module.MODEL_FILE), model_module.card_path(copy))
        data = bytearray(copy.read_bytes())
        data[-1] ^= 0xFF
        copy.write_bytes(bytes(data))
    monkeypatch.setattr(model_module, "MODEL_FILE", copy)
    with pytest.raises(ModelError, match=error):
        model_module.load_model()


def test_trusted_foreign_model_loads_and_is_recorded(tmp_path: Path, runner, draft: Path) -> None:
    copy = tmp_path / "mine.joblib"
    shutil.copy(model_module.MODEL_FILE, copy)
    result = runner.invoke(app, ["score", str(draft), "--model", str(copy), "--trust-model", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    meta = json.loads(result.stdout)["meta"]
    assert meta["scorer"] == "model"
    assert meta["model_sha256"] == model_module.load_model().sha256


def test_trusted_garbage_is_a_clean_error(tmp_path: Path, runner, draft: Path) -> None:
    path = tmp_path / "garbage.joblib"
    path.write_bytes(b"not a pickle at all")
    result = runner.invoke(app, ["score", str(draft), "--model", str(path), "--trust-model"])
    assert result.exit_code == 2
    assert "cannot load model" in result.stderr
