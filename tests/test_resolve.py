"""Unit tests of corpus resolution (kg.resolve)."""

from __future__ import annotations

from kg.model import Document, Entity, EntityType, Extraction
from kg.resolve import resolve_corpus


def _doc(doc_id: str, *entities: tuple[EntityType, str]) -> Extraction:
    return Extraction(
        document=Document(doc_id, ""),
        sentences=(),
        mentions=(),
        entities=tuple(
            Entity(f"e{k}", etype, label, "", "", ()) for k, (etype, label) in enumerate(entities)
        ),
        relations=(),
    )


def _labels(corpus_docs: list[Extraction]) -> list[str]:
    return sorted(e.label for e in resolve_corpus(corpus_docs).entities.values())


def test_corpus_label_is_the_most_frequent_then_longer_then_smaller() -> None:
    org = EntityType.ORGANISATION
    # "شركة أ" and "شركة ا" share a merge key (alef variants): the more frequent wins
    docs = [_doc("a", (org, "شركة أ")), _doc("b", (org, "شركة ا")), _doc("c", (org, "شركة ا"))]
    assert _labels(docs) == ["شركة ا"]
    # a tie: the smaller in code-point order (أ is U+0623, ا U+0627), in any order
    assert _labels(docs[:2]) == ["شركة أ"]
    assert _labels(list(reversed(docs[:2]))) == ["شركة أ"]
    # a tie between lengths: the longer
    p = EntityType.PERSON
    named = [_doc("a", (p, "عبد السيسي")), _doc("b", (p, "عبد الفتاح السيسي"))]
    assert _labels(named) == ["عبد الفتاح السيسي"]


def test_corpus_entities_merge_across_documents_but_not_agreements() -> None:
    p, a = EntityType.PERSON, EntityType.AGREEMENT
    docs = [_doc("a", (p, "عمرو طلعت"), (a, "مذكرة تفاهم")), _doc("b", (p, "عمرو طلعت"))]
    docs.append(_doc("c", (a, "مذكرة تفاهم")))
    corpus = resolve_corpus(docs)
    persons = [e for e in corpus.entities.values() if e.type is p]
    assert [e.documents for e in persons] == [("a", "b")]
    assert len([e for e in corpus.entities.values() if e.type is a]) == 2
    assert corpus.iri("a", "e0") == corpus.iri("b", "e0")
