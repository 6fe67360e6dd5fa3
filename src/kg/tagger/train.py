"""Training the tagger on a CoNLL file (ANERcorp's train split), and choosing its
hyper-parameters and policy by cross-validation on that file only.

The text of the file is read as :func:`kg.evaluate.read_conll` reads it (pseudo-documents
of :data:`DOC_SENTENCES` sentences) and split into sentences and tokens by kg's own
tokeniser (:func:`kg.text.split_sentences`), so the model learns from the tokens it will
see; a token takes the label of the gold span it starts in. Training is deterministic
(L-BFGS, the sentences in file order): the same file and code give the same model bytes.
"""

from __future__ import annotations

import bisect
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from kg.evaluate.conll import ConllDocument, GoldSpan, read_conll, score_conll
from kg.model import Mention, Token
from kg.pipeline import STAGES, run_stages
from kg.tagger.crf import Tagger, spans_of
from kg.tagger.features import Featurizer, rule_marks

#: Sentences per pseudo-document (as ``kg eval --conll``); folds are runs of these.
DOC_SENTENCES = 20

#: The hyper-parameters of the shipped model, chosen by :func:`cross_validate`.
C1 = 0.05
C2 = 0.05
ITERATIONS = 100

#: The candidate (c1, c2) pairs of the cross-validation (kept tiny: minutes, not hours).
GRID: tuple[tuple[float, float], ...] = ((0.05, 0.05), (0.05, 0.5), (0.5, 0.05), (0.5, 0.5))

#: The stages of the pipeline up to the rules' mentions, which the tagger reads.
_RULE_STAGES = STAGES[: 1 + next(i for i, s in enumerate(STAGES) if s.name == "find_mentions")]

#: The types scored when the CRF is measured alone.
SCORED = ("PERS", "ORG", "LOC")


@dataclass(frozen=True, slots=True)
class Labelled:
    """A sentence's tokens, their gold IOB2 labels, and the rules' mentions there."""

    tokens: tuple[Token, ...]
    labels: tuple[str, ...]
    rules: tuple[Mention, ...] = ()


def labels_of(tokens: Sequence[Token], spans: Sequence[GoldSpan]) -> tuple[str, ...]:
    """The IOB2 label of each token: ``B-X`` where it starts the span of type X it starts
    in, ``I-X`` inside it, ``O`` outside every span (``spans`` in text order)."""
    starts = [s.start for s in spans]
    out = []
    for tok in tokens:
        i = bisect.bisect_right(starts, tok.start) - 1
        if i >= 0 and tok.start < spans[i].end:
            out.append(("B-" if tok.start <= spans[i].start else "I-") + spans[i].type)
        else:
            out.append("O")
    return tuple(out)


def labelled(doc: ConllDocument) -> list[Labelled]:
    """The sentences of a CoNLL pseudo-document, tokenised by kg, with their labels and
    the rules' mentions (what the tagger stage of :data:`kg.pipeline.STAGES` reads)."""
    spans = sorted(doc.spans, key=lambda s: s.start)
    values = run_stages(_RULE_STAGES, {"document": doc.document})
    rules = tuple(values["rule_mentions"])
    out = []
    for s in values["sentences"]:
        near = tuple(m for m in rules if m.sentence == s.index)
        out.append(Labelled(s.tokens, labels_of(s.tokens, spans), near))
    return out


def read_training(path: Path) -> list[ConllDocument]:
    """The pseudo-documents of a CoNLL file, as the training reads them."""
    return read_conll(path, doc_sentences=DOC_SENTENCES)


def train(
    docs: Iterable[ConllDocument],
    model: Path,
    *,
    c1: float = C1,
    c2: float = C2,
    iterations: int = ITERATIONS,
    featurizer: Featurizer | None = None,
    algorithm: str = "lbfgs",
) -> None:
    """Train a CRF on ``docs`` and write it to ``model``.

    Args:
        docs: the training documents, in order.
        model: where the model is written.
        c1: L1 regularisation.
        c2: L2 regularisation.
        iterations: L-BFGS iterations.
        featurizer: the features (default: those of the pipeline's lexicon).
        algorithm: crfsuite's training algorithm (``lbfgs``; ``ap``, the averaged
            perceptron, is the other one measured).
    """
    feats = featurizer or Featurizer()
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=False)
    for doc in docs:
        for sentence in labelled(doc):
            if sentence.tokens:
                marks = rule_marks(sentence.tokens, sentence.rules)
                trainer.append(feats.sentence(sentence.tokens, marks), list(sentence.labels))
    params: dict[str, object] = {"max_iterations": iterations, "feature.possible_transitions": True}
    if algorithm == "lbfgs":
        params |= {"c1": c1, "c2": c2}
    trainer.set_params(params)
    trainer.train(str(model))


def folds(
    docs: Sequence[ConllDocument], k: int = 3
) -> list[tuple[list[ConllDocument], list[ConllDocument]]]:
    """``k`` (train, held-out) splits of ``docs``: each holds out one run of consecutive
    documents (a third of them for ``k=3``), so one article never sits on both sides
    but at a fold's edge."""
    bounds = [round(i * len(docs) / k) for i in range(k + 1)]
    out = []
    for i in range(k):
        held = list(docs[bounds[i] : bounds[i + 1]])
        rest = list(docs[: bounds[i]]) + list(docs[bounds[i + 1] :])
        out.append((rest, held))
    return out


def crf_scores(tagger: Tagger, docs: Iterable[ConllDocument]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of the CRF alone, exact match
    of PERS, ORG and LOC token spans."""
    tp = fp = fn = 0
    for doc in docs:
        for sentence in labelled(doc):
            gold = {s for s in spans_of(sentence.labels) if s[2] in SCORED}
            labels = tagger.tag(sentence.tokens, sentence.rules)
            pred = {s for s in spans_of(labels) if s[2] in SCORED}
            tp += len(gold & pred)
            fp += len(pred - gold)
            fn += len(gold - pred)
    return tp, fp, fn


def f1(tp: int, fp: int, fn: int) -> float:
    """F1 of counts (0 when there is nothing)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def pipeline_scores(
    tagger: Tagger | None, docs: Sequence[ConllDocument]
) -> dict[str, tuple[int, int, int]]:
    """Exact and overlap (tp, fp, fn) micro counts of the whole pipeline, the tagger
    joined by its policy (``None``: the rules alone), as ``kg eval --conll`` scores."""
    from kg.pipeline import extract_corpus

    done = {x.document.id: x for x in extract_corpus((d.document for d in docs), tagger=tagger)}
    report = score_conll(docs, extract=lambda doc: done[doc.id], collect_errors=False)
    out = {}
    for name, score in (("exact", report.exact_micro), ("overlap", report.overlap_micro)):
        out[name] = (score.tp, score.fp, score.fn)
    return out


def fold_model(train_docs: Sequence[ConllDocument], c1: float, c2: float, where: Path) -> Path:
    """Train a fold's model into the folder ``where`` and return its path."""
    path = where / f"fold-{c1}-{c2}-{len(train_docs)}-{id(train_docs)}.crfsuite"
    train(train_docs, path, c1=c1, c2=c2)
    return path


def temporary_folder() -> tempfile.TemporaryDirectory[str]:
    """A folder for the fold models."""
    return tempfile.TemporaryDirectory(prefix="kg-tagger-cv-")
