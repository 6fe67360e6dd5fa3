"""`kg serve` under load it must survive: queries that never end, a stop signal."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest

#: A query whose answer takes minutes on a few thousand triples (a triple cross product).
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TRIVIAL = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
TIMEOUT = 2.0


def _trig(n: int) -> str:
    lines = ["@prefix kg: <https://w3id.org/arabic-kg/ontology#> ."]
    lines.append("<https://w3id.org/arabic-kg/resource/document/d1> {")
    for i in range(n):
        lines.append(
            f"  <https://w3id.org/arabic-kg/resource/person/p{i}> a kg:Person ; "
            f"kg:metWith <https://w3id.org/arabic-kg/resource/person/p{i + 1}> ."
        )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, query: str, timeout: float = 30) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"{url}?{urlencode({'query': query})}", timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.read().decode()


def _tree_cpu(proc: psutil.Process) -> float:
    """CPU seconds of the live processes of the server's tree (its workers' included)."""
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.Error:
            continue
        total += t.user + t.system
    return total


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    build = tmp_path / "build"
    build.mkdir()
    (build / "graph.trig").write_text(_trig(2000), encoding="utf-8")
    port = _free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "-b", str(build), "--port", str(port)]
    cmd += ["--timeout", str(TIMEOUT), "--workers", "4"]
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    assert proc.stderr is not None
    line = proc.stderr.readline().decode()  # "kg: serving ... at URL ..."
    assert "serving" in line, line
    url = f"http://127.0.0.1:{port}/sparql"
    yield url, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)
    proc.stderr.close()


def test_serve_cancels_queries_past_the_timeout_and_frees_their_workers(
    served: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, proc = served
    assert _get(url, TRIVIAL)[0] == 200
    server = psutil.Process(proc.pid)
    answers: list[tuple[int, float]] = []
    start = time.monotonic()

    def slow() -> None:
        status, _ = _get(url, PATHOLOGICAL)
        answers.append((status, time.monotonic() - start))

    threads = [threading.Thread(target=slow) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    expired = start + TIMEOUT
    assert [s for s, _ in answers] == [503] * 8
    assert max(at for _, at in answers) < TIMEOUT + 1.0
    status, _ = _get(url, TRIVIAL, timeout=5)
    answered = time.monotonic()
    assert status == 200
    assert answered - expired < 1.0, f"the trivial query came {answered - expired:.2f} s late"
    time.sleep(max(0.0, expired + 2.0 - time.monotonic()))
    before = _tree_cpu(server)
    time.sleep(1.0)
    used = _tree_cpu(server) - before
    assert used < 0.25, f"the server used {used:.2f} s of CPU in the second after"


def test_serve_stops_within_two_seconds_of_sigterm_while_queries_run(
    served: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, proc = served

    def cut_off() -> None:
        with contextlib.suppress(OSError, http.client.HTTPException):  # the server goes away
            _get(url, PATHOLOGICAL)

    threads = [threading.Thread(target=cut_off) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    workers = psutil.Process(proc.pid).children(recursive=True)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(5)
    assert time.monotonic() - sent < 2.0
    for t in threads:
        t.join(5)
    _gone, left = psutil.wait_procs(workers, timeout=2)
    # a worker that exited after the server did is a zombie until init reaps it: not running
    alive = [p for p in left if _status(p) not in (psutil.STATUS_ZOMBIE, psutil.STATUS_DEAD)]
    assert not alive, f"workers left running: {alive}"


def _status(process: psutil.Process) -> str:
    try:
        status: str = process.status()
    except psutil.NoSuchProcess:
        return psutil.STATUS_DEAD
    return status


def test_serve_refuses_a_body_past_the_bound_with_413(
    served: tuple[str, subprocess.Popen[bytes]],
) -> None:
    from kg.serve import MAX_BODY

    url, _ = served
    body = b"query=" + b"x" * (MAX_BODY + 1)
    request = urllib.request.Request(url, data=body)
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=10)
    with caught.value as err:
        assert err.code == 413 and "bytes" in err.read().decode()
