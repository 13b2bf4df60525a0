"""Bytes -> clean text: BOM, UTF-8, charset detection for cp1252/latin-1 drafts, NFC, soft hyphens.

German web text arrives in every encoding and normal form; the rest of the pipeline may assume
NFC text with `\n` line ends, no soft hyphens and no stray control characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from biasscan.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats, so a PNG or a zip gets a precise message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"PK\x03\x04", "a zip archive (or docx/xlsx/odt)"),
    (b"%PDF", "a PDF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
)

# C0/C1 control characters except tab and newline; they break terminals and CSV readers.
# Also bidirectional marks, embeddings, overrides and isolates (U+200E/F, U+202A-E, U+2066-9) and
# stray byte-order marks: German text never needs them, and an override can make a terminal or a
# review tool show text in a different order than the one that was scored ("Trojan Source").
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SOFT_HYPHEN = "\u00ad"
_REPLACEMENT = "\ufffd"
LOSSY_UTF8 = "utf-8-lossy"  # UTF-8 with invalid bytes replaced by U+FFFD


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return (text, encoding). Raise InputError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalize(data[len(bom) :].decode(encoding)), encoding + "-bom"
            except UnicodeDecodeError as exc:
                raise InputError(f"{source}: invalid {encoding} after its byte-order mark ({exc.reason})") from None
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"{source}: binary file ({what}), not text")
    if b"\x00" in data[:65536]:
        raise InputError(f"{source}: binary file (contains NUL bytes), not text")
    try:
        return normalize(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    lossy = data.decode("utf-8", errors="replace")
    if _mostly_utf8(lossy):
        return normalize(lossy), LOSSY_UTF8
    encoding = _guess_legacy_encoding(data)
    return normalize(data.decode(encoding, errors="replace")), encoding


def _mostly_utf8(lossy: str) -> bool:
    """UTF-8 with a few broken bytes (a truncated download, a bad paste) stays UTF-8: decoding it as
    cp1252 would garble every umlaut. A cp1252 file read as UTF-8 yields replacement characters
    and almost no valid multi-byte characters, so comparing the two counts tells them apart."""
    replaced = lossy.count(_REPLACEMENT)
    valid_non_ascii = len(lossy) - len(lossy.encode("ascii", "ignore")) - replaced
    return valid_non_ascii > 0 and valid_non_ascii >= replaced


def _guess_legacy_encoding(data: bytes) -> str:
    """Charset detection for drafts saved by old editors; German text is nearly always cp1252."""
    from charset_normalizer import from_bytes  # imported only for non-UTF-8 input

    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]).best()
    if best is None:
        return "cp1252"
    name = best.encoding.replace("_", "-")
    # cp1252 is a superset of latin-1 for printable text; prefer it so € and „“ survive.
    return "cp1252" if name in ("latin-1", "iso8859-1") else name


def normalize(text: str) -> str:
    """NFC, `\n` line ends, no soft hyphens, no control or bidi-control characters."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _SOFT_HYPHEN in text:
        text = text.replace(_SOFT_HYPHEN, "")
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def looks_like_html(text: str) -> bool:
    """HTML pasted or saved as text is parsed into blocks (biasscan/html_text.py, which imports the
    stdlib's html.parser and is therefore imported only for HTML)."""
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or bool(re.search(r"<(p|div|body|article)[\s>]", head))
