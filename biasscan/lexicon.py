"""Lexicon files: load and validate the TSV rows that say which words are cues for what.

A lexicon is data, not code (like Vale's rules): every row is checked on load and any error names
`file:line`. Regex rows are size-limited and screened for nested quantifiers, because one
catastrophic pattern would stall a corpus run. See lexicons/README.md for the format.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from re import _parser as re_parser  # the stdlib's own regex parser, for `_backtracking_risk`

from biasscan.categories import CATEGORIES, SUBTYPES
from biasscan.errors import LexiconError
from biasscan.senses import SENSES_FILE, Sense, parse_senses
from biasscan.tsv import data_rows

HEADER = ("entry", "match", "category", "subtype", "weight", "source", "licence", "example")
MATCH_MODES = ("word", "head", "phrase", "regex")
MAX_WEIGHT = 3.0
MAX_REGEX_CHARS = 300
MAX_FILE_BYTES = 5_000_000
# A group that itself ends in a quantifier and is quantified again: (a+)+, (\w*)*, (x{2,}){3,}
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}]\)[+*{]")


@dataclass(slots=True, frozen=True)
class Entry:
    entry: str
    match: str
    category: str
    subtype: str
    weight: float
    source: str
    licence: str
    example: str
    origin: str  # "loaded.tsv:17": where the row lives, for explanations and errors


@dataclass(slots=True, frozen=True)
class Lexicon:
    entries: tuple[Entry, ...]
    files: tuple[str, ...]  # the lexicon files, then the senses file when one was loaded
    sha256: str  # over the bytes of every file, in load order: recorded with every export
    senses: tuple[Sense, ...] = ()  # sense rules (biasscan/senses.py) for these rows


def default_lexicon_dir() -> Path:
    """Installed wheels carry the lexicons inside the package; a source checkout has them at the top."""
    packaged = Path(__file__).parent / "_lexicons"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "lexicons"


def default_lexicon_paths() -> list[Path]:
    return sorted(p for p in default_lexicon_dir().glob("*.tsv") if p.name != SENSES_FILE)


def default_senses_path() -> Path:
    return default_lexicon_dir() / SENSES_FILE


def load_lexicon(extra: list[Path] | None = None, *, defaults: bool = True, senses: Path | None = None) -> Lexicon:
    """The shipped lexicons (unless `defaults` is False) plus `extra` files, with the sense rules of
    `senses` (by default the shipped senses file when the shipped lexicons are loaded)."""
    shipped = default_lexicon_paths() if defaults else []
    paths = shipped + list(extra or [])
    if not paths:
        raise LexiconError(f"no lexicon files found (looked in {default_lexicon_dir()})")
    digest = hashlib.sha256()
    entries: list[Entry] = []
    for path in paths:
        entries.extend(parse_lexicon(_read_text(path, digest), path.name))
    # The shipped sense rules name shipped rows: they come with the shipped files, never without.
    if senses is None and shipped and default_senses_path().exists():
        senses = default_senses_path()
    rules: list[Sense] = []
    if senses is not None:
        known = {(e.entry.lower(), e.category) for e in entries}
        rules = parse_senses(_read_text(senses, digest), senses.name, known)
        paths.append(senses)  # listed with the lexicon files in every export's metadata
    return Lexicon(tuple(entries), tuple(str(p) for p in paths), digest.hexdigest(), tuple(rules))


def _read_text(path: Path, digest: hashlib._Hash) -> str:
    """A lexicon or senses file's text; its name and bytes go into `digest` (the lexicon hash)."""
    data = _read(path)
    digest.update(path.name.encode() + b"\0" + data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:  # e.g. a binary file named .tsv: refuse it, never interpret it
        raise LexiconError(f"{path}: lexicon is not UTF-8 text (invalid byte at offset {exc.start})") from None


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LexiconError(f"{path}: lexicon file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed")
        return path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon ({exc.strerror})") from None


def parse_lexicon(text: str, name: str) -> list[Entry]:
    entries: list[Entry] = []
    seen: dict[tuple[str, str, str], str] = {}
    for where, cells in data_rows(text, name, HEADER, "lexicon"):
        entry = _validate(cells, where)
        key = (entry.entry.lower(), entry.match, entry.category)
        if key in seen:
            line = seen[key].rsplit(":", 1)[1]
            raise LexiconError(f"{where}: duplicate of line {line} ({entry.entry!r}, {entry.match})")
        seen[key] = where
        entries.append(entry)
    return entries


def _validate(cells: list[str], where: str) -> Entry:
    """One row's cells (in HEADER order) -> Entry, or the first problem as a LexiconError. Runs for
    every row on every start, so the cells are unpacked once rather than looked up by name."""
    text, match, category, subtype, weight_text, source, licence, example = cells
    if not text:
        raise LexiconError(f"{where}: empty entry")
    if match not in MATCH_MODES:
        raise LexiconError(f"{where}: match must be one of {', '.join(MATCH_MODES)}, not {match!r}")
    if category not in CATEGORIES:
        raise LexiconError(f"{where}: unknown category {category!r} (one of {', '.join(CATEGORIES)})")
    if subtype not in SUBTYPES[category]:
        raise LexiconError(
            f"{where}: unknown subtype {subtype!r} for {category} (one of {', '.join(SUBTYPES[category])})"
        )
    try:
        weight = float(weight_text)
    except ValueError:
        raise LexiconError(f"{where}: weight {weight_text!r} is not a number") from None
    if not 0.0 < weight <= MAX_WEIGHT:
        raise LexiconError(f"{where}: weight {weight} outside (0, {MAX_WEIGHT}]")
    if not source:
        raise LexiconError(f"{where}: every row needs a source")
    if match == "regex":
        _check_regex(text, where)
    elif match in ("word", "head") and " " in text:
        raise LexiconError(f"{where}: {match} entries are single words; use match=phrase")
    elif match != "phrase" and text.rstrip("*").count("*"):
        raise LexiconError(f"{where}: '*' is allowed only at the end of a word")
    if text.endswith("*") and len(text.rstrip("*")) < 4:
        raise LexiconError(f"{where}: stems need at least 4 letters before '*'")
    return Entry(text, match, category, subtype, weight, source, licence, example, where)


def _check_regex(pattern: str, where: str) -> None:
    if len(pattern) > MAX_REGEX_CHARS:
        raise LexiconError(f"{where}: regex longer than {MAX_REGEX_CHARS} characters")
    if _NESTED_QUANTIFIER.search(pattern):
        raise LexiconError(f"{where}: regex has a nested quantifier (catastrophic backtracking risk)")
    if re.search(r"\(\?P?<(?![=!])", pattern):
        raise LexiconError(f"{where}: named groups are not allowed in lexicon regexes")
    if re.search(r"\(\?[aiLmsux]+\)", pattern):
        raise LexiconError(f"{where}: inline flags are not allowed (matching is always case-insensitive)")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise LexiconError(f"{where}: invalid regex ({exc})") from None
    problem = _backtracking_risk(pattern)
    if problem:
        raise LexiconError(f"{where}: regex {problem} (catastrophic backtracking risk)")


MAX_REPEAT_COUNT = 100  # {n,m} bounds above this are not a word list's business


def _backtracking_risk(pattern: str) -> str | None:
    """Screen the parsed pattern, which the textual check above cannot see through: a repeat inside a
    repeat behind extra groups (`((a+))+`, `(\\w+\\s?)+`), an alternation under a repeat (`(a|aa)+`),
    back-references, and huge repeat bounds. Each can make one pattern take exponential time."""
    repeats = {re_parser.MAX_REPEAT, re_parser.MIN_REPEAT, re_parser.POSSESSIVE_REPEAT}

    def walk(items: object, inside_repeat: bool) -> str | None:
        for op, arg in items:  # type: ignore[attr-defined]
            if op in (re_parser.GROUPREF, re_parser.GROUPREF_EXISTS):
                return "uses a back-reference"
            if op in repeats:
                low, high, body = arg
                if (high != re_parser.MAXREPEAT and high > MAX_REPEAT_COUNT) or low > MAX_REPEAT_COUNT:
                    return f"has a repeat bound above {MAX_REPEAT_COUNT}"
                many = high == re_parser.MAXREPEAT or high > 1
                if many and inside_repeat:
                    return "has a nested quantifier"
                found = walk(body, inside_repeat or many)
            elif op is re_parser.BRANCH:
                if inside_repeat:
                    return "has an alternation inside a repeated group"
                found = next((r for r in (walk(b, inside_repeat) for b in arg[1]) if r), None)
            elif op is re_parser.SUBPATTERN:
                found = walk(arg[3], inside_repeat)
            elif op in (re_parser.ASSERT, re_parser.ASSERT_NOT):
                found = walk(arg[1], inside_repeat)
            elif op is re_parser.ATOMIC_GROUP:  # (?>...): its body is checked like any group's
                found = walk(arg, inside_repeat)
            else:
                found = None
            if found:
                return found
        return None

    return walk(re_parser.parse(pattern), False)
