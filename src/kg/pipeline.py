"""The extraction pipeline: one document in, one :class:`~kg.model.Extraction` out.

Stages run in the order of :data:`STAGES`; each is a pure function of the document and
what earlier stages produced.

A corpus adds one step (:func:`relink`, :func:`extract_corpus`): once every document is
extracted, the names they found in full are looked up bare in the others, and a document
that has some is extracted again with them.
"""

from __future__ import annotations

from collections.abc import Iterable

from kg.attributes import fill_attributes
from kg.entities import KnownNames, corpus_names, find_aliases, resolve_entities
from kg.gazetteer import find_gazetteer_mentions, prefer_gazetteer
from kg.mentions import find_mentions
from kg.model import Document, Extraction
from kg.relations import find_relations
from kg.resources import Gazetteer
from kg.text import split_sentences

#: Bump when extraction output changes, so cached extractions are redone.
EXTRACTOR_VERSION = "2"

STAGES = (
    "split_sentences",
    "find_mentions",
    "find_gazetteer_mentions",
    "find_aliases",
    "resolve_entities",
    "fill_attributes",
    "find_relations",
)


def extract(
    doc: Document, *, gazetteer: Gazetteer | None = None, known: KnownNames | None = None
) -> Extraction:
    """Extract mentions, entities and relations from one document.

    Args:
        doc: the document.
        gazetteer: names supplied by the user (``kg build --gazetteer``); they win over
            rule-found mentions they overlap.
        known: names found in other documents of the corpus (:func:`relink`).

    Returns:
        Everything found, with offsets into ``doc.text``.
    """
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences=sentences)
    if gazetteer is not None and gazetteer.entries:
        user = find_gazetteer_mentions(doc, sentences, gazetteer)
        mentions = prefer_gazetteer(mentions, user)
    mentions = mentions + find_aliases(doc, sentences, mentions, known=known)
    entities, mentions_kept = resolve_entities(doc, mentions)
    entities = fill_attributes(doc, sentences, entities)
    relations, dropped = find_relations(doc, sentences, entities)
    return Extraction(
        document=doc,
        sentences=sentences,
        mentions=mentions_kept,
        entities=entities,
        relations=relations,
        dropped=dropped,
    )


def relink(
    extraction: Extraction, known: KnownNames, *, gazetteer: Gazetteer | None = None
) -> Extraction | None:
    """Extract a document again when it names, bare, a person or organisation that
    other documents named in full (``known``, from :func:`kg.entities.corpus_names`):
    "بوتين" alone here, "فلاديمير بوتين" elsewhere. Returns ``None`` when it does not.
    """
    doc = extraction.document
    sentences = extraction.sentences or split_sentences(doc)
    if not find_aliases(doc, sentences, extraction.mentions, known=known, own_names=False):
        return None
    return extract(doc, gazetteer=gazetteer, known=known)


def extract_corpus(
    docs: Iterable[Document], *, gazetteer: Gazetteer | None = None
) -> list[Extraction]:
    """Extract every document, then look each one up for the names the others found.

    This is what ``kg build`` does, in memory and in one process: for evaluation and for
    small corpora.
    """
    first = [extract(d, gazetteer=gazetteer) for d in docs]
    known = corpus_names(e for x in first for e in x.entities)
    return [relink(x, known, gazetteer=gazetteer) or x for x in first]
