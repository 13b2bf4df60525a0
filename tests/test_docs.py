"""README.md and `--help` stay in sync (in the spirit of sqlite-utils' documentation tests).

- every command and every option that `--help` shows is mentioned in README.md;
- every `biasscan ...` command line in a README code block parses against the real CLI
  (options exist, values convert, choices are valid), without running it;
- every `make ...` the README shows names targets the Makefile has, and no options;
- the "Output schema" section names every field the JSON/JSONL output contains, every exit code,
  and the bias_index weights actually used.

When a test here fails after adding an option, document the option; when it fails after editing the
README, fix the example.
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from pathlib import Path

import click
import pytest
import typer
from typer.testing import CliRunner

from biasscan.cli import app
from biasscan.errors import ExitCode
from biasscan.profile import BIAS_WEIGHTS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
ROOT: click.Group = typer.main.get_command(app)  # type: ignore[assignment]
COMMANDS: dict[str, click.Command] = dict(ROOT.commands)
SHELL_FENCES = {"", "sh", "shell", "bash", "console", "zsh"}


def code_blocks(markdown: str) -> list[str]:
    """Contents of fenced shell code blocks (``` or ```sh ...)."""
    blocks = re.findall(r"^```([\w-]*)[^\n]*\n(.*?)^```", markdown, flags=re.M | re.S)
    return [body for lang, body in blocks if lang.lower() in SHELL_FENCES]


def shell_words(line: str) -> list[str]:
    """Shell words with operators (| && ; > <) as words of their own; comments dropped."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    return list(lexer)


def simple_commands(line: str) -> list[list[str]]:
    """Split a pipeline or command list into simple commands without redirections or VAR= prefixes."""
    line = re.sub(r"(?<!\S)\d*(?:>>?|<)&?\s*[^\s|;&]+", " ", line)  # > out, 2>&1, < in
    commands: list[list[str]] = [[]]
    for word in shell_words(line):
        if word in ("|", "||", "&&", ";", "&"):
            commands.append([])
        elif not commands[-1] and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", word):
            continue
        else:
            commands[-1].append(word)
    return [c for c in commands if c]


def readme_command_lines() -> list[str]:
    """Every `biasscan ...` invocation in a README shell block, continuation lines joined."""
    lines: list[str] = []
    for block in code_blocks(README):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip().removeprefix("$ ")
            for words in simple_commands(line):
                if Path(words[0]).name == "biasscan":
                    lines.append(shlex.join(words))
    return lines


def shown_options(command: click.Command) -> list[str]:
    """The long option names `--help` shows for a command (not --help itself, not hidden ones)."""
    names = []
    for param in command.params:
        if not isinstance(param, click.Option) or param.hidden:
            continue
        for name in [*param.opts, *param.secondary_opts]:
            if name.startswith("--") and name != "--help":
                names.append(name)
    return names


def mentioned(option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", README) is not None


# --- --help -> README -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_documented(name: str) -> None:
    assert re.search(rf"biasscan {re.escape(name)}\b", README), f"`biasscan {name}` is not shown in README.md"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_is_documented(name: str) -> None:
    missing = [option for option in shown_options(COMMANDS[name]) if not mentioned(option)]
    assert not missing, f"`biasscan {name}` options not mentioned in README.md: {', '.join(missing)}"


def test_top_level_options_are_documented() -> None:
    missing = [option for option in shown_options(ROOT) if not mentioned(option)]
    assert not missing, f"top-level options not mentioned in README.md: {', '.join(missing)}"


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_help_text(runner: CliRunner, name: str) -> None:
    result = runner.invoke(app, [name, "--help"])
    assert result.exit_code == 0
    assert (COMMANDS[name].help or "").strip(), f"`biasscan {name}` has no help text"
    for option in shown_options(COMMANDS[name]):
        assert option in result.stdout


# --- README -> CLI ----------------------------------------------------------------------------------

README_COMMANDS = readme_command_lines()


def test_readme_shows_commands() -> None:
    assert len(README_COMMANDS) >= 5


@pytest.mark.parametrize("line", README_COMMANDS)
def test_readme_command_line_parses(line: str) -> None:
    """Parse (and convert) the arguments as the real CLI would, without running the command."""
    args = shlex.split(line)[1:]
    try:
        if not args or args[0].startswith("-"):
            ROOT.make_context("biasscan", args)  # only --help / --version live here
            return
        command = COMMANDS.get(args[0])
        assert command is not None, f"unknown command in README: {line}"
        command.make_context(args[0], args[1:], parent=click.Context(ROOT, info_name="biasscan"))
    except click.exceptions.Exit:
        return  # --help / --version
    except click.UsageError as exc:
        pytest.fail(f"README command does not parse: {line}\n  {exc.format_message()}")


def readme_make_invocations() -> list[list[str]]:
    """The words after `make` in README shell blocks and in inline code (`make bench`)."""
    lines = [line.strip().removeprefix("$ ") for block in code_blocks(README) for line in block.splitlines()]
    lines += re.findall(r"`(make\b[^`]*)`", README)
    return [words[1:] for line in lines for words in simple_commands(line) if words[0] == "make"]


def test_readme_make_commands_name_makefile_targets() -> None:
    targets = set(re.findall(r"^([\w.-]+):", (REPO / "Makefile").read_text(encoding="utf-8"), flags=re.M))
    invocations = readme_make_invocations()
    assert len(invocations) >= 8, invocations
    wrong = [" ".join(["make", *words]) for words in invocations if not words or not set(words) <= targets]
    assert not wrong, f"README make commands the Makefile does not run as written: {wrong}"


# --- Output schema section --------------------------------------------------------------------------

@cache
def schema_section() -> str:
    match = re.search(r"^## Output schema\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, "README.md has no '## Output schema' section"
    return match.group(1)


def documented(field: str) -> bool:
    return f"`{field}`" in schema_section() or re.search(rf"[`{{,(\[]\s*{re.escape(field)}[,}})\]`]", schema_section()) is not None


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    article = tmp_path_factory.mktemp("docs") / "artikel.txt"
    article.write_text(
        "Der Machthaber soll die Truppen verlegt haben.\n\nSichern Sie sich jetzt 20 % Rabatt bis 23:59 Uhr!\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    base = ["score", "--no-model", str(article)]
    paragraph = runner.invoke(app, [*base, "-f", "jsonl"])
    article_level = runner.invoke(app, [*base, "-f", "jsonl", "--level", "article"])
    document = runner.invoke(app, [*base, "-f", "json"])
    assert paragraph.exit_code == article_level.exit_code == document.exit_code == 0
    return {
        "paragraph": [json.loads(line) for line in paragraph.stdout.splitlines()],
        "article": json.loads(article_level.stdout.splitlines()[0]),
        "document": json.loads(document.stdout),
    }


def test_schema_section_names_every_paragraph_and_cue_field(outputs: dict) -> None:
    records = outputs["paragraph"]
    fields = {key for record in records for key in record}
    cue_fields = {key for record in records for cue in record["cues"] for key in cue}
    assert cue_fields, "the test article should produce cues"
    missing = sorted(f for f in fields | cue_fields if not documented(f))
    assert not missing, f"fields not documented in README 'Output schema': {missing}"


def test_schema_section_names_every_article_and_document_field(outputs: dict) -> None:
    article = outputs["article"]
    document = outputs["document"]
    fields = set(article) | set(next(iter(article["categories"].values())))
    fields |= set(document) | set(document["meta"]) | set(document["summary"]) | set(document["documents"][0])
    missing = sorted(f for f in fields if not documented(f))
    assert not missing, f"fields not documented in README 'Output schema': {missing}"


def test_schema_version_is_documented(outputs: dict) -> None:
    assert f"`{outputs['document']['schema_version']}`" in schema_section()


def test_every_exit_code_is_documented() -> None:
    section = schema_section()
    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", section, flags=re.M), f"exit code {int(code)} ({code.name}) missing"


def test_bias_index_formula_matches_the_code() -> None:
    formula = re.search(r"bias_index = (.+)", schema_section())
    assert formula, "bias_index formula missing"
    terms = dict((name, float(weight)) for weight, name in re.findall(r"([\d.]+) \* (\w+)", formula.group(1)))
    assert terms == BIAS_WEIGHTS


def test_lexicon_score_formula_matches_the_code() -> None:
    from biasscan.records import Cue
    from biasscan.scoring import lexicon_scores

    assert "score = 1 - 2 ** (-evidence)" in schema_section()
    cue = Cue("loaded", "pejorative", "x", 0, 1, False, 1.0, "x", "test")
    assert lexicon_scores([cue])["loaded"] == 0.5
    assert lexicon_scores([cue, cue])["loaded"] == 0.75
