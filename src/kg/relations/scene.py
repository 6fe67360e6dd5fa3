"""A sentence as the relation frames read it: tokens, the entity mentions laid over
them, role phrases, lists and clauses (pure).

Everything here works in token coordinates of one sentence. An :class:`Item` is an entity
mention placed over the tokens of its surface form (a person's honorific, an
organisation's cue noun included). Mentions form two layers: names (persons,
organisations, places) and structures (events and agreements, whose names may hold
names: "بروتوكول اتفاق بين شركة X وشركة Y").

The grammar the frames share lives here:

* :meth:`Scene.role_end` reads a role phrase forward from its head noun ("وزير الخارجية
  المغربي", "الرئيس التنفيذي لشركة X", "رئيس مجلس إدارة صندوق X");
* :meth:`Scene.member_at` reads one member of a list: a person with the role phrase
  before it, honorifics, "نظيره الإسباني", the role set off after it, the person a body
  is represented by ("ممثلة بمديرها التنفيذي السيد X");
* :meth:`Scene.group_at` reads a list of members joined by و، "،" and the other list
  connectors of ``lexicons/list_connectors.txt``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from kg.lexicon import Lexicon, analyses, is_definite
from kg.mentions import SentView
from kg.model import Document, Entity, EntityType, Mention, Sentence
from kg.normalize import normalize_name

if TYPE_CHECKING:
    from kg.relations.reading import Hit

T = EntityType
#: Entity types of the name layer; the others (events, agreements) are structures.
NAME_TYPES = frozenset({T.PERSON, T.ORGANISATION, T.PLACE})
#: Entity types that act as bodies: parties, organisers, hosts.
BODY_TYPES = frozenset({T.ORGANISATION, T.PLACE})
#: Prepositions that link a role head to where the post is held ("مدير المبيعات في
#: الشركة", "سفير فرنسا لدى الأمم المتحدة", "رئيس الدورة على المستوى الوزاري").
_ROLE_LINKS = frozenset({"في", "لدي", "علي", "عن", "ب"})
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
class Scene:
    """One sentence with its mentions (see the module docstring)."""

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

    # ------------------------------------------------------------------ roles

    def role_end(self, h: int) -> int:
        """The last token of the role phrase whose head noun is token ``h``.

        The phrase takes the head's complements: definite nouns and adjectives,
        organisations and places, a second role noun with و ("ووزير الخارجية"),
        indefinite nouns of a construct right after the head ("رئيس مجلس إدارة ...",
        "وزير خارجية ..."), and prepositional phrases of the post ("في الخارج", "لدى
        الأمم المتحدة", "على المستوى الوزاري"). It stops at punctuation, a person, a
        function word and anything else.
        """
        return self._role_ends.setdefault(h, self._read_role(h))

    @cached_property
    def _role_ends(self) -> dict[int, int]:
        return {}

    def _read_role(self, h: int) -> int:
        lex = self.lex
        k = h + 1
        last = h
        while self.bare(k) in lex.role_adjectives or self.norm(k) in lex.role_adjectives:
            last = k  # "الأمين العام", "أمين عام", "المدير العام المساعد"
            k += 1
        # indefinite nouns may follow an indefinite head in a construct ("رئيس مجلس
        # إدارة"); a definite head takes none ("ووقع الوزير مذكرة ...")
        construct = not is_definite(self.bare(h))
        nisba = False  # a nationality adjective was read
        while k < self.n and k - h < MAX_ROLE:
            item = self.name_at[k]
            if (
                item is not None
                and item.type is T.PERSON
                and item.first <= h < item.name_first
                and k < item.name_first
            ):
                item = None  # the title a person's mention holds: "الرئيس السوري أحمد ..."
            if item is not None:
                if item.type is T.PERSON:
                    break
                last = k = item.last
                k += 1
                construct = False
                continue
            norm = self.norm(k)
            if self.view.quote[k] and k + 1 < self.n:
                inner = self.name_at[k + 1]
                if inner is not None and inner.type is T.ORGANISATION:
                    last = k = inner.last
                    if k + 1 < self.n and self.view.quote[k + 1]:
                        last = k = k + 1  # the closing quote
                    k += 1
                    construct = False
                    continue
            if self.punct(k):
                break
            if self.is_role_head(k):
                if self.has_conj(k) and self.is_honorific(k + 1):
                    break
                if is_definite(self.bare(k)) and not self.has_conj(k):
                    break  # "واستقبل وزير الخارجية السفير الأمريكي X": another's title
                last = k
                k += 1
                construct = True
                continue
            if norm in lex.role_adjectives and self._complement(k - 1):
                last = k  # "رئيس الهيئة العامة", "المدير العام"
                k += 1
                continue
            if norm in lex.stopwords or norm in lex.boundaries:
                if norm in _ROLE_LINKS and k + 1 < self.n and self._complement(k + 1):
                    last = k + 1
                    k += 2
                    construct = False
                    continue
                break
            if self.is_honorific(k) or norm in lex.verbs:
                break
            if self._complement(k):
                if (
                    nisba
                    and not self._is_nisba(k)
                    and self.name_at[k] is None
                    and not (self.has_conj(k) or self._prep_l(k))
                ):
                    break  # "الرئيس السوري الوفد ...": after the nationality, a new noun
                nisba = nisba or self._is_nisba(k)
                last = k
                k += 1
                construct = False
                continue
            if (
                (self.has_conj(k) or self._prep_l(k))
                and self._complement(k + 1)
                and self.name_at[k + 1] is None
                and not self.lex.is_function_word(norm)
            ):
                last = k + 1  # "وتكنولوجيا المعلومات", "لشؤون الشرق الأوسط"
                k += 2
                construct = False
                continue
            if construct and self._construct_noun(k):
                last = k
                k += 1
                continue
            break
        return last

    def _is_nisba(self, k: int) -> bool:
        """A definite relational adjective: "المغربي", "الإسبانية" (not "الخارجية",
        a noun of portfolio, after the head: it counts only as the phrase's last word
        of a nationality)."""
        norm = self.norm(k)
        return norm.startswith("ال") and self.lex.stem_in(norm, self.lex.nationalities) is not None

    def _is_adjective(self, k: int) -> bool:
        """A definite word that may be an adjective: no cue, role, verb or function
        word ("التاريخية", "الجديد")."""
        norm = self.norm(k)
        lex = self.lex
        return (
            is_definite(norm)
            and not self.has_conj(k)
            and not lex.is_cue(norm)
            and not lex.is_title(norm)
            and norm not in lex.verbs
            and not lex.is_function_word(norm)
        )

    def _nationality(self, word: str) -> bool:
        """A nationality adjective without its article ("مصري", "اماراتيه")."""
        return self.lex.stem_in("ال" + word, self.lex.nationalities) is not None

    def _prep_l(self, k: int) -> bool:
        """Token ``k`` carries the preposition ل ("لشؤون")."""
        return any(a.prep == "ل" for a in analyses(self.norm(k))[1:])

    def _complement(self, k: int) -> bool:
        """A definite noun or adjective (also with و/ل), or an organisation or place."""
        item = self.name_at[k] if 0 <= k < self.n else None
        if item is not None and not (item.type is T.PERSON and k < item.name_first):
            return item.type is not T.PERSON  # (a title a person's mention holds is words)
        if self.punct(k):
            return False
        norm = self.norm(k)
        lex = self.lex
        if norm in lex.verbs or norm in lex.relative_words or norm in lex.fillers:
            return False
        if norm in lex.stopwords and not norm.startswith("ال"):
            return False
        return is_definite(norm) and not self.is_honorific(k)

    def _construct_noun(self, k: int) -> bool:
        """An indefinite noun of a role's construct ("مجلس", "إدارة", "خارجية", "عام"):
        a common noun, or an organisation cue, that is no personal name."""
        norm = self.norm(k)
        lex = self.lex
        if norm in lex.given or lex.foreign_given(norm) or norm in lex.verbs:
            return False
        if lex.stem_in(norm, lex.org_cues) is not None:
            return True
        return norm in lex.common_nouns or lex.word_zipf.get(norm, 0.0) >= 4.0

    def role_referent(self, h: int) -> Item | None:
        """The person a role phrase without a name stands for ("مع وزير الصناعة
        الصيني"): one of the document whose role, seen next to the name, reads the same
        (two words at least). The item spans the role phrase."""
        end = self.role_end(h)
        nxt = end + 1
        another = nxt < self.n and self.is_role_head(nxt) and is_definite(self.bare(nxt))
        if not another and (self.name_starting(nxt) is not None or self.is_honorific(nxt)):
            return None  # the name after it is the role's ("وزير الخارجية السيد X")
        words = normalize_name(self.role_text((h, end))).split()
        if len(words) < 2:
            return None
        key = " ".join(w.removeprefix("ال") for w in words)
        found = None
        for person, roles in self.person_roles.items():
            for text in roles:
                held = [w.removeprefix("ال") for w in normalize_name(text).split()]
                role = " ".join(held)
                rest = held[len(words) :] if role.startswith(key + " ") else None
                if (
                    role == key
                    or (len(words) >= 3 and key in role)
                    or (rest and all(self._nationality(w) for w in rest))
                ):  # "وزير الخارجية" for "وزير الخارجية المصري"
                    if found is not None and found.key != person:
                        return None  # two persons hold it: no reference
                    e = self.entities[person]
                    found = Item(person, T.PERSON, e.mentions[0], h, h, end)
        return found

    def _holds_title(self, item: Item) -> bool:
        """The person's mention opens with a definite title of its own ("السفير الأمريكي
        X"): a role phrase before it is another person's. A bare definite honorific
        ("الأمين العام المساعد للجامعة السفير X") holds no title: the phrase is X's."""
        k = item.first
        return (
            item.name_first - k >= 2  # a title, not a bare honorific ("السفير حسام زكي")
            and self.is_role_head(k)
            and is_definite(self.bare(k))
        )

    def role_spans(self, item: Item) -> tuple[tuple[int, int], ...]:
        """The role phrases of a person: :meth:`role_before`, then :meth:`role_after`,
        those the text gives (read once a person: the document's roles and the role
        structures all ask)."""
        key = (item.key, item.first, item.last)
        spans = self._role_spans.get(key)
        if spans is None:
            found = (self.role_before(item), self.role_after(item))
            spans = self._role_spans[key] = tuple(s for s in found if s is not None)
        return spans

    @cached_property
    def _role_spans(self) -> dict[tuple[str, int, int], tuple[tuple[int, int], ...]]:
        return {}

    def role_before(self, item: Item) -> tuple[int, int] | None:
        """The role phrase written before a person's name ("وزير الخارجية المغربي ناصر
        بوريطة", "رئيس الحكومة، عزيز أخنوش"): the longest phrase, opening with a role
        noun, that reaches the name (or a comma right before it). A title that the
        mention holds ("الرئيس السوري أحمد الشرع") counts when it is a role phrase."""
        held = None
        if (
            item.first < item.name_first
            and self.is_role_head(item.first)
            and self.role_end(item.first) == item.name_first - 1
        ):
            held = (item.first, item.name_first - 1)
        if held is not None and self._holds_title(item):
            return held  # "وزير الخارجية السفير الأمريكي X": the earlier title is another's
        before = self._role_reaching(item)
        return before if before is not None else held

    def _role_reaching(self, item: Item) -> tuple[int, int] | None:
        """The longest role phrase that ends right before the person's mention (or a
        comma before it)."""
        target = item.first - 1
        if self.comma(target):
            target -= 1
        best = None
        for h in range(target, max(-1, target - MAX_ROLE), -1):
            there = self.name_at[h]
            if self.punct(h) or (there is not None and there is not item):
                if there is not None and there.type is not T.PERSON:
                    continue  # an organisation inside the phrase
                break
            if self.is_role_head(h) and self.role_end(h) == target:
                best = h
                if self.has_conj(h):
                    break  # "ورئيس اتحاد ...": the phrase opens a new member
        return None if best is None else (best, target)

    def role_after(self, item: Item) -> tuple[int, int] | None:
        """The role phrase set off after a person's name ("X، رئيس مجلس إدارة شركة Y،",
        "X مدير عام Y"), when no other person's name follows it (then it is that
        person's: "التقى خالد سعيد وزير الخارجية سامح شكري")."""
        h = item.last + 1
        if self.comma(h):
            h += 1
        if h >= self.n or not self.is_role_head(h) or self.has_conj(h):
            return None
        end = self.role_end(h)
        nxt = end + 1
        if self.comma(nxt):
            nxt += 1
        following = self.name_starting(nxt)
        if following is not None and following.type is T.PERSON and not self.comma(end + 1):
            return None
        return (h, end)

    def role_text(self, span: tuple[int, int]) -> str:
        """The role phrase's text without an attached و/ف and with a possessive
        pronoun dropped ("ومديرها التنفيذي" → "مدير التنفيذي")."""
        a, b = span
        text = self.text(a, b)
        if self.has_conj(a) and text[:1] in ("و", "ف"):
            text = text[1:]
        return text.strip()

    # ------------------------------------------------------------------ lists

    def member_at(self, k: int, classes: frozenset[EntityType]) -> Member | None:
        """The list member that starts at token ``k``, of one of ``classes``."""
        if not 0 <= k < self.n:
            return None
        roles: list[tuple[int, int]] = []
        item = self.name_starting(k)
        start = k
        if item is None and self.is_role_head(k):
            end = self.role_end(k)
            nxt = end + 1
            if self.comma(nxt):
                nxt += 1
            item = self.name_starting(nxt)
            if item is not None and item.type is T.PERSON and not self._holds_title(item):
                roles.append((k, end))
            else:
                item = None
        if item is None and self.lex.is_possessed_cue(self.norm(k)):
            j = k + 1
            if self.norm(j) == "الام":
                j += 1  # "وشركتها الأم X": the parent company is a member of its own
            item = self.name_starting(j)
            if item is None or item.type is T.PERSON:
                item = None
        if item is None and self.is_role_head(k):
            referent = self.role_referent(k)
            if referent is not None and referent.type in classes:
                return Member(referent, k, referent.last, ((k, referent.last),))
        if item is None and self.bare(k) in self.lex.counterpart_words:
            j = k + 1
            while j < self.n and self.name_at[j] is None and is_definite(self.norm(j)):
                j += 1  # "ونظيره الإسباني"
            if self.is_role_head(j):
                j = self.role_end(j) + 1
            if self.comma(j):
                j += 1
            item = self.name_starting(j)
            if item is None or item.type is not T.PERSON:
                return None
        if item is None or item.type not in classes:
            return None
        last = item.last
        # "شركة باكستان ... (PEACE)": the short name in brackets right after it
        if self.norm(last + 1) == "(" and self.name_starting(last + 2) is not None:
            alias = self.name_starting(last + 2)
            if alias is not None and alias.key == item.key and self.norm(alias.last + 1) == ")":
                last = alias.last + 1
        if item.type is T.PERSON:
            after = self.role_after(item)
            if after is not None:
                roles.append(after)
                last = after[1]
                if self.comma(last + 1) and not self._opens_clause(last + 2):
                    last += 1
        reps: list[Member] = []
        if item.type in BODY_TYPES:
            rep = self._represented(last + 1)
            if rep is not None:
                reps.append(rep)
                last = rep.last
        return Member(item, start, last, tuple(roles), tuple(reps))

    def _represented(self, k: int) -> Member | None:
        """ "، ممثلة بمديرها التنفيذي السيد X،": the person who represents a body. An
        apposition of the body may come first ("شركة X في المشاريع الصغيرة، إحدى
        شركات الصندوق، ممثلة بـ ...")."""
        if self.bare(k) not in self.lex.representation_words:
            for j in range(k, min(self.n, k + 12)):
                if self.comma(j) and self.bare(j + 1) in self.lex.representation_words:
                    k = j
                    break
                item = self.name_at[j]
                if self.norm(j) in (".", "؛") or (item is not None and item.type is T.PERSON):
                    return None
                if self._opens_clause(j) and j > k:
                    return None
            if self.comma(k):
                k += 1
        if self.bare(k) not in self.lex.representation_words:
            return None
        j = k + 1
        person = self.name_starting(j)
        roles: list[tuple[int, int]] = []
        if person is None:
            # "ممثلة بمديرها التنفيذي السيد X": the role with ب and a pronoun attached
            end = self.role_end(j) if self._role_with_pronoun(j) else j - 1
            if end >= j:
                roles.append((j, end))
                person = self.name_starting(end + 1)
        if person is None or person.type is not T.PERSON:
            return None
        member = self.member_at(person.first, frozenset({T.PERSON}))
        if member is None:
            return None
        last = member.last
        if self.comma(last + 1):
            last += 1
        return Member(person, k, last, tuple(roles) + member.roles)

    def _role_with_pronoun(self, k: int) -> bool:
        """ "بمديرها", "برئيسها": ب, a role noun and a possessive pronoun."""
        norm = self.norm(k)
        for a in analyses(norm):
            for suffix in ("ها", "ه", "هم", "هما"):
                if a.stem.endswith(suffix) and a.stem[: -len(suffix)] in self.lex.roles:
                    return True
        return False

    @cached_property
    def _group_cache(self) -> dict[tuple[int, frozenset[EntityType]], Group | None]:
        return {}

    def group_at(self, k: int, classes: frozenset[EntityType]) -> Group | None:
        """The list that starts at token ``k``: members of ``classes`` joined by list
        connectors ("X ونظيره Y", "X، وY، وZ", "X إلى جانب Y"). Computed once a token
        and class set, once the document's roles are known (:meth:`forget`)."""
        key = (k, classes)
        if key in self._group_cache:
            return self._group_cache[key]
        found = self._group_cache[key] = self._read_group(k, classes)
        return found

    def forget(self) -> None:
        """Drop the lists read so far: they depend on the document's roles
        (:attr:`person_roles`), complete only once every scene is built."""
        self.__dict__.pop("_group_cache", None)
        self.__dict__.pop("_groups", None)

    def _read_group(self, k: int, classes: frozenset[EntityType]) -> Group | None:
        first = self.member_at(k, classes)
        if first is None:
            return None
        members = [first]
        kind = T.PERSON if first.item.type is T.PERSON else None
        while True:
            j = self._after_connector(members[-1].last + 1)
            if j is None:
                break
            nxt = self.member_at(j, classes)
            if nxt is None or (nxt.item.type is T.PERSON) != (kind is T.PERSON):
                break
            if nxt.item.key in {m.item.key for m in members}:
                members.append(nxt)  # the same entity named twice: keep reading
                continue
            members.append(nxt)
        return Group(tuple(members), first.first, members[-1].last)

    def _after_connector(self, k: int) -> int | None:
        """Where the next member starts after a list connector at token ``k``, or None
        when no connector stands there. A member whose first word carries و is
        connected by it."""
        if k >= self.n:
            return None
        j = k
        comma = False
        if self.comma(j):
            comma = True
            j += 1
        for phrase in self.lex.list_connectors:
            if tuple(self.norms[j : j + len(phrase)]) == phrase:
                return j + len(phrase)
        if self.norm(j) == "و":
            return j + 1
        if self.has_conj(j):
            return j  # "X ونظيره Y": coordinated ("استقبل X نظيره Y": Y is the object)
        if comma and not self._opens_clause(j):
            return j
        return None

    def _opens_clause(self, k: int) -> bool:
        """Token ``k`` opens a clause: a verb, a clause connective, or a frame trigger
        carrying و."""
        norm = self.norm(k)
        if not norm:
            return True
        return norm in self.lex.clause_openers or self.bare(k) in self.lex.clause_openers

    def groups(self, classes: frozenset[EntityType]) -> Iterator[Group]:
        """Every maximal list of the sentence, left to right."""
        k = 0
        for start in self._member_starts:
            if start < k:
                continue
            g = self.group_at(start, classes)
            if g is not None:
                yield g
                k = g.last + 1

    @cached_property
    def _member_starts(self) -> list[int]:
        """The tokens where a list member may start (see :meth:`member_at`): a name, a
        role noun, a possessed cue ("وشركتها") or a counterpart word ("ونظيره")."""
        lex = self.lex
        return [
            k
            for k in range(self.n)
            if self.name_starting(k) is not None
            or self.is_role_head(k)
            or lex.is_possessed_cue(self.norm(k))
            or self.bare(k) in lex.counterpart_words
        ]

    @cached_property
    def _groups(self) -> dict[frozenset[EntityType], list[Group]]:
        return {}

    def all_groups(self, classes: frozenset[EntityType]) -> list[Group]:
        """:meth:`groups` of ``classes``, computed once."""
        hit = self._groups.get(classes)
        if hit is None:
            hit = self._groups[classes] = list(self.groups(classes))
        return hit

    def prep_attached(self, k: int) -> bool:
        """Token ``k`` carries a preposition ب/ل/ك before a name, a cue or a title
        ("بالسيد", "لشركة", "للبنك", "بمصر"): what follows is governed by it."""
        item = self.name_starting(k)
        norm = self.norm(k)
        if item is not None and item.name_first == k:
            head = len(norm) - len(self.doc.text[item.mention.start : self.ends[k]])
            return any(c in "بلك" for c in norm[: max(0, head)])
        lex = self.lex
        for a in analyses(norm)[1:]:
            if a.prep and (
                a.stem in lex.honorifics
                or a.stem in lex.roles
                or a.stem in lex.org_cues
                or a.stem in lex.places
            ):
                return True
        return False

    def is_adverbial_opener(self, k: int) -> bool:
        """Token ``k`` opens an adverbial phrase ("وفي إطار", "خلال")."""
        return self.bare(k) in self.lex.adverbial_openers

    def occasions(self) -> list[Item]:
        """Events named right after an occasion phrase ("على هامش فعاليات القمة")."""
        out: list[Item] = []
        lex = self.lex
        for k in range(self.n):
            for phrase in lex.occasions:
                first = self.bare(k)
                if (first, *self.norms[k + 1 : k + len(phrase)]) != phrase:
                    continue
                j = k + len(phrase)
                while self.norm(j) in lex.occasion_nouns:
                    j += 1
                item = self.structure_at[j] if j < self.n else None
                if (
                    item is not None
                    and item.type is T.EVENT
                    and item.key not in {o.key for o in out}
                ):
                    out.append(item)
                break
        return out

    # ------------------------------------------------------------------ clauses

    @cached_property
    def clause_starts(self) -> list[int]:
        """Tokens that open a clause (the first token of the sentence included)."""
        out = [0]
        for k in range(1, self.n):
            norm = self.norm(k)
            opener = norm in self.lex.clause_openers or self.bare(k) in self.lex.clause_openers
            if norm in ("؛", ":") or (opener and self._clausal(k)):
                out.append(k)
        return out

    def _clausal(self, k: int) -> bool:
        """A connective opens a clause where it follows punctuation or stands alone
        ("كما", "فيما", "حيث", "بينما"); a verb with و after a comma ("، ووقع")."""
        norm = self.norm(k)
        if norm in self.lex.clause_words:
            return True
        return self.comma(k - 1)

    def clause_of(self, k: int) -> tuple[int, int]:
        """The clause holding token ``k``: (first, last) tokens."""
        starts = self.clause_starts
        i = bisect.bisect_right(starts, k) - 1
        end = starts[i + 1] - 1 if i + 1 < len(starts) else self.n - 1
        return starts[i], end


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
    :meth:`Scene.is_role_head`); kept across documents, as the words recur."""
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
