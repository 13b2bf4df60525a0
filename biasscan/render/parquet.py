"""`--format parquet -o FILE`: typed paragraph or article rows, streamed in row groups.

Rows are buffered only up to one row group and then written, so memory stays flat however large
the corpus. Columns, order and types come from render/typed.py (the CSV columns, typed; `cues`
and `commercial_subtypes` as JSON text). The file's key-value metadata carries what produced it:
key `biasscan` (versions, lexicon hash, thresholds, level, schema version) written first, and key
`biasscan.summary` (counts and failures) added when the run ends. Of the renderers only this one
imports pyarrow, and only when it is chosen.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from biasscan.errors import UsageError
from biasscan.records import ArticleProfile
from biasscan.render import Level, Summary
from biasscan.render.records import SCHEMA_VERSION
from biasscan.render.typed import column_types, typed_rows

ROW_GROUP_ROWS = 5_000
METADATA_KEY = "biasscan"
SUMMARY_KEY = "biasscan.summary"


def _import_pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("--format parquet needs pyarrow: pip install 'biasscan[parquet]'") from None
    return pa, pq


class ParquetRenderer:
    def __init__(self, path: Path, level: Level, *, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self.pa, self.pq = _import_pyarrow()
        self.path = path
        self.level = level
        self.row_group_rows = row_group_rows
        arrow_types = {"string": self.pa.string(), "int64": self.pa.int64(), "float64": self.pa.float64(),
                       "bool": self.pa.bool_()}
        self.schema = self.pa.schema([(name, arrow_types[kind]) for name, kind in column_types(level.value).items()])
        self.writer: Any = None
        self.buffer: list[dict[str, Any]] = []
        self.failures: list[dict[str, str]] = []

    def begin(self, meta: dict[str, Any]) -> None:
        record = {"schema_version": SCHEMA_VERSION, "level": self.level.value, **meta}
        schema = self.schema.with_metadata({METADATA_KEY: json.dumps(record, ensure_ascii=False)})
        try:
            self.writer = self.pq.ParquetWriter(str(self.path), schema, compression="zstd")
        except OSError as exc:
            raise UsageError(f"cannot write {self.path}: {exc}") from None

    def document(self, profile: ArticleProfile) -> None:
        self.buffer.extend(typed_rows(profile, self.level.value))
        if len(self.buffer) >= self.row_group_rows:
            self._flush()

    def failure(self, source: str, message: str) -> None:
        self.failures.append({"source": source, "error": message})

    def end(self, summary: Summary) -> None:
        self._flush()
        # Written last, into the footer, because the counts are known only now (pyarrow >= 17).
        payload = {**summary.as_dict(), "failures": self.failures}
        self.writer.add_key_value_metadata({SUMMARY_KEY: json.dumps(payload, ensure_ascii=False)})
        self.writer.close()

    def _flush(self) -> None:
        if self.buffer:
            self.writer.write_table(self.pa.Table.from_pylist(self.buffer, schema=self.writer.schema))
            self.buffer = []


def read_metadata(path: Path) -> dict[str, Any]:
    """The `biasscan` and `biasscan.summary` records of an exported Parquet file, decoded.

    Both are in the file footer's key-value metadata (the schema's metadata is stored there too)."""
    _, pq = _import_pyarrow()
    footer = pq.ParquetFile(str(path)).metadata.metadata or {}
    return {key.decode(): json.loads(value) for key, value in footer.items()
            if key.decode() in (METADATA_KEY, SUMMARY_KEY)}
