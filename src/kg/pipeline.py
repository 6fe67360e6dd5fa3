"""The extraction pipeline: one document in, one :class:`~kg.model.Extraction` out.

The pipeline is data: :data:`STAGES` declares each :class:`Stage`, the function it runs,
the named values it reads and the named values it writes. :func:`extract` starts from
the :data:`INITIAL` values (the document, the user's gazetteer, the names known from
other documents, the learned tagger), runs the stages in order (:func:`run_stages`),
and makes the Extraction from the values :data:`OUTPUTS` names. Each stage is a pure
function of what it reads, and :func:`check_stages` (run when this module is imported)
proves the data flows one way: every value a stage reads is an initial value or was
written by an earlier stage, and no value is written twice.

A corpus adds one step (:func:`relink`, :func:`extract_corpus`): once every document is
extracted, the names they found in full are looked up bare in the others, and a document
that has some is extracted again with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.attributes import fill_attributes
from kg.entities import KnownNames, corpus_names, find_aliases, resolve_entities
from kg.errors import StageError
from kg.gazetteer import find_gazetteer_mentions, prefer_gazetteer
from kg.grammar.view import SentView, sentence_views
from kg.mentions import find_mentions
from kg.model import Document, Entity, Extraction, Mention, Relation, Sentence
from kg.relations import find_relations
from kg.resources import Gazetteer
from kg.text import MAX_SENTENCE_TOKENS, split_sentences

if TYPE_CHECKING:
    from kg.tagger import Tagger

#: Bump when extraction output changes, so cached extractions are redone.
EXTRACTOR_VERSION = "2"


@dataclass(frozen=True, slots=True)
class Stage:
    """One step of the pipeline.

    Attributes:
        name: what the stage is called (the function it stands for).
        run: called with the values named by ``reads``, in that order; returns the value
            of the one name in ``writes``, or a tuple of values in the order of ``writes``.
        reads: names of the values the stage takes.
        writes: names of the values the stage makes; each is new.
    """

    name: str
    run: Callable[..., Any]
    reads: tuple[str, ...]
    writes: tuple[str, ...]


def _find_rule_mentions(doc: Document, views: Sequence[SentView]) -> list[Mention]:
    return find_mentions(doc, views=views)


def _find_relations(
    doc: Document, views: Sequence[SentView], entities: Sequence[Entity]
) -> tuple[tuple[Relation, ...], dict[str, int]]:
    return find_relations(doc, [v.sentence for v in views], entities, views=views)


def _add_tagged_names(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: list[Mention],
    tagger: Tagger | None,
) -> list[Mention]:
    """The names the learned tagger reads join the rules' (:mod:`kg.tagger.policy`)."""
    if tagger is None:
        return mentions
    return tagger.combine(doc, sentences, mentions)


def _prefer_user_names(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: list[Mention],
    gazetteer: Gazetteer | None,
) -> list[Mention]:
    """The user's gazetteer names win over the rule-found mentions they overlap."""
    if gazetteer is None or not gazetteer.entries:
        return mentions
    return prefer_gazetteer(mentions, find_gazetteer_mentions(doc, sentences, gazetteer))


def _add_aliases(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: list[Mention],
    known: KnownNames | None,
) -> list[Mention]:
    return mentions + find_aliases(doc, sentences, mentions, known=known)


#: The most mentions a document keeps (in text order): past it, the rest of a very long
#: document is not resolved or read for relations, and the bound is reported
#: (``Extraction.bounds``). A news article has a few dozen; a megabyte of news about 10,000.
MAX_MENTIONS = 50_000


def _bound_mentions(mentions: list[Mention]) -> tuple[list[Mention], str | None]:
    """The first :data:`MAX_MENTIONS` mentions, and a note when there were more."""
    if len(mentions) <= MAX_MENTIONS:
        return mentions, None
    kept = sorted(mentions, key=lambda m: (m.start, m.end))[:MAX_MENTIONS]
    last = kept[-1].end
    return kept, (
        f"{len(mentions):,} mentions, more than the {MAX_MENTIONS:,} a document keeps: "
        f"nothing after character {last:,} is resolved or read for relations"
    )


def _note_bounds(sentences: Sequence[Sentence], mention_bound: str | None) -> tuple[str, ...]:
    """The per-document bounds the document hit, as messages."""
    notes = []
    cut = sum(1 for s in sentences if s.cut)
    if cut:
        notes.append(
            f"{cut:,} sentence parts: runs of words longer than {MAX_SENTENCE_TOKENS} tokens "
            "with no sentence end were read in parts"
        )
    if mention_bound:
        notes.append(mention_bound)
    return tuple(notes)


INITIAL: tuple[str, ...] = ("document", "gazetteer", "known", "tagger")
"""The values :func:`extract` starts from: its four arguments."""

STAGES: tuple[Stage, ...] = (
    Stage("split_sentences", split_sentences, ("document",), ("sentences",)),
    Stage("sentence_views", sentence_views, ("document", "sentences"), ("views",)),
    Stage("find_mentions", _find_rule_mentions, ("document", "views"), ("rule_mentions",)),
    Stage(
        "find_tagger_mentions",
        _add_tagged_names,
        ("document", "sentences", "rule_mentions", "tagger"),
        ("named_mentions",),
    ),
    Stage(
        "find_gazetteer_mentions",
        _prefer_user_names,
        ("document", "sentences", "named_mentions", "gazetteer"),
        ("mentions",),
    ),
    Stage(
        "find_aliases",
        _add_aliases,
        ("document", "sentences", "mentions", "known"),
        ("aliased_mentions",),
    ),
    Stage(
        "bound_mentions",
        _bound_mentions,
        ("aliased_mentions",),
        ("bounded_mentions", "mention_bound"),
    ),
    Stage(
        "resolve_entities",
        resolve_entities,
        ("document", "bounded_mentions"),
        ("found_entities", "kept_mentions"),
    ),
    Stage(
        "fill_attributes",
        fill_attributes,
        ("document", "sentences", "found_entities"),
        ("entities",),
    ),
    Stage(
        "find_relations",
        _find_relations,
        ("document", "views", "entities"),
        ("relations", "dropped"),
    ),
    Stage("note_bounds", _note_bounds, ("sentences", "mention_bound"), ("bounds",)),
)
"""The stages of :func:`extract`, in the order they run."""

OUTPUTS: Mapping[str, str] = {
    "document": "document",
    "sentences": "sentences",
    "mentions": "kept_mentions",
    "entities": "entities",
    "relations": "relations",
    "dropped": "dropped",
    "bounds": "bounds",
}
"""Each field of :class:`~kg.model.Extraction` and the value it is made from."""


def check_stages(
    stages: Sequence[Stage], *, initial: Iterable[str] = INITIAL, outputs: Iterable[str] = ()
) -> None:
    """Check that the data flows one way through ``stages``.

    Args:
        stages: the stages, in the order they run.
        initial: the values there before the first stage.
        outputs: values that must be there after the last stage.

    Raises:
        StageError: a stage reads a value that is neither initial nor written by an
            earlier stage, or writes a value that is already there; or an output is
            never written. The error names the stage and the value.
    """
    written: dict[str, str] = dict.fromkeys(initial, "an initial value")
    for stage in stages:
        for name in stage.reads:
            if name not in written:
                reason = "read, but it is neither an initial value nor written by an earlier stage"
                raise StageError(stage.name, name, reason)
        for name in stage.writes:
            if name in written:
                raise StageError(stage.name, name, f"written, but it is already {written[name]}")
            written[name] = f"written by stage {stage.name!r}"
    for name in outputs:
        if name not in written:
            raise StageError("Extraction", name, "read, but no stage writes it")


check_stages(STAGES, outputs=OUTPUTS.values())


def run_stages(stages: Iterable[Stage], values: dict[str, Any]) -> dict[str, Any]:
    """Run ``stages`` in order over the named ``values``, adding what each writes.

    Args:
        stages: the stages (declared so that :func:`check_stages` passes for the names
            of ``values``).
        values: the values there before the first stage, by name; updated in place.

    Returns:
        ``values``, with every value the stages wrote.
    """
    for stage in stages:
        out = stage.run(*[values[name] for name in stage.reads])
        if len(stage.writes) == 1:
            values[stage.writes[0]] = out
        else:
            values.update(zip(stage.writes, out, strict=True))
    return values


def extract(
    doc: Document,
    *,
    gazetteer: Gazetteer | None = None,
    known: KnownNames | None = None,
    tagger: Tagger | None = None,
) -> Extraction:
    """Extract mentions, entities and relations from one document.

    Args:
        doc: the document.
        gazetteer: names supplied by the user (``kg build --gazetteer``); they win over
            rule-found mentions they overlap.
        known: names found in other documents of the corpus (:func:`relink`).
        tagger: the learned tagger (``kg build --tagger``, e.g.
            :func:`kg.tagger.default_tagger`), whose names join the rules'; none by default.

    Returns:
        Everything found, with offsets into ``doc.text``.
    """
    return _extraction(_run(doc, gazetteer=gazetteer, known=known, tagger=tagger))


def _run(
    doc: Document,
    *,
    gazetteer: Gazetteer | None,
    known: KnownNames | None,
    tagger: Tagger | None = None,
) -> dict[str, Any]:
    values = {"document": doc, "gazetteer": gazetteer, "known": known, "tagger": tagger}
    return run_stages(STAGES, values)


def _extraction(values: Mapping[str, Any]) -> Extraction:
    return Extraction(**{field: values[name] for field, name in OUTPUTS.items()})


def resume(values: Mapping[str, Any], start: str, changed: Mapping[str, Any]) -> dict[str, Any]:
    """Run the stages again from the one named ``start``, with some values ``changed``.

    The stages before ``start`` are not run again: what they wrote is taken from
    ``values`` (a run of :data:`STAGES`), which is right because none of them reads a
    changed value.

    Args:
        values: the values of an earlier run of :data:`STAGES`, by name.
        start: the name of the first stage to run again.
        changed: the values that differ from that run (initial values), by name.

    Returns:
        The values of a run of :data:`STAGES` with ``changed``.

    Raises:
        StageError: a stage before ``start`` reads a changed value.
    """
    at = next(i for i, stage in enumerate(STAGES) if stage.name == start)
    kept = {name: values[name] for name in INITIAL}
    for stage in STAGES[:at]:
        for name in stage.reads:
            if name in changed:
                raise StageError(stage.name, name, f"read before {start!r}, but it changed")
        kept.update((name, values[name]) for name in stage.writes)
    return run_stages(STAGES[at:], kept | dict(changed))


def relink(
    extraction: Extraction,
    known: KnownNames,
    *,
    gazetteer: Gazetteer | None = None,
    tagger: Tagger | None = None,
) -> Extraction | None:
    """Extract a document again when it names, bare, a person or organisation that
    other documents named in full (``known``, from :func:`kg.entities.corpus_names`):
    "بوتين" alone here, "فلاديمير بوتين" elsewhere. Returns ``None`` when it does not.
    """
    if not _names_known(extraction, known):
        return None
    return extract(extraction.document, gazetteer=gazetteer, known=known, tagger=tagger)


def extract_corpus(
    docs: Iterable[Document],
    *,
    gazetteer: Gazetteer | None = None,
    tagger: Tagger | None = None,
) -> list[Extraction]:
    """Extract every document, then look each one up for the names the others found.

    This is what ``kg build`` does, in memory and in one process: for evaluation and for
    small corpora. A document is extracted again from :func:`~kg.entities.find_aliases` on
    (:func:`resume`), not from the start: the stages before it do not read the known names.
    ``gazetteer`` and ``tagger`` are as for :func:`extract`.
    """
    runs = [_run(d, gazetteer=gazetteer, known=None, tagger=tagger) for d in docs]
    first = [_extraction(values) for values in runs]
    known = corpus_names(e for x in first for e in x.entities)
    return [
        _extraction(resume(values, "find_aliases", {"known": known}))
        if _names_known(x, known)
        else x
        for values, x in zip(runs, first, strict=True)
    ]


def _names_known(extraction: Extraction, known: KnownNames) -> bool:
    """Whether a document names, bare, a name ``known`` in full from the others."""
    doc = extraction.document
    sentences = extraction.sentences or split_sentences(doc)
    return bool(find_aliases(doc, sentences, extraction.mentions, known=known, own_names=False))
