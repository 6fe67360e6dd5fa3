"""The relation stage's engine: a document's scenes, the frames run over them, the
structures run over the whole, and the relations recorded with their evidence (pure)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kg.grammar.view import SentView
from kg.lexicon import Lexicon, analyses
from kg.model import (
    Document,
    Entity,
    EntityType,
    Evidence,
    Predicate,
    Relation,
)
from kg.relations.frames import Frame, Frames
from kg.relations.layout import Item, place_items
from kg.relations.scene import Scene
from kg.relations.signature import SIGNATURE

T = EntityType


@dataclass
class Hit:
    """A frame's trigger found in a scene: tokens ``t0``..``t1`` (inclusive)."""

    frame: Frame
    scene: Scene
    t0: int
    t1: int
    reading: Reading
    cache: dict[str, list[Item]] = field(default_factory=dict)
    slot: str = ""  # the slot being filled
    #: token spans of the lists that filled earlier slots (their role phrases included)
    spans: list[tuple[int, int]] = field(default_factory=list)
    reps: dict[str, list[tuple[Item, Item, str]]] = field(default_factory=dict)


@dataclass
class Reading:
    """Everything the frames and structures of one document share."""

    doc: Document
    lex: Lexicon
    entities: dict[str, Entity]
    scenes: list[Scene]
    relations: list[Relation] = field(default_factory=list)
    #: relations with a total that is no entity ("19 مذكرة"), for its members to take
    held: list[Relation] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)
    #: the persons last acting as a verb's subject (carried to later sentences)
    agents: list[Item] = field(default_factory=list)
    #: (subject, predicate, object) of the first ``n`` relations, for :meth:`has`
    _seen: set[tuple[str, Predicate, str]] = field(default_factory=set, repr=False)
    _seen_n: int = field(default=0, repr=False)

    # ------------------------------------------------------------------ recording

    def add(
        self,
        subj: Item,
        pred: Predicate,
        obj: Item,
        *,
        scene: Scene,
        span: tuple[int, int],
        rule_id: str,
        role: str | None = None,
    ) -> bool:
        """Record a relation between two items, read in ``scene`` over character
        ``span``; ends of the wrong types for the contract are dropped and counted."""
        if subj.key == obj.key:
            return False
        domain, range_ = SIGNATURE[pred]
        if subj.type not in domain or obj.type not in range_:
            self.dropped[f"{pred.value}: {subj.type.value} -> {obj.type.value}"] += 1
            return False
        index = scene.sentence.index
        start, end = span
        for item in (subj, obj):
            if item.mention.sentence == index:
                start, end = min(start, item.start), max(end, item.end)
        start = max(start, scene.sentence.start)
        end = min(end, scene.sentence.end)
        evidence = Evidence(self.doc.id, index, start, end, self.doc.text[start:end], rule_id)
        rel = Relation(subj.key, pred, obj.key, evidence, role)
        if subj.key.startswith("~") or obj.key.startswith("~"):
            self.held.append(rel)
        else:
            self.relations.append(rel)
        return True

    def has(self, subj: str, pred: Predicate, obj: str) -> bool:
        """Whether a relation ``subj pred obj`` is recorded (:attr:`relations` only grows,
        so the set of those seen is topped up from where it was left)."""
        seen, rels = self._seen, self.relations
        for r in rels[self._seen_n :]:
            seen.add((r.subject, r.predicate, r.object))
        self._seen_n = len(rels)
        return (subj, pred, obj) in seen

    def relations_of(self, pred: Predicate) -> list[Relation]:
        return [r for r in self.relations if r.predicate is pred]

    def item_of(self, key: str, scene: Scene) -> Item:
        """An item for entity ``key`` in ``scene``: its mention there, else its first
        mention anywhere (an entity carried from an earlier sentence)."""
        for item in scene.items:
            if item.key == key:
                return item
        e = self.entities[key]
        m = e.mentions[0]
        return Item(key, e.type, m, -1, -1, -1)


def build_scenes(
    doc: Document, views: Sequence[SentView], entities: Iterable[Entity], lex: Lexicon
) -> list[Scene]:
    """One scene a sentence (given by its view), with the entities' mentions placed over
    its tokens."""
    ents = {e.key: e for e in entities}
    by_sentence: dict[int, list[tuple[object, str, EntityType]]] = defaultdict(list)
    for e in ents.values():
        for m in e.mentions:
            by_sentence[m.sentence].append((m, e.key, e.type))
    scenes = []
    roles: dict[str, list[str]] = defaultdict(list)
    for view in views:
        s = view.sentence
        items = place_items(doc, s, view, by_sentence.get(s.index, []))  # type: ignore[arg-type]
        scene = Scene(doc, s, view, items, lex, ents, person_roles=roles)
        scenes.append(scene)
        for item in items:
            if item.type is T.PERSON:
                for span in scene.role_spans(item):
                    text = scene.role_text(span)
                    if text not in roles[item.key]:  # each role once: a long document
                        roles[item.key].append(text)  # repeats them
    for key, e in ents.items():
        if e.type is T.PERSON and e.role and e.role not in roles[key]:
            roles[key].append(e.role)
    for scene in scenes:
        scene.forget()  # lists read while the roles were incomplete
    return scenes


_INDEXES: dict[int, tuple[Frames, TriggerIndex]] = {}


def _index(frames: Frames) -> TriggerIndex:
    """The trigger index of a frame set, built once (the set is loaded once a process)."""
    hit = _INDEXES.get(id(frames))
    if hit is None or hit[0] is not frames:
        hit = _INDEXES[id(frames)] = (frames, TriggerIndex(frames.frames))
    return hit[1]


class TriggerIndex:
    """The frames' triggers by first word, found in a scene token by token."""

    def __init__(self, frames: Sequence[Frame]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], Frame]]] = defaultdict(list)
        for frame in frames:
            for words in frame.triggers:
                self.by_first[words[0]].append((words, frame))
        for hits in self.by_first.values():
            hits.sort(key=lambda wf: -len(wf[0]))

        self._by_norm: dict[str, tuple[tuple[tuple[str, ...], Frame], ...]] = {}

    def _starting(self, norm: str) -> tuple[tuple[tuple[str, ...], Frame], ...]:
        """The triggers whose first word a token reads as, with proclitics the frame
        allows ("ووقع", "بحضور"); kept by token, as the words recur."""
        found = self._by_norm.get(norm)
        if found is None:
            out = []
            for a in analyses(norm):
                clitics = norm[: a.prefix]
                for words, frame in self.by_first.get(a.stem, ()):
                    if all(c in frame.proclitics for c in clitics):
                        out.append((words, frame))
            if len(self._by_norm) > 200_000:
                self._by_norm.clear()
            found = self._by_norm[norm] = tuple(out)
        return found

    def hits(self, scene: Scene, reading: Reading) -> list[Hit]:
        out = []
        norms = scene.norms
        for k in range(scene.n):
            candidates = self._starting(norms[k])
            if not candidates:
                continue
            seen: set[str] = set()
            for words, frame in candidates:
                if frame.id in seen or norms[k + 1 : k + len(words)] != words[1:]:
                    continue
                seen.add(frame.id)
                out.append(Hit(frame, scene, k, k + len(words) - 1, reading))
        return out


def run_frames(reading: Reading, frames: Frames) -> None:
    """Every frame over every scene, in text order; then every structure."""
    from kg.relations.registry import SELECTORS, STRUCTURES

    index = _index(frames)
    order = {f.id: n for n, f in enumerate(frames.frames)}  # priority order
    for scene in reading.scenes:
        found_agents = False
        scene.hits = index.hits(scene, reading)
        for hit in sorted(scene.hits, key=lambda h: (order[h.frame.id], h.t0)):
            if not _fire(hit, SELECTORS) or "agent" not in hit.cache:
                continue
            persons = [i for i in hit.cache["agent"] if i.type is T.PERSON and i.first >= 0]
            if persons:
                reading.agents = persons  # "وشارك X في ...، حيث شارك في ...": X again
                found_agents = True
        if not found_agents:
            first = next((i for i in scene.items if i.type is T.PERSON), None)
            if first is not None:
                reading.agents = [first]
    for rule in frames.structures:
        STRUCTURES[rule.id](reading, rule)


def _allowed(hit: Hit, selectors: Mapping[str, object]) -> bool:
    """The frame's conditions hold at this hit (``needs_word``, ``unless_near``,
    ``requires``, ``unless``)."""
    frame, scene = hit.frame, hit.scene
    if frame.needs_word:
        _, end = scene.clause_of(hit.t0)
        if not any(scene.bare(k) in frame.needs_word for k in range(hit.t1 + 1, end + 1)):
            return False
    if frame.needs_near and not any(
        scene.bare(k) in frame.needs_near for k in range(max(0, hit.t0 - 3), hit.t0)
    ):
        return False
    if frame.unless_near and any(
        scene.bare(k) in frame.unless_near for k in range(max(0, hit.t0 - 3), hit.t0)
    ):
        return False
    for kind, arg in frame.requires:
        if not selectors[kind](hit, arg):  # type: ignore[operator]
            return False
    return not any(selectors[kind](hit, arg) for kind, arg in frame.unless)  # type: ignore[operator]


def _fire(hit: Hit, selectors: Mapping[str, object]) -> bool:
    """Fill a hit's slots and emit its relations; False when it states nothing."""
    frame = hit.frame
    if not _allowed(hit, selectors):
        return False
    for name, kind, arg in frame.slots:
        hit.slot = name
        fn = selectors[kind]
        hit.cache[name] = fn(hit, arg)  # type: ignore[operator]
    scene = hit.scene
    span = scene.offsets(hit.t0, hit.t1)
    fired = False
    for emit in frame.emit:
        subjects = _slot(hit, emit.subject)
        objects = _slot(hit, emit.object)
        for s, s_role in subjects:
            for o, _ in objects:
                role = s_role if emit.predicate is Predicate.AFFILIATED_WITH else None
                if hit.reading.add(
                    s, emit.predicate, o, scene=scene, span=span, rule_id=frame.id, role=role
                ):
                    fired = True
    return fired


def _slot(hit: Hit, name: str) -> list[tuple[Item, str | None]]:
    """The items of slot ``name``; ``S.rep`` names the persons that represent the
    bodies of slot ``S`` ("ممثلة بمديرها ...")."""
    if name.endswith(".rep"):
        return [(person, role) for person, _body, role in hit.reps.get(name[:-4], [])]
    return [(i, None) for i in hit.cache.get(name, [])]


def dedupe(relations: Sequence[Relation]) -> tuple[Relation, ...]:
    """Relations in text order, one per (subject, predicate, object, span)."""
    seen: set[tuple[str, Predicate, str, int, int]] = set()
    out = []
    for rel in sorted(
        relations,
        key=lambda r: (r.evidence.start, r.evidence.end, r.predicate.value, r.subject, r.object),
    ):
        key = (rel.subject, rel.predicate, rel.object, rel.evidence.start, rel.evidence.end)
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return tuple(out)
