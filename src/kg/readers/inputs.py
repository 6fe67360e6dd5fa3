"""Input discovery: files, folders and standard input to documents, in a fixed order.

:func:`iter_inputs` reads a corpus and never raises on bad input; :func:`read_document`
reads one file and raises :class:`~kg.errors.InputError`.
"""

from __future__ import annotations

import gzip
import io
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, closing, nullcontext
from pathlib import Path
from typing import IO, Literal, TextIO, cast

from kg.errors import InputError
from kg.model import Document
from kg.readers.corpora import iter_json, iter_jsonl
from kg.readers.decoding import SAMPLE, clean, decode
from kg.readers.folders import compile_glob, glob_matches, walk
from kg.readers.markup import html_charset, html_to_text
from kg.readers.records import (
    MAX_CHARS,
    MAX_LINE_CHARS,
    Limits,
    Reject,
    Skipped,
    nfc,
    os_reason,
)

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

#: Suffixes of the gzip-compressed corpora read as a stream (``shard.jsonl.gz``).
_GZIP = ".gz"

_BYTES_PER_CHAR = 4  # UTF-8/UTF-16/UTF-32 never need more per character
_HTML_SNIFF = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|meta|title|article|div|p)[\s>/]", re.I
)


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
    ``.htm``, ``.xhtml``, ``.jsonl``, ``.ndjson``, ``.json``, and the gzip-compressed
    corpora ``.jsonl.gz``, ``.ndjson.gz``, ``.json.gz``, read as a stream) unless ``include`` is
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
    for item in iter_found(
        paths,
        include=include,
        exclude=exclude,
        stdin=stdin,
        max_chars=max_chars,
        max_line_chars=max_line_chars,
    ):
        yield item if isinstance(item, Skipped) else item[0]


def iter_found(
    paths: Sequence[str | Path],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    stdin: TextIO | None = None,
    max_chars: int = MAX_CHARS,
    max_line_chars: int = MAX_LINE_CHARS,
) -> Iterator[tuple[Document, str] | Skipped]:
    """:func:`iter_inputs`, each document with the file it was read from (a JSON corpus'
    path for each of its records; ``<stdin>``)."""
    limits = Limits(max_chars=max_chars, max_line_chars=max_line_chars)
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
            yield doc, where


def is_corpus_file(where: str) -> bool:
    """Whether documents read from ``where`` (a path, or ``<stdin>``) came from a corpus of
    many (JSON Lines or JSON, compressed or not; standard input) rather than their own file."""
    return where == STDIN_SOURCE or _format_of(Path(where), explicit=False) in ("jsonl", "json")


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
    limits = Limits(max_chars=max_chars, max_line_chars=max_line_chars)
    ident = doc_id if doc_id is not None else nfc(path.name)
    try:
        return _read_file(path, fmt, doc_id=ident, limits=limits)
    except Reject as err:
        raise InputError(path, err.reason, line=err.line) from None


def _format_of(path: Path, *, explicit: bool) -> _Format | None:
    suffix = path.suffix.lower()
    if suffix == _GZIP:  # JSON corpora may be compressed: read as a stream
        fmt = _SUFFIXES.get(path.with_suffix("").suffix.lower())
        return fmt if fmt in ("jsonl", "json") else ("text" if explicit else None)
    fmt = _SUFFIXES.get(suffix)
    if fmt is None and explicit:
        return "text"
    return fmt


def _iter_arg(
    path: Path, *, include: Sequence[str], exclude: Sequence[str], limits: Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    try:
        is_dir = path.is_dir()
        exists = is_dir or path.exists()
    except OSError as err:  # e.g. a name too long, a loop of symlinks
        yield Skipped(str(path), os_reason(err))
        return
    if not exists:
        yield Skipped(str(path), "no such file or directory")
        return
    if not is_dir:
        fmt = _format_of(path, explicit=True) or "text"
        yield from _iter_file(path, fmt, doc_id=nfc(path.name), limits=limits)
        return
    includes = [compile_glob(g) for g in include]
    excludes = [compile_glob(g) for g in exclude]
    for parts, entry in walk(path):
        if isinstance(entry, Skipped):
            yield entry
            continue
        if any(glob_matches(g, parts) for g in excludes):
            continue
        if includes:
            if not any(glob_matches(g, parts, whole_only=True) for g in includes):
                continue
            fmt = _format_of(entry, explicit=True) or "text"
        else:
            found = _format_of(entry, explicit=False)
            if found is None:
                continue
            fmt = found
        yield from _iter_file(entry, fmt, doc_id=nfc("/".join(parts)), limits=limits)


def _iter_file(
    path: Path, fmt: _Format, *, doc_id: str, limits: Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    where = str(path)
    if fmt in ("jsonl", "json"):
        compressed = path.suffix.lower() == _GZIP
        try:
            with path.open("rb") as raw, _opened(raw, compressed) as stream:
                if fmt == "jsonl":
                    yield from iter_jsonl(stream, where=where, file_id=doc_id, limits=limits)
                else:
                    yield from iter_json(stream.read(), where=where, file_id=doc_id, limits=limits)
        except (EOFError, zlib.error, gzip.BadGzipFile) as err:
            yield Skipped(
                where, f"cannot decompress (gzip): {err}; the records before it were read"
            )
        except OSError as err:
            yield Skipped(where, os_reason(err))
        return
    try:
        yield _read_file(path, fmt, doc_id=doc_id, limits=limits), where, None
    except Reject as err:
        yield Skipped(where, err.reason, err.line)


def _opened(raw: IO[bytes], compressed: bool) -> AbstractContextManager[IO[bytes]]:
    """``raw``, or its gzip-decompressed stream when ``compressed``."""
    if compressed:
        return closing(cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb")))
    return nullcontext(raw)


def _read_file(path: Path, fmt: _Format, *, doc_id: str, limits: Limits) -> Document:
    limit = _BYTES_PER_CHAR * limits.max_chars
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as err:
        raise Reject(os_reason(err)) from None
    if len(data) > limit:
        raise Reject(f"file is over {limit} bytes, too large for max_chars={limits.max_chars}")
    return _document_from_bytes(data, fmt, doc_id=doc_id, source=str(path), limits=limits)


def _document_from_bytes(
    data: bytes, fmt: _Format, *, doc_id: str, source: str, limits: Limits
) -> Document:
    if not data:
        raise Reject("empty file")
    if fmt == "html":
        raw = decode(data, hint=html_charset(data))
        text, title, published = html_to_text(raw)
        return Document(
            id=doc_id, text=clean(text, limits), source=source, title=title, date=published
        )
    return Document(id=doc_id, text=clean(decode(data), limits), source=source)


def _iter_stdin(
    stream: TextIO, limits: Limits
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
    head = data[:SAMPLE].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        yield from iter_jsonl(io.BytesIO(data), where=STDIN_SOURCE, file_id=STDIN_ID, limits=limits)
        return
    fmt: _Format = "html" if _HTML_SNIFF.match(head) else "text"
    try:
        doc = _document_from_bytes(data, fmt, doc_id=STDIN_ID, source=STDIN_SOURCE, limits=limits)
    except Reject as err:
        yield Skipped(STDIN_SOURCE, err.reason, err.line)
        return
    yield doc, STDIN_SOURCE, None
