"""`make bench`: throughput, memory and start-up time of the installed `biasscan`, on a generated corpus.

The corpus is built from the project's own German text (training/data paragraphs, tests/examples
rows, examples/) by recombining its sentences at random into ~5 KB articles, so it is as large as
asked without shipping or downloading anything. Every figure comes from running the real command
line in a subprocess, as a user would:

- corpus export (`score -f csv -o`) with `--jobs 1` and `--jobs 2`, with the default scorer (the
  shipped model) and with `--no-model` (lexicon and rules only): MB/s and paragraphs/s, and the
  peak resident memory of the run (ru_maxrss of its process tree, the largest single process);
- the same export on a quarter of the corpus, to show whether memory grows with corpus size;
- the median wall time of `biasscan --help` and of `biasscan score` on one 5 KB article;
- `python -X importtime -c "import biasscan.cli"`: the slowest imports on the start-up path;
- a stage breakdown in this process: CPU MB/s of each pipeline stage on its own (splitting,
  tokenizing, lexicon matching, grammar rules, model), which shows where the time goes and the
  ceiling each stage puts on the whole: a pipeline cannot run faster than its slowest stage.

Results go to stdout and to bench-out/bench.json. Targets (README "Speed") are printed next to the
figures; the bench reports, it does not fail.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIASSCAN = Path(sys.executable).with_name("biasscan")
ARTICLE_BYTES = 5_000
TARGETS = {"score_one_s": 0.5, "help_s": 0.25, "mb_per_s_per_core": 5.0}

# Runs a command and reports the peak RSS and the CPU seconds (user + system) of its process tree
# (children, grandchildren once reaped). CPU seconds do not depend on what else the machine runs.
_RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
    "sys.exit(code)\n"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])")


def project_sentences() -> list[str]:
    """German sentences from the project's own files (never ../shared/data)."""
    texts: list[str] = []
    for path in sorted((REPO / "training" / "data").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line) if line.strip() else {}
            texts.extend(p.get("text", "") for p in record.get("paragraphs", []))
            texts.append(record.get("text", ""))
    for path in sorted((REPO / "tests" / "examples").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines()[1:]:
            texts.extend(cell for cell in line.split("\t") if len(cell.split()) >= 5)
    for path in sorted((REPO / "examples").glob("*.txt")):
        texts.extend(path.read_text(encoding="utf-8").split("\n\n"))
    sentences = [s.strip() for t in texts if t for s in _SENTENCE_END.split(t.replace("\n", " "))]
    return sorted({s for s in sentences if len(s.split()) >= 4})


def build_corpus(root: Path, megabytes: float, sentences: list[str], seed: int = 5) -> tuple[int, int]:
    """Write ~5 KB articles of 2-5-sentence paragraphs until `megabytes` MiB; return (files, bytes)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    total = files = 0
    while total < megabytes * 1024 * 1024:
        paragraphs: list[str] = []
        size = 0
        while size < ARTICLE_BYTES:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        data = ("\n\n".join(paragraphs) + "\n").encode("utf-8")
        (root / f"artikel-{files:06d}.txt").write_bytes(data)
        total += len(data)
        files += 1
    return files, total


def timed(cmd: list[str]) -> tuple[float, int, float]:
    """(wall seconds, peak RSS in MiB, CPU seconds) of one run's process tree; raises on failure."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RSS_PROBE, *cmd], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    rss_kb, cpu = proc.stderr.strip().splitlines()[-1].split()
    return wall, int(rss_kb) // 1024, float(cpu)


def median_wall(cmd: list[str], runs: int) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True)
        walls.append(time.perf_counter() - start)
    return statistics.median(walls)


def supports_jobs() -> bool:
    help_text = subprocess.run([str(BIASSCAN), "score", "--help"], capture_output=True, text=True).stdout
    return "--jobs" in help_text


def export(corpus: Path, out_dir: Path, corpus_bytes: int, jobs: int | None,
           scorer: str = "model") -> dict[str, float | str]:
    out = out_dir / f"export-{scorer}-jobs{jobs or 1}.csv"
    cmd = [str(BIASSCAN), "score", "-q", "-f", "csv", "-o", str(out), str(corpus)]
    if scorer == "lexicon":
        cmd.append("--no-model")
    if jobs is not None:
        cmd += ["--jobs", str(jobs)]
    wall, rss_mb, cpu = timed(cmd)
    meta = json.loads(out.with_name(out.name + ".meta.json").read_text(encoding="utf-8"))
    summary = meta["summary"]
    return {
        # the scorer the run really used: "model" falls back to lexicon scores without a model
        "scorer": str(meta.get("scorer", scorer)),
        "jobs": jobs or 1,
        "wall_s": round(wall, 2),
        "mb_per_s": round(corpus_bytes / 2**20 / wall, 2),
        "cpu_s": round(cpu, 2),
        "mb_per_cpu_s": round(corpus_bytes / 2**20 / cpu, 2),  # per core, whatever else the machine runs
        "paragraphs_per_s": round(summary["paragraphs_scored"] / wall),
        "documents": summary["documents_scored"],
        "paragraphs": summary["paragraphs_scored"],
        "peak_rss_mb": rss_mb,
    }


def slowest_imports(top: int = 6) -> tuple[float, list[tuple[str, float]]]:
    """Total and the slowest cumulative imports of `import biasscan.cli`, in milliseconds."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import biasscan.cli"],
                          capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((parts[2].rstrip(), int(parts[1]) / 1000))
    total = max((ms for _, ms in rows), default=0.0)

    def depth(name: str) -> int:  # importtime indents one level by two spaces after one leading space
        return (len(name) - len(name.lstrip()) - 1) // 2

    direct = [(name.strip(), ms) for name, ms in rows if 1 <= depth(name) <= 2]
    return total, sorted(direct, key=lambda r: -r[1])[:top]


def stage_breakdown(corpus: Path, limit_bytes: int = 4 * 2**20) -> list[tuple[str, float]]:
    """CPU MB/s of each pipeline stage alone, on up to `limit_bytes` of the corpus, in this process.

    Each stage is timed on inputs the earlier stages prepared beforehand, so a figure is that stage's
    own cost. Memos (word forms, features) warm up during the run, as they do in a real export.
    """
    from biasscan.pipeline import Analyzer, Settings
    from biasscan.records import Document
    from biasscan.rules import apply_rules
    from biasscan.splitting import split_paragraphs
    from biasscan.tokens import tokenize

    docs, size = [], 0
    for path in sorted(corpus.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(Document(path.stem, text, str(path)))
        size += len(text.encode("utf-8"))
        if size >= limit_bytes:
            break
    mb = size / 2**20
    analyzer = Analyzer(Settings())

    def rate(work) -> tuple[float, object]:
        start = time.process_time()
        result = work()
        return mb / max(time.process_time() - start, 1e-9), result

    rows = []
    split_rate, paragraphs = rate(lambda: [(p, len(ps)) for d in docs for ps in [split_paragraphs(d)] for p in ps])
    rows.append(("split into paragraphs", split_rate))
    tok_rate, tokens = rate(lambda: [tokenize(p.text) for p, _ in paragraphs])
    rows.append(("tokenize", tok_rate))
    inputs = [(p.text, k) for (p, _), k in zip(paragraphs, tokens, strict=True)]
    rows.append(("lexicon matching", rate(lambda: [analyzer.matcher.match(t, k) for t, k in inputs])[0]))
    rows.append(("grammar rules", rate(lambda: [apply_rules(t, k) for t, k in inputs])[0]))
    model = analyzer.model
    if model is not None:
        cues = [analyzer.paragraph_cues(t, k) for t, k in inputs]
        calls = [(t, k, c, p.index, n) for (t, k), c, (p, n) in zip(inputs, cues, paragraphs, strict=True)]
        rows.append(("model (features + 4 categories)", rate(lambda: [model.predict(*call) for call in calls])[0]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="corpus size in MiB (default 50)")
    parser.add_argument("--runs", type=int, default=7, help="runs per start-up median (default 7)")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out", help="where bench.json goes")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus")
    args = parser.parse_args(argv)
    if not BIASSCAN.exists():
        raise SystemExit(f"bench: {BIASSCAN} not found; run `make dev` first")

    workdir = Path(tempfile.mkdtemp(prefix="biasscan-bench-"))
    try:
        sentences = project_sentences()
        corpus, quarter = workdir / "corpus", workdir / "quarter"
        files, corpus_bytes = build_corpus(corpus, args.mb, sentences)
        _, quarter_bytes = build_corpus(quarter, args.mb / 4, sentences)
        print(f"corpus: {files} articles, {corpus_bytes / 2**20:.1f} MiB from {len(sentences)} project sentences")

        jobs_options: list[int | None] = [1, 2] if supports_jobs() else [None]
        exports = [export(corpus, workdir, corpus_bytes, jobs, scorer)
                   for scorer in ("model", "lexicon") for jobs in jobs_options]
        (workdir / "quarter-out").mkdir()
        small = export(quarter, workdir / "quarter-out", quarter_bytes, None)
        article = workdir / "one.txt"
        article.write_bytes((corpus / "artikel-000000.txt").read_bytes())
        help_s = median_wall([str(BIASSCAN), "--help"], args.runs)
        one_s = median_wall([str(BIASSCAN), "score", "-q", "-f", "csv", str(article)], args.runs)
        import_total, imports = slowest_imports()
        stages = stage_breakdown(corpus)

        results = {
            "corpus_mib": round(corpus_bytes / 2**20, 1),
            "articles": files,
            "exports": exports,
            "quarter_corpus_peak_rss_mb": small.get("peak_rss_mb"),
            "help_median_s": round(help_s, 3),
            "score_one_article_median_s": round(one_s, 3),
            "one_article_bytes": article.stat().st_size,
            "import_biasscan_cli_ms": round(import_total, 1),
            "slowest_imports_ms": [[name, round(ms, 1)] for name, ms in imports],
            "stage_mb_per_cpu_s": {name: round(mbs, 2) for name, mbs in stages},
            "targets": TARGETS,
        }
        print_report(results)
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"written: {args.out / 'bench.json'}")
    finally:
        if args.keep:
            print(f"corpus kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def print_report(r: dict) -> None:
    def mark(ok: bool) -> str:
        return "ok" if ok else "BELOW TARGET"

    print(f"{'scorer':>8} {'jobs':>4} {'wall s':>8} {'MB/s':>7} {'para/s':>8} {'cpu s':>7} {'MB/cpu-s':>8} {'peak MB':>8}")
    for e in r["exports"]:
        print(f"{e['scorer']:>8} {e['jobs']:>4} {e['wall_s']:>8} {e['mb_per_s']:>7} {e['paragraphs_per_s']:>8} "
              f"{e['cpu_s']:>7} {e['mb_per_cpu_s']:>8} {e['peak_rss_mb']:>8}")
    for e in (e for e in r["exports"] if e["jobs"] == 1):
        print(f"per-core export, {e['scorer']}: {e['mb_per_cpu_s']} MB per CPU second "
              f"(target >= {TARGETS['mb_per_s_per_core']}): {mark(e['mb_per_cpu_s'] >= TARGETS['mb_per_s_per_core'])}")
    one_job = r["exports"][0]
    print(f"peak memory, quarter corpus vs full corpus (jobs 1): {r['quarter_corpus_peak_rss_mb']} MB vs "
          f"{one_job['peak_rss_mb']} MB")
    print(f"biasscan --help: {r['help_median_s']} s median (target <= {TARGETS['help_s']}): "
          f"{mark(r['help_median_s'] <= TARGETS['help_s'])}")
    print(f"score one {r['one_article_bytes'] // 1000} KB article: {r['score_one_article_median_s']} s median "
          f"(target <= {TARGETS['score_one_s']}): {mark(r['score_one_article_median_s'] <= TARGETS['score_one_s'])}")
    print("stages alone, in one process (MB per CPU second; the whole cannot beat its slowest part):")
    for name, mbs in r["stage_mb_per_cpu_s"].items():
        print(f"  {name:<34} {mbs:>7}")
    print(f"import biasscan.cli: {r['import_biasscan_cli_ms']} ms; slowest: "
          + ", ".join(f"{n} {ms} ms" for n, ms in r["slowest_imports_ms"]))


if __name__ == "__main__":
    sys.exit(main())
