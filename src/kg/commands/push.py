"""``kg push``: load a build into a running SPARQL server, one named graph per document."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from kg.bulk import bulk_push
from kg.push import Protocol, PushReport, push
from kg.store import open_store

EPILOG = """\
examples:
  kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
  kg push --protocol update --endpoint http://localhost:7200/repositories/kg/statements
  kg push --endpoint URL --dry-run          # what would be pushed and removed
  kg push --bulk --isql 127.0.0.1:1111 --user dba   # Virtuoso's bulk loader (docs/cluster.md)
The password is read from the KG_PUSH_PASSWORD environment variable (or --password).

--bulk has Virtuoso's bulk loader read the build's N-Quads files itself (the shards of
kg build --shard-output, else graph.nq), several loaders at once, through its SQL port
and isql client: the server must see the files (--server-dir) and allow their folder
(DirsAllowed in virtuoso.ini). The end state is the same as a push over HTTP.

After the push, the server's graphs under kg's document namespace
(https://w3id.org/arabic-kg/resource/document/) that the build lacks (documents removed
from the corpus) are deleted, so the server holds exactly the build's graphs; no other
graph is touched. They are listed with a SPARQL query sent to --query-endpoint (default:
the query URL that goes with --endpoint, e.g. /sparql-auth for Virtuoso's
/sparql-graph-crud-auth, .../query for Fuseki's .../data). --keep-stale skips this.
"""


def register(subparsers: Any) -> None:
    """Add the ``push`` subcommand."""
    parser = subparsers.add_parser(
        "push",
        help="load a build into a SPARQL server (one graph per document, stale ones removed)",
        description="Replace, on a running SPARQL server, each document's named graph "
        "with the build's (SPARQL 1.1 Graph Store Protocol or Update), and remove kg's "
        "graphs that the build no longer has.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-b",
        "--build",
        type=Path,
        default=Path("exports"),
        help="build directory or RDF file to push (default: exports)",
    )
    parser.add_argument(
        "--endpoint", help="Graph Store (gsp) or SPARQL Update (update) URL (not with --bulk)"
    )
    parser.add_argument(
        "--protocol",
        choices=[p.value for p in Protocol],
        default=Protocol.GSP.value,
        help="gsp: PUT N-Triples per graph (default); update: DROP + INSERT DATA",
    )
    parser.add_argument("--user", help="user for HTTP Basic/Digest authentication")
    parser.add_argument("--password", help="password (default: $KG_PUSH_PASSWORD)")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=200_000,
        metavar="N",
        help="triples per request (default: 200000)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=600.0,
        help="seconds per request, or per isql session with --bulk (default: 600)",
    )
    parser.add_argument(
        "--keep-stale",
        action="store_true",
        help="keep the server's kg graphs that the build lacks (default: remove them)",
    )
    parser.add_argument(
        "--query-endpoint",
        metavar="URL",
        help="SPARQL query URL that lists the server's graphs (default: derived from "
        "--endpoint; the same credentials are sent)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="change nothing: print what would be pushed and which graphs removed",
    )
    bulk = parser.add_argument_group("bulk load into Virtuoso (--bulk)")
    bulk.add_argument(
        "--bulk",
        action="store_true",
        help="load with Virtuoso's bulk loader (ld_add + rdf_loader_run) over its SQL port",
    )
    bulk.add_argument(
        "--isql",
        default="127.0.0.1:1111",
        metavar="HOST:PORT",
        help="Virtuoso's SQL address (default: 127.0.0.1:1111)",
    )
    bulk.add_argument(
        "--server-dir",
        metavar="DIR",
        help="the folder of the files to load (OUT/shards, else OUT) as the server sees it "
        "(default: its path here)",
    )
    bulk.add_argument(
        "--loaders",
        type=int,
        default=2,
        metavar="N",
        help="loader sessions at once (default: 2; about one per 2.5 server cores)",
    )
    bulk.add_argument(
        "--isql-command",
        metavar="PROGRAM",
        help="Virtuoso's isql client (default: isql-vt, isql-v or isql on PATH)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    password = args.password if args.password is not None else os.environ.get("KG_PUSH_PASSWORD")
    if args.bulk:
        if args.endpoint:
            print("kg push: --endpoint is for HTTP pushes; --bulk uses --isql", file=sys.stderr)
            return 2
        report = bulk_push(
            args.build,
            isql=args.isql,
            user=args.user or "dba",
            password=password if password is not None else "dba",
            server_dir=args.server_dir,
            loaders=args.loaders,
            remove_stale=not args.keep_stale,
            dry_run=args.dry_run,
            isql_command=args.isql_command,
            timeout=args.timeout,
            progress=lambda step: print(f"kg: {step}…", file=sys.stderr),
        )
    else:
        if not args.endpoint:
            print("kg push: --endpoint URL is required (or --bulk)", file=sys.stderr)
            return 2
        report = _push(args, password)
    print(_summary(report, keep_stale=args.keep_stale), file=sys.stderr)
    if report.dry_run:
        for iri in report.stale:
            print(f"kg: would remove {iri}", file=sys.stderr)
    return 0


def _push(args: argparse.Namespace, password: str | None) -> PushReport:
    with open_store(args.build) as store:
        report = push(
            store,
            args.endpoint,
            protocol=args.protocol,
            user=args.user,
            password=password,
            chunk_size=args.chunk_size,
            timeout=args.timeout,
            remove_stale=not args.keep_stale,
            query_endpoint=args.query_endpoint,
            dry_run=args.dry_run,
        )
    return report


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _summary(report: PushReport, *, keep_stale: bool) -> str:
    """One line: what was (or, with --dry-run, would be) pushed and removed."""
    sent = f"{_plural(report.triples, 'triple')} in {_plural(report.graphs, 'graph')}"
    if keep_stale:
        removed = "stale graphs kept (--keep-stale)"
    elif report.dry_run:
        removed = f"would remove {_plural(len(report.stale), 'stale graph')}"
    else:
        removed = f"removed {_plural(report.removed, 'stale graph')}"
    if report.dry_run:
        return f"kg: dry run: would push {sent} to {report.endpoint}; {removed}"
    return f"kg: pushed {sent} to {report.endpoint}; {removed}"
