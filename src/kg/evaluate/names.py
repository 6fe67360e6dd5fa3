"""Names: comparison keys without honorifics, token-F1, and aligning gold and predicted
entities of one document by name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from kg.evaluate.records import Alignment, GoldEntity, PredictedEntity
from kg.normalize import normalize_name

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
