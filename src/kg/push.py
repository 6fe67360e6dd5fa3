"""Load a build into a running SPARQL server, one named graph per document.

Two ways in, both idempotent (pushing twice leaves the server as after one push):

- ``gsp`` (default): the SPARQL 1.1 Graph Store HTTP Protocol. Each document's graph is sent
  as N-Triples with ``PUT ?graph=IRI`` (which replaces the graph), and a graph larger than
  ``chunk_size`` triples continues with ``POST`` (append). N-Triples rather than Turtle:
  servers stream it (Virtuoso loads 1M triples in ~5 s where a large Turtle PUT hangs).
- ``update``: SPARQL 1.1 Update: ``DROP SILENT GRAPH`` then ``INSERT DATA`` in chunks (one
  huge INSERT DATA runs servers out of memory).

HTTP Basic and Digest authentication are both answered (Virtuoso's authenticated Graph Store
endpoint is ``/sparql-graph-crud-auth`` with Digest).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import islice
from urllib.parse import quote, urlencode

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import Store

__all__ = ["Protocol", "PushReport", "push"]

log = logging.getLogger(__name__)


class Protocol(StrEnum):
    """How triples are sent."""

    GSP = "gsp"
    UPDATE = "update"


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push did.

    Attributes:
        endpoint: where the graphs went.
        graphs: named graphs replaced.
        triples: triples sent (summed over graphs).
        requests: HTTP requests made.
    """

    endpoint: str
    graphs: int
    triples: int
    requests: int


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, endpoint, user, password or "")
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
) -> PushReport:
    """Replace, on a SPARQL server, each document's named graph with the build's.

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

    Returns:
        A :class:`PushReport`.

    Raises:
        StoreError: the server refused a request or cannot be reached.
    """
    protocol = Protocol(protocol)
    if chunk_size < 1:
        raise StoreError("the chunk size must be at least 1 triple.")
    opener = _opener(endpoint, user, password)
    # the default graph holds the union of the documents' graphs (see kg.store): it is
    # derived, so only the named graphs are pushed
    graphs = triples = requests = 0
    for graph in sorted(
        (g for g in store.inner.named_graphs() if isinstance(g, ox.NamedNode)),
        key=lambda g: g.value,
    ):
        sent = 0
        if protocol is Protocol.GSP:
            url = (
                endpoint
                + ("&" if "?" in endpoint else "?")
                + "graph="
                + quote(graph.value, safe="")
            )
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
    return PushReport(endpoint=endpoint, graphs=graphs, triples=triples, requests=requests)


def _update(
    opener: urllib.request.OpenerDirector, endpoint: str, update: str, timeout: float
) -> None:
    body = urlencode({"update": update}).encode("utf-8")
    _send(opener, endpoint, "POST", body, "application/x-www-form-urlencoded", timeout)


def _send(
    opener: urllib.request.OpenerDirector,
    url: str,
    method: str,
    body: bytes,
    ctype: str,
    timeout: float,
) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": ctype})
    try:
        with opener.open(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as err:
        detail = err.read(500).decode("utf-8", errors="replace").strip().splitlines()
        reason = detail[0] if detail and detail[0] != err.reason else ""
        reason = f": {reason}" if reason else ""
        hint = " (check --user and --password)" if err.code in (401, 403) else ""
        raise StoreError(f"{method} {url}: HTTP {err.code} {err.reason}{reason}{hint}.") from err
    except (urllib.error.URLError, OSError) as err:
        cause: object = getattr(err, "reason", err)
        raise StoreError(f"cannot reach {url}: {cause}.") from err
