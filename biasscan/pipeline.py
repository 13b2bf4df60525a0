"""The one module that knows the order of the stages: read -> split -> tokens -> match -> score -> profile.

Everything else knows only its own stage. `Analyzer` holds what is expensive to build (the lexicon
automaton, the model) so a corpus run builds it once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from biasscan import __version__
from biasscan.categories import CATEGORIES, DEFAULT_THRESHOLD, SCORE_DECIMALS
from biasscan.errors import UsageError
from biasscan.inputs import single_document
from biasscan.language import language_warning
from biasscan.lexicon import Lexicon, load_lexicon
from biasscan.matching import Matcher
from biasscan.profile import build_profile
from biasscan.records import ArticleProfile, Cue, Document, ParagraphScore
from biasscan.rules import apply_rules
from biasscan.scoring import decisive_subtype, lexicon_scores, lexicon_subtype
from biasscan.splitting import over_long_warning, split_paragraphs
from biasscan.tokens import Tokenized, tokenize


@dataclass(slots=True)
class Settings:
    """Everything that changes a score; recorded with every export so results are reproducible."""

    # Explicit per-category thresholds; a category not named here uses the model's threshold from its
    # model card (chosen on training folds, never on held-out data), or 0.5 for lexicon scores.
    thresholds: dict[str, float] = field(default_factory=dict)
    lexicon_paths: tuple[Path, ...] = ()
    use_model: bool | None = None  # None: the shipped model when it is installed, else lexicon scores
    model_path: Path | None = None
    trust_model: bool = False
    # Whether to name the strongest model features of flagged paragraphs (explanations, JSON). It
    # changes no score, and costs about as much as the scoring itself, so outputs without a place for
    # them (CSV, Parquet, article rows, the pandas API) turn it off.
    model_features: bool = True


def parse_thresholds(items: Iterable[str], base: dict[str, float] | None = None) -> dict[str, float]:
    """`loaded=0.6` items -> explicit thresholds; unknown categories and values outside [0, 1] are usage errors."""
    thresholds = dict(base or {})
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or name not in CATEGORIES:
            raise UsageError(f"--threshold expects CATEGORY=VALUE with CATEGORY one of {', '.join(CATEGORIES)}, got {item!r}")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--threshold {name}: {value!r} is not a number") from None
        if not 0.0 <= number <= 1.0:
            raise UsageError(f"--threshold {name}: {number} is outside [0, 1]")
        thresholds[name] = number
    return thresholds


class Analyzer:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.lexicon: Lexicon = load_lexicon(list(self.settings.lexicon_paths))
        self.matcher = Matcher(self.lexicon)
        self.model = self._load_model()
        defaults = self.model.thresholds if self.model is not None else {}
        self.thresholds: dict[str, float] = {
            c: self.settings.thresholds.get(c, defaults.get(c, DEFAULT_THRESHOLD)) for c in CATEGORIES
        }

    def _load_model(self) -> Any:
        if self.settings.use_model is False:
            return None
        from biasscan import model as model_module  # numpy only; scikit-learn is never imported here

        path = self.settings.model_path
        if path is None and not model_module.shipped_model_available():
            if self.settings.use_model:
                raise UsageError("no trained model is installed; use --no-model for lexicon scores")
            return None
        return model_module.load_model(path, trust=self.settings.trust_model)

    @property
    def metadata(self) -> dict[str, Any]:
        """What an export records so a figure can be traced: versions, hashes, thresholds."""
        return {
            "biasscan_version": __version__,
            "scorer": "model" if self.model else "lexicon",
            "model_version": self.model.version if self.model else None,
            "model_sha256": self.model.sha256 if self.model else None,
            "lexicon_sha256": self.lexicon.sha256,
            "lexicon_files": [Path(f).name for f in self.lexicon.files],
            "thresholds": dict(self.thresholds),
        }

    def paragraph_cues(self, text: str, tokenized: Tokenized) -> list[Cue]:
        """Lexicon and rule cues of one paragraph, in text order: the evidence behind every score."""
        cues = self.matcher.match(text, tokenized) + apply_rules(text, tokenized)
        cues.sort(key=lambda c: (c.start, c.category))
        return cues

    def _score(self, text: str, tokenized: Tokenized, cues: list[Cue], index: int, n_paragraphs: int,
               explain_above: dict[str, float] | None = None) -> tuple[dict[str, float], str | None, dict[str, list[tuple[str, float]]]]:
        """Scores, commercial subtype and (model only) the strongest features of one paragraph."""
        if self.model is None:
            scores = {c: round(s, SCORE_DECIMALS) for c, s in lexicon_scores(cues).items()}
            return scores, lexicon_subtype(cues), {}
        prediction = self.model.predict(text, tokenized, cues, index, n_paragraphs, explain_above)
        return prediction.scores, decisive_subtype(cues) or prediction.subtype, prediction.top_features

    def predict(self, text: str, index: int = 0, n_paragraphs: int = 1) -> tuple[dict[str, float], str | None, list[Cue]]:
        """Scores of one paragraph outside a document (training, evaluation): scores, subtype, cues."""
        tokenized = tokenize(text)
        cues = self.paragraph_cues(text, tokenized)
        scores, subtype, _ = self._score(text, tokenized, cues, index, n_paragraphs)
        return scores, subtype, cues

    def score_document(self, doc: Document) -> list[ParagraphScore]:
        paragraphs = split_paragraphs(doc)
        scored: list[ParagraphScore] = []
        thresholds = self.thresholds
        explain_above = thresholds if self.settings.model_features else None
        for paragraph in paragraphs:
            tokenized = tokenize(paragraph.text)
            cues = self.paragraph_cues(paragraph.text, tokenized)
            scores, subtype, features = self._score(
                paragraph.text, tokenized, cues, paragraph.index, len(paragraphs), explain_above
            )
            flags = {c: scores[c] >= thresholds[c] for c in CATEGORIES}
            scored.append(
                ParagraphScore(
                    doc_id=doc.doc_id,
                    paragraph=paragraph,
                    scores=scores,
                    flags=flags,
                    commercial_subtype=subtype if flags["commercial"] else None,
                    cues=cues,
                    features=features,
                )
            )
        return scored

    def analyze(self, doc: Document) -> ArticleProfile:
        scored = self.score_document(doc)
        notes = document_warnings(doc, len(scored))
        return build_profile(replace(doc, warnings=doc.warnings + notes) if notes else doc, scored)

    def analyze_many(self, docs: Iterable[Document]) -> Iterator[ArticleProfile]:
        for doc in docs:
            yield self.analyze(doc)


EMPTY_WARNING = "no text to score (empty or white space only); counted as skipped"


def document_warnings(doc: Document, n_paragraphs: int) -> tuple[str, ...]:
    """Why a document's profile may mislead: nothing to score, giant paragraphs cut into chunks, or
    text that does not look German (the lexicons and the model only know German)."""
    if n_paragraphs == 0:
        return (EMPTY_WARNING,)
    return tuple(note for note in (over_long_warning(doc), language_warning(doc.text)) if note)


def analyze_text(text: str, doc_id: str = "text", settings: Settings | None = None) -> ArticleProfile:
    """Score one German text held in memory, read as a file's text would be (HTML parsed into blocks)."""
    return Analyzer(settings).analyze(single_document(text, doc_id))
