"""A live count of scored documents on stderr for corpus runs, and nothing at all otherwise.

The display appears only when it is wanted (not `--quiet`) and stderr is a terminal, so logs,
pipes and CI output never see control characters. The corpus is streamed, so its size is unknown
up front: the display counts documents and paragraphs instead of showing a percentage. While it
runs, diagnostics must go through `stream`, which prints them above the display instead of
tearing it.
"""

from __future__ import annotations

from types import TracebackType
from typing import IO, Any


class ProgressDisplay:
    def __init__(self, stderr: IO[str], *, wanted: bool) -> None:
        self.stderr = stderr
        self.enabled = wanted and _is_terminal(stderr)
        self.stream: IO[str] = stderr  # where diagnostics go while the display is up
        self._progress: Any = None
        self._task: Any = None
        self._paragraphs = 0

    def __enter__(self) -> ProgressDisplay:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.file_proxy import FileProxy
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = Console(file=self.stderr)
        self._progress = Progress(
            SpinnerColumn(), TextColumn("scoring: {task.completed} documents, {task.fields[paragraphs]} paragraphs"),
            TimeElapsedColumn(), console=console, transient=True, redirect_stdout=False, redirect_stderr=False,
        )
        self._task = self._progress.add_task("scoring", total=None, paragraphs=0)
        self.stream = FileProxy(console, self.stderr)  # type: ignore[assignment]
        self._progress.start()
        return self

    def advance(self, paragraphs: int) -> None:
        if self._progress is not None:
            self._paragraphs += paragraphs
            self._progress.update(self._task, advance=1, paragraphs=self._paragraphs)

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self.stream.flush()
            self._progress.stop()
            self.stream = self.stderr


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or not a real file
        return False
