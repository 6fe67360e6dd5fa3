"""Tests of kg.store: the persistent Oxigraph store, its staleness stamp and the exports."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDFS

from kg.errors import QueryError, StoreError
from kg.store import STORE_DIRNAME, from_ox, open_store, to_ox, write_jsonld, write_nquads

RES = "https://w3id.org/arabic-kg/resource/"
KG = "https://w3id.org/arabic-kg/ontology#"

TRIG = """\
@prefix kg: <https://w3id.org/arabic-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/arabic-kg/resource/document/d1> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ;
      rdfs:label "عمرو طلعت"@ar ;
      kg:metWith <https://w3id.org/arabic-kg/resource/person/mihailo> .
  <https://w3id.org/arabic-kg/resource/person/mihailo> a kg:Person ;
      rdfs:label "ميهايلو يوفانوفيتش"@ar .
}
<https://w3id.org/arabic-kg/resource/document/d2> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ;
      rdfs:label "عمرو طلعت"@ar .
  <https://w3id.org/arabic-kg/resource/agreement/transit> a kg:Agreement ;
      rdfs:label "اتفاقية عبور"@ar ;
      kg:value "45000000"^^xsd:decimal ; kg:currency "USD" .
}
"""

EXTRA = """
<https://w3id.org/arabic-kg/resource/document/d3> {
  <https://w3id.org/arabic-kg/resource/place/cairo> rdfs:label "القاهرة"@ar .
}
"""


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "build"
    directory.mkdir()
    (directory / "graph.trig").write_text(TRIG, encoding="utf-8")
    return directory


def _labels(build: Path) -> set[str]:
    with open_store(build) as store:
        result = store.query("SELECT ?l WHERE { ?s rdfs:label ?l }")
    return {str(row[0]) for row in result}


def test_store_open_loads_trig_into_persistent_dir(build_dir: Path) -> None:
    with open_store(build_dir) as store:
        assert store.path == build_dir / STORE_DIRNAME
        assert len(store) == 11
        assert store.triple_count() == 9  # two triples about عمرو طلعت are in both graphs
        assert store.graphs() == [URIRef(RES + "document/d1"), URIRef(RES + "document/d2")]
    stamp = json.loads((build_dir / STORE_DIRNAME / "kg-stamp.json").read_text())
    assert stamp["source"] == "graph.trig"
    assert len(stamp["sha256"]) == 64


def test_store_queries_run_over_union_of_graphs(build_dir: Path) -> None:
    with open_store(build_dir) as store:
        result = store.query(
            "SELECT DISTINCT ?name ?value WHERE {"
            " ?a kg:value ?value . ?p kg:metWith ?o ; rdfs:label ?name }"
        )
    decimal = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    assert result.variables == ("name", "value")
    assert result.rows == (
        (Literal("عمرو طلعت", lang="ar"), Literal("45000000", datatype=decimal)),
    )


def test_store_reopen_reuses_fresh_store(build_dir: Path) -> None:
    open_store(build_dir).close()
    marker = build_dir / STORE_DIRNAME / "marker"
    marker.write_text("kept")
    open_store(build_dir).close()
    assert marker.exists(), "a fresh store was rebuilt"


def test_store_touch_without_change_does_not_reload(build_dir: Path) -> None:
    open_store(build_dir).close()
    marker = build_dir / STORE_DIRNAME / "marker"
    marker.write_text("kept")
    trig = build_dir / "graph.trig"
    stat = trig.stat()
    os.utime(trig, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    open_store(build_dir).close()
    assert marker.exists()
    stamp = json.loads((build_dir / STORE_DIRNAME / "kg-stamp.json").read_text())
    assert stamp["mtime_ns"] == trig.stat().st_mtime_ns


def test_store_changed_trig_reloads(build_dir: Path) -> None:
    assert "القاهرة" not in _labels(build_dir)
    (build_dir / "graph.trig").write_text(TRIG + EXTRA, encoding="utf-8")
    assert "القاهرة" in _labels(build_dir)
    assert not list(build_dir.glob(f".{STORE_DIRNAME}-*")), "temporary store left behind"


def test_store_missing_graph_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no graph\.trig"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="no such build directory"):
        open_store(tmp_path / "absent")


def test_store_malformed_trig_names_file_and_line(build_dir: Path) -> None:
    (build_dir / "graph.trig").write_text(TRIG + "\n<a> <b> .\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"graph\.trig:20:1: malformed RDF: No scheme"):
        open_store(build_dir)
    assert not (build_dir / STORE_DIRNAME).exists()


def test_store_opens_single_file_in_memory(build_dir: Path) -> None:
    with open_store(build_dir / "graph.trig") as store:
        assert store.path is None
        assert len(store) == 11
    assert not (build_dir / STORE_DIRNAME).exists()


def test_store_syntax_error_has_line_and_column(build_dir: Path) -> None:
    with open_store(build_dir) as store, pytest.raises(QueryError) as info:
        store.query("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert info.value.line == 3
    assert info.value.column is not None
    assert f"line 3, column {info.value.column}" in str(info.value)


def test_store_closed_store_raises(build_dir: Path) -> None:
    store = open_store(build_dir)
    store.close()
    with pytest.raises(StoreError, match="closed"):
        len(store)


@pytest.mark.filterwarnings(
    "ignore:Dataset.default_context is deprecated:DeprecationWarning"
)  # rdflib 7.6 internals
def test_store_as_rdflib_is_a_view_of_the_same_data(build_dir: Path) -> None:
    with open_store(build_dir) as store:
        dataset = store.as_rdflib()
        assert isinstance(dataset, Dataset)
        labels = set(dataset.objects(URIRef(RES + "person/amr"), RDFS.label))
        assert labels == {Literal("عمرو طلعت", lang="ar")}
        rows = list(dataset.query("SELECT ?o WHERE { ?s kg:metWith ?o }"))
        assert [row[0] for row in rows] == [URIRef(RES + "person/mihailo")]


@pytest.mark.parametrize(
    "term",
    [
        pytest.param(URIRef(RES + "person/amr"), id="iri"),
        pytest.param(Literal("عمرو", lang="ar"), id="lang"),
        pytest.param(Literal("45000000", datatype=URIRef(KG + "x")), id="typed"),
        pytest.param(Literal("USD"), id="plain"),
    ],
)
def test_store_term_conversion_round_trips(term: URIRef | Literal) -> None:
    assert from_ox(to_ox(term)) == term


def test_store_write_nquads_is_sorted_and_deterministic(build_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "graph.nq"
    assert write_nquads(build_dir / "graph.trig", out) == 11
    first = out.read_bytes()
    lines = first.decode().splitlines()
    assert lines == sorted(lines)
    write_nquads(build_dir / "graph.trig", out)
    assert out.read_bytes() == first
    quads = set(ox.parse(path=out, format=ox.RdfFormat.N_QUADS))
    assert quads == set(ox.parse(path=build_dir / "graph.trig", format=ox.RdfFormat.TRIG))


@pytest.mark.filterwarnings(
    "ignore:Dataset.default_context is deprecated:DeprecationWarning"
)  # rdflib 7.6 internals
@pytest.mark.filterwarnings(
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning"
)  # trig parser
def test_store_write_nquads_from_dataset(build_dir: Path, tmp_path: Path) -> None:
    dataset = Dataset()
    dataset.parse(data=TRIG, format="trig")
    write_nquads(dataset, tmp_path / "a.nq")
    write_nquads(build_dir / "graph.trig", tmp_path / "b.nq")
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()


def test_store_write_jsonld_round_trips(build_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.jsonld"
    assert write_jsonld(build_dir / "graph.trig", out) == 11
    json.loads(out.read_text(encoding="utf-8"))
    quads = set(ox.parse(path=out, format=ox.RdfFormat.JSON_LD))
    assert quads == set(ox.parse(path=build_dir / "graph.trig", format=ox.RdfFormat.TRIG))


def test_store_write_nquads_unreadable_input_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot read"):
        write_nquads(tmp_path / "absent.trig", tmp_path / "x.nq")
