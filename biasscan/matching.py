"""Lexicon x tokens -> cues, in one pass over the tokens (and one for split separable verbs) plus one
combined regex.

Every word form is looked up in hash tables built once per lexicon (base words, stems, compound
heads, first words of phrases; a form's inflection endings are stripped at lookup), so the cost
per token does not grow with the size of the lexicon, and results per distinct token are memoised
because news vocabulary is Zipfian. Regex rows are joined into one compiled pattern.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from re import _constants as re_constants  # the parser of `re`, used to find a literal each regex row needs
from re import _parser as re_parser
from typing import TypeVar

from biasscan.lexicon import Entry, Lexicon
from biasscan.records import Cue
from biasscan.rules import ATTRIBUTION
from biasscan.senses import Sense
from biasscan.tokens import Tokenized, token_lowers, tokenize

# Nominal and adjectival inflection endings: Machthaber -> Machthabers, brisant -> brisanten.
INFLECTIONS: tuple[str, ...] = ("", "e", "s", "es", "n", "en", "er", "em", "ern", "ens")
# Comparative and superlative of an adjective written in lower case (absurd -> absurdere, brutal ->
# brutalsten, skrupellos -> skrupellosesten). Nouns are written capitalised and never take these.
COMPARISON: tuple[str, ...] = (
    "ere", "erem", "eren", "erer", "eres",
    "st", "ste", "stem", "sten", "ster", "stes",
    "este", "estem", "esten", "ester", "estes",
)


def _endings_by_last() -> dict[str, tuple[tuple[str, bool], ...]]:
    """The non-empty endings by their last letter, each with whether it is a COMPARISON ending (taken
    only by rows written in lower case); INFLECTIONS and COMPARISON share no ending. For `_inflected`."""
    endings: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    for ending in INFLECTIONS[1:]:
        endings[ending[-1]].append((ending, False))
    for ending in COMPARISON:
        endings[ending[-1]].append((ending, True))
    return {last: tuple(group) for last, group in endings.items()}


_ENDINGS_BY_LAST = _endings_by_last()
NEGATORS = frozenset(
    "nicht kein keine keinen keinem keiner keines kaum nie niemals nichts weder ohne".split()
)
# Negation before an evaluative word damps it (LINGUISTICS.md 9); it does not make it positive.
NEGATION_FACTOR = 0.3
_NEGATABLE = frozenset({"loaded", "editorializing"})
# An evaluation or demand in a sentence that names its speaker ("Die Ministerin forderte, die
# Kommunen müssten endlich ...") is the speaker's opinion reported as theirs, not the outlet's
# (GUIDELINES.md 4): such editorializing cues are damped like negated ones.
ATTRIBUTION_FACTOR = 0.3
_ATTRIBUTABLE = frozenset({"editorializing"})
_MEMO_LIMIT = 200_000
# Particles of separable verbs that stand alone at the end of a clause ("knickt ... ein", "walzt ...
# nieder", "spielt ... hoch"). Only rows written as the joined verb can match, so a particle that is
# also a preposition costs a lookup, never a false cue.
SEPARABLE_PARTICLES = frozenset(
    "ab an auf aus ein mit nach vor weg zurück los nieder hoch herum zusammen runter herunter drauf durch"
    " herbei fremd blank kaputt fest zurecht".split()
)
_PARTICLE_WINDOW = 10
T = TypeVar("T")


class Matcher:
    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        # `word` rows and the first words of phrases are indexed by their base word only, with each
        # row's position in the lexicon; a token's endings are stripped at lookup (`_inflected`),
        # once per distinct token (memoised). Listing every inflected form of every row up front
        # (~45,000 keys for 4,013 rows) took ~55 ms of the ~0.5 s a one-article `biasscan score`
        # took, and ~8 MB, for forms most texts never contain.
        self._words: dict[str, list[tuple[int, Entry, bool]]] = defaultdict(list)
        self._stems: dict[str, list[Entry]] = defaultdict(list)
        self._heads: dict[str, list[Entry]] = defaultdict(list)
        self._phrase_words: dict[str, list[tuple[int, tuple[Entry, tuple[str, ...]], bool]]] = defaultdict(list)
        self._phrase_stem: dict[str, list[tuple[Entry, tuple[str, ...]]]] = defaultdict(list)
        regexes: list[Entry] = []
        for position, entry in enumerate(lexicon.entries):
            word = entry.entry.lower()
            if entry.match == "regex":
                regexes.append(entry)
            elif entry.match == "phrase":
                words = token_lowers(entry.entry) or (word,)
                words = tuple(w + "*" if w + "*" in word else w for w in words)
                first = words[0]
                if first.endswith("*"):
                    self._phrase_stem[first[:-1]].append((entry, words))
                else:
                    self._phrase_words[first].append((position, (entry, words), False))
            elif word.endswith("*"):
                self._stems[word.rstrip("*")].append(entry)
            elif entry.match == "head":
                for suffix in INFLECTIONS:
                    self._heads[word + suffix].append(entry)
            else:
                # Comparison endings only for a row written in lower case (an adjective), see COMPARISON.
                self._words[word].append((position, entry, entry.entry[:1].islower()))
        self._stem_lengths = sorted({len(s) for s in self._stems}, reverse=True)
        self._head_lengths = sorted({len(h) for h in self._heads}, reverse=True)
        self._phrase_stem_lengths = sorted({len(s) for s in self._phrase_stem}, reverse=True)
        self._senses = SenseFilter(lexicon.senses)
        self._regex_entries = regexes
        self._regex = _combined(regexes, range(len(regexes))) if regexes else None
        self._regex_filters = _regex_filters([e.entry for e in regexes]) if regexes else None
        self._regex_subsets: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._memo: dict[str, tuple[Entry, ...]] = {}
        # Per word form: () when it hits nothing, else (its entries, the phrases that may start with it,
        # what their second word may be: see `_second_words`).
        self._hits_memo: dict[str, tuple] = {}

    def _word_entries(self, lower: str) -> tuple[Entry, ...]:
        """Entries matching one token (word forms, stems, compound heads), memoised."""
        found = self._memo.get(lower)
        if found is not None:
            return found
        hits: list[Entry] = []
        parts = [lower] + (lower.split("-") if "-" in lower else [])
        for part in parts:
            hits.extend(_inflected(self._words, part))
            for n in self._stem_lengths:
                if len(part) >= n:
                    hits.extend(self._stems.get(part[:n], ()))
        tail = parts[-1]
        for n in self._head_lengths:
            if len(tail) >= n:
                hits.extend(self._heads.get(tail[-n:], ()))
        result = tuple(dict.fromkeys(hits))  # an entry hit through two parts counts once
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        self._memo[lower] = result
        return result

    def match(self, text: str, tokenized: Tokenized | None = None) -> list[Cue]:
        if tokenized is None:  # not `or`: a paragraph without tokens is a falsy Tokenized, tokenized again
            tokenized = tokenize(text)
        # The token columns, not `Token` records: building a record per token for every paragraph
        # cost about a fifth of matching.
        lowers, starts, ends, sentences, quoted = (
            tokenized.lowers, tokenized.starts, tokenized.ends, tokenized.sentences, tokenized.quoted
        )
        attributed = {sentences[i] for i, lower in enumerate(lowers) if lower in ATTRIBUTION and not quoted[i]}
        cues: list[Cue] = []
        hits_memo = self._hits_memo
        for i, lower in enumerate(lowers):
            # Most tokens hit nothing: one dict lookup per token decides that, without a call.
            hits = hits_memo.get(lower)
            if hits is None:
                hits = self._token_hits(lower)
            if not hits:
                continue
            entries, candidates, seconds = hits
            start, in_speech = starts[i], quoted[i]
            reported = sentences[i] in attributed
            for entry in entries:
                cues.append(_cue(entry, text, start, ends[i], in_speech, _negated(tokenized, i, entry), reported))
            if candidates and _may_continue(seconds, lowers[i + 1] if i + 1 < len(lowers) else None):
                for entry, words in candidates:
                    end = _phrase_end(lowers, i, words)
                    if end is not None:
                        cues.append(_cue(entry, text, start, ends[end], in_speech, False, reported))
        cues.extend(self._split_verb_cues(text, tokenized, attributed))
        regex = self._regex_for(text)
        if regex is not None:
            for m in regex.finditer(text):
                if m.end() == m.start():
                    continue
                entry = self._regex_entries[int(m.lastgroup[1:])]  # type: ignore[index]
                cues.append(_cue(entry, text, m.start(), m.end(), tokenized.in_speech(m.start()), False))
        if self._senses:
            cues = self._senses.drop_plain_senses(cues, tokenized)
        return drop_nested(cues)

    def _regex_for(self, text: str) -> re.Pattern[str] | None:
        """The combined regex reduced to the rows that match somewhere in `text` (None: no row does).

        At each position the combined pattern takes the first alternative that matches there, so
        leaving out rows that match nowhere in the text changes no match. Whether a row matches
        anywhere is decided by its own `search` (same flags, same text, so lookbehinds, anchors and
        `\\b` behave alike), skipped when a literal the row cannot match without is absent.
        """
        if self._regex is None or self._regex_filters is None:
            return self._regex
        present = tuple(
            i for i, (literal, row) in enumerate(self._regex_filters)
            if (literal is None or literal.search(text)) and row.search(text)
        )
        if not present:
            return None
        regex = self._regex_subsets.get(present)
        if regex is None:
            if len(self._regex_subsets) > 4096:
                self._regex_subsets.clear()
            regex = self._regex_subsets[present] = _combined(self._regex_entries, present)
        return regex

    def _split_verb_cues(self, text: str, tok: Tokenized, attributed: set[int]) -> list[Cue]:
        """'knickt ... ein', 'zocken ... ab': German splits a separable verb and puts the particle at
        the end of the clause, so the verb is looked up joined with it (einknickt, abzocken) and one
        row (`einknick*`, `abzock*`) covers both word orders. The cue spans the verb only, so it does
        not swallow other cues of the clause."""
        cues: list[Cue] = []
        texts, lowers, sentences = tok.texts, tok.lowers, tok.sentences
        for j, particle in enumerate(lowers):
            if particle not in SEPARABLE_PARTICLES or not _clause_final(text, tok, j):
                continue
            sentence = sentences[j]
            for i in range(j - 1, max(j - 1 - _PARTICLE_WINDOW, -1), -1):
                if sentences[i] != sentence:
                    break
                if texts[i][:1].isupper() and i > 0 and sentences[i - 1] == sentence:
                    continue  # a noun, not a finite verb
                for entry in self._word_entries(particle + lowers[i]):
                    if entry.entry.lower().startswith(particle):
                        negated = _negated(tok, i, entry)
                        cues.append(_cue(entry, text, tok.starts[i], tok.ends[i], tok.quoted[i], negated, sentence in attributed))
        return cues

    def _token_hits(self, lower: str) -> tuple:
        """A word form's entries, the phrases that may start with it and what their second word may
        be, memoised per form; () when it has neither entries nor phrases, so the caller's truth test
        skips the token."""
        entries, candidates = self._word_entries(lower), self._phrase_candidates(lower)
        hits = (entries, candidates, _second_words(candidates)) if entries or candidates else ()
        if len(self._hits_memo) > _MEMO_LIMIT:
            self._hits_memo.clear()
        self._hits_memo[lower] = hits
        return hits

    def _phrase_candidates(self, lower: str) -> tuple[tuple[Entry, tuple[str, ...]], ...]:
        """Phrases that may start at this token (memoised by `_token_hits`)."""
        hits = _inflected(self._phrase_words, lower)
        for n in self._phrase_stem_lengths:
            if len(lower) >= n:
                hits.extend(self._phrase_stem.get(lower[:n], ()))
        return tuple(hits)


def _inflected(index: dict[str, list[tuple[int, T, bool]]], form: str) -> list[T]:
    """What `index` (base word -> (lexicon position, item, takes comparison endings)) holds for the
    bases `form` can be an inflection of: `form` itself, or `form` minus an ending of INFLECTIONS, or
    minus one of COMPARISON for the items that take those. In lexicon order, the order a table
    listing every inflected form of every row would give (a row cannot reach one form twice: no two
    endings are equal). Only the endings that end in the form's last letter are tried."""
    found: list[tuple[int, T]] = []
    for position, item, _ in index.get(form, ()):
        found.append((position, item))
    for ending, comparison in _ENDINGS_BY_LAST.get(form[-1:], ()):
        if form.endswith(ending):
            for position, item, graded in index.get(form[: len(form) - len(ending)], ()):
                if graded or not comparison:
                    found.append((position, item))
    if len(found) > 1:
        found.sort(key=_position)
    return [item for _, item in found]


def _position(hit: tuple[int, object]) -> int:
    return hit[0]


def _may_continue(seconds: tuple[frozenset[str] | None, tuple[str, ...]], following: str | None) -> bool:
    """Whether `following` can be the second word of any of a token's phrases (`_second_words`).
    Short function words start many phrases (*in die Tasche greifen*, *vor dem Aus*), so most of
    their occurrences are ruled out by one look-up instead of a comparison per phrase. Answers True
    when unsure (a one-word phrase), never a wrong False."""
    exact, stems = seconds
    if exact is None:
        return True
    if following is None:
        return False
    return following in exact or following.startswith(stems)


def _second_words(candidates: tuple[tuple[Entry, tuple[str, ...]], ...]) -> tuple[frozenset[str] | None, tuple[str, ...]]:
    """The forms (word + inflection) and stems the second word of these phrases may take; (None, ())
    when a one-word phrase is among them, so that any following token can complete one."""
    exact: set[str] = set()
    stems: list[str] = []
    for _, words in candidates:
        if len(words) < 2:
            return None, ()
        second = words[1]
        if second.endswith("*"):
            stems.append(second[:-1])
        else:
            exact.update(second + suffix for suffix in INFLECTIONS)
    return frozenset(exact), tuple(stems)


def _combined(entries: list[Entry], rows: Iterable[int]) -> re.Pattern[str]:
    """The regex rows `rows` as one pattern, row i in a group named `r<i>` so a match names its row."""
    return re.compile("|".join(f"(?P<r{i}>{entries[i].entry})" for i in rows), re.I)


def _regex_filters(patterns: list[str]) -> list[tuple[re.Pattern[str] | None, re.Pattern[str]]] | None:
    """Per regex row: a literal it needs (or None) and the row compiled alone; None when a row does not
    compile alone. Rows never hold group references: the lexicon loader rejects them (`_check_regex`),
    so a row means the same inside the combined pattern and alone."""
    filters: list[tuple[re.Pattern[str] | None, re.Pattern[str]]] = []
    for pattern in patterns:
        try:
            parsed = re_parser.parse(pattern, re.I)
            row = re.compile(pattern, re.I)
        except (re.error, RecursionError):
            return None
        literal = _required_literal(parsed.data)
        filters.append((re.compile(re.escape(literal), re.I) if literal else None, row))
    return filters


def _required_literal(items: list) -> str:
    """The longest run of literal characters that every match of the sequence contains ("" if none)."""
    best, run = "", ""
    for op, av in items:
        if op is re_constants.LITERAL:
            run += chr(av)
            continue
        if op is re_constants.SUBPATTERN and av[1] == 0 and av[2] == 0:  # a group without flag changes
            inner = _required_literal(list(av[-1]))
            best = max(best, run, inner, key=len)
        else:
            best = max(best, run, key=len)
        run = ""
    return max(best, run, key=len)


def _clause_final(text: str, tok: Tokenized, j: int) -> bool:
    """The token closes its clause: last token, end of sentence, or punctuation right after it."""
    if j + 1 >= len(tok) or tok.sentences[j + 1] != tok.sentences[j]:
        return True
    return any(mark in text[tok.ends[j] : tok.starts[j + 1]] for mark in ",;:–)")


def _phrase_end(lowers: list[str], i: int, words: tuple[str, ...]) -> int | None:
    """Index of the phrase's last token if `words` match the tokens from i on, else None."""
    if i + len(words) > len(lowers):
        return None
    for offset, word in enumerate(words[1:], start=1):
        if not _word_matches(word, lowers[i + offset]):
            return None
    return i + len(words) - 1


def _word_matches(word: str, lower: str) -> bool:
    """Whether token `lower` is `word` (a lower-case word of a phrase row or a sense rule): a stem
    (trailing `*`) by its prefix, else the word itself or the word plus an ending of INFLECTIONS."""
    if word.endswith("*"):
        return lower.startswith(word[:-1])
    return lower.startswith(word) and lower[len(word) :] in INFLECTIONS


def _negated(tok: Tokenized, i: int, entry: Entry) -> bool:
    if entry.category not in _NEGATABLE:
        return False
    lowers, sentences = tok.lowers, tok.sentences
    sentence = sentences[i]
    for j in (i - 1, i - 2):
        if j >= 0 and sentences[j] == sentence and lowers[j] in NEGATORS:
            # "nicht nur brisant" intensifies rather than negates
            return not (j + 1 < len(lowers) and lowers[j + 1] == "nur")
    return _rejected_after(lowers, sentences, i)


# The outlet rejects a fronted word in the words after it: "Einen Eklat gab es nicht",
# "Von einem Horrorszenario kann keine Rede sein".
_EXISTENTIAL = frozenset("gab gibt gäbe".split())
_REJECTION_WINDOW = 4


def _rejected_after(lowers: list[str], sentences: list[int], i: int) -> bool:
    sentence = sentences[i]
    after = [lowers[k] for k in range(i + 1, min(i + 1 + _REJECTION_WINDOW, len(lowers))) if sentences[k] == sentence]
    for k, word in enumerate(after):
        if word == "rede" and k > 0 and after[k - 1] in ("keine", "kaum"):
            return True
        if word in _EXISTENTIAL and after[k + 1 : k + 2] == ["es"] and after[k + 2 : k + 3] and after[k + 2] in NEGATORS:
            return True
    return False


def _cue(entry: Entry, text: str, start: int, end: int, quoted: bool, negated: bool, reported: bool = False) -> Cue:
    weight = entry.weight * (NEGATION_FACTOR if negated else 1.0)
    if reported and entry.category in _ATTRIBUTABLE:
        weight *= ATTRIBUTION_FACTOR
    source = f"{entry.origin} ({entry.source})"
    return Cue(entry.category, entry.subtype, text[start:end], start, end, quoted, weight, entry.entry, source, negated,
               entry.origin)


def drop_nested(cues: list[Cue]) -> list[Cue]:
    """Within a category keep one cue per span: the longest, then the heaviest; order by position."""
    cues.sort(key=lambda c: (c.category, c.start, -(c.end - c.start), -c.weight))
    kept: list[Cue] = []
    last: dict[str, int] = {}
    for cue in cues:
        if cue.end <= last.get(cue.category, -1):
            continue
        kept.append(cue)
        last[cue.category] = cue.end
    kept.sort(key=lambda c: (c.start, c.category))
    return kept


class SenseFilter:
    """Drops the cues whose sentence shows the plain sense of their row's word."""

    def __init__(self, senses: tuple[Sense, ...]) -> None:
        self._by_row: dict[tuple[str, str], list[Sense]] = {}
        for sense in senses:
            self._by_row.setdefault((sense.entry.lower(), sense.category), []).append(sense)

    def __bool__(self) -> bool:
        return bool(self._by_row)

    def drop_plain_senses(self, cues: list[Cue], tokenized: Tokenized) -> list[Cue]:
        if not any((c.entry.lower(), c.category) in self._by_row for c in cues):
            return cues  # the common case: no cue has a sense rule, nothing to look at
        kept = []
        for cue in cues:
            senses = self._by_row.get((cue.entry.lower(), cue.category))
            if not senses or not self._in_plain_sense(cue, senses, tokenized):
                kept.append(cue)
        return kept

    @staticmethod
    def _in_plain_sense(cue: Cue, senses: list[Sense], tokenized: Tokenized) -> bool:
        starts, sentences = tokenized.starts, tokenized.sentences
        first = bisect_left(starts, cue.start)  # the cue's first token
        if first == len(starts):
            return False
        sentence = sentences[first]
        context = [low for low, s, start in zip(tokenized.lowers, sentences, starts, strict=True)
                   if s == sentence and not cue.start <= start < cue.end]  # the cue's own words are no context
        return any(_marks_plain_sense(sense, low) for sense in senses for low in context)


def _marks_plain_sense(sense: Sense, lower: str) -> bool:
    """A context word of the rule matches the token as a word of a phrase row would (`_word_matches`)."""
    return any(_word_matches(word, lower) for word in sense.unless)
