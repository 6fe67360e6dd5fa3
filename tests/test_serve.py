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


def test_serve_timeout_is_503(server: SparqlServer, monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*args: object, **kwargs: object) -> object:
        time.sleep(1.0)
        raise AssertionError("should have timed out")

    monkeypatch.setattr(kg.serve, "run", slow)
    server.query_timeout = 0.1
    status, _, body = _request(f"{server.url}?{urlencode({'query': MET})}")
    assert status == 503 and "longer than 0.1 s" in body


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
