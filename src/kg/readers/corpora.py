"""JSON corpora: JSON Lines (``.jsonl``, ``.ndjson``) and ``.json`` files of records.

A record is ``{"id", "text", "title", "url", "date"}``; a bad record or line is skipped
(with its line) and reading goes on.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from typing import IO, Any

from kg.model import Document
from kg.readers.decoding import checked, clean, decode, line_at, utf8_error
from kg.readers.markup import HTML_WS
from kg.readers.records import Limits, Reject, Skipped, nfc, parse_date

_JSON_BYTES_PER_CHAR = 6  # "\u0627" escapes


def iter_jsonl(
    stream: IO[bytes], *, where: str, file_id: str, limits: Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    """Records of a seekable JSON Lines stream, one per non-blank line, in file order."""
    limit = _JSON_BYTES_PER_CHAR * limits.max_chars
    head = stream.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        # rare: UTF-16/32 (a UTF-32-LE BOM starts like UTF-16-LE); decode it all at once
        try:
            text = decode(head + stream.read())
        except Reject as err:
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
            yield Skipped(where, utf8_error(err, line.rstrip(b"\r\n")), number)
            continue
        yield from _jsonl_record(raw, number, where=where, file_id=file_id, limits=limits)


def _jsonl_record(
    raw: str, number: int, *, where: str, file_id: str, limits: Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    if not raw.strip():
        return
    try:
        value = json.loads(raw.rstrip("\r\n"))
    except (ValueError, RecursionError) as err:
        yield _invalid_json(where, err, line=number, first_line=number)
        return
    yield _found_record(value, where=where, file_id=file_id, line=number, limits=limits)


def iter_json(
    data: bytes, *, where: str, file_id: str, limits: Limits
) -> Iterator[tuple[Document, str, int | None] | Skipped]:
    """A ``.json`` file: an array of records, one record, or (if it is one) JSON Lines."""
    if not data.strip():
        yield Skipped(where, "empty file")
        return
    try:
        text = _decode_json(data)
    except Reject as err:
        yield Skipped(where, err.reason, err.line)
        return
    decoder = json.JSONDecoder()
    i = _skip_ws(text, 0)
    if not text.startswith("[", i):
        try:
            value, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError) as err:
            yield _invalid_json(where, err, line=None)
            return
        if _skip_ws(text, end) < len(text):  # more values after the first: JSON Lines
            yield from iter_jsonl(io.BytesIO(data), where=where, file_id=file_id, limits=limits)
            return
        yield _found_record(value, where=where, file_id=file_id, line=None, limits=limits)
        return
    i = _skip_ws(text, i + 1)
    line, counted = 1, 0
    while i < len(text) and text[i] != "]":
        line += text.count("\n", counted, i)
        counted = i
        try:
            value, end = decoder.raw_decode(text, i)
        except (ValueError, RecursionError) as err:
            yield _invalid_json(where, err, line=line)
            return
        yield _found_record(value, where=where, file_id=file_id, line=line, limits=limits)
        i = _skip_ws(text, end)
        if text.startswith(",", i):
            i = _skip_ws(text, i + 1)
        elif not text.startswith("]", i):
            line += text.count("\n", counted, i)
            yield Skipped(where, "invalid JSON: expected ',' or ']' after a record", line)
            return
    if i >= len(text):
        yield Skipped(where, "invalid JSON: the array is not closed", line)


def _invalid_json(
    where: str, err: ValueError | RecursionError, *, line: int | None, first_line: int = 1
) -> Skipped:
    """Skip JSON that does not parse: a decode error at the line it names (its text's
    first line being line ``first_line`` of the file), any other error at ``line``."""
    if isinstance(err, json.JSONDecodeError):
        reason = f"invalid JSON: {err.msg} (column {err.colno})"
        return Skipped(where, reason, first_line + err.lineno - 1)
    return Skipped(where, f"invalid JSON: {err}", line)


def _found_record(
    value: object, *, where: str, file_id: str, line: int | None, limits: Limits
) -> tuple[Document, str, int | None] | Skipped:
    """The record ``value`` at ``line`` of a file (``None``: the file is the record), as a
    document found there or as why it was skipped."""
    at = "" if line is None else f":{line}"
    try:
        doc = _record(value, fallback_id=file_id + at, source=where + at, limits=limits)
    except Reject as err:
        return Skipped(where, err.reason, line)
    return doc, where, line


def _decode_json(data: bytes) -> str:
    """JSON text is UTF-8 (RFC 8259); a UTF-8/16/32 BOM is honoured and stripped."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise Reject(utf8_error(err, data), line_at(data, err.start)) from None


def _skip_ws(text: str, i: int) -> int:
    n = len(text)
    while i < n and text[i] in " \t\r\n":
        i += 1
    return i


def _record(value: object, *, fallback_id: str, source: str, limits: Limits) -> Document:
    """A JSON record ``{"id", "text", "title", "url", "date"}`` as a Document."""
    if not isinstance(value, dict):
        raise Reject(f"record is a JSON {type(value).__name__}, not an object")
    text = value.get("text")
    if not isinstance(text, str):
        raise Reject('record has no "text" string')
    raw_id = value.get("id")
    if raw_id is None:
        doc_id = fallback_id
    elif isinstance(raw_id, str) and raw_id.strip():
        doc_id = checked(nfc(raw_id), "id")
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        raise Reject(f'"id" must be a non-empty string or an integer, not {raw_id!r:.40}')
    title = _optional_str(value, "title")
    url = _optional_str(value, "url")
    raw_date = _optional_str(value, "date")
    published = None
    if raw_date is not None:
        published = parse_date(raw_date)
        if published is None:
            raise Reject(f'"date" {raw_date!r:.40} is not a date (YYYY-MM-DD)')
    try:
        body = clean(text, limits)
    except Reject as err:
        raise Reject(f"text: {err.reason}") from None
    if title is not None:
        title = HTML_WS.sub(" ", nfc(checked(title, "title"))).strip() or None
    if url is not None:
        url = checked(url, "url")
    return Document(id=doc_id, text=body, source=url or source, title=title, date=published)


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, str):
        return value
    raise Reject(f"{key!r} must be a string, not {type(value).__name__}")
