"""`--format csv`: paragraph or article rows with a stable column order.

UTF-8 with `,` by default; `--excel` writes a BOM and `;` so German Excel opens it directly.
Newlines inside text are quoted by the csv module, never stripped.
"""

from __future__ import annotations

import csv
from typing import IO, Any

from biasscan.records import ArticleProfile
from biasscan.render import Format, Level, RenderSpec, Summary
from biasscan.render.records import ARTICLE_COLUMNS, PARAGRAPH_COLUMNS, article_row, paragraph_row


class CsvRenderer:
    def __init__(self, out: IO[str], level: Level, *, excel: bool = False) -> None:
        self.out = out
        self.level = level
        self.excel = excel
        columns = ARTICLE_COLUMNS if level is Level.article else PARAGRAPH_COLUMNS
        if excel:
            out.write("\ufeff")
        self.writer = csv.DictWriter(out, fieldnames=columns, delimiter=";" if excel else ",", lineterminator="\n")

    def begin(self, meta: dict[str, Any]) -> None:
        self.writer.writeheader()

    def document(self, profile: ArticleProfile) -> None:
        if self.level is Level.article:
            self.writer.writerow(article_row(profile))
        else:
            self.writer.writerows(paragraph_row(s) for s in profile.paragraphs)

    def worker_spec(self) -> RenderSpec:
        """Rows depend on their document alone (the header is written by `begin`): workers may render them."""
        return RenderSpec(Format.csv, self.level, self.excel)

    def rendered(self, text: str) -> None:
        """Write rows a worker rendered with `worker_spec`."""
        self.out.write(text)

    def failure(self, source: str, message: str) -> None:
        pass  # reported on stderr and in the sidecar

    def end(self, summary: Summary) -> None:
        self.out.flush()
