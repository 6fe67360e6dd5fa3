"""What the readers share: the :class:`Skipped` record, the limits, and the rejection.

A reader that finds its input bad raises :class:`Reject`; :func:`kg.readers.iter_inputs`
turns it into a :class:`Skipped` record and goes on, :func:`kg.readers.read_document` into
an :class:`~kg.errors.InputError`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MAX_CHARS = 5_000_000
"""Default longest document text, in characters."""

MAX_LINE_CHARS = 1_000_000
"""Default longest single line of a document, in characters."""

_DATE = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])")


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


class Reject(Exception):
    """Internal: input is bad for ``reason`` (at ``line``); becomes Skipped or InputError."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits a read is made under (see :mod:`kg.readers`)."""

    max_chars: int
    max_line_chars: int


def nfc(value: str) -> str:
    """``value`` in Unicode normal form C."""
    return unicodedata.normalize("NFC", value)


def os_reason(err: OSError) -> str:
    """Why a file could not be read, as a :class:`Skipped` reason."""
    if isinstance(err, FileNotFoundError):
        return "no such file or directory"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return (err.strerror or str(err)).lower()


def parse_date(value: str) -> date | None:
    """The date ``YYYY-MM-DD`` (or ``/``, ``.``) that ``value`` starts with, if valid."""
    match = _DATE.match(value)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
