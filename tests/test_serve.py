"""Tests of kg.serve: the read-only SPARQL 1.1 Protocol endpoint."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from SPARQLWrapper import CSV, JSON, POST, XML, SPARQLWrapper

import kg.serve
from kg.query import QueryForm
from kg.serve import SparqlServer, make_server, negotiate
from kg.store import open_store

TRIG = """\
@prefix kg: <https://w3id.org/arabic-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/arabic-kg/resource/document/d1> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar ;
      kg:metWith <https://w3id.org/arabic-kg/resource/person/mihailo> .
  <https://w3id.org/arabic-kg/resource/person/mihailo> a kg:Person ;
      rdfs:label "ميهايلو يوفانوفيتش"@ar .
}
"""

MET = "SELECT ?name WHERE { ?a kg:metWith ?b . ?b rdfs:label ?name }"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SparqlServer]:
    (tmp_path / "graph.trig").write_text(TRIG, encoding="utf-8")
    store = open_store(tmp_path)
    httpd = make_server(store, port=0, timeout=2.0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)
    store.close()


def _request(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as err:
        with err:
            return err.code, err.headers["Content-Type"], err.read().decode()


def test_serve_answers_sparqlwrapper_json_xml_csv(server: SparqlServer) -> None:
    client = SPARQLWrapper(server.url)
    client.setQuery("PREFIX kg: <https://w3id.org/arabic-kg/ontology#>\n" + MET)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert isinstance(data, dict)
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["ميهايلو يوفانوفيتش"]
    client.setReturnFormat(XML)
    client.setMethod(POST)
    xml = client.query().convert()
    assert "ميهايلو يوفانوفيتش" in xml.toxml()  # type: ignore[union-attr]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1] == "ميهايلو يوفانوفيتش"  # type: ignore[union-attr]


def test_serve_post_sparql_query_body(server: SparqlServer) -> None:
    status, ctype, body = _request(
        server.url,
        data=MET.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert (status, ctype.split(";")[0]) == (200, "text/csv")
    assert body.splitlines() == ["name", "ميهايلو يوفانوفيتش"]


def test_serve_construct_as_turtle(server: SparqlServer) -> None:
    query = urlencode({"query": "CONSTRUCT WHERE { ?a kg:metWith ?b }"})
    status, ctype, body = _request(f"{server.url}?{query}", headers={"Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle")
    assert "kg:metWith" in body


@pytest.mark.parametrize(
    "request_kwargs",
    [
        pytest.param({"query": "INSERT DATA { <a:b> <a:b> <a:b> }"}, id="insert-as-query"),
        pytest.param({"update": "DELETE WHERE { ?s ?p ?o }"}, id="update-param"),
    ],
)
def test_serve_refuses_updates(server: SparqlServer, request_kwargs: dict[str, str]) -> None:
    status, _, body = _request(server.url, data=urlencode(request_kwargs).encode())
    assert status == 403 and "read-only" in body
    status, _, _ = _request(
        server.url,
        data=b"DELETE WHERE { ?s ?p ?o }",
        headers={"Content-Type": "application/sparql-update"},
    )
    assert status == 403
    status, _, body = _request(server.url, headers={"Accept": "text/csv"}, data=None)
    assert status == 400  # no query at all
    count = _request(
        f"{server.url}?{urlencode({'query': 'SELECT (COUNT(*) AS ?n) { ?s ?p ?o }'})}",
        headers={"Accept": "text/csv"},
    )
    assert count[2].splitlines()[1] == "5"


def test_serve_syntax_error_is_400_with_position(server: SparqlServer) -> None:
    status, _, body = _request(f"{server.url}?{urlencode({'query': 'SELECT ?s WHERE {'})}")
    assert status == 400 and "line 1" in body


def test_serve_timeout_is_503_and_the_worker_is_replaced(tmp_path: Path) -> None:
    from tests.test_serve_bounds import PATHOLOGICAL, TRIVIAL, _trig

    (tmp_path / "graph.trig").write_text(_trig(500), encoding="utf-8")
    store = open_store(tmp_path)
    httpd = make_server(store, port=0, timeout=0.5, max_workers=1)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        started = time.monotonic()
        status, _, body = _request(f"{httpd.url}?{urlencode({'query': PATHOLOGICAL})}")
        assert status == 503 and "cancelled (0.5 s)" in body
        assert time.monotonic() - started < 1.5
        status, _, body = _request(f"{httpd.url}?{urlencode({'query': TRIVIAL})}")
        assert status == 200  # the one worker was killed and replaced
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
        store.close()


def test_serve_bounds_the_rows_of_a_result(tmp_path: Path) -> None:
    from tests.test_serve_bounds import _trig

    (tmp_path / "graph.trig").write_text(_trig(50), encoding="utf-8")
    store = open_store(tmp_path)
    httpd = make_server(store, port=0, max_rows=10)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        query = urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"})
        status, _, body = _request(f"{httpd.url}?{query}")
        assert status == 507 and "more than 10 rows" in body
        query = urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
        assert _request(f"{httpd.url}?{query}")[0] == 200
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
        store.close()


def test_serve_bounds_the_requests_of_one_client(server: SparqlServer) -> None:
    with server.client_slot("10.0.0.1"):
        for _ in range(server.per_client - 1):
            server._clients["10.0.0.1"] += 1
        with pytest.raises(kg.serve.TooManyRequests), server.client_slot("10.0.0.1"):
            pass
        server._clients["10.0.0.1"] -= server.per_client - 1
    assert "10.0.0.1" not in server._clients


def test_serve_query_page_works_offline(server: SparqlServer) -> None:
    status, ctype, page = _request(server.url.removesuffix("/sparql") + "/")
    assert status == 200 and ctype.startswith("text/html")
    assert "<textarea" in page and "met_with" in page
    assert "src=" not in page and 'href="http' not in page and "cdn" not in page.lower()


@pytest.mark.parametrize(
    ("accept", "form", "expected"),
    [
        pytest.param(None, QueryForm.SELECT, "json", id="default-select"),
        pytest.param(None, QueryForm.GRAPH, "turtle", id="default-graph"),
        pytest.param(
            "text/csv;q=0.5, application/sparql-results+xml", QueryForm.SELECT, "xml", id="quality"
        ),
        pytest.param("text/tab-separated-values", QueryForm.SELECT, "tsv", id="tsv"),
        pytest.param("application/n-triples", QueryForm.GRAPH, "ntriples", id="ntriples"),
        pytest.param("text/turtle", QueryForm.SELECT, None, id="not-acceptable"),
        pytest.param("*/*", QueryForm.ASK, "json", id="any"),
    ],
)
def test_serve_negotiate(accept: str | None, form: QueryForm, expected: str | None) -> None:
    assert negotiate(accept, form) == expected
