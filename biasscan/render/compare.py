"""`biasscan compare`: several articles on one story side by side.

One row per article: a bar per category (the word-weighted flagged share, the same figure as
the profile), the bias index, and the article's strongest cues, sorted so the most slanted
coverage comes first. Comparing needs every article before the first row, so this renderer
collects the profiles and prints at the end.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import IO

from rich.table import Table
from rich.text import Text

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile
from biasscan.render import CollectingRenderer, Summary
from biasscan.render.highlight import CATEGORY_LABELS
from biasscan.render.provenance import provenance
from biasscan.render.table import COLORS, bar, terminal_console

BY_BIAS_INDEX = "bias_index"
IN_INPUT_ORDER = "input"
SORT_KEYS: tuple[str, ...] = (BY_BIAS_INDEX, *CATEGORIES, IN_INPUT_ORDER)
CUES_PER_CATEGORY = 3
CUE_CHARS = 24  # long cues (a whole rhetorical question) are shortened so rows stay readable
BAR_CELLS = 6


def sort_profiles(profiles: list[ArticleProfile], key: str) -> list[ArticleProfile]:
    """Highest first by bias index or by one category's flagged share (equal shares by bias index);
    remaining ties keep input order."""
    if key == IN_INPUT_ORDER:
        return list(profiles)
    if key == BY_BIAS_INDEX:
        return sorted(profiles, key=lambda p: -p.bias_index)
    if key in CATEGORIES:
        return sorted(profiles, key=lambda p: (-p.categories[key].share, -p.bias_index))
    raise ValueError(f"unknown sort key {key!r}")


def shorten(cue: str, limit: int = CUE_CHARS) -> str:
    return cue if len(cue) <= limit else cue[: limit - 1].rstrip() + "…"


def article_name(profile: ArticleProfile) -> str:
    """The file name, not the whole path: the articles of one story usually share a directory."""
    return PurePath(profile.doc_id).name or profile.doc_id


def top_cues_text(profile: ArticleProfile, per_category: int = CUES_PER_CATEGORY) -> Text:
    """One line per category that has cues: `LOAD machthaber ×2, brisant`."""
    text = Text()
    for c in CATEGORIES:
        cues = profile.categories[c].top_cues[:per_category]
        if not cues:
            continue
        if text:
            text.append("\n")
        text.append(f"{CATEGORY_LABELS[c]} ", style=f"bold {COLORS[c]}")
        text.append(", ".join(shorten(t) + (f" ×{n}" if n > 1 else "") for t, n in cues))
    return text or Text("–", style="dim")


class CompareRenderer(CollectingRenderer):
    def __init__(self, out: IO[str], *, sort: str = BY_BIAS_INDEX, color: bool | None = None) -> None:
        if sort not in SORT_KEYS:
            raise ValueError(f"unknown sort key {sort!r}")
        self.console = terminal_console(out, color, width=140)
        super().__init__()
        self.sort = sort

    def end(self, summary: Summary) -> None:
        order = "input order" if self.sort == IN_INPUT_ORDER else f"{self.sort.replace('_', ' ')}, highest first"
        table = Table(title=f"{len(self.profiles)} articles compared · sorted by {order}", title_justify="left",
                      show_lines=True)
        table.add_column("#", justify="right")
        table.add_column("article", no_wrap=True)
        for c in CATEGORIES:
            table.add_column(c, header_style=f"bold {COLORS[c]}", no_wrap=True)
        table.add_column("bias index", justify="right")
        table.add_column("top cues", ratio=1)
        for rank, profile in enumerate(sort_profiles(self.profiles, self.sort), start=1):
            cells = [bar(profile.categories[c].share, COLORS[c], BAR_CELLS) + Text(f" {profile.categories[c].share:>4.0%}")
                     for c in CATEGORIES]
            article = Text(article_name(profile), style="bold")
            article.append(f"\n{profile.n_paragraphs} ¶ · {profile.n_words} words", style="dim")
            table.add_row(str(rank), article, *cells, f"{profile.bias_index:.2f}", top_cues_text(profile))
        self.console.print(table)
        self.console.print(Text(f"bars: share of words in flagged paragraphs · {provenance(self.meta)} · "
                                f"{summary.documents} compared, {summary.failed} failed", style="dim"))
