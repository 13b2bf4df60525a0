"""`--jobs N`: score documents in worker processes, yielding profiles in input order.

Scoring is pure CPU in Python, so threads would not help; processes do. Each worker builds its
own `Analyzer` once (lexicon automaton, model) from the run's `Settings`, then scores chunks of
documents. Work is submitted in small chunks with a bounded number in flight, and results are
yielded strictly in submission order, so the output is byte-identical to `--jobs 1` and memory
does not grow with the corpus. Workers are started with "spawn" so behaviour is the same on Linux,
macOS and Windows and no parent threads (progress display) are copied into a forked child.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from itertools import islice

from biasscan.pipeline import Analyzer, Settings
from biasscan.records import ArticleProfile, Document

CHUNK_DOCUMENTS = 4  # small enough that a modest corpus still spreads over all workers
CHUNKS_IN_FLIGHT_PER_JOB = 4  # enough queued work to keep workers busy, little enough to bound memory

_worker_analyzer: dict[str, Analyzer] = {}


def _start_worker(settings: Settings) -> None:
    _worker_analyzer["analyzer"] = Analyzer(settings)


def _analyze_chunk(documents: list[Document]) -> list[ArticleProfile]:
    analyzer = _worker_analyzer["analyzer"]
    return [analyzer.analyze(doc) for doc in documents]


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def analyze_in_parallel(settings: Settings, documents: Iterable[Document], jobs: int,
                        chunk_documents: int = CHUNK_DOCUMENTS) -> Iterator[ArticleProfile]:
    """Profiles of `documents`, in their order, scored by `jobs` worker processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    limit = max(1, jobs * CHUNKS_IN_FLIGHT_PER_JOB)
    pending: deque[Future[list[ArticleProfile]]] = deque()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_start_worker, initargs=(settings,))
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
