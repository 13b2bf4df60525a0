"""Drive a scoring run: documents in, renderer fed, failures reported, nothing lost.

Shared by the `score`, `explain` and `compare` commands (`check` runs its own loop over the same
`iter_documents`, check/engine.py). Every input document ends either in the renderer or in a one-line
failure on stderr and in the summary; the exit code says whether anything failed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from biasscan.errors import ExitCode
from biasscan.inputs import Failure, InputOptions, iter_documents
from biasscan.pipeline import Analyzer
from biasscan.records import ArticleProfile, Document
from biasscan.render import Renderer, RenderSpec, Summary

if TYPE_CHECKING:
    from biasscan.parallel import RenderedDocument


@dataclass(slots=True)
class RunResult:
    summary: Summary
    failures: list[Failure] = field(default_factory=list)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.UNREADABLE if self.failures else ExitCode.OK


def scored_documents(analyzer: Analyzer, paths: list[str], options: InputOptions,
                     failures: list[Failure], stderr: IO[str] | None = None, *, jobs: int = 1,
                     render: RenderSpec | None = None) -> Iterator[ArticleProfile | RenderedDocument]:
    """Profiles in input order; failures are appended to `failures` and reported on stderr as they happen.

    With `jobs > 1` documents are scored in worker processes (biasscan/parallel.py); the order of
    the profiles is the same as with one job. With a `render` spec as well, the workers also render
    and what comes back is each document's text (`RenderedDocument`) rather than its profile.
    """
    stderr = stderr or sys.stderr

    def documents() -> Iterator[Document]:
        for item in iter_documents(paths, options):
            if isinstance(item, Failure):
                failures.append(item)
                print(f"biasscan: {item.message}", file=stderr)
                continue
            yield item

    if jobs > 1:
        from biasscan.parallel import analyze_in_parallel

        yield from analyze_in_parallel(analyzer.settings, documents(), jobs, render=render)
    else:
        yield from analyzer.analyze_many(documents())


def run(analyzer: Analyzer, paths: list[str], options: InputOptions, renderer: Renderer,
        *, quiet: bool = False, stderr: IO[str] | None = None, jobs: int = 1, progress: bool = False) -> RunResult:
    """Score every input into `renderer`. `progress`: show a live count on stderr if it is a terminal."""
    from biasscan.progress import ProgressDisplay

    stderr = stderr or sys.stderr
    result = RunResult(Summary())
    renderer.begin(analyzer.metadata)
    # csv and jsonl render each document on its own, so with --jobs the workers render as well.
    spec = renderer.worker_spec() if jobs > 1 and hasattr(renderer, "worker_spec") else None
    with ProgressDisplay(stderr, wanted=progress and not quiet) as display:
        for profile in scored_documents(analyzer, paths, options, result.failures, display.stream, jobs=jobs,
                                        render=spec):
            for warning in profile.warnings:
                print(f"biasscan: warning: {profile.source}: {warning}", file=display.stream)
            if isinstance(profile, ArticleProfile):
                renderer.document(profile)
            else:
                renderer.rendered(profile.text)  # type: ignore[attr-defined]
            if profile.n_paragraphs == 0:  # an empty file: in the output, but not counted as scored
                result.summary.skipped += 1
            else:
                result.summary.documents += 1
            result.summary.paragraphs += profile.n_paragraphs
            display.advance(profile.n_paragraphs)
    for failure in result.failures:
        renderer.failure(failure.source, failure.message)
    result.summary.failed = len(result.failures)
    renderer.end(result.summary)
    if not quiet and (result.failures or result.summary.skipped or result.summary.documents > 1):
        s = result.summary
        print(f"biasscan: {s.documents} documents scored ({s.paragraphs} paragraphs), {s.skipped} skipped, "
              f"{s.failed} failed", file=stderr)
    return result


def write_sidecar(output: Path, meta: dict[str, Any], result: RunResult, extra: dict[str, Any] | None = None) -> Path:
    """`<output>.meta.json`: what produced the export (versions, hashes, thresholds) and what failed."""
    sidecar = output.with_name(output.name + ".meta.json")
    payload = {
        **meta,
        **(extra or {}),
        "summary": result.summary.as_dict(),
        "failures": [{"source": f.source, "error": f.message} for f in result.failures],
    }
    sidecar.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return sidecar
