"""`--jobs N`: score documents in worker processes, yielding profiles in input order.

Scoring is pure CPU in Python, so threads would not help; processes do. Each worker builds its
own `Analyzer` once (lexicon automaton, model) from the run's `Settings`, then scores chunks of
documents. Work is submitted in small chunks with a bounded number in flight, and results are
yielded strictly in submission order, so the output is byte-identical to `--jobs 1` and memory
does not grow with the corpus. Workers are started with "spawn" so behaviour is the same on Linux,
macOS and Windows and no parent threads (progress display) are copied into a forked child.

When the renderer's output per document depends on that document alone (csv, jsonl: it offers a
`RenderSpec`), workers render too and send back text instead of whole profiles: unpickling profiles
and rendering them in the parent were as much work as the scoring handed off, so two jobs were no
faster than one.
"""

from __future__ import annotations

import io
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from itertools import islice

from biasscan.pipeline import Analyzer, Settings
from biasscan.records import ArticleProfile, Document
from biasscan.render import RenderSpec

CHUNK_DOCUMENTS = 4  # small enough that a modest corpus still spreads over all workers
CHUNKS_IN_FLIGHT_PER_JOB = 4  # enough queued work to keep workers busy, little enough to bound memory


@dataclass(slots=True, frozen=True)
class RenderedDocument:
    """A document scored and rendered in a worker: what the parent needs to write it and count it."""

    source: str
    n_paragraphs: int
    warnings: tuple[str, ...]
    text: str  # the renderer's output for this document


_worker: dict[str, object] = {}


def _start_worker(settings: Settings, spec: RenderSpec | None) -> None:
    _worker["analyzer"] = Analyzer(settings)
    if spec is not None:
        from biasscan.render import make_renderer

        buffer = io.StringIO()
        _worker["buffer"] = buffer
        _worker["renderer"] = make_renderer(spec.fmt, spec.level, buffer, excel=spec.excel)


def _analyze_chunk(documents: list[Document]) -> list[ArticleProfile] | list[RenderedDocument]:
    analyzer: Analyzer = _worker["analyzer"]  # type: ignore[assignment]
    profiles = [analyzer.analyze(doc) for doc in documents]
    if "renderer" not in _worker:
        return profiles
    buffer: io.StringIO = _worker["buffer"]  # type: ignore[assignment]
    renderer = _worker["renderer"]
    rendered = []
    for profile in profiles:
        buffer.seek(0)
        buffer.truncate()
        renderer.document(profile)  # type: ignore[attr-defined]
        rendered.append(RenderedDocument(profile.source, profile.n_paragraphs, profile.warnings, buffer.getvalue()))
    return rendered


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyze_in_parallel(settings: Settings, documents: Iterable[Document], jobs: int,
                        chunk_documents: int = CHUNK_DOCUMENTS,
                        render: RenderSpec | None = None) -> Iterator[ArticleProfile | RenderedDocument]:
    """Profiles of `documents` (or, given `render`, their rendered text), in their order, scored by
    `jobs` worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    limit = max(1, jobs * CHUNKS_IN_FLIGHT_PER_JOB)
    pending: deque[Future[list[ArticleProfile] | list[RenderedDocument]]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(settings, render))
    try:
        for chunk in _chunks(documents, chunk_documents):
            pending.append(pool.submit(_analyze_chunk, chunk))
            while len(pending) >= limit:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        # Normal end: nothing is pending. Early end (error, interrupt, consumer stopped): drop queued work.
        pool.shutdown(wait=True, cancel_futures=True)
