"""``kg build``: extract a corpus into graph.ttl, graph.trig, graph.html and report.json."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from kg.build import FORMATS, BuildResult, build, default_jobs, skipped_message
from kg.build.cluster import SCHEDULER_ENV
from kg.model import Document
from kg.readers import Skipped
from kg.resources import Gazetteer

EXIT_OK = 0
EXIT_SKIPPED = 3
EXIT_NONCONFORMING = 4

EPILOG = """\
exit status: 0 built, every input read and the graph conforms to the shapes;
3 built, but some inputs were skipped (listed on stderr and in report.json);
4 built, but the graph does not conform to ontology/shapes.ttl (see report.json);
1 nothing could be built (error message on stderr); 2 bad command line.

examples:
  kg build seeds -o exports
  kg build archive/ --scheduler tcp://10.0.0.5:8786   # on a Dask cluster (docs/cluster.md)"""


def register(subparsers: Any) -> None:
    """Add the ``build`` subcommand."""
    p = subparsers.add_parser(
        "build",
        help="extract documents into an RDF graph",
        description="Read files and folders (.txt, .html, .jsonl/.json, also .jsonl.gz; - for "
        "stdin), "
        "extract entities and relations, resolve them across documents, validate with "
        "SHACL and write graph.ttl, graph.trig, graph.nq, graph.jsonld, graph.html and "
        "report.json.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to read")
    p.add_argument("-o", "--out", default="exports", help="output folder (default: exports)")
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help=f"worker processes for extraction (default: {default_jobs()})",
    )
    p.add_argument(
        "--scheduler",
        default=os.environ.get(SCHEDULER_ENV) or None,
        metavar="ADDRESS",
        help="run the per-document work on the workers of a Dask cluster, e.g. "
        f"tcp://HOST:8786 (default: ${SCHEDULER_ENV}, else this machine; --jobs is then "
        "not used); the output is the same",
    )
    p.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="read only matching files in folders",
    )
    p.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="leave out matching files"
    )
    p.add_argument(
        "--gazetteer",
        action="append",
        default=[],
        metavar="FILE",
        help="your own names, one 'TYPE<TAB>name' a line (TYPE: Person, Organisation, "
        "Event, Agreement or Place); they win over the rules (repeatable)",
    )
    p.add_argument(
        "--formats",
        default=",".join(FORMATS),
        metavar="LIST",
        help=f"graph files to write, of {','.join(FORMATS)} (ttl and trig always; default: all)",
    )
    p.add_argument(
        "--tagger",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="run the learned tagger (a CRF trained on ANERcorp), which finds names no cue "
        "announces and sharpens the rules' name boundaries (default: on; --no-tagger: "
        "the rules alone)",
    )
    p.add_argument(
        "--shard-output",
        action="store_true",
        help="also write each input shard's graphs (a .jsonl[.gz] file; loose files by "
        "10,000) to shards/NNNNN.trig and .nq with shards/manifest.json, for a server "
        "store to bulk-load in parallel (kg push --bulk)",
    )
    p.add_argument("--no-shacl", action="store_true", help="skip SHACL validation")
    p.add_argument("--no-html", action="store_true", help="do not write graph.html")
    p.add_argument("--no-cache", action="store_true", help="re-extract every document")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.set_defaults(run=_run)


def _progress(quiet: bool) -> Any:
    if quiet or not sys.stderr.isatty():
        return None

    def wrap(docs: Iterable[Document], total: int | None) -> Iterable[Document]:
        from tqdm import tqdm

        bar: Iterable[Document] = tqdm(
            docs, total=total, unit="doc", desc="kg: extracting", file=sys.stderr
        )
        return bar

    return wrap


def _warn_skipped(item: Skipped) -> None:
    """Say on stderr that an input was skipped, as it is (also with ``--quiet``)."""
    print(f"kg: warning: {skipped_message(item)}", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    gazetteer = (
        Gazetteer.merge(Gazetteer.read(Path(f)) for f in args.gazetteer) if args.gazetteer else None
    )
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    result = build(
        args.paths,
        gazetteer=gazetteer,
        formats=formats,
        out=args.out,
        jobs=args.jobs,
        include=args.include,
        exclude=args.exclude,
        shacl=not args.no_shacl,
        html=not args.no_html,
        use_cache=not args.no_cache,
        progress=_progress(args.quiet),
        on_skipped=_warn_skipped,
        tagger=args.tagger,
        scheduler=args.scheduler,
        shard_output=args.shard_output,
    )
    if not args.quiet:
        print_summary(result)
    if result.conforms is False:
        for v in result.report["shacl"]["violations"][:10]:  # type: ignore[index]
            print(f"kg: SHACL: {v['focus']} {v['path']}: {v['message']}", file=sys.stderr)
        return EXIT_NONCONFORMING
    return EXIT_SKIPPED if result.skipped else EXIT_OK


def print_summary(result: BuildResult, *, file: TextIO | None = None) -> None:
    """Print a short human summary of a build (stderr by default)."""
    r = result.report
    ents = r.get("entities", {})
    parts = ", ".join(f"{v} {k}" for k, v in ents.items()) if isinstance(ents, dict) else ""
    lines = [
        f"kg: built {result.documents} document(s) into {result.out}/ "
        f"({result.extracted} extracted, {result.documents - result.extracted} from cache)",
        f"kg: {r.get('entities_total')} entities ({parts}), {r.get('relations_total')} relations, "
        f"{r.get('triples')} triples",
    ]
    shacl = r.get("shacl", {})
    note = shacl.get("note") if isinstance(shacl, dict) else None
    if note:
        lines.append(f"kg: SHACL validation {note}")
    elif result.conforms is None:
        lines.append("kg: SHACL validation skipped (--no-shacl)")
    elif result.conforms:
        lines.append("kg: SHACL: the graph conforms to ontology/shapes.ttl")
    else:
        lines.append(f"kg: SHACL: {result.violations} violation(s); see report.json")
    view = r.get("view")
    if isinstance(view, dict) and view.get("selection") != "all":
        lines.append(
            f"kg: graph.html shows the {view['entities']} most connected of {view['of']} entities"
        )
    if result.skipped:
        lines.append(f"kg: {len(result.skipped)} input(s) skipped; see report.json")
    print("\n".join(lines), file=sys.stderr if file is None else file)
