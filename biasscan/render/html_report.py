"""`--format html`: one self-contained HTML report to read, share or print.

Self-contained means it opens offline years later and leaks nothing when opened: inline CSS,
charts as inline SVG, no scripts, fonts, images or links to anywhere. Every piece of text from
the input or a lexicon is HTML-escaped, because articles scraped from the web can contain markup.

Cues are drawn from the same runs as `biasscan explain` (render/highlight.py): a coloured mark
with a tooltip naming category, subtype, entry and source, plus a small text label after it, and
a per-category underline style, so the report still reads in greyscale print and for readers
who do not tell the colours apart.
"""

from __future__ import annotations

from html import escape
from typing import IO

from biasscan.categories import CATEGORIES
from biasscan.records import ArticleProfile, Cue, ParagraphScore
from biasscan.render import CollectingRenderer, Summary
from biasscan.render.highlight import CATEGORY_LABELS, counts_less, runs, top_cues_line
from biasscan.render.provenance import provenance
from biasscan.scoring import effective_weight

# Dark enough for text on white (WCAG AA); the tint is the highlight background.
INK: dict[str, str] = {"loaded": "#b3261e", "hedging": "#8a5a00", "commercial": "#7b1fa2", "editorializing": "#00695c"}
TINT: dict[str, str] = {"loaded": "#fde2df", "hedging": "#fdf0c8", "commercial": "#f1e0f7", "editorializing": "#d7f0ec"}
UNDERLINE: dict[str, str] = {"loaded": "solid", "hedging": "dashed", "commercial": "double", "editorializing": "dotted"}
DESCRIPTIONS: dict[str, str] = {
    "loaded": "loaded language: wording chosen for emotional or judgemental effect",
    "hedging": "speculation and unverified claims",
    "commercial": "advertising, self-promotion, teasers, page furniture",
    "editorializing": "opinion in the outlet's own voice",
}

CHART_WIDTH = 560
BAR_X = 130
BAR_WIDTH = 340
ROW_HEIGHT = 26


def _category_css() -> str:
    rules = []
    for c in CATEGORIES:
        rules.append(
            f".c-{c}{{--ink:{INK[c]};--tint:{TINT[c]};--line:{UNDERLINE[c]}}}"
        )
    return "\n".join(rules)


STYLE = """
:root{color-scheme:light;--text:#1d1d1f;--muted:#5f6368;--rule:#dadce0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--text);background:#fff}
main{max-width:60rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.25rem;margin:0 0 .25rem;overflow-wrap:anywhere}
.meta,.muted{color:var(--muted);font-size:.85rem}
.legend{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:.75rem 1rem;border:1px solid var(--rule);border-radius:6px;margin:1rem 0 1.5rem;font-size:.9rem}
.legend .note{flex-basis:100%;color:var(--muted)}
section.doc{border-top:3px solid var(--text);padding-top:1rem;margin-top:2rem}
svg{display:block;max-width:100%;height:auto}
svg text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--text)}
table.stats{border-collapse:collapse;width:100%;font-size:.85rem;margin:.75rem 0 1.25rem}
table.stats th,table.stats td{border-bottom:1px solid var(--rule);padding:.25rem .4rem;text-align:left;vertical-align:top}
table.stats thead th{white-space:nowrap}
table.stats td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
ol.paragraphs{list-style:none;margin:0;padding:0}
ol.paragraphs li{display:grid;grid-template-columns:7.5rem 1fr;gap:.75rem;padding:.6rem 0;border-bottom:1px solid var(--rule);break-inside:avoid}
ol.paragraphs li.clean p{color:var(--muted)}
ol.paragraphs p{margin:0;overflow-wrap:anywhere}
.where{font-size:.8rem;color:var(--muted)}
.badge{display:inline-block;margin:.15rem .2rem 0 0;padding:0 .35rem;border-radius:3px;font-size:.75rem;font-weight:600;color:#fff;background:var(--ink)}
mark{background:var(--tint);color:inherit;text-decoration:underline var(--line) var(--ink) 2px;text-underline-offset:3px;border-radius:2px;padding:0 .05em}
mark.weak{background:transparent;text-decoration-thickness:1px}
sup.lbl{font-size:.6rem;font-weight:700;color:var(--ink);margin-left:.1em;letter-spacing:.02em}
.swatch{display:inline-block;padding:0 .3rem;border-radius:2px}
.failures li{color:#b3261e}
footer{margin-top:2.5rem;color:var(--muted);font-size:.8rem;border-top:1px solid var(--rule);padding-top:.5rem;overflow-wrap:anywhere}
@media (max-width:40rem){ol.paragraphs li{grid-template-columns:1fr;gap:.25rem}}
@media print{
  body{font-size:10.5pt}
  main{max-width:none;padding:0}
  section.doc{break-before:page;border-top:none}
  section.doc:first-of-type{break-before:auto}
  ol.paragraphs li{break-inside:avoid}
  h2,svg{break-after:avoid}
  mark,.badge,.swatch{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def cue_tooltip(cue: Cue) -> str:
    """What a hover (or a screen reader) says about one cue: category/subtype, entry, source, weight, voice."""
    voice = " · quoted (the speaker's words)" if cue.quoted else ""
    voice += " · negated (damped)" if cue.negated else ""
    return (f"{cue.category}/{cue.subtype} · entry: {cue.entry} · source: {cue.source} · "
            f"weight {cue.weight:.2f}, counts {effective_weight(cue):.2f}{voice}")


def highlighted_html(text: str, cues: list[Cue]) -> str:
    """Escaped paragraph text with each cue run in a <mark> and a category label where a cue ends."""
    parts: list[str] = []
    for run in runs(text, cues):
        if not run.cues:
            parts.append(_e(run.text))
            continue
        weak = all(counts_less(c) for c in run.cues)
        title = "\n".join(cue_tooltip(c) for c in run.cues)
        parts.append(f'<mark class="c-{run.category}{" weak" if weak else ""}" title="{_e(title)}">{_e(run.text)}</mark>')
        for cue in run.closes:
            parts.append(f'<sup class="lbl c-{cue.category}">{CATEGORY_LABELS[cue.category]}</sup>')
    return "".join(parts)


def profile_chart(profile: ArticleProfile) -> str:
    """Inline SVG: one bar per category (flagged share of words), plus the bias index on the same scale."""
    rows = [(c, profile.categories[c].share, INK[c]) for c in CATEGORIES] + [("bias index", profile.bias_index, "#1d1d1f")]
    height = ROW_HEIGHT * len(rows) + 8
    out = [f'<svg role="img" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
           f'aria-label="{_e(_chart_label(profile))}">']
    for i, (name, value, ink) in enumerate(rows):
        y = 4 + i * ROW_HEIGHT
        filled = round(BAR_WIDTH * max(0.0, min(1.0, value)), 1)
        shown = f"{value:.0%}" if name in CATEGORIES else f"{value:.2f}"
        out.append(f'<text x="{BAR_X - 8}" y="{y + 16}" text-anchor="end">{_e(name)}</text>'
                   f'<rect x="{BAR_X}" y="{y + 3}" width="{BAR_WIDTH}" height="16" fill="#eceff1"/>'
                   f'<rect x="{BAR_X}" y="{y + 3}" width="{filled}" height="16" fill="{ink}"/>'
                   f'<text x="{BAR_X + BAR_WIDTH + 8}" y="{y + 16}">{shown}</text>')
    out.append("</svg>")
    return "".join(out)


def _chart_label(profile: ArticleProfile) -> str:
    shares = ", ".join(f"{c} {profile.categories[c].share:.0%}" for c in CATEGORIES)
    return f"flagged share of words: {shares}; bias index {profile.bias_index:.2f}"


def overview_chart(profiles: list[ArticleProfile]) -> str:
    """Inline SVG for several documents: one block per document, four thin category bars and its bias index."""
    block = 4 * 14 + 30
    height = block * len(profiles) + 8
    out = [f'<svg role="img" viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
           f'aria-label="flagged share per category for {len(profiles)} documents">']
    for i, profile in enumerate(profiles):
        y = 4 + i * block
        out.append(f'<text x="0" y="{y + 14}" font-weight="600">{_e(_short(profile.doc_id))}</text>'
                   f'<text x="{CHART_WIDTH}" y="{y + 14}" text-anchor="end">bias index {profile.bias_index:.2f}</text>')
        for j, c in enumerate(CATEGORIES):
            share = profile.categories[c].share
            yy = y + 22 + j * 14
            out.append(f'<rect x="{BAR_X}" y="{yy}" width="{BAR_WIDTH}" height="10" fill="#eceff1"/>'
                       f'<rect x="{BAR_X}" y="{yy}" width="{round(BAR_WIDTH * share, 1)}" height="10" fill="{INK[c]}"/>'
                       f'<text x="{BAR_X - 8}" y="{yy + 9}" text-anchor="end" font-size="11">{c}</text>'
                       f'<text x="{BAR_X + BAR_WIDTH + 8}" y="{yy + 9}" font-size="11">{share:.0%}</text>')
    out.append("</svg>")
    return "".join(out)


def _short(doc_id: str, limit: int = 60) -> str:
    return doc_id if len(doc_id) <= limit else "…" + doc_id[-(limit - 1):]


def legend_html() -> str:
    items = [f'<span><mark class="c-{c}">{c}</mark><sup class="lbl c-{c}">{CATEGORY_LABELS[c]}</sup> '
             f'{_e(DESCRIPTIONS[c])}</span>' for c in CATEGORIES]
    items.append('<span class="note">Hover a highlight for its lexicon row or rule. Faint highlight: a quoted '
                 '(someone else\'s words) or negated cue, which counts less. Bars: share of the article\'s words '
                 'in paragraphs flagged for the category.</span>')
    return '<div class="legend" aria-label="legend">' + "".join(items) + "</div>"


def stats_table(profile: ArticleProfile) -> str:
    rows = []
    for c in CATEGORIES:
        cp = profile.categories[c]
        rows.append(f'<tr class="c-{c}"><th><span class="swatch" style="background:var(--tint)">{c}</span></th>'
                    f'<td class="num">{cp.flagged}</td><td class="num">{cp.share:.0%}</td><td class="num">{cp.mean:.2f}</td>'
                    f'<td class="num">{cp.max:.2f}</td><td class="num">{cp.per_1k_words:.1f}</td><td>{_e(top_cues_line(profile, c))}</td></tr>')
    return ('<table class="stats"><thead><tr><th>category</th><th>flagged ¶</th><th>share</th><th>mean</th>'
            '<th>max</th><th>cues/1k words</th><th>top cues</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def paragraph_html(score: ParagraphScore) -> str:
    p = score.paragraph
    lines = f"line {p.line_start}" if p.line_start == p.line_end else f"lines {p.line_start}–{p.line_end}"
    badges = "".join(
        f'<span class="badge c-{c}" title="{c} score {score.scores[c]:.2f}">{CATEGORY_LABELS[c]}'
        f'{":" + _e(score.commercial_subtype) if c == "commercial" and score.commercial_subtype else ""} '
        f'{score.scores[c]:.2f}</span>'
        for c in CATEGORIES if score.flags[c]
    )
    flagged = any(score.flags.values())
    return (f'<li class="{"flagged" if flagged else "clean"}" id="{_e(_anchor(score))}"><div class="where">¶ {p.index} · {lines}'
            f'<br>{badges}</div><p>{highlighted_html(p.text, score.cues)}</p></li>')


def _anchor(score: ParagraphScore) -> str:
    return f"{score.doc_id}-p{score.paragraph.index}"


class HtmlReportRenderer(CollectingRenderer):
    """Collects the run (the overview chart needs every document) and writes one page at the end."""

    def __init__(self, out: IO[str]) -> None:
        super().__init__()
        self.out = out

    def end(self, summary: Summary) -> None:
        self.out.write(self.page(summary))

    def page(self, summary: Summary) -> str:
        title = _e(self.profiles[0].doc_id) if len(self.profiles) == 1 else f"{len(self.profiles)} documents"
        body = [f"<h1>biasscan report</h1><p class=\"meta\">{title} · {summary.documents} scored, "
                f"{summary.failed} failed · {_e(provenance(self.meta))}</p>", legend_html()]
        if len(self.profiles) > 1:
            body.append("<section><h2>Overview</h2>" + overview_chart(self.profiles) + "</section>")
        for profile in self.profiles:
            body.append(self._document(profile))
        if self.failures:
            body.append('<section class="failures"><h2>Not scored</h2><ul>'
                        + "".join(f"<li>{_e(message)}</li>" for _, message in self.failures) + "</ul></section>")
        body.append(f"<footer>biasscan {_e(self.meta.get('biasscan_version', ''))} · {_e(provenance(self.meta))} · "
                    f"lexicon sha256 {_e(self.meta.get('lexicon_sha256', ''))}</footer>")
        return ("<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\">"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                f"<title>biasscan · {title}</title><style>{STYLE}{_category_css()}</style></head>"
                "<body><main>" + "\n".join(body) + "</main></body></html>\n")

    def _document(self, profile: ArticleProfile) -> str:
        warnings = "".join(f'<p class="muted">warning: {_e(w)}</p>' for w in profile.warnings)
        return (f'<section class="doc"><h2>{_e(profile.doc_id)}</h2>'
                f'<p class="meta">{profile.n_paragraphs} paragraphs · {profile.n_words} words · '
                f"bias index {profile.bias_index:.2f}</p>{warnings}"
                f"{profile_chart(profile)}{stats_table(profile)}"
                '<ol class="paragraphs">' + "\n".join(paragraph_html(s) for s in profile.paragraphs) + "</ol></section>")
