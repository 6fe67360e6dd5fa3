"""The KG namespace and ontology/kg.ttl declare the same terms, both ways."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg.contract import CONTRACT, ontology_path
from kg.validate import ontology_graph
from kg.vocab import KG

NS = "https://w3id.org/arabic-kg/ontology#"


def _declared() -> set[str]:
    g = ontology_graph()
    return {
        str(s)[len(NS) :]
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(NS)
    }


def test_vocab_types_only_ontology_terms_and_knows_them_all() -> None:
    declared = _declared()
    assert set(KG.__annotations__) <= declared
    assert all(term in KG for term in declared)
    assert set(CONTRACT.terms) == declared


def test_vocab_is_generated_from_the_current_ontology() -> None:
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("gen_vocab", root / "scripts" / "gen_vocab.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render(ontology_path("kg.ttl"), only=set(KG.__annotations__))
    assert (root / "src" / "kg" / "vocab.py").read_text(encoding="utf-8") == expected


def test_vocab_unknown_term_raises() -> None:
    with pytest.raises(AttributeError):
        _ = KG.Agrement


@pytest.mark.parametrize(
    "term",
    [
        "Person",
        "Organisation",
        "Event",
        "Agreement",
        "Place",
        "Document",
        "participatedIn",
        "chaired",
        "metWith",
        "affiliatedWith",
        "signed",
        "partyTo",
        "witnessed",
        "heldIn",
        "subEventOf",
        "signedAt",
        "subsidiaryOf",
        "locatedIn",
        "mentionedIn",
        "startDate",
        "endDate",
        "value",
        "currency",
        "role",
    ],
)
def test_vocab_contract_terms_are_declared_with_labels(term: str) -> None:
    g = ontology_graph()
    iri = URIRef(NS + term)
    langs = {lit.language for lit in g.objects(iri, RDFS.label)}
    assert {"en", "ar"} <= langs, term
    assert g.value(iri, RDFS.comment) is not None, term


def test_vocab_contract_classes_align_with_public_vocabularies() -> None:
    g = ontology_graph()
    parents = {
        str(o)
        for s in ("Person", "Organisation", "Event", "Place")
        for o in g.objects(URIRef(NS + s), RDFS.subClassOf)
    }
    assert "https://schema.org/Person" in parents
    assert "http://www.w3.org/ns/org#Organization" in parents
    assert "https://schema.org/Event" in parents
    assert "http://www.w3.org/ns/prov#Location" in parents


def test_vocab_ontology_parses_as_owl() -> None:
    g = Graph().parse(ontology_path("kg.ttl"), format="turtle")
    assert (URIRef("https://w3id.org/arabic-kg/ontology"), RDF.type, OWL.Ontology) in g
