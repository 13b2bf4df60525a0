"""biasscan: German media-bias and rhetoric scanner.

The pandas API (`score_texts`, `score_frame`) is imported lazily so that `import biasscan` and the
CLI stay fast and free of pandas and scikit-learn.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "analyze_text", "score_texts", "score_frame"]


def __getattr__(name: str) -> Any:
    if name == "analyze_text":
        from biasscan.pipeline import analyze_text

        return analyze_text
    if name in ("score_texts", "score_frame"):
        from biasscan import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'biasscan' has no attribute {name!r}")
