"""Builds on a Dask cluster: the per-document passes run as tasks on its workers.

``kg build --scheduler ADDRESS`` (or ``KG_SCHEDULER``) connects to a running
``dask.distributed`` scheduler and runs the three per-document passes of a build
(extraction, relinking, formatting; see :mod:`kg.build.pool`) as tasks on its workers,
:data:`CLUSTER_BATCH` documents a task. Reading the inputs, the cache, the corpus step's
counting, the resolution across documents and the writing of the files stay in the
process that runs ``kg build``, so the output is byte-identical to a local build of the
same corpus, and the incremental cache works as it does locally (it lives in the output
folder).

Each pass sends its workers what they need besides their batches (the user's gazetteer,
whether the tagger runs, the corpus' known names, the corpus) once, scattered to every
worker; a worker sets it up before its first task of the pass (:func:`run_task`).

Worker failures. The scheduler reschedules the tasks of a worker that died (killed, out
of memory) on another, until a task has been on ``distributed.scheduler.allowed-failures``
+ 1 dead workers; then it gives up with :class:`distributed.KilledWorker`. kg then runs that
batch's documents one per task, and a document whose own task gives up too is skipped and
named in report.json (an extraction), or keeps its first extraction (relinking). With
``allowed-failures`` at 0 (as docs/cluster.md sets up the scheduler) a document is skipped
when it has killed two workers: once in its batch, once alone.

Workers must run the same kg as the process that builds (the same extractor fingerprint,
:func:`kg.build.fingerprint.extractor_fingerprint`): it is checked when the build connects.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from typing import Any

from kg.build.fingerprint import extractor_fingerprint
from kg.build.pool import Submit, init_frozen, lost
from kg.errors import KgError, KgWarning

log = logging.getLogger(__name__)

#: The environment variable ``kg build`` reads the scheduler's address from.
SCHEDULER_ENV = "KG_SCHEDULER"

#: Documents a task on a cluster: four times a local batch, for a task costs the scheduler
#: and the workers more (64 against 16: 0.94 of a local build's speed against 0.85, 3,000
#: documents on a 2-worker LocalCluster).
CLUSTER_BATCH = 64

#: Seconds to wait for the scheduler to answer when connecting.
CONNECT_TIMEOUT = 20.0

#: Times a task whose result was lost with a dead worker is sent again before the build fails.
RESUBMITS = 5

_KILLED = object()  # what :meth:`ClusterEngine.workers` gets for a task that killed workers
_LOCK = threading.Lock()
_LOADED: list[str] = [""]  # the pass whose state this worker process holds


def run_task(
    token: str,
    initializer: Callable[..., None],
    initargs: tuple[object, ...],
    task: Callable[[Any], Any],
    batch: Any,
) -> Any:
    """On a worker: set up the pass ``token``'s state if this process holds another, then
    run ``task(batch)``.

    One task at a time per process: the tasks are pure Python and hold the interpreter
    lock anyway, and the state is per process (start workers with ``--nthreads 1``).
    """
    with _LOCK:
        if _LOADED[0] != token:
            gc.unfreeze()  # the last pass's state, frozen by init_frozen, may be collected
            init_frozen(initializer, initargs)
            _LOADED[0] = token
        return task(batch)


def worker_fingerprint() -> str:
    """On a worker: the extractor fingerprint of the kg it runs."""
    return extractor_fingerprint()


@dataclass(slots=True)
class ClusterEngine:
    """The workers of a Dask cluster, through a client connected to its scheduler.

    Use :func:`connect`, which checks the workers and closes the client at the end.
    """

    client: Any  # a distributed.Client (whose methods are untyped)
    address: str
    threads: int
    allowed_failures: int | None

    @property
    def width(self) -> int:
        return self.threads

    @property
    def batch(self) -> int:
        return CLUSTER_BATCH

    @contextlib.contextmanager
    def workers(
        self, initializer: Callable[..., None], initargs: tuple[object, ...]
    ) -> Iterator[Submit]:
        from distributed import KilledWorker

        client = self.client
        token = uuid.uuid4().hex

        def send() -> Any:  # one future for the whole tuple, on every worker
            return client.scatter([initargs], broadcast=True, hash=False)[0]

        state = [send()]

        def start(task: Callable[[Any], Any], batch: Any) -> Any:
            return client.submit(run_task, token, initializer, state[0], task, batch, pure=False)

        def outcome(task: Callable[[Any], Any], batch: Any, future: Any) -> Any:
            """The task's result, or :data:`_KILLED` when it killed workers. A result lost
            with a worker that died after making it is made again (that is no kill)."""
            for _ in range(RESUBMITS):
                try:
                    return future.result()
                except KilledWorker:
                    return _KILLED
                except CancelledError:
                    log.info("a result was lost with its worker; running the task again")
                if state[0].status != "finished":  # every worker holding it died: send it again
                    state[0] = send()
                future = start(task, batch)
            raise KgError(f"the cluster at {self.address} lost a task's result {RESUBMITS} times")

        def submit(task: Callable[[Any], Any], batch: Any) -> Callable[[], Any]:
            future = start(task, batch)

            def result() -> Any:
                value = outcome(task, batch, future)
                if value is not _KILLED:
                    return value
                if len(batch) == 1:
                    return [lost(task, batch[0])]
                log.warning("a batch of %d killed a cluster worker; one task each", len(batch))
                singles = [(item, start(task, [item])) for item in batch]
                out: list[object] = []
                for item, single in singles:
                    value = outcome(task, [item], single)
                    out.extend([lost(task, item)] if value is _KILLED else value)
                return out

            return result

        try:
            yield submit
        finally:
            client.cancel(state)
            state.clear()


@contextlib.contextmanager
def connect(address: str, *, timeout: float | None = None) -> Iterator[ClusterEngine]:
    """A :class:`ClusterEngine` on the scheduler at ``address`` (``tcp://HOST:PORT``),
    waiting ``timeout`` seconds (default :data:`CONNECT_TIMEOUT`) for it and a worker.

    Raises:
        KgError: dask.distributed is not installed, the scheduler does not answer, it has
            no workers, or its workers run another kg.
    """
    try:
        import distributed
    except ImportError as err:  # pragma: no cover - a dependency of kg
        raise KgError(f"kg build --scheduler needs dask.distributed: {err}") from err
    client_class: Any = distributed.Client  # untyped
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    try:
        client = client_class(
            address, timeout=timeout, set_as_default=False, direct_to_workers=True
        )
    except (OSError, TimeoutError, ValueError) as err:
        raise KgError(f"cannot reach the Dask scheduler at {address}: {err}") from err
    try:
        engine = _checked(client, address, timeout)
    except BaseException:
        client.close()
        raise
    try:
        yield engine
    finally:
        client.close()


def _checked(client: Any, address: str, timeout: float) -> ClusterEngine:
    """The engine of a connected client, once its workers are there and run this kg."""
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as err:
        raise KgError(f"the Dask scheduler at {address} has no workers ({err})") from err
    mine = extractor_fingerprint()
    theirs: dict[str, str] = client.run(worker_fingerprint)
    other = sorted(w for w, f in theirs.items() if f != mine)
    if other:
        raise KgError(
            f"the workers {', '.join(other)} of {address} run another kg (extractor "
            f"{theirs[other[0]][:12]}, here {mine[:12]}): install the same kg on every "
            "worker, or their output would differ from a local build's"
        )
    profiled = sorted(w for w, on in client.run(_profiler_on).items() if on)
    if profiled:
        warnings.warn(
            f"the Dask workers {', '.join(profiled)} run their statistical profiler, which "
            "slows a build by a sixth or more; start them with "
            "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False (docs/cluster.md)",
            KgWarning,
            stacklevel=4,
        )
    threads = sum(client.nthreads().values())
    allowed = client.run_on_scheduler(_allowed_failures)
    return ClusterEngine(client, address, max(1, threads), allowed)


def _profiler_on() -> bool:
    """On a worker: whether its statistical profiler samples the threads."""
    import dask

    return bool(dask.config.get("distributed.worker.profile.enabled", default=False))


def _allowed_failures(dask_scheduler: Any) -> int | None:
    """On the scheduler: how many dead workers a task may outlive (``allowed-failures``)."""
    value = getattr(dask_scheduler, "allowed_failures", None)
    return value if isinstance(value, int) else None
