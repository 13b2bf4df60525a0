"""`--format jsonl`: one record per paragraph (default) or per article, streamed as scored.

Run metadata (model version, lexicon hash, thresholds) and failures go into the sidecar
`<output>.meta.json` that the CLI writes next to `-o FILE`, so each line stays a pure data record.
"""

from __future__ import annotations

import json
from typing import IO, Any

from biasscan.records import ArticleProfile
from biasscan.render import Format, Level, RenderSpec, Summary
from biasscan.render.records import article_record, paragraph_record


class JsonlRenderer:
    def __init__(self, out: IO[str], level: Level) -> None:
        self.out = out
        self.level = level

    def begin(self, meta: dict[str, Any]) -> None:
        pass

    def document(self, profile: ArticleProfile) -> None:
        if self.level is Level.article:
            records = [article_record(profile)]
        else:
            records = [paragraph_record(s) for s in profile.paragraphs]
        for record in records:
            self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def worker_spec(self) -> RenderSpec:
        """Each document's lines depend on that document alone: workers may render them (--jobs)."""
        return RenderSpec(Format.jsonl, self.level)

    def rendered(self, text: str) -> None:
        """Write lines a worker rendered with `worker_spec`."""
        self.out.write(text)

    def failure(self, source: str, message: str) -> None:
        pass  # failures go to stderr and the sidecar; JSONL lines are data records only

    def end(self, summary: Summary) -> None:
        self.out.flush()
