"""Role phrases (pure): where a role phrase that begins at its head noun ends ("وزير
الخارجية المغربي", "الرئيس التنفيذي لشركة X", "رئيس مجلس إدارة صندوق X"), whose post it
is, and the role phrases next to a person."""

from __future__ import annotations

from functools import cached_property

from kg.lexicon import analyses, is_definite
from kg.model import EntityType
from kg.normalize import normalize_name
from kg.relations.layout import MAX_ROLE, Item, Layout

T = EntityType

#: Prepositions that link a role head to where the post is held ("مدير المبيعات في
#: الشركة", "سفير فرنسا لدى الأمم المتحدة", "رئيس الدورة على المستوى الوزاري").
_ROLE_LINKS = frozenset({"في", "لدي", "علي", "عن", "ب"})


class RolePhrases(Layout):
    """The role-phrase reading of a :class:`~kg.relations.scene.Scene`."""

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
