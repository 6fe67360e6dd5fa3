"""Incremental builds: a re-run on an unchanged corpus, and after editing one document.

Usage: .venv/bin/python benchmarks/bench_incremental.py [--docs 200]

Prints the time of a first build, of a re-run on the unchanged corpus (nothing should be
re-extracted) and of a build after editing one document (one re-extraction), and the
ratio of the re-run's time to the first build's.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import generate

from kg.build import build


def _timed(paths: list[Path], out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = build(paths, out=out)
    return time.perf_counter() - start, result.extracted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        files = generate(corpus, args.docs)
        first, n1 = _timed([corpus], out)
        rerun, n2 = _timed([corpus], out)
        files[0].write_text(
            files[0].read_text(encoding="utf-8") + "\nوقال المتحدث إن الاجتماع كان مثمرا.\n",
            encoding="utf-8",
        )
        edit, n3 = _timed([corpus], out)
    print(f"documents                     {args.docs}")
    print(f"first build                   {first:7.2f} s  ({n1} extracted)")
    print(f"re-run, unchanged corpus      {rerun:7.2f} s  ({n2} extracted)")
    print(f"after editing one document    {edit:7.2f} s  ({n3} extracted)")
    print(f"re-run / first build          {rerun / first:7.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
