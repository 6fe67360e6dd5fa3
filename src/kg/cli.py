"""Command-line interface: a thin layer over the kg library.

Each subcommand lives in ``kg.commands.<name>`` with ``register(subparsers)``; this
module only assembles them and turns :class:`~kg.errors.KgError` into exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any, TextIO

from kg import __version__
from kg.errors import KgError, KgWarning

COMMANDS = ("build", "query", "serve", "push", "viz", "eval", "validate")


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of ``kg`` with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="kg",
        description="Turn Modern Standard Arabic news articles into an RDF knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"kg.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run kg with ``argv`` (default: sys.argv[1:]) and return the exit status."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="kg: %(levelname)s: %(message)s",
    )
    try:
        with warnings.catch_warnings():
            # kg's own warnings (a skipped input, a missing resource) are messages for
            # the user: one line each on stderr, never a traceback-like report
            warnings.simplefilter("always", KgWarning)
            warnings.showwarning = _show_warning
            status: int = args.run(args)
    except KgError as err:
        print(f"kg: error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    return status


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
    **_: Any,
) -> None:
    if issubclass(category, KgWarning):
        print(f"kg: warning: {message}", file=sys.stderr)
    else:
        print(
            warnings.formatwarning(message, category, filename, lineno, line),
            end="",
            file=sys.stderr,
        )


def entrypoint() -> None:
    """Console-script entry point. A reader that stops early (``kg query ... | head``)
    ends the command quietly, as other Unix tools do."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # stdout is gone: point it at devnull so the interpreter's final flush is silent
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 141  # 128 + SIGPIPE, what a shell reports for such a pipe
    raise SystemExit(status)


if __name__ == "__main__":
    entrypoint()
