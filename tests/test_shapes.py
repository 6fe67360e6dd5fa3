"""Each SHACL shape has a conforming and a violating fixture graph.

The conforming graph is tests/fixtures/shapes/valid.ttl; each violating graph is that
graph changed by one SPARQL update. Every shape is checked alone (a shapes graph holding
only it), so a violation is known to come from that shape.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from kg.contract import CONTRACT
from kg.validate import shapes_graph, validate

VALID = Path(__file__).parent / "fixtures" / "shapes" / "valid.ttl"
SH_NS = "https://w3id.org/arabic-kg/shapes#"
PREFIXES = """
PREFIX kg: <https://w3id.org/arabic-kg/ontology#>
PREFIX res: <https://w3id.org/arabic-kg/resource/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

BREAKS = {
    "EntityShape": "DELETE DATA { res:p2 rdfs:label 'محمد علي'@ar }",
    "DocumentShape": "DELETE { res:doc kg:contentHash ?h } INSERT { res:doc kg:contentHash 'xyz' } WHERE { res:doc kg:contentHash ?h }",
    "MentionShape": "DELETE DATA { res:m1 kg:end 9 } ; INSERT DATA { res:m1 kg:end -1 }",
    "EvidenceShape": "DELETE DATA { res:v1 kg:rule 'met_with.verb' }",
    "MembershipShape": "DELETE DATA { res:ms1 kg:organisation res:o1 } ; INSERT DATA { res:ms1 kg:organisation res:c1 }",
    "ParticipatedInShape": "INSERT DATA { res:c1 kg:participatedIn res:e1 }",
    "ChairedShape": "INSERT DATA { res:p1 kg:chaired res:a1 }",
    "MetWithShape": "INSERT DATA { res:p1 kg:metWith res:o1 }",
    "AffiliatedWithShape": "INSERT DATA { res:p1 kg:affiliatedWith res:c2 }",
    "SignedShape": "INSERT DATA { res:o1 kg:signed res:a1 }",
    "WitnessedShape": "INSERT DATA { res:p1 kg:witnessed res:e1 }",
    "PartyToShape": "INSERT DATA { res:p2 kg:partyTo res:a1 }",
    "HeldInShape": "INSERT DATA { res:e1 kg:heldIn res:o1 }",
    "SubEventOfShape": "INSERT DATA { res:e2 kg:subEventOf res:a1 }",
    "SignedAtShape": "INSERT DATA { res:a1 kg:signedAt res:c1 }",
    "SubsidiaryOfShape": "INSERT DATA { res:o1 kg:subsidiaryOf res:p1 }",
    "LocatedInShape": "INSERT DATA { res:c1 kg:locatedIn res:e1 }",
    "DateShape": "INSERT DATA { res:e1 kg:startDate '12 February' }",
    "ValueShape": "DELETE DATA { res:a1 kg:currency 'USD' } ; INSERT DATA { res:a1 kg:currency 'dollars' }",
}


#: An entity of each class in valid.ttl.
SAMPLE = {
    "Person": "res:p1",
    "Organisation": "res:o1",
    "Event": "res:e1",
    "Agreement": "res:a1",
    "Place": "res:c1",
}


def _relation_breaks() -> dict[str, str]:
    """For the shape of each relation of the contract that BREAKS does not list (a new
    relation needs no entry here): the relation from an entity of its domain to one of a
    class outside its range."""
    graph = shapes_graph()
    out = {}
    for relation in CONTRACT.relations:
        for shape in graph.subjects(SH.targetSubjectsOf, URIRef(relation.iri)):
            name = str(shape)[len(SH_NS) :]
            wrong = next(c for c in CONTRACT.classes if c not in relation.range)
            subject = SAMPLE[relation.domain[0]]
            out[name] = f"INSERT DATA {{ {subject} kg:{relation.name} {SAMPLE[wrong]} }}"
    return out


BREAKS = _relation_breaks() | BREAKS


def _only(shape: str) -> Graph:
    """A shapes graph holding one shape and everything reachable from it."""
    full = shapes_graph()
    out = Graph()
    todo = [URIRef(SH_NS + shape)]
    seen = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for p, o in full.predicate_objects(node):
            out.add((node, p, o))
            if not isinstance(o, URIRef) or p in (RDF.first, RDF.rest, SH["or"]):
                todo.append(o)  # type: ignore[arg-type]
    return out


def test_shapes_every_shape_has_a_break() -> None:
    declared = {str(s)[len(SH_NS) :] for s in shapes_graph().subjects(RDF.type, SH.NodeShape)}
    assert declared == set(BREAKS)


@pytest.mark.parametrize("shape", sorted(BREAKS))
def test_shapes_valid_fixture_conforms(shape: str) -> None:
    data = Graph().parse(VALID, format="turtle")
    report = validate(data, shapes=_only(shape))
    assert report.conforms, report.violations


@pytest.mark.parametrize("shape", sorted(BREAKS))
def test_shapes_broken_fixture_violates(shape: str) -> None:
    data = Graph().parse(VALID, format="turtle")
    data.update(PREFIXES + BREAKS[shape])
    report = validate(data, shapes=_only(shape))
    assert not report.conforms, f"{shape} accepted the broken graph"
