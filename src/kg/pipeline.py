"""The extraction pipeline: one document in, one :class:`~kg.model.Extraction` out.

Stages run in the order of :data:`STAGES`; each is a pure function of the document and
what earlier stages produced.
"""

from __future__ import annotations

from kg.entities import find_aliases, resolve_entities
from kg.gazetteer import find_gazetteer_mentions, prefer_gazetteer
from kg.mentions import find_mentions
from kg.model import Document, Extraction
from kg.relations import find_relations
from kg.resources import Gazetteer
from kg.text import split_sentences

#: Bump when extraction output changes, so cached extractions are redone.
EXTRACTOR_VERSION = "1"

STAGES = (
    "split_sentences",
    "find_mentions",
    "find_gazetteer_mentions",
    "find_aliases",
    "resolve_entities",
    "find_relations",
)


def extract(doc: Document, *, gazetteer: Gazetteer | None = None) -> Extraction:
    """Extract mentions, entities and relations from one document.

    Args:
        doc: the document.
        gazetteer: names supplied by the user (``kg build --gazetteer``); they win over
            rule-found mentions they overlap.

    Returns:
        Everything found, with offsets into ``doc.text``.
    """
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences=sentences)
    if gazetteer is not None and gazetteer.entries:
        user = find_gazetteer_mentions(doc, sentences, gazetteer)
        mentions = prefer_gazetteer(mentions, user)
    mentions = mentions + find_aliases(doc, sentences, mentions)
    entities, mentions_kept = resolve_entities(doc, mentions)
    relations, entities, dropped = find_relations(doc, sentences, entities)
    return Extraction(
        document=doc,
        sentences=sentences,
        mentions=mentions_kept,
        entities=entities,
        relations=relations,
        dropped=dropped,
    )
