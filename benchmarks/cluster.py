"""Throughput of ``kg build`` on a Dask cluster against the same build on this machine.

Usage: .venv/bin/python benchmarks/cluster.py [--docs 10000] [--work DIR]

On one generated corpus (benchmarks/corpus.py, reused when present), in one run:

1. local: ``kg build CORPUS --jobs 2`` (the acceptance's configuration: ``--no-shacl
   --no-html --formats ttl,trig``, cold cache);
2. a ``distributed.LocalCluster`` of 2 worker processes, one thread each, started in a
   process of its own (its scheduler's process: its peak RSS is reported), set up as
   docs/cluster.md says (``allowed-failures`` 0, ``worker-saturation`` 1.0, the workers'
   profiler off);
3. cluster, cold: ``kg build CORPUS --scheduler ADDRESS`` with the same options, the first
   build the workers see (each loads kg's lexicons and the tagger on its first task);
4. cluster, warm: the same build again in a fresh output folder (``--no-cache``), as on a
   cluster that already ran a build.

It prints documents/s of each, the cluster/local ratios (acceptance: at least 0.85), and
peak RSS of the scheduler process, of the building process and of the workers. The two
builds' graph.ttl and graph.trig are compared byte for byte. Timings belong here, never
in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))

from corpus import generate
from run import ACCEPTANCE, KG, machine

#: The cluster process: a LocalCluster whose address it prints, alive until stdin closes.
CLUSTER = """
import sys, dask
from distributed import LocalCluster
dask.config.set({"distributed.scheduler.allowed-failures": 0,
                 "distributed.scheduler.worker-saturation": 1.0,
                 "distributed.worker.profile.enabled": False})
with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                  dashboard_address=None) as cluster:
    print(cluster.scheduler_address, flush=True)
    sys.stdin.read()
"""


def sample(procs: list[psutil.Process], peaks: dict[str, int], names: list[str]) -> None:
    """Add the current RSS of each named process (a process and its children for the
    ``workers`` entry) to ``peaks``."""
    for proc, name in zip(procs, names, strict=True):
        rss = 0
        with contextlib.suppress(psutil.Error):
            if name == "workers":
                rss = sum(c.memory_info().rss for c in proc.children(recursive=True))
            else:
                rss = proc.memory_info().rss
        peaks[name] = max(peaks.get(name, 0), rss)


def timed_build(
    args: list[str], watch: Sequence[tuple[psutil.Process, str]] = ()
) -> tuple[float, dict[str, int]]:
    """Run ``kg build ARGS`` (quiet): wall seconds, peak RSS of it and of ``watch``."""
    start = time.perf_counter()
    proc = psutil.Popen([str(KG), "build", *args, "-q"], stderr=subprocess.PIPE)
    peaks: dict[str, int] = {}
    procs = [proc, *(p for p, _ in watch)]
    names = ["build", *(n for _, n in watch)]
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peaks["build tree"] = max(
                peaks.get("build tree", 0),
                sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]),
            )
        sample(procs, peaks, names)
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"kg build failed ({proc.returncode}): {proc.stderr.read().decode()}")
    return elapsed, peaks


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    args = parser.parse_args()
    folder = args.work / f"corpus-{args.docs}"
    if not (folder / f"{args.docs - 1:05d}.txt").exists():
        generate(folder, args.docs)
    options = ["--no-shacl", *ACCEPTANCE, "--no-cache"]
    local_out, cluster_out = args.work / "cluster-bench-local", args.work / "cluster-bench"
    subprocess.run(["rm", "-rf", str(local_out), str(cluster_out)], check=True)
    local, local_peaks = timed_build([str(folder), "-o", str(local_out), "--jobs", "2", *options])
    print(f"local: {local:.1f} s", file=sys.stderr)
    cluster = psutil.Popen(
        [sys.executable, "-c", CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert cluster.stdout is not None and cluster.stdin is not None
    address = cluster.stdout.readline().decode().strip()
    watch = [(cluster, "scheduler"), (cluster, "workers")]
    runs = []
    try:
        for name in ("cold", "warm"):
            subprocess.run(["rm", "-rf", str(cluster_out)], check=True)
            cmd = [str(folder), "-o", str(cluster_out), "--scheduler", address, *options]
            elapsed, peaks = timed_build(cmd, watch)
            runs.append((name, elapsed, peaks))
            print(f"cluster, {name}: {elapsed:.1f} s", file=sys.stderr)
    finally:
        cluster.stdin.close()
        cluster.wait(60)
    same = all(
        filecmp.cmp(local_out / f, cluster_out / f, shallow=False)
        for f in ("graph.ttl", "graph.trig")
    )
    mb = 2**20
    print(f"machine: {machine()}")
    print(f"{args.docs:,} generated documents; kg build {' '.join(options)}; tagger on\n")
    print(
        "| build | seconds | documents/s | cluster / local | peak RSS, scheduler process (MB) "
        "| peak RSS, building process (MB) | peak RSS, workers (MB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| local, --jobs 2 | {local:.1f} | {args.docs / local:.0f} | 1 | — "
        f"| {local_peaks['build'] / mb:.0f} "
        f"| {(local_peaks['build tree'] - local_peaks['build']) / mb:.0f} |"
    )
    for name, elapsed, peaks in runs:
        print(
            f"| cluster, 2 workers, {name} | {elapsed:.1f} | {args.docs / elapsed:.0f} "
            f"| **{local / elapsed:.2f}** | {peaks['scheduler'] / mb:.0f} "
            f"| {peaks['build'] / mb:.0f} | {peaks['workers'] / mb:.0f} |"
        )
    print(f"\ngraph.ttl and graph.trig byte-identical to the local build's: {same}")


if __name__ == "__main__":
    main()
