"""Resolve the mentions of one document into entities (pure).

Mentions are linked when they share a merge key (see :func:`merge_key`), when one is a
bracketed alias of another ("(PEACE)"), when a person's mention repeats the first and last
word of another's name, when an organisation's short proper name begins a longer form
("جوجل" / "جوجل للأبحاث"), or when a definite noun refers back to an earlier event or
agreement ("القمة", "الاتفاقية"). Linked mentions form one entity; the rule that linked
them is recorded on the entity.

Later bare repetitions of a resolved name (a person's family name alone, an
organisation's name without its cue) are found here too, as ``*.alias`` mentions.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

from kg.grammar.view import orig_offset
from kg.lexicon import Analysis, Lexicon, analyses, default_lexicon, is_elided
from kg.mentions import article_stems
from kg.model import Document, Entity, EntityType, Mention, Sentence, Token
from kg.normalize import normalize_name

_YEAR_SUFFIX = re.compile(r"\s+(19|20)\d\d$")
_HONORIFIC_SPLIT = re.compile(r"\s+")


def merge_key(etype: EntityType, label: str) -> str:
    """The key under which names of one type are merged, within and across documents.

    Persons: first and last word of the name; events: the name without a trailing year;
    others: the normalised name.
    """
    key = normalize_name(label)
    if etype is EntityType.PERSON:
        words = key.split()
        return f"{words[0]} {words[-1]}" if len(words) > 2 else key
    if etype is EntityType.EVENT:
        return _YEAR_SUFFIX.sub("", key)
    return key


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.reason: dict[int, str] = {}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            keep, drop = min(ra, rb), max(ra, rb)
            self.parent[drop] = keep
            self.reason.setdefault(keep, reason)
            if drop in self.reason:
                self.reason.setdefault(keep, self.reason[drop])


class KnownNames:
    """Names found in the documents of a corpus (:func:`corpus_names`): name words ->
    (type, label), indexed by first word for looking them up in every document."""

    __slots__ = ("_names", "by_start", "first")

    def __init__(self, names: Mapping[tuple[str, ...], tuple[EntityType, str]]) -> None:
        self._names = dict(names)
        index: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
        for words in self._names:
            index[words[:2]].append(words)
        #: first word, or first two words -> the names they open, longest first
        self.by_start = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}
        #: first words of the names
        self.first = frozenset(words[0] for words in self._names)

    def opened_by(self, first: str, second: str) -> Iterator[tuple[str, ...]]:
        """The names that the words ``first`` ``second`` open, longest first."""
        yield from self.by_start.get((first, second), ())
        yield from self.by_start.get((first,), ())

    def get(self, words: tuple[str, ...]) -> tuple[EntityType, str] | None:
        return self._names.get(words)

    def __getitem__(self, words: tuple[str, ...]) -> tuple[EntityType, str]:
        return self._names[words]

    def __contains__(self, words: object) -> bool:
        return words in self._names

    def __len__(self) -> int:
        return len(self._names)

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self._names)


#: A one-word name found in one document is looked up in the others only when everyday
#: Arabic uses it less than this (Zipf scale, wordfreq): "بوتين", "رويترز" are looked up;
#: a word a stray mention took for a name ("زيارة", "ثلاثة") is not.
CORPUS_ALIAS_MAX_ZIPF = 4.5


def corpus_names(entities: Iterable[Entity], lexicon: Lexicon | None = None) -> KnownNames:
    """Names that documents found, to be looked up bare in the other documents.

    A person's name of two words or more and its family name, and an organisation's
    name, if it passes :func:`_corpus_name`. A name that several entities share goes
    to the one named in more documents than all the others together ("بوش": George
    Bush in twenty documents, Jeb Bush in three); else, when they are all of one type,
    it is a name of that type whose label is the name itself (an entity of its own),
    and when they are not, it is none. Each name maps to its entity's type and label,
    the longest label (then the smallest) when the entity is named in several ways.

    Args:
        entities: the entities of every document (in any order).
        lexicon: the lexicon (default: kg's).

    Returns:
        Name words (normalised) -> (type, label), indexed.
    """
    names = CorpusNames()
    names.add(name_votes(entities, lexicon))
    return names.known()


#: What an entity says about corpus names: its identity (type, merge key), its label,
#: and its names that may be looked up in other documents.
NameVote = tuple[tuple[EntityType, str], str, tuple[tuple[str, ...], ...]]


def name_votes(entities: Iterable[Entity], lexicon: Lexicon | None = None) -> list[NameVote]:
    """The votes of a document's entities for :func:`corpus_names` (made where the
    document is extracted, so that the corpus only counts them)."""
    lex = default_lexicon() if lexicon is None else lexicon
    votes: list[NameVote] = []
    for e in entities:
        if e.type not in (EntityType.PERSON, EntityType.ORGANISATION):
            continue
        words = tuple(normalize_name(e.label).split())
        if not words or (e.type is EntityType.PERSON and len(words) < 2):
            continue
        names = [words]
        if e.type is EntityType.PERSON:
            last = _family_word(words, lex)
            if last not in lex.given:
                names.append((last,))
        ident = (e.type, merge_key(e.type, e.label))
        votes.append((ident, e.label, tuple(n for n in names if _corpus_name(n, lex))))
    return votes


class CorpusNames:
    """Counts the votes (:func:`name_votes`) of a corpus' documents, in any order, for
    :func:`corpus_names`."""

    def __init__(self) -> None:
        self._owners: dict[tuple[str, ...], Counter[tuple[EntityType, str]]] = defaultdict(Counter)
        self._labels: dict[tuple[EntityType, str], str] = {}

    def add(self, votes: Iterable[NameVote]) -> None:
        """Count one document's votes."""
        labels, owners = self._labels, self._owners
        for ident, label, names in votes:
            best = labels.get(ident)
            if best is None or (len(label), best) > (len(best), label):
                labels[ident] = label
            for name in names:
                owners[name][ident] += 1

    def known(self) -> KnownNames:
        """Each name counted, given to the entity that owns it (see :func:`corpus_names`)."""
        known: dict[tuple[str, ...], tuple[EntityType, str]] = {}
        for name, owner in sorted(self._owners.items()):
            (top, most), *others = sorted(owner.items(), key=lambda kv: (-kv[1], kv[0]))
            if most > sum(n for _, n in others):
                known[name] = (top[0], self._labels[top])
            elif all(ident[0] is top[0] for ident, _ in others):
                # several of one type share it ("أينشتاين": Albert and Hermann): still a
                # name of that type, an entity of its own
                known[name] = (top[0], " ".join(name))
        return KnownNames(known)


def _family_word(words: tuple[str, ...], lex: Lexicon) -> str:
    """The family name of a person's name of two words or more: its last word, or the
    one before an ordinal ("تشارلز الأول")."""
    return words[-2] if words[-1] in lex.ordinals else words[-1]


def _corpus_name(words: tuple[str, ...], lex: Lexicon) -> bool:
    """A name sure enough to be looked up in other documents: none of its words is an
    everyday word, an accusative noun ("هجوما عنيفا") or a noun after ب/ل ("لفترة
    طويلة"); one word must also be rare (:data:`CORPUS_ALIAS_MAX_ZIPF`), no possessive
    ("جلالته") and an alias word (:func:`_alias_word`)."""
    for word in words:
        if word in lex.frequent_words or (word.endswith("ا") and word[:-1] in lex.common_nouns):
            return False
        if any(a.prep and _likelier(a.stem, word, lex) for a in analyses(word)):
            return False
    if len(words) > 1:
        return True
    word = words[0]
    return (
        lex.word_zipf.get(word, 0.0) < CORPUS_ALIAS_MAX_ZIPF
        and not word.endswith(("ه", "ها", "هم"))
        and _alias_word(word, lex)
    )


def _likelier(stem: str, word: str, lex: Lexicon) -> bool:
    """``word`` is read as ب/ل + the common noun ``stem``, which is the more frequent
    ("لفترة": فترة), and not as a word of its own ("بوتين", not ب + وتين)."""
    zipf = lex.word_zipf
    return stem in lex.common_nouns and zipf.get(stem, 0.0) > zipf.get(word, 0.0)


def find_aliases(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    lexicon: Lexicon | None = None,
    known: KnownNames | None = None,
    *,
    own_names: bool = True,
) -> list[Mention]:
    """Find later bare repetitions of person and organisation names already found.

    A person's full name or family name (3+ letters, not a function word), and an
    organisation's name, are looked up token by token (with attached و/ب/ل) wherever no
    mention stands yet. Names ``known`` from other documents (:func:`corpus_names`) are
    looked up too, after the document's own (rule ``*.corpus_alias``); the corpus then
    merges them with the entity that was named in full (:func:`kg.resolve.corpus_key`).
    With ``own_names`` false only the known names are looked up (the document's own
    were, when it was extracted).
    """
    lex = default_lexicon() if lexicon is None else lexicon
    covered = _covered(doc, mentions)
    targets: dict[tuple[str, ...], EntityType] = {}
    for m in mentions:
        if m.type not in (EntityType.PERSON, EntityType.ORGANISATION):
            continue
        words = tuple(normalize_name(m.canonical or m.text).split())
        if not words:
            continue
        if len(words) > 1 or _alias_word(words[0], lex):
            targets.setdefault(words, m.type)
        if m.type is EntityType.PERSON and len(words) >= 2:
            last = _family_word(words, lex)
            if _alias_word(last, lex) and last not in lex.given:
                targets.setdefault((last,), EntityType.PERSON)
    if not (targets and own_names) and not known:
        return []
    definite: list[frozenset[str]] = []

    def common(word: str) -> bool:
        """The document also uses ``word`` with the article (computed once, if asked)."""
        if not definite:
            definite.append(_definite_words(sentences))
        return word in definite[0]

    targets = {
        w: t for w, t in targets.items() if len(w) > 1 or w[0] in lex.family or not common(w[0])
    }
    own: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for words in sorted(targets, key=len, reverse=True) if own_names else ():
        own[words[0]].append(words)
    firsts = known.first if known else frozenset()

    def names(
        stem: str, toks: Sequence[Token], i: int
    ) -> Iterator[tuple[tuple[str, ...], EntityType, str]]:
        """The names opened by ``stem`` at token ``i`` of ``toks``: the document's own,
        then those found elsewhere (a word the document also uses with the article is no
        name on its own)."""
        for words in own.get(stem, ()):
            yield words, targets[words], "alias"
        if known is None or stem not in firsts:
            return
        second = normalize_name(toks[i + 1].text) if i + 1 < len(toks) else ""
        for words in known.opened_by(stem, second):
            if words in targets or (len(words) == 1 and common(stem)):
                continue
            yield words, known[words][0], "corpus_alias"

    found: list[Mention] = []
    for sentence in sentences:
        toks = sentence.tokens
        for i, tok in enumerate(toks):
            for a in _alias_readings(tok.norm):
                if a.stem not in own and a.stem not in firsts:
                    continue
                if covered.find(1, tok.start, tok.end) >= 0:
                    break  # a mention, or an alias just found, stands in this token
                for words, etype, kind in names(a.stem, toks, i):
                    n = len(words)
                    if (
                        n > 1
                        and tuple(normalize_name(t.text) for t in toks[i + 1 : i + n]) != words[1:]
                    ):
                        continue
                    start = tok.start + orig_offset(tok.text, a.prefix)
                    end = toks[i + n - 1].end
                    # "للولايات": ل + the article without its alef
                    label = ("ا" if is_elided(tok.norm, a) else "") + doc.text[start:end]
                    if covered.find(1, start, end) >= 0:
                        continue
                    covered[start:end] = b"\x01" * (end - start)  # the token's other readings too
                    found.append(
                        Mention(
                            doc_id=doc.id,
                            start=start,
                            end=end,
                            text=doc.text[start:end],
                            type=etype,
                            rule_id=f"{etype.value.lower()}.{kind}",
                            sentence=sentence.index,
                            surface=doc.text[start:end],
                            canonical=label,
                        )
                    )
                    break
    return found


def _covered(doc: Document, mentions: Sequence[Mention]) -> bytearray:
    """1 under every character of ``doc.text`` that a mention covers, else 0."""
    covered = bytearray(len(doc.text) + 1)
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    return covered


@lru_cache(maxsize=200_000)
def _alias_readings(norm: str) -> tuple[Analysis, ...]:
    """The readings of a token with which :func:`find_aliases` may start a name: bare
    or after ب/ل."""
    return tuple(a for a in analyses(norm) if a.prep in ("", "ب", "ل"))


def alias_openers(
    doc: Document, sentences: Sequence[Sentence], mentions: Sequence[Mention]
) -> frozenset[str]:
    """The words with which a name from another document could start in ``doc``
    (:func:`find_aliases` with ``known``): a document none of whose openers is the first
    word of a known name has no corpus alias, so ``kg build`` need not look again
    (:func:`kg.pipeline.relink`)."""
    covered = _covered(doc, mentions)
    out: set[str] = set()
    for sentence in sentences:
        for tok in sentence.tokens:
            if covered.find(1, tok.start, tok.end) < 0:
                out.update([a.stem for a in _alias_readings(tok.norm)])
    return frozenset(out)


def _definite_words(sentences: Sequence[Sentence]) -> frozenset[str]:
    """Words that a document also uses with the article ("الطلب" beside "طلب"): common
    nouns there, not names to be looked up on their own."""
    out: set[str] = set()
    for sentence in sentences:
        for tok in sentence.tokens:
            out.update(article_stems(tok.norm))
    return frozenset(out)


def _alias_word(word: str, lex: Lexicon) -> bool:
    """A one-word name that may be looked up again on its own: three letters or more,
    not a function word, cue, ordinal, place name or common noun."""
    stem = word.removeprefix("ال")
    common = stem in lex.common_nouns and "ال" + stem not in lex.definite_names
    return (
        len(word) >= 3
        and not lex.is_function_word(word)
        and not lex.is_cue(word)
        and word not in lex.ordinals
        and word not in lex.places
        and word not in lex.frequent_words
        # a common noun ("البيت", "طلب", "الهلال") is looked up only when it is a family
        # name too, written without the article
        and (not common or (word in lex.family and not word.startswith("ال")))
    )


def resolve_entities(
    doc: Document, mentions: Sequence[Mention]
) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    """Group a document's mentions into entities.

    Args:
        doc: the document.
        mentions: its mentions, in text order.

    Returns:
        The entities (keys ``e1``, ``e2`` … in order of first mention) and the mentions
        kept (anaphors with no antecedent are dropped).
    """
    ms = sorted(mentions, key=lambda m: (m.start, m.end))
    uf = _UnionFind(len(ms))
    keys = [merge_key(m.type, m.canonical or m.text) for m in ms]
    first_by_key: dict[tuple[EntityType, str], int] = {}
    dropped: set[int] = set()
    by_start = {m.start: i for i, m in enumerate(ms)}
    named = _Antecedents()
    for i, m in enumerate(ms):
        if m.rule_id.endswith(".anaphor"):
            antecedent = named.of(m)
            if antecedent is None:
                dropped.add(i)
            else:
                uf.union(antecedent, i, "anaphor")
            continue
        named.add(i, m)
        if m.alias_of is not None and m.alias_of in by_start:
            uf.union(by_start[m.alias_of], i, "bracketed-alias")
        k = (m.type, keys[i])
        if k in first_by_key:
            uf.union(first_by_key[k], i, "same-key")
        else:
            first_by_key[k] = i
    _link_by_words(ms, keys, uf, dropped)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ms)):
        if i not in dropped:
            groups[uf.find(i)].append(i)
    entities = []
    kept: list[Mention] = []
    for n, root in enumerate(sorted(groups, key=lambda r: min(groups[r])), 1):
        members = [ms[i] for i in groups[root]]
        entities.append(_entity(f"e{n}", members, uf.reason.get(root, "single-mention")))
        kept.extend(members)
    kept.sort(key=lambda m: (m.start, m.end))
    return tuple(entities), tuple(kept)


class _Antecedents:
    """The named mentions met so far, by type and by head word, for the definite nouns
    that refer back to them (in time proportional to the mentions, however many)."""

    def __init__(self) -> None:
        self._latest: dict[EntityType, int] = {}
        self._first_main: dict[EntityType, int] = {}
        self._by_head: dict[tuple[EntityType, str], int] = {}

    def add(self, j: int, m: Mention) -> None:
        """Record the named mention ``j``."""
        self._latest[m.type] = j
        if not m.rule_id.startswith("event.titled"):
            self._first_main.setdefault(m.type, j)
        for form in (m.text, m.surface):
            words = normalize_name(form).split()
            if words:
                self._by_head[(m.type, _head_stem(words[0]))] = j

    def of(self, m: Mention) -> int | None:
        """The mention a definite noun refers back to: the latest named one of its type
        whose head word matches, else the first named one of its type."""
        head = normalize_name(m.text).split()[0].removeprefix("ال")
        found = self._by_head.get((m.type, head))
        if found is not None:
            return found
        if m.type is EntityType.ORGANISATION:
            return None  # "الشركة" refers to a company named as one, or to none
        if m.type is EntityType.EVENT:
            return self._first_main.get(m.type)  # the main event, not a titled session
        return self._latest.get(m.type)


_VOWEL_LETTERS = str.maketrans("", "", "اوي")


def spelling_variant(a: str, b: str) -> bool:
    """Two spellings of one foreign name that differ only in long-vowel letters
    ("ربيرا" / "ريبيرا", "ميلوني" / "ميلونى" once normalised): four letters or more."""
    if a == b or min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 2:
        return False
    return a.translate(_VOWEL_LETTERS) == b.translate(_VOWEL_LETTERS)


def _head_stem(word: str) -> str:
    """A head noun without the article or an attached و/ب/ل ("وشركة" → "شركه")."""
    for a in reversed(analyses(word)):
        if a.stem.removeprefix("ال"):
            return a.stem.removeprefix("ال")
    return word.removeprefix("ال")


def _link_by_words(
    ms: Sequence[Mention], keys: Sequence[str], uf: _UnionFind, dropped: set[int]
) -> None:
    """Person mentions sharing first and last word; organisation names extending a
    one-word proper name ("جوجل" / "جوجل للأبحاث").

    Mentions are compared by their distinct keys, found through indexes of their words,
    so a long document that names the same persons thousands of times costs time in
    proportion to its mentions; the unions are made in the order a comparison of every
    pair of mentions would make them (so the merge reasons are the same).
    """
    persons = [i for i, m in enumerate(ms) if m.type is EntityType.PERSON and i not in dropped]
    members = _members(persons, keys)
    words = {key: tuple(key.split()) for key in members}
    by_last: dict[str, list[str]] = defaultdict(list)
    by_ends: dict[tuple[str, str], list[str]] = defaultdict(list)
    by_skeleton: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key, w in words.items():
        if w:
            by_last[w[-1]].append(key)
        if len(w) >= 2:
            by_ends[(w[0], w[-1])].append(key)
            by_skeleton[(w[0], w[-1].translate(_VOWEL_LETTERS))].append(key)
    for key, group in members.items():
        wi, i = words[key], group[0]
        if not wi:
            continue
        near = set(by_last[wi[0]]) if len(wi) == 1 else set()
        if wi[-1] in words and len(words[wi[-1]]) == 1:
            near.add(wi[-1])
        if len(wi) >= 2:
            near.update(by_ends[(wi[0], wi[-1])])
            near.update(by_skeleton[(wi[0], wi[-1].translate(_VOWEL_LETTERS))])
        links = {other: why for other in near if (why := _person_link(wi, words[other]))}
        for j in sorted(j for other in links for j in members[other] if j > i):
            uf.union(i, j, links[keys[j]])
    orgs = [i for i, m in enumerate(ms) if m.type is EntityType.ORGANISATION and i not in dropped]
    members = _members(orgs, keys)
    by_first: dict[str, list[int]] = defaultdict(list)
    for i in orgs:
        name_words = keys[i].split()
        if len(name_words) > 1:
            by_first[name_words[0]].append(i)
    for i in orgs:
        name = keys[i].split()
        if len(name) != 1 or name[0].startswith("ال"):
            continue
        extending = [j for j in by_first.get(name[0], ()) if j != i]
        if i != members[keys[i]][0]:
            extending = extending[:1]  # the rest are joined to this key's first already
        for j in extending:
            uf.union(i, j, "name-prefix")


def _members(indices: Sequence[int], keys: Sequence[str]) -> dict[str, list[int]]:
    """The ``indices`` under each of their keys, in order."""
    out: dict[str, list[int]] = defaultdict(list)
    for i in indices:
        out[keys[i]].append(i)
    return out


def _person_link(wi: tuple[str, ...], wj: tuple[str, ...]) -> str | None:
    """Why two person names are one person's, if they are."""
    if (len(wi) == 1 and wi[0] == wj[-1]) or (len(wj) == 1 and wj[0] == wi[-1]):
        return "family-name"
    if len(wi) >= 2 and len(wj) >= 2 and wi[0] == wj[0] and wi[-1] == wj[-1]:
        return "first-last-name"
    if len(wi) >= 2 and len(wj) >= 2 and wi[0] == wj[0] and spelling_variant(wi[-1], wj[-1]):
        return "spelling-variant"
    return None


def _entity(key: str, members: Sequence[Mention], reason: str) -> Entity:
    etype = members[0].type
    named = [m for m in members if not m.rule_id.endswith(".anaphor")]
    label = _choose_label(etype, named or list(members))
    alts = sorted(
        {
            a
            for m in members
            for a in (m.text.strip(), m.surface.strip(), m.canonical.strip(), m.short.strip())
            if a
        }
        - {label}
    )
    role = next((m.role for m in members if m.role), None)
    kind = next((m.kind for m in members if m.kind), None)
    return Entity(
        key=key,
        type=etype,
        label=label,
        merge_key=merge_key(etype, label),
        merge_rule=reason,
        mentions=tuple(members),
        alt_labels=tuple(alts),
        role=role,
        kind=kind,
    )


def _choose_label(etype: EntityType, members: Sequence[Mention]) -> str:
    """The canonical name: for persons the most frequent full (2+ word) form, for
    organisations the most frequent form (shorter on ties), else the first full form."""
    if len(members) == 1:
        return members[0].canonical or members[0].text
    forms = [m.canonical or m.text for m in members if not m.rule_id.endswith(".bracketed")]
    if not forms:
        forms = [m.canonical or m.text for m in members]
    counts = Counter(forms)
    first_seen = {f: n for n, f in reversed(list(enumerate(forms)))}
    if etype is EntityType.PERSON:
        full = [f for f in forms if len(f.split()) >= 2] or forms
        return max(set(full), key=lambda f: (counts[f], len(f.split()), -first_seen[f]))
    if etype is EntityType.ORGANISATION:
        return max(set(forms), key=lambda f: (counts[f], -len(f), -first_seen[f]))
    if etype is EntityType.AGREEMENT:
        return max(set(forms), key=lambda f: (len(f), -first_seen[f]))
    return max(set(forms), key=lambda f: (len(f.split()) > 1, len(f), -first_seen[f]))
