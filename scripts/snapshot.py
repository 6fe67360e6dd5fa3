"""Digest of a build's output files, to show that a change leaves the output as it was.

Usage:
    .venv/bin/python scripts/snapshot.py BUILD_DIR            # print the digest
    .venv/bin/python scripts/snapshot.py --generated 1000 [--write FILE]

The digest is one line per output file: its SHA-256 and its name. report.json is hashed
without its ``extractor`` field, which is by design a hash of kg's own sources (so that a
cache never outlives the code that filled it) and changes with any edit to them.

``--generated N`` builds N documents from benchmarks/corpus.py (seed 7) with every format
and the HTML view, in a temporary folder, and prints the digest of that build; ``--write``
stores it. tests/test_snapshot.py compares the build of today's code with the stored
digest of 1,000 documents (tests/fixtures/generated-1000.sha256): a refactor must leave
it unchanged, and a change of output must update it on purpose (`make snapshot`).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "report.json")


def digest(folder: Path) -> str:
    """The digest of the build in ``folder`` (see the module docstring)."""
    lines = []
    for name in OUTPUTS:
        path = folder / name
        if not path.exists():
            continue
        data = path.read_bytes()
        if name == "report.json":
            report = json.loads(data)
            report.pop("extractor", None)
            data = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True).encode()
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
    return "\n".join(lines) + "\n"


def generated_digest(docs: int, *, jobs: int | None = None) -> str:
    """Build ``docs`` generated documents in a temporary folder and return the digest."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    from kg.build import build

    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="kg-snapshot-") as tmp:
        os.chdir(tmp)  # documents' sources are relative paths, the same in every run
        try:
            generate(Path("corpus"), docs, seed=7)
            build(["corpus"], out=Path("out"), use_cache=False, jobs=jobs)
            return digest(Path("out"))
        finally:
            os.chdir(here)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, help="a build's output folder")
    parser.add_argument("--generated", type=int, metavar="N", help="build N generated documents")
    parser.add_argument("--write", type=Path, metavar="FILE", help="store the digest in FILE")
    args = parser.parse_args(argv)
    if (args.folder is None) == (args.generated is None):
        parser.error("give a build folder or --generated N")
    text = digest(args.folder) if args.folder else generated_digest(args.generated)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
