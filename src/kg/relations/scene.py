"""A sentence as the relation frames read it: tokens, the entity mentions laid over
them, role phrases, lists and clauses (pure).

It is built in layers: :class:`~kg.relations.layout.Layout` (the tokens and the mentions
laid over them, in token coordinates of one sentence),
:class:`~kg.relations.role_phrase.RolePhrases` (role phrases), and :class:`Scene` (lists
and clauses).

The grammar the frames share lives here:

* :meth:`~kg.relations.role_phrase.RolePhrases.role_end` reads a role phrase forward
  from its head noun ("وزير الخارجية المغربي", "الرئيس التنفيذي لشركة X", "رئيس مجلس
  إدارة صندوق X");
* :meth:`Scene.member_at` reads one member of a list: a person with the role phrase
  before it, honorifics, "نظيره الإسباني", the role set off after it, the person a body
  is represented by ("ممثلة بمديرها التنفيذي السيد X");
* :meth:`Scene.group_at` reads a list of members joined by و، "،" and the other list
  connectors of ``lexicons/list_connectors.txt``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from functools import cached_property

from kg.lexicon import analyses, is_definite
from kg.model import EntityType
from kg.relations.layout import BODY_TYPES, Group, Item, Member
from kg.relations.role_phrase import RolePhrases

T = EntityType


class Scene(RolePhrases):
    """One sentence with its mentions (see the module docstring)."""

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
