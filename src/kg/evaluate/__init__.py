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

Modules: :mod:`~kg.evaluate.records` (scores, gold and predicted records, reports),
:mod:`~kg.evaluate.gold` (gold files), :mod:`~kg.evaluate.graph` (reading a build),
:mod:`~kg.evaluate.names` (name keys and entity alignment),
:mod:`~kg.evaluate.matching` (scoring of builds),
:mod:`~kg.evaluate.conll` (CoNLL NER files).
"""

from __future__ import annotations

from kg.evaluate.conll import (
    CONLL_TYPES,
    ConllDocument,
    ConllReport,
    GoldSpan,
    SpanError,
    match_spans,
    read_conll,
    score_conll,
    token_bounds,
)
from kg.evaluate.gold import (
    load_gold,
    load_gold_dir,
    parse_gold,
)
from kg.evaluate.graph import (
    predicted_documents,
    read_build,
)
from kg.evaluate.matching import score_build, score_document, score_documents
from kg.evaluate.names import (
    ALIGN_THRESHOLD,
    HONORIFICS,
    align_entities,
    name_similarity,
    strip_honorifics,
    token_f1,
)
from kg.evaluate.records import (
    Alignment,
    DocumentScore,
    EvalError,
    EvalReport,
    GoldDocument,
    GoldEntity,
    GoldRelation,
    PredictedDocument,
    PredictedEntity,
    PredictedRelation,
    Score,
    micro,
)

__all__ = [
    "ALIGN_THRESHOLD",
    "CONLL_TYPES",
    "HONORIFICS",
    "Alignment",
    "ConllDocument",
    "ConllReport",
    "DocumentScore",
    "EvalError",
    "EvalReport",
    "GoldDocument",
    "GoldEntity",
    "GoldRelation",
    "GoldSpan",
    "PredictedDocument",
    "PredictedEntity",
    "PredictedRelation",
    "Score",
    "SpanError",
    "align_entities",
    "load_gold",
    "load_gold_dir",
    "match_spans",
    "micro",
    "name_similarity",
    "parse_gold",
    "predicted_documents",
    "read_build",
    "read_conll",
    "score_build",
    "score_conll",
    "score_document",
    "score_documents",
    "strip_honorifics",
    "token_bounds",
    "token_f1",
]
