"""Agreements as the text counts them (pure).

A signing may count its agreements without naming them: "وقع البلدان 19 مذكرة تفاهم".
Such a **total** is no entity (the gold's and the reader's convention), but it is an
argument of the signing frame, so it is placed in the scene as an item with a key of its
own (``~total:…``); what the frames state of it is held aside. The agreements the text
then names one by one ("المذكرة الأولى ...", "كما وقع ... مذكرة حول ...") and the
members of a set named as one entity ("عدة اتفاقيات" … "الاتفاقية الثانية") take from
the set what they do not state themselves: signers, witnesses, parties, the event.
"""

from __future__ import annotations

from dataclasses import replace

from kg.lexicon import analyses
from kg.model import EntityType, Mention, Predicate, Relation
from kg.normalize import normalize, normalize_name
from kg.relations.frames import Structure
from kg.relations.layout import NAME_TYPES, Item
from kg.relations.reading import Reading
from kg.relations.registry import structure
from kg.relations.scene import Scene
from kg.resources import lexicon

T = EntityType
P = Predicate
#: Prefix of the keys of totals: items that stand for agreements no entity names.
TOTAL = "~total:"
#: What a member of a set takes from it when it does not state it itself.
_INHERITED = (P.SIGNED, P.WITNESSED, P.PARTY_TO, P.SIGNED_AT)
#: Heads of events that hold others (a summit, a forum ...): the article's event.
MAIN_EVENTS = frozenset(
    {"قمه", "منتدي", "مؤتمر", "معرض", "ملتقي", "مهرجان", "دوره", "اسبوع", "اجتماع", "زياره"}
)
_BOTH = frozenset(lexicon("both_sides"))  # rules/lexicons/both_sides.txt


def find_totals(scene: Scene) -> list[Item]:
    """Counted agreements of a sentence that name no entity: an agreement head after a
    number or number word ("19 مذكرة تفاهم", "ثلاث اتفاقيات", "الـ30 اتفاقية")."""
    lex = scene.lex
    heads = lex.agreement_heads
    out = []
    for k in range(1, scene.n):
        if scene.structure_at[k] is not None:
            continue
        best = None
        for a in analyses(scene.norm(k)):
            for words, kind in heads.get(a.stem, ()):
                if tuple(scene.norms[k + 1 : k + len(words)]) == words[1:] and (
                    best is None or len(words) > len(best[0])
                ):
                    best = (words, kind)
        if best is None:
            continue
        prev = scene.norm(k - 1)
        if not (prev[:1].isdigit() or lex.stem_in(prev, lex.number_words) is not None):
            continue
        last = k + len(best[0]) - 1
        start, end = scene.offsets(k - 1, last)
        key = f"{TOTAL}{scene.sentence.index}:{k}"
        mention = Mention(
            doc_id=scene.doc.id,
            start=start,
            end=end,
            text=scene.doc.text[start:end],
            type=T.AGREEMENT,
            rule_id="agreement.total",
            sentence=scene.sentence.index,
            surface=scene.doc.text[start:end],
        )
        out.append(Item(key, T.AGREEMENT, mention, k - 1, k, last))
    return out


def _sets(reading: Reading) -> list[tuple[tuple[int, int], str]]:
    """Totals and collective agreements ("عدة اتفاقيات"), in text order: (position,
    key)."""
    out = []
    for scene in reading.scenes:
        for t in scene.totals:
            out.append(((scene.sentence.index, t.first), t.key))
        for item in scene.items:
            if item.type is T.AGREEMENT and item.mention.rule_id.endswith(".collective"):
                out.append(((scene.sentence.index, item.first), item.key))
    out.sort()
    return out


@structure("agreements.inherit")
def inherit(reading: Reading, rule: Structure) -> None:
    sets = _sets(reading)
    if not sets:
        return
    held = reading.held
    firsts: dict[str, tuple[int, int]] = {}
    for scene in reading.scenes:
        for item in scene.items:
            if item.type is T.AGREEMENT and item.key not in firsts:
                firsts[item.key] = (scene.sentence.index, item.first)
    set_keys = {key for _, key in sets}
    of_set: dict[str, list[Relation]] = {key: [] for key in set_keys}
    for r in reading.relations + held:
        for end in (r.subject, r.object):
            if end in of_set:
                of_set[end].append(r)
    for key, pos in sorted(firsts.items(), key=lambda kv: kv[1]):
        if key in set_keys:
            continue
        stated = {r.predicate for r in reading.relations if r.object == key or r.subject == key}
        for pred in _INHERITED:
            if pred in stated:
                continue
            # the latest set before it that states this predicate
            source = None
            for where, set_key in sets:
                if where < pos and any(r.predicate is pred for r in of_set[set_key]):
                    source = set_key
            if source is None:
                continue
            for r in of_set[source]:
                if r.predicate is not pred:
                    continue
                subj = key if r.subject == source else r.subject
                obj = key if r.object == source else r.object
                ev = replace(r.evidence, rule_id=rule.id)
                reading.relations.append(Relation(subj, pred, obj, ev, r.role))


@structure("agreements.named_parties")
def named_parties(reading: Reading, rule: Structure) -> None:
    """The parties an agreement's own name gives after بين or مع ("بروتوكول اتفاق بين
    مؤسسة X والمؤسسة الصينية Y", "مذكرة تفاهم بين الشركة X مع شركة Y"): the lists
    after those words inside the name."""
    for scene in reading.scenes:
        for agreement in scene.items:
            if agreement.type is not T.AGREEMENT:
                continue
            for k in range(agreement.first, agreement.last + 1):
                if scene.bare(k) not in ("بين", "مع"):
                    continue
                j = k + 1
                while j <= agreement.last:
                    group = scene.group_at(j, NAME_TYPES)
                    if group is None:
                        break
                    for member in group.members:
                        item = member.item
                        pred = P.SIGNED if item.type is T.PERSON else P.PARTY_TO
                        reading.add(
                            item,
                            pred,
                            agreement,
                            scene=scene,
                            span=(agreement.start, agreement.end),
                            rule_id=rule.id,
                        )
                        for rep in member.represented_by:  # "شركة Y، ممثلة بالسيد Z"
                            reading.add(
                                rep.item,
                                P.SIGNED,
                                agreement,
                                scene=scene,
                                span=(agreement.start, scene.sentence.tokens[rep.last].end),
                                rule_id=rule.id,
                            )
                    j = group.last + 1
                    if scene.bare(j) == "مع":
                        j += 1  # "بين الشركة X مع شركة Y"
                    else:
                        break


@structure("agreements.document_event")
def document_event(reading: Reading, rule: Structure) -> None:
    """An agreement that states no event is signed at the article's event: the one main
    event (a summit, a forum, a session ...) that the first sentences or the
    agreement's own sentence name."""
    events = [
        e for e in reading.entities.values() if e.type is T.EVENT and _head(e.label) in MAIN_EVENTS
    ]
    if not events:
        return
    early = {i.key for sc in reading.scenes[:2] for i in sc.items if i.type is T.EVENT}
    main = [e for e in events if e.key in early]
    if len(main) != 1:
        return
    event = main[0]
    for scene in reading.scenes:
        for item in scene.items:
            if item.type is not T.AGREEMENT or item.mention.rule_id.endswith(".anaphor"):
                continue
            if any(r.subject == item.key and r.predicate is P.SIGNED_AT for r in reading.relations):
                continue
            ev_item = reading.item_of(event.key, scene)
            reading.add(
                item,
                P.SIGNED_AT,
                ev_item,
                scene=scene,
                span=(item.start, item.end),
                rule_id=rule.id,
            )


@structure("agreements.both_countries")
def both_countries(reading: Reading, rule: Structure) -> None:
    """ "مذكرة تفاهم ... بين البلدين", "وقع البلدان ...": the two countries the article
    names most are the parties."""
    countries = _top_countries(reading)
    if len(countries) != 2:
        return
    for scene in reading.scenes:
        for item in scene.items + scene.totals:
            if item.type is not T.AGREEMENT or item.mention.rule_id.endswith(".anaphor"):
                continue
            words = normalize(item.mention.text).split()
            named = any(w in _BOTH for w in words)
            subject = any(
                h.frame.family == "signing" and scene.norm(h.t1 + 1) in _BOTH and h.t1 < item.first
                for h in scene.hits
            )
            if not (named or subject):
                continue
            for key in countries:
                place = reading.item_of(key, scene)
                reading.add(
                    place,
                    P.PARTY_TO,
                    item,
                    scene=scene,
                    span=(item.start, item.end),
                    rule_id=rule.id,
                )


def _top_countries(reading: Reading) -> list[str]:
    """The two countries the document mentions most (ties: first mentioned)."""
    counts = []
    lex = reading.lex
    for e in reading.entities.values():
        if e.type is T.PLACE and normalize_name(e.label) in lex.major_places:
            counts.append((-len(e.mentions), min(m.start for m in e.mentions), e.key))
    counts.sort()
    return [c[2] for c in counts[:2]]


def _head(label: str) -> str:
    words = normalize_name(label).split()
    return words[0].removeprefix("ال") if words else ""
