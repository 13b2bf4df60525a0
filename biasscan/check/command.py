"""What `biasscan check` and `biasscan baseline` do once the CLI has parsed their options.

Kept out of cli.py so the CLI stays a thin layer; this module wires config, thresholds,
baseline and the renderer around the engine and turns the outcome into an exit code.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from biasscan.check.baseline import Baseline, write_baseline
from biasscan.check.config import CheckConfig, find_config, load_config
from biasscan.check.engine import Checker, CheckOptions
from biasscan.check.formats import CheckFormat, make_check_renderer
from biasscan.check.thresholds import parse_cli_rules
from biasscan.check.verdicts import CheckSummary, Finding, Status, Verdict
from biasscan.errors import ExitCode, UsageError
from biasscan.inputs import InputOptions
from biasscan.pipeline import Analyzer


@dataclass(slots=True)
class CheckRequest:
    paths: list[str]
    settings: Any  # pipeline.Settings built by the CLI (its thresholds are the -t items; they win over the config's)
    input_options: InputOptions
    max_items: list[str]
    fail_on_items: list[str]
    config_path: Path | None = None
    use_config: bool = True
    baseline_path: Path | None = None
    changed_since: str | None = None
    quiet: bool = False


def resolve_config(request: CheckRequest) -> CheckConfig:
    if not request.use_config:
        return CheckConfig()
    if request.config_path is not None:
        if not request.config_path.is_file():
            raise UsageError(f"--config {request.config_path}: no such file")
        return load_config(request.config_path)
    return load_config(find_config(Path.cwd()))


def _checker(request: CheckRequest, baseline: Baseline | None) -> Checker:
    config = resolve_config(request)
    cli_rules = parse_cli_rules(request.max_items, request.fail_on_items)
    # the config's flag thresholds (validated when it was read), then -t on top of them
    request.settings.thresholds = {**config.flag_thresholds, **request.settings.thresholds}
    options = CheckOptions(config, cli_rules, baseline, request.changed_since)
    return Checker(Analyzer(request.settings), options)


def check_command(request: CheckRequest, fmt: CheckFormat, output: Path | None) -> ExitCode:
    """Run the check; exit 2 bad usage/config, 3 an input unreadable, 1 a threshold broken, else 0."""
    baseline = Baseline.load(request.baseline_path) if request.baseline_path else None
    checker = _checker(request, baseline)
    with ExitStack() as stack:
        out = sys.stdout
        if output is not None:
            try:
                out = stack.enter_context(open(output, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                raise UsageError(f"cannot write {output}: {exc.strerror}") from None
        summary = checker.run(request.paths, request.input_options, make_check_renderer(fmt, out), quiet=request.quiet)
    return exit_code(summary)


def exit_code(summary: CheckSummary) -> ExitCode:
    if summary.unreadable:
        return ExitCode.UNREADABLE
    return ExitCode.THRESHOLD if summary.failed_documents else ExitCode.OK


class _Collector:
    """A renderer that keeps the findings instead of printing them (for `biasscan baseline`)."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def begin(self, meta: dict[str, Any]) -> None:
        pass

    def document(self, verdict: Verdict) -> None:
        self.findings.extend(f for f in verdict.findings if f.status is Status.new)

    def failure(self, source: str, message: str) -> None:
        pass

    def end(self, summary: CheckSummary) -> None:
        pass


def baseline_command(request: CheckRequest, output: Path) -> ExitCode:
    """Write the current unsuppressed findings as the accepted baseline; 3 if an input was unreadable."""
    collector = _Collector()
    summary = _checker(request, None).run(request.paths, request.input_options, collector, quiet=True,
                                          stderr=sys.stderr)
    written = write_baseline(output, collector.findings)
    if not request.quiet:
        print(f"biasscan: wrote {written} findings from {summary.documents} documents to {output}", file=sys.stderr)
    return ExitCode.UNREADABLE if summary.unreadable else ExitCode.OK


__all__ = ["CheckRequest", "check_command", "baseline_command"]
