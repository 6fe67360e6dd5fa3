"""Load test of `kg serve`: many clients sending simple queries on loopback.

    python benchmarks/serve_load.py [--build exports] [--clients 20] [--queries 2000]

Starts `kg serve` on a free loopback port over a build, then ``--clients`` threads, each
with its own keep-alive connection, send ``--queries`` simple SELECT queries in all (a few
shapes, taken in turn). Prints the latency percentiles, the queries per second and the
number of errors (any answer but 200). Only loopback; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

QUERIES = (
    "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s a kg:Person ; ?p ?o } GROUP BY ?p",
    "SELECT ?name WHERE { ?a kg:metWith ?b . ?b rdfs:label ?name }",
    "ASK { ?s a kg:Agreement }",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, default=Path("exports"))
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4, help="kg serve --workers")
    args = parser.parse_args()
    port = _free_port()
    cmd = [sys.executable, "-m", "kg", "serve", "-b", str(args.build), "--port", str(port)]
    cmd += ["--workers", str(args.workers)]
    server = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"}
    )
    assert server.stderr is not None
    line = server.stderr.readline().decode()
    if "serving" not in line:
        print(f"serve_load: kg serve did not start: {line}", file=sys.stderr)
        return 1
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    counter = iter(range(args.queries))

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: list[float] = []
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                break
            path = "/sparql?" + urlencode({"query": QUERIES[n % len(QUERIES)]})
            start = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as err:
                status, conn = -1, http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    errors.append(repr(err))
            mine.append(time.perf_counter() - start)
            if status != 200:
                with lock:
                    errors.append(f"HTTP {status}")
        conn.close()
        with lock:
            latencies.extend(mine)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    server.terminate()
    server.wait(10)
    server.stderr.close()
    cuts = statistics.quantiles(latencies, n=100)
    print(f"build: {args.build}; kg serve --workers {args.workers}; {args.clients} clients")
    print(f"queries: {len(latencies)} in {wall:.1f} s ({len(latencies) / wall:.0f}/s)")
    print(
        f"latency ms: p50 {cuts[49] * 1000:.1f}, p90 {cuts[89] * 1000:.1f}, "
        f"p99 {cuts[98] * 1000:.1f}, max {max(latencies) * 1000:.1f}"
    )
    print(f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
