"""Tests of kg.viz (HTML views, GraphML/GEXF) and the ``kg viz`` command."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from kg.cli import main
from kg.errors import KgError
from kg.store import open_store
from kg.viz import render_html, to_networkx, write_gexf, write_graphml
from kg.vocab import KG

RES = Namespace("https://w3id.org/arabic-kg/resource/")
XSS = "<script>alert(1)</script>"
XSS_EVIDENCE = 'التقى الوزير <img src=x onerror="document.body.dataset.pwned=1"> بنظيره'
CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (run scripts/install_system_deps.sh)",
)


def _entity(graph: Graph, slug: str, cls: URIRef, label: str) -> URIRef:
    iri = RES[slug]
    graph.add((iri, RDF.type, cls))
    graph.add((iri, RDFS.label, Literal(label, lang="ar")))
    graph.add((iri, KG.mentionedIn, RES["document/d1"]))
    return iri


def _evidence(graph: Graph, name: str, triple: tuple[URIRef, URIRef, URIRef], text: str) -> None:
    record = RES[f"evidence/{name}"]
    graph.add((record, RDF.type, KG.Evidence))
    graph.add((record, RDF.subject, triple[0]))
    graph.add((record, RDF.predicate, triple[1]))
    graph.add((record, RDF.object, triple[2]))
    graph.add((record, KG.text, Literal(text)))
    graph.add((record, KG.inDocument, RES["document/d1"]))


def _sample() -> Graph:
    graph = Graph()
    graph.add((RES["document/d1"], RDF.type, KG.Document))
    graph.add((RES["document/d1"], DCTERMS.identifier, Literal("d1.txt")))
    minister = _entity(graph, "person/a", KG.Person, "أحمد بن عبدالله")
    graph.add((minister, KG.role, Literal("وزير الاقتصاد", lang="ar")))
    graph.add((minister, SKOS.altLabel, Literal("الوزير أحمد", lang="ar")))
    guest = _entity(graph, "person/b", KG.Person, XSS)
    ministry = _entity(graph, "organisation/x", KG.Organisation, "وزارة الاقتصاد")
    forum = _entity(graph, "event/f", KG.Event, "منتدى الاستثمار العربي")
    graph.add((forum, KG.startDate, Literal("2024-05-01", datatype=XSD.date)))
    mou = _entity(graph, "agreement/m", KG.Agreement, "مذكرة تفاهم للطاقة")
    graph.add((mou, RDF.type, KG.MemorandumOfUnderstanding))
    graph.add((mou, KG.value, Literal("1500000", datatype=XSD.decimal)))
    graph.add((mou, KG.currency, Literal("USD")))
    city = _entity(graph, "place/r", KG.Place, "الرياض")
    _entity(graph, "place/lonely", KG.Place, "جدة")
    for triple in [
        (minister, KG.participatedIn, forum),
        (minister, KG.chaired, forum),
        (minister, KG.metWith, guest),
        (guest, KG.metWith, minister),
        (minister, KG.affiliatedWith, ministry),
        (minister, KG.signed, mou),
        (ministry, KG.partyTo, mou),
        (forum, KG.heldIn, city),
        (mou, KG.signedAt, forum),
    ]:
        graph.add(triple)
    _evidence(graph, "1", (minister, KG.participatedIn, forum), "شارك أحمد بن عبدالله في المنتدى.")
    _evidence(graph, "2", (minister, KG.metWith, guest), XSS_EVIDENCE)
    return graph


ENTITIES = 7
RELATIONS = 8  # nine triples; the two metWith directions are one edge


@pytest.fixture
def sample() -> Graph:
    """A small graph shaped like a kg build, with hostile text in a label and evidence."""
    return _sample()


def _page_data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in {"src", "href"}:
                self.links.append((tag, name, value or ""))


# --------------------------------------------------------------------------- HTML


def test_viz_render_html_has_every_entity_and_relation(sample: Graph) -> None:
    data = _page_data(render_html(sample))
    assert len(data["nodes"]) == ENTITIES
    assert len(data["edges"]) == RELATIONS
    labels = {e["label"] for e in data["edges"]}
    assert {"participatedIn", "chaired", "metWith", "signedAt", "heldIn"} <= labels
    groups = {n["label"]: n["group"] for n in data["nodes"]}
    assert groups["مذكرة تفاهم للطاقة"] == "Agreement"
    assert groups["الرياض"] == "Place"


def test_viz_render_html_tooltips_carry_role_dates_value_and_evidence(sample: Graph) -> None:
    data = _page_data(render_html(sample))
    info = {n["label"]: n["info"] for n in data["nodes"]}
    assert info["أحمد بن عبدالله"]["roles"] == ["وزير الاقتصاد"]
    assert info["منتدى الاستثمار العربي"]["start"] == "2024-05-01"
    assert info["مذكرة تفاهم للطاقة"]["value"] == "1500000"
    assert info["مذكرة تفاهم للطاقة"]["currency"] == "USD"
    participated = next(e for e in data["edges"] if e["label"] == "participatedIn")
    assert participated["info"]["evidence"][0]["text"] == "شارك أحمد بن عبدالله في المنتدى."
    assert participated["info"]["evidence"][0]["document"] == "d1.txt"


def test_viz_render_html_is_arabic_rtl_and_utf8(sample: Graph) -> None:
    page = render_html(sample, title="منتدى")
    assert '<html lang="ar" dir="rtl">' in page
    assert '<meta charset="utf-8">' in page
    assert "أحمد بن عبدالله" in page  # literal UTF-8, not \\u escapes
    assert "<title>منتدى</title>" in page
    assert "Noto Naskh Arabic" in page and "DejaVu Sans" in page


def test_viz_render_html_loads_nothing_from_the_network(sample: Graph) -> None:
    page = render_html(sample)
    tags = _Tags()
    tags.feed(page)
    assert not [link for link in tags.links if link[0] in {"script", "link"}]
    assert not re.search(r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?https?://", page, re.I)
    assert not re.search(r"@import|@font-face", page)
    assert "Content-Security-Policy" in page
    assert "vis.Network" in page  # vis-network is inlined


def test_viz_render_html_escapes_document_text(sample: Graph) -> None:
    page = render_html(sample, title=XSS)
    assert XSS not in page
    assert "<img src=x" not in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert XSS in {n["label"] for n in _page_data(page)["nodes"]}
    # the page only ever writes text with textContent, never as markup
    app = page.split('id="kg-data"')[1].split("<script>")[-1]
    assert not re.search(r"\.(?:inner|outer)HTML\s*=|insertAdjacentHTML|document\.write", app)


def test_viz_render_html_accepts_a_dataset_union(sample: Graph) -> None:
    dataset = Dataset(default_union=True)
    named = dataset.graph(URIRef("https://w3id.org/arabic-kg/resource/document/d1"))
    for triple in sample:
        named.add(triple)
    assert len(_page_data(render_html(dataset))["nodes"]) == ENTITIES


def test_viz_render_html_focus_matches_normalised_names(sample: Graph) -> None:
    # diacritics and a bare alef still find "أحمد بن عبدالله"
    data = _page_data(render_html(sample, focus="احْمد بن عبدالله", depth=0))
    assert [n["label"] for n in data["nodes"]] == ["أحمد بن عبدالله"]
    assert data["nodes"][0]["borderWidth"] == 4
    by_alt = _page_data(render_html(sample, focus="الوزير أحمد", depth=0))
    assert [n["label"] for n in by_alt["nodes"]] == ["أحمد بن عبدالله"]


def test_viz_render_html_focus_depth_grows_the_neighbourhood(sample: Graph) -> None:
    one = {n["label"] for n in _page_data(render_html(sample, focus="الرياض"))["nodes"]}
    assert one == {"الرياض", "منتدى الاستثمار العربي"}
    two = {n["label"] for n in _page_data(render_html(sample, focus="الرياض", depth=2))["nodes"]}
    assert two == {"الرياض", "منتدى الاستثمار العربي", "أحمد بن عبدالله", "مذكرة تفاهم للطاقة"}


def test_viz_render_html_focus_by_iri(sample: Graph) -> None:
    data = _page_data(render_html(sample, focus=str(RES["place/lonely"])))
    assert [n["label"] for n in data["nodes"]] == ["جدة"]


def test_viz_render_html_unknown_focus_raises(sample: Graph) -> None:
    with pytest.raises(KgError, match="no entity named 'القاهرة'"):
        render_html(sample, focus="القاهرة")


def test_viz_render_html_negative_depth_raises(sample: Graph) -> None:
    with pytest.raises(KgError, match="depth must be 0 or more"):
        render_html(sample, focus="الرياض", depth=-1)


def test_viz_render_html_type_filter(sample: Graph) -> None:
    data = _page_data(render_html(sample, types=["person", "kg:Place"]))
    assert {n["group"] for n in data["nodes"]} == {"Person", "Place"}
    assert [e["label"] for e in data["edges"]] == ["metWith"]
    agreements = _page_data(render_html(sample, types=["MemorandumOfUnderstanding"]))
    assert [n["label"] for n in agreements["nodes"]] == ["مذكرة تفاهم للطاقة"]


def test_viz_render_html_unknown_type_raises(sample: Graph) -> None:
    with pytest.raises(KgError, match="unknown entity type 'Thing'"):
        render_html(sample, types=["Thing"])


def test_viz_render_html_empty_graph() -> None:
    data = _page_data(render_html(Graph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_viz_render_html_large_graph_settings() -> None:
    bench = _bench_module()
    data = _page_data(render_html(bench.synthetic_graph(1200)))
    options = data["options"]
    assert data["large"] is True
    assert options["layout"]["improvedLayout"] is False
    assert options["edges"]["smooth"] is False
    assert options["physics"]["stabilization"]["iterations"] <= 200


# ----------------------------------------------------------------- networkx exports


def test_viz_to_networkx_has_scalar_attributes(sample: Graph) -> None:
    network = to_networkx(sample)
    assert network.number_of_nodes() == ENTITIES
    assert network.number_of_edges() == RELATIONS + 1  # both metWith directions kept
    for _, attrs in network.nodes(data=True):
        assert all(isinstance(v, str | int | float) for v in attrs.values())
    for _, _, attrs in network.edges(data=True):
        assert all(isinstance(v, str | int | float) for v in attrs.values())
    minister = network.nodes[str(RES["person/a"])]
    assert minister["label"] == "أحمد بن عبدالله"
    assert minister["role"] == "وزير الاقتصاد"
    assert network.nodes[str(RES["agreement/m"])]["value"] == 1500000.0


def test_viz_write_graphml_and_gexf_read_back(sample: Graph, tmp_path: Path) -> None:
    write_graphml(sample, tmp_path / "kg.graphml")
    write_gexf(sample, tmp_path / "kg.gexf")
    for reread in (
        nx.read_graphml(tmp_path / "kg.graphml"),
        nx.read_gexf(tmp_path / "kg.gexf"),
    ):
        assert reread.number_of_nodes() == ENTITIES
        assert reread.number_of_edges() == RELATIONS + 1
    assert "أحمد بن عبدالله" in (tmp_path / "kg.graphml").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".*.tmp"))


def test_viz_write_graphml_unwritable_raises(sample: Graph, tmp_path: Path) -> None:
    with pytest.raises(KgError, match="cannot write"):
        write_graphml(sample, tmp_path / "missing" / "kg.graphml")


# ---------------------------------------------------------------------------- CLI


def _build_dir(tmp_path: Path, graph: Graph) -> Path:
    build = tmp_path / "build"
    build.mkdir()
    triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    trig = f"<{RES['document/d1']}> {{\n{triples}}}\n"
    (build / "graph.trig").write_text(trig, encoding="utf-8")
    return build


def test_viz_cli_writes_html_graphml_and_gexf(
    sample: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = _build_dir(tmp_path, sample)
    out = tmp_path / "view.html"
    exports = ["--graphml", str(tmp_path / "g.graphml"), "--gexf", str(tmp_path / "g.gexf")]
    status = main(["viz", str(build), "-o", str(out), *exports])
    assert status == 0
    assert f"wrote {out} ({ENTITIES} entities, {RELATIONS} relations)" in capsys.readouterr().out
    assert len(_page_data(out.read_text(encoding="utf-8"))["nodes"]) == ENTITIES
    assert (tmp_path / "g.graphml").is_file() and (tmp_path / "g.gexf").is_file()


def test_viz_cli_default_output_beside_the_graph(
    sample: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = _build_dir(tmp_path, sample)
    assert main(["viz", str(build)]) == 0
    assert (build / "graph.html").is_file()
    assert main(["viz", str(build / "graph.trig"), "--focus", "الرياض", "--type", "Place"]) == 0
    data = _page_data((build / "view.html").read_text(encoding="utf-8"))
    assert [n["label"] for n in data["nodes"]] == ["الرياض"]
    capsys.readouterr()


def test_viz_cli_unknown_focus_is_a_user_error(
    sample: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = _build_dir(tmp_path, sample)
    assert main(["viz", str(build), "--focus", "القاهرة"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: no entity named") and "Traceback" not in err
    assert not (build / "view.html").exists()


def test_viz_cli_no_html_writes_only_exports(
    sample: Graph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build = _build_dir(tmp_path, sample)
    assert main(["viz", str(build), "--no-html"]) == 2
    assert main(["viz", str(build), "--no-html", "--gexf", str(tmp_path / "g.gexf")]) == 0
    assert (tmp_path / "g.gexf").is_file() and not (build / "graph.html").exists()
    capsys.readouterr()


def test_viz_cli_missing_source_is_a_user_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["viz", str(tmp_path / "nowhere")]) == 1
    assert "kg: error:" in capsys.readouterr().err


# ------------------------------------------------------------------------ browser


def _bench_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_viz", ROOT / "benchmarks" / "bench_viz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _chromium(page: Path, profile: Path, *extra: str, budget_ms: int = 60_000) -> tuple[str, str]:
    """Open ``page`` in headless Chromium with no network; return (stdout, stderr)."""
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-extensions",
        "--proxy-server=127.0.0.1:9",  # any network request would fail
        "--proxy-bypass-list=<-loopback>",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        f"--virtual-time-budget={budget_ms}",
        *extra,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return done.stdout, done.stderr


def _status(dom: str) -> dict[str, str]:
    found = re.search(r'<output id="kg-status"[^>]*>', dom)
    assert found is not None, dom[:2000]
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', found.group(0)))


def _console_errors(log: str) -> list[str]:
    return [
        line
        for line in log.splitlines()
        if "Uncaught" in line or ":ERROR:CONSOLE" in line or "Content Security Policy" in line
    ]


def _assert_renders(page: Path, tmp_path: Path, *, entities: int, budget_ms: int) -> str:
    dom, log = _chromium(page, tmp_path / "profile-dom", "--dump-dom", budget_ms=budget_ms)
    status = _status(dom)
    assert _console_errors(log) == []
    assert status["state"] == "ready", status
    assert status["errors"] == "0", re.search(r'<ol id="kg-errors".*?</ol>', dom, re.S)
    assert int(status["nodes"]) == entities
    return dom


@pytest.mark.external
@pytest.mark.slow
@needs_chromium
def test_viz_chromium_renders_every_entity_offline(sample: Graph, tmp_path: Path) -> None:
    page = tmp_path / "graph.html"
    page.write_text(render_html(sample, title="منتدى الاستثمار"), encoding="utf-8")
    dom = _assert_renders(page, tmp_path, entities=len(to_networkx(sample)), budget_ms=30_000)
    assert "data-pwned" not in dom  # the hostile label and evidence stayed text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom  # shown escaped in the name list
    shot = tmp_path / "graph.png"
    _chromium(
        page,
        tmp_path / "profile-shot",
        "--hide-scrollbars",
        "--window-size=1280,800",
        f"--screenshot={shot}",
        budget_ms=30_000,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000


@pytest.mark.external
@pytest.mark.slow
@needs_chromium
def test_viz_chromium_renders_an_empty_graph(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_text(render_html(Graph()), encoding="utf-8")
    _assert_renders(page, tmp_path, entities=0, budget_ms=10_000)


@pytest.mark.external
@pytest.mark.slow
@needs_chromium
def test_viz_chromium_renders_5000_nodes(tmp_path: Path) -> None:
    graph = _bench_module().synthetic_graph(5000)
    entities = to_networkx(graph).number_of_nodes()
    assert entities == 5000
    page = tmp_path / "large.html"
    page.write_text(render_html(graph), encoding="utf-8")
    _assert_renders(page, tmp_path, entities=entities, budget_ms=600_000)


@pytest.mark.external
@pytest.mark.slow
@needs_chromium
def test_viz_chromium_renders_the_build_export(tmp_path: Path) -> None:
    """The committed exports/graph.html (the seeds' build), opened as a user would."""
    page = ROOT / "exports" / "graph.html"
    trig = ROOT / "exports" / "graph.trig"
    if not page.is_file() or not trig.is_file():
        pytest.skip("no exports/graph.html yet (run `make exports`)")
    graph = open_store(trig, persist=False).as_rdflib()
    entities = len(to_networkx(graph))
    assert entities > 0
    _assert_renders(page, tmp_path, entities=entities, budget_ms=60_000)
    shot = tmp_path / "exports.png"
    _chromium(
        page,
        tmp_path / "profile-shot",
        "--hide-scrollbars",
        "--window-size=1600,1000",
        f"--screenshot={shot}",
        budget_ms=60_000,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 10_000


_PROBE = """<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var out = document.getElementById("probe");
    function note(key, value) { out.setAttribute("data-" + key, String(value)); }
    document.getElementById("kg-search-input").value = "احمد";
    document.querySelector("#kg-search button").click();
    note("selected", kgNetwork.getSelectedNodes().length);
    var details = document.getElementById("kg-details-body").textContent;
    note("details", details.indexOf("وزير الاقتصاد") >= 0);
    var persons = document.querySelector("#kg-legend-list input");
    persons.click();
    var hidden = kgNetwork.body.data.nodes.get({ filter: function (n) { return n.hidden; } });
    note("hidden", hidden.length);
    persons.click();
    document.getElementById("kg-cluster").click();
    note("clustered", kgNetwork.body.nodeIndices.length);
    document.getElementById("kg-cluster").click();
    note("unclustered", kgNetwork.body.nodeIndices.length);
    document.getElementById("kg-physics").click();
    document.getElementById("kg-fit").click();
    note("done", 1);
  }, 2000);
});
</script><output id="probe"></output></body>"""


@pytest.mark.external
@pytest.mark.slow
@needs_chromium
def test_viz_chromium_search_filter_and_cluster_work(sample: Graph, tmp_path: Path) -> None:
    page_text = render_html(sample)
    # the probe is an extra inline script, which the page's policy rightly refuses
    page_text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page_text)
    page = tmp_path / "probe.html"
    page.write_text(page_text.replace("</body>", _PROBE), encoding="utf-8")
    dom = _assert_renders(page, tmp_path, entities=ENTITIES, budget_ms=30_000)
    found = re.search(r'<output id="probe"[^>]*>', dom)
    assert found is not None
    probe = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', found.group(0)))
    assert probe == {
        "selected": "1",
        "details": "true",
        "hidden": "2",
        "clustered": "5",
        "unclustered": str(ENTITIES),
        "done": "1",
    }
    assert _status(dom)["errors"] == "0"
