"""`score_frame` under Dask and `biasscan score --engine dask` on a LocalCluster of worker processes.

What a user checks after a distributed run: the rows are the same as a local run (row for row after
sorting by doc and paragraph), no input row went missing (scored or reported as failed), and the
sidecar says what produced the output. The cluster is started once per module; the tests that start
clusters are marked `dask` (deselect them with `-m "not dask"`).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES
from biasscan.cli import app

# Sentences with and without cues of the four categories, so the generated corpus has real scores.
SENTENCES = (
    "Der Stadtrat hat am Dienstag den Haushalt für das kommende Jahr beschlossen.",
    "Das Regime schockt mit einem dramatischen Horrorszenario für die Bürger.",
    "Angeblich soll der Minister von den Plänen gewusst haben, wie es heißt.",
    "Sichern Sie sich jetzt Ihr Gold-Paket, nur noch heute bis 23:59 Uhr!",
    "Es wäre höchste Zeit, dass die Regierung endlich handelt.",
    "Die Bahn teilte mit, dass der Zug um 14 Uhr in Leipzig ankommt.",
    "Experten zufolge dürfte die Inflation im Herbst wieder steigen.",
    "Lesen Sie auch: Was die Politik Ihnen verschweigt.",
    "Die Polizei nahm nach dem Spiel drei Personen vorübergehend fest.",
    "Was planen die Beiden wirklich?",
)

def make_corpus(n_docs: int, seed: int = 5) -> list[dict[str, str | None]]:
    """Articles of one to four paragraphs built from SENTENCES; ids are unique."""
    rng = random.Random(seed)
    rows: list[dict[str, str | None]] = []
    for i in range(n_docs):
        paragraphs = [" ".join(rng.sample(SENTENCES, rng.randint(1, 3))) for _ in range(rng.randint(1, 4))]
        rows.append({"id": f"art-{i:03d}", "text": "\n\n".join(paragraphs), "outlet": rng.choice("ABC")})
    return rows


def canonical(frame):
    """Rows in a comparable order and with comparable dtypes (Parquet round trips may change them)."""
    import pandas as pd

    keys = ["doc", "paragraph"] if "paragraph" in frame.columns else ["doc"]
    frame = frame.sort_values(keys, kind="stable").reset_index(drop=True)
    return pd.DataFrame({c: frame[c].astype(object).where(frame[c].notna(), None) for c in frame.columns})


@pytest.fixture(scope="module")
def client():
    """Two separate worker processes with one thread each: the shape of a real cluster, in miniature."""
    pytest.importorskip("dask.dataframe")
    distributed = pytest.importorskip("distributed")
    from biasscan.distributed import QUIET_CLUSTER

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, **QUIET_CLUSTER)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.mark.parametrize("level", ["paragraph", "article"])
@pytest.mark.dask
def test_score_frame_runs_unchanged_in_map_partitions(client, level):
    import dask.dataframe as dd
    import pandas as pd

    from biasscan import score_frame
    from biasscan.frames import frame_schema

    frame = pd.DataFrame(make_corpus(40))
    expected = score_frame(frame, text_column="text", id_column="id", level=level, use_model=False)
    parts = dd.from_pandas(frame, npartitions=4)
    got = parts.map_partitions(score_frame, text_column="text", id_column="id", level=level,
                               use_model=False, meta=frame_schema(level)).compute()

    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected) >= len(frame)  # every article gives at least one row
    pd.testing.assert_frame_equal(canonical(got), canonical(expected))
    assert set(got["doc"]) == set(frame["id"])


def write_corpus(root: Path, rows: list[dict[str, str | None]]) -> Path:
    """Three Parquet files (one with two row groups) and one CSV file under root/corpus."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus = root / "corpus"
    (corpus / "more").mkdir(parents=True)
    chunks = [rows[:10], rows[10:24], rows[24:30], rows[30:]]
    pq.write_table(pa.Table.from_pylist(chunks[0]), corpus / "part-0.parquet")
    pq.write_table(pa.Table.from_pylist(chunks[1]), corpus / "part-1.parquet", row_group_size=7)
    pq.write_table(pa.Table.from_pylist(chunks[2]), corpus / "more" / "part-2.parquet")
    pd.DataFrame(chunks[3]).to_csv(corpus / "more" / "part-3.csv", index=False)
    return corpus


@pytest.mark.dask
def test_cli_engine_dask_matches_local_run_and_accounts_for_every_row(client, tmp_path, runner):
    import pandas as pd

    from biasscan.render.parquet import read_metadata

    rows = make_corpus(36)
    rows[12]["text"] = None  # a row without text: reported, not silently dropped
    corpus = write_corpus(tmp_path, rows)
    out = tmp_path / "scored"

    result = runner.invoke(app, ["score", str(corpus), "--engine", "dask", "--scheduler", client.scheduler.address,
                                 "--id-column", "id", "--no-model", "-o", str(out)])

    assert result.exit_code == 3, result.output  # one unreadable row
    assert "part-1.parquet:row 3: no value in text column 'text'" in result.stderr
    got = pd.read_parquet(out)
    part_files = sorted(out.glob("*.parquet"))
    assert len(part_files) == 5  # one file per partition: 1 + 2 row groups + 1 + 1 csv

    local = runner.invoke(app, ["score", str(corpus), "--glob", "*.parquet", "--glob", "*.csv", "--id-column", "id",
                                "--no-model", "--format", "parquet", "-o", str(tmp_path / "local.parquet")])
    assert local.exit_code == 3, local.output
    expected = pd.read_parquet(tmp_path / "local.parquet")
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(canonical(got), canonical(expected))
    assert read_metadata(part_files[0])["biasscan"]["lexicon_sha256"] == read_metadata(tmp_path / "local.parquet")["biasscan"]["lexicon_sha256"]

    meta = json.loads((tmp_path / "scored.meta.json").read_text(encoding="utf-8"))
    summary = meta["summary"]
    assert summary["documents_scored"] + summary["documents_failed"] == len(rows) == meta["input_rows"]
    assert summary["documents_failed"] == 1 and meta["failures"][0]["source"].endswith("part-1.parquet:3")
    assert summary["paragraphs_scored"] == len(got)
    assert set(got["doc"]) == {r["id"] for r in rows if r["text"] is not None}
    assert meta["engine"] == "dask" and meta["scorer"] == "lexicon" and meta["lexicon_sha256"]
    assert set(meta["thresholds"]) == set(CATEGORIES)


@pytest.mark.dask
def test_cli_engine_dask_starts_its_own_local_cluster(tmp_path, runner):
    pytest.importorskip("distributed")
    import pandas as pd

    rows = make_corpus(12, seed=9)
    corpus = tmp_path / "corpus.csv"
    pd.DataFrame(rows).to_csv(corpus, index=False)
    out = tmp_path / "articles"

    result = runner.invoke(app, ["score", str(corpus), "--engine", "dask", "--workers", "1", "--level", "article",
                                 "--no-model", "-o", str(out)])

    assert result.exit_code == 0, result.output
    got = pd.read_parquet(out)
    # without --id-column the ids are file:row, as in a local run
    assert sorted(got["doc"]) == sorted(f"{corpus}:{i}" for i in range(1, 13))
    local = runner.invoke(app, ["score", str(corpus), "--level", "article", "--no-model", "--format", "parquet",
                                "-o", str(tmp_path / "local.parquet")])
    assert local.exit_code == 0, local.output
    pd.testing.assert_frame_equal(canonical(got), canonical(pd.read_parquet(tmp_path / "local.parquet")))
    meta = json.loads((tmp_path / "articles.meta.json").read_text(encoding="utf-8"))
    assert meta["level"] == "article" and meta["summary"]["documents_scored"] == 12


@pytest.mark.parametrize(
    ("extra_args", "message"),
    [
        ([], "-o DIR"),
        (["-o", "OUT", "--text-column", "body"], "no column 'body'"),
        (["-o", "OUT", "--format", "csv"], "Parquet only"),
        (["-o", "FULL"], "not an empty directory"),
        (["-o", "OUT", "--jobs", "2", "--max-size", "5"], "does not take --jobs, --max-size"),
        (["-o", "OUT", "--excel"], "does not take --excel"),
    ],
)
def test_cli_engine_dask_usage_errors_are_one_line(tmp_path, runner, extra_args, message):
    pytest.importorskip("distributed")
    import pandas as pd

    corpus = tmp_path / "corpus.csv"
    pd.DataFrame(make_corpus(3)).to_csv(corpus, index=False)
    (tmp_path / "FULL").mkdir()
    (tmp_path / "FULL" / "earlier.parquet").write_bytes(b"")
    args = [str(tmp_path / a) if a in ("OUT", "FULL") else a for a in extra_args]
    result = runner.invoke(app, ["score", str(corpus), "--engine", "dask", *args])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_engine_dask_missing_corpus_is_unreadable(tmp_path, runner):
    pytest.importorskip("distributed")
    result = runner.invoke(app, ["score", str(tmp_path / "nowhere" / "*.parquet"), "--engine", "dask",
                                 "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert "matches no files" in result.stderr


@pytest.mark.parametrize("module", ["dask", "distributed"])
def test_without_the_extra_engine_dask_says_how_to_install(monkeypatch, tmp_path, runner, module):
    monkeypatch.setitem(sys.modules, module, None)  # what an environment without the extra looks like
    monkeypatch.setitem(sys.modules, f"{module}.dataframe", None)
    result = runner.invoke(app, ["score", str(tmp_path), "--engine", "dask", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "biasscan: error: --engine dask needs Dask: pip install 'biasscan[dask]'"
