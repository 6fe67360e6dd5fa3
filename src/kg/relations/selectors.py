"""Selectors: how a frame finds its arguments around its trigger (pure).

Each selector is registered by name (:mod:`kg.relations.registry`) and written in a frame
file as ``name`` or ``name:argument``. It takes the trigger's :class:`~kg.relations.reading.Hit`
and returns items of the scene:

=================== ==========================================================================
``subject``         the verb's subject: the list right after the verb (VSO; days, "كل من"
                    and the verb's own object "على المذكرة" may come first), else the
                    list before it in its clause (SVO; an adverbial set off by commas may
                    stand between), else, for frames with ``carry = true``, the persons
                    acting in the sentences before; ``subject:Person`` keeps persons
``objects:TYPE``    the first event or agreement of TYPE after the trigger in its clause,
                    and those coordinated with it; for agreements, a counted total that is
                    no entity ("19 مذكرة تفاهم") stands for the agreements it counts
``after:WORDS``     the list right after WORDS (normalised words, e.g. ``after:مع``,
                    ``after:من طرف``) wherever WORDS follow the trigger in its clause
``next``            the list right after the trigger (a marker such as بحضور)
``next_of:TYPE``    the first mention of TYPE right after the trigger (honorifics and
                    role phrases may stand between)
``before:TYPE``     the nearest mention of TYPE ending before the trigger in its clause
``adjacent:TYPE``   a mention of TYPE ending at the trigger (a comma or الذي between)
``sentence:TYPE``   every mention of TYPE in the sentence (for agreements, also the
                    counted totals)
``occasion``        the events named after an occasion phrase of the sentence ("على هامش",
                    "خلال", "في إطار", "ضمن فعاليات" ...)
``none``            nothing (a slot that only ``requires`` or ``unless`` reads)
=================== ==========================================================================
"""

from __future__ import annotations

from kg.lexicon import analyses, is_definite
from kg.model import EntityType
from kg.normalize import normalize, normalize_name
from kg.relations.layout import BODY_TYPES, NAME_TYPES, Group, Item
from kg.relations.reading import Hit
from kg.relations.registry import selector
from kg.relations.scene import Scene
from kg.resources import lexicon

T = EntityType
PERSONS = frozenset({T.PERSON})
_AGENTS = NAME_TYPES


def _check_type(arg: str) -> str | None:
    try:
        EntityType(arg)
    except ValueError:
        return f"unknown entity type {arg!r}"
    return None


def _check_words(arg: str) -> str | None:
    return None if arg.strip() else "the selector needs the words to look for"


def _check_classes(arg: str) -> str | None:
    return None if arg in ("", "Person", "body") else f"'subject' takes Person or body, not {arg!r}"


def _classes(arg: str) -> frozenset[EntityType]:
    return {"": _AGENTS, "Person": PERSONS, "body": BODY_TYPES}[arg]


def _remember(hit: Hit, group: Group) -> list[Item]:
    """The group's items; the persons who represent its bodies are kept for the slot
    being filled (``S.rep`` in emit lines)."""
    hit.spans.append((group.first, group.last))
    reps = hit.reps.setdefault(hit.slot, [])
    for m in group.members:
        for rep in m.represented_by:
            role = hit.scene.role_text(rep.roles[0]) if rep.roles else None
            reps.append((rep.item, m.item, role or ""))
    return group.items


# --------------------------------------------------------------------------- subject


def skip_fillers(scene: Scene, k: int, limit: int = 6) -> int:
    """The first token from ``k`` that is no filler (a day, "كل من", "رسميا")."""
    lex = scene.lex
    stop = k + limit
    while k < scene.n and k < stop:
        matched = False
        for width in (2, 1):
            words = " ".join(scene.norms[k : k + width])
            if words in lex.fillers or (width == 1 and scene.bare(k) in lex.fillers):
                k += width
                matched = True
                break
        if not matched:
            break
    return k


_OBJECT_PREPS = frozenset(lexicon("object_prepositions"))  # rules/lexicons/object_prepositions.txt


def _object_first(scene: Scene, k: int) -> int:
    """Skip the verb's object when it stands before the subject: an event or agreement,
    bare or after a preposition ("ينظم المنتدى مجموعة ...", "ووقع على المذكرة كل من
    ...", "ويتحدث في الجلسة الأولى X ...")."""
    j = k + 1 if scene.norm(k) in _OBJECT_PREPS else k
    while scene.norm(j) in scene.lex.occasion_nouns:
        j += 1  # "يشارك في فعاليات القمة X"
    item = scene.structure_at[j] if 0 <= j < scene.n else None
    if item is None or item.first != j or scene.name_at[j] is not None:
        return k
    while item is not None and item.first == j:
        j = item.last + 1  # "في الجلسة الأولى للمنتدى": a session and its event
        item = scene.structure_at[j] if j < scene.n else None
    return j


@selector("subject", check=_check_classes)
def subject(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    classes = _classes(arg)
    before = _group_before(scene, hit.t0, classes)
    if before is None and hit.t0 in scene.clause_starts and hit.t0 > 0:
        # "إن رئيس البنك X، وفي إطار زيارته ...، وقّع": the subject of a clause set off
        # by an adverbial, fronted before its verb
        before = _group_before(scene, hit.t0, classes, across=True)
        if before is not None and not _fronted(scene, before):
            before = None
    if before is not None and _fronted(scene, before):
        return _remember(hit, before)  # "إن رئيسة الوزراء X استقبلت Y": SVO
    k = skip_fillers(scene, hit.t1 + 1)
    group = scene.group_at(k, classes)
    if group is None:
        # the verb's object before its subject: "ووقع على المذكرة كل من ..."
        j = skip_fillers(scene, _object_first(scene, k))
        group = scene.group_at(j, classes) if j != k else None
    if group is not None:
        return _remember(hit, group)
    anaphor = _role_anaphor(hit, k)
    if anaphor is not None:
        return [anaphor]
    if k < scene.n and (
        scene.name_at[k] is not None or scene.structure_at[k] is not None or _thing(scene, k)
    ):
        return []  # "وقعت الحكومتان ...", "شهد المؤتمر ...": the subject is no person
    before = _group_before(scene, hit.t0, classes)
    if before is not None:
        return _remember(hit, before)
    if hit.frame.carry and not (
        k < scene.n and (scene.name_at[k] is not None or scene.lex.is_title(scene.norm(k)))
    ):
        j = _object_first(scene, k)
        if j != k and _noun_follows(scene, skip_fillers(scene, j)):
            return []  # "ويشارك في المنتدى أكثر من 400 مشارك": a subject that is no entity
        return [i for i in hit.reading.agents if i.type in classes]
    return []


def _noun_follows(scene: Scene, k: int) -> bool:
    """A word that can be a subject stands at ``k``: no punctuation, function word,
    relative pronoun, clause opener or adverbial."""
    if k >= scene.n or scene.punct(k):
        return False
    norm = scene.norm(k)
    lex = scene.lex
    return not (
        lex.is_function_word(norm)
        or norm in lex.relative_words
        or scene._opens_clause(k)
        or scene.is_adverbial_opener(k)
    )


_COMPLEMENTIZERS = frozenset(lexicon("complementizers"))  # rules/lexicons/complementizers.txt


def _fronted(scene: Scene, group: Group) -> bool:
    """A list stands first in its clause, or right after إن/أن: it is the subject of
    the verb that follows it (SVO), not that verb's object."""
    first, _ = scene.clause_of(group.first)
    prev = scene.norm(group.first - 1)
    if prev in _COMPLEMENTIZERS:
        return True
    return group.first == first or (group.first == first + 1 and prev in ("و", "،"))


def _thing(scene: Scene, k: int) -> bool:
    """A definite noun that names no person (neither a title nor a role) stands at ``k``:
    the verb's subject is a thing or a body ("الحكومتان", "الشركة")."""
    if scene.name_at[k] is not None or scene.structure_at[k] is not None:
        return False
    norm = scene.norm(k)
    lex = scene.lex
    return is_definite(norm) and not lex.is_title(norm) and norm not in lex.verbs


def _role_anaphor(hit: Hit, k: int) -> Item | None:
    """A role phrase without a name standing for a person named before: one whose
    role reads the same ("واستقبل وزير الخارجية ..."), or for a bare definite role noun
    ("ووقع الوزير مذكرة") the latest person whose role opens with that noun."""
    scene = hit.scene
    if k >= scene.n or scene.name_at[k] is not None:
        return None
    if not scene.is_role_head(k):
        return None
    referent = scene.role_referent(k)
    if referent is not None:
        return referent  # "استقبل الرئيس السوري ...": the person whose role reads so
    stem = scene.bare(k)
    if not stem.startswith("ال") or stem not in scene.lex.roles:
        return None
    nxt = k + 1
    if scene.name_starting(nxt) is not None or scene.is_honorific(nxt):
        return None
    if scene.role_end(k) > k:
        return None  # a longer title that no person of the article holds
    head = stem[2:]
    reading = hit.reading
    best = None
    for sc in reading.scenes[: scene.sentence.index + 1]:
        for item in sc.items:
            if item.type is not T.PERSON or (sc is scene and item.first >= hit.t0):
                continue
            for text in scene.person_roles.get(item.key, []):
                role = normalize(text).split()
                opening = analyses(role[0])[-1].stem if role else ""
                if opening.removeprefix("ال") in (head, head + "ه"):
                    best = item
    return best


def _group_before(
    scene: Scene, t0: int, classes: frozenset[EntityType], *, across: bool = False
) -> Group | None:
    """The list ending before token ``t0`` in its clause (``across``: in the clause
    before, when ``t0`` opens one), with only skippable words (an adverbial between
    commas, "قد") between it and ``t0``."""
    first, _ = scene.clause_of(t0 - 1 if across else t0)
    best = None
    for g in scene.all_groups(classes):
        if g.last >= t0 or g.first < first:
            continue
        if _governed(scene, g.first):
            continue
        if _skippable(scene, g.last + 1, t0):
            best = g
    return best


def _governed(scene: Scene, k: int) -> bool:
    """The list at ``k`` is governed by a preposition (it is no subject): one before it
    ("مع X", "بين X") or one attached to its first word ("بالسيد X", "لشركة X")."""
    prev = scene.norm(k - 1)
    if prev in scene.lex.stopwords and prev not in ("ان", "إن", "أن", "و", "قد"):
        return True
    return scene.prep_attached(k)


def _skippable(scene: Scene, a: int, b: int) -> bool:
    """Tokens ``a``..``b - 1`` hold nothing but commas, fillers and adverbials set off
    by commas ("، وفي إطار زيارته الحالية إلى مصر،")."""
    k = a
    while k < b:
        if scene.comma(k):
            k += 1
            continue
        j = skip_fillers(scene, k)
        if j > k:
            k = j
            continue
        if scene.is_adverbial_opener(k):
            close = next((c for c in range(k + 1, b) if scene.comma(c)), None)
            if close is None:
                return False
            k = close + 1
            continue
        return False
    return True


# --------------------------------------------------------------------------- objects


def _clause_limit(hit: Hit) -> int:
    """The last token an argument after the trigger may take: the clause's end, or the
    token before the next trigger of the same frame family."""
    scene = hit.scene
    _, end = scene.clause_of(hit.t0)
    for other in scene.hits:
        if (
            other.t0 > hit.t1
            and other.frame.family == hit.frame.family
            and other.t0 <= end
            and (other.frame.id == hit.frame.id or _is_verb(scene, other.t0))
        ):
            return other.t0 - 1
    return end


def _is_verb(scene: Scene, k: int) -> bool:
    return bool(scene.bare(k) in scene.lex.clause_openers)


@selector("objects", check=_check_type)
def objects(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    etype = EntityType(arg)
    limit = _clause_limit(hit)
    found: list[Item] = []
    subject_items = {i.key for i in hit.cache.get("agent", [])}
    for item in scene.items:
        if item.type is not etype or item.first <= hit.t1 or item.first > limit:
            continue
        if item.key in subject_items or any(a <= item.first <= b for a, b in hit.spans):
            continue  # "ترأس X نائب رئيس القمة، مائدة ...": the subject's own title
        if _in_title(scene, item):
            continue
        if found:
            gap = [scene.norm(k) for k in range(found[-1].last + 1, item.first)]
            if not all(w in ("و", "،", ",") for w in gap):
                break
            if not gap and not scene.has_conj(item.first):
                break  # "الجلسة الأولى للمنتدى": one governs the other, no list
        found.append(item)
    if not found and etype is T.AGREEMENT:
        found = [t for t in scene.totals if hit.t1 < t.first <= limit][:1]
    return found


def _in_title(scene: Scene, item: Item) -> bool:
    """The item is governed by an indefinite role noun ("نائب رئيس القمة"): part of a
    person's title, not an argument of the verb."""
    prev = item.first - 1
    if prev < 0 or not scene.is_role_head(prev):
        return False
    return not is_definite(scene.bare(prev))


@selector("after", check=_check_words)
def after(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    words = tuple(arg.split())
    limit = _clause_limit(hit)
    out: list[Item] = []
    triggers = [(h.t0, h.t1) for h in scene.hits if h is not hit]
    rest = words[1:]
    for k in range(hit.t1 + 1, limit + 1):
        if scene.bare(k) != words[0] or scene.norms[k + 1 : k + len(words)] != rest:
            continue
        inside = scene.structure_at[k]
        if inside is not None and inside.type is T.AGREEMENT:
            continue  # "مذكرة تفاهم بين X وY": the agreement's own parties (agreements.named)
        if any(a <= k <= b for a, b in triggers):
            continue  # "برئاسة مشتركة بين X وY": another frame's word
        g = scene.group_at(skip_fillers(scene, k + len(words)), _AGENTS)
        if g is not None:
            out.extend(_remember(hit, g))
    return out


@selector("next")
def next_(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    k = skip_fillers(scene, hit.t1 + 1)
    g = scene.group_at(k, _AGENTS)
    return _remember(hit, g) if g is not None else []


@selector("next_of", check=_check_type)
def next_of(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    etype = EntityType(arg)
    k = skip_fillers(scene, hit.t1 + 1)
    while scene.norm(k) in scene.lex.occasion_nouns:
        k += 1  # "خلال أشغال الدورة", "على هامش فعاليات القمة"
    for item in scene.items:
        if item.type is etype and item.first == k:
            return [item]
    return []


@selector("before", check=_check_type)
def before(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    etype = EntityType(arg)
    first, _ = scene.clause_of(hit.t0)
    found = [i for i in scene.items if i.type is etype and first <= i.first and i.last < hit.t0]
    return found[-1:]


@selector("adjacent", check=_check_type)
def adjacent(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    etype = EntityType(arg)
    k = hit.t0 - 1
    while k >= 0 and (scene.comma(k) or scene.norm(k) in scene.lex.relative_words):
        k -= 1
    found = [i for i in scene.items if i.type is etype and i.last == k]
    return found[:1]


@selector("sentence", check=_check_type)
def sentence(hit: Hit, arg: str) -> list[Item]:
    scene = hit.scene
    etype = EntityType(arg)
    found = [i for i in scene.items if i.type is etype]
    if etype is T.AGREEMENT:
        found += scene.totals
    return found


@selector("occasion")
def occasion(hit: Hit, arg: str) -> list[Item]:
    return hit.scene.occasions()


@selector("none")
def none(hit: Hit, arg: str) -> list[Item]:
    return []


@selector("actor", check=_check_classes)
def actor(hit: Hit, arg: str) -> list[Item]:
    """Who acts in the clause of a noun trigger ("وعقد الدكتور X اجتماعا مع ...",
    "أجرى X مباحثات مع ..."): the list before it in its clause, else the persons acting
    in the sentences before."""
    scene = hit.scene
    classes = _classes(arg)
    first, _ = scene.clause_of(hit.t0)
    best = None
    for g in scene.all_groups(classes):
        if first <= g.first and g.last < hit.t0 and not _governed(scene, g.first):
            best = g
    if best is not None:
        return _remember(hit, best)
    if hit.frame.carry:
        return [i for i in hit.reading.agents if i.type in classes]
    return []


@selector("counterparts")
def counterparts(hit: Hit, arg: str) -> list[Item]:
    """Whom the subject meets: the persons after the subject in the clause, directly
    ("استقبل X نظيره Y"), after مع ("اجتمع X مع Y") or as the members of a delegation
    ("استقبل X الوفد الذي ضم إلى جانب Y الوزير Z"), up to the trigger of another frame
    ("بحضور ...")."""
    scene = hit.scene
    own = {i.key for i in hit.cache.get("agent", [])}
    limit = _clause_limit(hit)
    for other in scene.hits:
        # a marker that opens a list of its own ("بحضور", "برئاسة") ends the counterparts
        if hit.t1 < other.t0 <= limit and any(k == "next" for _, k, _ in other.frame.slots):
            limit = other.t0 - 1
    start = hit.t1 + 1
    for g in scene.all_groups(NAME_TYPES):
        if g.first >= hit.t1 and any(i.key in own for i in g.items):
            start = g.last + 1
            break
    out: list[Item] = []
    k = start
    while k <= limit:
        found = scene.group_at(k, PERSONS)
        if found is not None:
            out.extend(i for i in found.items if i.key not in own and i not in out)
            k = found.last + 1
            continue
        item = scene.name_at[k]
        k = item.last + 1 if item is not None else k + 1
    return out


@selector("in_place")
def in_place(hit: Hit, arg: str) -> list[Item]:
    """Places governed by في or ب after the trigger in its clause ("في العاصمة السورية
    دمشق", "بالرباط", "في فيلا ... بروما"), outside the names of organisations."""
    scene = hit.scene
    limit = _clause_limit(hit)
    out: list[Item] = []
    for item in scene.items:
        if item.type is not T.PLACE or item.first <= hit.t1 or item.first > limit:
            continue
        if scene.name_at[item.first] is not item:
            continue
        inside = scene.structure_at[item.first]
        if inside is not None and inside.type is T.AGREEMENT:
            continue
        k = item.first
        governed = (scene.prep_attached(k) and scene.norm(k)[:1] == "ب") or scene.norm(
            k - 1
        ) == "في"
        if not governed:
            # "في العاصمة السورية دمشق", "بمدينة جدة": a place noun and its adjectives first
            j = k - 1
            while j > hit.t1 and scene.name_at[j] is None and scene._is_nisba(j):
                j -= 1
            cue = scene.bare(j)
            stem = next(
                (a for a in analyses(cue) if a.stem.removeprefix("ال") in _PLACE_NOUNS), None
            )
            if stem is not None and scene.name_at[j] is None:
                governed = stem.prep == "ب" or scene.norm(j - 1) == "في"
        if governed and not _after_city(scene, item):
            out.append(item)
    return out


_PLACE_NOUNS = frozenset(lexicon("place_nouns"))  # rules/lexicons/place_nouns.txt


def _after_city(scene: Scene, item: Item) -> bool:
    """The place follows a city or country it contains ("في مدينة بكين بالصين"): the
    event is held in the city; the wider place only locates the city."""
    k = item.first - 1
    if scene.comma(k) or scene.norm(k) == "في":
        k -= 1
    before = scene.name_at[k] if 0 <= k < scene.n else None
    if before is None or before.type is not T.PLACE or before.last != k:
        return False
    if scene.structure_at[k] is not None:
        return False  # "القمة ... بين إيطاليا والجزائر في فيلا ...": a place in the event's name
    lex = scene.lex
    return normalize_name(before.mention.text) in lex.places


@selector("next_place")
def next_place(hit: Hit, arg: str) -> list[Item]:
    """The place right after the trigger ("ومقرها في دبي", "يتخذ من جدة مقرا"): within
    three words, past في, مدينة or العاصمة."""
    scene = hit.scene
    for item in scene.items:
        if item.type is T.PLACE and hit.t1 < item.first <= hit.t1 + 3:
            between = [scene.bare(k) for k in range(hit.t1 + 1, item.first)]
            if all(w in ("في", "مدينه", "العاصمه", "بمدينه", "بالعاصمه") for w in between):
                return [item]
    return []
