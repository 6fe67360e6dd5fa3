"""Relations between the entities of one document, and their attributes (pure).

Two kinds of rules produce relations:

* trigger rules, kept as data in ``rules/relations.toml``: a verb or noun (التقى، وقع،
  شهد مراسم توقيع، انعقدت ...) and selectors saying which mentions around it are the
  subject and the object (see the header of that file);
* structural rules, here, each with an id: a person's role phrase naming an
  organisation (``affiliated_with.role``) or an event (``participated_in.role``), a
  minister and the ministry of the same portfolio (``affiliated_with.portfolio``),
  sessions held within a larger event (``sub_event_of.*``), a place in apposition to
  another (``located_in.apposition``), an event followed by its place
  (``held_in.adjacent``), agreements signed at the article's event (``signed_at.*``) and
  "البلدين" / "الجانبين" as the two countries of the article (``party_to.both_countries``).

Every relation keeps its evidence: document, sentence, the character span from the first
to the last of its trigger and mentions, and the rule id. Relations whose ends have the
wrong types for the contract are dropped and counted.

Event dates ("في الفترة من 12 إلى 14 فبراير") and agreement amounts ("45 مليون دولار
أمريكي") found in the sentence of an event or agreement mention become its attributes.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache

from kg.attributes import decimal_text, find_amounts, find_dates
from kg.lexicon import Lexicon, analyses, default_lexicon, is_definite
from kg.mentions import SentView
from kg.model import Document, Entity, EntityType, Evidence, Mention, Predicate, Relation, Sentence
from kg.normalize import normalize, normalize_name
from kg.rules import Rule, default_rules, rule_index

P = Predicate
T = EntityType

#: Domain and range of each predicate (the ontology contract).
SIGNATURE: dict[Predicate, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    P.PARTICIPATED_IN: (frozenset({T.PERSON, T.ORGANISATION}), frozenset({T.EVENT})),
    P.CHAIRED: (frozenset({T.PERSON}), frozenset({T.EVENT})),
    P.MET_WITH: (frozenset({T.PERSON}), frozenset({T.PERSON})),
    P.AFFILIATED_WITH: (frozenset({T.PERSON}), frozenset({T.ORGANISATION})),
    P.SIGNED: (frozenset({T.PERSON}), frozenset({T.AGREEMENT})),
    P.PARTY_TO: (frozenset({T.ORGANISATION, T.PLACE}), frozenset({T.AGREEMENT})),
    P.WITNESSED: (frozenset({T.PERSON}), frozenset({T.AGREEMENT})),
    P.HELD_IN: (frozenset({T.EVENT}), frozenset({T.PLACE})),
    P.SUB_EVENT_OF: (frozenset({T.EVENT}), frozenset({T.EVENT})),
    P.SIGNED_AT: (frozenset({T.AGREEMENT}), frozenset({T.EVENT})),
    P.SUBSIDIARY_OF: (frozenset({T.ORGANISATION}), frozenset({T.ORGANISATION})),
    P.LOCATED_IN: (frozenset({T.ORGANISATION, T.PLACE}), frozenset({T.PLACE})),
}

#: Words that end a clause: a trigger's arguments are looked for before them.
_CLAUSE_END = frozenset({"حيث", "كما", "بينما", "لكن", "وكذلك", "كذلك", "فيما", "وقد", "ثم"})
#: Heads of events that contain sessions (a summit, a forum ...).
_MAIN_EVENTS = frozenset({"قمه", "منتدي", "مؤتمر", "معرض", "ملتقي", "مهرجان", "دوره", "اسبوع"})
#: Phrases that put what follows inside a larger event.
_CONTAINER = re.compile(r"(?:ضمن|في اطار|علي هامش|خلال|في سياق)(?: فعاليات| اعمال| جلسات)?$")
_COORD = re.compile(r"^\s*(?:،\s*)?و\s*(?:نظيره|نظيرته|نظيرها|نظيريه)?\s*(?:{hon})?\s*$")
_BOTH = re.compile(r"(?:^| )(?:بين )?(?:البلدين|الجانبين|الدولتين|البلدان)(?= |$)")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class _Item:
    """An entity mention placed in a sentence."""

    mention: Mention
    key: str
    type: EntityType

    @property
    def start(self) -> int:
        return self.mention.start

    @property
    def end(self) -> int:
        return self.mention.end


@dataclass
class _Sent:
    sentence: Sentence
    view: SentView
    items: list[_Item]
    ends: list[int] = field(default_factory=list)  # end offset of each token
    clause_marks: list[int] = field(default_factory=list)  # tokens that end a clause

    def __post_init__(self) -> None:
        self.ends = [t.end for t in self.sentence.tokens]
        self.clause_marks = [
            n for n, norm in enumerate(self.view.norms) if norm in _CLAUSE_END or norm == "؛"
        ]

    def token_index(self, offset: int) -> int:
        """The first token ending after ``offset``."""
        return bisect.bisect_right(self.ends, offset)


@cache
def _coord_pattern() -> re.Pattern[str]:
    lex = default_lexicon()
    hon = "|".join(sorted((re.escape(h) for h in lex.honorifics), key=len, reverse=True))
    return re.compile(_COORD.pattern.replace("{hon}", hon))


def relation_rules() -> tuple[Rule, ...]:
    """The shipped trigger rules of relations."""
    return tuple(r for r in default_rules() if r.predicate is not None)


class _Finder:
    def __init__(
        self, doc: Document, sentences: Sequence[Sentence], entities: Sequence[Entity], lex: Lexicon
    ) -> None:
        self.doc, self.lex = doc, lex
        self.entities = {e.key: e for e in entities}
        by_sentence: dict[int, list[_Item]] = defaultdict(list)
        for e in entities:
            for m in e.mentions:
                by_sentence[m.sentence].append(_Item(m, e.key, e.type))
        self.sents = [
            _Sent(
                s,
                SentView.of(s, doc.text),
                sorted(by_sentence.get(s.index, []), key=lambda i: (i.start, i.end)),
            )
            for s in sentences
        ]
        self.relations: list[Relation] = []
        self.dropped: Counter[str] = Counter()
        self.last_agents: list[_Item] = []

    # ------------------------------------------------------------------ recording

    def add(
        self,
        subj: _Item,
        pred: Predicate,
        obj: _Item,
        *,
        sent: _Sent,
        span: tuple[int, int],
        rule_id: str,
        role: str | None = None,
    ) -> None:
        if subj.key == obj.key:
            return
        domain, range_ = SIGNATURE[pred]
        if subj.type not in domain or obj.type not in range_:
            self.dropped[f"{pred.value}: {subj.type.value} -> {obj.type.value}"] += 1
            return
        start = min(span[0], subj.start, obj.start)
        end = max(span[1], subj.end, obj.end)
        evidence = Evidence(
            self.doc.id, sent.sentence.index, start, end, self.doc.text[start:end], rule_id
        )
        self.relations.append(Relation(subj.key, pred, obj.key, evidence, role))

    # ------------------------------------------------------------------ selectors

    def _clause_end(self, sent: _Sent, offset: int) -> int:
        toks = sent.sentence.tokens
        marks = sent.clause_marks
        for k in range(bisect.bisect_left(marks, sent.token_index(offset)), len(marks)):
            if toks[marks[k]].start > offset:
                return toks[marks[k]].start
        return sent.sentence.end

    def _agents(self, sent: _Sent, t_start: int, t_end: int) -> list[_Item]:
        persons = [i for i in sent.items if i.type is T.PERSON]
        after = [i for i in persons if i.start >= t_end]
        agents: list[_Item] = []
        with_follows = normalize(self.doc.text[t_start:t_end]).split()[-1:] == ["مع"]
        if (
            after
            and not with_follows
            and (
                self._only_cues_between(t_end, after[0].start)
                or self._own_role_between(t_end, after[0])
                or self._titles_of(t_end, after[0])
            )
        ):
            agents.append(after[0])
            for nxt in after[1:]:
                gap = normalize(self.doc.text[agents[-1].end : nxt.start])
                if not _coord_pattern().match(gap):
                    break
                agents.append(nxt)
            return agents
        before = [i for i in persons if i.end <= t_start]
        if before:
            return [before[0]]
        if self._thing_follows(sent, t_end):
            return []  # "وقعت الحكومتان ...": the subject is no person
        return list(self.last_agents)

    def _thing_follows(self, sent: _Sent, offset: int) -> bool:
        """The word after ``offset`` is a definite noun that names no person (neither a
        title nor a role): the verb's subject is a thing or a body ("الحكومتان",
        "الشركة"), not the agent of an earlier sentence."""
        k = sent.token_index(offset)
        if k >= sent.view.n or any(
            i.start <= sent.sentence.tokens[k].start < i.end for i in sent.items
        ):
            return False
        norm = sent.view.norms[k]
        lex = self.lex
        return (
            is_definite(norm)
            and not lex.is_title(norm)
            and not any(a.stem.removeprefix("ال") in lex.roles for a in analyses(norm))
        )

    def _own_role_between(self, a: int, item: _Item) -> bool:
        """True when only the person's own role phrase (and honorifics) stands between
        an offset and the person: "استقبل وزير الخارجية المصري سامح شكري". Without a role
        on the mention, a phrase of one role noun and its complements ("وزير المالية")
        counts; one holding a second title ("وزير الخارجية السفير ...") does not."""
        role = item.mention.role
        if not role:
            return self._one_role_phrase(self.doc.text[a : item.start])
        gap = normalize_name(self.doc.text[a : item.start])
        wanted = normalize_name(role)
        if not gap.endswith(wanted):
            return False
        rest = gap[: len(gap) - len(wanted)].split()
        return all(any(x.stem in self.lex.honorifics for x in analyses(w)) for w in rest)

    def _titles_of(self, a: int, item: _Item) -> bool:
        """A chain of titles between the verb and the person, the person's own: "والتقى
        نائب رئيس الدولة رئيس مجلس الوزراء حاكم دبي الشيخ محمد ...". Only roles,
        honorifics and their complements (definite words, places, organisation nouns),
        closed by a title; and it does not open with the role of the agent carried over
        from an earlier sentence ("واستقبل وزير الخارجية السفير ...": the minister named
        before receives him)."""
        words = normalize(self.doc.text[a : item.start]).split()
        if not 2 <= len(words) <= 12 or any(not w[:1].isalpha() for w in words):
            return False
        lex = self.lex
        if not lex.is_title(words[0]) or not lex.is_title(words[-1]):
            return False
        for w in words:
            if not (
                lex.is_title(w)
                or is_definite(w)
                or lex.stem_in(w, lex.places) is not None
                or lex.stem_in(w, lex.org_cues) is not None
            ):
                return False
        opening = " ".join(words[:2])
        return not any(
            a.mention.role and normalize(a.mention.role).startswith(opening)
            for a in self.last_agents
        )

    def _one_role_phrase(self, text: str) -> bool:
        words = normalize(text).split()
        if not 1 <= len(words) <= 6 or any(not w[:1].isalpha() for w in words):
            return False  # punctuation, a number: another clause
        lex = self.lex
        head, *rest = words
        if not any(x.stem in lex.roles for x in analyses(head)):
            return False
        return not any(lex.is_title(w) for w in rest)

    def _only_cues_between(self, a: int, b: int) -> bool:
        """True when only honorifics or white space stand between two offsets."""
        gap = normalize(self.doc.text[a:b]).split()
        return len(gap) <= 3 and all(
            any(x.stem in self.lex.honorifics for x in analyses(w)) for w in gap
        )

    def select(
        self, selector: str, sent: _Sent, t_start: int, t_end: int, agents: list[_Item]
    ) -> list[_Item]:
        kind, _, tname = selector.partition(":")
        etype = EntityType(tname) if tname else None
        clause_end = self._clause_end(sent, t_end)
        items = sent.items
        if kind == "agent":
            return agents
        if kind == "after":
            start = t_end
            if etype is not T.PERSON:  # skip the agents' own titles ("X، نائب رئيس القمة")
                start = max([t_end] + [self._role_end(a) for a in agents if a.start >= t_end])
            found = [
                i
                for i in items
                if i.type is etype and start <= i.start < clause_end and not self._in_title(sent, i)
            ]
            return found[:1]
        if kind == "adjacent_after":
            return [i for i in items if i.type is etype and 0 <= i.start - t_end <= 1][:1]
        if kind == "adjacent_before":
            return [i for i in items if i.type is etype and 0 <= t_start - i.end <= 2][:1]
        if kind == "all_after":
            return [i for i in items if i.type is etype and t_end <= i.start < clause_end]
        if kind == "within":  # inside the trigger: "أعلنت شركة X عن توقيع ..."
            return [i for i in items if i.type is etype and t_start <= i.start < i.end <= t_end]
        if kind == "before":
            before = [i for i in items if i.type is etype and i.end <= t_start]
            return before[-1:]
        if kind == "sentence":
            return [i for i in items if i.type is etype][:1]
        if kind == "others":
            agent_keys = {a.key for a in agents}
            found = [
                i
                for i in items
                if i.type is etype
                and i.start >= t_end
                and i.start < clause_end
                and i.key not in agent_keys
            ]
            if not found:
                found = self._by_role(sent, t_end, clause_end, agent_keys)
            return found
        raise AssertionError(selector)

    def _role_end(self, item: _Item) -> int:
        """End of the role phrase written right after a person's name (or the name's end)."""
        role = item.mention.role
        if item.type is T.PERSON and role:
            pos = _find_near(self.doc.text, role, item.end)
            if pos >= 0:
                return pos + len(role)
        return item.end

    def _in_title(self, sent: _Sent, item: _Item) -> bool:
        """True for a mention governed by a role noun ("نائب رئيس القمة ..."): a title. A
        definite role noun governs nothing ("ووقع الوزير مذكرة تفاهم": the minister signed)."""
        n = sent.token_index(item.start)
        if n == 0:
            return False
        prev = sent.view.norms[n - 1]
        return prev in self.lex.roles and not is_definite(prev)

    def _by_role(self, sent: _Sent, start: int, end: int, exclude: set[str]) -> list[_Item]:
        """A role phrase standing for a person named earlier ("وزير الصناعة ... الصيني")."""
        window = normalize_name(self.doc.text[start:end])
        out = []
        for e in self.entities.values():
            if e.type is T.PERSON and e.role and e.key not in exclude:
                role = normalize_name(e.role)
                if len(role.split()) >= 2 and role in window:
                    pos = self.doc.text.find(e.role.split()[0], start, end)
                    span_start = pos if pos >= 0 else start
                    fake = replace(
                        e.mentions[0],
                        start=span_start,
                        end=span_start + len(e.role.split()[0]),
                        sentence=sent.sentence.index,
                    )
                    out.append(_Item(fake, e.key, T.PERSON))
        return out

    # ------------------------------------------------------------------ rules

    def run_triggers(self, rules: Sequence[Rule]) -> None:
        index = rule_index(rules)
        for sent in self.sents:
            found_agents: list[_Item] = []
            view = sent.view
            for rule, matches in zip(
                rules, index.matches(view.norms, view.joined, view.starts), strict=True
            ):
                for match in matches:
                    t_first = sent.view.token_at(
                        match.start() + (1 if sent.view.joined[match.start()] == " " else 0)
                    )[0]
                    t_last = sent.view.token_at(max(match.start(), match.end() - 1))[0]
                    toks = sent.sentence.tokens
                    t_start, t_end = toks[t_first].start, toks[t_last].end
                    # the agent follows the verb (the trigger's first word), not the whole
                    # trigger: "شهد الدكتور X مراسم توقيع ..."
                    agents = self._agents(
                        sent, t_start, toks[t_first].end if rule.subject == "agent" else t_end
                    )
                    subjects = self.select(rule.subject, sent, t_start, t_end, agents)
                    objects = self.select(rule.object, sent, t_start, t_end, agents)
                    predicate = rule.predicate
                    assert predicate is not None  # relation_rules() keeps relation rules only
                    for s in subjects:
                        for o in objects:
                            self.add(
                                s,
                                predicate,
                                o,
                                sent=sent,
                                span=(t_start, t_end),
                                rule_id=rule.id,
                            )
                    if rule.subject == "agent" and subjects and objects:
                        found_agents = subjects
            if found_agents:
                self.last_agents = found_agents
            elif any(i.type is T.PERSON for i in sent.items):
                first = next(i for i in sent.items if i.type is T.PERSON)
                self.last_agents = [first]

    def run_roles(self) -> None:
        """affiliated_with.role / participated_in.role: what a person's role phrase names."""
        for sent in self.sents:
            for item in sent.items:
                role = item.mention.role
                if item.type is not T.PERSON or not role:
                    continue
                pos = _find_near(self.doc.text, role, item.end)
                if pos < 0:
                    continue
                span = (pos, pos + len(role))
                # "مديرة السياسة العامة في شركة X": the organisation right after the title
                nxt = next((o for o in sent.items if o.start >= span[1]), None)
                if nxt is not None and nxt.type is T.ORGANISATION:
                    gap = normalize(self.doc.text[span[1] : nxt.start]).split()
                    if gap and len(gap) <= 3 and gap[0] in {"في", "لدي", "ب"}:
                        span = (span[0], nxt.end)
                for other in sent.items:
                    if other.start >= span[0] and other.end <= span[1]:
                        if other.type is T.ORGANISATION:
                            self.add(
                                item,
                                P.AFFILIATED_WITH,
                                other,
                                sent=sent,
                                span=span,
                                rule_id="affiliated_with.role",
                                role=role,
                            )
                        elif other.type is T.EVENT:
                            self.add(
                                item,
                                P.PARTICIPATED_IN,
                                other,
                                sent=sent,
                                span=span,
                                rule_id="participated_in.role",
                            )

    def run_portfolio(self) -> None:
        """affiliated_with.portfolio: "وزير X" and "وزارة X" of the same document."""
        ministries = {}
        for e in self.entities.values():
            if e.type is T.ORGANISATION:
                words = normalize_name(e.label).split()
                if words and words[0] in {"وزاره", "الوزاره"}:
                    ministries[_portfolio(words[1:])] = e
        if not ministries:
            return
        for sent in self.sents:
            for item in sent.items:
                role = item.mention.role
                if item.type is not T.PERSON or not role:
                    continue
                words = normalize_name(role).split()
                if not words or words[0] not in {"وزير", "وزيره", "الوزير"}:
                    continue
                ministry = ministries.get(_portfolio(words[1:]))
                if ministry is None:
                    continue
                pos = _find_near(self.doc.text, role, item.end)
                span = (pos, pos + len(role)) if pos >= 0 else (item.start, item.end)
                org_item = _Item(ministry.mentions[0], ministry.key, T.ORGANISATION)
                self.add(
                    item,
                    P.AFFILIATED_WITH,
                    _Item(
                        replace(org_item.mention, start=item.start, end=item.end),
                        ministry.key,
                        T.ORGANISATION,
                    ),
                    sent=sent,
                    span=span,
                    rule_id="affiliated_with.portfolio",
                    role=role,
                )

    def run_events(self) -> None:
        """sub_event_of.container / sub_event_of.session and held_in.adjacent."""
        for sent in self.sents:
            events = [i for i in sent.items if i.type is T.EVENT]
            assigned: set[str] = set()
            # "X ضمن فعاليات Y": the event just before the container phrase is part of Y;
            # "في إطار فعاليات Y، ..." opening the clause: every other event is part of Y
            openers = []
            for n, container in enumerate(events):
                lead = self._surface_start(container)
                before = normalize(self.doc.text[max(sent.sentence.start, lead - 25) : lead])
                if not _CONTAINER.search(before.strip()):
                    continue
                inner = [e for e in events[:n] if e.key != container.key and e.key not in assigned]
                if inner and not self._opens_clause(sent, lead):
                    target = inner[-1]
                    self.add(
                        target,
                        P.SUB_EVENT_OF,
                        container,
                        sent=sent,
                        span=(target.start, container.end),
                        rule_id="sub_event_of.container",
                    )
                    assigned.add(target.key)
                    self._lift_participation(sent, target, container)
                else:
                    openers.append((n, container))
            for n, container in openers:
                for e in events[n + 1 :]:
                    if e.key != container.key and e.key not in assigned:
                        self.add(
                            e,
                            P.SUB_EVENT_OF,
                            container,
                            sent=sent,
                            span=(container.start, e.end),
                            rule_id="sub_event_of.container",
                        )
                        assigned.add(e.key)
            mains = [e for e in events if _head(e) in _MAIN_EVENTS]
            for e in events:
                if e.key in assigned or _head(e) in _MAIN_EVENTS:
                    continue
                main_event = next((m for m in mains if m.key != e.key), None)
                if main_event is not None:
                    container = main_event
                    a, b = sorted((e, container), key=lambda i: i.start)
                    self.add(
                        e,
                        P.SUB_EVENT_OF,
                        container,
                        sent=sent,
                        span=(a.start, b.end),
                        rule_id="sub_event_of.session",
                    )
            # "القمة ... في دبي" (the event right before "في/ب [مدينة] PLACE")
            for e in events:
                places = [p for p in sent.items if p.type is T.PLACE and p.start >= e.end]
                if not places:
                    continue
                gap = normalize(self.doc.text[e.end : places[0].start]).split()
                if (
                    gap
                    and len(gap) <= 2
                    and gap[0] in {"في", "ب"}
                    and all(g in {"في", "ب", "مدينه", "العاصمه"} for g in gap)
                ):
                    self.add(
                        e,
                        P.HELD_IN,
                        places[0],
                        sent=sent,
                        span=(e.start, places[0].end),
                        rule_id="held_in.adjacent",
                    )

    def _surface_start(self, item: _Item) -> int:
        """Start of the mention's longer surface form ("الدورة الثالثة لمنتدى ...")."""
        m = item.mention
        if m.surface and m.surface != m.text:
            start = m.end - len(m.surface)
            if start >= 0 and self.doc.text[start : m.end] == m.surface:
                return start
        return m.start

    def _opens_clause(self, sent: _Sent, offset: int) -> bool:
        """True when only a container phrase stands before ``offset`` in its clause."""
        head = normalize(self.doc.text[sent.sentence.start : offset]).split()
        return len(head) <= 5

    def _lift_participation(self, sent: _Sent, inner: _Item, container: _Item) -> None:
        """participated_in.container: taking part in a session held within an event
        stated in the same sentence is taking part in that event."""
        for rel in list(self.relations):
            if (
                rel.predicate is P.PARTICIPATED_IN
                and rel.object == inner.key
                and rel.evidence.sentence == sent.sentence.index
            ):
                subj = next((i for i in sent.items if i.key == rel.subject), None)
                if subj is not None:
                    self.add(
                        subj,
                        P.PARTICIPATED_IN,
                        container,
                        sent=sent,
                        span=(subj.start, container.end),
                        rule_id="participated_in.container",
                    )

    def run_places(self) -> None:
        """located_in.apposition: "بدبي، الإمارات", "مدينة بكين بالصين"."""
        for sent in self.sents:
            places = [i for i in sent.items if i.type is T.PLACE]
            for a, b in itertools.pairwise(places):
                if a.key == b.key:
                    continue
                gap = self.doc.text[a.end : b.start]
                prefix = self.doc.text[b.start - 1 : b.start] if b.start > 0 else ""
                apposed = (
                    gap.strip() in {"،", ","}
                    or (gap.strip() == "" and prefix in {"ب"})
                    or normalize(gap).strip() in {"في", "ب"}
                )
                # the second is a country or region: "بدبي، الإمارات", "بكين بالصين"
                wider = normalize_name(b.mention.text) in self.lex.major_places
                if apposed and wider:
                    self.add(
                        a,
                        P.LOCATED_IN,
                        b,
                        sent=sent,
                        span=(a.start, b.end),
                        rule_id="located_in.apposition",
                    )

    def run_agreements(self) -> None:
        """signed_at.sentence / signed_at.document_event and party_to.both_countries."""
        main_events = []
        for e in self.entities.values():
            if e.type is T.EVENT and _head_word(e.label) in _MAIN_EVENTS:
                main_events.append(e)
        countries = self._top_countries()
        for sent in self.sents:
            for item in sent.items:
                if item.type is not T.AGREEMENT or item.mention.rule_id.endswith(".anaphor"):
                    continue
                events = [i for i in sent.items if i.type is T.EVENT]
                if events:
                    ev = events[0]
                    a, b = sorted((item, ev), key=lambda i: i.start)
                    self.add(
                        item,
                        P.SIGNED_AT,
                        ev,
                        sent=sent,
                        span=(a.start, b.end),
                        rule_id="signed_at.sentence",
                    )
                elif len(main_events) == 1:
                    ev_entity = main_events[0]
                    ev = _Item(
                        replace(ev_entity.mentions[0], start=item.start, end=item.end),
                        ev_entity.key,
                        T.EVENT,
                    )
                    self.add(
                        item,
                        P.SIGNED_AT,
                        ev,
                        sent=sent,
                        span=(item.start, item.end),
                        rule_id="signed_at.document_event",
                    )
                window = normalize(self.doc.text[item.start : item.end])
                if _BOTH.search(window) and len(countries) == 2:
                    for c in countries:
                        fake = _Item(
                            replace(c.mentions[0], start=item.start, end=item.end), c.key, T.PLACE
                        )
                        self.add(
                            fake,
                            P.PARTY_TO,
                            item,
                            sent=sent,
                            span=(item.start, item.end),
                            rule_id="party_to.both_countries",
                        )

    def _top_countries(self) -> list[Entity]:
        """The two countries the document mentions most (ties: first mentioned)."""
        counts = []
        for e in self.entities.values():
            if e.type is T.PLACE and normalize_name(e.label) in self.lex.major_places:
                counts.append((-len(e.mentions), min(m.start for m in e.mentions), e))
        counts.sort(key=lambda c: (c[0], c[1]))
        return [c[2] for c in counts[:2]]

    # ------------------------------------------------------------------ attributes

    def attributes(self) -> dict[str, Entity]:
        updated = dict(self.entities)
        for sent in self.sents:
            events = [i for i in sent.items if i.type is T.EVENT]
            if events:
                ev = next(
                    (e for e in events if not e.mention.rule_id.endswith(".anaphor")), events[0]
                )
                entity = updated[ev.key]
                if entity.start_date is None:
                    year = _year_of(entity.label) or (self.doc.date.year if self.doc.date else None)
                    dates = find_dates(sent.view.joined, year=year)
                    if dates:
                        updated[ev.key] = replace(
                            entity, start_date=dates[0].start, end_date=dates[0].end
                        )
            agreements = [i for i in sent.items if i.type is T.AGREEMENT]
            if agreements:
                amounts = find_amounts(sent.view.joined)
                for amount in amounts:
                    pos = sent.view.token_at(amount.span[0])[0]
                    offset = sent.sentence.tokens[pos].start
                    before = [a for a in agreements if a.start <= offset] or agreements
                    target = before[-1]
                    entity = updated[target.key]
                    if entity.value is None:
                        updated[target.key] = replace(
                            entity, value=decimal_text(amount.value), currency=amount.currency
                        )
        return updated


def _find_near(text: str, needle: str, start: int, slack: int = 12) -> int:
    """Offset of ``needle`` starting within ``slack`` characters after ``start``, or -1."""
    pos = text.find(needle, start, start + slack + len(needle))
    return pos


def _portfolio(words: Sequence[str]) -> str:
    """A ministry's portfolio for comparison: nisba gender (الصيني/الصينية) folded."""
    return " ".join(w[:-1] if w.endswith("ه") else w for w in words)


def _head_word(label: str) -> str:
    words = normalize_name(label).split()
    return words[0].removeprefix("ال") if words else ""


def _head(item: _Item) -> str:
    return _head_word(item.mention.text)


def _year_of(label: str) -> int | None:
    m = _YEAR.search(label)
    return int(m.group()) if m else None


def find_relations(
    doc: Document,
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
    *,
    rules: Sequence[Rule] | None = None,
    lexicon: Lexicon | None = None,
) -> tuple[tuple[Relation, ...], tuple[Entity, ...], dict[str, int]]:
    """Find the relations among a document's entities and fill in their attributes.

    Args:
        doc: the document.
        sentences: its sentences.
        entities: its resolved entities.
        rules: relation trigger rules (default: ``rules/relations.toml``).
        lexicon: word classes (default: the shipped lexicons).

    Returns:
        The relations (deduplicated, in text order), the entities with dates and amounts
        filled in, and counts of relations dropped for domain/range reasons.
    """
    finder = _Finder(doc, sentences, entities, default_lexicon() if lexicon is None else lexicon)
    finder.run_triggers(relation_rules() if rules is None else rules)
    finder.run_roles()
    finder.run_portfolio()
    finder.run_events()
    finder.run_places()
    finder.run_agreements()
    updated = finder.attributes()
    seen: set[tuple[str, Predicate, str, int, int]] = set()
    unique = []
    for rel in sorted(
        finder.relations,
        key=lambda r: (r.evidence.start, r.evidence.end, r.predicate.value, r.subject, r.object),
    ):
        key = (rel.subject, rel.predicate, rel.object, rel.evidence.start, rel.evidence.end)
        if key not in seen:
            seen.add(key)
            unique.append(rel)
    return (
        tuple(unique),
        tuple(updated[e.key] for e in entities),
        dict(sorted(finder.dropped.items())),
    )
