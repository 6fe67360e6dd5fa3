"""The relation stage: relations between the entities of one document (pure).

Relations are read by **frames** (``kg/relations/frames/*.toml``): a trigger of the
genre (a verb such as وقع، التقى، ترأس, or a marker such as بحضور، على هامش) and the
arguments around it, found by the selectors of :mod:`kg.relations.selectors` over a
:class:`~kg.relations.scene.Scene` (the sentence with its mentions, role phrases, lists
and clauses). **Structures** read relations from the shape of the text (a role phrase
naming an organisation, a session of an event, a place in a wider one); their code lives
in the family modules (:mod:`~kg.relations.signing` … :mod:`~kg.relations.places`),
registered under the ids their frame files declare with examples.

Every relation keeps its evidence: document, sentence, the character span from the
first to the last of its trigger and arguments, and the frame or structure id.
Relations whose ends have the wrong types for the contract are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.grammar.view import SentView, sentence_views
from kg.lexicon import Lexicon, default_lexicon
from kg.model import Document, Entity, Relation, Sentence
from kg.relations import agreements, events, places, roles, selectors  # noqa: F401 (registers)
from kg.relations.agreements import find_totals
from kg.relations.frames import Frames, default_frames
from kg.relations.reading import Reading, build_scenes, dedupe, run_frames
from kg.relations.signature import SIGNATURE

__all__ = ["SIGNATURE", "find_relations"]


def find_relations(
    doc: Document,
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    *,
    views: Sequence[SentView] | None = None,
    frames: Frames | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[tuple[Relation, ...], dict[str, int]]:
    """Find the relations among a document's entities.

    Args:
        doc: the document.
        sentences: its sentences.
        entities: its resolved entities.
        views: the sentences' views (:func:`kg.grammar.view.sentence_views`), if built.
        frames: frames and structures (default: the shipped ``frames/*.toml``).
        lexicon: word classes (default: the shipped lexicons).

    Returns:
        The relations (deduplicated, in text order) and counts of relations dropped for
        domain/range reasons.
    """
    lex = default_lexicon() if lexicon is None else lexicon
    if views is None:
        views = sentence_views(doc, sentences)
    scenes = build_scenes(doc, views, entities, lex)
    for scene in scenes:
        scene.totals = find_totals(scene)
    reading = Reading(doc, lex, {e.key: e for e in entities}, scenes)
    run_frames(reading, default_frames() if frames is None else frames)
    return dedupe(reading.relations), dict(sorted(reading.dropped.items()))
