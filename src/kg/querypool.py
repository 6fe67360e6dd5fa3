"""Worker processes that answer SPARQL queries and can be stopped mid-query.

pyoxigraph cannot cancel a running query, and a thread cannot be stopped, so ``kg serve``
runs each query in a worker process of a :class:`QueryPool`. A query that passes its
deadline is cancelled by killing its worker, which is replaced at once: a timed-out
query costs nothing after its timeout. Workers are forked from a clean server process
(multiprocessing's ``forkserver``, with kg's query modules preloaded), so a replacement
starts in a few milliseconds, and each opens the store read-only
(:meth:`kg.store.Store.reader`).

A worker answers one request at a time: the query, the client's ``Accept`` header and
``format=`` parameter; it runs the query with a bound on the rows read
(:func:`kg.query.run`), picks the format (:func:`kg.serve.negotiate`), writes the result
and sends back the bytes (:class:`Answer`), or an error with its HTTP status.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass
from http import HTTPStatus
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kg.errors import QueryError, ResultTooLarge
from kg.query import MEDIA_TYPES, run, write_result
from kg.store import Store, StoreReader

__all__ = ["Answer", "QueryPool"]

#: Modules the fork server imports once, so that a new worker starts without importing.
_PRELOAD = ["kg.querypool", "kg.query", "kg.serve", "kg.store"]


@dataclass(frozen=True, slots=True)
class Answer:
    """A worker's reply: an HTTP status, a media type and the body."""

    status: HTTPStatus
    media_type: str
    body: bytes

    @classmethod
    def error(cls, status: HTTPStatus, message: str) -> Answer:
        """A plain-text error reply."""
        return cls(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))


def _answer(store: Store, request: tuple[str, str | None, str | None], max_rows: int) -> Answer:
    """Run one request in a worker (see the module)."""
    from kg.serve import negotiate  # kg.serve imports this module

    sparql, accept, override = request
    try:
        result = run(store, sparql, max_rows=max_rows)
    except ResultTooLarge as err:
        return Answer.error(HTTPStatus.INSUFFICIENT_STORAGE, str(err))
    except QueryError as err:
        return Answer.error(HTTPStatus.BAD_REQUEST, str(err))
    fmt = negotiate(accept, result.form, override)
    if fmt is None:
        return Answer.error(HTTPStatus.NOT_ACCEPTABLE, "no acceptable format for this result")
    out = io.StringIO()
    write_result(result, out, fmt=fmt)
    return Answer(HTTPStatus.OK, MEDIA_TYPES[fmt], out.getvalue().encode("utf-8"))


def _serve(conn: Connection, reader: StoreReader, max_rows: int) -> None:
    """A worker's loop: open the store, then answer requests until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    try:
        store = reader.open()
    except Exception as err:  # reported to the server, which names the store
        conn.send(Answer.error(HTTPStatus.INTERNAL_SERVER_ERROR, f"cannot open the store: {err}"))
        return
    conn.send(None)  # ready
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            reply = _answer(store, request, max_rows)
        except Exception as err:  # a failure of one query is that query's answer
            reply = Answer.error(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {err}")
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class QueryPool:
    """``size`` worker processes over one store, with deadlines that cancel.

    Args:
        reader: how a worker opens the store (:meth:`kg.store.Store.reader`).
        size: queries that may run at once.
        max_rows: the most rows (or triples) a result may have.
    """

    def __init__(self, reader: StoreReader, *, size: int = 4, max_rows: int = 100_000) -> None:
        if size < 1:
            raise ValueError(f"a query pool needs at least one worker, not {size}")
        self.reader = reader
        self.size = size
        self.max_rows = max_rows
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(_PRELOAD)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._all: set[int] = set()
        self._busy: dict[int, _Worker] = {}
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_serve, args=(theirs, self.reader, self.max_rows), daemon=True
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        if not ours.poll(30):
            self._kill(worker)
            raise QueryError("a query worker did not start within 30 s")
        ready = ours.recv()
        if isinstance(ready, Answer):
            self._kill(worker)
            raise QueryError(ready.body.decode("utf-8").strip())
        with self._lock:
            self._all.add(id(worker))
        return worker

    def answer(
        self, sparql: str, accept: str | None, override: str | None, *, timeout: float
    ) -> Answer:
        """Answer one query within ``timeout`` seconds from now.

        The request waits for a free worker until then; a query still running then is
        cancelled (its worker killed and replaced) and the answer is 503.
        """
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=max(timeout, 0.001))
        except queue.Empty:
            return Answer.error(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"every query worker stayed busy until the timeout ({timeout:g} s); "
                "try again shortly",
            )
        if self._closed:
            self._kill(worker)
            return Answer.error(HTTPStatus.SERVICE_UNAVAILABLE, "the server is stopping")
        with self._lock:
            self._busy[id(worker)] = worker
        try:
            worker.conn.send((sparql, accept, override))
            if worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                reply = worker.conn.recv()
                self._release(worker)
                assert isinstance(reply, Answer)
                return reply
        except (EOFError, OSError):
            pass  # the worker died (killed by the stop, or crashed): replaced below
        self._replace(worker)
        if self._closed:
            return Answer.error(HTTPStatus.SERVICE_UNAVAILABLE, "the server is stopping")
        return Answer.error(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query ran past the timeout and was cancelled ({timeout:g} s)",
        )

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.pop(id(worker), None)
        if self._closed:
            self._kill(worker)
        else:
            self._idle.put(worker)

    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            self._busy.pop(id(worker), None)
        self._kill(worker)
        if not self._closed:
            self._idle.put(self._start())

    def _kill(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(id(worker))
        with contextlib.suppress(OSError, ValueError):
            worker.process.kill()
        worker.process.join(timeout=1)
        worker.conn.close()

    def close(self) -> None:
        """Stop every worker, the running queries' too (at once: they are killed)."""
        self._closed = True
        with self._lock:
            busy = list(self._busy.values())
        for worker in busy:
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            self._kill(worker)

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
