"""Scoring a build's documents against gold files: entities by alignment, relations by
their aligned ends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from rdflib import Graph

from kg.contract import CONTRACT
from kg.evaluate.gold import load_gold_dir
from kg.evaluate.graph import predicted_documents
from kg.evaluate.names import align_entities, strip_honorifics
from kg.evaluate.records import (
    DocumentScore,
    EvalError,
    EvalReport,
    GoldDocument,
    PredictedDocument,
    Score,
    _add_scores,
)
from kg.model import EntityType, Predicate
from kg.normalize import normalize_name

_SYMMETRIC = frozenset(Predicate(name) for name in CONTRACT.symmetric)


# --------------------------------------------------------------------------- scoring


def _relation_key(s: str, p: Predicate, o: str) -> tuple[str, Predicate, str]:
    if p in _SYMMETRIC and o < s:
        s, o = o, s
    return (s, p, o)


def score_document(gold: GoldDocument, predicted: PredictedDocument | None) -> DocumentScore:
    """Score one document's predicted entities and relations against its gold file.

    Args:
        gold: the gold annotation.
        predicted: what the build holds about the document, or None when it does
            not hold the document (everything gold is then a false negative).

    Returns:
        Per-type and per-predicate scores, the alignment and the errors.
    """
    pred_entities = predicted.entities if predicted else ()
    pred_relations = predicted.relations if predicted else ()
    alignments = align_entities(gold.entities, pred_entities)
    gold_of = {a.predicted: a.gold for a in alignments}
    aligned_gold = set(gold_of.values())
    errors: list[EvalError] = []

    entities: dict[str, Score] = {}
    for etype in EntityType:
        n_gold = sum(1 for e in gold.entities if e.type is etype)
        n_pred = sum(1 for e in pred_entities if e.type is etype)
        tp = sum(1 for a in alignments if a.type is etype)
        entities[etype.value] = Score(tp, n_pred - tp, n_gold - tp)
    for ent in sorted(pred_entities, key=lambda e: (e.type, e.iri)):
        if ent.iri not in gold_of:
            errors.append(EvalError("fp", "entity", gold.doc, ent.type.value, ent.label))
    for g in gold.entities:
        if g.id not in aligned_gold:
            errors.append(EvalError("fn", "entity", gold.doc, g.type.value, g.name))

    gold_keys = {_relation_key(r.subject, r.predicate, r.object) for r in gold.relations}
    pred_keys = {_relation_key(r.subject, r.predicate, r.object) for r in pred_relations}
    matched: set[tuple[str, Predicate, str]] = set()
    fp: Counter[Predicate] = Counter()
    label_of = {e.iri: e.label for e in pred_entities}
    evidence = _evidence_by_key(predicted)
    for s, p, o in sorted(pred_keys):
        key = None
        if s in gold_of and o in gold_of:
            key = _relation_key(gold_of[s], p, gold_of[o])
        if key is not None and key in gold_keys and key not in matched:
            matched.add(key)
        else:
            fp[p] += 1
            text = f"{label_of.get(s, s)} -> {label_of.get(o, o)}"
            sentence, rule, ev = evidence.get((s, p, o), (None, "", ""))
            errors.append(EvalError("fp", "relation", gold.doc, p.value, text, sentence, rule, ev))
    name_of = {e.id: e.name for e in gold.entities}
    relations: dict[str, Score] = {}
    for pred in Predicate:
        n_gold = sum(1 for k in gold_keys if k[1] is pred)
        tp = sum(1 for k in matched if k[1] is pred)
        relations[pred.value] = Score(tp, fp[pred], n_gold - tp)
    missed = sorted(gold_keys - matched)
    sentences = _sentences_of(gold, predicted) if missed else []
    names_of = {e.id: e.names for e in gold.entities}
    for s, p, o in missed:
        text = f"{name_of[s]} -> {name_of[o]}"
        where = _stated_in(sentences, names_of[s], names_of[o])
        sentence, sentence_text = where if where is not None else (None, "")
        errors.append(
            EvalError("fn", "relation", gold.doc, p.value, text, sentence, "", sentence_text)
        )
    return DocumentScore(
        doc=gold.doc,
        found=predicted is not None,
        entities=entities,
        relations=relations,
        alignments=alignments,
        errors=tuple(errors),
    )


def _evidence_by_key(
    predicted: PredictedDocument | None,
) -> dict[tuple[str, Predicate, str], tuple[int | None, str, str]]:
    if predicted is None:
        return {}
    return {
        _relation_key(r.subject, r.predicate, r.object): where
        for r, where in predicted.evidence.items()
    }


def _sentences_of(gold: GoldDocument, predicted: PredictedDocument | None) -> list[str]:
    """The sentences of a gold document's text: ``NAME.txt`` beside the gold file, else
    the file the build read it from; none when neither can be read."""
    from kg.model import Document
    from kg.text import split_sentences

    candidates = []
    if gold.path is not None:
        candidates.append(gold.path.with_name(gold.doc))
    if predicted is not None and predicted.source:
        candidates.append(Path(predicted.source))
    for path in candidates:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        return [text[s.start : s.end] for s in split_sentences(Document(gold.doc, text))]
    return []


def _stated_in(
    sentences: Sequence[str], subject: Sequence[str], obj: Sequence[str]
) -> tuple[int, str] | None:
    """The first sentence that names both ends of a relation (any name or alias), else
    the first that names one of them."""
    keys = [[strip_honorifics(n) for n in names if strip_honorifics(n)] for names in (subject, obj)]
    norm = [" " + normalize_name(s) + " " for s in sentences]

    def names(i: int, which: int) -> bool:
        return any(k in norm[i] for k in keys[which])

    for i in range(len(sentences)):
        if names(i, 0) and names(i, 1):
            return i, sentences[i]
    for i in range(len(sentences)):
        if names(i, 0) or names(i, 1):
            return i, sentences[i]
    return None


def score_documents(
    gold: Sequence[GoldDocument], predicted: Mapping[str, PredictedDocument]
) -> EvalReport:
    """Score every gold document against the predicted document of the same name.

    A predicted document is found by its identifier, or failing that by the file
    name of its identifier (``"corpus/x.txt"`` matches gold ``"x.txt"``). Predicted
    documents without a gold file are not scored.

    Args:
        gold: gold documents.
        predicted: predicted documents by identifier (see :func:`predicted_documents`).

    Returns:
        Per-document scores and their sums.
    """
    by_name: dict[str, PredictedDocument] = {}
    for ident, doc in sorted(predicted.items()):
        by_name.setdefault(Path(ident).name, doc)
    docs: list[DocumentScore] = []
    entities = {t.value: Score() for t in EntityType}
    relations = {p.value: Score() for p in Predicate}
    for g in gold:
        pred = predicted.get(g.doc) or by_name.get(Path(g.doc).name)
        doc_score = score_document(g, pred)
        docs.append(doc_score)
        _add_scores(entities, doc_score.entities)
        _add_scores(relations, doc_score.relations)
    return EvalReport(tuple(docs), entities, relations)


def score_build(build_graph: Graph, gold_dir: Path | Sequence[GoldDocument]) -> EvalReport:
    """Score a build's graph against gold files.

    Args:
        build_graph: the build (a Graph, or a Dataset whose named graphs are read as
            their union).
        gold_dir: a directory of ``*.gold.json`` files, or gold documents already loaded.

    Returns:
        The evaluation report.

    Raises:
        GoldError: a gold file is missing or malformed.
    """
    gold = load_gold_dir(gold_dir) if isinstance(gold_dir, Path) else gold_dir
    return score_documents(gold, predicted_documents(build_graph))
