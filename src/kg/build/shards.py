"""Sharded output (``kg build --shard-output``): the named graphs again, one file per input shard.

A server store loads many files in parallel far faster than one big one (Virtuoso's bulk
loader runs one loader a core; see :func:`kg.push.bulk_push`). So beside graph.trig and
graph.nq a sharded build writes ``OUT/shards/``:

- ``NNNNN.trig`` and ``NNNNN.nq``: the named graphs of one input shard's documents, in
  input order, byte for byte the blocks and lines of graph.trig and graph.nq;
- ``manifest.json``: each shard's files, input, documents, quads, SHA-256 digests and
  graph IRIs (its documents').

An input shard is a JSON Lines or JSON corpus file (``.jsonl``, ``.ndjson``, ``.json``, and
gzip-compressed ``….gz``), or standard input; documents read from their own text and HTML
files are grouped, in input order, into shards of :data:`LOOSE_SHARD_DOCUMENTS`.

The folder is written under a temporary name and renamed into place at the end, so a build
stopped midway leaves the previous shards whole; a build without ``--shard-output`` removes
them, so no stale shards stay beside fresh exports.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from kg import __version__
from kg.readers import is_corpus_file
from kg.writer import RenderedGraph, prefix_header

#: The folder of a build's shards, inside its output folder.
SHARDS_DIR = "shards"

#: The shards' manifest, inside :data:`SHARDS_DIR`.
SHARDS_MANIFEST = "manifest.json"

#: Documents of a shard of loose text and HTML files.
LOOSE_SHARD_DOCUMENTS = 10_000


@dataclass(slots=True)
class ShardPlan:
    """Which shard each of a build's documents goes to, in input order."""

    inputs: list[str] = field(default_factory=list)  # each shard's input (a file, or a range)
    of: list[int] = field(default_factory=list)  # each kept document's shard
    _keys: dict[str, int] = field(default_factory=dict)
    _loose: int = 0

    def add(self, where: str) -> None:
        """Place the next kept document, read from the file ``where``."""
        if is_corpus_file(where):
            key = where
        else:
            key = f"\x00loose-{self._loose // LOOSE_SHARD_DOCUMENTS}"
            self._loose += 1
        index = self._keys.get(key)
        if index is None:
            index = self._keys[key] = len(self.inputs)
            self.inputs.append(where if key == where else f"{where} and the files after it")
        self.of.append(index)


class _Shard:
    """One shard's open files, with their digests and counts."""

    def __init__(self, folder: Path, index: int, source: str) -> None:
        self.index = index
        self.name = f"{index:05d}"
        self.source = source
        self.documents = self.quads = 0
        self.graphs: list[str] = []
        self._files: dict[str, tuple[IO[bytes], hashlib._Hash]] = {}
        for kind in ("trig", "nq"):
            self._files[kind] = ((folder / f"{self.name}.{kind}").open("wb"), hashlib.sha256())
        self._put("trig", prefix_header().encode())

    def _put(self, kind: str, data: bytes) -> None:
        stream, digest = self._files[kind]
        stream.write(data)
        digest.update(data)

    def write(self, graph: RenderedGraph) -> None:
        self._put("trig", graph.trig)
        self._put("nq", graph.nquads)
        self.documents += 1
        self.quads += graph.quads
        self.graphs.append(graph.iri)

    def close(self) -> dict[str, object]:
        """Close the files; the shard's manifest entry."""
        for stream, _ in self._files.values():
            stream.flush()
            os.fsync(stream.fileno())
            stream.close()
        return {
            "name": self.name,
            "input": self.source,
            "documents": self.documents,
            "quads": self.quads,
            "files": {kind: f"{self.name}.{kind}" for kind in self._files},
            "sha256": {kind: digest.hexdigest() for kind, (_, digest) in self._files.items()},
            "graphs": self.graphs,
        }


class ShardWriter:
    """Append each document's rendered graph to its shard's files (see :class:`ShardPlan`).

    Shards are contiguous in input order, so one shard's files are open at a time. Use as
    a context manager: on a clean exit the folder replaces ``OUT/shards``; on an error it
    is removed and the previous shards stay.
    """

    def __init__(self, out: Path, plan: ShardPlan) -> None:
        self._out = out
        self._plan = plan
        self._done: list[dict[str, object]] = []
        self._documents = self._quads = 0
        self._current: _Shard | None = None
        self._next = 0  # the next document's place in the plan
        self._folder = Path(tempfile.mkdtemp(dir=out, prefix=".kg-shards-"))
        self._folder.chmod(0o755)  # a server store's loader may run as another user

    def __enter__(self) -> ShardWriter:
        return self

    def write(self, graph: RenderedGraph) -> None:
        """Append the next document's graph."""
        index = self._plan.of[self._next]
        self._next += 1
        current = self._current
        if current is None or current.index != index:
            if current is not None:
                self._done.append(current.close())
            current = self._current = _Shard(self._folder, index, self._plan.inputs[index])
        current.write(graph)
        self._documents += 1
        self._quads += graph.quads

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None:
            if self._current is not None:
                with contextlib.suppress(OSError):
                    self._done.append(self._current.close())
            shutil.rmtree(self._folder, ignore_errors=True)
            return
        if self._current is not None:
            self._done.append(self._current.close())
        manifest = {
            "kg_version": __version__,
            "documents": self._documents,
            "quads": self._quads,
            "shards": self._done,
        }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        (self._folder / SHARDS_MANIFEST).write_text(text, encoding="utf-8")
        target = self._out / SHARDS_DIR
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=self._out, prefix=".kg-shards-old-"))
            target.rename(old / SHARDS_DIR)
        self._folder.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def remove_shards(out: Path) -> None:
    """Remove a previous build's shards (a build without ``--shard-output``)."""
    shutil.rmtree(out / SHARDS_DIR, ignore_errors=True)
