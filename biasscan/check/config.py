"""Check configuration: `biasscan.toml` or `[tool.biasscan]` in `pyproject.toml`, found by walking up.

Keys (in biasscan.toml at the top level, in pyproject.toml under [tool.biasscan]):

    threshold = {loaded = 0.6}                      # flag threshold per category (like -t)
    max = {loaded = 0.2}                            # flagged share per category (like --max)
    fail-on = ["loaded:max=0.9", "hedging:per_1k_words=15"]   # like --fail-on
    [[overrides]]  /  [[tool.biasscan.overrides]]
    paths = ["drafts/kommentar/*"]                  # globs relative to the config file's folder
    max = {editorializing = 1.0}
    fail-on = [...]

Every error names the file and the key and is a usage error (exit 2). CLI flags win over the
config; matching overrides win over the top level, later overrides over earlier ones.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from biasscan.categories import CATEGORIES
from biasscan.check.thresholds import DEFAULT_METRIC, Rules, check_limit, parse_rule
from biasscan.errors import UsageError

CONFIG_NAMES = ("biasscan.toml", "pyproject.toml")
TOP_KEYS = frozenset({"threshold", "max", "fail-on", "overrides"})
OVERRIDE_KEYS = frozenset({"paths", "max", "fail-on"})


@dataclass(slots=True, frozen=True)
class Override:
    patterns: tuple[str, ...]
    rules: Rules


@dataclass(slots=True)
class CheckConfig:
    path: Path | None = None  # None: no config file found
    flag_thresholds: dict[str, float] = field(default_factory=dict)
    rules: Rules = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)

    def rules_for(self, document: str, cli_rules: Mapping[tuple[str, str], float]) -> Rules:
        """The rules that apply to one document: top level, then matching overrides, then CLI flags."""
        merged = dict(self.rules)
        relative = self._relative(document)
        for override in self.overrides:
            if any(fnmatch.fnmatchcase(relative, pattern) for pattern in override.patterns):
                merged.update(override.rules)
        merged.update(cli_rules)
        return merged

    def _relative(self, document: str) -> str:
        """The document path relative to the config file's folder, as the override globs expect it."""
        if self.path is None:
            return Path(document).as_posix()
        try:
            return Path(os.path.abspath(document)).relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            return Path(document).as_posix()


def find_config(start: Path) -> Path | None:
    """The nearest biasscan.toml, or pyproject.toml with a [tool.biasscan] table, from `start` upward."""
    for folder in (start.resolve(), *start.resolve().parents):
        own = folder / "biasscan.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _pyproject_section(pyproject) is not None:
            return pyproject
    return None


def load_config(path: Path | None) -> CheckConfig:
    """Read and validate a config file; `None` gives the empty config."""
    if path is None:
        return CheckConfig()
    path = _shown(path)
    if path.name == "pyproject.toml":
        table, prefix = _pyproject_section(path) or {}, "tool.biasscan."
    else:
        table, prefix = _read_toml(path), ""
    return _parse(path, table, prefix)


def _shown(path: Path) -> Path:
    """The path as error messages show it: relative to the working directory when it lies below it."""
    relative = os.path.relpath(path.resolve())
    return Path(relative) if not relative.startswith("..") else path.resolve()


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib

    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read config ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML ({exc})") from None


def _pyproject_section(path: Path) -> dict[str, Any] | None:
    section = _read_toml(path).get("tool", {}).get("biasscan")
    if section is not None and not isinstance(section, dict):
        raise UsageError(f"{path}: tool.biasscan must be a table")
    return section


def _parse(path: Path, table: dict[str, Any], prefix: str) -> CheckConfig:
    _reject_unknown(path, table, TOP_KEYS, prefix)
    config = CheckConfig(path=path)
    thresholds = _table(path, table, "threshold", prefix)
    for category, value in thresholds.items():
        where = f"{path}: {prefix}threshold.{category}"
        if category not in CATEGORIES:
            raise UsageError(f"{where}: unknown category (one of {', '.join(CATEGORIES)})")
        _, limit = check_limit(category, "max", value, where)  # a flag threshold is a probability in [0, 1]
        config.flag_thresholds[category] = limit
    config.rules = _rules(path, table, prefix)
    overrides = table.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, dict) for o in overrides):
        raise UsageError(f"{path}: {prefix}overrides must be an array of tables ([[{prefix}overrides]])")
    for number, entry in enumerate(overrides, start=1):
        where = f"{prefix}overrides[{number}]."
        _reject_unknown(path, entry, OVERRIDE_KEYS, where)
        patterns = entry.get("paths")
        if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) for p in patterns):
            raise UsageError(f"{path}: {where}paths must be a non-empty list of glob strings")
        config.overrides.append(Override(tuple(patterns), _rules(path, entry, where)))
    return config


def _rules(path: Path, table: dict[str, Any], prefix: str) -> Rules:
    rules: Rules = {}
    for category, value in _table(path, table, "max", prefix).items():
        key, limit = check_limit(category, DEFAULT_METRIC, value, f"{path}: {prefix}max.{category}")
        rules[key] = limit
    fail_on = table.get("fail-on", [])
    if not isinstance(fail_on, list) or not all(isinstance(item, str) for item in fail_on):
        raise UsageError(f"{path}: {prefix}fail-on must be a list of \"CATEGORY[:METRIC]=LIMIT\" strings")
    for number, item in enumerate(fail_on, start=1):
        key, limit = parse_rule(item, f"{path}: {prefix}fail-on[{number}]")
        rules[key] = limit
    return rules


def _table(path: Path, table: dict[str, Any], key: str, prefix: str) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise UsageError(f"{path}: {prefix}{key} must be a table like {{loaded = 0.2}}")
    return value


def _reject_unknown(path: Path, table: dict[str, Any], allowed: frozenset[str], prefix: str) -> None:
    for key in table:
        if key not in allowed:
            raise UsageError(f"{path}: {prefix}{key}: unknown key (allowed: {', '.join(sorted(allowed))})")
