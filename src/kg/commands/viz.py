"""``kg viz``: interactive HTML views of a build, and GraphML/GEXF exports for Gephi."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.store import open_store
from kg.viz import write_gexf, write_graphml, write_html

EPILOG = """\
examples:
  kg viz exports                                   # whole graph -> exports/graph.html
  kg viz exports --focus "عمرو طلعت" --depth 2 -o talaat.html
  kg viz exports --type Person Organisation -o people.html
  kg viz exports/graph.ttl --graphml kg.graphml --gexf kg.gexf
The page works offline: open it in any browser. See docs/viz.md for large graphs.
"""


def register(subparsers: Any) -> None:
    """Add the ``viz`` subcommand."""
    parser = subparsers.add_parser(
        "viz",
        help="write an interactive HTML view of a build (and GraphML/GEXF)",
        description="Write an interactive, offline HTML view of a build: the whole graph, "
        "one entity's neighbourhood or some entity types; optionally GraphML and GEXF.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "source",
        type=Path,
        nargs="?",
        default=Path("exports"),
        help="build directory (graph.trig, else graph.ttl) or an RDF file (default: exports)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        help="HTML file to write (default: graph.html beside the graph for the whole "
        "graph, view.html for a focus or type view)",
    )
    parser.add_argument("--focus", metavar="NAME", help="show this entity's neighbourhood")
    parser.add_argument(
        "--depth",
        type=int,
        default=1,
        metavar="N",
        help="relations away from --focus to include (default: 1)",
    )
    parser.add_argument(
        "--type",
        dest="types",
        nargs="+",
        action="extend",
        metavar="TYPE",
        help="show only these entity types (Person, Organisation, Event, Agreement, Place)",
    )
    parser.add_argument("--title", help="page title (default: the source's name)")
    parser.add_argument("--graphml", type=Path, metavar="FILE", help="also write GraphML")
    parser.add_argument("--gexf", type=Path, metavar="FILE", help="also write GEXF")
    parser.add_argument(
        "--no-html", action="store_true", help="write only the --graphml/--gexf files"
    )
    parser.set_defaults(run=_run)


def _load(source: Path) -> Graph:
    """Return the union graph of a build directory or RDF file, in memory."""
    graph = Graph()
    for named in open_store(source, persist=False).as_rdflib().graphs():
        for triple in named:
            graph.add(triple)
    return graph


def _run(args: argparse.Namespace) -> int:
    if args.no_html and not (args.graphml or args.gexf):
        print("kg viz: error: --no-html needs --graphml or --gexf", file=sys.stderr)
        return 2
    if args.focus is None and args.depth != 1:
        print("kg: warning: --depth has no effect without --focus", file=sys.stderr)
    source: Path = args.source
    graph = _load(source)
    folder = source if source.is_dir() else source.parent
    if not args.no_html:
        output: Path = args.output or folder / (
            "graph.html" if args.focus is None and not args.types else "view.html"
        )
        title = args.title or _title(source, focus=args.focus, types=args.types)
        view = write_html(
            graph, output, title=title, focus=args.focus, depth=args.depth, types=args.types
        )
        print(f"wrote {output} ({view.nodes} entities, {view.edges} relations)")
    if args.graphml:
        write_graphml(graph, args.graphml)
        print(f"wrote {args.graphml}")
    if args.gexf:
        write_gexf(graph, args.gexf)
        print(f"wrote {args.gexf}")
    return 0


def _title(source: Path, *, focus: str | None, types: list[str] | None) -> str:
    name = source.resolve().name if source.is_dir() else source.stem
    parts = [f"kg: {name}"]
    if focus:
        parts.append(focus)
    if types:
        parts.append(", ".join(types))
    return " — ".join(parts)
