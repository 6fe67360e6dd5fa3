"""The sentence as the growers see it (pure): :class:`SentView` (normalised tokens joined
for pattern matching, with per-token flags), :class:`Candidate` (a mention a grower found,
in token coordinates) and :class:`Context` (what one rule's growers share in a sentence).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING

from kg.lexicon import (
    MAX_CACHED_WORDS,
    Lexicon,
)
from kg.model import AgreementKind, Document, EntityType, Sentence
from kg.normalize import normalize

if TYPE_CHECKING:
    from kg.rules import Rule

_LETTER = re.compile(r"\w")
_QUOTES = frozenset('"«»“”„')
_LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9&.'\-]*$")


@dataclass(frozen=True, slots=True)
class SentView:
    """A sentence with its normalised tokens joined for pattern matching."""

    sentence: Sentence
    text: str  # the whole document text
    norms: tuple[str, ...]
    joined: str
    starts: tuple[int, ...]
    n: int  # number of tokens
    punct: tuple[bool, ...]  # token without a letter or digit
    quote: tuple[bool, ...]  # token is a quotation mark
    hamza_al: tuple[bool, ...]  # written أل/إل/آل: a name ("ألكسندر"), never the article

    @classmethod
    def of(cls, sentence: Sentence, text: str) -> SentView:
        """The view of ``sentence`` of a document whose text is ``text``."""
        tokens = sentence.tokens
        norms = tuple([t.norm for t in tokens])
        if not tokens:
            return cls(sentence, text, (), "", (), 0, (), (), ())
        starts = tuple(accumulate([len(norm) + 1 for norm in norms[:-1]], initial=0))
        known = _WORD_FLAGS.get
        flags = [known(t.text) or _word_flags(t.text, t.norm) for t in tokens]
        punct, quote, hamza_al = zip(*flags, strict=True)
        return cls(
            sentence, text, norms, " ".join(norms), starts, len(norms), punct, quote, hamza_al
        )

    def __len__(self) -> int:
        return self.n

    def token_at(self, pos: int) -> tuple[int, int]:
        """Token index holding joined-string position ``pos`` and the offset inside it."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i, pos - self.starts[i]

    def is_punct(self, i: int) -> bool:
        return self.punct[i]

    def is_quote(self, i: int) -> bool:
        return self.quote[i]

    def is_latin(self, i: int) -> bool:
        return bool(_LATIN.match(self.sentence.tokens[i].text))


#: (no letter or digit, a quotation mark, أل/إل/آل) of each token text seen (a token's
#: norm is a function of its text)
_WORD_FLAGS: dict[str, tuple[bool, bool, bool]] = {}


def _word_flags(word: str, norm: str) -> tuple[bool, bool, bool]:
    flags = (_LETTER.search(norm) is None, word in _QUOTES, _HAMZA_AL.match(word) is not None)
    if len(_WORD_FLAGS) >= MAX_CACHED_WORDS:
        _WORD_FLAGS.clear()
    _WORD_FLAGS[word] = flags
    return flags


@dataclass(frozen=True, slots=True)
class Candidate:
    """A mention found by a grower, in token coordinates of one sentence."""

    type: EntityType
    first: int  # first token of the name
    prefix: int  # normalised characters of proclitics to skip in the first token
    last: int  # last token of the name (inclusive)
    surface_first: int  # first token of the surface form (cue, honorific)
    label: str | None = None  # canonical text when it is not the span's text
    role: str | None = None
    kind: AgreementKind | None = None
    anaphor: bool = False  # a definite noun referring back ("القمة")
    extra: tuple[tuple[int, int], ...] = ()  # more spans of the same entity ("(PEACE)")
    role_span: tuple[int, int] | None = None  # tokens of the role phrase (persons)
    note: str = ""  # appended to the rule id ("conjoined")
    short: str | None = None  # a shorter name of the same thing ("اتفاقية عبور")
    elided: bool = False  # ل + the article with its alef dropped: "للولايات" → الولايات


@dataclass
class Context:
    lex: Lexicon
    view: SentView
    rule: Rule
    #: Ends of role phrases by their first token (see role_end_at), shared by the rules
    #: of one sentence.
    role_ends: dict[int, int] = field(default_factory=dict)
    #: Whether the sentence speaks of signing (see :attr:`signing`), shared likewise.
    signing_in: list[bool] = field(default_factory=list)

    @property
    def signing(self) -> bool:
        """The sentence speaks of signing (looked up once, when a rule first asks)."""
        if not self.signing_in:
            self.signing_in.append(_signing_in(self.view, self.lex))
        return self.signing_in[0]


def orig_offset(text: str, k: int) -> int:
    """Index in original token ``text`` of its ``k``-th normalised character."""
    kept = 0
    for idx, ch in enumerate(text):
        if kept == k:
            return idx
        if normalize(ch):
            kept += 1
    return len(text)


_HAMZA_AL = re.compile("^[وفبلك]{0,2}[أإآ]ل")


def _signing_in(view: SentView, lex: Lexicon) -> bool:
    """The sentence says that something was signed (or is signed): a signing word that
    no future marker of lexicons/future_markers.txt governs ("سيتم توقيع",
    "ستختتم القمة بتوقيع ..." sign nothing yet)."""
    norms = view.norms
    for k, norm in enumerate(norms):
        signing = lex.is_signing(norm) or (
            lex.signing_first(norm)
            and k + 1 < len(norms)
            and f"{norm} {norms[k + 1]}" in lex.signing
        )
        if signing and not _future(view, k, lex):
            return True
    return False


def _future(view: SentView, k: int, lex: Lexicon) -> bool:
    """A future marker stands at token ``k`` or among the three words before it."""
    for t in range(max(0, k - 3), k + 1):
        if lex.stem_in(view.norms[t], lex.future_markers) is not None:
            return True
    return False


def source_text(view: SentView, first: int, last: int) -> str:
    """The document text from token ``first`` to token ``last`` (inclusive)."""
    tokens = view.sentence.tokens
    return view.text[tokens[first].start : tokens[last].end]


def sentence_views(doc: Document, sentences: Sequence[Sentence]) -> tuple[SentView, ...]:
    """The views of a document's sentences: the record the mention and relation stages
    read (kg.pipeline builds it once a document)."""
    return tuple(SentView.of(s, doc.text) for s in sentences)
