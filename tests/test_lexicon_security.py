"""Inputs that could attack the scanner: lexicon files are data only, a regex row that could stall a
corpus run is refused at load time with file:line, and HTML input never reaches the network."""

from __future__ import annotations

import pickle
import socket
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from biasscan import lexicon as lexicon_module
from biasscan import matching as matching_module
from biasscan.cli import app
from biasscan.errors import LexiconError
from biasscan.lexicon import HEADER, MAX_FILE_BYTES, MAX_REGEX_CHARS, load_lexicon

HEADER_LINE = "\t".join(HEADER)


def regex_row(pattern: str) -> str:
    return f"{pattern}\tregex\tcommercial\tad\t1.0\ttest\tCC0-1.0\t"


def write_lexicon(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "haus.tsv"
    path.write_text("\n".join([HEADER_LINE, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a+)+b", "nested quantifier"),
        (r"(\w+\s?)+$", "nested quantifier"),
        ("((Rabatt)+)+", "nested quantifier"),
        ("(?:x{2,}){3,}", "nested quantifier"),
        ("(a|aa)+b", "alternation inside a repeated group"),
        (r"(Gold)\s\1", "back-reference"),
        (r"(?:x(?>(b)\1))", "back-reference"),  # inside an atomic group
        (r"(?>(?:ab)++)+", "nested quantifier"),  # possessive repeats are repeats too
        ("a{5000}", "repeat bound"),
        ("Gold" * (MAX_REGEX_CHARS // 4 + 1), f"longer than {MAX_REGEX_CHARS}"),
        ("(?P<name>Gold)", "named groups"),
        ("(?s)Gold.*", "inline flags"),
    ],
)
def test_pathological_regex_rows_are_refused_with_file_and_line(tmp_path: Path, pattern: str, reason: str) -> None:
    path = write_lexicon(tmp_path, "# eine Kommentarzeile", regex_row(pattern))
    with pytest.raises(LexiconError) as caught:
        load_lexicon([path], defaults=False)
    assert caught.value.message.startswith("haus.tsv:3:"), caught.value.message
    assert reason in caught.value.message
    assert "\n" not in caught.value.message


@pytest.mark.parametrize("pattern", [r"nur noch \d+ Tage", r"\d{1,2}[:.]\d{2}\s?Uhr", r"(?:ab|bis) \d+(?:[.,]\d+)? ?€"])
def test_ordinary_regex_rows_still_load_and_match(tmp_path: Path, pattern: str) -> None:
    from biasscan.matching import Matcher

    lexicon = load_lexicon([write_lexicon(tmp_path, regex_row(pattern))], defaults=False)
    cues = Matcher(lexicon).match("Angebot: nur noch 3 Tage, bis 23:59 Uhr, ab 99,90 € im Shop.")
    assert [c.entry for c in cues] == [pattern]


def test_bad_regex_in_a_house_lexicon_exits_2_with_one_line(tmp_path: Path) -> None:
    article = tmp_path / "artikel.txt"
    article.write_text("Ein Satz über das Wetter.\n", encoding="utf-8")
    house = write_lexicon(tmp_path, regex_row("(x+x+)+y"))
    result = CliRunner().invoke(app, ["score", "--no-model", "--lexicon", str(house), str(article)])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "haus.tsv:2:" in result.stderr and "Traceback" not in result.stderr


def test_oversized_lexicon_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "riesig.tsv"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(LexiconError, match="riesig.tsv: lexicon file is"):
        load_lexicon([path], defaults=False)


def test_a_pickle_posing_as_a_lexicon_is_rejected_and_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):  # unpickling this would create the marker file
            return (Path.touch, (marker,))

    path = tmp_path / "gift.tsv"
    path.write_bytes(pickle.dumps(Exploit()))
    with pytest.raises(LexiconError):
        load_lexicon([path], defaults=False)
    assert not marker.exists()


def test_code_in_a_lexicon_row_is_only_text(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    code = f"__import__('pathlib').Path('{marker}').touch()"
    path = write_lexicon(tmp_path, f"{code}\tphrase\tloaded\tpejorative\t1.0\ttest\tCC0-1.0\t")
    from biasscan.matching import Matcher

    Matcher(load_lexicon([path], defaults=False)).match(f"Im Text steht {code} wörtlich.")
    assert not marker.exists()


def test_lexicon_code_has_no_way_to_execute_data() -> None:
    for module in (lexicon_module, matching_module):
        source = Path(module.__file__).read_text(encoding="utf-8")
        for forbidden in ("eval(", "exec(", "pickle", "joblib", "yaml.load", "__import__"):
            assert forbidden not in source, f"{module.__name__} uses {forbidden}"


def test_html_input_never_touches_the_network(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args)[:200])
        raise OSError("network access attempted while scoring")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    page = tmp_path / "seite.html"
    page.write_text(
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY web SYSTEM "http://example.com/x">]>\n'
        '<html><head><link rel="stylesheet" href="http://example.com/style.css">'
        '<script src="https://example.com/tracker.js"></script>'
        '<meta http-equiv="refresh" content="0; url=http://example.com/"></head><body>\n'
        '<p>Die Regierung hat das Gesetz beschlossen. &xxe; &web;</p>\n'
        '<img src="http://example.com/pixel.gif"><iframe src="http://example.com/frame"></iframe>\n'
        '<p style="background:url(http://example.com/bg.png)">Zweiter Absatz.</p></body></html>\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["score", "--no-model", "-f", "jsonl", str(page)])
    assert attempts == []
    assert result.exit_code == 0, result.stderr
    assert "root:" not in result.stdout  # the external entity was not resolved
    assert "Die Regierung hat das Gesetz beschlossen." in result.stdout
