"""Read input documents: text, HTML and JSON corpora, from files, folders and stdin.

This is the edge where bytes become :class:`~kg.model.Document` records. Everything a
later stage relies on is settled here, before a ``Document`` is returned, so that every
character offset in kg points into ``Document.text`` as returned:

- the encoding is found (BOM, UTF-8, UTF-16/32, then Windows-1256 or ISO-8859-6 detected
  with charset-normalizer) and the BOM is stripped;
- line endings become ``\\n``, the text is NFC-normalised, and stray control characters
  become spaces (vertical tab and form feed become ``\\n``);
- HTML is reduced to its visible text with the stdlib :mod:`html.parser` (scripts, styles,
  ``noscript`` and ``template`` dropped, block elements on their own lines).

Bad input never stops a corpus: :func:`iter_inputs` yields a :class:`Skipped` record that
names the file (and line) and the reason, and goes on. :func:`read_document` reads one
file and raises :class:`~kg.errors.InputError` instead.

Limits (keyword arguments, defaults below):

- ``max_chars`` (:data:`MAX_CHARS`, 5,000,000 characters, about 10 MB of Arabic UTF-8):
  the longest document text accepted. A text or HTML file larger than ``4 * max_chars``
  bytes is skipped before it is read; a JSON Lines line longer than ``6 * max_chars``
  bytes (the worst case of ``\\uXXXX`` escapes) is skipped without being parsed.
- ``max_line_chars`` (:data:`MAX_LINE_CHARS`, 1,000,000 characters): the longest line
  accepted. A news article is a few thousand characters; a line of a million is machine
  data (minified markup, base64, a dump) and would make sentence splitting and rule
  matching slow.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any, Literal, TextIO

from charset_normalizer import from_bytes

from kg.errors import InputError
from kg.model import Document

__all__ = [
    "MAX_CHARS",
    "MAX_LINE_CHARS",
    "Skipped",
    "iter_inputs",
    "read_document",
]

MAX_CHARS = 5_000_000
"""Default longest document text, in characters."""

MAX_LINE_CHARS = 1_000_000
"""Default longest single line of a document, in characters."""

STDIN_ID = "stdin"
"""Document id of a document read from standard input (``path == "-"``)."""

STDIN_SOURCE = "<stdin>"
"""Source and skip path of standard input."""

_Format = Literal["text", "html", "jsonl", "json"]

_SUFFIXES: dict[str, _Format] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
}

_BYTES_PER_CHAR = 4  # UTF-8/UTF-16/UTF-32 never need more per character
_JSON_BYTES_PER_CHAR = 6  # "\u0627" escapes
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
_SAMPLE = 1 << 16
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
_DATE = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_HTML_SNIFF = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.I
)


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that was not read, and why.

    Attributes:
        path: the file (or ``<stdin>``) as it was found.
        reason: why it was skipped, a phrase such as ``"no Arabic text"``.
        line: the line of a JSON Lines record, or where a text problem was found.
    """

    path: str
    reason: str
    line: int | None = None


class _Reject(Exception):
    """Internal: input is bad for ``reason`` (at ``line``); becomes Skipped or InputError."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


@dataclass(frozen=True, slots=True)
class _Limits:
    max_chars: int
    max_line_chars: int


# --------------------------------------------------------------------------- public API


def iter_inputs(
    paths: Sequence[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
    max_line_chars: int = MAX_LINE_CHARS,
) -> Iterator[Document | Skipped]:
    """Yield documents in a deterministic order (sorted paths; corpus lines in file order).

    Arguments are read in the order given. A folder is walked recursively and its files
    are read sorted by relative path; hidden files and folders (names starting with
    ``.``) are left out. In a folder, files are taken by extension (``.txt``, ``.html``,
    ``.htm``, ``.xhtml``, ``.jsonl``, ``.ndjson``, ``.json``) unless ``include`` is
    given, in which case exactly the files matching an ``include`` glob are taken (an
    unknown extension is then read as text). ``exclude`` globs then remove files; a
    glob without ``/`` matches any single name (``drafts``, ``*.bak``), one with ``/``
    the whole path relative to the folder (``2023/**/*.html``). Files named directly
    are always read, whatever their extension (unknown ones as text), and ``"-"`` is
    standard input (JSON Lines or HTML when it looks like them, else text).

    Document ids: a file's path relative to the folder argument it was found under
    (``/``-separated, NFC), or its name when given directly; ``stdin`` for standard
    input; a JSON record's ``"id"``, else ``FILE:LINE`` with FILE the id of its file.
    A document whose id was already seen is skipped.

    Args:
        paths: files, folders, or ``"-"`` for standard input.
        include: globs selecting which files of a folder are read.
        exclude: globs of files or folders (inside folder arguments) not to read.
        stdin: the stream ``"-"`` reads (default ``sys.stdin``); its binary ``buffer``
            is used when it has one so the encoding can be detected.
        max_chars: the longest document text accepted, in characters.
        max_line_chars: the longest line accepted, in characters.

    Yields:
        A :class:`~kg.model.Document` per readable document, a :class:`Skipped` per
        input that was not read. Never raises on bad input.
    """
    limits = _Limits(max_chars=max_chars, max_line_chars=max_line_chars)
    seen: dict[str, str] = {}
    stdin_read = False
    for arg in paths:
        found: Iterable[tuple[Document, str, int | None] | Skipped]
        if str(arg) == "-":
            if stdin_read:
                found = [Skipped(STDIN_SOURCE, "standard input was already read")]
            else:
                stdin_read = True
                found = _iter_stdin(stdin if stdin is not None else sys.stdin, limits)
        else:
            found = _iter_arg(Path(arg), include=include, exclude=exclude, limits=limits)
        for item in found:
            if isinstance(item, Skipped):
                yield item
                continue
            doc, where, line = item
            first = seen.get(doc.id)
            if first is not None:
                yield Skipped(
                    where, f"duplicate document id {doc.id!r} (first read from {first})", line
                )
                continue
            seen[doc.id] = where if line is None else f"{where}:{line}"
            yield doc


def read_document(
    path: str | Path,
    *,
    doc_id: str | None = None,
    max_chars: int = MAX_CHARS,
    max_line_chars: int = MAX_LINE_CHARS,
) -> Document:
    """Read one text or HTML file (HTML by its ``.html``/``.htm``/``.xhtml`` extension).

    Args:
        path: the file.
        doc_id: the document id (default: the file's name, NFC).
        max_chars: the longest document text accepted, in characters.
        max_line_chars: the longest line accepted, in characters.

    Returns:
        The document, its text normalised as described in :mod:`kg.readers`.

    Raises:
        InputError: the file is missing, unreadable, empty, binary, undecodable, too
            large, has no Arabic text, or is a JSON corpus (read those with
            :func:`iter_inputs`).
    """
    path = Path(path)
    fmt = _format_of(path, explicit=True) or "text"
    if fmt in ("json", "jsonl"):
        raise InputError(path, "is a JSON corpus of many documents; read it with iter_inputs")
    limits = _Limits(max_chars=max_chars, max_line_chars=max_line_chars)
    ident = doc_id if doc_id is not None else _nfc(path.name)
    try:
        return _read_file(path, fmt, doc_id=ident, limits=limits)
    except _Reject as err:
        raise InputError(path, err.reason, line=err.line) from None


# ------------------------------------------------------------------------- paths, folders


def _format_of(path: Path, *, explicit: bool) -> _Format | None:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None and explicit:
        return "text"
    return fmt


def _iter_arg(
    path: Path, *, include: Sequence[str], exclude: Sequence[str], limits: _Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as err:  # e.g. a name too long, a loop of symlinks
        yield Skipped(str(path), _os_reason(err))
        return
    if not exists:
        yield Skipped(str(path), "no such file or directory")
        return
    if not is_dir:
        fmt = _format_of(path, explicit=True) or "text"
        yield from _iter_file(path, fmt, doc_id=_nfc(path.name), limits=limits)
        return
    includes = [_compile_glob(g) for g in include]
    excludes = [_compile_glob(g) for g in exclude]
    for parts, entry in _walk(path):
        if isinstance(entry, Skipped):
            yield entry
            continue
        if any(_glob_matches(g, parts) for g in excludes):
            continue
        if includes:
            if not any(_glob_matches(g, parts, whole_only=True) for g in includes):
                continue
            fmt = _format_of(entry, explicit=True) or "text"
        else:
            found = _format_of(entry, explicit=False)
            if found is None:
                continue
            fmt = found
        yield from _iter_file(entry, fmt, doc_id=_nfc("/".join(parts)), limits=limits)


def _walk(root: Path) -> list[tuple[tuple[str, ...], Path | Skipped]]:
    """All regular files under ``root`` (hidden ones left out), sorted by relative path.

    Iterative, so any depth is fine; symlinked folders are not followed (no loops).
    """
    found: list[tuple[tuple[str, ...], Path | Skipped]] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as err:
            found.append((parts, Skipped(str(folder), f"cannot list folder: {_os_reason(err)}")))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            sub = (*parts, entry.name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((folder / entry.name, sub))
                elif entry.is_file():
                    found.append((sub, folder / entry.name))
            except OSError as err:
                found.append((sub, Skipped(str(folder / entry.name), _os_reason(err))))
    found.sort(key=lambda item: item[0])
    return found


def _compile_glob(pattern: str) -> tuple[re.Pattern[str], bool]:
    """Translate a glob (``*``, ``?``, ``[...]``, ``**``) to a regex; say if it has a ``/``."""
    pattern = pattern.strip("/")
    anchored = "/" in pattern
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[" and (close := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : close]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append("[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]")
            i = close + 1
        else:
            out.append(re.escape(c))
            i += 1
    return re.compile("".join(out), re.S), anchored


def _glob_matches(
    glob: tuple[re.Pattern[str], bool], parts: tuple[str, ...], *, whole_only: bool = False
) -> bool:
    """Match a file's relative path: a name glob any component (or the file name alone
    when ``whole_only``), a path glob the whole path or, unless ``whole_only``, a folder."""
    regex, anchored = glob
    if anchored:
        stops = [len(parts)] if whole_only else range(1, len(parts) + 1)
        return any(regex.fullmatch("/".join(parts[:k])) for k in stops)
    names = parts[-1:] if whole_only else parts
    return any(regex.fullmatch(name) for name in names)


# ------------------------------------------------------------------------------ reading


def _iter_file(
    path: Path, fmt: _Format, *, doc_id: str, limits: _Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    where = str(path)
    if fmt in ("jsonl", "json"):
        try:
            with path.open("rb") as stream:
                if fmt == "jsonl":
                    yield from _iter_jsonl(stream, where=where, file_id=doc_id, limits=limits)
                else:
                    yield from _iter_json(stream.read(), where=where, file_id=doc_id, limits=limits)
        except OSError as err:
            yield Skipped(where, _os_reason(err))
        return
    try:
        yield _read_file(path, fmt, doc_id=doc_id, limits=limits), where, None
    except _Reject as err:
        yield Skipped(where, err.reason, err.line)


def _read_file(path: Path, fmt: _Format, *, doc_id: str, limits: _Limits) -> Document:
    limit = _BYTES_PER_CHAR * limits.max_chars
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise _Reject(_os_reason(err)) from None
    if len(data) > limit:
        raise _Reject(f"file is over {limit} bytes, too large for max_chars={limits.max_chars}")
    return _document_from_bytes(data, fmt, doc_id=doc_id, source=str(path), limits=limits)


def _document_from_bytes(
    data: bytes, fmt: _Format, *, doc_id: str, source: str, limits: _Limits
) -> Document:
    if not data:
        raise _Reject("empty file")
    if fmt == "html":
        raw = _decode(data, hint=_html_charset(data))
        text, title, published = _html_to_text(raw)
        return Document(
            id=doc_id, text=_clean(text, limits), source=source, title=title, date=published
        )
    return Document(id=doc_id, text=_clean(_decode(data), limits), source=source)


def _iter_stdin(
    stream: TextIO, limits: _Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data = bytes(buffer.read())
        else:
            data = stream.read().encode("utf-8", "surrogatepass")
    except (OSError, UnicodeError) as err:
        yield Skipped(STDIN_SOURCE, f"cannot read standard input: {err}")
        return
    head = data[:_SAMPLE].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        yield from _iter_jsonl(
            io.BytesIO(data), where=STDIN_SOURCE, file_id=STDIN_ID, limits=limits
        )
        return
    fmt: _Format = "html" if _HTML_SNIFF.match(head) else "text"
    try:
        doc = _document_from_bytes(data, fmt, doc_id=STDIN_ID, source=STDIN_SOURCE, limits=limits)
    except _Reject as err:
        yield Skipped(STDIN_SOURCE, err.reason, err.line)
        return
    yield doc, STDIN_SOURCE, None


# ------------------------------------------------------------------------------ decoding


def _decode(data: bytes, *, hint: str | None = None) -> str:
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
            raise _Reject(f"binary content (looks like {what})")
    nul = data.find(b"\x00")
    if nul >= 0:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return _decode_strict(data, utf16)
        if _looks_binary(data):
            raise _Reject("binary content")
        raise _Reject("contains a NUL byte", _line_at(data, nul))
    if _looks_binary(data):
        raise _Reject("binary content")
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
            raise _Reject(_utf8_error(err, data), _line_at(data, err.start)) from None
    best = from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        raise _Reject("undecodable: not UTF-8, UTF-16, Windows-1256 or ISO-8859-6")
    return str(best)


def _decode_strict(data: bytes, codec: str, *, offset: int = 0) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        name = codec[:6].upper()  # UTF-8, UTF-16, UTF-32
        if err.end >= len(data) and ("end of data" in err.reason or "truncated" in err.reason):
            raise _Reject(f"invalid {name}: truncated at the end of the file") from None
        raise _Reject(f"invalid {name} at byte {err.start + offset}") from None


def _utf8_error(err: UnicodeDecodeError, data: bytes) -> str:
    if err.end >= len(data) and "end of data" in err.reason:
        return "invalid UTF-8: truncated multibyte sequence at the end of the file"
    return f"invalid UTF-8: byte 0x{data[err.start]:02X} at offset {err.start} ({err.reason})"


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: Arabic/ASCII text has NULs in only odd (LE) or even (BE) bytes."""
    if len(data) % 2:
        return None
    sample = data[: _SAMPLE * 2]
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
    sample = data[:_SAMPLE]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return _too_many_controls(controls, len(sample))


def _too_many_controls(controls: int, length: int) -> bool:
    """Binary: over 1% control characters, and more than the odd stray one or two."""
    return controls > 2 and controls * 100 > length


def _line_at(data: bytes | str, index: int) -> int:
    if isinstance(data, bytes):
        return data.count(b"\n", 0, index) + 1
    return data.count("\n", 0, index) + 1


def _clean(text: str, limits: _Limits) -> str:
    """Normalise decoded text and check it; every later offset points into the result."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if len(text) > limits.max_chars:
        raise _Reject(f"text is {len(text)} characters, over max_chars={limits.max_chars}")
    nul = text.find("\x00")
    if nul >= 0:
        raise _Reject("contains a NUL character", _line_at(text, nul))
    surrogate = _SURROGATE.search(text)
    if surrogate:
        raise _Reject(
            "contains unpaired surrogates (invalid Unicode)", _line_at(text, surrogate.start())
        )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.rstrip("\x1a")  # DOS end-of-file mark
    controls = len(_CONTROL_CHARS.findall(text[:_SAMPLE]))
    if _too_many_controls(controls, min(len(text), _SAMPLE)):
        raise _Reject("binary content (control characters)")
    if _CONTROL_CHARS.search(text):
        text = text.translate(_CONTROL_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise _Reject("no text (only whitespace)")
    long_line = _long_line(text, limits.max_line_chars)
    if long_line is not None:
        line, length = long_line
        raise _Reject(
            f"a line is {length} characters, over max_line_chars={limits.max_line_chars}", line
        )
    if not _ARABIC_LETTER.search(text):
        raise _Reject("no Arabic text")
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


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _os_reason(err: OSError) -> str:
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or str(err)).lower()


def _parse_date(value: str) -> date | None:
    match = _DATE.match(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------- HTML


def _html_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` declares in the first 4 KB, as a Python codec name."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # HTML: a UTF-16 label in an ASCII-compatible document means UTF-8; Latin-1 means 1252.
    return {"utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8"}.get(name, name)


_DROP = frozenset({"script", "style", "noscript", "template"})
# fmt: off
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)
_DATE_META = frozenset(
    {
        "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
        "dcterms.date", "dcterms.issued", "pubdate", "publishdate", "og:published_time",
    }
)
# fmt: on
_BREAK = "\n"


class _TextExtractor(HTMLParser):
    """Collects visible text, the first ``<title>`` and a publication date from ``<meta>``.

    Only counters are kept (no element stack), so any nesting depth is fine and unclosed
    or stray tags are harmless.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.title: str | None = None
        self.published: date | None = None
        self._drop = 0
        self._pre = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.title is None:
            self._in_title = True
        elif tag in _DROP:
            self._drop += 1
        elif tag == "meta":
            self._meta(dict(attrs))
        if tag in _BLOCK:
            self._end_title()
            self.parts.append(_BREAK)
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        if tag in _BLOCK:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._end_title()
        elif tag in _DROP:
            self._drop = max(0, self._drop - 1)
        if tag in _BLOCK:
            self.parts.append(_BREAK)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        if self._in_title:
            self.title_parts.append(data)
        elif self._pre:
            self.parts.append(data)
        else:
            self.parts.append(_HTML_WS.sub(" ", data))

    def _end_title(self) -> None:
        if self._in_title:
            self._in_title = False
            title = _HTML_WS.sub(" ", "".join(self.title_parts)).strip()
            self.title = _nfc(title) if title else None

    def _meta(self, attrs: dict[str, str | None]) -> None:
        if self.published is not None:
            return
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
        content = attrs.get("content")
        if key.lower() in _DATE_META and content:
            self.published = _parse_date(content)

    def text(self) -> str:
        self._end_title()
        lines = (line.strip(" ") for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def _html_to_text(html: str) -> tuple[str, str | None, date | None]:
    """Visible text, title and publication date of an HTML document."""
    parser = _TextExtractor()
    try:
        parser.feed(_defuse_html(html))
        parser.close()
    except Exception as err:  # html.parser is lenient; any failure here is bad markup
        raise _Reject(f"malformed HTML ({type(err).__name__}: {err})") from None
    return parser.text(), parser.title, parser.published


_RAW_TEXT_OPEN = re.compile(r"<(script|style)(?=[\s/>])", re.I)
_RAW_TEXT_CLOSE = {
    "script": re.compile(r"</script[\s/>]", re.I),
    "style": re.compile(r"</style[\s/>]", re.I),
}


def _defuse_html(html: str) -> str:
    """Make markup safe for :mod:`html.parser` in linear time.

    On some malformed input (``"<a" * 100_000``, repeated ``</`` or ``<![CDATA[`` with no
    end) html.parser rescans to the end of the document for every ``<`` and takes
    minutes. This pass removes comments, ``<script>``/``<style>`` elements and marked
    sections (none of which carry visible text), and turns every other ``<`` that does
    not open a tag closed by ``>`` before the next ``<`` into ``&lt;``. Well-formed
    markup is otherwise passed through unchanged.
    """
    out: list[str] = []
    i, n = 0, len(html)
    next_gt = -2  # cached position of the next ">" (-1: none left)
    while i < n:
        lt = html.find("<", i)
        if lt < 0:
            out.append(html[i:])
            break
        out.append(html[i:lt])
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            if end < 0:
                break  # an unclosed comment runs to the end of the document
            i = end + 3
            continue
        raw = _RAW_TEXT_OPEN.match(html, lt)
        if raw is not None:
            close = _RAW_TEXT_CLOSE[raw[1].lower()].search(html, raw.end())
            if close is None:
                break  # unclosed script or style: the rest is raw text
            gt = html.find(">", close.end() - 1)
            i = n if gt < 0 else gt + 1
            continue
        if next_gt != -1 and next_gt <= lt:
            next_gt = html.find(">", lt + 1)
        next_lt = html.find("<", lt + 1)
        after = html[lt + 1 : lt + 2]
        opens = after != "" and ((after.isascii() and after.isalpha()) or after in "/!?")
        closed = next_gt > lt and (next_lt < 0 or next_gt < next_lt)
        if opens and closed:
            if html.startswith("<![", lt):  # CDATA or a marked section: dropped
                i = next_gt + 1
                continue
            out.append(html[lt : next_gt + 1])
            i = next_gt + 1
        else:
            out.append("&lt;")
            i = lt + 1
    return "".join(out)


# ---------------------------------------------------------------------------------- JSON


def _iter_jsonl(
    stream: IO[bytes], *, where: str, file_id: str, limits: _Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    """Records of a seekable JSON Lines stream, one per non-blank line, in file order."""
    limit = _JSON_BYTES_PER_CHAR * limits.max_chars
    head = stream.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # rare: UTF-16/32 (a UTF-32-LE BOM starts like UTF-16-LE); decode it all at once
        try:
            text = _decode(head + stream.read())
        except _Reject as err:
            yield Skipped(where, err.reason, err.line)
            return
        for number, raw in enumerate(text.split("\n"), start=1):
            yield from _jsonl_record(raw, number, where=where, file_id=file_id, limits=limits)
        return
    stream.seek(len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
    number = 0
    while True:
        number += 1
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest of the line without keeping it
                chunk = stream.readline(1 << 20)
                if not chunk or chunk.endswith(b"\n"):
                    break
            yield Skipped(
                where,
                f"line is over {limit} bytes, too long for max_chars={limits.max_chars}",
                number,
            )
            continue
        if not line.strip():
            continue
        try:
            raw = line.decode("utf-8")
        except UnicodeDecodeError as err:
            yield Skipped(where, _utf8_error(err, line.rstrip(b"\r\n")), number)
            continue
        yield from _jsonl_record(raw, number, where=where, file_id=file_id, limits=limits)


def _jsonl_record(
    raw: str, number: int, *, where: str, file_id: str, limits: _Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    if not raw.strip():
        return
    try:
        value = json.loads(raw.rstrip("\r\n"))
    except json.JSONDecodeError as err:
        yield Skipped(where, f"invalid JSON: {err.msg} (column {err.colno})", number)
        return
    except (ValueError, RecursionError) as err:
        yield Skipped(where, f"invalid JSON: {err}", number)
        return
    try:
        doc = _record(
            value, fallback_id=f"{file_id}:{number}", source=f"{where}:{number}", limits=limits
        )
    except _Reject as err:
        yield Skipped(where, err.reason, number)
        return
    yield doc, where, number


def _iter_json(
    data: bytes, *, where: str, file_id: str, limits: _Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    """A ``.json`` file: an array of records, one record, or (if it is one) JSON Lines."""
    if not data.strip():
        yield Skipped(where, "empty file")
        return
    try:
        text = _decode_json(data)
    except _Reject as err:
        yield Skipped(where, err.reason, err.line)
        return
    decoder = json.JSONDecoder()
    i = _skip_ws(text, 0)
    if not text.startswith("[", i):
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"invalid JSON: {err.msg} (column {err.colno})", err.lineno)
            return
        except (ValueError, RecursionError) as err:
            yield Skipped(where, f"invalid JSON: {err}")
            return
        if _skip_ws(text, end) < len(text):  # more values after the first: JSON Lines
            yield from _iter_jsonl(io.BytesIO(data), where=where, file_id=file_id, limits=limits)
            return
        try:
            doc = _record(value, fallback_id=file_id, source=where, limits=limits)
        except _Reject as err:
            yield Skipped(where, err.reason)
            return
        yield doc, where, None
        return
    i = _skip_ws(text, i + 1)
    line, counted = 1, 0
    while i < len(text) and text[i] != "]":
        line += text.count("\n", counted, i)
        counted = i
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as err:
            yield Skipped(where, f"invalid JSON: {err.msg} (column {err.colno})", err.lineno)
            return
        except (ValueError, RecursionError) as err:
            yield Skipped(where, f"invalid JSON: {err}", line)
            return
        try:
            doc = _record(
                value, fallback_id=f"{file_id}:{line}", source=f"{where}:{line}", limits=limits
            )
        except _Reject as err:
            yield Skipped(where, err.reason, line)
        else:
            yield doc, where, line
        i = _skip_ws(text, end)
        if text.startswith(",", i):
            i = _skip_ws(text, i + 1)
        elif not text.startswith("]", i):
            line += text.count("\n", counted, i)
            yield Skipped(where, "invalid JSON: expected ',' or ']' after a record", line)
            return
    if i >= len(text):
        yield Skipped(where, "invalid JSON: the array is not closed", line)


def _decode_json(data: bytes) -> str:
    """JSON text is UTF-8 (RFC 8259); a UTF-8/16/32 BOM is honoured and stripped."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _Reject(_utf8_error(err, data), _line_at(data, err.start)) from None


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    return i


def _record(value: object, *, fallback_id: str, source: str, limits: _Limits) -> Document:
    """A JSON record ``{"id", "text", "title", "url", "date"}`` as a Document."""
    if not isinstance(value, dict):
        raise _Reject(f"record is a JSON {type(value).__name__}, not an object")
    text = value.get("text")
    if not isinstance(text, str):
        raise _Reject('record has no "text" string')
    raw_id = value.get("id")
    if raw_id is None:
        doc_id = fallback_id
    elif isinstance(raw_id, str) and raw_id.strip():
        doc_id = _checked(_nfc(raw_id), "id")
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        raise _Reject(f'"id" must be a non-empty string or an integer, not {raw_id!r:.40}')
    title = _optional_str(value, "title")
    url = _optional_str(value, "url")
    raw_date = _optional_str(value, "date")
    published = None
    if raw_date is not None:
        published = _parse_date(raw_date)
        if published is None:
            raise _Reject(f'"date" {raw_date!r:.40} is not a date (YYYY-MM-DD)')
    try:
        clean = _clean(text, limits)
    except _Reject as err:
        raise _Reject(f"text: {err.reason}") from None
    if title is not None:
        title = _HTML_WS.sub(" ", _nfc(_checked(title, "title"))).strip() or None
    if url is not None:
        url = _checked(url, "url")
    return Document(id=doc_id, text=clean, source=url or source, title=title, date=published)


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise _Reject(f"{key!r} must be a string, not {type(value).__name__}")


def _checked(value: str, key: str) -> str:
    """``value`` unless it holds control characters or unpaired surrogates."""
    if _CONTROL_CHARS.search(value.replace("\t", " ")) or _SURROGATE.search(value):
        raise _Reject(f"{key!r} contains control characters or invalid Unicode")
    return value
