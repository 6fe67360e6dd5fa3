"""The ontology contract is read from kg.ttl, and everything that knows the relations
learns them from it: a new relation is kg.ttl + shapes.ttl + one frame file."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import SH

import kg
from kg import viz
from kg.contract import CONTRACT, PREFIXES, Lit, load_contract, ontology_path, read_turtle
from kg.errors import OntologyError
from kg.evaluate import score_documents
from kg.model import AgreementKind, EntityType, Predicate
from kg.relations import SIGNATURE
from kg.validate import shapes_graph

FIXTURES = Path(__file__).parent / "fixtures" / "contract"


def _rdflib_term(term: str | Lit) -> URIRef | BNode | Literal:
    if isinstance(term, Lit):
        datatype = URIRef(term.datatype) if term.datatype else None
        return Literal(term.value, lang=term.lang or None, datatype=datatype)
    return BNode(term[2:]) if term.startswith("_:") else URIRef(term)


def test_contract_reader_gives_rdflibs_triples() -> None:
    prefixes, triples = read_turtle(ontology_path("kg.ttl"))
    ours = Graph()
    for triple in triples:
        ours.add((_rdflib_term(triple[0]), _rdflib_term(triple[1]), _rdflib_term(triple[2])))
    theirs = Graph().parse(ontology_path("kg.ttl"), format="turtle")
    if not isomorphic(ours, theirs):
        _, only_ours, only_theirs = graph_diff(to_isomorphic(ours), to_isomorphic(theirs))
        pytest.fail(f"reader only: {sorted(only_ours)}\nrdflib only: {sorted(only_theirs)}")
    assert prefixes == {p: str(ns) for p, ns in theirs.namespaces() if p in prefixes}


def test_contract_relations_are_known_everywhere_and_nothing_else() -> None:
    names = [r.name for r in CONTRACT.relations]
    assert names == [p.value for p in Predicate]
    assert set(SIGNATURE) == set(Predicate)
    assert [str(iri) for iri in viz.RELATIONS] == [CONTRACT.iri(n) for n in names]
    assert list(score_documents([], {}).relations) == names
    shaped = {str(o) for o in shapes_graph().objects(None, SH.targetSubjectsOf)}
    assert {CONTRACT.iri(n) for n in names} <= shaped


def test_contract_classes_are_the_entity_types_and_kinds() -> None:
    assert CONTRACT.classes == tuple(t.value for t in EntityType)
    assert set(CONTRACT.kinds) == {k.value for k in AgreementKind} - {"Agreement"}
    assert set(CONTRACT.subclasses.values()) == {"Agreement"}


def test_contract_prefixes_are_the_export_and_query_prefixes() -> None:
    from kg.rdf import PREFIXES as EXPORT
    from kg.store import PREFIXES as QUERY

    assert QUERY is PREFIXES
    assert EXPORT.items() <= PREFIXES.items()
    assert PREFIXES["res"] == kg.iri.BASE


def test_contract_predicate_stub_names_runtime_members() -> None:
    """mypy's view of Predicate (model.py's TYPE_CHECKING class) names real members."""
    tree = ast.parse(Path(kg.model.__file__).read_text(encoding="utf-8"))
    stub = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "Predicate")
    members = {
        t.id: v.value
        for node in stub.body
        if isinstance(node, ast.Assign) and isinstance(v := node.value, ast.Constant)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    assert members
    assert {name: Predicate[name].value for name in members} == members


def test_contract_relation_without_arabic_label_raises(tmp_path: Path) -> None:
    text = ontology_path("kg.ttl").read_text(encoding="utf-8")
    broken = tmp_path / "kg.ttl"
    broken.write_text(text.replace('"met with"@en , "التقى"@ar', '"met with"@en'), "utf-8")
    with pytest.raises(OntologyError, match="'metWith' has no Arabic rdfs:label"):
        load_contract(broken)


def test_contract_bad_turtle_names_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "kg.ttl"
    broken.write_text("@prefix kg: <https://example.org/#> .\nkg:a kg:b ? .\n", "utf-8")
    with pytest.raises(OntologyError, match="line 2"):
        load_contract(broken)


_PROBE = """
import json
from rdflib import URIRef
from kg.contract import CONTRACT
from kg.evaluate import score_documents
from kg.model import Document, Predicate
from kg.pipeline import extract
from kg.relations import SIGNATURE
from kg.validate import shapes_graph
from kg import viz

p = Predicate.ADVISED_BY
text = "واستشار الدكتور خالد سعيد السيد محمد علي في خطة العمل."
ex = extract(Document("x.txt", text))
label = {e.key: e.label for e in ex.entities}
print(json.dumps({
    "signature": [sorted(side) for side in SIGNATURE[p]],
    "gloss": viz.RELATIONS[URIRef(CONTRACT.iri("advisedBy"))],
    "scored": "advisedBy" in score_documents([], {}).relations,
    "shaped": any(True for _ in shapes_graph().subjects(None, URIRef(CONTRACT.iri("advisedBy")))),
    "found": [[label[r.subject], r.predicate.value, label[r.object]] for r in ex.relations],
}, ensure_ascii=False))
"""


def test_contract_new_relation_needs_only_ontology_shapes_and_a_frame(tmp_path: Path) -> None:
    """A copy of kg with kg:advisedBy added to kg.ttl and shapes.ttl and one frame file:
    the relation is a Predicate, has a signature, a view gloss, an evaluation row, a
    shape, and is extracted."""
    package = tmp_path / "kg"
    shutil.copytree(Path(kg.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("kg.ttl", "shapes.ttl"):
        path = package / "ontology" / name
        addition = (FIXTURES / f"advised_by.{name}").read_text(encoding="utf-8")
        path.write_text(path.read_text(encoding="utf-8") + addition, encoding="utf-8")
    shutil.copy(FIXTURES / "advising.toml", package / "relations" / "frames" / "advising.toml")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result == {
        "signature": [["Person"], ["Person"]],
        "gloss": "يستشير",
        "scored": True,
        "shaped": True,
        "found": [["خالد سعيد", "advisedBy", "محمد علي"]],
    }
