"""Precision, recall and F1 of extractions against gold annotations.

Two modes:

* **Build against gold files** (``../shared/gold/FORMAT.md``): for each gold file the
  predicted entities are those ``kg:mentionedIn`` the document whose
  ``dcterms:identifier`` is the gold ``doc``. Per entity type, gold and predicted
  entities are aligned one-to-one, greedily by the best token-F1 (at least 0.5)
  between any gold name or alias and any predicted ``rdfs:label``/``skos:altLabel``,
  compared after :func:`kg.normalize.normalize_name` and removal of leading
  honorifics. A predicted relation (read from the ``kg:Evidence`` nodes of the
  document) counts when both its ends align with the gold ends and the predicate
  matches; ``metWith`` is symmetric. Counts are summed over documents.
* **CoNLL NER files** (ANERcorp): sentences are joined into pseudo-documents, an
  extractor is run on each, and predicted mention spans are compared with the gold
  spans per type, by exact match and by overlap (one-to-one, greedy).

Scoring functions are pure; the only I/O is in :func:`load_gold`,
:func:`load_gold_dir`, :func:`read_build` and :func:`read_conll`.
"""

from __future__ import annotations

import bisect
import json
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from rdflib import RDF, RDFS, SKOS, Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from kg.errors import GoldError, GoldWarning, StoreError
from kg.model import Document, EntityType, Mention, Predicate
from kg.normalize import normalize_name
from kg.vocab import KG

#: Titles dropped from the start of a name before comparing (also with attached و).
HONORIFICS = (
    "الدكتور",
    "السيد",
    "السيدة",
    "المهندس",
    "الرئيس",
    "الشيخ",
    "الوزير",
    "السفير",
    "الأستاذ",
)
_HONORIFIC_KEYS = frozenset(
    key for word in HONORIFICS for key in (normalize_name(word), normalize_name("و" + word))
)

#: Least token-F1 between two names for their entities to be aligned.
ALIGN_THRESHOLD = 0.5

#: Ontology classes read as entity types; subclasses of kg:Agreement count as Agreement.
_CLASS_TYPES: dict[URIRef, EntityType] = {
    KG.Person: EntityType.PERSON,
    KG.Organisation: EntityType.ORGANISATION,
    KG.Event: EntityType.EVENT,
    KG.Agreement: EntityType.AGREEMENT,
    KG.Place: EntityType.PLACE,
    KG.MemorandumOfUnderstanding: EntityType.AGREEMENT,
    KG.Contract: EntityType.AGREEMENT,
    KG.LetterOfIntent: EntityType.AGREEMENT,
    KG.Protocol: EntityType.AGREEMENT,
}
_PREDICATES: dict[URIRef, Predicate] = {URIRef(KG[p.value]): p for p in Predicate}
_SYMMETRIC = frozenset({Predicate.MET_WITH})

#: kg entity types scored against CoNLL tags; other types are ignored.
CONLL_TYPES: dict[EntityType, str] = {
    EntityType.PERSON: "PERS",
    EntityType.ORGANISATION: "ORG",
    EntityType.PLACE: "LOC",
}
_CONLL_SCORED = tuple(CONLL_TYPES.values())


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class Score:
    """True positive, false positive and false negative counts."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 0.0 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 0.0 when there is no gold item."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall; 0.0 when both are 0."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        """Counts and rates as a JSON-ready dict."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def micro(scores: Iterable[Score]) -> Score:
    """Sum scores (micro-average: rates of the summed counts)."""
    total = Score()
    for score in scores:
        total = total + score
    return total


def _add_scores(into: dict[str, Score], scores: Mapping[str, Score]) -> None:
    for key, score in scores.items():
        into[key] = into.get(key, Score()) + score


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """A gold entity: its id, type and names (canonical name first, then aliases)."""

    id: str
    type: EntityType
    names: tuple[str, ...]

    @property
    def name(self) -> str:
        """The canonical name."""
        return self.names[0]


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """A gold relation between two gold entity ids."""

    subject: str
    predicate: Predicate
    object: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    """The gold annotation of one document (one ``NAME.gold.json`` file)."""

    doc: str  # the document's file name, matched against dcterms:identifier
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class PredictedEntity:
    """An entity of a build: IRI, type and labels (rdfs:label first, then altLabels)."""

    iri: str
    type: EntityType
    labels: tuple[str, ...]

    @property
    def label(self) -> str:
        """The first label, or the IRI when the entity has none."""
        return self.labels[0] if self.labels else self.iri


@dataclass(frozen=True, slots=True)
class PredictedRelation:
    """A relation of a build between two entity IRIs."""

    subject: str
    predicate: Predicate
    object: str


@dataclass(frozen=True, slots=True)
class PredictedDocument:
    """What a build holds about one document."""

    doc: str  # dcterms:identifier
    iri: str
    entities: tuple[PredictedEntity, ...]
    relations: tuple[PredictedRelation, ...]
    #: where each relation was read: (sentence index, rule id, evidence text)
    evidence: Mapping[PredictedRelation, tuple[int | None, str, str]] = field(default_factory=dict)
    source: str = ""  # dcterms:source (the file the document was read from)


@dataclass(frozen=True, slots=True)
class Alignment:
    """A gold entity aligned with a predicted one, and the token-F1 of their names."""

    gold: str  # GoldEntity.id
    predicted: str  # PredictedEntity.iri
    type: EntityType
    similarity: float


@dataclass(frozen=True, slots=True)
class EvalError:
    """A false positive ("fp") or false negative ("fn") of a build evaluation."""

    kind: Literal["fp", "fn"]
    what: Literal["entity", "relation"]
    doc: str
    type: str  # entity type or predicate
    text: str  # the name, or "subject -> object" for relations
    sentence: int | None = None  # relations: the sentence it was read from / is stated in
    rule: str = ""  # spurious relations: the frame or rule that produced it
    evidence: str = ""  # the evidence text (spurious) or the sentence (missed)


@dataclass(frozen=True, slots=True)
class DocumentScore:
    """Scores of one gold document."""

    doc: str
    found: bool  # the build holds a document with this identifier
    entities: dict[str, Score]
    relations: dict[str, Score]
    alignments: tuple[Alignment, ...]
    errors: tuple[EvalError, ...]


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores of a build against gold files, summed over documents."""

    documents: tuple[DocumentScore, ...]
    entities: dict[str, Score]  # per entity type (all five, zeros included)
    relations: dict[str, Score]  # per predicate (all twelve, zeros included)

    @property
    def entity_micro(self) -> Score:
        """Micro-averaged entity score."""
        return micro(self.entities.values())

    @property
    def relation_micro(self) -> Score:
        """Micro-averaged relation score."""
        return micro(self.relations.values())

    @property
    def missing(self) -> tuple[str, ...]:
        """Gold documents the build does not hold (all their items count as misses)."""
        return tuple(d.doc for d in self.documents if not d.found)

    @property
    def errors(self) -> tuple[EvalError, ...]:
        """All false positives and false negatives, document by document."""
        return tuple(e for d in self.documents for e in d.errors)

    def as_dict(self) -> dict[str, Any]:
        """All numbers as a JSON-ready dict."""
        return {
            "mode": "gold",
            "entities": {k: s.as_dict() for k, s in self.entities.items()},
            "entities_micro": self.entity_micro.as_dict(),
            "relations": {k: s.as_dict() for k, s in self.relations.items()},
            "relations_micro": self.relation_micro.as_dict(),
            "missing_documents": list(self.missing),
            "documents": [
                {
                    "doc": d.doc,
                    "found": d.found,
                    "entities": {k: s.as_dict() for k, s in d.entities.items()},
                    "entities_micro": micro(d.entities.values()).as_dict(),
                    "relations": {k: s.as_dict() for k, s in d.relations.items()},
                    "relations_micro": micro(d.relations.values()).as_dict(),
                    "alignments": [
                        {
                            "gold": a.gold,
                            "predicted": a.predicted,
                            "type": a.type.value,
                            "similarity": a.similarity,
                        }
                        for a in d.alignments
                    ],
                }
                for d in self.documents
            ],
        }


# --------------------------------------------------------------------------- names


def strip_honorifics(name: str) -> str:
    """Return the comparison key of a name without leading honorifics.

    Args:
        name: a name as written, e.g. ``"والدكتور عمرو طلعت"``.

    Returns:
        The :func:`~kg.normalize.normalize_name` form with leading titles
        (:data:`HONORIFICS`, also with an attached و) removed: ``"عمرو طلعت"``.
        A name made only of titles gives ``""``.
    """
    tokens = normalize_name(name).split()
    while tokens and tokens[0] in _HONORIFIC_KEYS:
        tokens.pop(0)
    return " ".join(tokens)


def token_f1(a: str, b: str) -> float:
    """Token-F1 of two names after normalisation and honorific removal.

    Args:
        a: a name.
        b: another name.

    Returns:
        ``2 * common / (len(a) + len(b))`` over tokens (as multisets); 0.0 when either
        name is empty.
    """
    return _token_f1(Counter(strip_honorifics(a).split()), Counter(strip_honorifics(b).split()))


def _token_f1(a: Counter[str], b: Counter[str]) -> float:
    total = a.total() + b.total()
    if not total or not a or not b:
        return 0.0
    return 2 * (a & b).total() / total


def name_similarity(gold: GoldEntity, predicted: PredictedEntity) -> float:
    """Best token-F1 between any gold name or alias and any predicted label."""
    gold_keys = {strip_honorifics(n) for n in gold.names}
    pred_keys = {strip_honorifics(n) for n in predicted.labels}
    return max(
        (_token_f1(Counter(g.split()), Counter(p.split())) for g in gold_keys for p in pred_keys),
        default=0.0,
    )


def align_entities(
    gold: Sequence[GoldEntity],
    predicted: Sequence[PredictedEntity],
    *,
    threshold: float = ALIGN_THRESHOLD,
) -> tuple[Alignment, ...]:
    """Align gold and predicted entities of one document one-to-one.

    Per type, every (gold, predicted) pair whose :func:`name_similarity` is at least
    ``threshold`` is a candidate; candidates are taken greedily, best similarity
    first (ties: gold order, then predicted IRI), skipping entities already aligned.

    Args:
        gold: gold entities of one document.
        predicted: predicted entities of the same document.
        threshold: least similarity for a pair to be aligned.

    Returns:
        The alignments, in the order they were made.
    """
    ordered = sorted(predicted, key=lambda e: e.iri)
    candidates: list[tuple[float, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(ordered):
            if g.type is not p.type:
                continue
            sim = name_similarity(g, p)
            if sim >= threshold:
                candidates.append((-sim, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    out: list[Alignment] = []
    for neg_sim, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        out.append(Alignment(gold[gi].id, ordered[pi].iri, gold[gi].type, -neg_sim))
    return tuple(out)


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


# --------------------------------------------------------------------------- graph


def _triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(graph, Dataset):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def predicted_documents(graph: Graph) -> dict[str, PredictedDocument]:
    """Read the entities and relations of every document of a build graph.

    Entities are the resources with a kg entity class and ``kg:mentionedIn`` a
    document; relations are read from ``kg:Evidence`` nodes (``rdf:subject``,
    ``rdf:predicate``, ``rdf:object``, ``kg:inDocument``).

    Args:
        graph: a Graph, or a Dataset (the union of its graphs is read).

    Returns:
        Predicted documents by ``dcterms:identifier``.
    """
    types: defaultdict[Node, set[EntityType]] = defaultdict(set)
    labels: defaultdict[Node, list[str]] = defaultdict(list)
    alt_labels: defaultdict[Node, list[str]] = defaultdict(list)
    mentioned: defaultdict[Node, set[Node]] = defaultdict(set)
    identifier: dict[Node, str] = {}
    evidence: defaultdict[Node, dict[Node, Node]] = defaultdict(dict)
    is_evidence: set[Node] = set()
    reified = {RDF.subject, RDF.predicate, RDF.object, KG.inDocument, KG.sentence, KG.rule, KG.text}
    sources: dict[Node, str] = {}
    for s, p, o in _triples(graph):
        if p == RDF.type:
            if o in _CLASS_TYPES:
                types[s].add(_CLASS_TYPES[URIRef(str(o))])
            elif o == KG.Evidence:
                is_evidence.add(s)
        elif p == RDFS.label:
            labels[s].append(str(o))
        elif p == SKOS.altLabel:
            alt_labels[s].append(str(o))
        elif p == KG.mentionedIn:
            mentioned[o].add(s)
        elif p == DCTERMS.identifier:
            identifier[s] = str(o)
        elif p == DCTERMS.source:
            sources[s] = str(o)
        elif p in reified:
            evidence[s][p] = o

    entities_of: defaultdict[Node, list[PredictedEntity]] = defaultdict(list)
    for doc, members in mentioned.items():
        for ent in members:
            ent_types = types.get(ent)
            if not ent_types:
                continue
            etype = min(ent_types)  # one type expected; deterministic if not
            names = tuple(dict.fromkeys(sorted(labels[ent]) + sorted(alt_labels[ent])))
            entities_of[doc].append(PredictedEntity(str(ent), etype, names))
    relations_of: defaultdict[Node, set[PredictedRelation]] = defaultdict(set)
    where_of: defaultdict[Node, dict[PredictedRelation, tuple[int | None, str, str]]] = defaultdict(
        dict
    )
    for node in sorted(is_evidence, key=str):
        parts = evidence.get(node, {})
        pred = _PREDICATES.get(URIRef(str(parts.get(RDF.predicate, ""))))
        if pred is None or not {RDF.subject, RDF.object, KG.inDocument} <= parts.keys():
            continue
        rel = PredictedRelation(str(parts[RDF.subject]), pred, str(parts[RDF.object]))
        relations_of[parts[KG.inDocument]].add(rel)
        sentence = parts.get(KG.sentence)
        where_of[parts[KG.inDocument]].setdefault(
            rel,
            (
                int(str(sentence)) if sentence is not None else None,
                str(parts.get(KG.rule, "")),
                str(parts.get(KG.text, "")),
            ),
        )

    out: dict[str, PredictedDocument] = {}
    for doc, ident in sorted(identifier.items(), key=lambda kv: (kv[1], str(kv[0]))):
        if ident in out:
            continue
        out[ident] = PredictedDocument(
            doc=ident,
            iri=str(doc),
            entities=tuple(sorted(entities_of.get(doc, []), key=lambda e: e.iri)),
            relations=tuple(
                sorted(relations_of.get(doc, set()), key=lambda r: (r.subject, r.predicate))
            ),
            evidence=where_of.get(doc, {}),
            source=sources.get(doc, ""),
        )
    return out


def read_build(build_dir: Path) -> Dataset:
    """Read ``BUILD_DIR/graph.trig`` (or ``graph.ttl`` when there is no TriG file).

    Args:
        build_dir: a directory written by ``kg build``.

    Returns:
        The build as a Dataset.

    Raises:
        StoreError: the directory has no graph or it cannot be parsed.
    """
    trig, ttl = build_dir / "graph.trig", build_dir / "graph.ttl"
    path, fmt = (trig, "trig") if trig.is_file() or not ttl.is_file() else (ttl, "turtle")
    if not path.is_file():
        raise StoreError(f"{build_dir}: no graph.trig here; run `kg build ... -o {build_dir}`.")
    dataset = Dataset()
    try:
        # rdflib leaves a path it opens unclosed, and its TriG parser calls its own
        # deprecated Dataset API (rdflib 7.x): neither is ours to report.
        with path.open("rb") as handle, warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset.parse(handle, format=fmt, publicID=path.resolve().as_uri())
    except OSError as err:
        raise StoreError(f"{path}: cannot read: {err.strerror or err}.") from err
    except Exception as err:  # rdflib raises many types for bad syntax
        raise StoreError(f"{path}: cannot parse the graph: {err}") from err
    return dataset


# --------------------------------------------------------------------------- gold files


def _str(value: object, path: Path, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(path, f"{where} must be a non-empty string")
    return value


def parse_gold(data: object, path: Path) -> GoldDocument:
    """Validate the parsed JSON of a gold file and return its records.

    Args:
        data: the parsed JSON.
        path: the file it came from (for messages).

    Returns:
        The gold document.

    Raises:
        GoldError: a required field is missing or has the wrong type, a type or
            predicate is unknown, an id is duplicated or a relation names an
            unknown id.
    """
    if not isinstance(data, dict):
        raise GoldError(path, "the top level must be a JSON object")
    doc = _str(data.get("doc"), path, '"doc"')
    raw_entities = data.get("entities")
    if not isinstance(raw_entities, list):
        raise GoldError(path, '"entities" must be a list')
    entities: list[GoldEntity] = []
    ids: set[str] = set()
    for i, raw in enumerate(raw_entities):
        where = f"entities[{i}]"
        if not isinstance(raw, dict):
            raise GoldError(path, f"{where} must be an object")
        ent_id = _str(raw.get("id"), path, f"{where}.id")
        if ent_id in ids:
            raise GoldError(path, f"{where}: duplicate id {ent_id!r}")
        ids.add(ent_id)
        try:
            etype = EntityType(str(raw.get("type")))
        except ValueError:
            known = ", ".join(t.value for t in EntityType)
            raise GoldError(
                path, f"{where}: unknown type {raw.get('type')!r} (one of {known})"
            ) from None
        name = _str(raw.get("name"), path, f"{where}.name")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise GoldError(path, f"{where}.aliases must be a list of strings")
        entities.append(GoldEntity(ent_id, etype, tuple(dict.fromkeys([name, *aliases]))))
    raw_relations = data.get("relations", [])
    if not isinstance(raw_relations, list):
        raise GoldError(path, '"relations" must be a list')
    relations: list[GoldRelation] = []
    for i, raw in enumerate(raw_relations):
        where = f"relations[{i}]"
        if not isinstance(raw, dict):
            raise GoldError(path, f"{where} must be an object")
        try:
            pred = Predicate(str(raw.get("p")))
        except ValueError:
            raise GoldError(path, f"{where}: unknown predicate {raw.get('p')!r}") from None
        ends = [_str(raw.get(k), path, f"{where}.{k}") for k in ("s", "o")]
        for end in ends:
            if end not in ids:
                raise GoldError(path, f"{where}: unknown entity id {end!r}")
        relations.append(GoldRelation(ends[0], pred, ends[1]))
    return GoldDocument(doc, tuple(entities), tuple(relations), path)


def load_gold(path: Path) -> GoldDocument:
    """Read one gold file (``NAME.gold.json``, format ``../shared/gold/FORMAT.md``).

    Raises:
        GoldError: the file cannot be read, is not JSON or is malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise GoldError(path, f"cannot read the file: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise GoldError(path, "the file is not UTF-8") from err
    except json.JSONDecodeError as err:
        raise GoldError(path, f"not valid JSON at line {err.lineno}: {err.msg}") from err
    return parse_gold(data, path)


def load_gold_dir(gold_dir: Path) -> list[GoldDocument]:
    """Read every ``*.gold.json`` file of a directory (or one gold file), sorted by name.

    Raises:
        GoldError: the directory holds no gold file, or a file is malformed.
    """
    if gold_dir.is_file():
        return [load_gold(gold_dir)]
    if not gold_dir.is_dir():
        raise GoldError(gold_dir, "no such gold directory")
    paths = sorted(gold_dir.glob("*.gold.json"))
    if not paths:
        raise GoldError(gold_dir, "no *.gold.json file in this directory")
    return [load_gold(p) for p in paths]


# --------------------------------------------------------------------------- CoNLL


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A gold named-entity span of a CoNLL pseudo-document."""

    start: int
    end: int
    type: str  # PERS, ORG, LOC or MISC
    text: str


@dataclass(frozen=True, slots=True)
class ConllDocument:
    """A pseudo-document built from CoNLL sentences, with its gold spans.

    Tokens are joined with single spaces and sentences with ``"\\n"``, so every gold
    span satisfies ``document.text[start:end] == text``.
    """

    document: Document
    spans: tuple[GoldSpan, ...]
    sentence_starts: tuple[int, ...]  # offset of each sentence, ascending
    tokens: int

    def sentence_at(self, offset: int) -> str:
        """The text of the sentence holding ``offset``."""
        i = bisect.bisect_right(self.sentence_starts, offset) - 1
        text = self.document.text
        start = self.sentence_starts[max(i, 0)]
        end = text.find("\n", start)
        return text[start : end if end >= 0 else len(text)]


#: Other names of the CoNLL types scored (ANERcorp's are the ones kept).
_CONLL_TYPE_ALIASES = {"PER": "PERS"}


def read_conll(
    path: Path, *, doc_sentences: int = 20, lenient_tags: bool = False
) -> list[ConllDocument]:
    """Read a CoNLL NER file ("token TAG" lines, blank lines between sentences).

    Tags are IOB2 (``B-PERS``, ``I-ORG``, ``O`` ...); an ``I-X`` after ``O`` or after
    another type opens a new span (the conlleval convention). ``PER`` (CoNLL 2003,
    AQMAR) is read as ``PERS``.

    Args:
        path: the file (UTF-8).
        doc_sentences: sentences per pseudo-document.
        lenient_tags: read a malformed tag ("OO", "IO") as ``O`` with a
            :class:`~kg.errors.GoldWarning` naming the file and line, instead of failing.

    Returns:
        Pseudo-documents with ids ``"{file name}#{n}"`` (n from 1).

    Raises:
        GoldError: the file cannot be read or a line is not "token TAG".
    """
    if doc_sentences < 1:
        raise GoldError(path, f"sentences per document must be at least 1, not {doc_sentences}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise GoldError(path, f"cannot read the file: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise GoldError(path, "the file is not UTF-8") from err
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if not fields:
            if current:
                sentences.append(current)
                current = []
            continue
        if len(fields) != 2:
            raise GoldError(path, f"line {number}: expected 'token TAG', got {line!r}")
        token, tag = fields
        if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
            if not lenient_tags:
                raise GoldError(path, f"line {number}: bad tag {tag!r}")
            warnings.warn(f"{path}: line {number}: bad tag {tag!r}, read as O", GoldWarning, 2)
            tag = "O"
        if tag[2:] in _CONLL_TYPE_ALIASES:
            tag = tag[:2] + _CONLL_TYPE_ALIASES[tag[2:]]
        current.append((token, tag))
    if current:
        sentences.append(current)
    return [
        _conll_document(f"{path.name}#{n}", sentences[i : i + doc_sentences], str(path))
        for n, i in enumerate(range(0, len(sentences), doc_sentences), 1)
    ]


def _conll_document(
    doc_id: str, sentences: Sequence[Sequence[tuple[str, str]]], source: str
) -> ConllDocument:
    parts: list[str] = []
    spans: list[GoldSpan] = []
    starts: list[int] = []
    offset = 0
    n_tokens = 0
    for sentence in sentences:
        if parts:
            parts.append("\n")
            offset += 1
        starts.append(offset)
        open_span: tuple[int, int, str] | None = None  # start, end, type
        for j, (token, tag) in enumerate(sentence):
            if j:
                parts.append(" ")
                offset += 1
            begin, end = offset, offset + len(token)
            parts.append(token)
            offset = end
            n_tokens += 1
            kind, etype = (tag[0], tag[2:]) if tag != "O" else ("O", "")
            if open_span and (kind != "I" or etype != open_span[2]):
                spans.append(GoldSpan(open_span[0], open_span[1], open_span[2], ""))
                open_span = None
            if kind == "O":
                continue
            open_span = (open_span[0], end, etype) if open_span else (begin, end, etype)
        if open_span:
            spans.append(GoldSpan(open_span[0], open_span[1], open_span[2], ""))
    text = "".join(parts)
    document = Document(id=doc_id, text=text, source=source)
    with_text = tuple(GoldSpan(s.start, s.end, s.type, text[s.start : s.end]) for s in spans)
    return ConllDocument(document, with_text, tuple(starts), n_tokens)


class _HasMentions(Protocol):
    @property
    def mentions(self) -> Sequence[Mention]: ...


@dataclass(frozen=True, slots=True)
class SpanError:
    """A CoNLL error: a false positive, a false negative, or a boundary mismatch.

    ``boundary`` is a predicted span that overlaps a gold span of the same type but
    does not match it exactly (counted as a hit by overlap, a miss by exact match);
    ``start``/``end``/``text`` are the predicted span's, ``gold`` the gold text.
    """

    kind: Literal["fp", "fn", "boundary"]
    type: str
    doc: str
    start: int
    end: int
    text: str
    sentence: str
    gold: str = ""
    rule_id: str = ""


@dataclass(frozen=True, slots=True)
class ConllReport:
    """Scores of an extractor on CoNLL pseudo-documents, exact and overlap."""

    exact: dict[str, Score]
    overlap: dict[str, Score]
    documents: int
    sentences: int
    tokens: int
    errors: tuple[SpanError, ...] = field(default=())

    @property
    def exact_micro(self) -> Score:
        """Micro-averaged exact-match score."""
        return micro(self.exact.values())

    @property
    def overlap_micro(self) -> Score:
        """Micro-averaged overlap-match score."""
        return micro(self.overlap.values())

    def as_dict(self) -> dict[str, Any]:
        """All numbers as a JSON-ready dict."""
        return {
            "mode": "conll",
            "documents": self.documents,
            "sentences": self.sentences,
            "tokens": self.tokens,
            "exact": {k: s.as_dict() for k, s in self.exact.items()},
            "exact_micro": self.exact_micro.as_dict(),
            "overlap": {k: s.as_dict() for k, s in self.overlap.items()},
            "overlap_micro": self.overlap_micro.as_dict(),
        }


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Match predicted spans with overlapping gold spans, one-to-one and greedily.

    Exact matches are taken first, then pairs by decreasing overlap (ties: leftmost).

    Args:
        gold: gold (start, end) spans.
        predicted: predicted (start, end) spans.

    Returns:
        (gold index, predicted index) pairs.
    """
    candidates: list[tuple[int, int, int, int]] = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(predicted):
            common = min(ge, pe) - max(gs, ps)
            if common > 0:
                exact = 0 if (gs, ge) == (ps, pe) else 1
                candidates.append((exact, -common, gi, pi))
    candidates.sort(key=lambda c: (c[0], c[1], gold[c[2]][0], c[2], c[3]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


def score_conll(
    docs: Sequence[ConllDocument],
    *,
    extract: Callable[[Document], _HasMentions],
    collect_errors: bool = True,
) -> ConllReport:
    """Run an extractor on CoNLL pseudo-documents and score its mention spans.

    Person, Organisation and Place mentions are compared with PERS, ORG and LOC gold
    spans; other mention types and MISC spans are ignored. Identical predicted spans
    of one type count once.

    Args:
        docs: documents from :func:`read_conll`.
        extract: the extractor, e.g. :func:`kg.pipeline.extract`; anything returning
            an object with ``.mentions``.
        collect_errors: keep false positives, false negatives and boundary errors.

    Returns:
        Exact and overlap scores per type (PERS, ORG, LOC).
    """
    exact = {t: Score() for t in _CONLL_SCORED}
    overlap = {t: Score() for t in _CONLL_SCORED}
    errors: list[SpanError] = []
    for cdoc in docs:
        mentions = extract(cdoc.document).mentions
        for ctype in _CONLL_SCORED:
            gold = sorted({(s.start, s.end) for s in cdoc.spans if s.type == ctype})
            rules: dict[tuple[int, int], str] = {}
            for m in mentions:
                if CONLL_TYPES.get(m.type) == ctype:
                    rules.setdefault((m.start, m.end), m.rule_id)
            pred = sorted(rules)
            n_exact = len(set(gold) & set(pred))
            exact[ctype] += Score(n_exact, len(pred) - n_exact, len(gold) - n_exact)
            pairs = match_spans(gold, pred)
            overlap[ctype] += Score(len(pairs), len(pred) - len(pairs), len(gold) - len(pairs))
            if collect_errors:
                errors.extend(_span_errors(cdoc, ctype, gold, pred, pairs, rules))
    return ConllReport(
        exact=exact,
        overlap=overlap,
        documents=len(docs),
        sentences=sum(len(d.sentence_starts) for d in docs),
        tokens=sum(d.tokens for d in docs),
        errors=tuple(errors),
    )


def _span_errors(
    cdoc: ConllDocument,
    ctype: str,
    gold: Sequence[tuple[int, int]],
    pred: Sequence[tuple[int, int]],
    pairs: Sequence[tuple[int, int]],
    rules: Mapping[tuple[int, int], str],
) -> Iterator[SpanError]:
    text, doc_id = cdoc.document.text, cdoc.document.id
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, pi in pairs:
        (gs, ge), (ps, pe) = gold[gi], pred[pi]
        if (gs, ge) != (ps, pe):
            yield SpanError(
                "boundary",
                ctype,
                doc_id,
                ps,
                pe,
                text[ps:pe],
                cdoc.sentence_at(ps),
                gold=text[gs:ge],
                rule_id=rules[(ps, pe)],
            )
    for pi, (ps, pe) in enumerate(pred):
        if pi not in matched_pred:
            yield SpanError(
                "fp",
                ctype,
                doc_id,
                ps,
                pe,
                text[ps:pe],
                cdoc.sentence_at(ps),
                rule_id=rules[(ps, pe)],
            )
    for gi, (gs, ge) in enumerate(gold):
        if gi not in matched_gold:
            yield SpanError("fn", ctype, doc_id, gs, ge, text[gs:ge], cdoc.sentence_at(gs))
