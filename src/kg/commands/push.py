"""``kg push``: load a build into a running SPARQL server, one named graph per document."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from kg.push import Protocol, push
from kg.store import open_store

EPILOG = """\
examples:
  kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
  kg push --protocol update --endpoint http://localhost:7200/repositories/kg/statements
The password is read from the KG_PUSH_PASSWORD environment variable (or --password).
"""


def register(subparsers: Any) -> None:
    """Add the ``push`` subcommand."""
    parser = subparsers.add_parser(
        "push",
        help="load a build into a SPARQL server (one graph per document)",
        description="Replace, on a running SPARQL server, each document's named graph "
        "with the build's (SPARQL 1.1 Graph Store Protocol or Update).",
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
        "--endpoint", required=True, help="Graph Store (gsp) or SPARQL Update (update) URL"
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
        "--timeout", type=float, default=600.0, help="seconds per request (default: 600)"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    password = args.password if args.password is not None else os.environ.get("KG_PUSH_PASSWORD")
    with open_store(args.build) as store:
        report = push(
            store,
            args.endpoint,
            protocol=args.protocol,
            user=args.user,
            password=password,
            chunk_size=args.chunk_size,
            timeout=args.timeout,
        )
    print(
        f"kg: pushed {report.triples} triples in {report.graphs} graphs to {report.endpoint}",
        file=sys.stderr,
    )
    return 0
