"""`biasscan explain`: every paragraph with its cues and where each cue comes from.

The table view says *that* a paragraph is flagged; this view says *why*: each cue highlighted in
its category's colour and followed by a text label (so it reads without colour too), then one line
per cue naming the lexicon row (file:line, entry, match mode, weight, source) or the rule that
fired, whether it is quoted or negated, and how much it adds to the lexicon evidence. Under the
trained model the strongest model features of each flagged category follow; without it, the
lexicon formula with the evidence sum, so every printed score can be recomputed by hand.
"""

from __future__ import annotations

from typing import IO, Any

from rich.console import RenderableType
from rich.padding import Padding
from rich.text import Text

from biasscan.categories import CATEGORIES, DEFAULT_THRESHOLD
from biasscan.lexicon import Entry, Lexicon
from biasscan.records import ArticleProfile, Cue, ParagraphScore
from biasscan.render import Summary
from biasscan.render.highlight import CATEGORY_LABELS, counts_less, runs, selected
from biasscan.render.provenance import provenance
from biasscan.render.table import COLORS, terminal_console
from biasscan.scoring import effective_weight, evidence

RULE_PREFIX = "rule:"


def lines_label(score: ParagraphScore) -> str:
    p = score.paragraph
    return f"line {p.line_start}" if p.line_start == p.line_end else f"lines {p.line_start}-{p.line_end}"


def marked_text(text: str, cues: list[Cue]) -> Text:
    """The paragraph with `[cue]LABEL` marks: colour for terminals, brackets and labels for everyone."""
    out = Text()
    for run in runs(text, cues):
        for cue in run.cues:
            if cue.start == run.start:
                out.append("[", style=COLORS[cue.category])
        if not run.cues:
            out.append(run.text)
            continue
        counted = not all(counts_less(c) for c in run.cues)
        out.append(run.text, style=COLORS[run.category or "loaded"] + (" bold underline" if counted else " dim"))
        for cue in run.closes:
            out.append("]" + CATEGORY_LABELS[cue.category], style=f"bold {COLORS[cue.category]}")
    return out


class ExplainRenderer:
    """Streams one explanation per document; failures are already on stderr (runner.py)."""

    def __init__(self, out: IO[str], lexicon: Lexicon, *, color: bool | None = None, only_flagged: bool = False,
                 categories: set[str] | None = None) -> None:
        self.console = terminal_console(out, color)
        self.rows: dict[str, Entry] = {e.origin: e for e in lexicon.entries}
        self.only_flagged = only_flagged
        self.categories = [c for c in CATEGORIES if not categories or c in categories]
        self.meta: dict[str, Any] = {}

    def begin(self, meta: dict[str, Any]) -> None:
        self.meta = meta

    @property
    def thresholds(self) -> dict[str, float]:
        return dict(self.meta.get("thresholds", {}))

    @property
    def uses_model(self) -> bool:
        return self.meta.get("scorer") == "model"

    def document(self, profile: ArticleProfile) -> None:
        self.console.print(Text(f"{profile.doc_id} · {profile.n_paragraphs} paragraphs · {profile.n_words} words · "
                                f"bias index {profile.bias_index:.2f}", style="bold"))
        shown = 0
        for score in profile.paragraphs:
            if self.only_flagged and not any(score.flags[c] for c in self.categories):
                continue
            shown += 1
            self._paragraph(score)
        if shown == 0:
            self.console.print(Text("  no paragraph flagged" + self._category_note(), style="dim"))
            self.console.print()

    def _category_note(self) -> str:
        return f" for {', '.join(self.categories)}" if len(self.categories) < len(CATEGORIES) else ""

    def _paragraph(self, score: ParagraphScore) -> None:
        p = score.paragraph
        header = Text(f"¶ {p.index} · {lines_label(score)} · ", style="bold")
        for c in self.categories:
            flagged = score.flags[c]
            label = CATEGORY_LABELS[c] + (f":{score.commercial_subtype}" if c == "commercial" and flagged
                                          and score.commercial_subtype else "")
            header.append(f"{label} {score.scores[c]:.2f}{' flagged' if flagged else ''}",
                          style=f"bold {COLORS[c]}" if flagged else "dim")
            header.append("  ")
        header.rstrip()
        self.console.print(header)
        cues = selected(score.cues, set(self.categories))
        self._indented(marked_text(p.text, cues), 2)
        if cues:
            self._indented(Text("cues:", style="dim"), 2)
        for cue in cues:
            self._indented(self._cue_line(cue), 4)
        for line in self._why(score):
            self._indented(line, 2)
        self.console.print()

    def _indented(self, renderable: RenderableType, left: int) -> None:
        """Wrapped lines keep the indent, so paragraph, cues and sums stay visually apart."""
        self.console.print(Padding(renderable, (0, 0, 0, left), expand=False))

    def _cue_line(self, cue: Cue) -> Text:
        line = Text()
        line.append(f"{CATEGORY_LABELS[cue.category]:<5} ", style=f"bold {COLORS[cue.category]}")
        line.append(f"{cue.text!r} ", style=COLORS[cue.category])
        line.append(f"{cue.category}/{cue.subtype} · ")
        line.append(self._origin(cue))
        states = [s for s, on in (("quoted: the speaker's words", cue.quoted),
                                  ("negated: weight damped", cue.negated)) if on]
        if states:
            line.append(" · " + ", ".join(states), style="italic")
        line.append(f" · counts {effective_weight(cue):.2f}", style="bold")
        return line

    def _origin(self, cue: Cue) -> str:
        """`rule <name>` or the lexicon row: file:line, entry, match mode, weight, source column."""
        if cue.source.startswith(RULE_PREFIX):
            return f"rule {cue.source[len(RULE_PREFIX):]} (biasscan/rules.py) · weight {cue.weight:.2f}"
        row = self.rows.get(cue.row)
        if row is None:  # a lexicon this renderer was not given: the cue still names its row
            return f"lexicon {cue.source} · entry {cue.entry!r} · weight {cue.weight:.2f}"
        return f"lexicon {row.origin} · entry {row.entry!r} ({row.match}) · weight {row.weight:.2f} · source: {row.source}"

    def _why(self, score: ParagraphScore) -> list[Text]:
        """How the scores follow from the cues: model features, or the lexicon formula with its sums."""
        lines: list[Text] = []
        if self.uses_model:
            for c in self.categories:
                if not score.flags[c]:
                    continue
                features = score.features.get(c, [])
                listed = ", ".join(f"{name} {weight:+.2f}" for name, weight in features) or "none reported"
                lines.append(Text(f"model features ({c}): {listed}", style=COLORS[c]))
            return lines
        totals = evidence(score.cues)
        parts = []
        for c in self.categories:
            if totals[c] == 0 and not score.flags[c]:
                continue
            verdict = ">=" if score.flags[c] else "<"
            parts.append(f"{c} 1 - 2^-{totals[c]:.2f} = {score.scores[c]:.2f} {verdict} {self.thresholds.get(c, DEFAULT_THRESHOLD):g}")
        if parts:
            lines.append(Text("lexicon scores (score = 1 - 2^-evidence): " + "; ".join(parts), style="dim"))
        return lines

    def failure(self, source: str, message: str) -> None:
        """Already reported on stderr by the runner; an explanation has no failure section."""

    def end(self, summary: Summary) -> None:
        self.console.print(Text(f"{provenance(self.meta)} · {summary.documents} explained, {summary.failed} failed",
                                style="dim"))
