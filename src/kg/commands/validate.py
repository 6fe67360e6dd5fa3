"""``kg validate``: check a graph file against the SHACL shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from kg.errors import StoreError
from kg.validate import validate


def register(subparsers: Any) -> None:
    """Add the ``validate`` subcommand."""
    p = subparsers.add_parser(
        "validate",
        help="check a graph against ontology/shapes.ttl",
        description="Validate a build folder (its graph.ttl) or a .ttl/.trig/.nq file "
        "against kg's SHACL shapes. Exit status 0 when it conforms, 1 when it does not.",
        epilog="example: kg validate exports",
    )
    p.add_argument("graph", help="build folder or graph file")
    p.set_defaults(run=_run)


def load_graph(path: Path) -> Graph:
    """Parse a build folder's graph.ttl, or a Turtle/TriG/N-Quads file, into one graph."""
    if path.is_dir():
        path = path / "graph.ttl"
    if not path.exists():
        raise StoreError(f"{path}: no such file; run 'kg build' first")
    fmt = {".trig": "trig", ".nq": "nquads", ".nt": "nt", ".jsonld": "json-ld"}.get(
        path.suffix, "turtle"
    )
    try:
        if fmt in ("trig", "nquads"):
            ds = Dataset(default_union=True)
            ds.parse(path, format=fmt)
            g = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                g.add((s, p, o))
            return g
        return Graph().parse(path, format=fmt)
    except Exception as err:  # rdflib's parsers raise many types
        raise StoreError(f"{path}: cannot parse as {fmt}: {err}") from err


def _run(args: argparse.Namespace) -> int:
    report = validate(load_graph(Path(args.graph)))
    if report.conforms:
        print(f"{args.graph}: conforms to the kg shapes")
        return 0
    for v in report.violations:
        print(f"{v.severity}: {v.focus} {v.path}: {v.message}")
    print(f"{args.graph}: {len(report.violations)} violation(s)", file=sys.stderr)
    return 1
