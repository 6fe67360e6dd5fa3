"""Reading a build: its graph file, and the entities and relations of each document."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from kg.contract import CONTRACT
from kg.errors import StoreError
from kg.evaluate.records import PredictedDocument, PredictedEntity, PredictedRelation
from kg.model import EntityType, Predicate
from kg.vocab import KG

#: Ontology classes read as entity types; subclasses of kg:Agreement count as Agreement.
_CLASS_TYPES: dict[URIRef, EntityType] = {
    URIRef(iri): EntityType(cls) for iri, cls in CONTRACT.entity_class_of().items()
}
_PREDICATES: dict[URIRef, Predicate] = {URIRef(CONTRACT.iri(p.value)): p for p in Predicate}


def _triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def predicted_documents(graph: Graph) -> dict[str, PredictedDocument]:
    """Read the entities and relations of every document of a build graph.

    Entities are the resources with a kg entity class and ``kg:mentionedIn`` a
    document; relations are read from ``kg:Evidence`` nodes (``rdf:subject``,
    ``rdf:predicate``, ``rdf:object``, ``kg:inDocument``).

    Args:
        graph: a Graph, or a Dataset (the union of its graphs is read).

    Returns:
        Predicted documents by ``dcterms:identifier``.
    """
    types: defaultdict[Node, set[EntityType]] = defaultdict(set)
    labels: defaultdict[Node, list[str]] = defaultdict(list)
    alt_labels: defaultdict[Node, list[str]] = defaultdict(list)
    mentioned: defaultdict[Node, set[Node]] = defaultdict(set)
    identifier: dict[Node, str] = {}
    evidence: defaultdict[Node, dict[Node, Node]] = defaultdict(dict)
    is_evidence: set[Node] = set()
    reified = {RDF.subject, RDF.predicate, RDF.object, KG.inDocument, KG.sentence, KG.rule, KG.text}
    sources: dict[Node, str] = {}
    for s, p, o in _triples(graph):
        if p == RDF.type:
            if o in _CLASS_TYPES:
                types[s].add(_CLASS_TYPES[URIRef(str(o))])
            elif o == KG.Evidence:
                is_evidence.add(s)
        elif p == RDFS.label:
            labels[s].append(str(o))
        elif p == SKOS.altLabel:
            alt_labels[s].append(str(o))
        elif p == KG.mentionedIn:
            mentioned[o].add(s)
        elif p == DCTERMS.identifier:
            identifier[s] = str(o)
        elif p == DCTERMS.source:
            sources[s] = str(o)
        elif p in reified:
            evidence[s][p] = o

    entities_of: defaultdict[Node, list[PredictedEntity]] = defaultdict(list)
    for doc, members in mentioned.items():
        for ent in members:
            ent_types = types.get(ent)
            if not ent_types:
                continue
            etype = min(ent_types)  # one type expected; deterministic if not
            names = tuple(dict.fromkeys(sorted(labels[ent]) + sorted(alt_labels[ent])))
            entities_of[doc].append(PredictedEntity(str(ent), etype, names))
    relations_of: defaultdict[Node, set[PredictedRelation]] = defaultdict(set)
    where_of: defaultdict[Node, dict[PredictedRelation, tuple[int | None, str, str]]] = defaultdict(
        dict
    )
    for node in sorted(is_evidence, key=str):
        parts = evidence.get(node, {})
        pred = _PREDICATES.get(URIRef(str(parts.get(RDF.predicate, ""))))
        if pred is None or not {RDF.subject, RDF.object, KG.inDocument} <= parts.keys():
            continue
        rel = PredictedRelation(str(parts[RDF.subject]), pred, str(parts[RDF.object]))
        relations_of[parts[KG.inDocument]].add(rel)
        sentence = parts.get(KG.sentence)
        where_of[parts[KG.inDocument]].setdefault(
            rel,
            (
                int(str(sentence)) if sentence is not None else None,
                str(parts.get(KG.rule, "")),
                str(parts.get(KG.text, "")),
            ),
        )

    out: dict[str, PredictedDocument] = {}
    for doc, ident in sorted(identifier.items(), key=lambda kv: (kv[1], str(kv[0]))):
        if ident in out:
            continue
        out[ident] = PredictedDocument(
            doc=ident,
            iri=str(doc),
            entities=tuple(sorted(entities_of.get(doc, []), key=lambda e: e.iri)),
            relations=tuple(
                sorted(relations_of.get(doc, set()), key=lambda r: (r.subject, r.predicate))
            ),
            evidence=where_of.get(doc, {}),
            source=sources.get(doc, ""),
        )
    return out


def read_build(build_dir: Path) -> Dataset:
    """Read ``BUILD_DIR/graph.trig`` (or ``graph.ttl`` when there is no TriG file).

    Args:
        build_dir: a directory written by ``kg build``.

    Returns:
        The build as a Dataset.

    Raises:
        StoreError: the directory has no graph or it cannot be parsed.
    """
    trig, ttl = build_dir / "graph.trig", build_dir / "graph.ttl"
    path, fmt = (trig, "trig") if trig.is_file() or not ttl.is_file() else (ttl, "turtle")
    if not path.is_file():
        raise StoreError(f"{build_dir}: no graph.trig here; run `kg build ... -o {build_dir}`.")
    dataset = Dataset()
    try:
        # rdflib leaves a path it opens unclosed, and its TriG parser calls its own
        # deprecated Dataset API (rdflib 7.x): neither is ours to report.
        with path.open("rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(handle, format=fmt, publicID=path.resolve().as_uri())
    except OSError as err:
        raise StoreError(f"{path}: cannot read: {err.strerror or err}.") from err
    except Exception as err:  # rdflib raises many types for bad syntax
        raise StoreError(f"{path}: cannot parse the graph: {err}") from err
    return dataset
