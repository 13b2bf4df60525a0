"""The `biasscan` command line: a thin typer layer over the library.

Commands parse options, call the pipeline, pick a renderer and set the exit code; no scoring
happens here. Machine output goes to stdout (or -o), diagnostics to stderr. Exit codes: 0 clean,
1 threshold broken (`check`), 2 usage or config error, 3 unreadable input, 4 internal error.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import ExitStack
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

_DEBUG = {"on": False}

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
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        _DEBUG["on"] = bool(kwargs.get("debug"))
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
            if _DEBUG["on"]:
                raise
            print(f"biasscan: internal error: {exc.__class__.__name__}: {exc} (rerun with --debug for details)",
                  file=sys.stderr)
            raise typer.Exit(int(ExitCode.INTERNAL)) from None
        raise typer.Exit(int(code))

    return wrapper


def build_settings(thresholds: list[str], lexicons: list[Path], no_model: bool, model: Path | None,
                   trust_model: bool) -> Any:
    from biasscan.pipeline import Settings, parse_thresholds

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
    color: Annotated[bool | None, typer.Option("--color/--no-color", help="Force colour on or off (default: on for terminals).")] = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> int:
    """Score German text paragraph by paragraph and print a profile per article."""
    from biasscan.inputs import InputOptions
    from biasscan.pipeline import Analyzer
    from biasscan.render import make_renderer
    from biasscan.runner import run, write_sidecar

    settings = build_settings(threshold, lexicon, no_model, model, trust_model)
    options = InputOptions(tuple(glob), text_column, id_column, int(max_size * 1024 * 1024))
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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
