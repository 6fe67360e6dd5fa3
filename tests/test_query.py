"""Tests of kg.query and ``kg query``: running, binding, the named queries and the writers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.cli import main
from kg.errors import QueryError
from kg.normalize import normalize_name
from kg.query import (
    FORMATS,
    QueryForm,
    Result,
    is_update,
    list_named,
    named_query,
    parse_term,
    resolve_entity,
    run,
    run_named,
    write_result,
)
from kg.store import Store, open_store

RES = "https://w3id.org/arabic-kg/resource/"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

TRIG = """\
@prefix kg: <https://w3id.org/arabic-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix r: <https://w3id.org/arabic-kg/resource/> .

<https://w3id.org/arabic-kg/resource/document/d1> {
  <https://w3id.org/arabic-kg/resource/document/d1> a kg:Document ; dcterms:identifier "d1.txt" .
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar ;
      skos:altLabel "الدكتور عمرو طلعت"@ar ;
      kg:mentionedIn <https://w3id.org/arabic-kg/resource/document/d1> ;
      kg:metWith <https://w3id.org/arabic-kg/resource/person/mihailo> .
  <https://w3id.org/arabic-kg/resource/person/mihailo> a kg:Person ;
      rdfs:label "ميهايلو يوفانوفيتش"@ar ; kg:role "وزير الإعلام والاتصالات"@ar ;
      kg:mentionedIn <https://w3id.org/arabic-kg/resource/document/d1> .
  <https://w3id.org/arabic-kg/resource/evidence/e1> a kg:Evidence, rdf:Statement ;
      rdf:subject <https://w3id.org/arabic-kg/resource/person/amr> ;
      rdf:predicate kg:metWith ;
      rdf:object <https://w3id.org/arabic-kg/resource/person/mihailo> ;
      kg:inDocument <https://w3id.org/arabic-kg/resource/document/d1> ;
      kg:sentence 5 ; kg:text "كما التقى الدكتور عمرو طلعت السيد ميهايلو يوفانوفيتش" .
}
<https://w3id.org/arabic-kg/resource/document/d2> {
  <https://w3id.org/arabic-kg/resource/person/amr> a kg:Person ; rdfs:label "عمرو طلعت"@ar ;
      kg:mentionedIn <https://w3id.org/arabic-kg/resource/document/d2> ;
      kg:witnessed <https://w3id.org/arabic-kg/resource/agreement/transit> .
  <https://w3id.org/arabic-kg/resource/agreement/transit> a kg:Agreement ;
      rdfs:label "اتفاقية عبور"@ar ; kg:value "45000000"^^xsd:decimal ; kg:currency "USD" .
  <https://w3id.org/arabic-kg/resource/organisation/te> a kg:Organisation ;
      rdfs:label "الشركة المصرية للاتصالات"@ar ;
      kg:partyTo <https://w3id.org/arabic-kg/resource/agreement/transit> .
}
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    (tmp_path / "graph.trig").write_text(TRIG, encoding="utf-8")
    return open_store(tmp_path)


def _write(result: Result, fmt: str | None = None, **kwargs: int) -> str:
    out = io.StringIO()
    write_result(result, out, fmt=fmt, **kwargs)
    return out.getvalue()


# --------------------------------------------------------------------------- running


def test_query_default_prefixes_need_no_declaration(store: Store) -> None:
    result = run(store, "SELECT ?v ?c WHERE { ?a kg:value ?v ; kg:currency ?c }")
    assert result.form is QueryForm.SELECT
    assert [str(v) for v in result.rows[0]] == ["45000000", "USD"]


def test_query_params_are_substituted_not_formatted(store: Store) -> None:
    sparql = "SELECT ?p ?name WHERE { ?p rdfs:label ?name }"
    hit = run(store, sparql, params={"name": Literal("عمرو طلعت", lang="ar")})
    assert {row[0] for row in hit} == {URIRef(RES + "person/amr")}
    hostile = Literal('x"@ar } ?p ?q ?r . { "')
    assert len(run(store, sparql, params={"name": hostile})) == 0


def test_query_unprojected_param_raises(store: Store) -> None:
    with pytest.raises(QueryError, match="must be a variable the SELECT projects"):
        run(store, "SELECT ?p WHERE { ?p rdfs:label ?name }", params={"name": Literal("x")})


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("INSERT DATA { <a:b> <a:b> <a:b> }", id="insert"),
        pytest.param("PREFIX x: <http://x#>\n# note\ndelete where { ?s ?p ?o }", id="delete"),
        pytest.param("DROP ALL", id="drop"),
    ],
)
def test_query_update_is_refused(store: Store, text: str) -> None:
    assert is_update(text)
    with pytest.raises(QueryError, match="read-only"):
        run(store, text)


def test_query_select_is_not_an_update() -> None:
    assert not is_update("PREFIX ex: <http://ex/#insert>\nSELECT * WHERE { ?s ?p ?o }")


def test_query_syntax_error_reports_line_and_column(store: Store) -> None:
    with pytest.raises(QueryError) as info:
        run(store, "SELECT ?s\nWHERE {\n  ?s rdfs:label \n}")
    assert info.value.line == 4
    assert info.value.column is not None
    assert str(info.value).startswith("SPARQL syntax error at line 4")


def test_query_ask_and_construct(store: Store) -> None:
    assert run(store, "ASK { ?s kg:metWith ?o }").boolean is True
    graph = run(store, "CONSTRUCT WHERE { ?s kg:metWith ?o }")
    assert graph.form is QueryForm.GRAPH
    assert graph.graph is not None and len(graph.graph) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("<http://ex/a>", URIRef("http://ex/a"), id="iri"),
        pytest.param("https://ex/a", URIRef("https://ex/a"), id="bare-iri"),
        pytest.param("res:person/amr", URIRef(RES + "person/amr"), id="prefixed"),
        pytest.param('"جوجل"@ar', Literal("جوجل", lang="ar"), id="lang"),
        pytest.param(
            '"5"^^xsd:integer',
            Literal("5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer")),
            id="typed",
        ),
        pytest.param("عمرو طلعت", Literal("عمرو طلعت"), id="plain"),
        pytest.param("unknown:thing", Literal("unknown:thing"), id="unknown-prefix"),
    ],
)
def test_query_parse_term(text: str, expected: URIRef | Literal) -> None:
    assert parse_term(text) == expected


# --------------------------------------------------------------------------- named queries


def test_query_named_library_is_complete_and_documented() -> None:
    names = {q.name for q in list_named()}
    assert {
        "met_with",
        "agreements",
        "events",
        "people_by_organisation",
        "neighbourhood",
        "documents",
        "most_connected",
        "timeline",
    } <= names
    for named in list_named():
        assert named.summary.endswith((".", "?")), named.name
        assert named.example and named.example.startswith(f"kg query {named.name}"), named.name


@pytest.mark.parametrize("named", [pytest.param(q, id=q.name) for q in list_named()])
def test_query_named_query_runs(store: Store, named: object) -> None:
    from kg.query import NamedQuery

    assert isinstance(named, NamedQuery)
    params = {p.name: "عمرو طلعت" for p in named.params}
    result = run_named(store, named, params=params)
    assert result.form is QueryForm.SELECT


def test_query_named_unknown_suggests() -> None:
    with pytest.raises(QueryError, match="Did you mean met_with"):
        named_query("met_wth")
    assert named_query("met-with").name == "met_with"


def test_query_named_missing_and_unknown_params(store: Store) -> None:
    with pytest.raises(QueryError, match="needs --param person="):
        run_named(store, "met_with")
    with pytest.raises(QueryError, match="has no parameter 'who'"):
        run_named(store, "met_with", params={"person": "x", "who": "y"})


def test_query_resolve_entity_by_label_alt_label_iri_and_part(store: Store) -> None:
    amr = URIRef(RES + "person/amr")
    assert resolve_entity(store, "عمرو طلعت", kind="Person") == amr
    assert resolve_entity(store, "الدكتور عمرو طلعت") == amr
    assert resolve_entity(store, "res:person/amr") == amr
    assert resolve_entity(store, "طلعت", kind="Person") == amr
    with pytest.raises(QueryError, match="no kg:Organisation is named"):
        resolve_entity(store, "عمرو طلعت", kind="Organisation")


def test_query_resolve_entity_ambiguous_raises(store: Store) -> None:
    with pytest.raises(QueryError, match="names 2 entities"):
        resolve_entity(store, "و", kind="Person")


def test_query_met_with_on_fixture(store: Store) -> None:
    result = run_named(store, "met_with", params={"person": "عمرو طلعت"})
    rows = result.dicts()
    assert [str(r["name"]) for r in rows] == ["ميهايلو يوفانوفيتش"]
    assert str(rows[0]["roles"]) == "وزير الإعلام والاتصالات"
    assert str(rows[0]["documents"]) == "d1.txt"
    # symmetric: asking from the other side finds the first person
    back = run_named(store, "met_with", params={"person": "ميهايلو يوفانوفيتش"})
    assert [str(r["name"]) for r in back.dicts()] == ["عمرو طلعت"]


# --------------------------------------------------------------------------- writers


def test_query_writers_cover_every_format(store: Store) -> None:
    result = run(store, "SELECT ?name ?v WHERE { ?a kg:value ?v ; rdfs:label ?name }")
    as_json = json.loads(_write(result, "json"))
    assert as_json["head"]["vars"] == ["name", "v"]
    assert as_json["results"]["bindings"][0]["name"] == {
        "type": "literal",
        "value": "اتفاقية عبور",
        "xml:lang": "ar",
    }
    assert list(csv.reader(io.StringIO(_write(result, "csv")))) == [
        ["name", "v"],
        ["اتفاقية عبور", "45000000"],
    ]
    assert _write(result, "tsv").splitlines() == [
        "?name\t?v",
        '"اتفاقية عبور"@ar\t"45000000"^^<http://www.w3.org/2001/XMLSchema#decimal>',
    ]
    assert '<literal xml:lang="ar">اتفاقية عبور</literal>' in _write(result, "xml")
    with pytest.raises(QueryError, match="CONSTRUCT and DESCRIBE"):
        _write(result, "turtle")
    assert set(FORMATS) >= {"table", "csv", "tsv", "json", "turtle"}


def test_query_table_aligns_arabic_columns(store: Store) -> None:
    result = run(store, "SELECT ?p ?name WHERE { ?p a kg:Person ; rdfs:label ?name } ORDER BY ?p")
    lines = _write(result).splitlines()
    visible = [line.replace("\u2068", "").replace("\u2069", "") for line in lines]
    assert visible[0].startswith("| p ")
    assert len({len(line) for line in visible}) == 1, visible  # Arabic letters are 1 column
    assert "res:person/amr" in visible[2] and "عمرو طلعت" in visible[2]
    assert "\u2068عمرو طلعت\u2069" in lines[2]  # bidi isolate keeps the columns in order


def test_query_table_cuts_long_cells(store: Store) -> None:
    result = run(store, "SELECT ?t WHERE { ?e kg:text ?t }")
    cell = _write(result, max_width=10).splitlines()[2]
    assert "…" in cell and "يوفانوفيتش" not in cell


def test_query_construct_writes_turtle(store: Store) -> None:
    text = _write(run(store, "CONSTRUCT WHERE { ?s kg:metWith ?o }"))
    assert "@prefix kg:" in text and "kg:metWith" in text


# --------------------------------------------------------------------------- CLI


def test_query_cli_named_with_param(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    build = store.source.parent
    status = main(["query", "-b", str(build), "met_with", "--param", "person=عمرو طلعت"])
    assert status == 0
    assert "ميهايلو يوفانوفيتش" in capsys.readouterr().out


def test_query_cli_inline_csv(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    build = store.source.parent
    sparql = "SELECT ?c WHERE { ?a kg:currency ?c }"
    assert main(["query", "-b", str(build), sparql, "--format", "csv"]) == 0
    assert capsys.readouterr().out == "c\r\nUSD\r\n"


def test_query_cli_rq_file(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("ASK { ?s kg:metWith ?o }", encoding="utf-8")
    assert main(["query", "-b", str(store.source.parent), str(rq), "-f", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["boolean"] is True


def test_query_cli_user_error_has_no_traceback(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["query", "-b", str(store.source.parent), "SELECT ?s WHERE {\n ?s \n}"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("kg: error: SPARQL syntax error at line 3")
    assert "Traceback" not in err


def test_query_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "met_with --param person=..." in out and "timeline" in out


# --------------------------------------------------------------------------- seeds build


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A build of the two seed articles, made once for this module."""
    out = tmp_path_factory.mktemp("seeds-build")
    status = main(["build", str(SEEDS), "-o", str(out)])
    assert status == 0, "kg build seeds failed"
    return open_store(out)


def _labels(result: Result, column: str) -> set[str]:
    return {str(v) for v in result.column(column) if v is not None}


def _split(value: object) -> set[str]:
    return {part.strip() for part in str(value or "").split("؛") if part.strip()}


def test_query_seeds_met_with(seeds: Store) -> None:
    result = run_named(seeds, "met_with", params={"person": "عمرو طلعت"})
    assert _labels(result, "name") >= {
        "بليس أجويرا إي أركاس",
        "مارتن روسكي",
        "ميهايلو يوفانوفيتش",
        "هيلينا ليرش",
        "خالد الجبالي",
        "مريم النعيمي",
        "هشام فايد",
        "وي مياو",
    }
    assert "عمرو طلعت" not in _labels(result, "name")


def test_query_seeds_agreements(seeds: Store) -> None:
    rows = {str(r["name"]): r for r in run_named(seeds, "agreements").dicts()}
    transit = next(r for name, r in rows.items() if "اتفاقية عبور" in name)
    assert transit["value"] == Literal(
        "45000000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")
    ) or str(transit["value"]) in {"45000000", "45000000.0"}
    assert str(transit["currency"]) == "USD"
    assert _split(transit["parties"]) >= {"الشركة المصرية للاتصالات", "PCCW العالمية"}
    assert "عمرو طلعت" in _split(transit["witnesses"])
    letter = next(r for name, r in rows.items() if "خطاب نوايا" in name)
    assert str(letter["kind"]) == "LetterOfIntent"
    assert float(str(letter["value"])) == 20_000_000
    assert "هينجتونج أوبتيك اليكتريك" in _split(letter["parties"])
    signed = [r for r in rows.values() if _split(r.get("signatories"))]
    assert signed, "no agreement has signatories"
    assert {"عمرو طلعت", "وي مياو"} <= _split(signed[0]["signatories"])
    # the text spells it هواوي and هواوى; either spelling is the same party
    huawei = [
        r for r in rows.values() if "هواوي" in {normalize_name(p) for p in _split(r.get("parties"))}
    ]
    assert huawei and str(huawei[0]["kind"]) == "MemorandumOfUnderstanding"


def test_query_seeds_events(seeds: Store) -> None:
    rows = {str(r["name"]): r for r in run_named(seeds, "events").dicts()}
    summit = rows["القمة العالمية للحكومات 2024"]
    assert str(summit["start"]) == "2024-02-12" and str(summit["end"]) == "2024-02-14"
    assert "دبي" in _split(summit["places"])
    assert {"عمرو طلعت", "مصطفى مدبولي"} <= _split(summit["participants"])
    table = next(r for name, r in rows.items() if name.startswith("مائدة مستديرة"))
    assert _split(table["chairs"]) == {"عمرو طلعت", "عمر سلطان العلماء"}
    assert str(table["partOf"]) == "القمة العالمية للحكومات 2024"
    forum = rows["منتدى الحزام والطريق للتعاون الدولي"]
    assert str(forum["start"]) == "--04-25"  # no year in the text: none invented
    assert "بكين" in _split(forum["places"])


def test_query_seeds_people_by_organisation(seeds: Store) -> None:
    pairs = {
        (str(r["organisationName"]), str(r["name"]))
        for r in run_named(seeds, "people_by_organisation").dicts()
    }
    assert {
        ("جوجل", "بليس أجويرا إي أركاس"),
        ("جوجل", "مارتن روسكي"),
        ("ماستركارد", "خالد الجبالي"),
        ("مجموعة تفاصيل", "مريم النعيمي"),
        ("دي أكس سي للتكنولوجيا", "هشام فايد"),
        ("وزارة الصناعة وتكنولوجيا المعلومات الصينية", "وي مياو"),
    } <= pairs


def test_query_seeds_neighbourhood(seeds: Store) -> None:
    result = run_named(seeds, "neighbourhood", params={"entity": "جوجل"})
    rows = {(str(r["direction"]), str(r["relation"]), str(r["name"])) for r in result.dicts()}
    affiliated = "https://w3id.org/arabic-kg/ontology#affiliatedWith"
    assert ("←", affiliated, "بليس أجويرا إي أركاس") in rows
    assert ("←", affiliated, "مارتن روسكي") in rows


def test_query_seeds_documents(seeds: Store) -> None:
    result = run_named(seeds, "documents", params={"entity": "ميهايلو يوفانوفيتش"})
    assert _labels(result, "document") == {"000_4d5048c1e27c5b37.txt"}
    texts = " ".join(_labels(result, "text"))
    assert "ميهايلو يوفانوفيتش" in texts


def test_query_seeds_most_connected(seeds: Store) -> None:
    result = run_named(seeds, "most_connected")
    assert str(result.rows[0][0]) == "عمرو طلعت"


def test_query_seeds_timeline(seeds: Store) -> None:
    rows = run_named(seeds, "timeline").dicts()
    dated = {str(r["name"]): str(r["date"]) for r in rows}
    assert dated["القمة العالمية للحكومات 2024"] == "2024-02-12"
    assert dated["منتدى الحزام والطريق للتعاون الدولي"] == "--04-25"
    agreements = [r for r in rows if str(r["kind"]) == "Agreement"]
    assert len(agreements) >= 4 and all(str(r["date"]) == "--04-25" for r in agreements)


def test_query_union_holds_each_triple_once(tmp_path: Path) -> None:
    """A triple stated by two documents comes back once (Oxigraph's own union is a bag)."""
    trig = tmp_path / "graph.trig"
    trig.write_text(
        "@prefix kg: <https://w3id.org/arabic-kg/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        '<https://w3id.org/arabic-kg/resource/document/a> { <https://w3id.org/arabic-kg/resource/person/p> a kg:Person ; rdfs:label "خالد"@ar . }\n'
        '<https://w3id.org/arabic-kg/resource/document/b> { <https://w3id.org/arabic-kg/resource/person/p> a kg:Person ; rdfs:label "خالد"@ar . }\n',
        encoding="utf-8",
    )
    with open_store(tmp_path) as store:
        rows = list(store.query("SELECT ?n WHERE { ?p a kg:Person ; rdfs:label ?n }"))
        assert len(rows) == 1
        per_doc = list(store.query("SELECT ?g WHERE { GRAPH ?g { ?p rdfs:label ?n } }"))
        assert len(per_doc) == 2
        assert len(store) == 4 and store.triple_count() == 2
