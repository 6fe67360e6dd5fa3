"""Posts: who holds which post in which organisation (pure).

A person's role phrase, written before the name ("الرئيس التنفيذي لمجموعة X رؤوف ...")
or set off after it ("X، رئيس مجلس إدارة صندوق Y،"), names the organisation of the post;
a body's representative in a signing ("شركة X، ممثلة بمديرها التنفيذي السيد Y") holds a
post there; a minister belongs to the ministry of the same portfolio named elsewhere in
the article ("وزير الصحة" … "وزارة الصحة").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kg.model import EntityType, Predicate
from kg.normalize import normalize_name
from kg.relations.frames import Structure
from kg.relations.layout import BODY_TYPES, NAME_TYPES, Item
from kg.relations.reading import Reading
from kg.relations.registry import structure
from kg.relations.scene import Scene

T = EntityType
P = Predicate


def _heads(scene: Scene, span: tuple[int, int]) -> list[int]:
    """The role nouns that open a post inside a role phrase: the first word, and each
    role noun after و or after a completed complement ("وزير ... رئيس الدورة ...")."""
    a, b = span
    out = [a]
    for k in range(a + 1, b + 1):
        if scene.name_at[k] is not None or not scene.is_role_head(k):
            continue
        prev_role = scene.is_role_head(k - 1) and not scene.has_conj(k)
        if not prev_role:
            out.append(k)
    return out


def posts(scene: Scene, span: tuple[int, int]) -> list[tuple[Item, str]]:
    """The organisations a role phrase names, each with the title that governs it:
    "الرئيس التنفيذي لمجموعة X" → (X, "الرئيس التنفيذي")."""
    b = span[1]
    heads = _heads(scene, span)
    out: list[tuple[Item, str]] = []
    for n, h in enumerate(heads):
        stop = heads[n + 1] - 1 if n + 1 < len(heads) else b
        org = next(
            (
                i
                for i in scene.items
                if i.type is T.ORGANISATION and h < i.first <= stop and i.last <= b
            ),
            None,
        )
        if org is None:
            continue
        title = scene.role_text((h, org.first - 1)) if org.first > h else scene.role_text((h, h))
        out.append((org, _title(title)))
    return out


def _title(text: str) -> str:
    """A title without the preposition that links it to the organisation ("رئيس
    مجلس إدارة" of "رئيس مجلس إدارة", "الأمين العام" of "الأمين العام ل")."""
    words = text.split()
    while words and normalize_name(words[-1]) in ("في", "لدي", "ب", "ل", "علي"):
        words.pop()
    return " ".join(words)


def _held_roles(reading: Reading) -> Iterator[tuple[Scene, Item, tuple[int, int]]]:
    """Every person of the document with each role phrase the text gives it."""
    for scene in reading.scenes:
        for item in scene.items:
            if item.type is T.PERSON:
                for span in scene.role_spans(item):
                    yield scene, item, span


@structure("roles.affiliation")
def affiliation(reading: Reading, rule: Structure) -> None:
    for scene, item, span in _held_roles(reading):
        for org, title in posts(scene, span):
            reading.add(
                item,
                P.AFFILIATED_WITH,
                org,
                scene=scene,
                span=scene.offsets(*span),
                rule_id=rule.id,
                role=title,
            )


@structure("roles.representation")
def representation(reading: Reading, rule: Structure) -> None:
    """ "شركة X، ممثلة بمديرها التنفيذي السيد Y": Y holds a post at X ("المدير التنفيذي";
    "ممثل" when the text gives no title)."""
    for scene in reading.scenes:
        for group in scene.all_groups(NAME_TYPES):
            for member in group.members:
                if member.item.type not in BODY_TYPES:
                    continue
                for rep in member.represented_by:
                    if member.item.type is not T.ORGANISATION:
                        continue
                    title = _possessed(scene.role_text(rep.roles[0])) if rep.roles else "ممثل"
                    reading.add(
                        rep.item,
                        P.AFFILIATED_WITH,
                        member.item,
                        scene=scene,
                        span=scene.offsets(member.first, rep.last),
                        rule_id=rule.id,
                        role=title,
                    )


def _possessed(title: str) -> str:
    """ "بمديرها التنفيذي" → "المدير التنفيذي": the role noun without ب and the pronoun."""
    words = title.split()
    if not words:
        return title
    head = words[0]
    if head.startswith("ب"):
        head = head[1:]
    for suffix in ("هما", "هم", "ها", "ه"):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            head = head[: -len(suffix)]
            break
    return " ".join(["ال" + head if not head.startswith("ال") else head, *words[1:]])


@structure("roles.portfolio")
def portfolio(reading: Reading, rule: Structure) -> None:
    """ "وزير X" and "وزارة X" of the same article: the minister belongs to it."""
    ministries = {}
    for e in reading.entities.values():
        if e.type is T.ORGANISATION:
            words = normalize_name(e.label).split()
            if words and words[0] in {"وزاره", "الوزاره"}:
                ministries[_portfolio(words[1:])] = e
    if not ministries:
        return
    for scene, item, span in _held_roles(reading):
        words = normalize_name(scene.role_text(span)).split()
        if not words or words[0] not in {"وزير", "وزيره", "الوزير", "الوزيره"}:
            continue
        ministry = ministries.get(_portfolio(words[1:]))
        if ministry is None:
            continue
        reading.add(
            item,
            P.AFFILIATED_WITH,
            reading.item_of(ministry.key, scene),
            scene=scene,
            span=scene.offsets(*span),
            rule_id=rule.id,
            role=scene.role_text(span),
        )


def _portfolio(words: Sequence[str]) -> str:
    """A ministry's portfolio for comparison: nisba gender (الصيني/الصينية) folded."""
    return " ".join(w[:-1] if w.endswith("ه") else w for w in words)


@structure("roles.event_post")
def event_post(reading: Reading, rule: Structure) -> None:
    """A role phrase that names an event ("نائب رئيس القمة العالمية للحكومات", "رئيس
    اللجنة المنظمة للمؤتمر"): the person takes part in it."""
    for scene, item, span in _held_roles(reading):
        for ev in scene.items:
            if ev.type is T.EVENT and span[0] < ev.first and ev.last <= span[1]:
                reading.add(
                    item,
                    P.PARTICIPATED_IN,
                    ev,
                    scene=scene,
                    span=scene.offsets(*span),
                    rule_id=rule.id,
                )
