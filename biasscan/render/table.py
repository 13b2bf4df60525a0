"""`--format table` (default): rich tables for people.

One document: the article profile (one row per category with a bar) and every paragraph with its
flags and its cues highlighted in the category's colour. Several documents: one profile row each.
A footer names the scorer, model version, lexicon hash and thresholds, so every figure is traceable.
"""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile, ParagraphScore
from biasscan.render import CollectingRenderer, Summary
from biasscan.render.highlight import CATEGORY_LABELS, counts_less, top_cues_line
from biasscan.render.provenance import provenance

COLORS: dict[str, str] = {"loaded": "red", "hedging": "yellow", "commercial": "magenta", "editorializing": "cyan"}
BAR_WIDTH = 20


def terminal_console(out: IO[str], color: bool | None, width: int = 120) -> Console:
    """The console every terminal view prints with: colour on a terminal unless `color` says otherwise,
    and a fixed `width` when `out` is a file or pipe."""
    return Console(file=out, force_terminal=color, no_color=color is False, width=None if out.isatty() else width,
                   highlight=False, soft_wrap=False)


def bar(value: float, color: str, width: int = BAR_WIDTH) -> Text:
    filled = round(max(0.0, min(1.0, value)) * width)
    return Text("█" * filled, style=color) + Text("░" * (width - filled), style="grey37")


def highlighted(score: ParagraphScore) -> Text:
    """Paragraph text with each cue underlined/coloured by category; quoted cues dimmed."""
    text = Text(score.paragraph.text)
    for cue in score.cues:
        style = COLORS[cue.category] + (" dim" if counts_less(cue) else " bold underline")
        text.stylize(style, cue.start, cue.end)
    return text


def flags_text(score: ParagraphScore) -> Text:
    parts = Text()
    for c in CATEGORIES:
        if score.flags[c]:
            label = CATEGORY_LABELS[c] + (f":{score.commercial_subtype}" if c == "commercial" and score.commercial_subtype else "")
            parts.append(f"{label} {score.scores[c]:.2f}", style=f"bold {COLORS[c]}")
            parts.append("\n")
    if score.suppressed:
        parts.append("suppressed: " + ", ".join(score.suppressed), style="dim")
    parts.rstrip()  # in place; rich's Text.rstrip returns None
    return parts if parts.plain else Text("–", style="dim")


class TableRenderer(CollectingRenderer):
    def __init__(self, out: IO[str], *, color: bool | None = None) -> None:
        super().__init__()
        self.console = terminal_console(out, color)

    def end(self, summary: Summary) -> None:
        if len(self.profiles) == 1:
            self._single(self.profiles[0])
        elif self.profiles:
            self._many()
        self._footer(summary)

    def _profile_table(self, profile: ArticleProfile) -> Table:
        table = Table(title=f"{profile.doc_id} · {profile.n_paragraphs} paragraphs · {profile.n_words} words · "
                            f"bias index {profile.bias_index:.2f}", title_justify="left")
        table.add_column("category")
        table.add_column("flagged share (by words)")
        table.add_column("share", justify="right")
        table.add_column("mean", justify="right")
        table.add_column("max", justify="right")
        table.add_column("cues/1k", justify="right")
        table.add_column("top cues")
        for c in CATEGORIES:
            cp = profile.categories[c]
            table.add_row(Text(c, style=f"bold {COLORS[c]}"), bar(cp.share, COLORS[c]), f"{cp.share:.0%}",
                          f"{cp.mean:.2f}", f"{cp.max:.2f}", f"{cp.per_1k_words:.1f}", top_cues_line(profile, c))
        return table

    def _single(self, profile: ArticleProfile) -> None:
        self.console.print(self._profile_table(profile))
        table = Table(show_lines=True)
        table.add_column("#", justify="right")
        table.add_column("lines", justify="right")
        table.add_column("flags")
        table.add_column("paragraph (cues highlighted)", ratio=1)
        for score in profile.paragraphs:
            p = score.paragraph
            lines = f"{p.line_start}" if p.line_start == p.line_end else f"{p.line_start}-{p.line_end}"
            body = highlighted(score)
            if not any(score.flags.values()):
                body.stylize("dim")
            table.add_row(str(p.index), lines, flags_text(score), body)
        self.console.print(table)
        legend = Text("legend: ")
        for c in CATEGORIES:
            legend.append(f" {c} ", style=f"bold {COLORS[c]} underline")
        legend.append("  dim = quoted (someone else's words) or negated cue: counts less or not at all", style="dim")
        self.console.print(legend)

    def _many(self) -> None:
        table = Table(title=f"{len(self.profiles)} documents", title_justify="left")
        table.add_column("document")
        table.add_column("words", justify="right")
        for c in CATEGORIES:
            table.add_column(c, style=COLORS[c])
        table.add_column("bias index", justify="right")
        for profile in self.profiles:
            cells = [bar(profile.categories[c].share, COLORS[c], 10) + Text(f" {profile.categories[c].share:.0%}")
                     for c in CATEGORIES]
            table.add_row(profile.doc_id, str(profile.n_words), *cells, f"{profile.bias_index:.2f}")
        self.console.print(table)

    def _footer(self, summary: Summary) -> None:
        self.console.print(Text(f"{provenance(self.meta)} · {summary.documents} scored, {summary.failed} failed",
                                style="dim"))
