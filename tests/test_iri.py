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


def test_slug_transliterates_as_camel_tools_does() -> None:
    from camel_tools.utils.charmap import CharMapper

    from kg.iri import _ARABIC_BLOCK, _transliteration

    mapper = CharMapper.builtin_mapper("ar2safebw")
    table = _transliteration()
    outside = [c for c in range(0x10000) if c not in _ARABIC_BLOCK and not 0xD800 <= c < 0xE000]
    assert all(mapper(chr(c)) == chr(c) for c in outside)  # nothing to map there
    assert all(chr(c).translate(table) == mapper(chr(c)) for c in _ARABIC_BLOCK)
    text = "وقّع عمرو طلعت مذكرة تفاهم مع شركة PCCW في دبي ٢٠٢٤"
    assert text.translate(table) == mapper(text)
    assert slug(text) == slug(mapper(text))
