"""Worker processes: the pool, the state each worker is given, and the tasks it runs.

A build makes three passes over its documents, each on an :class:`Engine`: a pool of
``jobs`` processes on this machine (:class:`LocalEngine`, :class:`Workers`; none for one
job) or the workers of a Dask cluster (:class:`kg.build.cluster.ClusterEngine`), a few
batches ahead of the parent:
extraction (:func:`extract_batch`), relinking (:func:`relink_batch`) and formatting
(:func:`render_batch`). What a task needs besides its batch (the user's gazetteer, the
learned tagger, the corpus' known names, the corpus and the render settings) is set once
per process by the pool's initializer (:func:`warm`, :func:`init_relink`,
:func:`init_render`) into one :class:`WorkerState`, which only this module reads.
"""

from __future__ import annotations

import gc
import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from kg.build.spill import Done, done, extraction
from kg.build.view import ViewPart, view_part
from kg.entities import KnownNames
from kg.errors import KgError
from kg.model import Document
from kg.pipeline import extract, relink
from kg.rdf import document_statements
from kg.resolve import Corpus
from kg.resources import Gazetteer
from kg.writer import RenderedGraph, render

if TYPE_CHECKING:
    from kg.tagger import Tagger

log = logging.getLogger(__name__)

#: Documents sent to a worker process at a time.
BATCH = 16

T = TypeVar("T")
R = TypeVar("R")

#: ``submit(task, batch)`` starts ``task(batch)``; the call it returns gives the result.
Submit = Callable[[Callable[[Any], Any], Any], Callable[[], Any]]


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """What formatting a document's graph needs besides its extraction."""

    corpus: Corpus
    keep: frozenset[str] | None  # the view's entities (N3), None when there is no view
    nquads: bool
    jsonld: bool


@dataclass(slots=True)
class WorkerState:
    """What the tasks of a process read besides their batch, set by a pool's initializer.

    The parent sets it too before a pool forks (so workers inherit it, and one job runs
    its tasks in the parent), and a spawned worker sets it itself.
    """

    gazetteer: Gazetteer | None = None  # the user's names, for extracting and relinking
    tagger: Tagger | None = None  # the learned tagger (kg build --tagger), or none
    known: KnownNames = field(default_factory=lambda: KnownNames({}))  # for relinking
    render: RenderSettings | None = None  # for formatting


_STATE = WorkerState()


def default_jobs() -> int:
    """Worker processes by default: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


def warm(gazetteer: Gazetteer | None = None, tagger: bool = False) -> None:
    """Load lexicons and rules, so forked workers inherit them; set the user gazetteer,
    and load the learned tagger when ``tagger`` is true."""
    from kg.lexicon import default_lexicon

    _STATE.gazetteer = gazetteer
    lex = default_lexicon()
    _ = (lex.places, lex.given, lex.family)
    if tagger:
        from kg.tagger import default_tagger

        _STATE.tagger = default_tagger()
    else:
        _STATE.tagger = None


def init_relink(known: KnownNames, gazetteer: Gazetteer | None, tagger: bool = False) -> None:
    """Initializer of the relinking pool: the corpus' known names, the user's names and
    whether the learned tagger runs."""
    _STATE.known = known
    warm(gazetteer, tagger)


def init_render(settings: RenderSettings) -> None:
    """Initializer of the formatting pool."""
    _STATE.render = settings


def release() -> None:
    """Let go of the known names and the corpus in this process once a pass is over."""
    _STATE.known = KnownNames({})
    _STATE.render = None


def _extract_one(doc: Document) -> Done | str:
    """Extract a document (in a worker); an error comes back as its message."""
    try:
        return done(extract(doc, gazetteer=_STATE.gazetteer, tagger=_STATE.tagger))
    except Exception as err:  # one bad document never stops a corpus build
        log.debug("extraction of %s failed", doc.id, exc_info=True)
        return f"extraction failed: {type(err).__name__}: {err}"


def extract_batch(docs: Sequence[Document]) -> list[Done | str]:
    """First pass, in a worker: extract a batch of documents."""
    return [_extract_one(d) for d in docs]


def relink_batch(records: Sequence[bytes]) -> list[Done | None]:
    """Corpus step, in a worker: each document extracted again when it names bare what
    other documents named in full (``None`` when it does not, or when that fails)."""
    out: list[Done | None] = []
    for record in records:
        first = extraction(record)
        try:
            again = relink(first, _STATE.known, gazetteer=_STATE.gazetteer, tagger=_STATE.tagger)
        except Exception:  # the first extraction stands
            log.debug("relinking %s failed", first.document.id, exc_info=True)
            again = None
        out.append(None if again is None else done(again))
    return out


def render_batch(records: Sequence[bytes]) -> list[tuple[RenderedGraph, ViewPart | None]]:
    """Second pass, in a worker: statements and their texts for a batch of documents."""
    settings = _STATE.render
    assert settings is not None
    out = []
    for record in records:
        graph = document_statements(extraction(record), settings.corpus)
        rendered = render(graph, nquads=settings.nquads, jsonld=settings.jsonld)
        keep = settings.keep
        out.append((rendered, None if keep is None else view_part(graph, keep)))
    return out


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def ahead(items: Iterator[T], window: int) -> Iterator[T]:
    """Yield ``items`` in order while keeping up to ``window`` of them already started."""
    pending: deque[T] = deque()
    for item in items:
        pending.append(item)
        if len(pending) > window:
            yield pending.popleft()
    yield from pending


def lost(task: Callable[..., object], item: object) -> object:
    """What a batch task gives for an item whose run killed the worker running it twice
    (on a cluster, :mod:`kg.build.cluster`): an extraction's error message (the document
    is skipped and named in report.json), no relinking (the first extraction stands).

    Raises:
        KgError: formatting a document's graph killed workers; no output can leave it out.
    """
    if task is extract_batch:
        return "extraction killed a cluster worker twice (out of memory, or a crash in a library)"
    if task is relink_batch:
        return None
    name = extraction(item).document.id if isinstance(item, bytes) else type(item).__name__
    raise KgError(f"{task.__name__} of {name} killed a cluster worker twice")


class Engine(Protocol):
    """Where a build's batch tasks run: this machine's processes or a cluster's workers."""

    @property
    def width(self) -> int:
        """How many tasks run at once (the build keeps three times as many in flight)."""

    @property
    def batch(self) -> int:
        """Documents a task."""

    def workers(
        self, initializer: Callable[..., None], initargs: tuple[object, ...]
    ) -> AbstractContextManager[Submit]:
        """A pass's workers, each given ``initializer(*initargs)`` before its first task."""


@dataclass(frozen=True, slots=True)
class LocalEngine:
    """``jobs`` worker processes on this machine (:class:`Workers`; none for one job)."""

    jobs: int

    @property
    def width(self) -> int:
        return self.jobs

    @property
    def batch(self) -> int:
        return BATCH

    def workers(
        self, initializer: Callable[..., None], initargs: tuple[object, ...]
    ) -> AbstractContextManager[Submit]:
        return Workers(self.jobs, initializer=initializer, initargs=initargs)


class Workers:
    """A process pool started on first use (none for one job): ``submit(f, x)()`` → f(x).

    The pool's workers are forked after ``initializer(*initargs)`` ran in this process, so
    they inherit its state, and run it themselves too where processes are spawned.

    What the initializer loaded (lexicons, the corpus) lives as long as the pool and is
    never garbage, so it is frozen out of the garbage collector (:func:`gc.freeze`) until
    the pool closes: collections no longer walk it again and again, which cost about a
    tenth of extraction time, and forked workers do not copy the pages it sits on.
    """

    def __init__(
        self, jobs: int, *, initializer: Callable[..., None], initargs: tuple[object, ...] = ()
    ) -> None:
        self._jobs = jobs
        self._initializer = initializer
        self._initargs = initargs
        self._started = False
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Submit:
        return self.submit

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._started:
            gc.unfreeze()

    def _start(self) -> None:
        init_frozen(self._initializer, self._initargs)
        self._started = True
        if self._jobs > 1:
            self._pool = ProcessPoolExecutor(
                self._jobs,
                initializer=init_frozen,
                initargs=(self._initializer, self._initargs),
            )

    def submit(self, func: Callable[[T], R], arg: T) -> Callable[[], R]:
        """Start ``func(arg)`` (starting the pool first); the call returned gives its value."""
        if not self._started:
            self._start()
        if self._pool is None:
            value = func(arg)
            return lambda: value
        return self._pool.submit(func, arg).result


def init_frozen(initializer: Callable[..., None], initargs: tuple[object, ...]) -> None:
    """Run a pool's initializer, then freeze what it loaded (see :class:`Workers`)."""
    initializer(*initargs)
    gc.freeze()
