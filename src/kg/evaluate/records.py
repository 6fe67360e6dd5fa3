"""The records of an evaluation: scores, gold and predicted documents, reports."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kg.model import EntityType, Predicate

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
class _Link:
    """A relation between two entities: gold ids or IRIs, as the subclass says."""

    subject: str
    predicate: Predicate
    object: str


@dataclass(frozen=True, slots=True)
class GoldRelation(_Link):
    """A gold relation between two gold entity ids."""


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
class PredictedRelation(_Link):
    """A relation of a build between two entity IRIs."""


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
