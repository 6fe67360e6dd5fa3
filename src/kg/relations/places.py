"""Where places and organisations are (pure).

A place followed by a wider one is in it: "بدبي، الإمارات", "مدينة بكين بالصين", "جدة
غرب السعودية", "بتيراك وتمسماسة بولاية تمنراست" (every member of a list). An
organisation followed at once by ب/في and a place that closes the phrase is based there:
"حوض اللوكوس بالمغرب", "المؤسسة العامة لتشجيع الاستثمارات في لبنان".
"""

from __future__ import annotations

from kg.model import EntityType, Predicate
from kg.normalize import normalize_name
from kg.relations.frames import Structure
from kg.relations.layout import Group, Item
from kg.relations.reading import Reading
from kg.relations.registry import structure
from kg.relations.scene import Scene

T = EntityType
P = Predicate
PLACES = frozenset({T.PLACE})
ORGS = frozenset({T.ORGANISATION})


def _link(scene: Scene, k: int) -> int | None:
    """Where the wider place starts after a group ending before token ``k``: after a
    comma, في, a direction ("غرب"), or at once when ب is attached; None otherwise."""
    lex = scene.lex
    norm = scene.norm(k)
    if scene.comma(k):
        return k + 1
    if norm == "في" or scene.bare(k) in lex.directions:
        return k + 1
    if norm in lex.directions and scene.norm(k + 1) in lex.directions:
        return k + 2
    item = scene.name_starting(k)
    if item is not None and scene.prep_attached(k) and scene.norm(k)[:1] == "ب":
        return k
    return None


def _wider(reading: Reading, inner: Item, outer: Item) -> bool:
    lex = reading.lex
    a = normalize_name(reading.entities[inner.key].label)
    b = normalize_name(reading.entities[outer.key].label)
    if a == b or a in lex.major_places:
        return False
    if b in lex.major_places:
        return True
    if outer.mention.rule_id.startswith("place.cue"):
        return True  # "بولاية تمنراست", "محافظة الجيزة"
    return b in lex.major_cities and a not in lex.major_cities


def _closes(scene: Scene, item: Item) -> bool:
    """Nothing but punctuation, و or the end of the sentence follows the item."""
    k = item.last + 1
    return (
        k >= scene.n
        or scene.punct(k)
        or scene.has_conj(k)
        or scene.norm(k) in (scene.lex.clause_words)
    )


def _after(scene: Scene, group: Group) -> Item | None:
    k = _link(scene, group.last + 1)
    if k is None:
        return None
    item = scene.name_starting(k)
    if item is None and scene.bare(k) in scene.lex.place_cues:
        item = scene.name_at[k + 1] if k + 1 < scene.n else None
    return item if item is not None and item.type is T.PLACE else None


@structure("places.within")
def within(reading: Reading, rule: Structure) -> None:
    for scene in reading.scenes:
        places = [i for i in scene.items if i.type is T.PLACE]
        for outer in places:
            link = _link_before(scene, outer)
            if link is None:
                continue
            j = link - 1
            while (
                j > 0
                and link - j <= 2
                and link == outer.first
                and scene.name_at[j] is None
                and scene._is_adjective(j)
            ):
                j -= 1  # "فيلا دوريا بامفيلي التاريخية بروما": the venue's adjective
            inner = scene.name_at[j] if j >= 0 else None
            members = []
            while inner is not None and inner.type is T.PLACE and inner.key != outer.key:
                members.append(inner)
                # "بتيراك وتمسماسة بولاية تمنراست": the places joined by و before it
                if not scene.has_conj(inner.first) or inner.first < 1:
                    break
                inner = scene.name_at[inner.first - 1]
            for m in members:
                if _wider(reading, m, outer):
                    reading.add(
                        m,
                        P.LOCATED_IN,
                        outer,
                        scene=scene,
                        span=(m.start, outer.end),
                        rule_id=rule.id,
                    )


def _link_before(scene: Scene, outer: Item) -> int | None:
    """The token right after the inner place, when a link joins it to ``outer``: a
    comma, في, a direction ("غرب السعودية"), a place noun with ب ("بولاية"), or ب
    attached to the wider place itself ("بكين بالصين")."""
    k = outer.first
    lex = scene.lex
    if scene.norm(k)[:1] == "ب" and scene.prep_attached(k) and outer.first == outer.name_first:
        return k
    j = k - 1
    if outer.first < outer.name_first and scene.bare(k)[:1] == "ب":
        return k  # "بولاية تمنراست", "بمدينة ..."
    if j >= 0 and (scene.comma(j) or scene.norm(j) == "في" or scene.bare(j) in lex.directions):
        if scene.bare(j) in lex.directions and scene.norm(j - 1) in lex.directions:
            j -= 1
        return j
    return None


@structure("organisations.seat")
def seat(reading: Reading, rule: Structure) -> None:
    for scene in reading.scenes:
        for item in scene.items:
            if item.type is not T.ORGANISATION or item.mention.rule_id.endswith(".anaphor"):
                continue  # "خطط الشركة في مصر": the company's plans there
            k = item.last + 1
            if k < scene.n and scene.view.quote[k]:
                k += 1  # the closing quote of "الكونفدرالية “سيكورا” بإسبانيا"
            # "شركة X المقدم الرئيسي لخدمات الاتصالات في هونغ كونغ": a description first
            j = k
            while (
                j < scene.n
                and j - k < 6
                and scene.name_at[j] is None
                and (scene._complement(j) or (scene._prep_l(j) and scene._complement(j + 1)))
            ):
                j += 1
            if j > k and scene.norm(j) == "في":
                k = j
            if scene.norm(k) == "في":
                k += 1
            elif not (scene.prep_attached(k) and scene.norm(k)[:1] == "ب"):
                continue
            place = scene.name_starting(k)
            if place is None or place.type is not T.PLACE or not _closes(scene, place):
                continue
            reading.add(
                item,
                P.LOCATED_IN,
                place,
                scene=scene,
                span=(item.start, place.end),
                rule_id=rule.id,
            )
