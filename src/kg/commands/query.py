"""``kg query``: SPARQL over a build, inline, from a .rq file, from stdin or by name."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kg.errors import QueryError
from kg.query import FORMATS, list_named, named_query, parse_term, run, run_named, write_result
from kg.store import open_store

EPILOG = """\
examples:
  kg query --list
  kg query met_with --param person="عمرو طلعت"
  kg query 'SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }'
  kg query queries/mine.rq --format csv > out.csv
  echo 'ASK { ?s kg:metWith ?o }' | kg query -
prefixes kg, res, rdf, rdfs, owl, xsd, skos, schema, dcterms, prov, foaf and org are predeclared.
"""


def register(subparsers: Any) -> None:
    """Add the ``query`` subcommand."""
    parser = subparsers.add_parser(
        "query",
        help="run SPARQL or a named query over a build",
        description="Run SPARQL (inline, from a .rq file or stdin) or a named query over a build.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "query",
        nargs="?",
        help="a named query (see --list), a .rq file, SPARQL text, or - for stdin "
        "(the default when stdin is not a terminal)",
    )
    parser.add_argument(
        "-b",
        "--build",
        type=Path,
        default=Path("exports"),
        help="build directory or RDF file to query (default: exports)",
    )
    parser.add_argument(
        "-p",
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter (repeatable); for SPARQL text, ?NAME must be projected",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: table, or turtle for CONSTRUCT/DESCRIBE)",
    )
    parser.add_argument(
        "--max-width",
        type=int,
        default=60,
        metavar="N",
        help="cut table cells to N columns (0: never; default 60)",
    )
    parser.add_argument("--list", action="store_true", help="list the named queries and exit")
    parser.set_defaults(run=_run)


def _params(pairs: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: write NAME=VALUE.")
        params[name.strip().lstrip("?$")] = value
    return params


def _print_list() -> None:
    for named in list_named():
        params = " ".join(f"--param {p.name}=..." for p in named.params)
        print(f"{named.name} {params}".rstrip())
        print(f"    {named.summary}")
        for p in named.params:
            kind = p.kind if p.kind[0].islower() else f"kg:{p.kind}"
            print(f"    {p.name} ({kind}): {p.description}")
        if named.example:
            print(f"    e.g. {named.example}")


def _read_query(arg: str | None) -> tuple[str | None, str | None]:
    """Return (named query name, SPARQL text): exactly one of them is set."""
    if arg is None or arg == "-":
        if arg is None and sys.stdin.isatty():
            raise QueryError("give a query: a name (kg query --list), a .rq file, SPARQL or -.")
        return None, sys.stdin.read()
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or (path.suffix and path.is_file()):
        try:
            return None, path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise QueryError(f"{path}: cannot read the query: {err}") from err
    if any(c.isspace() for c in arg) or "{" in arg:
        return None, arg
    return arg, None


def _run(args: argparse.Namespace) -> int:
    if args.list:
        _print_list()
        return 0
    params = _params(args.param)
    name, text = _read_query(args.query)
    if name is not None:
        named = named_query(name)
        with open_store(args.build) as store:
            result = run_named(store, named, params=params)
    else:
        assert text is not None
        bindings = {key: parse_term(value) for key, value in params.items()}
        with open_store(args.build) as store:
            result = run(store, text, params=bindings)
    write_result(result, sys.stdout, fmt=args.format, max_width=args.max_width)
    return 0
