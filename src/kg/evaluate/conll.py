"""CoNLL NER files (ANERcorp, AQMAR): pseudo-documents and span scores."""

from __future__ import annotations

import bisect
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from kg.errors import GoldError, GoldWarning
from kg.evaluate.records import Score, micro
from kg.model import Document, EntityType, Mention

#: kg entity types scored against CoNLL tags; other types are ignored.
CONLL_TYPES: dict[EntityType, str] = {
    EntityType.PERSON: "PERS",
    EntityType.ORGANISATION: "ORG",
    EntityType.PLACE: "LOC",
}
_CONLL_SCORED = tuple(CONLL_TYPES.values())


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


def token_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` widened to the whitespace-separated tokens of ``text`` it touches.

    >>> token_bounds("زار وسوريا أمس", 5, 10)
    (4, 10)
    """
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


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
                    rules.setdefault(token_bounds(cdoc.document.text, m.start, m.end), m.rule_id)
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

    def error(
        kind: Literal["fp", "fn", "boundary"], start: int, end: int, **more: str
    ) -> SpanError:
        sentence = cdoc.sentence_at(start)
        return SpanError(kind, ctype, doc_id, start, end, text[start:end], sentence, **more)

    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    for gi, pi in pairs:
        (gs, ge), (ps, pe) = gold[gi], pred[pi]
        if (gs, ge) != (ps, pe):
            yield error("boundary", ps, pe, gold=text[gs:ge], rule_id=rules[(ps, pe)])
    for pi, (ps, pe) in enumerate(pred):
        if pi not in matched_pred:
            yield error("fp", ps, pe, rule_id=rules[(ps, pe)])
    for gi, (gs, ge) in enumerate(gold):
        if gi not in matched_gold:
            yield error("fn", gs, ge)
