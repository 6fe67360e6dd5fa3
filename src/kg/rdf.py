"""Extractions -> RDF: the only place triples are made.

Each document becomes one named graph (its IRI is the document's IRI) holding the document
node, its mentions, the entities it mentions (type, canonical label, the surface forms seen
in it, attributes) and the relations read in it with their evidence. No blank nodes are
used, so output is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg import iri as iris
from kg.model import AgreementKind, Entity, EntityType, Extraction, Predicate
from kg.resolve import Corpus
from kg.vocab import KG

SCHEMA = Namespace("https://schema.org/")
RES = Namespace(iris.BASE)
Triple = tuple[URIRef, URIRef, URIRef | Literal]

_CLASS = {
    EntityType.PERSON: KG.Person,
    EntityType.ORGANISATION: KG.Organisation,
    EntityType.EVENT: KG.Event,
    EntityType.AGREEMENT: KG.Agreement,
    EntityType.PLACE: KG.Place,
}
_KIND = {
    AgreementKind.MOU: KG.MemorandumOfUnderstanding,
    AgreementKind.LETTER_OF_INTENT: KG.LetterOfIntent,
    AgreementKind.CONTRACT: KG.Contract,
    AgreementKind.PROTOCOL: KG.Protocol,
}


def class_of(etype: EntityType) -> URIRef:
    """The ontology class of an entity type."""
    return _CLASS[etype]


def predicate_iri(predicate: Predicate) -> URIRef:
    """The ontology property of a relation."""
    return URIRef(str(KG) + predicate.value)


def _ar(text: str) -> Literal:
    return Literal(text, lang="ar")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.gMonthDay if value.startswith("--") else XSD.date)


def document_triples(extraction: Extraction, corpus: Corpus) -> Iterator[Triple]:
    """Yield the triples of one document's named graph."""
    doc = extraction.document
    doc_iri = iris.document_iri(doc.id)
    yield doc_iri, RDF.type, KG.Document
    yield doc_iri, DCTERMS.identifier, Literal(doc.id)
    yield doc_iri, KG.contentHash, Literal(doc.sha256)
    if doc.source:
        yield doc_iri, DCTERMS.source, Literal(doc.source)
    if doc.title:
        yield doc_iri, DCTERMS.title, Literal(doc.title)
    if doc.date:
        yield doc_iri, DCTERMS.date, Literal(doc.date.isoformat(), datatype=XSD.date)
    for entity in extraction.entities:
        yield from _entity_triples(entity, doc.id, doc_iri, corpus)
    for entity in extraction.entities:
        ent_iri = corpus.iri(doc.id, entity.key)
        for m in entity.mentions:
            m_iri = iris.mention_iri(doc.id, m.start, m.end)
            yield m_iri, RDF.type, KG.Mention
            yield m_iri, KG.mentionOf, ent_iri
            yield m_iri, KG.inDocument, doc_iri
            yield m_iri, KG.start, Literal(m.start)
            yield m_iri, KG.end, Literal(m.end)
            yield m_iri, KG.text, Literal(m.text)
            yield m_iri, KG.sentence, Literal(m.sentence)
            yield m_iri, KG.rule, Literal(m.rule_id)
    for rel in extraction.relations:
        s = corpus.iri(doc.id, rel.subject)
        o = corpus.iri(doc.id, rel.object)
        p = predicate_iri(rel.predicate)
        yield s, p, o
        ev = rel.evidence
        e_iri = iris.evidence_iri(doc.id, str(s), str(p), str(o), ev.start, ev.end)
        yield e_iri, RDF.type, KG.Evidence
        yield e_iri, RDF.type, RDF.Statement
        yield e_iri, RDF.subject, s
        yield e_iri, RDF.predicate, p
        yield e_iri, RDF.object, o
        yield e_iri, KG.inDocument, doc_iri
        yield e_iri, KG.sentence, Literal(ev.sentence)
        yield e_iri, KG.start, Literal(ev.start)
        yield e_iri, KG.end, Literal(ev.end)
        yield e_iri, KG.text, Literal(ev.text)
        yield e_iri, KG.rule, Literal(ev.rule_id)
        yield e_iri, PROV.wasDerivedFrom, doc_iri
        if rel.role:
            yield e_iri, KG.role, _ar(rel.role)
            if rel.predicate is Predicate.AFFILIATED_WITH:
                ms = iris.membership_iri(str(s), str(o), rel.role)
                yield ms, RDF.type, KG.Membership
                yield ms, KG.member, s
                yield ms, KG.organisation, o
                yield ms, KG.role, _ar(rel.role)


def _entity_triples(entity: Entity, doc_id: str, doc_iri: URIRef, corpus: Corpus) -> Iterator[Triple]:
    ent_iri = corpus.iri(doc_id, entity.key)
    ce = corpus.entities[ent_iri]
    yield ent_iri, RDF.type, _CLASS[entity.type]
    if entity.kind in _KIND:
        yield ent_iri, RDF.type, _KIND[entity.kind]
    yield ent_iri, RDFS.label, _ar(ce.label)
    for alt in sorted({*entity.alt_labels, entity.label} - {ce.label}):
        yield ent_iri, SKOS.altLabel, _ar(alt)
    yield ent_iri, KG.mentionedIn, doc_iri
    yield ent_iri, KG.mergeKey, Literal(ce.key.split("\x1f")[-1])
    yield ent_iri, KG.rule, Literal(f"resolve.{entity.merge_rule}")
    if entity.role:
        yield ent_iri, KG.role, _ar(entity.role)
    if entity.start_date:
        yield ent_iri, KG.startDate, _date(entity.start_date)
    if entity.end_date:
        yield ent_iri, KG.endDate, _date(entity.end_date)
    if entity.value is not None:
        yield ent_iri, KG.value, Literal(entity.value, datatype=XSD.decimal)
    if entity.currency:
        yield ent_iri, KG.currency, Literal(entity.currency)


def bind_prefixes(graph: Graph) -> None:
    """Bind the prefixes used in kg's exports."""
    graph.bind("kg", KG._NS, override=True)
    graph.bind("res", RES)
    graph.bind("rdfs", RDFS)
    graph.bind("skos", SKOS)
    graph.bind("xsd", XSD)
    graph.bind("dcterms", DCTERMS)
    graph.bind("prov", PROV)
    graph.bind("schema", SCHEMA)


def to_dataset(extractions: Sequence[Extraction], corpus: Corpus) -> Dataset:
    """Build the dataset: one named graph per document."""
    ds = Dataset()
    bind_prefixes(ds)
    for extraction in extractions:
        g = ds.graph(iris.document_iri(extraction.document.id))
        for triple in document_triples(extraction, corpus):
            g.add(triple)
    return ds


def union_graph(ds: Dataset) -> Graph:
    """All named graphs' triples in one graph."""
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
