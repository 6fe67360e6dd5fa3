"""The extraction cache: one SQLite file under ``OUT/.kg-cache``, keyed by document and extractor.

Keys are made by :func:`kg.build.fingerprint.cache_key`; values are records
(:func:`kg.build.spill.make_record`).
"""

from __future__ import annotations

import contextlib
import logging
import pickle
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from kg.build.spill import Done, done, extraction

log = logging.getLogger(__name__)

#: The build's own folder inside its output folder: the cache and the manifest.
CACHE_DIR = ".kg-cache"


class Cache:
    """Cached extractions in one SQLite file, keyed by :func:`~kg.build.fingerprint.cache_key`.

    One file instead of a file per document: opening thousands of small files cost more
    than extracting some of them. Entries of documents not seen in a build are pruned.
    A cache that cannot be opened or written is ignored with a warning in the log.
    """

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self._db = db
        self._seen: set[str] = set()

    @classmethod
    @contextlib.contextmanager
    def open(cls, folder: Path | None) -> Iterator[Cache]:
        """The cache in ``folder`` (none when ``None``), committed and closed on exit."""
        db = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(folder / "extractions.sqlite")
                db.execute("CREATE TABLE IF NOT EXISTS x (key TEXT PRIMARY KEY, blob BLOB)")
            except (OSError, sqlite3.Error) as err:
                log.warning("%s: cannot open the cache (%s)", folder, err)
                db = None
        cache = cls(db)
        try:
            yield cache
            if db is not None:
                db.commit()
        finally:
            if db is not None:
                db.close()

    def load(self, keys: Sequence[str]) -> dict[str, Done]:
        """The cached extractions of ``keys`` that are in the cache."""
        self._seen.update(keys)
        if self._db is None:
            return {}
        marks = ",".join("?" * len(keys))
        found: dict[str, Done] = {}
        try:
            rows = self._db.execute(f"SELECT key, blob FROM x WHERE key IN ({marks})", keys)
            for key, record in rows:
                try:
                    found[key] = done(extraction(record), record)
                except (pickle.UnpicklingError, EOFError, AttributeError, TypeError) as err:
                    log.warning("ignoring a broken cache entry %s (%s)", key, err)
        except sqlite3.Error as err:
            log.warning("cannot read the cache (%s)", err)
        return found

    def store(self, key: str, blob: bytes) -> None:
        """Remember an extraction."""
        if self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO x VALUES (?, ?)", (key, blob))
        except sqlite3.Error as err:
            log.warning("cannot write the cache (%s)", err)

    def prune(self) -> None:
        """Forget documents not loaded or stored in this build."""
        if self._db is None:
            return
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep")
            self._db.executemany(
                "INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in self._seen)
            )
            self._db.execute("DELETE FROM x WHERE key NOT IN (SELECT key FROM keep)")
        except sqlite3.Error as err:
            log.warning("cannot prune the cache (%s)", err)
