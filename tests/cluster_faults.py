"""A worker plugin for tests/test_cluster.py: it makes a cluster worker die on a document.

The plugin is sent to the workers by value (cloudpickle), so the workers need not import
the tests; a worker that the nanny starts again gets it again.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin


class DieOn(WorkerPlugin):
    """The worker process dies when it starts extracting ``doc_id``.

    With ``once`` (a file), it dies only the first time across all workers: the file is
    made just before, and a worker that finds it extracts as usual.
    """

    name = "kg-test-die-on"

    def __init__(self, doc_id: str, once: Path | None = None) -> None:
        self.doc_id = doc_id
        self.once = None if once is None else str(once)
        self._original: Callable[[Any], Any] | None = None

    def setup(self, worker: Any) -> None:
        pool = importlib.import_module("kg.build.pool")

        extract_one = self._original = pool._extract_one
        doc_id, once = self.doc_id, self.once

        def dying(doc: Any) -> Any:
            if doc.id == doc_id:
                if once is None:
                    os._exit(70)
                try:
                    fd = os.open(once, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                except FileExistsError:
                    pass
                else:
                    os.close(fd)
                    os._exit(70)
            return extract_one(doc)

        pool._extract_one = dying

    def teardown(self, worker: Any) -> None:
        pool = importlib.import_module("kg.build.pool")

        if self._original is not None:
            pool._extract_one = self._original
