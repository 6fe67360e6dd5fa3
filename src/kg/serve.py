"""A read-only SPARQL 1.1 Protocol endpoint over a store, on the loopback interface.

``GET /sparql?query=...`` and ``POST /sparql`` (form-encoded ``query=`` or a raw
``application/sparql-query`` body) answer with the format the ``Accept`` header (or a
``format=`` parameter) asks for: SPARQL results as JSON, XML, CSV or TSV; CONSTRUCT and
DESCRIBE as Turtle or N-Triples. Updates are refused with 403. ``GET /`` is a small query
page that works offline (no script or style from elsewhere).

Each query runs in a worker process (:class:`kg.querypool.QueryPool`) with a deadline,
counted from the request's arrival: a request waits for a free worker until then, and a
query still running then is cancelled (its worker killed and replaced) and the client
gets 503. At most ``max_workers`` queries run at a time, at most ``per_client`` requests
of one client address are in the server at once (429 past it), a result has at most
``max_rows`` rows (507 past it) and a request body at most :data:`MAX_BODY` bytes (413).
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import threading
from collections import Counter
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kg import __version__
from kg.errors import KgError
from kg.query import MEDIA_TYPES, QueryForm, is_update, list_named
from kg.querypool import Answer, QueryPool
from kg.store import PREFIXES, Store

__all__ = ["SparqlServer", "make_server", "negotiate"]

log = logging.getLogger(__name__)

_RESULT_FORMATS = ("json", "xml", "csv", "tsv")
_GRAPH_FORMATS = ("turtle", "ntriples")
_ACCEPT = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
}
#: The largest request body read (bytes): a query of a megabyte is already absurd.
MAX_BODY = 1 << 20

_DRAIN_MAX = 8 * MAX_BODY  # a body past MAX_BODY but under this is read (and thrown away)


def negotiate(accept: str | None, form: QueryForm, override: str | None = None) -> str | None:
    """Pick the output format for a result from an ``Accept`` header.

    Args:
        accept: the header value (None or empty: anything).
        form: the kind of result.
        override: a ``format=`` request parameter (json, xml, csv, tsv, turtle, ntriples or a
            media type), which wins over the header.

    Returns:
        A format name of :data:`kg.query.FORMATS`, or None when nothing acceptable is offered.
    """
    offered = _GRAPH_FORMATS if form is QueryForm.GRAPH else _RESULT_FORMATS
    if override:
        name = _ACCEPT.get(override.strip().lower(), override.strip().lower())
        return name if name in offered else None
    if not accept:
        return offered[0]
    choices: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept.split(",")):
        media, *options = (part.strip() for part in item.split(";"))
        quality = 1.0
        for option in options:
            key, _, value = option.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        if quality <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            candidates = [
                f for f in offered if media == "*/*" or MEDIA_TYPES[f].startswith(media[:-1])
            ]
            if candidates:
                choices.append((quality - 0.001, position, candidates[0]))
        elif _ACCEPT.get(media) in offered:
            choices.append((quality, position, _ACCEPT[media]))
    if not choices:
        return None
    choices.sort(key=lambda c: (-c[0], c[1]))
    return choices[0][2]


class TooManyRequests(Exception):
    """A client has as many requests in the server as it may."""


class SparqlServer(ThreadingHTTPServer):
    """The HTTP server: holds the store, the timeout, the query workers and the bounds."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        store: Store,
        *,
        timeout: float = 10.0,
        max_workers: int = 4,
        per_client: int = 32,
        max_rows: int = 100_000,
    ) -> None:
        """Bind the server and start its query workers.

        Args:
            address: (host, port); port 0 picks a free one.
            store: the store to answer from.
            timeout: seconds from a request's arrival to its answer, waiting for a
                worker included; past it the query is cancelled and the client gets 503.
            max_workers: queries that may run at once (worker processes).
            per_client: requests one client address may have in the server at once.
            max_rows: rows (or triples) a result may have.
        """
        super().__init__(address, _Handler)
        self.store = store
        self.query_timeout = timeout
        self.per_client = per_client
        self._clients: Counter[str] = Counter()
        self._clients_lock = threading.Lock()
        try:
            self.pool = QueryPool(store.reader(), size=max_workers, max_rows=max_rows)
        except BaseException:
            super().server_close()
            raise

    @contextlib.contextmanager
    def client_slot(self, client: str) -> Iterator[None]:
        """Count a request of ``client`` while it is in the server.

        Raises:
            TooManyRequests: the client already has ``per_client`` requests in.
        """
        with self._clients_lock:
            if self._clients[client] >= self.per_client:
                raise TooManyRequests(client)
            self._clients[client] += 1
        try:
            yield
        finally:
            with self._clients_lock:
                self._clients[client] -= 1
                if not self._clients[client]:
                    del self._clients[client]

    def server_close(self) -> None:
        """Stop the query workers (cancelling running queries) and close the socket."""
        self.pool.close()
        super().server_close()

    @property
    def url(self) -> str:
        """The endpoint's URL (``http://127.0.0.1:PORT/sparql``)."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/sparql"

    def answer(self, sparql: str, accept: str | None = None, override: str | None = None) -> Answer:
        """Answer one query within the timeout (see the module)."""
        return self.pool.answer(sparql, accept, override, timeout=self.query_timeout)


def make_server(
    store: Store,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    timeout: float = 10.0,
    max_workers: int = 4,
    per_client: int = 32,
    max_rows: int = 100_000,
) -> SparqlServer:
    """Create (not start) a read-only SPARQL endpoint over ``store``.

    Call ``serve_forever()`` on the result (in a thread for tests), ``shutdown()`` to stop.

    Args:
        store: the store to serve.
        host: the interface to listen on (loopback by default).
        port: the TCP port; 0 picks a free one (see ``SparqlServer.url``).
        timeout: seconds per request (waiting for a worker included).
        max_workers: queries that may run at once.
        per_client: requests one client address may have in the server at once.
        max_rows: rows (or triples) a result may have.

    Returns:
        The bound :class:`SparqlServer`.

    Raises:
        KgError: the address cannot be bound.
    """
    try:
        return SparqlServer(
            (host, port),
            store,
            timeout=timeout,
            max_workers=max_workers,
            per_client=per_client,
            max_rows=max_rows,
        )
    except OSError as err:
        raise KgError(f"cannot listen on {host}:{port}: {err.strerror or err}.") from err


class _Handler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = f"kg/{__version__}"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    # -- routing

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", _page().encode("utf-8"))
            return
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}; the endpoint is /sparql")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        self._dispatch(params, None)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._error(HTTPStatus.NOT_FOUND, f"no such page: {url.path}; the endpoint is /sparql")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "the Content-Length header is not a number")
            return
        if length > MAX_BODY:
            self.close_connection = True  # the body is not used
            if length <= _DRAIN_MAX:  # read it all first: a client still sending when the
                self.rfile.read(length)  # socket closes sees a broken pipe, not the 413
            self._error(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {length:,} bytes; the most this endpoint reads is "
                f"{MAX_BODY:,}",
            )
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            self._refuse_update()
            return
        if ctype == "application/sparql-query":
            self._dispatch(params, body)
        elif ctype in ("application/x-www-form-urlencoded", ""):
            params.update(parse_qs(body, keep_blank_values=True))
            self._dispatch(params, None)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported Content-Type {ctype!r}")

    def do_PUT(self) -> None:
        self._refuse_update()

    def do_DELETE(self) -> None:
        self._refuse_update()

    def do_PATCH(self) -> None:
        self._refuse_update()

    # -- answering

    def _dispatch(self, params: dict[str, list[str]], body: str | None) -> None:
        if "update" in params:
            self._refuse_update()
            return
        queries = [body] if body is not None else params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._error(HTTPStatus.BAD_REQUEST, "give exactly one query (query=...)")
            return
        sparql = queries[0]
        if is_update(sparql):
            self._refuse_update()
            return
        overrides = params.get("format") or params.get("output") or []
        override = overrides[0] if overrides else None
        try:
            with self.server.client_slot(self.client_address[0]):
                answer = self.server.answer(sparql, self.headers.get("Accept"), override)
        except TooManyRequests:
            self._error(
                HTTPStatus.TOO_MANY_REQUESTS,
                f"this client already has {self.server.per_client} requests in the server; "
                "wait for their answers",
            )
            return
        self._send(answer.status, answer.media_type, answer.body)

    def _refuse_update(self) -> None:
        self._error(HTTPStatus.FORBIDDEN, "this endpoint is read-only: SPARQL Update is refused")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def _send(self, status: HTTPStatus, ctype: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def _page() -> str:
    named = {q.name: q.text for q in list_named()}
    options = "".join(
        f'<option value="{html.escape(name)}">{html.escape(name)}</option>' for name in named
    )
    prefixes = " ".join(sorted(PREFIXES))
    return _PAGE.format(
        options=options,
        named=json.dumps(named, ensure_ascii=False).replace("</", "<\\/"),
        prefixes=html.escape(prefixes),
        version=html.escape(__version__),
    )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>kg SPARQL</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; }}
textarea {{ width: 100%; height: 14em; font-family: monospace; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #bbb; padding: .2em .5em; vertical-align: top; }}
td {{ unicode-bidi: plaintext; }}
#status {{ color: #555; margin-left: 1em; }}
pre {{ background: #f4f4f4; padding: .5em; white-space: pre-wrap; }}
</style></head>
<body>
<h1>kg SPARQL endpoint</h1>
<p>Read-only. Prefixes predeclared: {prefixes}. Endpoint: <code>/sparql</code>.</p>
<form id="form">
<label>Named query (a parameter left unbound matches everything):
<select id="named"><option value="">-</option>{options}</select></label>
<textarea id="query" name="query">SELECT ?type (COUNT(DISTINCT ?s) AS ?n)
WHERE {{ ?s a ?type }} GROUP BY ?type</textarea>
<button type="submit">Run</button><span id="status"></span>
</form>
<div id="out"></div>
<script id="named-queries" type="application/json">{named}</script>
<script>
const named = JSON.parse(document.getElementById("named-queries").textContent);
document.getElementById("named").onchange = (e) => {{
  if (named[e.target.value]) document.getElementById("query").value = named[e.target.value];
}};
function cell(term) {{
  if (!term) return "";
  return term.value + (term["xml:lang"] ? " @" + term["xml:lang"] : "");
}}
document.getElementById("form").onsubmit = async (e) => {{
  e.preventDefault();
  const status = document.getElementById("status"), out = document.getElementById("out");
  status.textContent = "running...";
  out.textContent = "";
  const started = performance.now();
  const response = await fetch("/sparql", {{
    method: "POST",
    headers: {{"Content-Type": "application/x-www-form-urlencoded",
               "Accept": "application/sparql-results+json, text/turtle;q=0.9"}},
    body: new URLSearchParams({{query: document.getElementById("query").value}}),
  }});
  const text = await response.text();
  status.textContent = response.status + " in " + Math.round(performance.now() - started) + " ms";
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok || !type.includes("json")) {{
    const pre = document.createElement("pre"); pre.textContent = text; out.appendChild(pre); return;
  }}
  const data = JSON.parse(text);
  if ("boolean" in data) {{ out.textContent = String(data.boolean); return; }}
  const table = document.createElement("table"), head = table.insertRow();
  for (const v of data.head.vars) {{
    const th = document.createElement("th"); th.textContent = v; head.appendChild(th);
  }}
  for (const b of data.results.bindings) {{
    const row = table.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = cell(b[v]);
  }}
  out.appendChild(table);
  status.textContent += ", " + data.results.bindings.length + " rows";
}};
</script>
<p><small>kg {version}</small></p>
</body></html>
"""
