"""Bad input as a user meets it: one clear line on stderr naming the file, a documented exit code,
no traceback, and nothing lost (the good documents are still scored and the summary accounts for all).

Every input is generated in tmp_path. Runs use `--no-model` and JSONL export with `-o`, so the
paragraph records and the sidecar's summary and failures can be checked exactly.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from biasscan.cli import app
from biasscan.inputs import Failure, iter_documents
from biasscan.splitting import MAX_PARAGRAPH_CHARS, split_paragraphs

GOOD = (
    "Der Stadtrat hat am Montag den Haushalt für das kommende Jahr beschlossen.\n"
    "\n"
    "Die Opposition stimmte dagegen, weil die Schulden zu hoch seien.\n"
)
UMLAUT_TEXT = "Die Bürger in Düsseldorf äußern sich über die Größe der Straße und über das Öl."


@dataclass
class Run:
    exit_code: int
    stderr: str
    records: list[dict]
    meta: dict

    @property
    def docs(self) -> set[str]:
        return {r["doc"] for r in self.records}

    @property
    def failed_sources(self) -> list[str]:
        return [f["source"] for f in self.meta["failures"]]

    def texts(self, doc: str) -> str:
        return "\n\n".join(r["text"] for r in self.records if r["doc"] == doc)


def score(tmp_path: Path, *args: str, level: str = "paragraph") -> Run:
    out = tmp_path / "out" / "result.jsonl"
    out.parent.mkdir(exist_ok=True)
    result = CliRunner().invoke(app, ["score", "--no-model", "-f", "jsonl", "--level", level, "-o", str(out), *args])
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    meta = json.loads(out.with_name(out.name + ".meta.json").read_text(encoding="utf-8"))
    return Run(result.exit_code, result.stderr, records, meta)


def good_file(tmp_path: Path, name: str = "gut.txt") -> Path:
    path = tmp_path / name
    path.write_text(GOOD, encoding="utf-8")
    return path


def error_lines(run: Run, needle: str) -> list[str]:
    return [line for line in run.stderr.splitlines() if needle in line]


def assert_failed_with_good_kept(run: Run, bad: str, reason: str, good: Path) -> None:
    """The shape every failure case shares: exit 3, one line naming the file, the good file scored."""
    assert run.exit_code == 3
    lines = error_lines(run, bad)
    assert len(lines) == 1 and reason in lines[0], run.stderr
    assert str(good) in run.docs
    assert run.meta["summary"]["documents_scored"] == 1
    assert run.meta["summary"]["documents_failed"] == 1
    assert "1 documents scored" in run.stderr and "1 failed" in run.stderr


def test_missing_path(tmp_path: Path) -> None:
    good = good_file(tmp_path)
    missing = str(tmp_path / "gibt-es-nicht.txt")
    run = score(tmp_path, missing, str(good))
    assert_failed_with_good_kept(run, missing, "no such file or directory", good)


def test_empty_directory(tmp_path: Path) -> None:
    good = good_file(tmp_path)
    empty = tmp_path / "leer"
    empty.mkdir()
    run = score(tmp_path, str(empty), str(good))
    assert_failed_with_good_kept(run, str(empty), "no files matching", good)


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = good_file(tmp_path)
    locked = tmp_path / "gesperrt.txt"
    locked.write_text(GOOD, encoding="utf-8")
    locked.chmod(0)
    if os.access(locked, os.R_OK):
        # Running as root: chmod 000 does not stop reading, so simulate what an ordinary user gets.
        real_read_bytes = pathlib.Path.read_bytes

        def refuse(self: pathlib.Path) -> bytes:
            if self == locked:
                raise PermissionError(errno.EACCES, "Permission denied", str(self))
            return real_read_bytes(self)

        monkeypatch.setattr(pathlib.Path, "read_bytes", refuse)
    try:
        run = score(tmp_path, str(locked), str(good))
    finally:
        locked.chmod(0o644)
    assert_failed_with_good_kept(run, str(locked), "Permission denied", good)


def _zip_bytes(tmp_path: Path) -> bytes:
    archive = tmp_path / "archiv.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("artikel.txt", GOOD)
    return archive.read_bytes()


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("nul", "NUL bytes"), ("png", "PNG image"), ("zip", "zip archive")],
)
def test_binary_file(tmp_path: Path, kind: str, reason: str) -> None:
    good = good_file(tmp_path)
    data = {
        "nul": b"Text mit\x00\x00\x00 Nullbytes" * 10,
        "png": b"\x89PNG\r\n\x1a\n" + os.urandom(64),
        "zip": _zip_bytes(tmp_path),
    }[kind]
    bad = tmp_path / f"binär-{kind}.txt"
    bad.write_bytes(data)
    run = score(tmp_path, str(bad), str(good))
    assert_failed_with_good_kept(run, str(bad), reason, good)


def test_invalid_utf8_is_scored_with_a_warning_and_keeps_its_umlauts(tmp_path: Path) -> None:
    bad = tmp_path / "kaputt.txt"
    bad.write_bytes(UMLAUT_TEXT.encode("utf-8") + b" Ende \xff\xfe\x80 des Textes.")
    run = score(tmp_path, str(bad))
    assert run.exit_code == 0
    assert "Düsseldorf äußern" in run.texts(str(bad))
    assert error_lines(run, "undecodable"), run.stderr


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("cp1252", b""), ("latin-1", b""), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_legacy_and_utf16_encodings_are_decoded(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(prefix + UMLAUT_TEXT.encode(encoding))
    run = score(tmp_path, str(path))
    assert run.exit_code == 0, run.stderr
    assert run.texts(str(path)) == UMLAUT_TEXT


def test_cp1252_quotes_and_euro_survive(tmp_path: Path) -> None:
    text = "Der Preis „steigt“ auf 5 € – sagt die Händlerin."
    path = tmp_path / "euro.txt"
    path.write_bytes(text.encode("cp1252"))
    assert score(tmp_path, str(path)).texts(str(path)) == text


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  \r\n"])
def test_empty_or_whitespace_file_is_skipped_and_counted(tmp_path: Path, content: bytes) -> None:
    good = good_file(tmp_path)
    empty = tmp_path / "leer.txt"
    empty.write_bytes(content)
    run = score(tmp_path, str(empty), str(good))
    assert run.exit_code == 0  # nothing unreadable, nothing lost: there was nothing to score
    assert len(error_lines(run, f"{empty}: no text to score")) == 1, run.stderr
    assert run.meta["summary"]["documents_skipped"] == 1
    assert run.meta["summary"]["documents_scored"] == 1
    assert "1 skipped" in run.stderr
    article = score(tmp_path, str(empty), level="article")  # it still appears in article output
    assert [r["paragraphs"] for r in article.records if r["doc"] == str(empty)] == [0]


def test_50mb_single_line_is_scored_in_chunks_with_bounded_memory(tmp_path: Path) -> None:
    sentence = "Die Regierung hat am Montag ein neues Gesetz beschlossen, sagte der Minister. "
    path = tmp_path / "eine-zeile.txt"
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(50 * 1024 * 1024 // len(sentence) // 1000 + 1):
            handle.write(sentence * 1000)
    size = path.stat().st_size
    assert size >= 50 * 1024 * 1024
    out = tmp_path / "zeile.csv"
    script = (
        "import resource, sys\n"
        "from biasscan.cli import main\n"
        "try:\n    main()\n"
        "except SystemExit as exc:\n"
        "    print('maxrss_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "    raise\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "score", "--no-model", "-f", "csv", "-o", str(out), str(path)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "scored in chunks" in proc.stderr
    peak_mb = int(proc.stderr.split("maxrss_kb")[1].split()[0]) / 1024
    assert peak_mb < 20 * size / (1024 * 1024), f"peak memory {peak_mb:.0f} MB for a {size / 2**20:.0f} MB file"
    with out.open(encoding="utf-8") as handle:
        rows = sum(1 for _ in handle) - 1
    assert rows >= size // MAX_PARAGRAPH_CHARS


def test_1gb_file_is_refused_from_its_size_and_the_limit_can_be_raised(tmp_path: Path) -> None:
    good = good_file(tmp_path)
    huge = tmp_path / "riesig.txt"
    with huge.open("wb") as handle:
        handle.truncate(1024 * 1024 * 1024)  # sparse: takes no disk space and is never read
    run = score(tmp_path, str(huge), str(good))
    assert_failed_with_good_kept(run, str(huge), "larger than the limit", good)
    assert "--max-size" in error_lines(run, str(huge))[0]

    one_mb = tmp_path / "eins.txt"
    one_mb.write_text((GOOD + "\n") * (1024 * 1024 // len(GOOD.encode()) + 1), encoding="utf-8")
    assert score(tmp_path, "--max-size", "0.5", str(one_mb)).exit_code == 3
    assert score(tmp_path, "--max-size", "1.5", str(one_mb)).exit_code == 0


def test_html_with_scripts_and_entities(tmp_path: Path) -> None:
    page = tmp_path / "seite.html"
    page.write_text(
        "<!doctype html><html><head><title>T</title><script>var geheim = 'Skriptinhalt';</script>"
        "<style>p { color: red }</style></head><body>"
        "<p>Stra&szlig;e in M&uuml;nchen &amp; K&#246;ln: &bdquo;Zitat&ldquo; f&#xFC;r 5&nbsp;&euro;.</p>"
        "<script>document.write('Werbung aus Skript')</script>"
        "<p>Zweiter Absatz &lt;kein Tag&gt;.</p></body></html>",
        encoding="utf-8",
    )
    run = score(tmp_path, str(page))
    assert run.exit_code == 0, run.stderr
    texts = [r["text"] for r in run.records]
    assert texts == ["Straße in München & Köln: „Zitat“ für 5 €.", "Zweiter Absatz <kein Tag>."]
    assert "Skript" not in run.texts(str(page))


def test_csv_without_the_text_column(tmp_path: Path) -> None:
    good = good_file(tmp_path)
    table = tmp_path / "korpus.csv"
    table.write_text("id,inhalt\n1,Ein Satz.\n", encoding="utf-8")
    run = score(tmp_path, str(table), str(good))
    assert_failed_with_good_kept(run, str(table), "no column 'text'", good)
    assert "inhalt" in error_lines(run, str(table))[0]  # it tells the user which columns exist


def test_malformed_jsonl_line_is_reported_with_its_number_and_the_rest_scored(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus.jsonl"
    corpus.write_text(
        json.dumps({"text": "Erster Artikel über den Haushalt der Stadt."}, ensure_ascii=False) + "\n"
        + '{"text": "abgeschnitten\n'
        + json.dumps({"text": "Dritter Artikel über die Schulen."}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    run = score(tmp_path, str(corpus))
    assert run.exit_code == 3
    assert len(error_lines(run, f"{corpus}:2: malformed JSON")) == 1, run.stderr
    assert run.docs == {f"{corpus}:1", f"{corpus}:3"}
    assert run.failed_sources == [f"{corpus}:2"]


def test_symlink_loop_in_a_directory_is_reported_and_each_file_scored_once(tmp_path: Path) -> None:
    root = tmp_path / "korpus"
    (root / "unter").mkdir(parents=True)
    good_file(root, "a.txt")
    good_file(root / "unter", "b.txt")
    (root / "unter" / "schleife").symlink_to(root, target_is_directory=True)
    run = score(tmp_path, str(root))
    assert run.exit_code == 3
    assert len(error_lines(run, "symlink loop")) == 1, run.stderr
    assert run.docs == {str(root / "a.txt"), str(root / "unter" / "b.txt")}


def test_non_german_text_gets_a_warning(tmp_path: Path) -> None:
    english = tmp_path / "english.txt"
    english.write_text(
        "The government announced on Monday that the new budget would be presented to parliament "
        "next week. Critics say the plan does not go far enough and will hurt families.\n",
        encoding="utf-8",
    )
    german = good_file(tmp_path)
    run = score(tmp_path, str(english), str(german))
    assert run.exit_code == 0
    assert len(error_lines(run, f"{english}: text does not look German")) == 1, run.stderr
    assert not error_lines(run, f"{german}: text does not look German")
    assert str(english) in run.docs


def test_control_characters_emoji_and_bidi_marks(tmp_path: Path) -> None:
    path = tmp_path / "zeichen.txt"
    path.write_text(
        "Die Regierung\x07 hat\x1b[31m das Gesetz 🎉 beschlossen.\u200f Ein \u202eTrick\u202c im Text 👍🏽.\n",
        encoding="utf-8",
    )
    run = score(tmp_path, str(path))
    assert run.exit_code == 0, run.stderr
    text = run.texts(str(path))
    assert "🎉" in text and "👍🏽" in text
    assert not any(ch in text for ch in "\x07\x1b\u200f\u202e\u202c")
    for record in run.records:
        for cue in record["cues"]:
            assert record["text"][cue["start"] : cue["end"]] == cue["text"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_missing_id_column_fails_the_table_in_every_format(tmp_path: Path, suffix: str) -> None:
    table = tmp_path / f"artikel{suffix}"
    if suffix == ".csv":
        table.write_text("url,text\nhttps://a.example,Der Rat tagte am Montag.\n", encoding="utf-8")
    else:
        pa = pytest.importorskip("pyarrow")
        pq = pytest.importorskip("pyarrow.parquet")
        pq.write_table(pa.table({"url": ["https://a.example"], "text": ["Der Rat tagte am Montag."]}), table)
    good = good_file(tmp_path)
    run = score(tmp_path, str(table), str(good), "--id-column", "link")
    assert_failed_with_good_kept(run, str(table), "no id column 'link'", good)


def test_character_references_in_html_are_cleaned_like_raw_characters(tmp_path: Path) -> None:
    # An entity is decoded by the HTML parser, after the raw text was normalised: a soft hyphen or
    # a bidi override written as &shy; or &#x202e; must not slip through that way.
    path = tmp_path / "seite.html"
    path.write_text("<html><body><p>Die Schock&shy;Studie zeigt &#x202e;Trick&#x202c; und &#7;mehr.</p></body></html>",
                    encoding="utf-8")
    run = score(tmp_path, str(path))
    assert run.exit_code == 0, run.stderr
    text = run.texts(str(path))
    assert "SchockStudie" in text
    assert not any(ch in text for ch in "\u00ad\u202e\u202c\x07")


def test_paragraph_of_100000_words(tmp_path: Path) -> None:
    words = "Experten warnen angeblich vor einer brisanten Entwicklung im Land".split()
    path = tmp_path / "lang.txt"
    path.write_text(" ".join(words[i % len(words)] for i in range(100_000)) + ".\n", encoding="utf-8")
    run = score(tmp_path, str(path))
    assert run.exit_code == 0, run.stderr
    assert error_lines(run, "scored in chunks")
    assert " ".join(r["text"] for r in run.records).split() == path.read_text(encoding="utf-8").split()


def test_every_document_and_paragraph_is_accounted_for(tmp_path: Path) -> None:
    corpus = tmp_path / "korpus"
    corpus.mkdir()
    good_file(corpus, "a.txt")
    (corpus / "b.md").write_text("Eine Zeile.\nNoch eine Zeile.\nUnd eine dritte.\n", encoding="utf-8")
    (corpus / "c.txt").write_bytes(UMLAUT_TEXT.encode("cp1252"))
    (corpus / "d.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    (corpus / "e.txt").write_bytes(b"")
    (corpus / "f.html").write_text("<p>Erster Block.</p><div>Zweiter Block.</div>", encoding="utf-8")
    missing = str(tmp_path / "fehlt.txt")

    run = score(tmp_path, str(corpus), missing)
    read = [item for item in iter_documents([str(corpus), missing]) if not isinstance(item, Failure)]
    paragraphs_read = sum(len(split_paragraphs(doc)) for doc in read)
    assert len(run.records) == paragraphs_read == run.meta["summary"]["paragraphs_scored"]
    articles = score(tmp_path, str(corpus), missing, level="article")
    inputs = {str(p) for p in corpus.iterdir()} | {missing}
    assert articles.docs | set(articles.failed_sources) == inputs
    assert not articles.docs & set(articles.failed_sources)
    summary = articles.meta["summary"]
    assert summary["documents_scored"] + summary["documents_skipped"] + summary["documents_failed"] == len(inputs)
