"""Cues a word list cannot express (LINGUISTICS.md): verb forms, sentence types, address.

Each rule is a small function over one paragraph's tokens and returns cues named `rule:<name>`,
so explanations say which rule fired. The rules skip tokens inside quoted speech, because those
are someone else's words (GUIDELINES.md); the exceptions are `imperative_offer`, which reads the
whole paragraph, quotes included, and `scare_quote`, which fires on the outlet's own quotation marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from biasscan.records import Cue
from biasscan.tokens import Tokenized

_REPORTATIVE_MODALS = frozenset("soll sollen sollst sollte sollten will wollen wollte wollten".split())
_SOLLEN = frozenset("soll sollen".split())
_PERFECT_AUX = frozenset("haben sein worden gewesen".split())
_INSEPARABLE = ("be", "ver", "zer", "er", "ent", "emp", "miss", "über", "unter", "hinter", "wider", "ge")
_KONJ2 = ("könnte", "dürfte", "müsste", "würde", "wäre", "hätte")
_VAGUE_SOURCES = frozenset(
    "experten expertinnen fachleute kritiker kritikerinnen beobachter beobachterinnen insider kreise "
    "quellen analysten analystinnen stimmen diplomaten insidern kreisen quellenangaben".split()
)
_VAGUE_PEOPLE = frozenset("menschen leute bürger stimmen".split())
_VAGUE_QUANTIFIERS = frozenset("einige viele manche etliche zahlreiche immer mehr".split())
_REPORTING_STEMS = (
    "sag", "mein", "befürcht", "fürcht", "warn", "glaub", "schätz", "vermut", "behaupt", "bericht", "geh",
    "halt", "hält", "seh", "sieh", "erwart", "rechn", "deut", "zufolge", "sprech", "spricht", "zweifel",
    "sind", "ist", "heißt", "spekulier", "mutmaß", "wiss", "weiß", "bestätig", "meld",
    "bemängel", "kritisier", "monier", "beklag",
)
_FIRST_PERSON_PLURAL = frozenset("wir uns unser unsere unseren unserem unserer unseres".split())
_DEONTIC = frozenset("muss müssen müsste müssten sollte sollten".split())
_DEMAND_MARKERS = frozenset("endlich statt anstatt lieber".split())
_EPISTEMIC_MODALS = frozenset("könnte könnten dürfte dürften".split())
_APPEARANCE = frozenset("scheint scheinen schien schienen".split())
_RHETORICAL_PARTICLES = frozenset("eigentlich ernsthaft etwa überhaupt wirklich".split())
# Words that attribute a sentence to someone else (reporting verbs, 'laut', Konjunktiv I of modals):
# an evaluation or demand in such a sentence is the speaker's, not the outlet's (GUIDELINES.md 4).
ATTRIBUTION = frozenset(
    "sagte sagten sagt erklärte erklärten forderte forderten betonte betonten laut zufolge meinte "
    "kritisierte verlangte verlangten mahnte appellierte warnte müsse solle sollen angaben".split()
)
_SECOND_PERSON = frozenset(("Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer", "Ihres"))
_IMPERATIVE_FOLLOWERS = frozenset("sich jetzt hier gleich sofort noch heute".split())
# `(?<!\d)` lets a number match only from its first digit: same matches, but a long run of digits
# no longer costs quadratic time (every start inside the run would rescan it to its end).
_OFFER = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s?Uhr\b|nur noch (?:heute|bis|wenige)|solange (?:der )?Vorrat|"
    r"(?<!\d)\d+(?:[.,]\d+)?\s?(?:€|Euro\b|EUR\b)|€\s?\d|-?(?<!\d)\d+\s?%\s?(?:Rabatt|günstiger|sparen)|\bgratis\b|"
    r"\bversandkostenfrei\b|\bGutschein|\bRabatt",
    re.I,
)

Rule = Callable[[str, Tokenized], list[Cue]]


def _rule_cue(category: str, subtype: str, name: str, text: str, start: int, end: int, weight: float) -> Cue:
    """A rule's cue (rule cues are never marked `quoted`)."""
    return Cue(category, subtype, text[start:end], start, end, False, weight, name, f"rule:{name}")


# The rules read the token columns of `Tokenized` (texts, lowers, starts, ends, sentences, quoted)
# directly, and walk the paragraph by its `sentence_ranges` (token index ranges [a, b), found once).


def _looks_like_participle(lower: str) -> bool:
    if lower.endswith("iert"):
        return True
    if not lower.endswith(("t", "en")) or len(lower) < 5:
        return False
    return "ge" in lower[:9] or lower.startswith(_INSEPARABLE)


def reportative_modal(text: str, tok: Tokenized) -> list[Cue]:
    """sollen/wollen + perfect infinitive reports an unverified claim; plain soll + infinitive is weaker."""
    cues = []
    lowers, quoted, starts, ends = tok.lowers, tok.quoted, tok.starts, tok.ends
    for a, b in tok.sentence_ranges:
        if _REPORTATIVE_MODALS.isdisjoint(lowers[a:b]):
            continue
        outside = [i for i in range(a, b) if not quoted[i]]
        modals = [i for i in outside if lowers[i] in _REPORTATIVE_MODALS]
        if not modals:
            continue
        perfect = next(
            ((x, y) for x, y in zip(outside, outside[1:], strict=False)
             if lowers[y] in _PERFECT_AUX and _looks_like_participle(lowers[x])),
            None,
        )
        if perfect:
            x, y = perfect
            start, end = min(starts[modals[0]], starts[x]), max(ends[modals[0]], ends[y])
            cues.append(_rule_cue("hedging", "reportative", "reportative_perfect", text, start, end, 1.5))
        else:
            m = next((m for m in modals if lowers[m] in _SOLLEN), None)
            if m is not None:
                cues.append(_rule_cue("hedging", "reportative", "soll_infinitive", text, starts[m], ends[m], 0.25))
    return cues


def stacked_konjunktiv(text: str, tok: Tokenized) -> list[Cue]:
    """Two or more Konjunktiv II forms in one sentence stack speculation."""
    cues = []
    lowers, quoted = tok.lowers, tok.quoted
    for a, b in tok.sentence_ranges:
        forms = [i for i in range(a, b) if not quoted[i] and lowers[i].startswith(_KONJ2)]
        if len(forms) >= 2:
            cues.append(_rule_cue("hedging", "modal", "stacked_konjunktiv", text, tok.starts[forms[0]],
                                  tok.ends[forms[-1]], 0.8))
    return cues


def vague_source(text: str, tok: Tokenized) -> list[Cue]:
    """An unnamed group as the source of a claim: 'Experten befürchten', 'westlichen Quellen zufolge'."""
    cues = []
    lowers, quoted, texts = tok.lowers, tok.quoted, tok.texts
    for a, b in tok.sentence_ranges:
        candidates = [
            i for i in range(a, b)
            if not quoted[i] and (
                lowers[i] in _VAGUE_SOURCES
                or (lowers[i] in _VAGUE_PEOPLE and i > a and lowers[i - 1] in _VAGUE_QUANTIFIERS)
            )
        ]
        if not candidates or not any(lower.startswith(_REPORTING_STEMS) for lower in lowers[a:b]):
            continue
        for i in candidates:
            if not _named_nearby(texts, lowers, i, b):
                start = tok.starts[i - 1] if i > a and not texts[i - 1][0].isupper() else tok.starts[i]
                cues.append(_rule_cue("hedging", "vague_source", "vague_source", text, start, tok.ends[i], 1.0))
                break
    return cues


def _named_nearby(texts: list[str], lowers: list[str], i: int, b: int) -> bool:
    """A name or an acronym right after the group makes it a named source ('Experten des DIW')."""
    after = range(i + 1, min(i + 5, b))
    n = len(after)
    for j, k in enumerate(after):
        t = texts[k]
        if len(t) >= 2 and t.isupper():
            return True
        if lowers[k] == "wie" and j + 1 < n and texts[k + 1][:1].isupper():
            return True
        if j + 1 < n and t[:1].isupper() and texts[k + 1][:1].isupper() and j > 0:
            return True
    return False


def first_person_plural(text: str, tok: Tokenized) -> list[Cue]:
    """'wir', 'unsere Werteordnung' outside quotes: the outlet speaks as an in-group."""
    lowers, quoted = tok.lowers, tok.quoted
    if _FIRST_PERSON_PLURAL.isdisjoint(lowers):
        return []
    return [
        _rule_cue("editorializing", "in_group", "first_person_plural", text, tok.starts[i], tok.ends[i], 0.7)
        for i in range(len(lowers))
        if not quoted[i] and lowers[i] in _FIRST_PERSON_PLURAL
    ][:3]


def _unattributed_sentences(tok: Tokenized, trigger: frozenset[str]) -> Iterator[tuple[int, int]]:
    """Token ranges of the sentences that contain a `trigger` word and attribute nothing to anyone:
    there a modal is the outlet's own voice, not reported speech."""
    lowers = tok.lowers
    if trigger.isdisjoint(lowers):
        return
    for a, b in tok.sentence_ranges:
        words = lowers[a:b]
        if not trigger.isdisjoint(words) and ATTRIBUTION.isdisjoint(words):
            yield a, b


def deontic_modal(text: str, tok: Tokenized) -> list[Cue]:
    """'muss', 'sollte' in the outlet's voice, in a sentence that attributes it to no one.

    Alone the modal is weak ('Die Straße muss gesperrt werden' states a necessity); with an
    impatience or contrast marker after it ('muss jetzt endlich', 'sollte ..., statt ...') it is a
    demand. A sentence-initial 'Sollte' is a conditional ('Sollte sich das bestätigen, ...'), no demand.
    """
    cues = []
    lowers, quoted = tok.lowers, tok.quoted
    for a, b in _unattributed_sentences(tok, _DEONTIC):
        at = next((i for i in range(a, b) if not quoted[i] and lowers[i] in _DEONTIC), None)
        if at is None or (at == a and lowers[a].startswith("sollte")):
            continue
        demand = any(lowers[i] in _DEMAND_MARKERS for i in range(at + 1, b) if not quoted[i])
        name, weight = ("deontic_demand", 1.0) if demand else ("deontic_modal", 0.5)
        cues.append(_rule_cue("editorializing", "prescription", name, text, tok.starts[at], tok.ends[at], weight))
    return cues


def epistemic_modal(text: str, tok: Tokenized) -> list[Cue]:
    """'könnte', 'dürfte' as the outlet's own guess: in a sentence that attributes it to no one.

    The lexicon rows are weak because the same forms also report someone's speculation ('sagte, es
    könnte ...') or, for 'dürfte nicht', a permission; unattributed and not negated they are a guess.
    """
    cues = []
    lowers, quoted = tok.lowers, tok.quoted
    for a, b in _unattributed_sentences(tok, _EPISTEMIC_MODALS):
        for i in range(a, b):
            if quoted[i] or lowers[i] not in _EPISTEMIC_MODALS:
                continue
            if lowers[i].startswith("dürft") and i + 1 < b and lowers[i + 1] in ("nicht", "kein", "keine"):
                continue
            cues.append(_rule_cue("hedging", "modal", "epistemic_modal", text, tok.starts[i], tok.ends[i], 0.6))
            break
    return cues


def appearance_verb(text: str, tok: Tokenized) -> list[Cue]:
    """'scheint ... zu' and 'es scheint' infer from appearance; 'die Sonne scheint' does not."""
    cues = []
    lowers, quoted, texts = tok.lowers, tok.quoted, tok.texts
    if _APPEARANCE.isdisjoint(lowers):
        return cues
    for a, b in tok.sentence_ranges:
        for i in range(a, b):
            if quoted[i] or lowers[i] not in _APPEARANCE:
                continue
            impersonal = (i > a and lowers[i - 1] == "es") or (i + 1 < b and lowers[i + 1] == "es")
            infinitive = any(
                lowers[k] == "zu" and texts[k + 1].isalpha() and texts[k + 1].islower() and lowers[k + 1].endswith("n")
                for k in range(i + 1, b - 1)
            )
            if impersonal or infinitive:
                cues.append(_rule_cue("hedging", "inference", "appearance_verb", text, tok.starts[i], tok.ends[i], 0.6))
                break
    return cues


def rhetorical_question(text: str, tok: Tokenized) -> list[Cue]:
    """A question asked in the outlet's own voice (not inside a quote).

    Any such question is an appeal, but news also asks didactic ones ('Warum ist das Wasser so
    interessant?'); a question with a rhetorical particle ('eigentlich', 'noch ernsthaft') or one that
    opens with 'Und'/'Aber' as a retort implies its answer and counts as a clear cue.
    """
    cues = []
    if "?" not in tok.sentence_ends:
        return cues
    lowers, quoted, sentences = tok.lowers, tok.quoted, tok.sentences
    for a, b in tok.sentence_ranges:
        if tok.sentence_ends[sentences[a]] != "?":
            continue
        if sum(quoted[a:b]) * 2 >= b - a:
            continue
        end = text.find("?", tok.ends[b - 1])
        if tok.in_speech(end):
            continue  # the question mark closes a quoted title or someone's question: not the outlet's
        rhetorical = lowers[a] in ("und", "aber") or not _RHETORICAL_PARTICLES.isdisjoint(lowers[a:b])
        name, weight = ("rhetorical_particle", 1.2) if rhetorical else ("rhetorical_question", 0.9)
        cues.append(_rule_cue("editorializing", "appeal", name, text, tok.starts[a], end + 1, weight))
    return cues


def imperative_offer(text: str, tok: Tokenized) -> list[Cue]:
    """Second-person address or an imperative together with a deadline or a price: an ad."""
    texts, lowers, sentences, starts, ends = tok.texts, tok.lowers, tok.sentences, tok.starts, tok.ends
    if _SECOND_PERSON.isdisjoint(texts):
        return []  # both the imperative and the address need a 'Sie'/'Ihr...' token
    n = len(texts)
    imperative = None
    for i in range(n - 1):
        if texts[i + 1] != "Sie":
            continue
        lower = lowers[i]
        # A colon opens a new clause too: "Anzeige: Verkaufen Sie ...", "... lesen: Testen Sie ...".
        first = (
            i == 0 or sentences[i - 1] != sentences[i] or lowers[i - 1] == "jetzt"
            or ":" in text[ends[i - 1] : starts[i]]
        )
        # Ad blocks are often glued to a headline without a full stop ("Die Stunde Null Sichern Sie sich"),
        # so a capitalised verb + Sie + sich/jetzt/hier counts mid-sentence as well.
        glued = i + 2 < n and lowers[i + 2] in _IMPERATIVE_FOLLOWERS
        # The Sie-imperative is the infinitive: -en, and -ern/-eln verbs (sichern, ändern, sammeln).
        if (first or glued) and lower.endswith(("en", "rn", "ln")) and texts[i][:1].isupper():
            if tok.sentence_ends[sentences[i]] != "?":
                imperative = (starts[i], ends[i + 1])
                break
    address = any(texts[i] in _SECOND_PERSON and sentences[i - 1] == sentences[i] for i in range(1, n))
    offer = _OFFER.search(text) if imperative or address else None  # the offer alone is no cue
    cues = []
    if imperative:
        cues.append(_rule_cue("commercial", "ad", "imperative_address", text, *imperative, 1.0))
    if offer:
        cues.append(_rule_cue("commercial", "ad", "offer_deadline_or_price", text, offer.start(), offer.end(), 1.2))
    return cues


def scare_quote(text: str, tok: Tokenized) -> list[Cue]:
    """'sogenannte „Experten“': quotation marks used by the outlet to distance itself."""
    return [
        _rule_cue("loaded", "scare_quote", "scare_quote", text, q.start, q.end, 0.8)
        for q in tok.quotes
        if q.scare
    ]


RULES: tuple[Rule, ...] = (
    reportative_modal,
    stacked_konjunktiv,
    epistemic_modal,
    appearance_verb,
    vague_source,
    first_person_plural,
    deontic_modal,
    rhetorical_question,
    imperative_offer,
    scare_quote,
)


def apply_rules(text: str, tok: Tokenized) -> list[Cue]:
    cues: list[Cue] = []
    for rule in RULES:
        cues.extend(rule(text, tok))
    return cues
