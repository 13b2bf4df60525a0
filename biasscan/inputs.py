"""Paths -> documents: files, directories, stdin and corpus tables, with every failure accounted for.

`iter_documents` yields either a `Document` or a `Failure`; it never raises for one bad input,
so a corpus run scores everything it can and reports the rest with a reason.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from biasscan.errors import InputError
from biasscan.reading import LOSSY_UTF8, decode, looks_like_html, normalize
from biasscan.records import Document

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TABLE_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson", ".parquet")
DEFAULT_GLOBS = tuple(f"*{s}" for s in TEXT_SUFFIXES + HTML_SUFFIXES)
MB = 1024 * 1024  # --max-size counts in MiB, and so do the messages about it
DEFAULT_MAX_BYTES = 100 * MB


@dataclass(slots=True, frozen=True)
class Failure:
    source: str
    message: str  # one line, naming the file (and line or row)


@dataclass(slots=True, frozen=True)
class InputOptions:
    globs: tuple[str, ...] = ()
    text_column: str = "text"
    id_column: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES


def iter_documents(paths: list[str], options: InputOptions | None = None) -> Iterator[Document | Failure]:
    options = options or InputOptions()
    for raw in paths:
        if raw == "-":
            yield _from_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, options)
        elif path.exists() or path.is_symlink():
            yield from _from_file(path, options)
        else:
            yield Failure(raw, f"{raw}: no such file or directory")


def _walk(root: Path, options: InputOptions) -> Iterator[Document | Failure]:
    globs = options.globs or DEFAULT_GLOBS
    found = False
    seen_dirs: set[tuple[int, int]] = set()
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=errors.append):
        try:
            stat = os.stat(dirpath)
        except OSError as exc:
            yield Failure(dirpath, f"{dirpath}: cannot read directory ({exc.strerror})")
            dirnames[:] = []
            continue
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:  # a symlink loop or a second link to the same folder
            yield Failure(dirpath, f"{dirpath}: directory already visited (symlink loop), skipped")
            dirnames[:] = []
            continue
        seen_dirs.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            if any(fnmatch.fnmatch(name, g) for g in globs):
                found = True
                yield from _from_file(Path(dirpath) / name, options)
    for exc in errors:
        yield Failure(str(exc.filename), f"{exc.filename}: cannot read directory ({exc.strerror})")
    if not found:
        yield Failure(str(root), f"{root}: no files matching {', '.join(globs)}")


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if size > max_bytes:  # refused from its size alone: a 1 GB file is never read into memory
        raise InputError(
            f"{path}: {size / MB:,.1f} MB is larger than the limit of {max_bytes / MB:,.1f} MB (raise it with --max-size)"
        )
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def _from_file(path: Path, options: InputOptions) -> Iterator[Document | Failure]:
    suffix = path.suffix.lower()
    try:
        if suffix in TABLE_SUFFIXES:
            yield from _from_table(path, options)
            return
        data = _read_bytes(path, options.max_bytes)
        text, encoding = decode(data, str(path))
        del data  # a large file should not be held twice while it is split and scored
        yield make_document(str(path), text, str(path), encoding, html=suffix in HTML_SUFFIXES)
    except InputError as exc:
        yield Failure(str(path), exc.message)


def _from_stdin(options: InputOptions) -> Document | Failure:
    try:
        data = sys.stdin.buffer.read(options.max_bytes + 1)
    except OSError as exc:
        return Failure("-", f"-: cannot read standard input ({exc.strerror})")
    if len(data) > options.max_bytes:
        return Failure("-", f"-: standard input is larger than the limit of {options.max_bytes / MB:,.1f} MB (raise it with --max-size)")
    try:
        text, encoding = decode(data, "<stdin>")
    except InputError as exc:
        return Failure("-", exc.message)
    return make_document("-", text, "-", encoding)


def make_document(doc_id: str, text: str, source: str, encoding: str = "utf-8", *, html: bool = False) -> Document:
    warnings: list[str] = []
    if (encoding == LOSSY_UTF8 or not encoding.startswith("utf")) and "\ufffd" in text:
        # The legacy fallback decodes with errors="replace": say so rather than score silently damaged text.
        warnings.append(f"{text.count(chr(0xFFFD))} byte(s) undecodable as {encoding}, replaced by U+FFFD")
    if html or looks_like_html(text):
        from biasscan.html_text import html_blocks  # html.parser: only for HTML input

        blocks = tuple(html_blocks(text))
        return Document(doc_id, "\n\n".join(b[0] for b in blocks), source, encoding, blocks, tuple(warnings))
    return Document(doc_id, text, source, encoding, None, tuple(warnings))


def single_document(text: str, doc_id: str) -> Document:
    """One text held in memory (the pandas API), read as a file's text would be."""
    return make_document(doc_id, normalize(text), doc_id)


def _from_table(path: Path, options: InputOptions) -> Iterator[Document | Failure]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        yield from _from_parquet(path, options)
        return
    data = _read_bytes(path, options.max_bytes)
    text, _ = decode(data, str(path))
    if suffix in (".jsonl", ".ndjson"):
        yield from _from_jsonl(path, text, options)
    else:
        yield from _from_csv(path, text, options, "\t" if suffix == ".tsv" else ",")


def missing_text(path: Path | str, row_number: int | str, where: str, text_column: str) -> Failure:
    """A table row without text; `where` is "row N" or "line N" (the Dask engine words it the same)."""
    return Failure(f"{path}:{row_number}", f"{path}:{where}: no value in text column {text_column!r}")


def unreadable_parquet(path: Path | str, exc: Exception) -> str:
    """The one-line reason for a Parquet file pyarrow cannot open (it raises many types for corrupt files)."""
    first_line = (str(exc).splitlines() or [""])[0]
    return f"{path}: cannot read Parquet ({exc.__class__.__name__}: {first_line[:200]})"


def _row_document(path: Path, row_number: int, row: dict, options: InputOptions, where: str) -> Document | Failure:
    value = row.get(options.text_column)
    if value is None:
        return missing_text(path, row_number, where, options.text_column)
    doc_id = str(row.get(options.id_column)) if options.id_column and row.get(options.id_column) is not None else f"{path}:{row_number}"
    return make_document(doc_id, normalize(str(value)), f"{path}:{row_number}")


def _missing_column(path: Path, columns: list[str], options: InputOptions) -> Failure | None:
    """The whole table fails when its text or id column is absent (CSV, TSV and Parquet alike:
    pyarrow would silently skip a missing id column and number the rows instead)."""
    if options.text_column not in columns:
        return Failure(str(path), f"{path}: no column {options.text_column!r} (columns: {', '.join(columns) or 'none'}); use --text-column")
    if options.id_column and options.id_column not in columns:
        return Failure(str(path), f"{path}: no id column {options.id_column!r} (columns: {', '.join(columns)})")
    return None


def _from_csv(path: Path, text: str, options: InputOptions, delimiter: str) -> Iterator[Document | Failure]:
    csv.field_size_limit(sys.maxsize)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = _missing_column(path, reader.fieldnames or [], options)
    if missing:
        yield missing
        return
    try:
        for number, row in enumerate(reader, start=1):
            yield _row_document(path, number, row, options, f"row {number}")
    except csv.Error as exc:
        yield Failure(str(path), f"{path}: line {reader.line_num}: malformed CSV ({exc}); rest of file skipped")


def _from_jsonl(path: Path, text: str, options: InputOptions) -> Iterator[Document | Failure]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(f"{path}:{number}", f"{path}:{number}: malformed JSON ({exc.msg}), line skipped")
            continue
        if not isinstance(row, dict):
            yield Failure(f"{path}:{number}", f"{path}:{number}: expected a JSON object, line skipped")
            continue
        yield _row_document(path, number, row, options, f"line {number}")


def _from_parquet(path: Path, options: InputOptions) -> Iterator[Document | Failure]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield Failure(str(path), f"{path}: reading Parquet needs pyarrow (pip install 'biasscan[parquet]')")
        return
    try:
        table = pq.ParquetFile(path)
        missing = _missing_column(path, table.schema_arrow.names, options)
        if missing:
            yield missing
            return
        wanted = [options.text_column] + ([options.id_column] if options.id_column else [])
        number = 0
        for batch in table.iter_batches(columns=wanted):
            for row in batch.to_pylist():
                number += 1
                yield _row_document(path, number, row, options, f"row {number}")
    except Exception as exc:  # pyarrow raises many types for corrupt files
        yield Failure(str(path), unreadable_parquet(path, exc))
