"""What the tagger knows of a token: kg's own word classes, its clitics, affixes, shape
and frequency, and the same of its neighbours (pure, cached by word).

A token's features are binary, written as strings (``"w=الصين"``, ``"c=place"``,
``"-1:c=role"``). :class:`Featurizer` works them out once per word type (a dict by the
token's text, emptied at :data:`kg.lexicon.MAX_CACHED_WORDS`), so a corpus asks the lexicon
of each word once; a sentence's features are the cached features of each token and of
the tokens up to :data:`WINDOW` away, prefixed with their distance.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from kg.lexicon import MAX_CACHED_WORDS, Analysis, Lexicon, analyses, default_lexicon
from kg.model import Mention, Token

#: Neighbours on each side whose features a token gets.
WINDOW = 2

#: The word classes of the lexicon a token is looked up in: the feature name, and the
#: property of :class:`~kg.lexicon.Lexicon` holding the class's normalised words.
CLASSES: tuple[tuple[str, Callable[[Lexicon], Collection[str]]], ...] = (
    ("honorific", lambda lex: lex.honorifics),
    ("role", lambda lex: lex.roles),
    ("org_cue", lambda lex: lex.org_cues),
    ("event_cue", lambda lex: lex.event_cues),
    ("place_cue", lambda lex: lex.place_cues),
    ("nationality", lambda lex: lex.nationalities),
    ("given", lambda lex: lex.given),
    ("common_given", lambda lex: lex.common_given),
    ("family", lambda lex: lex.family),
    ("place", lambda lex: lex.places),
    ("place_first", lambda lex: lex.place_first_words),
    ("country", lambda lex: lex.major_places),
    ("city", lambda lex: lex.major_cities),
    ("definite_name", lambda lex: lex.definite_names),
    ("stopword", lambda lex: lex.stopwords),
    ("verb", lambda lex: lex.verbs),
    ("common_noun", lambda lex: lex.common_nouns),
)


@dataclass(frozen=True, slots=True)
class WordFeatures:
    """The features of one word type: its own, and those its neighbours see of it."""

    own: tuple[str, ...]
    context: tuple[str, ...]


def _zipf_band(zipf: float | None) -> str:
    return "none" if zipf is None else str(int(zipf))


def _shape(text: str) -> tuple[str, ...]:
    if text.isdigit():
        return ("shape=digit",)
    if text.isascii() and text[:1].isalpha():
        return ("shape=latin", "latin_upper") if text[:1].isupper() else ("shape=latin",)
    if not any(ch.isalpha() for ch in text):
        return ("shape=punct",)
    return ()


class Featurizer:
    """Features of tokens, worked out once per word type.

    Args:
        lexicon: the word classes (default: the pipeline's, :func:`default_lexicon`).
    """

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self._classes = tuple((name, get(self.lexicon)) for name, get in CLASSES)
        self._zipf = self.lexicon.word_zipf
        self._cache: dict[str, WordFeatures] = {}

    def word(self, token: Token) -> WordFeatures:
        """The features of ``token``'s word type (cached by its text)."""
        found = self._cache.get(token.text)
        if found is None:
            if len(self._cache) >= MAX_CACHED_WORDS:
                self._cache.clear()
            found = self._cache[token.text] = self._word(token.text, token.norm)
        return found

    def stem_of(self, norm: str) -> Analysis:
        """The split of ``norm`` into proclitics and a stem: the first (the bare word
        first) whose stem is in a word class, else the one whose stem is the most
        frequent word (the bare word when none is known)."""
        known = self.known_split(norm)
        if known is not None:
            return known
        zipf = self._zipf
        return max(analyses(norm), key=lambda a: zipf.get(a.stem, 0.0))

    def known_split(self, norm: str) -> Analysis | None:
        """The first split of ``norm`` (the bare word first) whose stem is in a word class."""
        for a in analyses(norm):
            if any(a.stem in words for _, words in self._classes):
                return a
        return None

    def _word(self, text: str, norm: str) -> WordFeatures:
        lex = self.lexicon
        split = self.stem_of(norm)
        stem = split.stem
        bare = stem[2:] if stem.startswith("ال") and len(stem) > 3 else stem
        classes = [name for name, words in self._classes if norm in words]
        stem_classes = [name for name, words in self._classes if stem != norm and stem in words]
        flags = [
            name
            for name, test in (
                ("title", lex.is_title),
                ("cue", lex.is_cue),
                ("foreign_given", lex.foreign_given),
                ("opens_place", lex.opens_place.__getitem__),
                ("opens_given", lex.opens_given_name.__getitem__),
            )
            if test(norm)
        ]
        zipf = _zipf_band(self._zipf.get(norm))
        own = [
            "bias",
            f"w={norm}",
            f"stem={stem}",
            f"bare={bare}",
            f"clitic={norm[: split.prefix]}",
            f"z={zipf}",
            f"zs={_zipf_band(self._zipf.get(stem))}",
            f"len={min(len(stem), 8)}",
            f"p2={bare[:2]}",
            f"p3={bare[:3]}",
            f"s1={bare[-1:]}",
            f"s2={bare[-2:]}",
            f"s3={bare[-3:]}",
            *_shape(text),
            *(f"c={name}" for name in classes),
            *(f"cs={name}" for name in stem_classes),
            *(f"f={name}" for name in flags),
        ]
        if bare != stem:
            own.append("article")
        context = [
            f"w={norm}",
            f"stem={stem}",
            f"z={zipf}",
            *_shape(text),
            *(f"c={name}" for name in (*classes, *stem_classes)),
            *(f"f={name}" for name in flags),
        ]
        return WordFeatures(tuple(own), tuple(context))

    def sentence(
        self, tokens: Sequence[Token], marks: Sequence[Sequence[str]] | None = None
    ) -> list[list[str]]:
        """The features of each token of a sentence, its neighbours' included.

        Args:
            tokens: the sentence's tokens.
            marks: what the rules found at each token (:func:`rule_marks`), or none.
        """
        words = [self.word(t) for t in tokens]
        out: list[list[str]] = []
        n = len(words)
        for i, w in enumerate(words):
            feats = list(w.own)
            if marks is not None:
                feats.extend(marks[i])
            for d in range(-WINDOW, WINDOW + 1):
                if d == 0:
                    continue
                j = i + d
                if 0 <= j < n:
                    prefix = f"{d:+d}:"
                    feats.extend(prefix + f for f in words[j].context)
                    if marks is not None:
                        feats.extend(prefix + f for f in marks[j] if f.startswith("r="))
                elif j == -1 or j == n:
                    feats.append(f"{d:+d}:{'BOS' if j < 0 else 'EOS'}")
            out.append(feats)
        return out


def rule_marks(tokens: Sequence[Token], mentions: Sequence[Mention]) -> list[tuple[str, ...]]:
    """What the rules found at each token, as features: ``r=B-PERSON`` where a rule
    mention of that type starts in the token, ``r=I-PERSON`` inside it, and the rule id
    (``rid=person.honorific``), so the tagger learns how far to trust each rule.

    Args:
        tokens: a sentence's tokens.
        mentions: the rules' mentions of the document (or of the sentence).
    """
    if not tokens:
        return []
    first, last = tokens[0].start, tokens[-1].end
    near = [m for m in mentions if m.start < last and first < m.end]
    out = []
    for tok in tokens:
        found: list[str] = []
        for m in near:
            if m.start < tok.end and tok.start < m.end:
                found.append(f"r={'B' if tok.start <= m.start else 'I'}-{m.type.name}")
                found.append(f"rid={m.rule_id}")
        out.append(tuple(found))
    return out
