"""Folders: the files under a folder argument, and the ``include``/``exclude`` globs."""

from __future__ import annotations

import os
import re
from pathlib import Path

from kg.readers.records import Skipped, os_reason


def walk(root: Path) -> list[tuple[tuple[str, ...], Path | Skipped]]:
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
            found.append((parts, Skipped(str(folder), f"cannot list folder: {os_reason(err)}")))
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
                found.append((sub, Skipped(str(folder / entry.name), os_reason(err))))
    found.sort(key=lambda item: item[0])
    return found


def compile_glob(pattern: str) -> tuple[re.Pattern[str], bool]:
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


def glob_matches(
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
