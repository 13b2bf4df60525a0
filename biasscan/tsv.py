"""The tab-separated data files biasscan ships (lexicons, sense rules): comments, a fixed header, rows."""

from __future__ import annotations

from collections.abc import Iterator

from biasscan.errors import LexiconError


def data_rows(text: str, name: str, header: tuple[str, ...], kind: str) -> Iterator[tuple[str, list[str]]]:
    """(`name:line`, stripped cells) of every data row after the header; blank and `#` lines are skipped.

    A wrong header, a row with the wrong number of columns or a file without a header is an error
    naming `name:line`, so a broken file never loads half-way.
    """
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not header_seen:
            if tuple(cells) != header:
                raise LexiconError(f"{name}:{lineno}: header must be {' | '.join(header)} (tab-separated)")
            header_seen = True
            continue
        where = f"{name}:{lineno}"
        if len(cells) != len(header):
            raise LexiconError(f"{where}: expected {len(header)} tab-separated columns, found {len(cells)}")
        yield where, cells
    if not header_seen:
        raise LexiconError(f"{name}: empty {kind} (no header)")
