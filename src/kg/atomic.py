"""Atomic file writes: a reader sees the old file or the new one, never half of one.

A write goes to a temporary file ``.NAME.tmp-XXXXXXXX`` in the target's folder (same
file system, so the rename is atomic), which is flushed and ``fsync``-ed, renamed over
the target with :func:`os.replace`, and then the folder is ``fsync``-ed so the rename
itself survives a power cut. A process killed at any moment leaves the previous target
intact (at worst a stray temporary file, which readers ignore: its name starts with
``.``). On an error the temporary file is removed and the target is untouched.

The new file gets the permission bits of the file it replaces, or the usual ``0o666``
less the umask when it is new. A symlink at ``path`` is replaced by the file, not
followed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO, overload

from kg.errors import StoreError

__all__ = ["atomic_write_bytes", "atomic_write_text", "atomic_writer"]

TEMP_INFIX = ".tmp-"
"""Temporary files are named ``"." + NAME + TEMP_INFIX + 8 hex digits``."""


@overload
def atomic_writer(
    path: str | Path,
    mode: Literal["w"] = ...,
    *,
    encoding: str = ...,
    newline: str | None = ...,
) -> contextlib.AbstractContextManager[TextIO]: ...


@overload
def atomic_writer(
    path: str | Path,
    mode: Literal["wb"],
    *,
    encoding: str = ...,
    newline: str | None = ...,
) -> contextlib.AbstractContextManager[BinaryIO]: ...


@contextlib.contextmanager
def atomic_writer(
    path: str | Path,
    mode: Literal["w", "wb"] = "w",
    *,
    encoding: str = "utf-8",
    newline: str | None = "\n",
) -> Iterator[Any]:  # the overloads above give the precise type
    """Open a temporary file that replaces ``path`` when the ``with`` block ends.

    If the block raises, the temporary file is removed, ``path`` is left as it was, and
    the exception propagates.

    Args:
        path: the file to write; its folder must exist.
        mode: ``"w"`` (text) or ``"wb"`` (bytes).
        encoding: text encoding in ``"w"`` mode.
        newline: newline translation in ``"w"`` mode; the default ``"\\n"`` writes
            ``\\n`` on every platform, so outputs are byte-identical everywhere.

    Yields:
        A file object open for writing.

    Raises:
        StoreError: the temporary file cannot be created, written out or renamed.
        ValueError: ``mode`` is not ``"w"`` or ``"wb"``.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"atomic_writer mode must be 'w' or 'wb', not {mode!r}")
    target = Path(path)
    folder = target.parent
    try:
        fd, temp = _create_temp(target)
    except OSError as err:
        raise StoreError(f"cannot write {target}: {_reason(err)}.") from err
    try:
        with contextlib.ExitStack() as stack:
            stream: TextIO | BinaryIO
            if mode == "w":
                stream = os.fdopen(fd, "w", encoding=encoding, newline=newline)
            else:
                stream = os.fdopen(fd, "wb")
            stack.enter_context(stream)
            yield stream
            try:
                stream.flush()
                os.fsync(stream.fileno())
            except OSError as err:
                raise StoreError(f"cannot write {target}: {_reason(err)}.") from err
        try:
            _copy_mode(target, temp)
            os.replace(temp, target)
        except OSError as err:
            raise StoreError(f"cannot replace {target}: {_reason(err)}.") from err
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(folder)


def atomic_write_text(
    path: str | Path, text: str, *, encoding: str = "utf-8", newline: str | None = "\n"
) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_writer`).

    Args:
        path: the file to write; its folder must exist.
        text: the whole content.
        encoding: text encoding.
        newline: newline translation (default: none, ``\\n`` is written as is).

    Raises:
        StoreError: the file cannot be written.
    """
    with atomic_writer(path, "w", encoding=encoding, newline=newline) as stream:
        stream.write(text)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_writer`).

    Args:
        path: the file to write; its folder must exist.
        data: the whole content.

    Raises:
        StoreError: the file cannot be written.
    """
    with atomic_writer(path, "wb") as stream:
        stream.write(data)


def _create_temp(target: Path) -> tuple[int, str]:
    """Create ``.NAME.tmp-XXXXXXXX`` beside ``target`` (mode 0o666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temp = os.path.join(target.parent, f".{target.name}{TEMP_INFIX}{secrets.token_hex(4)}")
        try:
            return os.open(temp, flags, 0o666), temp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")


def _copy_mode(target: Path, temp: str) -> None:
    """Give the new file the permission bits of the one it replaces, if any."""
    try:
        old = os.stat(target, follow_symlinks=False)
    except FileNotFoundError:
        return
    if stat.S_ISREG(old.st_mode):
        os.chmod(temp, stat.S_IMODE(old.st_mode))


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is synced
    finally:
        os.close(fd)


def _reason(err: OSError) -> str:
    return (err.strerror or str(err)).lower()
