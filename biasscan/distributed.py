"""`score --engine dask`: score a partitioned Parquet/CSV corpus on a Dask cluster, write partitioned Parquet.

Why a module of its own: the local engine streams documents through one Analyzer; here the corpus is
cut into partitions (one per Parquet row group, one per CSV file, because quoted CSV fields may hold
newlines and cannot be split by bytes), each worker runs the same `biasscan.score_frame` the pandas
API offers, and Dask writes one Parquet file per partition. Scoring itself is never re-implemented:
a Dask run and `score_frame` on the whole table give the same rows.

Every input row is accounted for: rows with a text are scored, rows without one are failures that
go to stderr and the `.meta.json` sidecar, exactly as the local readers in `inputs.py` report them.
Dask, distributed, pandas and pyarrow are imported only inside these functions.
"""

from __future__ import annotations

import glob as globbing
import io
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from biasscan.errors import InputError, UsageError
from biasscan.inputs import Failure, missing_text, unreadable_parquet
from biasscan.pipeline import Analyzer, Settings
from biasscan.render import Summary
from biasscan.runner import RunResult, write_sidecar

if TYPE_CHECKING:
    import pandas as pd

INSTALL_HINT = "--engine dask needs Dask: pip install 'biasscan[dask]'"
CORPUS_SUFFIXES = (".parquet", ".csv", ".tsv")
DEFAULT_CORPUS_GLOBS = tuple(f"*{s}" for s in CORPUS_SUFFIXES)

# Columns the partition loader adds next to the text: where each row came from, so failures can be
# named `file:row` and documents without an id column get the same ids as in a local run.
SOURCE_COLUMN = "_biasscan_source"
ROW_ID_COLUMN = "_biasscan_row_id"

# No dashboard, and the scheduler's small HTTP server on a free port: a fixed :8787 clashes (with a
# warning on stderr) as soon as a second cluster runs on the machine.
QUIET_CLUSTER: dict[str, Any] = {"dashboard_address": None, "scheduler_kwargs": {"dashboard_address": ":0"}}


@dataclass(slots=True, frozen=True)
class CorpusPart:
    """One Dask partition: a whole CSV file or one row group of a Parquet file."""

    path: str
    row_group: int | None  # None for CSV/TSV: the whole file
    first_row: int  # 1-based number of the partition's first row within its file


@dataclass(slots=True, frozen=True)
class DaskJob:
    """Everything a Dask run needs besides the cluster; picklable, so workers receive it as is."""

    text_column: str = "text"
    id_column: str | None = None
    level: str = "paragraph"
    settings: Settings | None = None

    @property
    def columns(self) -> list[str]:
        """The columns read from the corpus: the text, and the id if one is named."""
        return [self.text_column] + ([self.id_column] if self.id_column else [])


def require_dask() -> None:
    """Fail with the install hint (exit 2) before anything else when the `dask` extra is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
        import pyarrow  # noqa: F401
    except ImportError:
        raise UsageError(INSTALL_HINT) from None


def resolve_corpus(items: Iterable[str], globs: tuple[str, ...] = ()) -> list[Path]:
    """Directories (searched recursively), glob patterns and single files -> the table files to score."""
    patterns = globs or DEFAULT_CORPUS_GLOBS
    files: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            found = sorted({f for pattern in patterns for f in path.rglob(pattern) if f.is_file()})
            if not found:
                raise InputError(f"{item}: no files matching {', '.join(patterns)}")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif globbing.has_magic(item):
            found = sorted(Path(f) for f in globbing.glob(item, recursive=True) if Path(f).is_file())
            if not found:
                raise InputError(f"{item}: the pattern matches no files")
            files.extend(found)
        else:
            raise InputError(f"{item}: no such file or directory")
    for file in files:
        if file.suffix.lower() not in CORPUS_SUFFIXES:
            raise UsageError(f"{file}: --engine dask reads .parquet, .csv and .tsv corpora, not {file.suffix or 'this file'}")
    return files


def plan_partitions(files: list[Path], job: DaskJob) -> list[CorpusPart]:
    """Cut the corpus into partitions and check the columns up front, naming the file on error."""
    import pyarrow.parquet as pq

    parts: list[CorpusPart] = []
    for file in files:
        if file.suffix.lower() == ".parquet":
            try:
                parquet = pq.ParquetFile(file)  # one read of the footer gives row groups and columns
                metadata, columns = parquet.metadata, parquet.schema_arrow.names
            except Exception as exc:  # pyarrow raises many types for corrupt files
                raise InputError(unreadable_parquet(file, exc)) from None
            _check_columns(file, columns, job.columns)
            first_row = 1
            for group in range(metadata.num_row_groups):
                parts.append(CorpusPart(str(file), group, first_row))
                first_row += metadata.row_group(group).num_rows
        else:
            _check_columns(file, _csv_header(file), job.columns)
            parts.append(CorpusPart(str(file), None, 1))
    return parts


def _check_columns(file: Path, columns: list[str], wanted: list[str]) -> None:
    for name in wanted:
        if name not in columns:
            raise UsageError(f"{file}: no column {name!r} (columns: {', '.join(columns) or 'none'}); use --text-column/--id-column")


def _csv_header(file: Path, head_bytes: int = 1 << 20) -> list[str]:
    """The column names of a CSV/TSV file from its first megabyte: the client checks, the workers read."""
    try:
        with open(file, "rb") as handle:
            head = handle.read(head_bytes)
    except OSError as exc:
        raise InputError(f"{file}: cannot read ({exc.strerror})") from None
    return list(_parse_delimited(file, head, nrows=0).columns)


def _parse_delimited(file: Path, data: bytes, nrows: int | None = None) -> pd.DataFrame:
    """CSV/TSV bytes through the same decoding cascade as the local reader, every cell as text."""
    import pandas as pd

    from biasscan.reading import decode

    text, _ = decode(data, str(file))
    return pd.read_csv(io.StringIO(text), sep="\t" if file.suffix.lower() == ".tsv" else ",", dtype=str,
                       keep_default_na=False, nrows=nrows)


def rows_meta(job: DaskJob) -> pd.DataFrame:
    """The empty frame `load_partition` returns: Dask's `meta`, so no partition is read just to learn it."""
    import pandas as pd

    return pd.DataFrame({name: pd.Series([], dtype=object) for name in (SOURCE_COLUMN, job.text_column, ROW_ID_COLUMN)})


def load_partition(part: CorpusPart, job: DaskJob) -> pd.DataFrame:
    """Read one partition and label every row with its `file:row` source (runs on a worker)."""
    import pandas as pd
    import pyarrow.parquet as pq

    wanted = job.columns
    path = Path(part.path)
    if part.row_group is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        frame = _parse_delimited(path, data)[wanted]
    else:
        frame = pq.ParquetFile(path).read_row_group(part.row_group, columns=wanted).to_pandas()
    frame = frame.reset_index(drop=True)
    sources = [f"{part.path}:{part.first_row + i}" for i in range(len(frame))]
    texts = [None if pd.isna(t) else t for t in frame[job.text_column]]
    # Like the local reader: a row whose id cell is empty keeps its file:row id.
    ids = sources if not job.id_column else [s if pd.isna(v) else str(v) for v, s in zip(frame[job.id_column], sources, strict=True)]
    return pd.DataFrame({SOURCE_COLUMN: pd.Series(sources, dtype=object),
                         job.text_column: pd.Series(texts, dtype=object),
                         ROW_ID_COLUMN: pd.Series(ids, dtype=object)})


def missing_text_failure(source: str, text_column: str) -> Failure:
    """A row without text, worded as the local reader words it (`FILE:row N: ...`)."""
    path, _, row = source.rpartition(":")
    return missing_text(path, row, f"row {row}", text_column)


def frame_settings(settings: Settings | None) -> dict[str, Any]:
    """`Settings` -> the keyword settings of `score_frame` (the form its per-process analyzer cache keys on)."""
    from biasscan.frames import SETTING_NAMES

    settings = settings or Settings()
    return {name: getattr(settings, name) for name in SETTING_NAMES}


def score_partition(frame: pd.DataFrame, job: DaskJob) -> pd.DataFrame:
    """Score the rows that have a text with the pandas API; this is what `map_partitions` runs.

    Article rows get `source` = `file:row`, as in a local run, rather than the id `score_frame` knows.
    """
    from biasscan.frames import score_frame

    scorable = frame[frame[job.text_column].notna()]
    scored = score_frame(scorable, text_column=job.text_column, id_column=ROW_ID_COLUMN, level=job.level,
                         **frame_settings(job.settings))
    if job.level == "article":  # score_frame gives exactly one article row per text, in order
        scored["source"] = scorable[SOURCE_COLUMN].astype(scored["source"].dtype).array
    return scored


def file_metadata(meta: dict[str, Any], level: str) -> dict[str, str]:
    """The `biasscan` key-value record every output file carries, the same as a local `--format parquet` file."""
    from biasscan.render.parquet import METADATA_KEY
    from biasscan.render.records import SCHEMA_VERSION

    return {METADATA_KEY: json.dumps({"schema_version": SCHEMA_VERSION, "level": level, **meta}, ensure_ascii=False)}


def start_client(scheduler: str | None, workers: int) -> Any:
    """Connect to a running scheduler, or start a LocalCluster of separate worker processes."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"cannot connect to the Dask scheduler at {scheduler}: {exc}") from None
    if workers < 1:
        raise UsageError(f"--workers must be at least 1, got {workers}")
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, **QUIET_CLUSTER)
    return Client(cluster)


def run_dask(corpus: list[str], outdir: Path, job: DaskJob, *, scheduler: str | None = None, workers: int = 2,
             globs: tuple[str, ...] = (), client: Any = None, quiet: bool = False,
             stderr: IO[str] | None = None) -> RunResult:
    """Score `corpus` on Dask into `outdir` (one Parquet file per partition) plus `outdir.meta.json`.

    Pass `client` to reuse a running cluster (the tests do); otherwise one is started and closed here.
    """
    require_dask()
    import dask
    import dask.dataframe as dd

    from biasscan.frames import frame_schema

    stderr = stderr or sys.stderr
    if outdir.exists() and (not outdir.is_dir() or any(outdir.iterdir())):
        raise UsageError(f"{outdir}: already exists and is not an empty directory; give a new output directory")
    files = resolve_corpus(corpus, globs)
    parts = plan_partitions(files, job)
    analyzer_meta = Analyzer(job.settings).metadata  # fails fast on a bad lexicon/model, before the cluster starts
    own_client = client is None
    client = client or start_client(scheduler, workers)
    try:
        rows = dd.from_map(load_partition, parts, job=job, meta=rows_meta(job), enforce_metadata=False)
        scored = rows.map_partitions(score_partition, job, meta=frame_schema(job.level), align_dataframes=False)
        write = scored.to_parquet(str(outdir), write_index=False, compute=False, compression="zstd",
                                  custom_metadata=file_metadata(analyzer_meta, job.level))
        missing = rows[rows[job.text_column].isna()][SOURCE_COLUMN]
        paragraphs = scored["paragraphs"].sum() if job.level == "article" else scored.shape[0]
        _, n_rows, n_paragraphs, missing_sources = dask.compute(write, rows.shape[0], paragraphs, missing)
    finally:
        if own_client:
            cluster = client.cluster
            client.close()
            if cluster is not None:
                cluster.close()
    failures = [missing_text_failure(source, job.text_column) for source in missing_sources]
    for failure in failures:
        print(f"biasscan: {failure.message}", file=stderr)
    result = RunResult(Summary(documents=int(n_rows) - len(failures), paragraphs=int(n_paragraphs), failed=len(failures)),
                       failures)
    extra = {"format": "parquet", "level": job.level, "engine": "dask", "partitions": len(parts),
             "input_rows": int(n_rows), "inputs": [str(f) for f in files]}
    write_sidecar(outdir, analyzer_meta, result, extra)
    if not quiet:
        s = result.summary
        print(f"biasscan: {s.documents} documents scored ({s.paragraphs} paragraphs) in {len(parts)} partitions, "
              f"{s.failed} failed -> {outdir}", file=stderr)
    return result
