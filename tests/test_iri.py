"""IRIs are deterministic, ASCII-safe and distinct."""

from __future__ import annotations

from kg.iri import document_iri, entity_iri, mention_iri, slug
from kg.model import EntityType


def test_iri_same_entity_same_iri_and_ascii() -> None:
    a = entity_iri(EntityType.PERSON, "عمرو طلعت", "عمرو طلعت")
    b = entity_iri(EntityType.PERSON, "عمرو طلعت", "عمرو طلعت")
    assert a == b
    assert str(a).isascii()
    assert str(a).startswith("https://w3id.org/arabic-kg/resource/person/")


def test_iri_differs_by_type_and_key() -> None:
    p = entity_iri(EntityType.PERSON, "مصر", "مصر")
    pl = entity_iri(EntityType.PLACE, "مصر", "مصر")
    other = entity_iri(EntityType.PLACE, "مصري", "مصري")
    assert len({p, pl, other}) == 3


def test_iri_documents_and_mentions() -> None:
    assert document_iri("a/b.txt") == document_iri("a/b.txt") != document_iri("a/c.txt")
    assert str(mention_iri("a.txt", 3, 9)).endswith("/3-9")
    assert slug("") == "x"
    assert slug("دبي!") == "dby"
