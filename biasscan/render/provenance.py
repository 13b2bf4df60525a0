"""One line saying what produced the figures on screen: scorer, model version, lexicon hash, thresholds.

Every view that prints scores (the table, explain, compare, the HTML report) ends with it, so a number
copied from any of them can be traced back to the exact model and lexicon.
"""

from __future__ import annotations

from typing import Any


def provenance(meta: dict[str, Any]) -> str:
    scorer = str(meta.get("scorer", "?"))
    if meta.get("model_version"):
        scorer += f" {meta['model_version']}"
    thresholds = ", ".join(f"{c}={v:g}" for c, v in meta.get("thresholds", {}).items())
    return f"scorer: {scorer} · lexicon {str(meta.get('lexicon_sha256', ''))[:12]} · thresholds {thresholds}"
