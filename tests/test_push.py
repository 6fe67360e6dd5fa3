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

PREFIXES = """\
@prefix kg: <https://w3id.org/arabic-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
D1 = """\
<https://w3id.org/arabic-kg/resource/document/d1> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar ;
      kg:metWith <https://w3id.org/arabic-kg/resource/person/mihailo> .
  <https://w3id.org/arabic-kg/resource/person/mihailo> a kg:Person ;
      rdfs:label "ميهايلو يوفانوفيتش"@ar .
}
"""
D2 = """\
<https://w3id.org/arabic-kg/resource/document/d2> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar .
  <https://w3id.org/arabic-kg/resource/agreement/transit> a kg:Agreement ;
      rdfs:label "اتفاقية عبور"@ar ; kg:value "45000000"^^xsd:decimal ; kg:currency "USD" .
}
"""
TRIG = PREFIXES + D1 + D2
DOC = "https://w3id.org/arabic-kg/resource/document/"
OTHER = "http://example.org/not-kg/graph"  # a graph kg does not own: never to be touched


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "graph.trig").write_text(TRIG, encoding="utf-8")
    with open_store(tmp_path) as opened:
        yield opened


@pytest.fixture
def store_d1(tmp_path: Path) -> Iterator[Store]:
    """The build after d2 was removed from the corpus."""
    build = tmp_path / "without-d2"
    build.mkdir()
    (build / "graph.trig").write_text(PREFIXES + D1, encoding="utf-8")
    with open_store(build) as opened:
        yield opened


class _Recorder(BaseHTTPRequestHandler):
    """A Graph Store (``/ds/data``) that keeps graphs as sets of N-Triples lines, with a
    query endpoint (``/ds/query``) that lists every non-empty graph, whatever the query."""

    graphs: dict[str, set[str]]
    log: list[tuple[str, str]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _reply(self, status: int, body: bytes = b"", ctype: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        if split.path == "/ds/query":
            type(self).log.append(("QUERY", parse_qs(split.query)["query"][0]))
            rows = [{"g": {"type": "uri", "value": g}} for g, ts in self.graphs.items() if ts]
            answer = {"head": {"vars": ["g"]}, "results": {"bindings": rows}}
            self._reply(200, json.dumps(answer).encode(), "application/sparql-results+json")
        elif split.path == "/ds/data":  # GSP GET: a graph's triples (here all of them)
            triples = "\n".join(t for ts in self.graphs.values() for t in ts)
            self._reply(200, triples.encode(), "application/n-triples")
        else:
            self._reply(404, b"no such service")

    def _handle(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if urlsplit(self.path).path != "/ds/data":
            self._reply(404, b"no such service")
            return
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        lines = {line for line in body.splitlines() if line.strip()}
        type(self).log.append((self.command, graph))
        if self.command == "DELETE":
            self._reply(200 if type(self).graphs.pop(graph, None) is not None else 404)
            return
        if self.command == "PUT":
            type(self).graphs[graph] = lines
        else:
            type(self).graphs.setdefault(graph, set()).update(lines)
        self._reply(201)

    do_PUT = _handle
    do_POST = _handle
    do_DELETE = _handle


@pytest.fixture
def fake_gsp() -> Iterator[type[_Recorder]]:
    handler = type("Recorder", (_Recorder,), {"graphs": {}, "log": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    handler.url = f"http://127.0.0.1:{httpd.server_address[1]}/ds/data"  # type: ignore[attr-defined]
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
    assert report.requests == 5  # the listing query, then PUT d1, PUT d2, POST d2
    assert len(fake_gsp.graphs[DOC + "d2"]) == 6


def test_push_removes_stale_graphs_only_in_kg_namespace(
    store: Store, store_d1: Store, fake_gsp: type[_Recorder]
) -> None:
    url = fake_gsp.url  # type: ignore[attr-defined]
    fake_gsp.graphs[OTHER] = {
        "<http://example.org/s> <http://example.org/p> <http://example.org/o> ."
    }
    push(store, url)
    report = push(store_d1, url)
    assert (report.graphs, report.triples, report.removed) == (1, 5, 1)
    assert report.stale == (DOC + "d2",)
    assert report.query_endpoint == url.replace("/ds/data", "/ds/query")
    assert sorted(fake_gsp.graphs) == [OTHER, DOC + "d1"]
    # listed before anything is sent; removed after the build's graphs are in
    assert [m for m, _ in fake_gsp.log[-3:]] == ["QUERY", "PUT", "DELETE"]
    assert ("DELETE", OTHER) not in fake_gsp.log


def test_push_keep_stale_neither_lists_nor_removes(
    store: Store, store_d1: Store, fake_gsp: type[_Recorder]
) -> None:
    url = fake_gsp.url  # type: ignore[attr-defined]
    push(store, url)
    report = push(store_d1, url, remove_stale=False)
    assert (report.removed, report.stale, report.query_endpoint) == (0, (), None)
    assert sorted(fake_gsp.graphs) == [DOC + "d1", DOC + "d2"]
    assert [m for m, _ in fake_gsp.log[-1:]] == ["PUT"]


def test_push_dry_run_changes_nothing(
    store: Store, store_d1: Store, fake_gsp: type[_Recorder]
) -> None:
    url = fake_gsp.url  # type: ignore[attr-defined]
    push(store, url)
    before = len(fake_gsp.log)
    report = push(store_d1, url, dry_run=True)
    assert (report.dry_run, report.graphs, report.triples) == (True, 1, 5)
    assert (report.stale, report.removed) == ((DOC + "d2",), 0)
    assert [m for m, _ in fake_gsp.log[before:]] == ["QUERY"]
    assert sum(len(g) for g in fake_gsp.graphs.values()) == 11


def test_push_cli_summary_and_dry_run(
    store: Store, store_d1: Store, fake_gsp: type[_Recorder], capsys: pytest.CaptureFixture[str]
) -> None:
    url = fake_gsp.url  # type: ignore[attr-defined]
    assert main(["push", "-b", str(store.source.parent), "--endpoint", url]) == 0
    argv = ["push", "-b", str(store_d1.source.parent), "--endpoint", url]
    assert main([*argv, "--dry-run"]) == 0
    assert main([*argv, "--keep-stale"]) == 0
    assert main(argv) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"kg: pushed 11 triples in 2 graphs to {url}; removed 0 stale graphs",
        f"kg: dry run: would push 5 triples in 1 graph to {url}; would remove 1 stale graph",
        f"kg: would remove {DOC}d2",
        f"kg: pushed 5 triples in 1 graph to {url}; stale graphs kept (--keep-stale)",
        f"kg: pushed 5 triples in 1 graph to {url}; removed 1 stale graph",
    ]
    assert sorted(fake_gsp.graphs) == [DOC + "d1"]


def test_push_unlistable_server_fails_before_sending(
    store: Store, fake_gsp: type[_Recorder]
) -> None:
    url = fake_gsp.url  # type: ignore[attr-defined]
    nowhere = url.replace("/ds/data", "/nowhere")
    with pytest.raises(StoreError, match="--query-endpoint") as caught:
        push(store, url, query_endpoint=nowhere)
    assert nowhere in str(caught.value) and "HTTP 404" in str(caught.value)
    assert fake_gsp.log == []
    # a Graph Store endpoint that answers a query with no SPARQL results is named too
    with pytest.raises(StoreError, match="no SPARQL JSON results") as caught:
        push(store, url, query_endpoint=url)
    assert url in str(caught.value)
    assert fake_gsp.log == []


def test_push_empty_build_refuses_to_remove_everything(
    tmp_path: Path, fake_gsp: type[_Recorder]
) -> None:
    url = fake_gsp.url  # type: ignore[attr-defined]
    fake_gsp.graphs[DOC + "d1"] = {"<http://example.org/s> <http://example.org/p> 1 ."}
    empty = tmp_path / "empty.nt"
    empty.write_text("", encoding="utf-8")
    with open_store(empty) as opened, pytest.raises(StoreError, match="refusing to remove"):
        push(opened, url)
    assert DOC + "d1" in fake_gsp.graphs


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


def _virtuoso_ini(
    template: str, db: Path, sql_port: int, http_port: int, allowed: Path | None = None
) -> str:
    text = template.replace("/var/lib/virtuoso-opensource-7/db/", f"{db}/")
    if allowed is not None:  # the bulk loader reads files only from DirsAllowed
        text = re.sub(r"(?m)^(\s*DirsAllowed\s*=\s*)(.*)$", rf"\g<1>\2, {allowed}", text)
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)1111\b.*$", rf"\g<1>127.0.0.1:{sql_port}", text)
    text = re.sub(r"(?m)^(\s*ServerPort\s*=\s*)8890\b.*$", rf"\g<1>127.0.0.1:{http_port}", text)
    text = re.sub(r"(?m)^(\s*ResultSetMaxRows\s*=\s*).*$", r"\g<1>1000000", text)
    return text


_SQL_PORTS: dict[str, int] = {}  # a test Virtuoso's SQL port, by its base URL


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
        _virtuoso_ini(
            template.read_text(encoding="utf-8"),
            db,
            sql_port,
            http_port,
            allowed=tmp_path_factory.getbasetemp(),
        ),
        encoding="utf-8",
    )
    _SQL_PORTS[f"http://127.0.0.1:{http_port}"] = sql_port
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


def _select(base: str, query: str) -> list[dict[str, str]]:
    request = urllib.request.Request(
        f"{base}/sparql?{urlencode({'query': query})}",
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = json.loads(response.read())
    return [{k: v["value"] for k, v in row.items()} for row in data["results"]["bindings"]]


def _remote_count(base: str) -> int:
    query = (
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DOC}")) }}'
    )
    return int(_select(base, query)[0]["n"])


def _remote_graphs(base: str) -> list[str]:
    """The server's non-empty graphs that are kg's, or the foreign test graph."""
    query = (
        "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
        f'FILTER(STRSTARTS(STR(?g), "{DOC}") || ?g = <{OTHER}>) }}'
    )
    return sorted(row["g"] for row in _select(base, query))


def _put_foreign_graph(base: str) -> None:
    """A graph outside kg's namespace, as another tool would have left it."""
    url = f"{base}/sparql-graph-crud-auth?{urlencode({'graph': OTHER})}"
    body = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, url, "dba", "dba")
    opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(manager))
    request = urllib.request.Request(
        url, data=body, method="PUT", headers={"Content-Type": "application/n-triples"}
    )
    with opener.open(request, timeout=30) as response:
        response.read()


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


@pytest.mark.external
@pytest.mark.slow
def test_push_virtuoso_removes_a_removed_documents_graph(
    store: Store, store_d1: Store, virtuoso: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _put_foreign_graph(virtuoso)
    argv = ["push", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth"]
    argv += ["--user", "dba", "--password", "dba"]
    assert main([*argv, "-b", str(store.source.parent)]) == 0
    assert _remote_graphs(virtuoso) == [OTHER, DOC + "d1", DOC + "d2"]
    assert _remote_count(virtuoso) == len(store) == 11
    capsys.readouterr()
    assert main([*argv, "-b", str(store_d1.source.parent)]) == 0
    assert _remote_graphs(virtuoso) == [OTHER, DOC + "d1"]
    assert _remote_count(virtuoso) == len(store_d1) == 5
    assert "pushed 5 triples in 1 graph to" in (err := capsys.readouterr().err)
    assert "removed 1 stale graph" in err
    # and back: pushing the full build again restores d2 and removes nothing
    report = push(store, f"{virtuoso}/sparql-graph-crud-auth", user="dba", password="dba")
    assert (report.graphs, report.removed, _remote_count(virtuoso)) == (2, 0, 11)


@pytest.mark.external
@pytest.mark.slow
def test_push_virtuoso_keep_stale_keeps_the_graph(
    store: Store, store_d1: Store, virtuoso: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["push", "--endpoint", f"{virtuoso}/sparql-graph-crud-auth"]
    argv += ["--user", "dba", "--password", "dba"]
    assert main([*argv, "-b", str(store.source.parent)]) == 0
    assert main([*argv, "-b", str(store_d1.source.parent), "--keep-stale"]) == 0
    assert DOC + "d2" in _remote_graphs(virtuoso)
    assert _remote_count(virtuoso) == 11
    assert main([*argv, "-b", str(store_d1.source.parent), "--dry-run"]) == 0
    assert _remote_count(virtuoso) == 11
    err = capsys.readouterr().err
    assert "stale graphs kept (--keep-stale)" in err
    assert f"would remove 1 stale graph\nkg: would remove {DOC}d2" in err


@pytest.mark.external
@pytest.mark.slow
def test_push_virtuoso_update_protocol_removes_stale(
    store: Store, store_d1: Store, virtuoso: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    endpoint = f"{virtuoso}/sparql-auth"
    push(store, endpoint, protocol="update", user="dba", password="dba")
    assert _remote_count(virtuoso) == 11
    monkeypatch.setattr("kg.push._PAGE", 1)  # list the server's graphs one per query
    report = push(store_d1, endpoint, protocol="update", user="dba", password="dba")
    assert (report.stale, report.removed, report.query_endpoint) == ((DOC + "d2",), 1, endpoint)
    # 3 listing pages (d1, d2, none), DROP + INSERT DATA for d1, DROP for d2
    assert report.requests == 6
    assert DOC + "d2" not in _remote_graphs(virtuoso)
    assert _remote_count(virtuoso) == len(store_d1) == 5


# --------------------------------------------------------------------------- bulk loads


@pytest.fixture
def virtuoso_isql(virtuoso: str) -> str:
    """The test Virtuoso's SQL address, for kg push --bulk."""
    return f"127.0.0.1:{_SQL_PORTS[virtuoso]}"


def _shard_build(folder: Path, out: Path, seeds_dir: Path, shards: int) -> Path:
    """A --shard-output build of ``shards`` JSON Lines files of two seed articles each."""
    import gzip

    from kg.build import build

    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    folder.mkdir(exist_ok=True)
    for k in range(shards):
        lines = [json.dumps({"id": f"s{k}-{i}", "text": t}) for i, t in enumerate(texts)]
        data = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
        (folder / f"part-{k}.jsonl.gz").write_bytes(data)
    build([folder], out=out, shard_output=True, html=False, shacl=False)
    return out


@pytest.fixture(scope="module")
def sharded(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, Path]:
    """Two builds: three shards, then the same corpus without its last shard."""
    root = tmp_path_factory.mktemp("bulk")
    three = _shard_build(root / "in3", root / "b3", seeds_dir, 3)
    two = _shard_build(root / "in2", root / "b2", seeds_dir, 2)
    return three, two


def _quads(build: Path) -> int:
    with open_store(build / "graph.trig", persist=False) as store:
        return len(store)


@pytest.mark.external
@pytest.mark.slow
def test_push_bulk_loads_the_shards_and_removes_stale_graphs(
    sharded: tuple[Path, Path],
    virtuoso: str,
    virtuoso_isql: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    three, two = sharded
    _put_foreign_graph(virtuoso)
    argv = ["push", "--bulk", "--isql", virtuoso_isql, "--user", "dba", "--password", "dba"]
    assert main([*argv, "-b", str(three)]) == 0
    assert _remote_count(virtuoso) == _quads(three) > 0
    assert len([g for g in _remote_graphs(virtuoso) if g.startswith(DOC)]) == 6
    assert main([*argv, "-b", str(three)]) == 0  # again: the same end state
    assert _remote_count(virtuoso) == _quads(three)
    assert main([*argv, "-b", str(two), "--dry-run"]) == 0
    assert _remote_count(virtuoso) == _quads(three)
    assert main([*argv, "-b", str(two), "--loaders", "3"]) == 0
    assert _remote_count(virtuoso) == _quads(two)
    graphs = _remote_graphs(virtuoso)
    assert graphs[0] == OTHER  # never touched
    assert sorted(g[len(DOC) : len(DOC) + 4] for g in graphs[1:]) == [
        "s0-0",
        "s0-1",
        "s1-0",
        "s1-1",
    ]
    err = capsys.readouterr().err
    assert "would remove 2 stale graphs" in err and "removed 2 stale graphs" in err
    assert "from 2 file(s) with 2 loader(s)" in err  # --loaders 3, but only 2 shards


@pytest.mark.external
@pytest.mark.slow
def test_push_bulk_without_shards_loads_graph_nq_like_a_push(
    store: Store, sharded: tuple[Path, Path], virtuoso: str, virtuoso_isql: str, tmp_path: Path
) -> None:
    from kg.bulk import bulk_push

    three, _ = sharded
    plain = tmp_path / "plain"
    plain.mkdir()
    shutil.copy(three / "graph.nq", plain / "graph.nq")
    report = bulk_push(plain, isql=virtuoso_isql)
    assert (report.graphs, report.triples) == (6, _quads(three))
    assert _remote_count(virtuoso) == _quads(three)
    push(store, f"{virtuoso}/sparql-graph-crud-auth", user="dba", password="dba")
    http = _remote_count(virtuoso)  # the HTTP push leaves the two graphs of ``store`` only
    assert http == len(store) == 11


@pytest.mark.external
@pytest.mark.slow
def test_push_bulk_errors_name_the_problem(
    sharded: tuple[Path, Path], virtuoso_isql: str, tmp_path: Path
) -> None:
    from kg.bulk import bulk_push

    three, _ = sharded
    with pytest.raises(StoreError, match=r"Bad login.*check --user and --password"):
        bulk_push(three, isql=virtuoso_isql, password="wrong")
    with pytest.raises(StoreError, match=r"did not load 3 file\(s\): /nowhere/kg/00000\.nq"):
        bulk_push(three, isql=virtuoso_isql, server_dir="/nowhere/kg")
    with pytest.raises(StoreError, match="no such program"):
        bulk_push(three, isql=virtuoso_isql, isql_command="no-such-isql")
    with pytest.raises(StoreError, match=r"no shards/manifest\.json and no graph\.nq"):
        bulk_push(tmp_path, isql=virtuoso_isql)


def test_push_bulk_and_endpoint_are_exclusive(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["push", "--bulk", "--endpoint", "http://x/sparql"]) == 2
    assert main(["push"]) == 2
    err = capsys.readouterr().err
    assert "--bulk uses --isql" in err and "--endpoint URL is required" in err
