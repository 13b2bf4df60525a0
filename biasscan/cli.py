"""The `biasscan` command line: a thin typer layer over the library.

Commands parse options, call the pipeline, pick a renderer and set the exit code; no scoring
happens here. Machine output goes to stdout (or -o), diagnostics to stderr. Exit codes: 0 clean,
1 threshold broken (`check`), 2 usage or config error, 3 unreadable input, 4 internal error.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from contextlib import ExitStack
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from biasscan import __version__
from biasscan.errors import BiasscanError, ExitCode, UsageError
from biasscan.render import Format, Level

app = typer.Typer(
    name="biasscan",
    help="German media-bias and rhetoric scanner: loaded language, hedging, commercial insertions and "
    "editorializing, scored paragraph by paragraph.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathsArg = Annotated[list[str], typer.Argument(help="Files (.txt .md .html .csv .tsv .jsonl .parquet), directories, or - for stdin.", show_default=False)]
ThresholdOpt = Annotated[list[str], typer.Option("--threshold", "-t", help="Flag threshold per category, e.g. -t loaded=0.6 (default 0.5 each).")]
LexiconOpt = Annotated[list[Path], typer.Option("--lexicon", help="Extra lexicon TSV (house list), added to the shipped lexicons.")]
GlobOpt = Annotated[list[str], typer.Option("--glob", help="File pattern when scanning directories (repeatable; default *.txt *.md *.html ...).")]
NoModelOpt = Annotated[bool, typer.Option("--no-model", help="Lexicon and rule scores only, no trained model.")]
ModelOpt = Annotated[Path | None, typer.Option("--model", help="A model file other than the shipped one (needs --trust-model).")]
TrustOpt = Annotated[bool, typer.Option("--trust-model", help="Allow loading --model: joblib files can run code when loaded.")]
TextColOpt = Annotated[str, typer.Option("--text-column", help="Column holding the text in csv/tsv/jsonl/parquet corpora.")]
IdColOpt = Annotated[str | None, typer.Option("--id-column", help="Column holding the document id (default: file:row).")]
MaxSizeOpt = Annotated[float, typer.Option("--max-size", help="Refuse input files larger than this many MB.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summary on stderr.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for internal errors.")]
ColorOpt = Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off (default: on for terminals).")]


class Engine(StrEnum):
    local = "local"  # this process, streaming document by document
    dask = "dask"  # a Dask cluster over a partitioned Parquet/CSV corpus (biasscan/distributed.py)


EngineOpt = Annotated[Engine, typer.Option("--engine", help="local: this process. dask: score a Parquet/CSV corpus (dir, glob or file) on a Dask cluster into partitioned Parquet in -o DIR (needs biasscan[dask]).")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", help="--engine dask: address of a running Dask scheduler (default: start a local cluster).")]
WorkersOpt = Annotated[int, typer.Option("--workers", help="--engine dask: worker processes of the local cluster.")]


def _version(value: bool) -> None:
    if value:
        print(f"biasscan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """German media-bias and rhetoric scanner."""


def guarded(func: Callable[..., int]) -> Callable[..., None]:
    """Turn library errors into one-line messages and documented exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = func(*args, **kwargs)
        except BiasscanError as exc:
            print(f"biasscan: error: {exc.message}", file=sys.stderr)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            print("biasscan: interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            raise typer.Exit(0) from None
        except typer.Exit:
            raise
        except Exception as exc:
            if kwargs.get("debug"):
                raise
            print(f"biasscan: internal error: {exc.__class__.__name__}: {exc} (rerun with --debug for details)",
                  file=sys.stderr)
            raise typer.Exit(int(ExitCode.INTERNAL)) from None
        raise typer.Exit(int(code))

    return wrapper


def one_blas_thread() -> None:
    """Scoring does one matrix-vector product per paragraph (8 rows x its few hundred features),
    too small for OpenBLAS to share out, but numpy's OpenBLAS starts a thread per core when it is
    imported and they spin on the other cores for a while: ~0.1 CPU second per `biasscan score`
    for nothing, which on a small or busy machine slows the run too (one article on 2 cores: 0.52
    -> 0.48 s median). So the scoring commands ask for one thread before numpy is imported, and
    `--jobs` workers inherit it. A value the user set wins; `train` (scikit-learn) is left alone."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def input_options(globs: list[str], max_size: float, text_column: str = "text", id_column: str | None = None) -> Any:
    """The `InputOptions` of a command; --max-size counts in MiB (`inputs.MB`)."""
    from biasscan.inputs import MB, InputOptions

    return InputOptions(tuple(globs), text_column, id_column, int(max_size * MB))


def build_settings(thresholds: list[str], lexicons: list[Path], no_model: bool, model: Path | None,
                   trust_model: bool) -> Any:
    """The settings of a scoring command (score, explain, compare, check)."""
    from biasscan.pipeline import Settings, parse_thresholds

    one_blas_thread()
    if model is not None and no_model:
        raise UsageError("--model and --no-model exclude each other")
    return Settings(
        thresholds=parse_thresholds(thresholds),
        lexicon_paths=tuple(lexicons),
        use_model=False if no_model else (True if model else None),
        model_path=model,
        trust_model=trust_model,
    )


@app.command()
@guarded
def score(
    paths: PathsArg,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
    level: Annotated[Level, typer.Option("--level", help="Rows per paragraph or per article (csv, jsonl, parquet).")] = Level.paragraph,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE (and FILE.meta.json for csv/jsonl/parquet) instead of stdout; required for parquet.")] = None,
    threshold: ThresholdOpt = [],  # noqa: B006 - typer reads the default, never mutates it
    lexicon: LexiconOpt = [],  # noqa: B006
    glob: GlobOpt = [],  # noqa: B006
    no_model: NoModelOpt = False,
    model: ModelOpt = None,
    trust_model: TrustOpt = False,
    text_column: TextColOpt = "text",
    id_column: IdColOpt = None,
    max_size: MaxSizeOpt = 100.0,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="Score documents in N worker processes; output order is the same as with 1.")] = 1,
    excel: Annotated[bool, typer.Option("--excel", help="CSV for German Excel: BOM and ';' separator.")] = False,
    color: ColorOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
    engine: EngineOpt = Engine.local,
    scheduler: SchedulerOpt = None,
    workers: WorkersOpt = 2,
) -> int:
    """Score German text paragraph by paragraph and print a profile per article."""
    from biasscan.pipeline import Analyzer
    from biasscan.render import make_renderer, shows_model_features
    from biasscan.runner import run, write_sidecar

    settings = build_settings(threshold, lexicon, no_model, model, trust_model)
    settings.model_features = shows_model_features(format, level)
    if engine is Engine.dask:
        # Options of the local reader and writer that Dask has no use for are refused, not ignored:
        # Dask reads whole files (no size limit), runs --workers processes and writes Parquet.
        local_only = [name for name, given in (("--jobs", jobs != 1), ("--excel", excel), ("--max-size", max_size != 100.0)) if given]
        if local_only:
            raise UsageError(f"--engine dask does not take {', '.join(local_only)} (use --workers for parallelism)")
        return score_on_dask(paths, output, format, level, settings, text_column, id_column, tuple(glob),
                             scheduler, workers, quiet)
    options = input_options(glob, max_size, text_column, id_column)
    analyzer = Analyzer(settings)
    with ExitStack() as stack:
        out = sys.stdout
        if output is not None and format is not Format.parquet:  # parquet opens its own binary file
            try:
                out = stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror}") from None
        renderer = make_renderer(format, level, out, color=False if output else color, excel=excel, output=output)
        # A live progress display would tear rows streamed to the same terminal, so it stays off then.
        rows_to_terminal = output is None and format in (Format.csv, Format.jsonl) and sys.stdout.isatty()
        result = run(analyzer, paths, options, renderer, quiet=quiet, jobs=jobs, progress=not rows_to_terminal)
    if output is not None and format in (Format.csv, Format.jsonl, Format.parquet):
        write_sidecar(output, analyzer.metadata, result, {"format": format.value, "level": level.value})
    return int(result.exit_code)


def score_on_dask(paths: list[str], output: Path | None, format: Format, level: Level, settings: Any,
                  text_column: str, id_column: str | None, globs: tuple[str, ...], scheduler: str | None,
                  workers: int, quiet: bool) -> int:
    """`score --engine dask`: check the options that only make sense there, then hand over to the engine."""
    from biasscan.distributed import DaskJob, require_dask, run_dask

    require_dask()
    if output is None:
        raise UsageError("--engine dask writes partitioned Parquet: give the output directory with -o DIR")
    if format not in (Format.table, Format.parquet):  # table is the default, i.e. no --format given
        raise UsageError(f"--engine dask writes Parquet only, not --format {format.value}")
    job = DaskJob(text_column=text_column, id_column=id_column, level=level.value, settings=settings)
    result = run_dask(paths, output, job, scheduler=scheduler, workers=workers, globs=globs, quiet=quiet)
    return int(result.exit_code)


class CategoryName(str, Enum):
    """The four categories as a typer choice (the same names as biasscan.categories.CATEGORIES)."""

    loaded = "loaded"
    hedging = "hedging"
    commercial = "commercial"
    editorializing = "editorializing"


class CompareSort(str, Enum):
    """`compare --sort`: the bias index, one category's flagged share, or the order given."""

    bias_index = "bias_index"
    loaded = "loaded"
    hedging = "hedging"
    commercial = "commercial"
    editorializing = "editorializing"
    input = "input"


def run_view(paths: list[str], make_view: Callable[[Any], Any], settings: Any, globs: list[str], text_column: str,
             id_column: str | None, max_size: float, quiet: bool) -> int:
    """Score `paths` into a terminal view built by `make_view(analyzer)`; shared by explain and compare."""
    from biasscan.pipeline import Analyzer
    from biasscan.runner import run

    analyzer = Analyzer(settings)
    options = input_options(globs, max_size, text_column, id_column)
    return int(run(analyzer, paths, options, make_view(analyzer), quiet=quiet).exit_code)


@app.command()
@guarded
def explain(
    paths: PathsArg,
    only_flagged: Annotated[bool, typer.Option("--only-flagged", help="Show only paragraphs flagged for a shown category.")] = False,
    category: Annotated[list[CategoryName], typer.Option("--category", "-c", help="Show only this category (repeatable; default all four).")] = [],  # noqa: B006
    threshold: ThresholdOpt = [],  # noqa: B006
    lexicon: LexiconOpt = [],  # noqa: B006
    glob: GlobOpt = [],  # noqa: B006
    no_model: NoModelOpt = False,
    model: ModelOpt = None,
    trust_model: TrustOpt = False,
    text_column: TextColOpt = "text",
    id_column: IdColOpt = None,
    max_size: MaxSizeOpt = 100.0,
    color: ColorOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> int:
    """Show why: every paragraph with its cues marked [cue]LABEL, the lexicon row (file:line, entry, weight,
    source) or rule behind each cue, whether it is quoted or negated, how much it counts, and the model
    features or lexicon formula behind each score."""
    from biasscan.render.explain import ExplainRenderer

    settings = build_settings(threshold, lexicon, no_model, model, trust_model)
    chosen = {c.value for c in category}
    return run_view(paths, lambda analyzer: ExplainRenderer(sys.stdout, analyzer.lexicon, color=color,
                                                            only_flagged=only_flagged, categories=chosen),
                    settings, glob, text_column, id_column, max_size, quiet)


@app.command()
@guarded
def compare(
    paths: PathsArg,
    sort: Annotated[CompareSort, typer.Option("--sort", "-s", help="Order rows by the bias index, by one category's flagged share (highest first), or keep the input order.")] = CompareSort.bias_index,
    threshold: ThresholdOpt = [],  # noqa: B006
    lexicon: LexiconOpt = [],  # noqa: B006
    glob: GlobOpt = [],  # noqa: B006
    no_model: NoModelOpt = False,
    model: ModelOpt = None,
    trust_model: TrustOpt = False,
    text_column: TextColOpt = "text",
    id_column: IdColOpt = None,
    max_size: MaxSizeOpt = 100.0,
    color: ColorOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> int:
    """Compare several articles on one story side by side: one row per article with per-category bars,
    the bias index and its top cues, sorted by bias index (or --sort CATEGORY)."""
    from biasscan.render.compare import CompareRenderer

    settings = build_settings(threshold, lexicon, no_model, model, trust_model)
    return run_view(paths, lambda analyzer: CompareRenderer(sys.stdout, sort=sort.value, color=color),
                    settings, glob, text_column, id_column, max_size, quiet)


CheckMaxOpt = Annotated[list[str], typer.Option("--max", help="Highest allowed flagged share (by words) of a category, e.g. --max loaded=0.2 (repeatable).")]
CheckFailOnOpt = Annotated[list[str], typer.Option("--fail-on", help="CATEGORY[:METRIC]=LIMIT, fails when the document's value is above LIMIT; METRIC one of share (default), max, mean, per_1k_words, flagged. E.g. --fail-on loaded:max=0.9 --fail-on hedging:per_1k_words=15.")]
CheckConfigOpt = Annotated[Path | None, typer.Option("--config", help="Config file (biasscan.toml or pyproject.toml) instead of the one found by walking up from the working directory.")]
NoConfigOpt = Annotated[bool, typer.Option("--no-config", help="Ignore biasscan.toml / [tool.biasscan]; only command-line thresholds.")]


def _check_request(paths: list[str], threshold: list[str], lexicon: list[Path], no_model: bool, model: Path | None,
                   trust_model: bool, glob: list[str], max_size: float, max_share: list[str], fail_on: list[str],
                   config: Path | None, no_config: bool, baseline: Path | None, changed_since: str | None,
                   quiet: bool) -> Any:
    from biasscan.check.command import CheckRequest

    return CheckRequest(
        paths=paths,
        settings=build_settings(threshold, lexicon, no_model, model, trust_model),
        input_options=input_options(glob, max_size),
        max_items=max_share,
        fail_on_items=fail_on,
        config_path=config,
        use_config=not no_config,
        baseline_path=baseline,
        changed_since=changed_since,
        quiet=quiet,
    )


@app.command()
@guarded
def check(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", "-f", help="text | github (workflow annotations) | sarif (2.1.0) | junit (XML) | json.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE instead of stdout.")] = None,
    max_share: CheckMaxOpt = [],  # noqa: B006 - typer reads the default, never mutates it
    fail_on: CheckFailOnOpt = [],  # noqa: B006
    config: CheckConfigOpt = None,
    no_config: NoConfigOpt = False,
    baseline: Annotated[Path | None, typer.Option("--baseline", help="Fail only on findings not in this baseline file (written by `biasscan baseline`).")] = None,
    changed_since: Annotated[str | None, typer.Option("--changed-since", help="Check only paragraphs touching lines changed since this git ref (e.g. origin/main).")] = None,
    threshold: ThresholdOpt = [],  # noqa: B006
    lexicon: LexiconOpt = [],  # noqa: B006
    glob: GlobOpt = [],  # noqa: B006
    no_model: NoModelOpt = False,
    model: ModelOpt = None,
    trust_model: TrustOpt = False,
    max_size: MaxSizeOpt = 100.0,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> int:
    """Fail (exit 1) when a draft breaks a threshold: a CI and pre-commit gate for newsrooms.

    A category without a threshold fails on any flagged paragraph. Thresholds come from biasscan.toml
    or [tool.biasscan] in pyproject.toml (nearest one upward, with per-path overrides); --max /
    --fail-on override them limit by limit. Paragraphs after <!-- biasscan: ignore CATEGORY -- reason --> are
    suppressed (listed, not counted). Exit codes: 0 clean, 1 threshold broken, 2 usage or config
    error, 3 unreadable input, 4 internal error.
    """
    from biasscan.check.command import check_command
    from biasscan.check.formats import CheckFormat

    try:
        fmt = CheckFormat(format)
    except ValueError:
        raise UsageError(f"--format must be one of {', '.join(f.value for f in CheckFormat)}, got {format!r}") from None
    request = _check_request(paths, threshold, lexicon, no_model, model, trust_model, glob, max_size, max_share,
                             fail_on, config, no_config, baseline, changed_since, quiet)
    return int(check_command(request, fmt, output))


@app.command("baseline")
@guarded
def baseline_cmd(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Baseline file to write.")] = Path(".biasscan-baseline.json"),
    config: CheckConfigOpt = None,
    no_config: NoConfigOpt = False,
    threshold: ThresholdOpt = [],  # noqa: B006
    lexicon: LexiconOpt = [],  # noqa: B006
    glob: GlobOpt = [],  # noqa: B006
    no_model: NoModelOpt = False,
    model: ModelOpt = None,
    trust_model: TrustOpt = False,
    max_size: MaxSizeOpt = 100.0,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> int:
    """Accept the current findings: write them to a baseline so `check --baseline` fails only on new ones.

    Findings are keyed by path, category and a fingerprint of the paragraph text, so they survive
    line shifts. Suppressed findings are not written (their comment already exempts them).
    """
    from biasscan.check.command import baseline_command

    request = _check_request(paths, threshold, lexicon, no_model, model, trust_model, glob, max_size, [], [],
                             config, no_config, None, None, quiet)
    return int(baseline_command(request, output))


@app.command()
@guarded
def train(
    data: Annotated[Path, typer.Option("--data", help="Folder with the labelled training data (team_*.jsonl, wikinews_labels.jsonl).")] = Path("training/data"),
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the model (a .card.json is written beside it).")] = Path("biasscan/models/biasscan-model.joblib"),
    shared: Annotated[Path | None, typer.Option("--shared", help="The shared data folder with Wikinews and CheckThat! (default: ../shared/data).")] = None,
    debug: DebugOpt = False,
) -> int:
    """Train the classifier from labelled data (needs the [train] extra: scikit-learn)."""
    try:
        from biasscan.trainer import train as run_training
    except ImportError as exc:
        raise UsageError(f"training needs scikit-learn: pip install 'biasscan[train]' ({exc.name} missing)") from None
    from biasscan.evaluation import format_report

    card = run_training(data, shared, output)
    print(format_report(card["metrics"]))
    return int(ExitCode.OK)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
