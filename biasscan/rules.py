"""Cues a word list cannot express (LINGUISTICS.md): verb forms, sentence types, address.

Each rule is a small function over one paragraph's tokens and returns cues named `rule:<name>`,
so explanations say which rule fired. All rules skip tokens inside quoted speech, because those
are someone else's words (GUIDELINES.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from biasscan.records import Cue, Token
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
    "sind", "ist", "heißt", "spekulier", "mutmaß", "wiss", "weiß", "bestätig", "melden", "meld",
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


def _rule_cue(category: str, subtype: str, name: str, text: str, start: int, end: int, weight: float,
              quoted: bool = False) -> Cue:
    return Cue(category, subtype, text[start:end], start, end, quoted, weight, name, f"rule:{name}")


# Five rules group the same paragraph's tokens by sentence; the grouping of the most recent token
# list is kept so it is built once per paragraph (the rules never modify the lists).
_last_grouping: list[tuple[list[Token], list[list[Token]]]] = []


def _sentences(tokens: list[Token]) -> list[list[Token]]:
    if _last_grouping and _last_grouping[0][0] is tokens:
        return _last_grouping[0][1]
    sentences: list[list[Token]] = []
    current = -1
    for token in tokens:
        if token.sentence != current:
            current = token.sentence
            group: list[Token] = []
            sentences.append(group)
        group.append(token)
    _last_grouping[:] = [(tokens, sentences)]
    return sentences


def _looks_like_participle(lower: str) -> bool:
    if lower.endswith("iert"):
        return True
    if not lower.endswith(("t", "en")) or len(lower) < 5:
        return False
    return "ge" in lower[:9] or lower.startswith(_INSEPARABLE)


def reportative_modal(text: str, tok: Tokenized) -> list[Cue]:
    """sollen/wollen + perfect infinitive reports an unverified claim; plain soll + infinitive is weaker."""
    cues = []
    for sent in _sentences(tok.tokens):
        outside = [t for t in sent if not t.quoted]
        modals = [t for t in outside if t.lower in _REPORTATIVE_MODALS]
        if not modals:
            continue
        perfect = [
            (a, b) for a, b in zip(outside, outside[1:], strict=False)
            if b.lower in _PERFECT_AUX and _looks_like_participle(a.lower)
        ]
        if perfect:
            a, b = perfect[0]
            start, end = min(modals[0].start, a.start), max(modals[0].end, b.end)
            cues.append(_rule_cue("hedging", "reportative", "reportative_perfect", text, start, end, 1.5))
        elif any(m.lower in _SOLLEN for m in modals):
            m = next(m for m in modals if m.lower in _SOLLEN)
            cues.append(_rule_cue("hedging", "reportative", "soll_infinitive", text, m.start, m.end, 0.25))
    return cues


def stacked_konjunktiv(text: str, tok: Tokenized) -> list[Cue]:
    """Two or more Konjunktiv II forms in one sentence stack speculation."""
    cues = []
    for sent in _sentences(tok.tokens):
        forms = [t for t in sent if not t.quoted and t.lower.startswith(_KONJ2)]
        if len(forms) >= 2:
            cues.append(_rule_cue("hedging", "modal", "stacked_konjunktiv", text, forms[0].start, forms[-1].end, 0.8))
    return cues


def vague_source(text: str, tok: Tokenized) -> list[Cue]:
    """An unnamed group as the source of a claim: 'Experten befürchten', 'westlichen Quellen zufolge'."""
    cues = []
    for sent in _sentences(tok.tokens):
        reporting = any(t.lower.startswith(_REPORTING_STEMS) for t in sent)
        for i, t in enumerate(sent):
            if t.quoted:
                continue
            vague = t.lower in _VAGUE_SOURCES or (
                t.lower in _VAGUE_PEOPLE and i > 0 and sent[i - 1].lower in _VAGUE_QUANTIFIERS
            )
            if vague and reporting and not _named_nearby(sent, i):
                start = sent[i - 1].start if i > 0 and not sent[i - 1].text[0].isupper() else t.start
                cues.append(_rule_cue("hedging", "vague_source", "vague_source", text, start, t.end, 1.0))
                break
    return cues


def _named_nearby(sent: list[Token], i: int) -> bool:
    """A name or an acronym right after the group makes it a named source ('Experten des DIW')."""
    after = sent[i + 1 : i + 5]
    for j, t in enumerate(after):
        if len(t.text) >= 2 and t.text.isupper():
            return True
        if t.lower == "wie" and j + 1 < len(after) and after[j + 1].text[:1].isupper():
            return True
        if j + 1 < len(after) and t.text[:1].isupper() and after[j + 1].text[:1].isupper() and j > 0:
            return True
    return False


def first_person_plural(text: str, tok: Tokenized) -> list[Cue]:
    """'wir', 'unsere Werteordnung' outside quotes: the outlet speaks as an in-group."""
    return [
        _rule_cue("editorializing", "in_group", "first_person_plural", text, t.start, t.end, 0.7)
        for t in tok.tokens
        if not t.quoted and t.lower in _FIRST_PERSON_PLURAL
    ][:3]


def deontic_modal(text: str, tok: Tokenized) -> list[Cue]:
    """'muss', 'sollte' in the outlet's voice, in a sentence that attributes it to no one.

    Alone the modal is weak ('Die Straße muss gesperrt werden' states a necessity); with an
    impatience or contrast marker after it ('muss jetzt endlich', 'sollte ..., statt ...') it is a
    demand. A sentence-initial 'Sollte' is a conditional ('Sollte sich das bestätigen, ...'), no demand.
    """
    cues = []
    for sent in _sentences(tok.tokens):
        if any(t.lower in ATTRIBUTION for t in sent):
            continue
        at = next((i for i, t in enumerate(sent) if not t.quoted and t.lower in _DEONTIC), None)
        if at is None or (at == 0 and sent[0].lower.startswith("sollte")):
            continue
        modal = sent[at]
        demand = any(t.lower in _DEMAND_MARKERS for t in sent[at + 1 :] if not t.quoted)
        name, weight = ("deontic_demand", 1.0) if demand else ("deontic_modal", 0.5)
        cues.append(_rule_cue("editorializing", "prescription", name, text, modal.start, modal.end, weight))
    return cues


def epistemic_modal(text: str, tok: Tokenized) -> list[Cue]:
    """'könnte', 'dürfte' as the outlet's own guess: in a sentence that attributes it to no one.

    The lexicon rows are weak because the same forms also report someone's speculation ('sagte, es
    könnte ...') or, for 'dürfte nicht', a permission; unattributed and not negated they are a guess.
    """
    cues = []
    for sent in _sentences(tok.tokens):
        if any(t.lower in ATTRIBUTION for t in sent):
            continue
        for i, t in enumerate(sent):
            if t.quoted or t.lower not in _EPISTEMIC_MODALS:
                continue
            if t.lower.startswith("dürft") and i + 1 < len(sent) and sent[i + 1].lower in ("nicht", "kein", "keine"):
                continue
            cues.append(_rule_cue("hedging", "modal", "epistemic_modal", text, t.start, t.end, 0.6))
            break
    return cues


def appearance_verb(text: str, tok: Tokenized) -> list[Cue]:
    """'scheint ... zu' and 'es scheint' infer from appearance; 'die Sonne scheint' does not."""
    cues = []
    for sent in _sentences(tok.tokens):
        for i, t in enumerate(sent):
            if t.quoted or t.lower not in _APPEARANCE:
                continue
            impersonal = (i > 0 and sent[i - 1].lower == "es") or (i + 1 < len(sent) and sent[i + 1].lower == "es")
            later = sent[i + 1 :]
            infinitive = any(
                u.lower == "zu" and v.text.isalpha() and v.text.islower() and v.lower.endswith("n")
                for u, v in zip(later, later[1:], strict=False)
            )
            if impersonal or infinitive:
                cues.append(_rule_cue("hedging", "inference", "appearance_verb", text, t.start, t.end, 0.6))
                break
    return cues


def rhetorical_question(text: str, tok: Tokenized) -> list[Cue]:
    """A question asked in the outlet's own voice (not inside a quote).

    Any such question is an appeal, but news also asks didactic ones ('Warum ist das Wasser so
    interessant?'); a question with a rhetorical particle ('eigentlich', 'noch ernsthaft') or one that
    opens with 'Und'/'Aber' as a retort implies its answer and counts as a clear cue.
    """
    cues = []
    for sent in _sentences(tok.tokens):
        if tok.sentence_ends[sent[0].sentence] != "?":
            continue
        if sum(t.quoted for t in sent) * 2 >= len(sent):
            continue
        end = text.find("?", sent[-1].end)
        if any(q.start < end < q.end for q in tok.quotes if not q.scare):
            continue  # the question mark closes a quoted title or someone's question: not the outlet's
        rhetorical = sent[0].lower in ("und", "aber") or any(t.lower in _RHETORICAL_PARTICLES for t in sent)
        name, weight = ("rhetorical_particle", 1.2) if rhetorical else ("rhetorical_question", 0.9)
        cues.append(_rule_cue("editorializing", "appeal", name, text, sent[0].start, end + 1, weight))
    return cues


def imperative_offer(text: str, tok: Tokenized) -> list[Cue]:
    """Second-person address or an imperative together with a deadline or a price: an ad."""
    tokens = tok.tokens
    imperative = None
    for i, t in enumerate(tokens[:-1]):
        # A colon opens a new clause too: "Anzeige: Verkaufen Sie ...", "... lesen: Testen Sie ...".
        first = (
            i == 0 or tokens[i - 1].sentence != t.sentence or tokens[i - 1].lower == "jetzt"
            or ":" in text[tokens[i - 1].end : t.start]
        )
        # Ad blocks are often glued to a headline without a full stop ("Die Stunde Null Sichern Sie sich"),
        # so a capitalised verb + Sie + sich/jetzt/hier counts mid-sentence as well.
        glued = i + 2 < len(tokens) and tokens[i + 2].lower in _IMPERATIVE_FOLLOWERS
        # The Sie-imperative is the infinitive: -en, and -ern/-eln verbs (sichern, ändern, sammeln).
        if (first or glued) and t.lower.endswith(("en", "rn", "ln")) and t.text[:1].isupper() and tokens[i + 1].text == "Sie":
            if tok.sentence_ends[t.sentence] != "?":
                imperative = (t.start, tokens[i + 1].end)
                break
    address = [t for i, t in enumerate(tokens) if t.text in _SECOND_PERSON and i > 0 and tokens[i - 1].sentence == t.sentence]
    offer = _OFFER.search(text) if imperative or address else None  # the offer alone is no cue
    cues = []
    if imperative:
        cues.append(_rule_cue("commercial", "ad", "imperative_address", text, *imperative, 1.0))
    if offer and (imperative or address):
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
