"""The spill format: how an extraction is kept on disk between passes, and what stays in memory.

A document's extraction becomes a record (:func:`make_record`: the words a name from
another document could start with, then the pickled extraction) that is spilled to a
temporary file (:func:`spill`, :func:`unspill`) and cached; memory keeps only its
:class:`Summary`, enough to resolve entities across documents and to report.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import IO

from kg.entities import NameVote, alias_openers, name_votes
from kg.model import Document, Entity, Extraction


@dataclass(frozen=True, slots=True)
class Summary:
    """What the first pass keeps of a document: enough to resolve and report."""

    doc_id: str
    figures: dict[str, object]
    entities: tuple[Entity, ...]  # without mentions: resolution needs type, label and key
    relations: tuple[tuple[str, str, str], ...]  # (subject key, predicate, object key)
    dropped: dict[str, int]
    bounds: tuple[str, ...] = ()  # the per-document bounds hit (Extraction.bounds)


def summarise(x: Extraction) -> Summary:
    """The summary of an extraction."""
    doc = x.document
    return Summary(
        doc_id=doc.id,
        figures={
            "id": doc.id,
            "source": doc.source,
            "sha256": doc.sha256,
            "characters": len(doc.text),
            "mentions": len(x.mentions),
            "entities": len(x.entities),
            "relations": len(x.relations),
        },
        entities=tuple(replace(e, mentions=(), alt_labels=()) for e in x.entities),
        relations=tuple((r.subject, r.predicate.value, r.object) for r in x.relations),
        dropped=dict(x.dropped),
        bounds=x.bounds,
    )


@dataclass(frozen=True, slots=True)
class Done:
    """One extracted document: its record (:func:`make_record`) and its summary."""

    record: bytes
    summary: Summary
    votes: list[NameVote]  # for the names the corpus step looks up (counted, not kept)


def done(extraction: Extraction, record: bytes | None = None) -> Done:
    """An extracted document, with ``record`` when it is already made (read from the cache)."""
    return Done(
        make_record(extraction) if record is None else record,
        summarise(extraction),
        name_votes(extraction.entities),
    )


def make_record(extraction: Extraction) -> bytes:
    """How an extraction is spilled and cached: the words a name from another document
    could start with (:func:`kg.entities.alias_openers`, for the corpus step to pass over
    documents without any, unread), then the pickled extraction without its sentences
    (their tokens are cheap to redo)."""
    doc = extraction.document
    openers = alias_openers(doc, extraction.sentences, extraction.mentions)
    head = "\n".join(sorted(openers)).encode("utf-8")
    blob = pickle.dumps(replace(extraction, sentences=()), protocol=pickle.HIGHEST_PROTOCOL)
    return len(head).to_bytes(4, "little") + head + blob


def openers(record: bytes) -> list[str]:
    """The words a record's document could open a known name with (see :func:`make_record`)."""
    size = int.from_bytes(record[:4], "little")
    return record[4 : 4 + size].decode("utf-8").split("\n")


def extraction(record: bytes) -> Extraction:
    """The extraction of a record (see :func:`make_record`); raises what unpickling raises."""
    size = int.from_bytes(record[:4], "little")
    value = pickle.loads(memoryview(record)[4 + size :])
    if not isinstance(value, Extraction):
        raise TypeError(f"not an extraction: {type(value).__name__}")
    return value


def spill(file: IO[bytes], blob: bytes) -> None:
    """Append a record to a spill file."""
    file.write(len(blob).to_bytes(8, "little"))
    file.write(blob)


def unspill(file: IO[bytes], count: int) -> Iterator[bytes]:
    """Read ``count`` records back from a spill file, in the order they were spilled."""
    for _ in range(count):
        yield file.read(int.from_bytes(file.read(8), "little"))


def stub(summary: Summary) -> Extraction:
    """An extraction holding only what :func:`kg.resolve.resolve_corpus` reads."""
    return Extraction(
        document=Document(summary.doc_id, ""),
        sentences=(),
        mentions=(),
        entities=summary.entities,
        relations=(),
    )
