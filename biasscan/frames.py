"""The pandas API: score texts or a DataFrame column, get the CSV export's columns back as a DataFrame.

    import biasscan
    paragraphs = biasscan.score_texts(["Erster Text ...", "Zweiter Text ..."], ids=["a", "b"])
    articles = biasscan.score_frame(df, text_column="body", id_column="url", level="article")

Columns, order and types are those of `--format parquet` (render/typed.py): the CSV columns with
int64/float64/bool/string dtypes, `cues` and `commercial_subtypes` as JSON text. `frame_schema`
returns the empty frame with exactly that schema, which is what Dask needs as `meta`:

    ddf.map_partitions(biasscan.frames.score_frame, meta=biasscan.frames.frame_schema("paragraph"))

Building an `Analyzer` (lexicon automaton, model) is the expensive part, and Dask calls
`score_frame` once per partition, so analyzers are cached per settings within a process. The
cache keys on the settings, not on file contents: a lexicon edited during a session needs
`clear_analyzer_cache()`. pandas is imported only inside these functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from biasscan.errors import BiasscanError
from biasscan.inputs import single_document
from biasscan.pipeline import Analyzer, Settings, parse_thresholds
from biasscan.render.typed import LevelName, column_types, typed_rows

if TYPE_CHECKING:
    import pandas as pd

_PANDAS_DTYPES = {"string": "string", "int64": "int64", "float64": "float64", "bool": "bool"}
SETTING_NAMES = ("thresholds", "lexicon_paths", "use_model", "model_path", "trust_model")


def frame_schema(level: LevelName = "paragraph") -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes every call at `level` returns (Dask `meta`)."""
    import pandas as pd

    types = column_types(_level_name(level))
    return pd.DataFrame({name: pd.Series([], dtype=_PANDAS_DTYPES[kind]) for name, kind in types.items()})


def score_texts(texts: Iterable[str | None], ids: Iterable[Any] | None = None, level: LevelName = "paragraph",
                **settings: Any) -> pd.DataFrame:
    """Score each text as one document; rows per paragraph or per article, in input order.

    `ids` name the documents in the `doc` column (default: the position, "0", "1", ...). Missing
    texts (None, NaN) count as empty documents. `settings` are those of `pipeline.Settings`:
    thresholds (dict such as {"loaded": 0.6}; unnamed categories keep 0.5), lexicon_paths,
    use_model (False: lexicon scores only), model_path, trust_model.
    """
    import pandas as pd

    name = _level_name(level)
    analyzer = cached_analyzer(**settings)
    texts = list(texts)
    doc_ids = [str(i) for i in range(len(texts))] if ids is None else [str(i) for i in ids]
    if len(doc_ids) != len(texts):
        raise ValueError(f"score_texts: {len(texts)} texts but {len(doc_ids)} ids")
    rows: list[dict[str, Any]] = []
    for text, doc_id in zip(texts, doc_ids, strict=True):
        text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text)
        rows.extend(typed_rows(analyzer.analyze(single_document(text, doc_id)), name))
    schema = frame_schema(name)
    if not rows:
        return schema
    return pd.DataFrame.from_records(rows, columns=list(schema.columns)).astype(schema.dtypes.to_dict())


def score_frame(df: pd.DataFrame, text_column: str = "text", id_column: str | None = None,
                level: LevelName = "paragraph", **settings: Any) -> pd.DataFrame:
    """Score the texts in `df[text_column]`; `doc` is `df[id_column]`, or the row's index label without one.

    Returns the same columns and dtypes for every input, empty or not, so it works unchanged as the
    function of `dask.dataframe.map_partitions` with `meta=frame_schema(level)`.
    """
    for column in (text_column, id_column):
        if column is not None and column not in df.columns:
            raise KeyError(f"score_frame: no column {column!r} (columns: {', '.join(map(str, df.columns))})")
    ids = df[id_column] if id_column is not None else df.index
    return score_texts(df[text_column], ids=ids, level=level, **settings)


def cached_analyzer(**settings: Any) -> Analyzer:
    """The Analyzer for these settings, built once per process."""
    unknown = sorted(set(settings) - set(SETTING_NAMES))
    if unknown:
        raise TypeError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTING_NAMES)}")
    thresholds = settings.get("thresholds") or {}
    items = [f"{k}={v}" for k, v in thresholds.items()] if isinstance(thresholds, dict) else thresholds
    try:
        merged = tuple(sorted(parse_thresholds(items).items()))
    except BiasscanError as exc:
        raise ValueError(exc.message) from None
    model_path = settings.get("model_path")
    return _analyzer_for(
        merged,
        tuple(str(p) for p in settings.get("lexicon_paths") or ()),
        settings.get("use_model"),
        str(model_path) if model_path is not None else None,
        bool(settings.get("trust_model", False)),
    )


@lru_cache(maxsize=8)
def _analyzer_for(thresholds: tuple[tuple[str, float], ...], lexicon_paths: tuple[str, ...], use_model: bool | None,
                  model_path: str | None, trust_model: bool) -> Analyzer:
    try:
        return Analyzer(Settings(
            thresholds=dict(thresholds),
            lexicon_paths=tuple(Path(p) for p in lexicon_paths),
            use_model=use_model,
            model_path=Path(model_path) if model_path else None,
            trust_model=trust_model,
            model_features=False,  # the frame's columns have no place for them
        ))
    except BiasscanError as exc:  # bad lexicon or model: a plain ValueError for Python callers
        raise ValueError(exc.message) from None


def clear_analyzer_cache() -> None:
    """Forget cached analyzers, e.g. after editing a lexicon file in the same session."""
    _analyzer_for.cache_clear()


def _level_name(level: Any) -> LevelName:
    name = getattr(level, "value", level)
    if name not in ("paragraph", "article"):
        raise ValueError(f"level must be 'paragraph' or 'article', got {level!r}")
    return name  # type: ignore[no-any-return]
