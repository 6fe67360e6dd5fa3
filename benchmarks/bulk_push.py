"""``kg push --bulk`` (Virtuoso's bulk loader) against ``kg push`` (Graph Store protocol).

Usage: .venv/bin/python benchmarks/bulk_push.py [--docs 1500] [--shards 8] [--loaders 2]

It generates a corpus (benchmarks/corpus.py) of ``--docs`` documents in ``--shards``
gzip-compressed JSON Lines files, builds it with ``--shard-output`` (about 1.1 million
quads for 1,500 documents), starts a throwaway Virtuoso on loopback (its own database,
ports and ``DirsAllowed``), and then, in one run, times:

1. ``push`` over the Graph Store protocol into the empty store (the build's store opened
   beforehand, untimed);
2. ``bulk_push`` into the emptied store (kg's graphs cleared, untimed, between);
3. ``bulk_push`` again, replacing every graph (clearing them is part of the time);
4. ``push`` again, replacing every graph.

After each it counts kg's quads on the server (SPARQL) against the build's. It prints
triples/s of each. Timings belong here, never in tests. Needs virtuoso-t and isql-vt
(``bash scripts/install_system_deps.sh``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))

from corpus import document
from run import machine

from kg.build import build
from kg.bulk import Isql, bulk_push
from kg.push import GRAPH_NAMESPACE, push
from kg.store import open_store

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def virtuoso(db: Path, allowed: Path) -> Iterator[tuple[str, str]]:
    """A throwaway Virtuoso: (HTTP base URL, SQL address)."""
    db.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    text = INI.read_text(encoding="utf-8").replace("/var/lib/virtuoso-opensource-7/db/", f"{db}/")
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)1111\b.*$", rf"\g<1>127.0.0.1:{sql}", text)
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)8890\b.*$", rf"\g<1>127.0.0.1:{http}", text)
    text = re.sub(r"(?m)^(\s*DirsAllowed\s*=\s*)(.*)$", rf"\g<1>\2, {allowed}", text)
    # 2 GB of buffers, as Virtuoso's ini suggests for a machine with 4 GB to spare
    text = re.sub(r"(?m)^\s*NumberOfBuffers\s*=.*$", "NumberOfBuffers = 250000", text, count=1)
    text = re.sub(r"(?m)^\s*MaxDirtyBuffers\s*=.*$", "MaxDirtyBuffers = 180000", text, count=1)
    (db / "virtuoso.ini").write_text(text, encoding="utf-8")
    log = (db / "console.log").open("wb")
    proc = subprocess.Popen(
        ["virtuoso-t", "+configfile", "virtuoso.ini", "+foreground"], cwd=db, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"Virtuoso did not start; see {db}/console.log") from None
                time.sleep(0.5)
        yield base, f"127.0.0.1:{sql}"
    finally:
        proc.terminate()
        proc.wait(60)
        log.close()


def remote_quads(base: str) -> int:
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}")) }}'
    )
    request = urllib.request.Request(
        f"{base}/sparql?{urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        return int(json.loads(response.read())["results"]["bindings"][0]["n"]["value"])


def clear(sql: str) -> None:
    """Remove kg's graphs from the server (untimed, between two loads)."""
    client = Isql(sql, "dba", "dba", command=None, timeout=3600)
    listing = (
        "SPARQL SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}")) }};\n'
    )
    graphs = client.run(listing)
    client.run("log_enable(3, 1);\n" + "".join(f"SPARQL CLEAR GRAPH <{g}>;\n" for g in graphs))
    client.run("checkpoint;\n")


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1500)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench/bulk"))
    args = parser.parse_args()
    if shutil.which("virtuoso-t") is None or not INI.is_file():
        raise SystemExit("needs virtuoso-t (bash scripts/install_system_deps.sh)")
    import random

    work = args.work.resolve()
    shutil.rmtree(work, ignore_errors=True)
    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    per = -(-args.docs // args.shards)
    for k in range(args.shards):
        lines = [
            json.dumps({"id": f"d{n:06d}", "text": document(random.Random(f"7/{n}"))})
            for n in range(k * per, min(args.docs, (k + 1) * per))
        ]
        data = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
        (corpus / f"part-{k:03d}.jsonl.gz").write_bytes(data)
    out = work / "build"
    started = time.perf_counter()
    build([corpus], out=out, shard_output=True, shacl=False, html=False)
    built = time.perf_counter() - started
    quads = json.loads((out / "shards" / "manifest.json").read_text(encoding="utf-8"))["quads"]
    print(f"built {args.docs} documents, {quads:,} quads, in {built:.0f} s", file=sys.stderr)
    rows = []
    with virtuoso(work / "virtuoso", work) as (base, sql), open_store(out) as store:
        assert len(store) == quads
        gsp = f"{base}/sparql-graph-crud-auth"

        def timed(name: str, run: Callable[[], object]) -> None:
            start = time.perf_counter()
            run()
            seconds = time.perf_counter() - start
            count = remote_quads(base)
            rows.append((name, seconds, count))
            print(f"{name}: {seconds:.1f} s, {count:,} quads on the server", file=sys.stderr)

        timed(
            "kg push (Graph Store), into an empty store",
            lambda: push(store, gsp, user="dba", password="dba"),
        )
        clear(sql)
        timed(
            f"kg push --bulk --loaders {args.loaders}, into an empty store",
            lambda: bulk_push(out, isql=sql, loaders=args.loaders),
        )
        timed(
            f"kg push --bulk --loaders {args.loaders}, replacing every graph",
            lambda: bulk_push(out, isql=sql, loaders=args.loaders),
        )
        timed(
            "kg push (Graph Store), replacing every graph",
            lambda: push(store, gsp, user="dba", password="dba"),
        )
    print(f"machine: {machine()}")
    print(f"{args.docs:,} documents in {args.shards} shards; {quads:,} quads in the build\n")
    print("| push | seconds | triples/s | quads on the server | equal to the build's |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, seconds, count in rows:
        print(
            f"| {name} | {seconds:.1f} | {quads / seconds:,.0f} | {count:,} "
            f"| {'yes' if count == quads else 'NO'} |"
        )


if __name__ == "__main__":
    main()
