"""Bulk loads into Virtuoso (``kg push --bulk``): its loader reads the build's files itself.

``kg push`` sends each document's graph over HTTP. For a large build Virtuoso's bulk loader
is much faster: the server reads the files from disk, several loaders in parallel. So
``bulk_push`` talks to Virtuoso's SQL port with its ``isql`` client and:

1. lists the server's graphs under kg's document namespace (SPARQL);
2. clears those graphs (the build's, to be replaced, and the stale ones of documents the
   corpus no longer has): their quads deleted from ``DB.DBA.RDF_QUAD`` by graph, with the
   transaction log off (``log_enable(3, 1)``);
3. registers exactly the build's N-Quads files with ``ld_add`` (the shards of ``kg build
   --shard-output``, listed in ``shards/manifest.json``, else the one ``graph.nq``), having
   forgotten an earlier load of the same paths;
4. runs ``rdf_loader_run()`` in ``loaders`` sessions at once, then ``checkpoint``;
5. reads back the loader's errors (``DB.DBA.load_list``) and fails naming the files.

The end state is that of :func:`kg.push.push`: the server holds exactly the build's
document graphs, graphs outside kg's namespace untouched. Unlike it, graphs are cleared
before they are loaded, so between steps 2 and 4 queries see them missing.

The server must be able to read the files: the same path (the same machine, or storage
shared at the same mount point), or ``server_dir``, where the server sees the build's
file folder; and that folder must be in ``DirsAllowed`` of its virtuoso.ini.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kg.build.shards import SHARDS_DIR, SHARDS_MANIFEST
from kg.errors import StoreError
from kg.push import GRAPH_NAMESPACE, PushReport

__all__ = ["ISQL_COMMANDS", "BulkFiles", "bulk_files", "bulk_push"]

log = logging.getLogger(__name__)

#: Names of Virtuoso's SQL client, tried in order (Debian calls it isql-vt: unixODBC has an
#: ``isql`` of its own).
ISQL_COMMANDS = ("isql-vt", "isql-v", "isql")

_OPTIONS = ("VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT")
_ERROR = "*** Error"


@dataclass(frozen=True, slots=True)
class BulkFiles:
    """The N-Quads files of a build that a bulk load reads, and what they hold."""

    folder: Path
    names: tuple[str, ...]
    graphs: frozenset[str]
    quads: int


def bulk_files(build: Path) -> BulkFiles:
    """The files of the build folder ``build`` to bulk-load: its shards' N-Quads files
    (``kg build --shard-output``), else its ``graph.nq``.

    Raises:
        StoreError: the build has neither, or its shard manifest is unreadable.
    """
    manifest = build / SHARDS_DIR / SHARDS_MANIFEST
    if manifest.is_file():
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            shards = data["shards"]
            names = tuple(str(s["files"]["nq"]) for s in shards)
            graphs = frozenset(str(g) for s in shards for g in s["graphs"])
            quads = sum(int(s["quads"]) for s in shards)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise StoreError(f"{manifest}: not a shard manifest of kg build ({err}).") from err
        return BulkFiles(build / SHARDS_DIR, names, graphs, quads)
    nquads = build / "graph.nq"
    if not nquads.is_file():
        raise StoreError(
            f"{build}: no shards/manifest.json and no graph.nq to bulk-load; build with "
            "--shard-output (or with nq among --formats)."
        )
    found: set[str] = set()
    quads = 0
    with nquads.open("rb") as stream:
        for line in stream:
            if line.strip():
                quads += 1
                start = line.rfind(b" <", 0, len(line.rstrip()) - 1)
                found.add(line[start + 2 : line.rindex(b">")].decode("utf-8"))
    return BulkFiles(build, ("graph.nq",), frozenset(found), quads)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _checked_iri(text: str) -> str:
    """``text``, if it is an IRI that kg writes (nothing to escape in SQL or SPARQL)."""
    if any(c in text for c in '<>"{}|^`\\ \n'):
        raise StoreError(f"not an IRI kg writes: {text!r}")
    return text


class Isql:
    """Virtuoso's SQL client, run with a script on its standard input."""

    def __init__(
        self, address: str, user: str, password: str, *, command: str | None, timeout: float
    ) -> None:
        found = shutil.which(command) if command else None
        if command and found is None:
            raise StoreError(f"{command}: no such program (Virtuoso's isql client).")
        if found is None:
            found = next((p for p in map(shutil.which, ISQL_COMMANDS) if p), None)
        if found is None:
            raise StoreError(
                "Virtuoso's isql client is not installed (isql-vt, from the Debian package "
                "virtuoso-opensource); pass its path with --isql-command."
            )
        self.program = found
        self.address = address
        self._login = [address, user, password]
        self._timeout = timeout

    def run(self, script: str) -> list[str]:
        """Run ``script`` (statements ending with ``;``); its output lines.

        Raises:
            StoreError: isql cannot connect or log in, or a statement failed (the first
                error and its statement are in the message).
        """
        try:
            done = subprocess.run(
                [self.program, *self._login, *_OPTIONS],
                input=script.encode("utf-8"),
                capture_output=True,
                timeout=self._timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as err:
            raise StoreError(
                f"Virtuoso at {self.address} did not finish within {self._timeout:g} s."
            ) from err
        except OSError as err:
            raise StoreError(f"cannot run {self.program}: {err}.") from err
        lines = done.stdout.decode("utf-8", errors="replace").splitlines()
        for k, line in enumerate(lines):
            if line.startswith(_ERROR):
                detail = line.split("]")[-1].strip() or line
                statement = next((x for x in lines[k + 2 : k + 4] if x.strip()), "").strip()
                hint = ""
                if "Bad login" in line:
                    hint = " (check --user and --password)"
                elif "Connect failed" in line:
                    hint = " (is Virtuoso's SQL port there? see --isql)"
                elif "FA003" in line:
                    hint = " (add the folder to DirsAllowed in virtuoso.ini, or see --server-dir)"
                where = f" in {statement[:200]!r}" if statement else ""
                raise StoreError(f"Virtuoso at {self.address}: {detail}{where}{hint}.")
        if done.returncode != 0:
            tail = done.stderr.decode("utf-8", errors="replace").strip()[-300:]
            raise StoreError(f"{self.program} exited with {done.returncode}: {tail}")
        return [line for line in lines if line.strip()]


def bulk_push(
    build: Path,
    *,
    isql: str = "127.0.0.1:1111",
    user: str = "dba",
    password: str = "dba",
    server_dir: str | None = None,
    loaders: int = 2,
    remove_stale: bool = True,
    namespace: str = GRAPH_NAMESPACE,
    dry_run: bool = False,
    isql_command: str | None = None,
    timeout: float = 3600.0,
    progress: Callable[[str], None] | None = None,
) -> PushReport:
    """Make Virtuoso hold the build's document graphs, and no others of kg's, by bulk load.

    Args:
        build: the build folder (``kg build -o``), with ``shards/`` or ``graph.nq``.
        isql: Virtuoso's SQL address, ``HOST:PORT``.
        user: the SQL user (``dba``, or one allowed to run the bulk loader).
        password: its password.
        server_dir: the folder of the files as the server sees it (default: their path
            here, absolute).
        loaders: ``rdf_loader_run()`` sessions at once (Virtuoso's advice: about one for
            every 2.5 cores of the server).
        remove_stale: clear the server's graphs under ``namespace`` that the build lacks.
        namespace: the IRI prefix of the graphs kg owns on the server.
        dry_run: change nothing: count what would be loaded and list what would be removed.
        isql_command: the isql program (default: the first of :data:`ISQL_COMMANDS`).
        timeout: seconds each isql session may take.
        progress: told of each step as it starts (a phrase, e.g. "loading 8 files").

    Returns:
        A :class:`~kg.push.PushReport`; ``requests`` counts isql sessions.

    Raises:
        StoreError: the build has nothing to load, isql is missing or cannot log in, the
            server cannot read the files, or the loader reported errors (naming the files).
    """
    if loaders < 1:
        raise StoreError("--loaders must be at least 1.")
    if remove_stale and not namespace.strip():
        raise StoreError("the namespace of kg's graphs must not be empty.")
    tell = progress or (lambda _: None)
    files = bulk_files(build)
    client = Isql(isql, user, password, command=isql_command, timeout=timeout)
    folder = server_dir.rstrip("/") if server_dir else str(files.folder.resolve())
    paths = [str(PurePosixPath(folder) / name) for name in files.names]
    listing = (
        "SPARQL SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f"FILTER(STRSTARTS(STR(?g), {json.dumps(namespace)})) }};\n"
    )
    tell(f"listing kg's graphs on Virtuoso at {isql}")
    remote = {g for g in client.run(listing) if g.startswith(namespace)}
    sessions = 1
    stale = tuple(sorted(remote - files.graphs)) if remove_stale else ()
    if stale and not files.graphs:
        raise StoreError(
            f"the build {build} has no graphs: refusing to remove all {len(stale)} of kg's "
            f"graphs from Virtuoso at {isql} (pass --keep-stale to push anyway)."
        )
    endpoint = f"virtuoso isql {isql}"
    if dry_run:
        return PushReport(
            endpoint=endpoint,
            graphs=len(files.graphs),
            triples=files.quads,
            requests=sessions,
            stale=stale,
            dry_run=True,
        )
    clear = sorted(remote & files.graphs) + list(stale)
    script = ["log_enable(3, 1);"]
    # a graph's quads deleted by its index (G), as Virtuoso advises for large graphs: a
    # SPARQL CLEAR GRAPH each took 36 ms, most of replacing 1,500 graphs
    script += [
        f"DELETE FROM DB.DBA.RDF_QUAD WHERE G = iri_to_id({_sql_string(_checked_iri(g))}, 0);"
        for g in clear
    ]
    script += [f"DELETE FROM DB.DBA.load_list WHERE ll_file = {_sql_string(p)};" for p in paths]
    script += [
        f"ld_add({_sql_string(p)}, {_sql_string(namespace)});" for p in paths
    ]  # ld_add: exactly these files (ld_dir would take any *.nq of the folder)
    tell(f"clearing {len(clear)} graph(s), registering {len(paths)} file(s)")
    client.run("\n".join(script) + "\n")
    sessions += 1
    running = min(loaders, len(paths))
    tell(f"loading {files.quads:,} quads from {len(paths)} file(s) with {running} loader(s)")
    with ThreadPoolExecutor(max_workers=running) as pool:
        list(pool.map(client.run, ["rdf_loader_run();\n"] * running))
    sessions += running
    tell("checkpoint, and the loader's errors")
    files_in = ", ".join(_sql_string(p) for p in paths)
    check = (
        "checkpoint;\n"
        f"SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_file IN ({files_in}) "
        "AND (ll_error IS NOT NULL OR ll_state <> 2);\n"
    )
    failed = client.run(check)
    sessions += 1
    if failed:
        raise StoreError(
            f"Virtuoso at {isql} did not load {len(failed)} file(s): " + "; ".join(failed[:5])
        )
    for iri in stale:
        log.info("removed stale graph %s from Virtuoso at %s", iri, isql)
    return PushReport(
        endpoint=endpoint,
        graphs=len(files.graphs),
        triples=files.quads,
        requests=sessions,
        stale=stale,
        removed=len(stale),
    )
