"""Threshold rules: `CATEGORY[:METRIC]=LIMIT`, checked against an article profile.

A rule breaks when the document's value is strictly greater than the limit. Metrics are the
fields of the article profile (GUIDELINES.md "Scores"):

    share         word-weighted share of flagged paragraphs (0..1; the default metric, `--max`)
    max           highest paragraph probability (0..1)
    mean          mean paragraph probability (0..1)
    per_1k_words  unquoted cues per 1,000 words (>= 0)
    flagged       number of flagged paragraphs (>= 0)

A category without any rule gets `share=0`: any flagged paragraph breaks it. So the default is
strict and a newsroom loosens it per category.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from biasscan.categories import CATEGORIES
from biasscan.check.verdicts import Breach
from biasscan.errors import UsageError
from biasscan.records import ArticleProfile

METRICS: tuple[str, ...] = ("share", "max", "mean", "per_1k_words", "flagged")
BOUNDED_METRICS = frozenset({"share", "max", "mean"})  # probabilities and shares live in [0, 1]
DEFAULT_METRIC = "share"

Rules = dict[tuple[str, str], float]


def parse_rule(text: str, where: str) -> tuple[tuple[str, str], float]:
    """`loaded=0.2`, `loaded:max=0.9`, `hedging:per_1k_words=15` -> ((category, metric), limit).

    `where` names the option or config key in the error message.
    """
    key, sep, value = text.partition("=")
    category, _, metric = key.strip().partition(":")
    category, metric = category.strip(), (metric.strip() or DEFAULT_METRIC)
    if not sep:
        raise UsageError(f"{where}: expected CATEGORY[:METRIC]=LIMIT, got {text!r}")
    return check_limit(category, metric, value, where)


def check_limit(category: str, metric: str, value: object, where: str) -> tuple[tuple[str, str], float]:
    """Validate one (category, metric, limit) triple; the message names `where` and what is allowed."""
    if category not in CATEGORIES:
        raise UsageError(f"{where}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    if metric not in METRICS:
        raise UsageError(f"{where}: unknown metric {metric!r} (one of {', '.join(METRICS)})")
    if isinstance(value, bool):
        raise UsageError(f"{where}: expected a number, got {value!r}")
    try:
        limit = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UsageError(f"{where}: expected a number, got {value!r}") from None
    if limit < 0 or (metric in BOUNDED_METRICS and limit > 1):
        bound = "[0, 1]" if metric in BOUNDED_METRICS else ">= 0"
        raise UsageError(f"{where}: {category}:{metric} limit {limit:g} must be {bound}")
    return (category, metric), limit


def parse_cli_rules(max_items: Iterable[str], fail_on_items: Iterable[str]) -> Rules:
    """`--max CATEGORY=SHARE` and `--fail-on CATEGORY[:METRIC]=LIMIT` options -> rules."""
    rules: Rules = {}
    for item in max_items:
        if ":" in item.partition("=")[0]:
            raise UsageError(f"--max takes CATEGORY=SHARE (the flagged share); use --fail-on for {item!r}")
        key, limit = parse_rule(item, "--max")
        rules[key] = limit
    for item in fail_on_items:
        key, limit = parse_rule(item, "--fail-on")
        rules[key] = limit
    return rules


def with_defaults(rules: Mapping[tuple[str, str], float]) -> Rules:
    """Add `share=0` for every category that has no rule of its own."""
    complete = dict(rules)
    for category in CATEGORIES:
        if not any(c == category for c, _ in rules):
            complete[(category, DEFAULT_METRIC)] = 0.0
    return dict(sorted(complete.items(), key=lambda item: (CATEGORIES.index(item[0][0]), METRICS.index(item[0][1]))))


def metric_value(profile: ArticleProfile, category: str, metric: str) -> float:
    """Every metric is a field of the category's profile of the same name."""
    return float(getattr(profile.categories[category], metric))


def breaches(profile: ArticleProfile, rules: Mapping[tuple[str, str], float]) -> list[Breach]:
    """Every rule the profile breaks, in rule order. Values are rounded as the profile prints them."""
    found = []
    for (category, metric), limit in rules.items():
        value = round(metric_value(profile, category, metric), 4)
        if value > limit:
            found.append(Breach(category, metric, limit, value))
    return found
