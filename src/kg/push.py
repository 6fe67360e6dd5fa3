"""Load a build into a running SPARQL server, one named graph per document.

Two ways in, both idempotent (pushing twice leaves the server as after one push):

- ``gsp`` (default): the SPARQL 1.1 Graph Store HTTP Protocol. Each document's graph is sent
  as N-Triples with ``PUT ?graph=IRI`` (which replaces the graph), and a graph larger than
  ``chunk_size`` triples continues with ``POST`` (append). N-Triples rather than Turtle:
  servers stream it (Virtuoso loads 1M triples in ~5 s where a large Turtle PUT hangs).
- ``update``: SPARQL 1.1 Update: ``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks (one
  huge INSERT DATA runs servers out of memory).

Then the server is made to hold exactly the build's graphs: the named graphs under kg's
document namespace (:data:`GRAPH_NAMESPACE`) that the server holds and the build does not
(a document removed from the corpus) are *stale* and are deleted (``DELETE ?graph=IRI``, or
``DROP SILENT GRAPH``). They are found with a SPARQL query (the Graph Store protocol cannot
list graphs), sent to the query endpoint that goes with the push endpoint (see
:func:`query_endpoint_for`) unless one is given. Graphs outside the namespace are never
touched. kg writes no default (union) graph on the server: the union is derived.

HTTP Basic and Digest authentication are both answered (Virtuoso's authenticated Graph Store
endpoint is ``/sparql-graph-crud-auth`` with Digest).
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import StoreError
from kg.iri import BASE
from kg.store import Store

__all__ = ["GRAPH_NAMESPACE", "Protocol", "PushReport", "push", "query_endpoint_for"]

log = logging.getLogger(__name__)

GRAPH_NAMESPACE = f"{BASE}document/"
"""The IRI prefix of every graph kg writes (a graph's IRI is its document's IRI)."""

_PAGE = 1000  # graphs per listing query: below every server's result-row cap

# push endpoint path suffix -> the query endpoint's (Virtuoso, RDF4J/GraphDB, Fuseki, Oxigraph)
_QUERY_PATHS = (
    ("/sparql-graph-crud-auth", "/sparql-auth"),
    ("/sparql-graph-crud", "/sparql"),
    ("/rdf-graphs/service", ""),
    ("/statements", ""),
    ("/data", "/query"),
    ("/update", "/query"),
    ("/store", "/query"),
)


class Protocol(StrEnum):
    """How triples are sent."""

    GSP = "gsp"
    UPDATE = "update"


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did.

    Attributes:
        endpoint: where the graphs went.
        graphs: named graphs replaced (with ``dry_run``: that would be).
        triples: triples sent (summed over graphs; with ``dry_run``: that would be).
        requests: HTTP requests made.
        stale: IRIs of the server's graphs under kg's namespace that the build lacks, found
            before the push (empty when stale graphs were not looked for).
        removed: how many of them were deleted (0 with ``dry_run`` or ``remove_stale=False``).
        query_endpoint: where the server's graphs were listed, if they were.
        dry_run: nothing was sent but read-only queries.
    """

    endpoint: str
    graphs: int
    triples: int
    requests: int
    stale: tuple[str, ...] = ()
    removed: int = 0
    query_endpoint: str | None = None
    dry_run: bool = False


def query_endpoint_for(endpoint: str) -> str:
    """The SPARQL query endpoint that goes with a Graph Store or Update ``endpoint``.

    Known layouts are mapped (Virtuoso ``/sparql-graph-crud[-auth]`` to ``/sparql[-auth]``;
    RDF4J and GraphDB ``…/rdf-graphs/service`` and ``…/statements`` to the repository;
    Fuseki and Oxigraph ``…/data``, ``…/update``, ``…/store`` to ``…/query``); any other
    endpoint is taken to answer queries itself (Virtuoso's ``/sparql-auth``, Blazegraph).
    """
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for suffix, replacement in _QUERY_PATHS:
        if path.endswith(suffix):
            return urlunsplit(parts._replace(path=path[: -len(suffix)] + replacement))
    return endpoint


def _opener(
    urls: Collection[str], user: str | None, password: str | None
) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            manager.add_password(None, url, user, password or "")
        handlers += [
            urllib.request.HTTPDigestAuthHandler(manager),
            urllib.request.HTTPBasicAuthHandler(manager),
        ]
    return urllib.request.build_opener(*handlers)


def _chunks(triples: Iterator[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    while chunk := list(islice(triples, size)):
        yield chunk


def _triples(store: Store, graph: ox.NamedNode) -> Iterator[ox.Triple]:
    for quad in store.inner.quads_for_pattern(None, None, None, graph):
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    assert data is not None
    return data


def _graph_url(endpoint: str, graph: str) -> str:
    return endpoint + ("&" if "?" in endpoint else "?") + "graph=" + quote(graph, safe="")


def push(
    store: Store,
    endpoint: str,
    *,
    protocol: Protocol | str = Protocol.GSP,
    user: str | None = None,
    password: str | None = None,
    chunk_size: int = 200_000,
    timeout: float = 600.0,
    progress: Callable[[str, int], None] | None = None,
    remove_stale: bool = True,
    query_endpoint: str | None = None,
    namespace: str = GRAPH_NAMESPACE,
    dry_run: bool = False,
) -> PushReport:
    """Make a SPARQL server hold the build's document graphs, and no others of kg's.

    Each of the build's named graphs replaces the server's graph of that name; then, unless
    ``remove_stale`` is false, the server's graphs whose IRI starts with ``namespace`` and
    that the build lacks are deleted. They are listed *before* the push, so a server that
    cannot be queried fails the push before anything is sent.

    Args:
        store: the build's store (see :func:`kg.store.open_store`).
        endpoint: the Graph Store endpoint (``gsp``, e.g.
            ``http://127.0.0.1:8890/sparql-graph-crud-auth``) or the SPARQL Update endpoint
            (``update``, e.g. ``http://127.0.0.1:8890/sparql-auth``).
        protocol: ``gsp`` or ``update``.
        user: user name for HTTP Basic or Digest authentication, if the server wants one.
        password: its password.
        chunk_size: triples per request (``update`` uses a tenth of it per INSERT DATA).
        timeout: seconds to wait for each HTTP answer.
        progress: called with (graph IRI, triples sent) after each graph.
        remove_stale: delete the server's graphs under ``namespace`` that the build lacks.
        query_endpoint: the SPARQL query endpoint that lists the server's graphs (default:
            :func:`query_endpoint_for` ``endpoint``); the same credentials are sent to it.
        namespace: the IRI prefix of the graphs kg owns on the server; no other graph is
            ever deleted.
        dry_run: send nothing: count what would be pushed and list (read-only) what would
            be removed.

    Returns:
        A :class:`PushReport`.

    Raises:
        StoreError: the server refused a request or cannot be reached, the query endpoint
            did not answer with SPARQL JSON results, or the build has no graphs while the
            server holds some of kg's (refused: an empty build is more likely a mistake).
    """
    protocol = Protocol(protocol)
    if chunk_size < 1:
        raise StoreError("the chunk size must be at least 1 triple.")
    if remove_stale and not namespace.strip():
        raise StoreError("the namespace of kg's graphs must not be empty.")
    lister = (query_endpoint or query_endpoint_for(endpoint)) if remove_stale else None
    opener = _opener([endpoint] + ([lister] if lister else []), user, password)
    # the default graph holds the union of the documents' graphs (see kg.store): it is
    # derived, so only the named graphs are pushed
    names = sorted(
        (g for g in store.inner.named_graphs() if isinstance(g, ox.NamedNode)),
        key=lambda g: g.value,
    )
    graphs = triples = requests = 0
    stale: tuple[str, ...] = ()
    if lister is not None:
        remote, requests = _remote_graphs(opener, lister, endpoint, namespace, timeout)
        stale = tuple(sorted(remote - {g.value for g in names}))
        if stale and not names:
            raise StoreError(
                f"the build {store.source} has no graphs: refusing to remove all "
                f"{len(stale)} of kg's graphs from {endpoint} (pass --keep-stale to push anyway)."
            )
    if dry_run:
        for graph in names:
            triples += sum(1 for _ in _triples(store, graph))
        return PushReport(
            endpoint=endpoint,
            graphs=len(names),
            triples=triples,
            requests=requests,
            stale=stale,
            query_endpoint=lister,
            dry_run=True,
        )
    for graph in names:
        sent = 0
        if protocol is Protocol.GSP:
            url = _graph_url(endpoint, graph.value)
            method = "PUT"
            for chunk in _chunks(_triples(store, graph), chunk_size):
                _send(opener, url, method, _ntriples(chunk), "application/n-triples", timeout)
                requests += 1
                sent += len(chunk)
                method = "POST"
            if method == "PUT":  # an empty graph: still replace what the server holds
                _send(opener, url, "PUT", b"", "application/n-triples", timeout)
                requests += 1
        else:
            _update(opener, endpoint, f"DROP SILENT GRAPH <{graph.value}>", timeout)
            requests += 1
            for chunk in _chunks(_triples(store, graph), max(1, chunk_size // 10)):
                body = _ntriples(chunk).decode("utf-8")
                _update(
                    opener,
                    endpoint,
                    f"INSERT DATA {{ GRAPH <{graph.value}> {{\n{body}}} }}",
                    timeout,
                )
                requests += 1
                sent += len(chunk)
        graphs += 1
        triples += sent
        if progress is not None:
            progress(graph.value, sent)
    removed = 0
    for iri in stale:
        if protocol is Protocol.GSP:
            # 404: already gone (removed meanwhile, or an empty graph the server never kept)
            _send(opener, _graph_url(endpoint, iri), "DELETE", None, None, timeout, ok=(404,))
        else:
            _update(opener, endpoint, f"DROP SILENT GRAPH <{iri}>", timeout)
        requests += 1
        removed += 1
        log.info("removed stale graph %s from %s", iri, endpoint)
    return PushReport(
        endpoint=endpoint,
        graphs=graphs,
        triples=triples,
        requests=requests,
        stale=stale,
        removed=removed,
        query_endpoint=lister,
    )


def _literal(text: str) -> str:
    """``text`` as a SPARQL string literal."""
    escapes = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
    return '"' + "".join(escapes.get(char, char) for char in text) + '"'


def _remote_graphs(
    opener: urllib.request.OpenerDirector, url: str, endpoint: str, namespace: str, timeout: float
) -> tuple[set[str], int]:
    """The non-empty named graphs whose IRI starts with ``namespace``, asked of ``url`` (the
    query endpoint of the server behind ``endpoint``).

    Paged by key (``STR(?g) > last``) rather than by OFFSET, which servers cap (Virtuoso's
    ``MaxSortedTopRows``). Returns the IRIs and the number of requests made.
    """
    found: set[str] = set()
    last = ""
    requests = 0
    while True:
        after = f" && STR(?g) > {_literal(last)}" if last else ""
        query = (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
            f"FILTER(STRSTARTS(STR(?g), {_literal(namespace)}){after}) }} "
            f"ORDER BY STR(?g) LIMIT {_PAGE}"
        )
        hint = (
            f"to list kg's graphs on the server behind {endpoint}, pass --query-endpoint "
            "with its SPARQL query URL, or skip removing stale graphs with --keep-stale"
        )
        # GET: safe by HTTP's rules, so a wrong URL (a Graph Store) is never written to
        request = url + ("&" if "?" in url else "?") + urlencode({"query": query})
        try:
            answer = _send(
                opener,
                request,
                "GET",
                None,
                None,
                timeout,
                accept="application/sparql-results+json",
                name=url,
            )
        except StoreError as err:
            if not isinstance(err.__cause__, urllib.error.HTTPError):
                raise  # the server is down: no hint about the query endpoint helps
            raise StoreError(f"{str(err).rstrip('.')}; {hint}.") from err
        requests += 1
        try:
            rows = json.loads(answer)["results"]["bindings"]
            page = [row["g"]["value"] for row in rows if row.get("g", {}).get("type") == "uri"]
        except (ValueError, KeyError, TypeError) as err:
            raise StoreError(
                f"GET {url}: the answer to a SPARQL query is no SPARQL JSON results "
                f"({type(err).__name__}: {err}); {hint}."
            ) from err
        fresh = {iri for iri in page if iri.startswith(namespace)} - found
        found |= fresh
        if len(rows) < _PAGE or not fresh:
            return found, requests
        last = page[-1]  # the server's own order, which its ``>`` agrees with


def _update(
    opener: urllib.request.OpenerDirector, endpoint: str, update: str, timeout: float
) -> None:
    body = urlencode({"update": update}).encode("utf-8")
    _send(opener, endpoint, "POST", body, "application/x-www-form-urlencoded", timeout)


def _send(
    opener: urllib.request.OpenerDirector,
    url: str,
    method: str,
    body: bytes | None,
    ctype: str | None,
    timeout: float,
    *,
    accept: str | None = None,
    ok: Collection[int] = (),
    name: str | None = None,
) -> bytes:
    """Send one request; ``ok`` are HTTP error codes taken as success, ``name`` stands for a
    long ``url`` (a query in it) in error messages."""
    headers = {"Content-Type": ctype} if ctype else {}
    if accept:
        headers["Accept"] = accept
    request = urllib.request.Request(url, data=body, method=method, headers=headers)
    try:
        with opener.open(request, timeout=timeout) as response:
            data: bytes = response.read()
            return data
    except urllib.error.HTTPError as err:
        if err.code in ok:
            return b""
        detail = err.read(500).decode("utf-8", errors="replace").strip().splitlines()
        reason = detail[0] if detail and detail[0] != err.reason else ""
        reason = f": {reason}" if reason else ""
        hint = " (check --user and --password)" if err.code in (401, 403) else ""
        raise StoreError(
            f"{method} {name or url}: HTTP {err.code} {err.reason}{reason}{hint}."
        ) from err
    except (urllib.error.URLError, OSError) as err:
        cause: object = getattr(err, "reason", err)
        raise StoreError(f"cannot reach {name or url}: {cause}.") from err
