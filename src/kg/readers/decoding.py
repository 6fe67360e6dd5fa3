"""Bytes to document text: the encoding found, the text normalised and checked.

Every character offset in kg points into the text :func:`clean` returns.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from kg.readers.records import Limits, Reject

_LEGACY_ENCODINGS = ["cp1256", "iso8859_6"]
_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX, XLSX, EPUB)"),
    (b"\x1f\x8b", "a gzip file"),
    (b"BZh", "a bzip2 file"),
    (b"\xfd7zXZ\x00", "an xz file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office 97-2003 file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
SAMPLE = 1 << 16
# C0 controls but \t \n \v \f \r, DEL and the C1 block; \x1a (Ctrl-Z, DOS end of file) too.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CONTROL_TABLE = {
    **{c: " " for c in (*range(0x01, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))},
    0x0B: "\n",
    0x0C: "\n",
}
_SURROGATE = re.compile("[\ud800-\udfff]")
_ARABIC_LETTER = re.compile(
    "[\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc"
    "\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdfb\ufe70-\ufefc]"
)


def decode(data: bytes, *, hint: str | None = None) -> str:
    """Bytes to text: BOM, declared charset (``hint``), UTF-8, then Arabic code pages."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], codec, offset=len(bom))
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise Reject(f"binary content (looks like {what})")
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return _decode_strict(data, utf16)
        if _looks_binary(data):
            raise Reject("binary content")
        raise Reject("contains a NUL byte", line_at(data, nul))
    if _looks_binary(data):
        raise Reject("binary content")
    if hint is not None:
        try:
            text = data.decode(hint)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if _ARABIC_LETTER.search(text):
                return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        lenient = data.decode("utf-8", "replace")
        bad = lenient.count("\ufffd")
        good = sum(1 for ch in lenient if ch > "\x7f") - bad
        if good > bad:  # mostly UTF-8: a damaged file, not another encoding
            raise Reject(utf8_error(err, data), line_at(data, err.start)) from None
    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        raise Reject("undecodable: not UTF-8, UTF-16, Windows-1256 or ISO-8859-6")
    return str(best)


def _decode_strict(data: bytes, codec: str, *, offset: int = 0) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        name = codec[:6].upper()  # UTF-8, UTF-16, UTF-32
        if err.end >= len(data) and ("end of data" in err.reason or "truncated" in err.reason):
            raise Reject(f"invalid {name}: truncated at the end of the file") from None
        raise Reject(f"invalid {name} at byte {err.start + offset}") from None


def utf8_error(err: UnicodeDecodeError, data: bytes) -> str:
    if err.end >= len(data) and "end of data" in err.reason:
        return "invalid UTF-8: truncated multibyte sequence at the end of the file"
    return f"invalid UTF-8: byte 0x{data[err.start]:02X} at offset {err.start} ({err.reason})"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Arabic/ASCII text has NULs in only odd (LE) or even (BE) bytes."""
    if len(data) % 2:
        return None
    sample = data[: SAMPLE * 2]
    odd_nuls = sample[1::2].count(0)
    even_nuls = sample[0::2].count(0)
    half = len(sample) // 2
    if even_nuls == 0 and odd_nuls * 10 >= half:
        codec = "utf-16-le"
    elif odd_nuls == 0 and even_nuls * 10 >= half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if _ARABIC_LETTER.search(text) else None


def _looks_binary(data: bytes) -> bool:
    """Too many control bytes (other than tab, newlines and form feed) in the start."""
    sample = data[:SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return _too_many_controls(controls, len(sample))


def _too_many_controls(controls: int, length: int) -> bool:
    """Binary: over 1% control characters, and more than the odd stray one or two."""
    return controls > 2 and controls * 100 > length


def line_at(data: bytes | str, index: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, index) + 1
    return data.count("\n", 0, index) + 1


def clean(text: str, limits: Limits) -> str:
    """Normalise decoded text and check it; every later offset points into the result."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > limits.max_chars:
        raise Reject(f"text is {len(text)} characters, over max_chars={limits.max_chars}")
    nul = text.find("\x00")
    if nul >= 0:
        raise Reject("contains a NUL character", line_at(text, nul))
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise Reject(
            "contains unpaired surrogates (invalid Unicode)", line_at(text, surrogate.start())
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.rstrip("\x1a")  # DOS end-of-file mark
    controls = len(_CONTROL_CHARS.findall(text[:SAMPLE]))
    if _too_many_controls(controls, min(len(text), SAMPLE)):
        raise Reject("binary content (control characters)")
    if _CONTROL_CHARS.search(text):
        text = text.translate(_CONTROL_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise Reject("no text (only whitespace)")
    long_line = _long_line(text, limits.max_line_chars)
    if long_line is not None:
        line, length = long_line
        raise Reject(
            f"a line is {length} characters, over max_line_chars={limits.max_line_chars}", line
        )
    if not _ARABIC_LETTER.search(text):
        raise Reject("no Arabic text")
    return text


def _long_line(text: str, limit: int) -> tuple[int, int] | None:
    """The first line longer than ``limit`` as (line number, length), if any."""
    if len(text) <= limit:
        return None
    start, line, n = 0, 1, len(text)
    while start <= n:
        end = text.find("\n", start)
        if end < 0:
            end = n
        if end - start > limit:
            return line, end - start
        start, line = end + 1, line + 1
    return None


def checked(value: str, key: str) -> str:
    """``value`` unless it holds control characters or unpaired surrogates."""
    if _CONTROL_CHARS.search(value.replace("\t", " ")) or _SURROGATE.search(value):
        raise Reject(f"{key!r} contains control characters or invalid Unicode")
    return value
