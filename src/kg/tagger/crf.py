"""The learned tagger: a CRF (python-crfsuite) that reads PERS, ORG and LOC names in
sentences, and the mentions it proposes.

The model is trained on ANERcorp's train split by ``scripts/train_tagger.py``
(:mod:`kg.tagger.train`) and ships in the package as ``tagger/model.crfsuite``, under its
own licence (``tagger/MODEL-LICENSE.md``, CC BY-SA 4.0). Its labels are IOB2 tags of
PERS, ORG, LOC and MISC; MISC is learnt (so that the other types are not confused with
it) and never proposed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

import pycrfsuite

from kg.grammar.view import orig_offset
from kg.model import Document, EntityType, Mention, Sentence, Token
from kg.normalize import normalize
from kg.tagger.features import Featurizer, rule_marks
from kg.tagger.policy import DEFAULT, POLICIES, by_sentence, combine

#: The rule id of the tagger's mentions.
RULE_ID = "tagger.crf"

#: The model shipped in the package, relative to the ``kg`` package.
MODEL = "tagger/model.crfsuite"

#: The CoNLL types the tagger proposes, and their kg types.
TYPES: dict[str, EntityType] = {
    "PERS": EntityType.PERSON,
    "ORG": EntityType.ORGANISATION,
    "LOC": EntityType.PLACE,
}


#: The least confidence of a name the shipped tagger proposes: chosen among 0, 0.5, 0.7,
#: 0.8 and 0.9 by the mean of the overlap F1 by 3-fold cross-validation on ANERcorp's
#: train split (``scripts/train_tagger.py --cv``) and the entity F1 on the genre set
#: (docs/tagger.md).
MIN_CONFIDENCE = 0.7


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A name the CRF read: tokens ``[first, last]`` of a sentence, its CoNLL type, and
    the least marginal probability of its tokens' labels."""

    first: int
    last: int
    type: str
    confidence: float


def spans_of(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """The (first, last, type) token spans of IOB2 ``labels``; an ``I-X`` after ``O`` or
    after another type opens a span (the conlleval convention, as
    :func:`kg.evaluate.read_conll`)."""
    out: list[tuple[int, int, str]] = []
    for i, label in enumerate(labels):
        if label == "O":
            continue
        kind, etype = label[0], label[2:]
        if kind == "I" and out and out[-1][1] == i - 1 and out[-1][2] == etype:
            out[-1] = (out[-1][0], i, etype)
        else:
            out.append((i, i, etype))
    return out


class Tagger:
    """A CRF model and the features it reads.

    Args:
        path: the model file (``model.crfsuite``).
        featurizer: the features (default: a :class:`Featurizer` of the pipeline's lexicon).
        strip_clitics: start a name after the proclitics و/ف/ب/ل of its first token when
            the rest is a word the lexicon knows ("وسوريا" → "سوريا"), as the rules do.
        min_confidence: propose only names whose confidence is at least this.
        policy: how its mentions join the rules' (:data:`kg.tagger.policy.POLICIES`).
    """

    def __init__(
        self,
        path: Path,
        *,
        featurizer: Featurizer | None = None,
        strip_clitics: bool = True,
        min_confidence: float = MIN_CONFIDENCE,
        policy: str = DEFAULT,
    ) -> None:
        if policy not in POLICIES:
            raise ValueError(f"unknown tagger policy {policy!r}; choose from {list(POLICIES)}")
        self.path = path
        self.fingerprint = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(path))
        self.featurizer = featurizer or Featurizer()
        self.strip_clitics = strip_clitics
        self.min_confidence = min_confidence
        self.policy = policy

    def tag(self, tokens: Sequence[Token], rules: Sequence[Mention] = ()) -> list[str]:
        """The IOB2 labels of a sentence's tokens, given the rules' mentions there."""
        if not tokens:
            return []
        features = self.featurizer.sentence(tokens, rule_marks(tokens, rules))
        labels: list[str] = self._crf.tag(features)
        return labels

    def spans(self, tokens: Sequence[Token], rules: Sequence[Mention] = ()) -> list[TaggedSpan]:
        """The PERS, ORG and LOC names of a sentence, with their confidence, given the
        rules' mentions there."""
        labels = self.tag(tokens, rules)
        out = []
        for first, last, etype in spans_of(labels):
            if etype not in TYPES:
                continue
            confidence = min(self._crf.marginal(labels[i], i) for i in range(first, last + 1))
            if confidence < self.min_confidence:
                continue
            out.append(TaggedSpan(first, last, etype, confidence))
        return out

    def mentions(
        self, doc: Document, sentences: Sequence[Sentence], rules: Sequence[Mention] = ()
    ) -> list[Mention]:
        """The tagger's mentions in ``doc`` (rule id :data:`RULE_ID`), in text order,
        given the rules' mentions of ``doc``."""
        found = []
        near = by_sentence(rules)
        for sentence in sentences:
            toks = sentence.tokens
            for span in self.spans(toks, near.get(sentence.index, ())):
                first = toks[span.first]
                start = first.start + self._clitics(first)
                end = toks[span.last].end
                if start >= end:
                    continue
                etype = TYPES[span.type]
                found.append(
                    Mention.as_written(
                        doc,
                        start,
                        end,
                        type=etype,
                        rule_id=RULE_ID,
                        sentence=sentence.index,
                        confidence=round(span.confidence, 3),
                    )
                )
        return found

    def combine(
        self, doc: Document, sentences: Sequence[Sentence], rule_mentions: Sequence[Mention]
    ) -> list[Mention]:
        """The rules' mentions of ``doc`` with the tagger's joined by its policy."""
        tagged = self.mentions(doc, sentences, rule_mentions)
        return combine(rule_mentions, tagged, policy=self.policy, is_title=self._is_title)

    def _is_title(self, word: str) -> bool:
        return self.featurizer.lexicon.is_title(normalize(word))

    def _clitics(self, token: Token) -> int:
        """Characters of ``token`` before its name: its proclitics, when the stem after
        them is a word the lexicon knows (and the token is not itself one)."""
        if not self.strip_clitics:
            return 0
        split = self.featurizer.known_split(token.norm)
        if split is None or split.prefix == 0 or split.stem != token.norm[split.prefix :]:
            return 0  # the bare word, or ل + the article with its alef elided
        return orig_offset(token.text, split.prefix)


def open_tagger(path: Path | None = None) -> Tagger:
    """A :class:`Tagger` of the model at ``path`` (default: the shipped model)."""
    if path is not None:
        return Tagger(path)
    with as_file(files("kg").joinpath(MODEL)) as shipped:
        return Tagger(Path(shipped))


@cache
def default_tagger() -> Tagger:
    """The shipped model, loaded once per process."""
    return open_tagger()
