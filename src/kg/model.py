"""Typed records passed between pipeline stages.

Every record is a frozen dataclass (tokens are named tuples); offsets are character
offsets into ``Document.text`` (``text[start:end]``), so a mention can always be checked
against its source.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from kg.contract import CONTRACT

_T = TypeVar("_T")


def _pickled_by_fields(cls: type[_T]) -> type[_T]:
    """Pickle a frozen, slotted dataclass as its constructor and field values.

    The default for such classes restores each field through ``object.__setattr__`` in a
    Python loop, which made unpickling extractions a tenth of a build's time (they are
    spilled to disk and read back twice); this also makes the pickles smaller.
    """
    names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    values: Callable[[Any], tuple[object, ...]] = (
        attrgetter(*names) if len(names) > 1 else lambda obj: (getattr(obj, names[0]),)
    )

    def __reduce__(self: _T) -> tuple[type[_T], tuple[object, ...]]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


class EntityType(StrEnum):
    """The five entity classes of the ontology contract."""

    PERSON = "Person"
    ORGANISATION = "Organisation"
    EVENT = "Event"
    AGREEMENT = "Agreement"
    PLACE = "Place"


def _constant(name: str) -> str:
    """The enum member name of a property's local name: ``subEventOf`` -> ``SUB_EVENT_OF``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).upper()


if TYPE_CHECKING:

    class Predicate(StrEnum):
        """The relations of the ontology contract (values are the local names).

        At run time the members are the relations kg.ttl declares (see
        :mod:`kg.contract`), in its order; mypy sees the ones code names.
        """

        PARTICIPATED_IN = "participatedIn"
        AFFILIATED_WITH = "affiliatedWith"
        SIGNED = "signed"
        PARTY_TO = "partyTo"
        WITNESSED = "witnessed"
        SUB_EVENT_OF = "subEventOf"
        SIGNED_AT = "signedAt"
        LOCATED_IN = "locatedIn"

else:
    Predicate = StrEnum(
        "Predicate",
        [(_constant(r.name), r.name) for r in CONTRACT.relations],
        module=__name__,
        qualname="Predicate",
    )
    Predicate.__doc__ = (
        "The relations of the ontology contract (values are the local names), "
        "in the order kg.ttl declares them."
    )


class AgreementKind(StrEnum):
    """Kinds of agreement; each but AGREEMENT maps to a subclass of kg:Agreement."""

    MOU = "MoU"
    AGREEMENT = "Agreement"
    LETTER_OF_INTENT = "LetterOfIntent"
    CONTRACT = "Contract"
    PROTOCOL = "Protocol"


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Document:
    """One input document.

    Attributes:
        id: stable identifier, the file name (or ``file:line`` / the JSON id in corpora).
        text: the full text; every offset in kg points into it.
        source: where it came from (path or URL).
        title: optional title.
        date: optional publication date; supplies the year of event dates.
    """

    id: str
    text: str
    source: str = ""
    title: str | None = None
    date: date | None = None

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the text (UTF-8)."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """A character span of a document."""

    start: int
    end: int


class Token(NamedTuple):
    """A word or punctuation token with its offsets (a named tuple, not a dataclass:
    documents have hundreds, and a tuple is made several times faster)."""

    start: int
    end: int
    text: str
    norm: str  # normalised form used for matching (dediacritised, alef/ya/ta unified)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: its index in the document, offsets and tokens."""

    index: int
    start: int
    end: int
    tokens: tuple[Token, ...]
    cut: bool = False  # a part of a longer run of words (kg.text.MAX_SENTENCE_TOKENS)


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity in a document.

    ``start``/``end`` cover the name as written, without honorifics and without the
    attached prefixes و/ب/ل/ف/ال-less clitics, so ``text`` is a clean surface form.
    ``surface`` is the longer form as seen (with honorific or cue word), kept as an
    alternative label.
    """

    doc_id: str
    start: int
    end: int
    text: str
    type: EntityType
    rule_id: str
    sentence: int
    surface: str = ""
    canonical: str = ""  # name to use as label (may differ from text, e.g. quotes removed)
    role: str | None = None  # role title seen next to a person
    kind: AgreementKind | None = None
    alias_of: int | None = None  # start offset of the mention this one renames ("(PEACE)")
    short: str = ""  # a shorter name: an agreement's head and qualifier ("اتفاقية عبور")
    confidence: float | None = None  # the learned tagger's, for a name it found

    @classmethod
    def as_written(
        cls,
        doc: Document,
        start: int,
        end: int,
        *,
        type: EntityType,
        rule_id: str,
        sentence: int,
        confidence: float | None = None,
    ) -> Mention:
        """The mention of ``doc.text[start:end]`` as written: its surface and canonical
        forms are the text itself (a name from a list or a tagger, with no cue word)."""
        text = doc.text[start:end]
        return cls(
            doc.id,
            start,
            end,
            text,
            type,
            rule_id,
            sentence,
            surface=text,
            canonical=text,
            confidence=confidence,
        )


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Entity:
    """An entity of one document: the mentions resolved to it and its attributes."""

    key: str  # document-local id, e.g. "e3"
    type: EntityType
    label: str
    merge_key: str  # normalised key under which mentions were merged
    merge_rule: str  # resolution rule that merged them
    mentions: tuple[Mention, ...]
    alt_labels: tuple[str, ...] = ()
    role: str | None = None
    kind: AgreementKind | None = None
    start_date: str | None = None  # ISO date "2024-02-12" or gMonthDay "--04-25"
    end_date: str | None = None
    value: str | None = None  # decimal as a string, exact
    currency: str | None = None  # ISO 4217


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a relation was read: document, sentence, span and rule."""

    doc_id: str
    sentence: int
    start: int
    end: int
    text: str
    rule_id: str


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between two entities of one document, with its evidence."""

    subject: str  # Entity.key
    predicate: Predicate
    object: str  # Entity.key
    evidence: Evidence
    role: str | None = None  # for affiliatedWith


@_pickled_by_fields
@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one document."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> count
    bounds: tuple[str, ...] = ()  # the per-document bounds hit (kg.pipeline), as messages
