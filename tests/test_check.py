"""`biasscan check` and `biasscan baseline`: formats (golden), thresholds, config, suppressions,
baseline, --changed-since and exit codes. Exact scores come from `--no-model`.

Regenerate the golden files with `.venv/bin/python -m tests.check_golden`
(or `BIASSCAN_REGEN=1 pytest tests/test_check.py`) and review the diff.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from biasscan.categories import CATEGORIES
from biasscan.cli import app
from tests.check_golden import FORMATS, golden_path, render

FLAGGED = "Es wäre höchste Zeit, dass die Stadt endlich einen Sozialtarif einführt. Wie lange wollen wir noch zusehen?"
NEUTRAL = "Die Stadtwerke Neuburg erhöhen zum 1. Januar den Arbeitspreis für Fernwärme um 8,5 Prozent."
HEDGED = ("Nach Informationen aus Verwaltungskreisen soll der Aufsichtsrat die Erhöhung bereits im Sommer "
          "beschlossen haben. Beobachter vermuten, dass weitere Aufschläge folgen könnten.")


def check(runner, *args: str):
    return runner.invoke(app, ["check", "--no-model", "-q", *args])


def write(path: Path, *paragraphs: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An empty working directory, so no config of this repository is picked up."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- formats: golden output for a fixed draft ---------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_format_matches_golden(fmt):
    code, output = render(fmt)
    if os.environ.get("BIASSCAN_REGEN"):
        golden_path(fmt).write_text(output, encoding="utf-8")
    assert code == 1, "the golden draft breaks the default thresholds"
    assert output == golden_path(fmt).read_text(encoding="utf-8"), f"regenerate with python -m tests.check_golden ({fmt})"


def test_text_format_names_line_category_score_and_cues():
    _, output = render("text")
    finding = next(line for line in output.splitlines() if ": editorializing (" in line)
    assert finding.startswith("draft.md:10: editorializing (")
    assert "zusehen" in finding
    assert output.splitlines()[-1].startswith("draft.md: FAIL ")


def test_github_annotations_use_paragraph_lines_and_error_for_broken_thresholds():
    _, output = render("github")
    lines = output.splitlines()
    assert any(line.startswith("::error file=draft.md,line=10,endLine=10,title=biasscan/editorializing::") for line in lines)
    suppressed = next(line for line in lines if "title=biasscan/hedging" in line)
    assert suppressed.startswith("::notice ") and "suppressed: Zitat der Verwaltung" in suppressed
    assert any(line.startswith("::error file=draft.md,title=biasscan check failed::") for line in lines)


def test_junit_has_one_suite_per_document_and_failures_for_broken_categories():
    _, output = render("junit")
    root = ET.fromstring(output)
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "draft.md"
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == set(CATEGORIES)
    assert cases["editorializing"].find("failure") is not None
    assert cases["hedging"].find("failure") is None
    assert "suppressed" in (cases["hedging"].findtext("system-out") or "")


def sarif_log(runner, *paths: str) -> dict:
    result = check(runner, "-f", "sarif", *paths)
    return json.loads(result.stdout)


def test_sarif_rules_results_and_suppressions():
    _, output = render("sarif")
    run = json.loads(output)["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"biasscan/loaded", "biasscan/hedging", "biasscan/editorializing", "biasscan/commercial/ad"} <= set(rule_ids)
    assert all(r["help"]["text"] for r in run["tool"]["driver"]["rules"])
    results = [r for r in run["results"] if "region" in r["locations"][0]["physicalLocation"]]
    for result in results:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
    ad = next(r for r in results if r["ruleId"] == "biasscan/commercial/ad")
    assert ad["locations"][0]["physicalLocation"]["region"] == {"startLine": 12, "endLine": 12}
    hedging = next(r for r in results if r["ruleId"] == "biasscan/hedging")
    assert hedging["suppressions"][0]["justification"].startswith("Zitat der Verwaltung")


# The official schema is validated against below (test_sarif_validates_against_the_official_schema);
# this structural check adds what the schema leaves open but our consumers rely on (line numbers >= 1).
OFFICIAL_SARIF_SCHEMA = Path(__file__).resolve().parent.parent / ".venv" / "schemas" / "sarif-2.1.0-rtm.5.json"
_SARIF_STRUCTURE = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"enum": ["2.1.0"]},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {"type": "array", "items": {
            "type": "object",
            "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "rules": {"type": "array", "uniqueItems": True, "items": {
                            "type": "object", "required": ["id"],
                            "properties": {"id": {"type": "string"},
                                           "shortDescription": {"$ref": "#/$defs/message"},
                                           "fullDescription": {"$ref": "#/$defs/message"},
                                           "help": {"$ref": "#/$defs/message"},
                                           "defaultConfiguration": {"type": "object", "properties": {
                                               "level": {"enum": ["none", "note", "warning", "error"]}}}}}},
                    }}}},
                "invocations": {"type": "array", "items": {"type": "object", "required": ["executionSuccessful"]}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"},
                        "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"enum": ["none", "note", "warning", "error"]},
                        "message": {"$ref": "#/$defs/message"},
                        "baselineState": {"enum": ["new", "unchanged", "updated", "absent"]},
                        "partialFingerprints": {"type": "object", "additionalProperties": {"type": "string"}},
                        "suppressions": {"type": "array", "items": {"type": "object", "required": ["kind"], "properties": {
                            "kind": {"enum": ["inSource", "external"]}, "justification": {"type": "string"}}}},
                        "locations": {"type": "array", "items": {"type": "object", "properties": {"physicalLocation": {
                            "type": "object",
                            "properties": {
                                "artifactLocation": {"type": "object", "properties": {"uri": {"type": "string"}}},
                                "region": {"type": "object", "properties": {
                                    "startLine": {"type": "integer", "minimum": 1},
                                    "endLine": {"type": "integer", "minimum": 1}}},
                            }}}}},
                    }}},
            }}},
    },
    "$defs": {"message": {"type": "object", "anyOf": [{"required": ["text"]}, {"required": ["id"]}],
                          "properties": {"text": {"type": "string"}}}},
}


def test_sarif_validates(tmp_path, runner):
    jsonschema = pytest.importorskip("jsonschema")
    draft = write(tmp_path / "a.md", NEUTRAL, FLAGGED, HEDGED)
    log = sarif_log(runner, str(draft), str(tmp_path / "missing.md"))
    jsonschema.validate(log, _SARIF_STRUCTURE)
    results = log["runs"][0]["results"]
    for result in results:
        region = result["locations"][0]["physicalLocation"].get("region")
        if region:
            assert region["endLine"] >= region["startLine"]
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False  # the missing file


def test_sarif_validates_against_the_official_schema(tmp_path, runner):
    """The OASIS SARIF 2.1.0 schema (rtm.5), fetched from the npm registry by `make dev`."""
    jsonschema = pytest.importorskip("jsonschema")
    official = Path(os.environ.get("BIASSCAN_SARIF_SCHEMA", OFFICIAL_SARIF_SCHEMA))
    if not official.exists():
        pytest.skip(f"official SARIF schema not installed at {official} (make dev fetches it with npm)")
    draft = write(tmp_path / "a.md", NEUTRAL, FLAGGED, HEDGED)
    log = sarif_log(runner, str(draft), str(tmp_path / "missing.md"))
    assert log["runs"][0]["results"], "validate a log that has results"
    jsonschema.validate(log, json.loads(official.read_text(encoding="utf-8")))


# --- thresholds and exit codes ------------------------------------------------------------------

def test_clean_draft_passes(workdir, runner):
    write(workdir / "clean.md", NEUTRAL)
    result = check(runner, "clean.md")
    assert result.exit_code == 0, result.output
    assert "clean.md: ok" in result.stdout


def test_any_flagged_paragraph_fails_without_thresholds(workdir, runner):
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    result = check(runner, "a.md")
    assert result.exit_code == 1
    assert "a.md: FAIL editorializing:share" in result.stdout


def test_max_share_loosens_one_category(workdir, runner):
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    assert check(runner, "a.md", "--max", "editorializing=1.0").exit_code == 0
    assert check(runner, "a.md", "--max", "editorializing=0.05").exit_code == 1


def test_fail_on_max_score_and_cue_density(workdir, runner):
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    assert check(runner, "a.md", "--fail-on", "editorializing:max=0.99").exit_code == 0
    assert check(runner, "a.md", "--fail-on", "editorializing:max=0.1").exit_code == 1
    dense = check(runner, "a.md", "--max", "editorializing=1", "--fail-on", "editorializing:per_1k_words=1")
    assert dense.exit_code == 1 and "editorializing:per_1k_words" in dense.stdout


@pytest.mark.parametrize("option", [["--fail-on", "loaded:median=0.2"], ["--fail-on", "bias=0.2"],
                                    ["--max", "loaded=1.5"], ["--fail-on", "loaded"], ["-f", "xml"]])
def test_bad_options_are_usage_errors(workdir, runner, option):
    write(workdir / "a.md", NEUTRAL)
    result = check(runner, "a.md", *option)
    assert result.exit_code == 2
    assert result.stderr.startswith("biasscan: error: ") and len(result.stderr.strip().splitlines()) == 1


def test_unreadable_input_exits_3_and_others_are_still_checked(workdir, runner):
    write(workdir / "a.md", NEUTRAL)
    result = check(runner, "-f", "json", "a.md", "missing.md")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert [d["path"] for d in report["documents"]] == ["a.md"]
    assert report["failures"][0]["source"] == "missing.md"


# --- configuration ------------------------------------------------------------------------------

def test_pyproject_config_found_upward_with_path_overrides(workdir, runner, monkeypatch):
    (workdir / "pyproject.toml").write_text(
        '[project]\nname = "newsroom"\n\n[tool.biasscan]\nmax = {editorializing = 0.0}\n\n'
        '[[tool.biasscan.overrides]]\npaths = ["drafts/kommentar/*"]\nmax = {editorializing = 1.0}\n',
        encoding="utf-8",
    )
    write(workdir / "drafts" / "kommentar" / "k.md", NEUTRAL, FLAGGED)
    write(workdir / "drafts" / "news" / "n.md", NEUTRAL, FLAGGED)
    monkeypatch.chdir(workdir / "drafts")
    result = check(runner, "kommentar/k.md", "news/n.md")
    assert result.exit_code == 1
    assert "kommentar/k.md: ok" in result.stdout
    assert "news/n.md: FAIL editorializing:share" in result.stdout


def test_biasscan_toml_and_cli_flags_override_config(workdir, runner):
    (workdir / "biasscan.toml").write_text('fail-on = ["editorializing:share=1.0"]\n', encoding="utf-8")
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    assert check(runner, "a.md").exit_code == 0
    assert check(runner, "a.md", "--fail-on", "editorializing=0").exit_code == 1
    assert check(runner, "a.md", "--no-config").exit_code == 1


def test_config_flag_threshold_changes_what_is_flagged(workdir, runner):
    (workdir / "biasscan.toml").write_text("threshold = {editorializing = 0.99}\n", encoding="utf-8")
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    assert check(runner, "a.md").exit_code == 0
    assert check(runner, "a.md", "-t", "editorializing=0.5").exit_code == 1


@pytest.mark.parametrize(("content", "key"), [
    ("max = {loaded = 'viel'}\n", "max.loaded"),
    ("max = {opinion = 0.2}\n", "max.opinion"),
    ("maximum = {loaded = 0.2}\n", "maximum"),
    ('fail-on = ["loaded:max"]\n', "fail-on[1]"),
    ("[[overrides]]\nmax = {loaded = 0.2}\n", "overrides[1].paths"),
    ("max = {loaded = \n", "invalid TOML"),
])
def test_config_errors_name_file_and_key(workdir, runner, content, key):
    (workdir / "biasscan.toml").write_text(content, encoding="utf-8")
    write(workdir / "a.md", NEUTRAL)
    result = check(runner, "a.md")
    assert result.exit_code == 2
    assert "biasscan.toml" in result.stderr and key in result.stderr


# --- suppressions -------------------------------------------------------------------------------

def test_suppression_needs_a_reason(workdir, runner):
    write(workdir / "a.md", NEUTRAL, "<!-- biasscan: ignore editorializing -->", FLAGGED)
    result = check(runner, "a.md")
    assert result.exit_code == 2
    assert "a.md:3:" in result.stderr and "reason" in result.stderr


@pytest.mark.parametrize("directive", ["<!-- biasscan: ignore opinion -- weil -->", "<!-- biasscan: skip loaded -- weil -->",
                                       "<!-- biasscan: ignore-start loaded -- weil -->"])
def test_malformed_or_unclosed_suppressions_are_usage_errors(workdir, runner, directive):
    write(workdir / "a.md", NEUTRAL, directive, FLAGGED)
    result = check(runner, "a.md")
    assert result.exit_code == 2 and "a.md:3:" in result.stderr


def test_an_upper_case_marker_is_a_directive_not_a_layout_error(workdir, runner):
    write(workdir / "a.md", NEUTRAL, "<!-- BIASSCAN: ignore editorializing -- Kommentar -->", FLAGGED)
    result = check(runner, "a.md")
    assert result.exit_code == 0 and "[suppressed: Kommentar]" in result.stdout, result.stderr
    write(workdir / "b.md", NEUTRAL, "<!-- BIASSCAN: IGNORE editorializing -- Kommentar -->", FLAGGED)
    result = check(runner, "b.md")
    assert result.exit_code == 2 and "unknown biasscan directive 'IGNORE'" in result.stderr


def test_suppressed_findings_are_listed_and_do_not_fail(workdir, runner):
    write(workdir / "a.md", NEUTRAL, "<!-- biasscan: ignore editorializing -- Kommentar der Chefredaktion -->", FLAGGED)
    result = check(runner, "-f", "json", "a.md")
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)["documents"][0]
    assert [(f["category"], f["status"], f["reason"]) for f in doc["findings"]] == [
        ("editorializing", "suppressed", "Kommentar der Chefredaktion")]
    assert doc["suppression_comments"] == 1
    assert doc["paragraphs_checked"] == 2, "the comment paragraph is not content"
    assert doc["findings"][0]["line_start"] == 5, "lines refer to the original file"


def test_suppression_applies_only_to_the_next_paragraph(workdir, runner):
    write(workdir / "a.md", "<!-- biasscan: ignore editorializing -- zitiert -->", FLAGGED, FLAGGED)
    result = check(runner, "a.md")
    assert result.exit_code == 1
    assert "a.md:3: editorializing" in result.stdout and "[suppressed: zitiert]" in result.stdout
    assert any(line.startswith("a.md:5: editorializing") and "suppressed" not in line for line in result.stdout.splitlines())


def test_block_suppression_covers_every_paragraph_until_the_end(workdir, runner):
    write(workdir / "a.md", "<!-- biasscan: ignore-start editorializing, hedging -- Glosse -->", FLAGGED, HEDGED,
          "<!-- biasscan: ignore-end -->", FLAGGED)
    result = check(runner, "-f", "json", "a.md")
    doc = json.loads(result.stdout)["documents"][0]
    statuses = [(f["line_start"], f["status"]) for f in doc["findings"]]
    assert (3, "suppressed") in statuses and (9, "new") in statuses
    assert all(status == "suppressed" for line, status in statuses if line < 9)
    assert result.exit_code == 1


def test_comment_line_directly_above_text_counts(workdir, runner):
    (workdir / "a.md").write_text(f"{NEUTRAL}\n\n<!-- biasscan: ignore all -- Leserbrief -->\n{FLAGGED}\n", encoding="utf-8")
    result = check(runner, "a.md")
    assert result.exit_code == 0, result.stdout
    assert "a.md:4: editorializing" in result.stdout and "[suppressed: Leserbrief]" in result.stdout


# --- baseline -----------------------------------------------------------------------------------

def test_baseline_accepts_existing_findings_across_line_shifts(workdir, runner):
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    written = runner.invoke(app, ["baseline", "--no-model", "-q", "a.md", "-o", "base.json"])
    assert written.exit_code == 0, written.output
    rows = json.loads((workdir / "base.json").read_text(encoding="utf-8"))["findings"]
    assert [(r["path"], r["category"]) for r in rows] == [("a.md", "editorializing")]
    write(workdir / "a.md", "Neuer Vorspann.", NEUTRAL, "Noch ein Absatz.", FLAGGED)  # the finding moved down
    result = check(runner, "a.md", "--baseline", "base.json")
    assert result.exit_code == 0, result.stdout
    assert "[baselined]" in result.stdout and "1 baselined" in result.stdout


def test_baseline_still_fails_on_new_findings(workdir, runner):
    write(workdir / "a.md", NEUTRAL, FLAGGED)
    runner.invoke(app, ["baseline", "--no-model", "-q", "a.md", "-o", "base.json"])
    write(workdir / "a.md", NEUTRAL, FLAGGED, HEDGED)
    result = check(runner, "a.md", "--baseline", "base.json")
    assert result.exit_code == 1
    assert "hedging:share" in result.stdout and "editorializing:share" not in result.stdout


def test_broken_baseline_file_is_a_usage_error(workdir, runner):
    write(workdir / "a.md", NEUTRAL)
    (workdir / "base.json").write_text("{not json", encoding="utf-8")
    result = check(runner, "a.md", "--baseline", "base.json")
    assert result.exit_code == 2 and "base.json" in result.stderr


# --- changed since a git ref --------------------------------------------------------------------

def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"})


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_changed_since_checks_only_changed_paragraphs(workdir, runner):
    git(workdir, "init", "-q")
    write(workdir / "a.md", NEUTRAL, FLAGGED, NEUTRAL)
    git(workdir, "add", "a.md")
    git(workdir, "commit", "-q", "-m", "draft")
    write(workdir / "a.md", NEUTRAL, FLAGGED, HEDGED)  # only the last paragraph changes
    result = check(runner, "a.md", "--changed-since", "HEAD")
    assert result.exit_code == 1
    assert "a.md:5: hedging" in result.stdout
    assert "editorializing" not in result.stdout, "the unchanged paragraph is not checked"
    assert "2 unchanged paragraphs skipped" in result.stdout
    write(workdir / "b.md", FLAGGED)  # untracked: all new
    assert "b.md:1: editorializing" in check(runner, "b.md", "--changed-since", "HEAD").stdout


def test_changed_since_outside_git_or_with_unknown_ref_is_a_usage_error(workdir, runner):
    write(workdir / "a.md", NEUTRAL)
    result = check(runner, "a.md", "--changed-since", "HEAD")
    assert result.exit_code == 2 and "not inside a git repository" in result.stderr
    if shutil.which("git"):
        git(workdir, "init", "-q")
        result = check(runner, "a.md", "--changed-since", "no-such-ref")
        assert result.exit_code == 2 and "no-such-ref" in result.stderr


def test_a_finding_names_its_distinct_cues_and_marks_only_a_real_cut() -> None:
    from biasscan.check.formats.common import MAX_CUES, finding_message
    from biasscan.check.verdicts import Finding

    def message(cues: tuple[str, ...]) -> str:
        return finding_message(Finding("a.md", "loaded", None, 0.9, 1, 1, cues, "f"))

    repeated = ("Regime", "Machthaber") * MAX_CUES  # many cues, two distinct: nothing is cut
    assert message(repeated) == "loaded (0.90) Regime, Machthaber"
    distinct = tuple(f"Wort{i}" for i in range(MAX_CUES + 1))
    assert message(distinct) == "loaded (0.90) " + ", ".join(distinct[:MAX_CUES]) + ", …"
