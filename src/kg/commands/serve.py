"""``kg serve``: a read-only SPARQL endpoint over a build, on 127.0.0.1."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kg.serve import make_server
from kg.store import open_store


def register(subparsers: Any) -> None:
    """Add the ``serve`` subcommand."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a build as a read-only SPARQL endpoint",
        description="Serve a build as a read-only SPARQL 1.1 Protocol endpoint "
        "with a query page at /.",
        epilog="example:\n  kg serve -b exports --port 7878   # then open http://127.0.0.1:7878/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-b",
        "--build",
        type=Path,
        default=Path("exports"),
        help="build directory or RDF file to serve (default: exports)",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=7878, help="TCP port (default: 7878)")
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds per query (default: 10)"
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    store = open_store(args.build)
    server = make_server(store, host=args.host, port=args.port, timeout=args.timeout)
    print(
        f"kg: serving {store.source} at {server.url} (query page: {server.url[:-7]}/)",
        file=sys.stderr,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
    return 0
