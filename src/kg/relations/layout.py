"""A sentence's tokens with the entity mentions laid over them (pure): the records
(:class:`Item`, :class:`Member`, :class:`Group`) and :class:`Layout`, the base of
:class:`kg.relations.scene.Scene` that reads tokens and items.

Everything here works in token coordinates of one sentence. An :class:`Item` is an entity
mention placed over the tokens of its surface form (a person's honorific, an
organisation's cue noun included). Mentions form two layers: names (persons,
organisations, places) and structures (events and agreements, whose names may hold
names: "بروتوكول اتفاق بين شركة X وشركة Y").
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from kg.grammar.view import SentView
from kg.lexicon import Lexicon, analyses
from kg.model import Document, Entity, EntityType, Mention, Sentence

if TYPE_CHECKING:
    from kg.relations.reading import Hit

T = EntityType
#: Entity types of the name layer; the others (events, agreements) are structures.
NAME_TYPES = frozenset({T.PERSON, T.ORGANISATION, T.PLACE})
#: Entity types that act as bodies: parties, organisers, hosts.
BODY_TYPES = frozenset({T.ORGANISATION, T.PLACE})
_COMMAS = frozenset({"،", ","})
#: Longest role phrase read, in tokens.
MAX_ROLE = 18


@dataclass(frozen=True, slots=True)
class Item:
    """An entity mention placed over the tokens of one sentence."""

    key: str  # the entity's document-local key
    type: EntityType
    mention: Mention
    first: int  # first token of the surface form (cue noun, honorific)
    name_first: int  # first token of the name itself
    last: int  # last token, inclusive

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end

    @property
    def is_name(self) -> bool:
        return self.type in NAME_TYPES


@dataclass(frozen=True, slots=True)
class Member:
    """One member of a list: the item, the tokens it spans with its role phrases, and
    what was read around it."""

    item: Item
    first: int  # first token (a role phrase before the name included)
    last: int  # last token (a role set off after it included)
    roles: tuple[tuple[int, int], ...] = ()  # role phrases (token spans, inclusive)
    represented_by: tuple[Member, ...] = ()  # "ممثلة بمديرها التنفيذي السيد X"


@dataclass(frozen=True, slots=True)
class Group:
    """Members of one class (persons, or bodies) joined by list connectors."""

    members: tuple[Member, ...]
    first: int
    last: int

    @property
    def items(self) -> list[Item]:
        return [m.item for m in self.members]


@dataclass
class Layout:
    """One sentence's tokens with its entity mentions laid over them: the fields of a
    :class:`~kg.relations.scene.Scene` and what reads tokens and items."""

    doc: Document
    sentence: Sentence
    view: SentView
    items: list[Item]
    lex: Lexicon
    entities: dict[str, Entity]
    ends: list[int] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    #: counted totals of agreements that are no entity ("19 مذكرة تفاهم"), as items
    #: with keys of their own (see kg.relations.agreements)
    totals: list[Item] = field(default_factory=list)
    #: the frames' triggers found in the sentence (set by the engine)
    hits: list[Hit] = field(default_factory=list)  # the frame triggers read in it
    #: the role phrases read next to each person of the document (shared by its
    #: scenes; see :func:`kg.relations.reading.build_scenes`)
    person_roles: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.ends = [t.end for t in self.sentence.tokens]
        self.starts = [t.start for t in self.sentence.tokens]

    # ------------------------------------------------------------------ tokens

    @property
    def n(self) -> int:
        return self.view.n

    @property
    def norms(self) -> tuple[str, ...]:
        return self.view.norms

    def norm(self, k: int) -> str:
        return self.view.norms[k] if 0 <= k < self.view.n else ""

    def punct(self, k: int) -> bool:
        return not 0 <= k < self.view.n or self.view.punct[k]

    def comma(self, k: int) -> bool:
        return self.norm(k) in _COMMAS

    def token_of(self, offset: int) -> int:
        """The token holding character ``offset``."""
        return max(0, bisect.bisect_right(self.ends, offset))

    def offsets(self, a: int, b: int) -> tuple[int, int]:
        """Character offsets of tokens ``a``..``b`` (inclusive) in the document."""
        toks = self.sentence.tokens
        return toks[a].start, toks[b].end

    def text(self, a: int, b: int) -> str:
        """Document text of tokens ``a``..``b`` (inclusive)."""
        start, end = self.offsets(a, b)
        return self.doc.text[start:end]

    def stems(self, k: int) -> tuple[str, ...]:
        """The readings of token ``k`` without proclitics (the bare token first)."""
        return tuple(a.stem for a in analyses(self.norm(k)))

    def bare(self, k: int) -> str:
        """Token ``k`` without an attached conjunction و/ف (see :meth:`has_conj`)."""
        return self._bare[k] if 0 <= k < self.view.n else ""

    def has_conj(self, k: int) -> bool:
        """Token ``k`` carries the conjunction و (or ف): the word without it is a known
        word at least as frequent as the token, and the token is no word of its own
        ("ووزير", "وشركة"; not "وزير", "وفد", "وليد")."""
        return 0 <= k < self.view.n and self._conj[k]

    def is_role_head(self, k: int) -> bool:
        """A role noun, with و/ف or not ("وزير", "ووزيرة", "الرئيس")."""
        return 0 <= k < self.view.n and _role_word(self.lex, self.view.norms[k])

    # per-token readings, computed once a scene (the frames ask for each many times)

    @cached_property
    def _conj(self) -> list[bool]:
        return [conj_attached(self.lex, norm) for norm in self.view.norms]

    @cached_property
    def _bare(self) -> list[str]:
        return [
            norm[1:] if conj and len(norm) > 1 else norm
            for norm, conj in zip(self.view.norms, self._conj, strict=True)
        ]

    def is_honorific(self, k: int) -> bool:
        return self.bare(k) in self.lex.honorifics or self.norm(k) in self.lex.honorifics

    # ------------------------------------------------------------------ items

    @cached_property
    def name_at(self) -> list[Item | None]:
        """The name-layer item covering each token (its surface form), if any."""
        out: list[Item | None] = [None] * self.n
        for item in self.items:
            if item.is_name:
                for k in range(item.first, item.last + 1):
                    if out[k] is None:
                        out[k] = item
        return out

    @cached_property
    def structure_at(self) -> list[Item | None]:
        """The event or agreement item covering each token, if any."""
        out: list[Item | None] = [None] * self.n
        for item in self.items:
            if not item.is_name:
                for k in range(item.first, item.last + 1):
                    if out[k] is None:
                        out[k] = item
        return out

    def name_starting(self, k: int) -> Item | None:
        """The name item whose surface starts at token ``k``."""
        item = self.name_at[k] if 0 <= k < self.n else None
        return item if item is not None and item.first == k else None

    def of_type(self, *types: EntityType) -> list[Item]:
        return [i for i in self.items if i.type in types]


@lru_cache(maxsize=100_000)
def _conj_attached(lex: Lexicon, norm: str) -> bool:
    if norm in ("و", "ف"):
        return True
    if norm[:1] not in ("و", "ف") or len(norm) < 3:
        return False
    rest = norm[1:]
    if rest in lex.stopwords:
        return True  # "وفي", "وقد"
    if norm in lex.stopwords:
        return False  # "وفق"
    zipf = lex.word_zipf
    whole, bare = zipf.get(norm, 0.0), zipf.get(rest, 0.0)
    if whole != bare:
        return bare > whole  # "ووزير" (وزير is the word) but "وزير", "وليد", "وفد"
    # neither is an everyday word: a name of its own only when the lexicons say so
    return not (
        norm in lex.roles
        or norm in lex.honorifics
        or norm in lex.org_cues
        or norm in lex.given
        or norm in lex.family
        or norm in lex.places
    )


@lru_cache(maxsize=100_000)
def _role_word(lex: Lexicon, norm: str) -> bool:
    """``norm`` is a role noun, with و/ف or a proclitic or not (see
    :meth:`Layout.is_role_head`); kept across documents, as the words recur."""
    roles = lex.roles
    if any(a.stem in roles for a in analyses(norm)[:2]):
        return True
    bare = norm[1:] if _conj_attached(lex, norm) and len(norm) > 1 else norm
    return bare in roles


def conj_attached(lex: Lexicon, norm: str) -> bool:
    """``norm`` is a word with the conjunction و/ف attached (see :meth:`Scene.has_conj`)."""
    return _conj_attached(lex, norm)


def place_items(
    doc: Document,
    sentence: Sentence,
    view: SentView,
    mentions: Sequence[tuple[Mention, str, EntityType]],
) -> list[Item]:
    """Place mentions over the tokens of their sentence (surface forms included)."""
    ends = [t.end for t in sentence.tokens]
    out = []
    for m, key, etype in mentions:
        if not sentence.tokens:
            continue
        name_first = min(bisect.bisect_right(ends, m.start), len(ends) - 1)
        last = min(bisect.bisect_left(ends, m.end), len(ends) - 1)
        first = name_first
        surface_start = _surface_start(doc.text, m)
        if surface_start < m.start:
            first = min(bisect.bisect_right(ends, surface_start), name_first)
        out.append(Item(key, etype, m, first, name_first, max(last, name_first)))
    out.sort(key=lambda i: (i.first, -i.last))
    return out


def _surface_start(text: str, m: Mention) -> int:
    """Where the mention's longer surface form (with its cue or honorific) starts."""
    surface = m.surface
    if not surface or surface == m.text or len(surface) <= len(m.text):
        return m.start
    start = m.end - len(surface)
    if start >= 0 and text[start : m.end] == surface:
        return start
    pos = text.rfind(surface, max(0, m.start - len(surface)), m.end + len(surface))
    return pos if 0 <= pos <= m.start else m.start
