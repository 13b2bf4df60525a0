"""Step 2 of the lexicon review (lexicons/README.md): how often each row fires on neutral reporting.

Runs the project's own tokenizer and matcher over every paragraph of the German Wikinews quotation
corpus (`../shared/data/de-wikinews-quotes/*.jsonl`, mostly neutral agency-style reporting) and
prints, per row of the given lexicon files, its hits outside quotes, with a few hits in context to
read. With `--update-notes` it rewrites each row's `WN a/N` note in the `example` column (appending
one where a row has none), so the recorded counts always come from this script.

    .venv/bin/python -m training.review_lexicon lexicons/loaded.tsv --show 2
    .venv/bin/python -m training.review_lexicon lexicons/{loaded,hedging,commercial,editorializing}.tsv \
        --senses lexicons/senses.tsv --update-notes

The corpus is CC BY-NC-SA 4.0: it is read in place and nothing of it is written anywhere.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

from biasscan.lexicon import HEADER, Lexicon, load_lexicon
from biasscan.matching import Matcher
from biasscan.tokens import tokenize
from biasscan.training_data import default_shared_dir, wikinews_articles, wikinews_paragraphs
from biasscan.tsv import data_rows

_NOTE = re.compile(r"WN \d+/\d+")


def neutral_paragraphs(shared_dir: Path) -> list[str]:
    articles = wikinews_articles(shared_dir / "de-wikinews-quotes")
    return [p for text in articles.values() for p in wikinews_paragraphs(text)]


def count_hits(lexicon: Lexicon, paragraphs: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """Row origin ("loaded.tsv:17") -> the unquoted hits (paragraph, start, end), one per paragraph."""
    matcher = Matcher(lexicon)
    hits: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for text in paragraphs:
        seen: set[str] = set()
        for cue in matcher.match(text, tokenize(text)):
            if not cue.quoted and cue.row not in seen:
                seen.add(cue.row)
                hits[cue.row].append((text, cue.start, cue.end))
    return hits


def update_notes(path: Path, hits: dict[str, list[tuple[str, int, int]]], total: int) -> int:
    """Rewrite the `WN a/N` note of every data row of `path`; returns the number of rows changed."""
    text = path.read_text(encoding="utf-8")
    rows = {where for where, _ in data_rows(text, path.name, HEADER, "lexicon")}  # the rows the lexicon loads
    lines = text.split("\n")
    changed = 0
    for number, line in enumerate(lines, start=1):
        where = f"{path.name}:{number}"
        if where not in rows:
            continue
        columns = line.split("\t")
        note = f"WN {len(hits.get(where, []))}/{total}"
        example = columns[-1]
        updated = _NOTE.sub(note, example) if _NOTE.search(example) else f"{example}; {note}"
        if updated != example:
            columns[-1] = updated
            lines[number - 1] = "\t".join(columns)
            changed += 1
    path.write_text("\n".join(lines), encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="lexicon TSV files to review")
    parser.add_argument("--shared", type=Path, default=default_shared_dir(), help="the shared data folder")
    parser.add_argument("--show", type=int, default=2, help="hits in context to print per row (default 2)")
    parser.add_argument("--min-hits", type=int, default=1, help="list only rows with at least this many hits")
    parser.add_argument("--update-notes", action="store_true", help="rewrite the WN a/N notes in the files")
    parser.add_argument("--senses", type=Path, default=None,
                        help="apply these sense rules (e.g. lexicons/senses.tsv when reviewing all shipped files)")
    args = parser.parse_args(argv)
    paragraphs = neutral_paragraphs(args.shared)
    if not paragraphs:
        print(f"no Wikinews paragraphs under {args.shared}/de-wikinews-quotes: nothing to review", file=sys.stderr)
        return 2
    lexicon = load_lexicon(args.files, defaults=False, senses=args.senses)
    hits = count_hits(lexicon, paragraphs)
    total = len(paragraphs)
    for entry in lexicon.entries:
        found = hits.get(entry.origin, [])
        if len(found) >= args.min_hits:
            print(f"{entry.origin}\t{entry.entry}\t{entry.match}\t{entry.weight:g}\tWN {len(found)}/{total}")
            for text, start, end in found[: args.show]:
                print(f"    …{text[max(0, start - 60):start]}[{text[start:end]}]{text[end:end + 60]}…".replace("\n", " "))
    if args.update_notes:
        for path in args.files:
            print(f"{path}: {update_notes(path, hits, total)} notes updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
