"""Resolve document entities into corpus entities, one IRI each (pure).

Entities of different documents are one corpus entity when they have the same type and
merge key (:func:`kg.entities.merge_key`): a person's first and last name, an event's name
without its year, otherwise the normalised name. A person or organisation named in one
document only by a name that another named in full (a family name alone) joins that one.
Agreements stay per document: two memoranda never collapse into one because they are
worded alike.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import URIRef

from kg.entities import KnownNames, merge_key
from kg.iri import entity_iri
from kg.model import Entity, EntityType, Extraction
from kg.normalize import normalize_name


@dataclass(frozen=True, slots=True)
class CorpusEntity:
    """An entity of the whole corpus."""

    iri: URIRef
    type: EntityType
    label: str
    key: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Corpus:
    """Corpus entities and the map from (document id, local key) to their IRIs."""

    entities: dict[URIRef, CorpusEntity]
    local: dict[tuple[str, str], URIRef]

    def iri(self, doc_id: str, key: str) -> URIRef:
        """The IRI of entity ``key`` of document ``doc_id``."""
        return self.local[(doc_id, key)]


def corpus_key(
    doc_id: str, entity: Entity, known: KnownNames | None = None
) -> tuple[EntityType, str]:
    """The key under which an entity is merged across documents.

    An entity named by a name of ``known`` (:func:`kg.entities.corpus_names`) of its type,
    such as a family name alone ("بوتين"), takes the key of the entity named in full
    ("فلاديمير بوتين").
    """
    label = entity.label
    if known and entity.type in (EntityType.PERSON, EntityType.ORGANISATION):
        hit = known.get(tuple(normalize_name(label).split()))
        if hit is not None and hit[0] is entity.type:
            label = hit[1]
    key = merge_key(entity.type, label)
    if entity.type is EntityType.AGREEMENT:
        return entity.type, f"{doc_id}\x1f{key}"
    return entity.type, key


def resolve_corpus(extractions: Sequence[Extraction], known: KnownNames | None = None) -> Corpus:
    """Merge the entities of all documents (with the names ``known`` across them).

    The canonical label of a corpus entity is its most frequent document label (ties:
    the longer, then the smaller in code-point order), so it does not depend on the order
    documents were read in.
    """
    groups: dict[tuple[EntityType, str], list[tuple[str, Entity]]] = defaultdict(list)
    keys: dict[tuple[EntityType, str], tuple[EntityType, str]] = {}  # names recur
    for extraction in extractions:
        doc_id = extraction.document.id
        for entity in extraction.entities:
            seen = keys.get((entity.type, entity.label))
            if seen is not None:
                group = seen
            else:
                group = corpus_key(doc_id, entity, known)
                if entity.type is not EntityType.AGREEMENT:  # an agreement's key holds its document
                    keys[entity.type, entity.label] = group
            groups[group].append((doc_id, entity))
    entities: dict[URIRef, CorpusEntity] = {}
    local: dict[tuple[str, str], URIRef] = {}
    for (etype, key), members in sorted(groups.items()):
        if len(members) == 1:
            label = members[0][1].label
        else:
            counts = Counter(e.label for _, e in members)
            label = min(counts, key=lambda lab: (-counts[lab], -len(lab), lab))
        iri = entity_iri(etype, key, label if etype is EntityType.AGREEMENT else key)
        entities[iri] = CorpusEntity(
            iri=iri,
            type=etype,
            label=label,
            key=key,
            documents=tuple(sorted({d for d, _ in members})),
        )
        for doc_id, entity in members:
            local[(doc_id, entity.key)] = iri
    return Corpus(entities, local)
