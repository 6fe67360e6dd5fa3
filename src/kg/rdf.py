"""Extractions -> RDF: the only place triples are made.

Each document becomes one named graph (its IRI is the document's IRI) holding the document
node, its mentions, the entities it mentions (type, canonical label, the surface forms seen
in it, attributes) and the relations read in it with their evidence. No blank nodes are
used, so output is deterministic.

The build's hot path is :func:`document_statements`: it yields each triple as three
strings already in Turtle syntax (``<iri>``, ``kg:term``, ``"text"@ar``, ``12``), which
:mod:`kg.writer` writes without creating an rdflib term (building rdflib Literals cost
two thirds of the time when a document's graph was made of rdflib terms).
:func:`document_triples` gives the same triples as rdflib terms for library users.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV
from rdflib.util import from_n3

from kg import iri as iris
from kg.contract import CONTRACT
from kg.model import AgreementKind, Entity, EntityType, Extraction, Predicate
from kg.resolve import Corpus, CorpusEntity
from kg.vocab import KG

SCHEMA = Namespace(CONTRACT.prefixes["schema"])
RES = Namespace(iris.BASE)
Triple = tuple[URIRef, URIRef, URIRef | Literal]
Statement = tuple[str, str, str]
"""A triple as the Turtle forms of its subject, predicate and object."""

#: Prefixes of kg's exports, in the order they are declared (a selection of the one
#: table, :data:`kg.contract.PREFIXES`).
PREFIXES: dict[str, str] = {
    name: CONTRACT.prefixes[name]
    for name in ("kg", "rdf", "rdfs", "skos", "xsd", "dcterms", "prov", "schema")
}

_CLASS = {etype: URIRef(CONTRACT.iri(etype.value)) for etype in EntityType}
_KIND = {AgreementKind(kind): URIRef(CONTRACT.iri(sub)) for kind, sub in CONTRACT.kinds.items()}


def class_of(etype: EntityType) -> URIRef:
    """The ontology class of an entity type."""
    return _CLASS[etype]


def predicate_iri(predicate: Predicate) -> URIRef:
    """The ontology property of a relation."""
    return URIRef(str(KG) + predicate.value)


# --------------------------------------------------------------------------- terms

# Turtle string escapes: backslash, quote, line breaks; other C0 controls as \\uXXXX.
_ESCAPES = {c: f"\\u{c:04X}" for c in range(0x20)} | {
    ord("\\"): "\\\\",
    ord('"'): '\\"',
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    0x7F: "\\u007F",
}
# Characters an IRIREF may not hold unescaped (Turtle 1.1, production [18]).
_IRI_ESCAPES = {c: f"\\u{c:04X}" for c in (*range(0x21), *map(ord, '<>"{}|^`\\'))}
# Finders of a character the tables above escape (a search is much cheaper than a
# translation, and few texts hold any).
_NEEDS_ESCAPE = re.compile(f"[{re.escape(''.join(map(chr, _ESCAPES)))}]").search
_IRI_NEEDS_ESCAPE = re.compile(f"[{re.escape(''.join(map(chr, _IRI_ESCAPES)))}]").search


def qname(term: URIRef) -> str:
    """The Turtle form of a vocabulary term: ``a``, ``kg:Person``, or ``<iri>``.

    Args:
        term: an IRI.

    Returns:
        A prefixed name when a prefix of :data:`PREFIXES` covers it with a simple local
        name, else the full IRI in angle brackets.
    """
    if term == RDF.type:
        return "a"
    for prefix, ns in PREFIXES.items():
        local = term[len(ns) :]
        if term.startswith(ns) and local.isascii() and local.isidentifier():
            return f"{prefix}:{local}"
    return iri_term(term)


def iri_term(value: str) -> str:
    """``<value>``, with characters an IRI may not hold escaped."""
    if _IRI_NEEDS_ESCAPE(value) is None:  # minted IRIs never need escapes
        return f"<{value}>"
    return f"<{value.translate(_IRI_ESCAPES)}>"


def _escape(text: str) -> str:
    """``text`` with Turtle string escapes (most texts need none: skip the translation)."""
    return text if _NEEDS_ESCAPE(text) is None else text.translate(_ESCAPES)


def string_term(text: str) -> str:
    """A plain (``xsd:string``) literal."""
    return f'"{_escape(text)}"'


def arabic_term(text: str) -> str:
    """A literal tagged ``@ar``."""
    return f'"{_escape(text)}"@ar'


def typed_term(text: str, datatype: URIRef) -> str:
    """A literal of ``datatype``."""
    name = _DATATYPE_T.get(datatype)
    return f'"{_escape(text)}"^^{qname(datatype) if name is None else name}'


def _date_term(value: str) -> str:
    return typed_term(value, XSD.gMonthDay if value.startswith("--") else XSD.date)


_DATATYPE_T = {dt: qname(dt) for dt in (XSD.date, XSD.gMonthDay, XSD.decimal)}
_TYPE = qname(RDF.type)
_CLASS_T = {k: qname(v) for k, v in _CLASS.items()}
_KIND_T = {k: qname(v) for k, v in _KIND.items()}
_PRED_T = {p: qname(predicate_iri(p)) for p in Predicate}
_P = {
    name: qname(term)
    for name, term in {
        "identifier": DCTERMS.identifier,
        "source": DCTERMS.source,
        "title": DCTERMS.title,
        "date": DCTERMS.date,
        "label": RDFS.label,
        "altLabel": SKOS.altLabel,
        "subject": RDF.subject,
        "predicate": RDF.predicate,
        "object": RDF.object,
        "Statement": RDF.Statement,
        "derived": PROV.wasDerivedFrom,
        **{
            t: KG[t]
            for t in (
                "Document",
                "contentHash",
                "mentionedIn",
                "mergeKey",
                "rule",
                "confidence",
                "role",
                "startDate",
                "endDate",
                "value",
                "currency",
                "Mention",
                "mentionOf",
                "inDocument",
                "start",
                "end",
                "text",
                "sentence",
                "Evidence",
                "Membership",
                "member",
                "organisation",
            )
        },
    }.items()
}


# --------------------------------------------------------------------------- triples


@dataclass(frozen=True, slots=True)
class DocumentGraph:
    """One document's named graph as Turtle-form statements.

    ``local`` holds the statements no other document's graph can hold (about the
    document, its mentions and evidence, and ``kg:mentionedIn`` it), ``shared`` those
    another document may repeat (an entity's type and label, relations, memberships),
    so a union of graphs need only deduplicate ``shared``.
    """

    iri: str
    local: list[Statement]
    shared: list[Statement]


def document_statements(extraction: Extraction, corpus: Corpus) -> DocumentGraph:
    """The statements of one document's named graph (duplicates possible).

    Args:
        extraction: what was extracted from the document.
        corpus: the resolved corpus (entity IRIs and canonical labels).

    Returns:
        The graph's name and statements, each term in Turtle syntax.
    """
    p = _P
    doc = extraction.document
    doc_id = doc.id
    doc_iri = iris.document_iri(doc_id)
    d = iri_term(doc_iri)
    local: list[Statement] = [
        (d, _TYPE, p["Document"]),
        (d, p["identifier"], string_term(doc_id)),
        (d, p["contentHash"], string_term(doc.sha256)),
    ]
    shared: list[Statement] = []
    if doc.source:
        local.append((d, p["source"], string_term(doc.source)))
    if doc.title:
        local.append((d, p["title"], string_term(doc.title)))
    if doc.date:
        local.append((d, p["date"], typed_term(doc.date.isoformat(), XSD.date)))
    # Mention IRIs share the document's digest: made once, then "<prefix{start}-{end}>".
    mentions = iri_term(iris.mention_namespace(doc_id))[:-1]
    a, mention, mention_of, in_doc = _TYPE, p["Mention"], p["mentionOf"], p["inDocument"]
    start, end, text, sentence, rule = p["start"], p["end"], p["text"], p["sentence"], p["rule"]
    mentioned_in, confidence = p["mentionedIn"], p["confidence"]
    esc = _escape
    iri_of: dict[str, str] = {}
    for entity in extraction.entities:
        ent_iri = corpus.iri(doc_id, entity.key)
        e = iri_of[entity.key] = iri_term(ent_iri)
        local.append((e, mentioned_in, d))
        _entity_statements(shared, entity, e, corpus.entities[ent_iri])
        for m in entity.mentions:
            mt = f"{mentions}{m.start}-{m.end}>"
            local += (
                (mt, a, mention),
                (mt, mention_of, e),
                (mt, in_doc, d),
                (mt, start, str(m.start)),
                (mt, end, str(m.end)),
                (mt, text, f'"{esc(m.text)}"'),
                (mt, sentence, str(m.sentence)),
                (mt, rule, f'"{esc(m.rule_id)}"'),
            )
            if m.confidence is not None:
                local.append((mt, confidence, typed_term(f"{m.confidence:.3f}", XSD.decimal)))
    kg_ns = str(KG)
    for rel in extraction.relations:
        s_iri = corpus.iri(doc_id, rel.subject)
        o_iri = corpus.iri(doc_id, rel.object)
        s, o = iri_of[rel.subject], iri_of[rel.object]
        pt = _PRED_T[rel.predicate]
        shared.append((s, pt, o))
        ev = rel.evidence
        p_iri = kg_ns + rel.predicate.value
        et = iri_term(iris.evidence_iri_str(doc_id, s_iri, p_iri, o_iri, ev.start, ev.end))
        local += (
            (et, a, p["Evidence"]),
            (et, a, p["Statement"]),
            (et, p["subject"], s),
            (et, p["predicate"], pt),
            (et, p["object"], o),
            (et, in_doc, d),
            (et, sentence, str(ev.sentence)),
            (et, start, str(ev.start)),
            (et, end, str(ev.end)),
            (et, text, f'"{esc(ev.text)}"'),
            (et, rule, f'"{esc(ev.rule_id)}"'),
            (et, p["derived"], d),
        )
        if rel.role:
            role = arabic_term(rel.role)
            local.append((et, p["role"], role))
            if rel.predicate is Predicate.AFFILIATED_WITH:
                ms = iri_term(iris.membership_iri_str(s_iri, o_iri, rel.role))
                shared += (
                    (ms, a, p["Membership"]),
                    (ms, p["member"], s),
                    (ms, p["organisation"], o),
                    (ms, p["role"], role),
                )
    return DocumentGraph(str(doc_iri), local, shared)


def _entity_statements(out: list[Statement], entity: Entity, e: str, ce: CorpusEntity) -> None:
    p = _P
    label = ce.label
    out.append((e, _TYPE, _CLASS_T[entity.type]))
    if entity.kind in _KIND_T:
        out.append((e, _TYPE, _KIND_T[entity.kind]))
    out.append((e, p["label"], arabic_term(label)))
    alt_label = p["altLabel"]
    for alt in sorted({*entity.alt_labels, entity.label} - {label}):
        out.append((e, alt_label, arabic_term(alt)))
    out.append((e, p["mergeKey"], string_term(ce.key.split("\x1f")[-1])))
    out.append((e, p["rule"], string_term(f"resolve.{entity.merge_rule}")))
    if entity.role:
        out.append((e, p["role"], arabic_term(entity.role)))
    if entity.start_date:
        out.append((e, p["startDate"], _date_term(entity.start_date)))
    if entity.end_date:
        out.append((e, p["endDate"], _date_term(entity.end_date)))
    if entity.value is not None:
        out.append((e, p["value"], typed_term(entity.value, XSD.decimal)))
    if entity.currency:
        out.append((e, p["currency"], string_term(entity.currency)))


def document_triples(extraction: Extraction, corpus: Corpus) -> Iterator[Triple]:
    """Yield the triples of one document's named graph as rdflib terms.

    Args:
        extraction: what was extracted from the document.
        corpus: the resolved corpus.

    Yields:
        Each triple of :func:`document_statements`, as rdflib terms.
    """
    graph = document_statements(extraction, corpus)
    ns = Graph()
    bind_prefixes(ns)
    manager = ns.namespace_manager
    terms: dict[str, URIRef | Literal] = {"a": RDF.type}
    for statement in (*graph.local, *graph.shared):
        triple = []
        for text in statement:
            term = terms.get(text)
            if term is None:
                term = terms[text] = from_n3(text, nsm=manager)  # type: ignore[assignment]
            triple.append(term)
        yield triple[0], triple[1], triple[2]  # type: ignore[misc]


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
    """Build an rdflib dataset: one named graph per document (for small corpora)."""
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
