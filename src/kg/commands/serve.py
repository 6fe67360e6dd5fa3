"""``kg serve``: a read-only SPARQL endpoint over a build, on 127.0.0.1."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType
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
        "--timeout",
        type=float,
        default=10.0,
        help="seconds from a request's arrival to its answer; a query still running then "
        "is cancelled (default: 10)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=4,
        help="queries that may run at once, each in its own process (default: 4)",
    )
    parser.add_argument(
        "--per-client",
        type=int,
        default=32,
        help="requests one client address may have in the server at once; more get 429 "
        "(default: 32)",
    )
    parser.add_argument(
        "--max-rows",
        type=int,
        default=100_000,
        help="rows (or triples) a result may have; a larger one gets 507 (default: 100000)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    for name in ("timeout", "workers", "per_client", "max_rows"):
        if getattr(args, name) <= 0:
            print(f"kg serve: --{name.replace('_', '-')} must be positive", file=sys.stderr)
            return 2
    store = open_store(args.build)
    try:
        server = make_server(
            store,
            host=args.host,
            port=args.port,
            timeout=args.timeout,
            max_workers=args.workers,
            per_client=args.per_client,
            max_rows=args.max_rows,
        )
    except BaseException:
        store.close()
        raise

    def stop(signum: int, _frame: FrameType | None) -> None:
        print(f"kg: {signal.Signals(signum).name}: stopping", file=sys.stderr)
        threading.Thread(target=server.shutdown, name="kg-serve-stop", daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(
        f"kg: serving {store.source} at {server.url} (query page: {server.url[:-7]}/)",
        file=sys.stderr,
        flush=True,
    )
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()  # cancels the running queries: their workers are killed
        store.close()
    return 0
