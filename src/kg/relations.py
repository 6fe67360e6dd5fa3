"""Relations between the entities of one document (pure). First version: none yet."""

from __future__ import annotations

from collections.abc import Sequence

from kg.model import Document, Entity, Relation, Sentence


def find_relations(
    doc: Document, sentences: Sequence[Sentence], entities: Sequence[Entity]
) -> tuple[tuple[Relation, ...], tuple[Entity, ...], dict[str, int]]:
    """Return relations, entities with attributes filled in, and dropped counts."""
    return (), tuple(entities), {}
