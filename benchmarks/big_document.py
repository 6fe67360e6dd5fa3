"""One large document: ``kg build`` of a single 1 MB file of repeated news paragraphs.

    python benchmarks/big_document.py [--mb 1] [--work /tmp/kg-big] [--no-tagger]

The document is the paragraphs of the seed articles (``seeds/*.txt``, news of the genre)
repeated in turn until it holds ``--mb`` megabytes of UTF-8; a second one is the same
text with every sentence end (. ! ? ؟ and line breaks) taken out, one run of words that
kg reads in parts (``kg.text.MAX_SENTENCE_TOKENS``). Each is built as a subprocess
(``kg build --jobs 1 --no-shacl --formats ttl,trig --no-html``, cold cache); the script
prints the wall time, the peak RSS of the build's process tree (sampled every 50 ms),
what report.json counts, and the warnings the build gave (a per-document bound that is
hit names the document). Acceptance (issue 18): 1 MB in under 30 s and under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).parent))

from run import wait_sampling_rss

ROOT = Path(__file__).resolve().parent.parent
KG = Path(sys.executable).with_name("kg")


def make_document(path: Path, megabytes: float, *, sentence_ends: bool = True) -> int:
    """Write the document (without its sentence ends unless ``sentence_ends``); return its
    size in bytes."""
    paragraphs = [
        p.strip()
        for seed in sorted((ROOT / "seeds").glob("*.txt"))
        for p in seed.read_text(encoding="utf-8").split("\n")
        if p.strip()
    ]
    target = int(megabytes * 1_000_000)
    out: list[str] = []
    size = 0
    i = 0
    while size < target:
        paragraph = paragraphs[i % len(paragraphs)] + "\n"
        out.append(paragraph)
        size += len(paragraph.encode("utf-8"))
        i += 1
    text = "".join(out)
    if not sentence_ends:
        text = re.sub(r"[.!?؟\n]", " ", text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def build_one(document: Path, out: Path, *, tagger: bool) -> int:
    """Build the folder of ``document`` into ``out`` and print the figures."""
    if out.exists():
        subprocess.run(["rm", "-rf", str(out)], check=True)
    cmd = [str(KG), "build", str(document.parent), "-o", str(out), "--jobs", "1"]
    cmd += ["--no-shacl", "--formats", "ttl,trig", "--no-html", "--no-cache", "-q"]
    if not tagger:
        cmd.append("--no-tagger")
    start = time.perf_counter()
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = wait_sampling_rss(proc)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read() if proc.stderr else ""
    if proc.returncode not in (0, 3):
        print(f"big_document: kg build failed ({proc.returncode}):\n{stderr}", file=sys.stderr)
        return 1
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    (doc,) = report["per_document"]
    counts = {k: doc[k] for k in ("characters", "mentions", "entities", "relations")}
    size = document.stat().st_size
    print(f"document: {document} ({size / 1e6:.2f} MB)")
    print(f"  kg build: {wall:.1f} s, peak RSS {peak / 2**20:.0f} MB (process tree)")
    print(f"  report: {counts}, triples {report['triples']}")
    warnings = [line for line in stderr.splitlines() if "warning" in line.lower()]
    print("  warnings:" + ("".join(f"\n    {w}" for w in warnings) if warnings else " none"))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-big"))
    parser.add_argument("--no-tagger", action="store_true", help="kg build --no-tagger")
    args = parser.parse_args()
    status = 0
    for name, ends in (("paragraphs", True), ("run-on", False)):
        document = args.work / name / "big.txt"
        make_document(document, args.mb, sentence_ends=ends)
        status |= build_one(document, args.work / f"out-{name}", tagger=not args.no_tagger)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
