"""Throughput benchmark of ``kg build`` on generated corpora of 1,000 and 10,000 documents.

Usage: .venv/bin/python benchmarks/run.py [--sizes 1000 10000] [--jobs 2] [--work DIR]

For each size it generates a corpus (benchmarks/corpus.py; reused when present), then:

- floor: kg's regex tokeniser (``kg.text._TOKEN``) over the texts of a sample of the
  documents, in this process, best of three passes: characters per second;
- extraction: :func:`kg.pipeline.extract` over the same sample, in this process, best of
  three passes: characters per second, and its ratio to the floor (acceptance: at least
  1/20);
- end to end, twice, each as a subprocess in a fresh output folder (cold cache):
  ``kg build CORPUS -o OUT --jobs N --no-shacl --formats ttl,trig --no-html`` (the
  acceptance's configuration: reading, extraction, resolution, writing graph.trig,
  graph.ttl and report.json), then the same with every format and the HTML view:
  documents/s, MB/s of input, and peak RSS, both of the largest single process and of
  the whole process tree (sampled every 50 ms). Acceptance on 10,000 documents with
  --jobs 2: at least 300 documents/s and at most 1.5 GB peak RSS.

It prints a Markdown table (copied into docs/benchmarks.md) and the machine it ran on.
Timings belong here, never in tests.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))

import contextlib

from corpus import generate

from kg.model import Document
from kg.pipeline import extract
from kg.readers import iter_inputs
from kg.text import _TOKEN

SAMPLE = 1000  # documents timed in-process for the floor and the extraction ratio
KG = Path(sys.executable).with_name("kg")


def _documents(folder: Path, limit: int) -> list[Document]:
    docs: list[Document] = []
    for item in iter_inputs([folder]):
        if isinstance(item, Document):
            docs.append(item)
            if len(docs) == limit:
                break
    return docs


def floor_and_extraction(folder: Path, *, tagger: bool = True) -> tuple[int, float, float]:
    """Characters in the sample, tokeniser chars/s, extraction chars/s (one process;
    each the best of three passes; with the learned tagger when ``tagger``)."""
    from kg.tagger import default_tagger

    learned = default_tagger() if tagger else None
    docs = _documents(folder, SAMPLE)
    chars = sum(len(d.text) for d in docs)
    best_floor = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for d in docs:
            for _m in _TOKEN.finditer(d.text):
                pass
        best_floor = min(best_floor, time.perf_counter() - start)
    extract(docs[0], tagger=learned)  # load rules, lexicons and model outside the timing
    gc.freeze()  # as kg build's workers do once the lexicons are loaded
    best_extraction = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for d in docs:
            extract(d, tagger=learned)
        best_extraction = min(best_extraction, time.perf_counter() - start)
    gc.unfreeze()
    return chars, chars / best_floor, chars / best_extraction


def wait_sampling_rss(proc: psutil.Popen) -> int:
    """Wait for ``proc`` to end; return the peak RSS of its process tree (bytes), sampled
    every 50 ms."""
    peak = 0
    while proc.poll() is None:
        total = 0
        with contextlib.suppress(psutil.Error):
            for p in [proc, *proc.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        peak = max(peak, total)
        time.sleep(0.05)
    return peak


#: The acceptance's configuration: TriG and Turtle only, no HTML view.
ACCEPTANCE = ("--formats", "ttl,trig", "--no-html")


def end_to_end(
    folder: Path, out: Path, jobs: int, options: Sequence[str] = ()
) -> tuple[float, float, float]:
    """Wall seconds, peak RSS of the largest process and of the process tree (bytes).

    The largest process's peak is ``getrusage``'s over every build this script has run
    so far (an upper bound for the latest one).
    """
    if out.exists():
        subprocess.run(["rm", "-rf", str(out)], check=True)
    cmd = [str(KG), "build", str(folder), "-o", str(out), "--jobs", str(jobs), "--no-shacl"]
    cmd += [*options, "-q"]
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = wait_sampling_rss(proc)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 3):
        raise SystemExit(f"kg build failed ({proc.returncode}): {proc.stderr.read().decode()}")
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return elapsed, float(largest), float(tree_peak)


def machine() -> str:
    """One line describing the machine."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = psutil.virtual_memory().total / 2**30
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GB RAM, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}; load average {load}"
    )


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument(
        "--tagger",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="build with the learned tagger, as kg build does by default (--no-tagger: "
        "the rules alone)",
    )
    args = parser.parse_args()
    tagging = () if args.tagger else ("--no-tagger",)
    rows = []
    for size in args.sizes:
        folder = args.work / f"corpus-{size}"
        if not (folder / f"{size - 1:05d}.txt").exists():
            generate(folder, size)
        mb = sum(p.stat().st_size for p in folder.glob("*.txt")) / 1e6
        _chars, floor, extraction = floor_and_extraction(folder, tagger=args.tagger)
        out = args.work / f"out-{size}"
        fast, _, fast_tree = end_to_end(folder, out, args.jobs, (*ACCEPTANCE, *tagging))
        full, largest, tree = end_to_end(folder, out, args.jobs, tagging)
        rows.append(
            f"| {size:,} | {mb:.1f} | {args.jobs} | **{size / fast:.0f}** | {mb / fast:.2f} "
            f"| {size / full:.0f} | {largest / 2**20:.0f} | {max(tree, fast_tree) / 2**20:.0f} "
            f"| {floor / 1e6:.1f} | {extraction / 1e6:.2f} | 1/{floor / extraction:.0f} |"
        )
        print(f"done: {size} documents in {fast:.1f} s and {full:.1f} s", file=sys.stderr)
    print(f"machine: {machine()}")
    print(f"learned tagger: {'on' if args.tagger else 'off (--no-tagger)'}")
    print(
        "end to end: kg build --jobs N --no-shacl, cold cache; ttl+trig: "
        f"{' '.join(ACCEPTANCE)} (the acceptance's configuration); all: every format "
        "and the HTML view"
    )
    print(f"floor and extraction: one process, first {SAMPLE} documents of each corpus\n")
    print(
        "| documents | MB | jobs | documents/s, ttl+trig | MB/s, ttl+trig "
        "| documents/s, all | peak RSS, largest process (MB) "
        "| peak RSS, all processes (MB) | tokeniser floor (M chars/s) "
        "| extraction (M chars/s) | extraction / floor |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
