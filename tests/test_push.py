"""Tests of kg.push: against a recording fake server, and end to end against Virtuoso."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from kg.cli import main
from kg.errors import StoreError
from kg.push import push
from kg.store import Store, open_store

TRIG = """\
@prefix kg: <https://w3id.org/arabic-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/arabic-kg/resource/document/d1> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar ;
      kg:metWith <https://w3id.org/arabic-kg/resource/person/mihailo> .
  <https://w3id.org/arabic-kg/resource/person/mihailo> a kg:Person ;
      rdfs:label "ميهايلو يوفانوفيتش"@ar .
}
<https://w3id.org/arabic-kg/resource/document/d2> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar .
  <https://w3id.org/arabic-kg/resource/agreement/transit> a kg:Agreement ;
      rdfs:label "اتفاقية عبور"@ar ; kg:value "45000000"^^xsd:decimal ; kg:currency "USD" .
}
"""
DOC = "https://w3id.org/arabic-kg/resource/document/"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "graph.trig").write_text(TRIG, encoding="utf-8")
    with open_store(tmp_path) as opened:
        yield opened


class _Recorder(BaseHTTPRequestHandler):
    """A Graph Store that keeps graphs as sets of N-Triples lines."""

    graphs: dict[str, set[str]]
    log: list[tuple[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _handle(self) -> None:
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        lines = {line for line in body.splitlines() if line.strip()}
        type(self).log.append((self.command, graph))
        if self.command == "PUT":
            type(self).graphs[graph] = lines
        else:
            type(self).graphs.setdefault(graph, set()).update(lines)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = _handle
    do_POST = _handle


@pytest.fixture
def fake_gsp() -> Iterator[type[_Recorder]]:
    handler = type("Recorder", (_Recorder,), {"graphs": {}, "log": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/gsp"  # type: ignore[attr-defined]
    yield handler
    httpd.shutdown()
    httpd.server_close()


def test_push_puts_one_graph_per_document(store: Store, fake_gsp: type[_Recorder]) -> None:
    report = push(store, fake_gsp.url)  # type: ignore[attr-defined]
    assert (report.graphs, report.triples) == (2, 11)
    assert sorted(fake_gsp.graphs) == [DOC + "d1", DOC + "d2"]
    assert len(fake_gsp.graphs[DOC + "d2"]) == 6
    push(store, fake_gsp.url)  # type: ignore[attr-defined]
    assert sum(len(g) for g in fake_gsp.graphs.values()) == 11  # replaced, not duplicated


def test_push_chunks_put_then_post(store: Store, fake_gsp: type[_Recorder]) -> None:
    report = push(store, fake_gsp.url, chunk_size=4)  # type: ignore[attr-defined]
    assert [m for m, g in fake_gsp.log if g == DOC + "d2"] == ["PUT", "POST"]
    assert report.requests == 4
    assert len(fake_gsp.graphs[DOC + "d2"]) == 6


def test_push_unreachable_server_raises(store: Store) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreError, match="cannot reach"):
        push(store, f"http://127.0.0.1:{port}/gsp", timeout=5)


# --------------------------------------------------------------------------- Virtuoso

_INI_CANDIDATES = (
    Path("/etc/virtuoso-opensource-7/virtuoso.ini"),
    Path("/usr/share/virtuoso-opensource-7/virtuoso.ini"),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _virtuoso_ini(template: str, db: Path, sql_port: int, http_port: int) -> str:
    text = template.replace("/var/lib/virtuoso-opensource-7/db/", f"{db}/")
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)1111\b.*$", rf"\g<1>127.0.0.1:{sql_port}", text)
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)8890\b.*$", rf"\g<1>127.0.0.1:{http_port}", text)
    text = re.sub(r"(?m)^(\s*ResultSetMaxRows\s*=\s*).*$", r"\g<1>1000000", text)
    return text


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway Virtuoso on loopback with its own database and ports; yields its base URL."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("virtuoso-t is not installed (bash scripts/install_system_deps.sh)")
    template = next((p for p in _INI_CANDIDATES if p.is_file()), None)
    if template is None:
        pytest.skip("no virtuoso.ini template found in /etc or /usr/share")
    db = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = _free_port(), _free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(
        _virtuoso_ini(template.read_text(encoding="utf-8"), db, sql_port, http_port),
        encoding="utf-8",
    )
    log = (db / "console.log").open("wb")
    proc = subprocess.Popen(
        [binary, "+configfile", str(ini), "+foreground"], cwd=db, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.skip(f"virtuoso-t exited with {proc.returncode}; see {db}/console.log")
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.skip(f"virtuoso-t did not answer within 90 s; see {db}/console.log")
                time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def _remote_count(base: str) -> int:
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DOC}")) }}'
    )
    request = urllib.request.Request(
        f"{base}/sparql?{urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.loads(response.read())
    return int(data["results"]["bindings"][0]["n"]["value"])


@pytest.mark.external
@pytest.mark.slow
def test_push_virtuoso_count_matches_and_repush_is_idempotent(
    store: Store, virtuoso: str, capsys: pytest.CaptureFixture[str]
) -> None:
    build = store.source.parent
    argv = ["push", "-b", str(build), "--endpoint", f"{virtuoso}/sparql-graph-crud-auth"]
    argv += ["--user", "dba", "--password", "dba"]
    assert main(argv) == 0
    assert _remote_count(virtuoso) == len(store) == 11
    assert main(argv) == 0
    assert _remote_count(virtuoso) == 11
    assert "pushed 11 triples in 2 graphs" in capsys.readouterr().err


@pytest.mark.external
@pytest.mark.slow
def test_push_virtuoso_update_protocol(store: Store, virtuoso: str) -> None:
    endpoint = f"{virtuoso}/sparql-auth"
    push(store, endpoint, protocol="update", user="dba", password="dba", chunk_size=30)
    push(store, endpoint, protocol="update", user="dba", password="dba", chunk_size=30)
    assert _remote_count(virtuoso) == len(store)


@pytest.mark.external
@pytest.mark.slow
def test_push_virtuoso_wrong_password_raises(store: Store, virtuoso: str) -> None:
    with pytest.raises(StoreError, match="HTTP 401"):
        push(store, f"{virtuoso}/sparql-graph-crud-auth", user="dba", password="wrong")
