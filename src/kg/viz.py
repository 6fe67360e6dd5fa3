"""Interactive HTML views of a kg graph, and GraphML/GEXF exports for Gephi.

The HTML page is self-contained: vis-network's JavaScript and CSS (the copy shipped in
the pyvis wheel, kept in ``kg/static``), the page's own script and style, and the graph
data are all inlined, and a Content-Security-Policy forbids every network load. Graph
data travels as JSON inside a ``<script type="application/json">`` element with ``<``,
``>`` and ``&`` escaped, and the page builds labels, tooltips and lists with
``textContent`` only, so document text can never inject markup or script.

Read-only: this module reads a Graph and returns text or writes export files; it never
writes the store.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.contract import CONTRACT
from kg.errors import KgError, StoreError
from kg.page import FONT_STACK, LARGE_GRAPH, fill, options
from kg.vocab import KG

__all__ = [
    "CLASSES",
    "LARGE_GRAPH",
    "RELATIONS",
    "View",
    "render_html",
    "to_networkx",
    "write_gexf",
    "write_graphml",
    "write_html",
]


@dataclass(frozen=True, slots=True)
class NodeClass:
    """How one entity class is drawn: key, Arabic name, colour and vis-network shape."""

    iri: URIRef
    key: str
    arabic: str
    color: str
    shape: str


CLASSES: tuple[NodeClass, ...] = (
    NodeClass(KG.Person, "Person", "شخص", "#4e79a7", "dot"),
    NodeClass(KG.Organisation, "Organisation", "منظمة", "#f28e2b", "square"),
    NodeClass(KG.Event, "Event", "حدث", "#e15759", "diamond"),
    NodeClass(KG.Agreement, "Agreement", "اتفاقية", "#59a14f", "triangle"),
    NodeClass(KG.Place, "Place", "مكان", "#b07aa1", "hexagon"),
)
"""Entity classes in drawing order; an entity takes the first class it has."""

_SUBCLASSES: dict[URIRef, URIRef] = {
    URIRef(CONTRACT.iri(sub)): URIRef(CONTRACT.iri(cls)) for sub, cls in CONTRACT.subclasses.items()
}

RELATIONS: dict[URIRef, str] = {URIRef(r.iri): r.gloss for r in CONTRACT.relations}
"""The contract's relations drawn as edges, with an Arabic gloss for tooltips."""

_SYMMETRIC = frozenset(URIRef(r.iri) for r in CONTRACT.relations if r.symmetric)

_MAX_NODE_EVIDENCE = 5
_MAX_EDGE_EVIDENCE = 10


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True, slots=True)
class _Evidence:
    text: str
    role: str
    document: str


@dataclass(frozen=True, slots=True)
class _Entity:
    iri: str
    label: str
    kind: str
    classes: tuple[str, ...]
    alt_labels: tuple[str, ...]
    roles: tuple[str, ...]
    start: str
    end: str
    value: str
    currency: str
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Relation:
    subject: str
    predicate: URIRef
    object: str
    evidence: tuple[_Evidence, ...]


def _local(iri: Node) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1] or text


def _texts(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    return sorted({str(o) for o in graph.objects(subject, predicate) if isinstance(o, Literal)})


def _first(graph: Graph, subject: Node, predicate: URIRef) -> str:
    values = _texts(graph, subject, predicate)
    return values[0] if values else ""


def _label(graph: Graph, subject: Node) -> str:
    labels = [o for o in graph.objects(subject, RDFS.label) if isinstance(o, Literal)]
    arabic = sorted(str(o) for o in labels if o.language == "ar")
    if arabic:
        return arabic[0]
    if labels:
        return sorted(str(o) for o in labels)[0]
    return _local(subject)


def _document_name(graph: Graph, document: Node) -> str:
    return _first(graph, document, DCTERMS.identifier) or _local(document)


def _as_graph(graph: Graph) -> Graph:
    """Return ``graph``, or the union of a Dataset's graphs as one plain Graph.

    rdflib 7.6 warns on every pattern match over a Dataset (``default_context`` is
    deprecated), so a Dataset is copied once through its non-deprecated ``graphs()``.
    """
    if not isinstance(graph, Dataset):
        return graph
    union = Graph()
    for named in graph.graphs():
        for triple in named:
            union.add(triple)
    return union


def _read(graph: Graph) -> tuple[dict[str, _Entity], list[_Relation]]:
    """Collect entities, relations and their evidence from ``graph``."""
    graph = _as_graph(graph)
    kinds: dict[URIRef, URIRef] = {c.iri: c.iri for c in CLASSES} | _SUBCLASSES
    order = {c.iri: i for i, c in enumerate(CLASSES)}
    classes_of: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls in kinds:
        for subject in graph.subjects(RDF.type, cls):
            if isinstance(subject, URIRef):
                classes_of[subject].add(cls)

    doc_names: dict[Node, str] = {}

    def doc_name(document: Node) -> str:
        if document not in doc_names:
            doc_names[document] = _document_name(graph, document)
        return doc_names[document]

    entities: dict[str, _Entity] = {}
    for subject in sorted(classes_of):
        classes = classes_of[subject]
        kind = min((kinds[c] for c in classes), key=order.__getitem__)
        value = _first(graph, subject, KG.value)
        entities[str(subject)] = _Entity(
            iri=str(subject),
            label=_label(graph, subject),
            kind=_local(kind),
            classes=tuple(sorted(_local(c) for c in classes)),
            alt_labels=tuple(_texts(graph, subject, SKOS.altLabel)),
            roles=tuple(_texts(graph, subject, KG.role)),
            start=_first(graph, subject, KG.startDate),
            end=_first(graph, subject, KG.endDate),
            value=value,
            currency=_first(graph, subject, KG.currency),
            documents=tuple(sorted({doc_name(d) for d in graph.objects(subject, KG.mentionedIn)})),
        )

    evidence: dict[tuple[str, str, str], set[_Evidence]] = defaultdict(set)
    for record in graph.subjects(RDF.type, KG.Evidence):
        s = graph.value(record, RDF.subject)
        p = graph.value(record, RDF.predicate)
        o = graph.value(record, RDF.object)
        text = _first(graph, record, KG.text)
        if s is None or p is None or o is None or not text:
            continue
        document = graph.value(record, KG.inDocument)
        evidence[(str(s), str(p), str(o))].add(
            _Evidence(
                text=text,
                role=_first(graph, record, KG.role),
                document=doc_name(document) if document is not None else "",
            )
        )

    relations: list[_Relation] = []
    for predicate in RELATIONS:
        pairs = sorted(
            {
                (str(s), str(o))
                for s, o in graph.subject_objects(predicate)
                if str(s) in entities and str(o) in entities
            }
        )
        for source, target in pairs:
            found = evidence.get((source, str(predicate), target), set())
            if predicate in _SYMMETRIC:
                found = found | evidence.get((target, str(predicate), source), set())
            ordered = tuple(sorted(found, key=_evidence_key))
            relations.append(_Relation(source, predicate, target, ordered))
    return entities, relations


def _evidence_key(item: _Evidence) -> tuple[str, str, str]:
    return (item.document, item.text, item.role)


# ------------------------------------------------------------------------ networkx


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """Return the entities and relations of ``graph`` as a networkx multigraph.

    Nodes are entity IRIs; edges are keyed by relation name. Every attribute is a scalar
    (str, int or float), so the graph writes as GraphML or GEXF unchanged.

    Args:
        graph: An rdflib Graph (or a Dataset with ``default_union=True``) shaped as
            docs/DESIGN.md describes.

    Returns:
        A ``networkx.MultiDiGraph`` with node attributes ``label``, ``type``, ``classes``,
        ``altLabels``, ``role``, ``startDate``, ``endDate``, ``value``, ``currency``,
        ``documents`` (only those present) and edge attributes ``relation``,
        ``predicate``, ``evidence`` and ``evidenceCount``.
    """
    entities, relations = _read(graph)
    return _networkx(entities, relations)


def _networkx(entities: Mapping[str, _Entity], relations: Iterable[_Relation]) -> nx.MultiDiGraph:
    result = nx.MultiDiGraph()
    for entity in entities.values():
        attrs: dict[str, str | int | float] = {
            "label": entity.label,
            "type": entity.kind,
            "classes": " ".join(entity.classes),
            "documents": len(entity.documents),
        }
        optional: dict[str, str] = {
            "altLabels": " | ".join(entity.alt_labels),
            "role": " | ".join(entity.roles),
            "startDate": entity.start,
            "endDate": entity.end,
            "currency": entity.currency,
        }
        attrs.update({k: v for k, v in optional.items() if v})
        if entity.value:
            try:
                attrs["value"] = float(entity.value)
            except ValueError:
                attrs["value_text"] = entity.value
        result.add_node(entity.iri, **attrs)
    for relation in relations:
        name = _local(relation.predicate)
        result.add_edge(
            relation.subject,
            relation.object,
            key=name,
            relation=name,
            predicate=str(relation.predicate),
            evidence="\n".join(e.text for e in relation.evidence),
            evidenceCount=len(relation.evidence),
        )
    return result


def write_graphml(graph: Graph, path: str | Path) -> None:
    """Write the entities and relations of ``graph`` as GraphML (UTF-8) for Gephi.

    Args:
        graph: The graph to export.
        path: Where to write the ``.graphml`` file (replaced whole, never half-written).

    Raises:
        StoreError: The file cannot be written.
    """
    _write_network(graph, Path(path), nx.write_graphml)


def write_gexf(graph: Graph, path: str | Path) -> None:
    """Write the entities and relations of ``graph`` as GEXF (UTF-8) for Gephi.

    Arguments and errors as :func:`write_graphml` (the file is a ``.gexf`` one).
    """
    _write_network(graph, Path(path), nx.write_gexf)


def _write_network(graph: Graph, path: Path, write: Callable[..., object]) -> None:
    """Write ``graph``'s network with a networkx writer (UTF-8), atomically."""
    network = to_networkx(graph)
    _write_atomic(path, lambda tmp: write(network, str(tmp), encoding="utf-8"))


def _write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then move it into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise StoreError(f"cannot write {path}: {err.strerror or err}.") from err


# ---------------------------------------------------------------------- selection


def _normalise(text: str) -> str:
    """Fold a name for matching: kg.normalize's name key, case-folded (for Latin names)."""
    from kg.normalize import normalize_name  # camel-tools: keep it off the import path

    return normalize_name(unicodedata.normalize("NFKC", text)).casefold()


def _find(entities: Mapping[str, _Entity], name: str) -> list[str]:
    if name in entities:
        return [name]
    wanted = _normalise(name)
    if not wanted:
        raise KgError("the focus name is empty; give an entity's name or IRI.")
    names = {iri: {_normalise(n) for n in (e.label, *e.alt_labels)} for iri, e in entities.items()}
    exact = [iri for iri, forms in names.items() if wanted in forms]
    if exact:
        return exact
    partial = [iri for iri, forms in names.items() if any(wanted in f for f in forms)]
    if partial:
        return partial
    raise KgError(f"no entity named {name!r} in the graph; check the spelling or give its IRI.")


def _kinds(types: Sequence[str]) -> set[str]:
    known = {c.key.casefold(): c.key for c in CLASSES}
    known |= {c.arabic: c.key for c in CLASSES}
    known |= {str(c.iri).casefold(): c.key for c in CLASSES}
    known |= {_local(sub).casefold(): _local(cls) for sub, cls in _SUBCLASSES.items()}
    known["organization"] = "Organisation"
    wanted: set[str] = set()
    for name in types:
        key = name.strip().removeprefix("kg:").casefold()
        if key not in known:
            choices = ", ".join(c.key for c in CLASSES)
            raise KgError(f"unknown entity type {name!r}; use one of {choices}.")
        wanted.add(known[key])
    return wanted


def _neighbourhood(roots: Sequence[str], relations: Iterable[_Relation], depth: int) -> set[str]:
    adjacent: dict[str, set[str]] = defaultdict(set)
    for relation in relations:
        adjacent[relation.subject].add(relation.object)
        adjacent[relation.object].add(relation.subject)
    seen = set(roots)
    queue = deque((root, 0) for root in roots)
    while queue:
        node, distance = queue.popleft()
        if distance == depth:
            continue
        for other in adjacent[node]:
            if other not in seen:
                seen.add(other)
                queue.append((other, distance + 1))
    return seen


# ------------------------------------------------------------------------- render


def render_html(
    graph: Graph,
    *,
    title: str = "kg",
    focus: str | None = None,
    depth: int = 1,
    types: Sequence[str] | None = None,
) -> str:
    """Return a self-contained HTML page of the graph.

    Entities are the nodes and the contract's relations the edges.

    Args:
        graph: An rdflib Graph (or a Dataset with ``default_union=True``).
        title: Page title and heading.
        focus: Show only this entity's neighbourhood: a name (matched against labels and
            alternative labels after Arabic normalisation) or an entity IRI. Every
            entity whose name matches exactly is a centre; failing that, every entity
            whose name contains it.
        depth: How many relations away from the focus to go (0 = the entity alone).
        types: Show only entities of these classes (``Person``, ``kg:Event``, an IRI,
            or the Arabic class name); focus entities are always kept.

    Returns:
        The page as a string (write it as UTF-8).

    Raises:
        KgError: No entity matches ``focus``, ``depth`` is negative, or a type is unknown.
    """
    return _render(graph, title=title, focus=focus, depth=depth, types=types).html


@dataclass(frozen=True, slots=True)
class View:
    """A rendered view: the page and how many entities and relations it shows."""

    html: str
    nodes: int
    edges: int


def write_html(
    graph: Graph,
    path: str | Path,
    *,
    title: str = "kg",
    focus: str | None = None,
    depth: int = 1,
    types: Sequence[str] | None = None,
) -> View:
    """Render a view of ``graph`` (see :func:`render_html`) and write it as UTF-8.

    Args:
        graph: The graph to show.
        path: Where to write the page (replaced whole, never half-written).
        title: Page title and heading.
        focus: Show only this entity's neighbourhood (name or IRI).
        depth: How many relations away from the focus to go.
        types: Show only entities of these classes.

    Returns:
        The view written, with its node and edge counts.

    Raises:
        KgError: As :func:`render_html`.
        StoreError: The file cannot be written.
    """
    view = _render(graph, title=title, focus=focus, depth=depth, types=types)
    _write_atomic(Path(path), lambda tmp: tmp.write_text(view.html, encoding="utf-8"))
    return view


def _render(
    graph: Graph,
    *,
    title: str,
    focus: str | None,
    depth: int,
    types: Sequence[str] | None,
) -> View:
    if depth < 0:
        raise KgError(f"depth must be 0 or more, not {depth}.")
    entities, relations = _read(graph)
    keep = set(entities)
    roots: list[str] = []
    if focus is not None:
        roots = _find(entities, focus)
        keep = _neighbourhood(roots, relations, depth)
    if types:
        kinds = _kinds(types)
        keep = {iri for iri in keep if entities[iri].kind in kinds} | set(roots)
    view = {iri: entities[iri] for iri in sorted(keep)}
    shown = [r for r in relations if r.subject in view and r.object in view]
    data = _page_data(view, shown, roots=roots, title=title)
    return View(fill(title=title, data=data), nodes=len(data["nodes"]), edges=len(data["edges"]))


def _page_data(
    entities: Mapping[str, _Entity],
    relations: Sequence[_Relation],
    *,
    roots: Sequence[str],
    title: str,
) -> dict[str, Any]:
    from pyvis.network import Network  # imports IPython: keep it off the CLI start-up path

    degree = dict(_networkx(entities, relations).degree())
    involved: dict[str, list[str]] = defaultdict(list)
    for relation in relations:
        for end in (relation.subject, relation.object):
            involved[end].extend(e.text for e in relation.evidence)

    net = Network(directed=True, cdn_resources="in_line")
    # Filling pyvis's lists directly: add_node/add_edge scan every node on each call.
    net.nodes = [
        _node(entity, degree=degree.get(iri, 0), evidence=involved[iri], root=iri in roots)
        for iri, entity in entities.items()
    ]
    net.edges = _edges(relations)
    nodes, edges, *_ = net.get_network_data()
    counts = defaultdict(int, {c.key: 0 for c in CLASSES})
    for entity in entities.values():
        counts[entity.kind] += 1
    return {
        "title": title,
        "large": len(nodes) >= LARGE_GRAPH,
        "font": FONT_STACK,
        "classes": [
            {
                "key": c.key,
                "arabic": c.arabic,
                "color": c.color,
                "shape": c.shape,
                "count": counts[c.key],
            }
            for c in CLASSES
        ],
        "relations": {_local(p): gloss for p, gloss in RELATIONS.items()},
        "nodes": nodes,
        "edges": edges,
        "options": options(len(nodes)),
    }


def _node(entity: _Entity, *, degree: int, evidence: Sequence[str], root: bool) -> dict[str, Any]:
    info: dict[str, Any] = {
        "type": entity.kind,
        "classes": list(entity.classes),
        "alt": [a for a in entity.alt_labels if a != entity.label],
        "roles": list(entity.roles),
        "start": entity.start,
        "end": entity.end,
        "value": entity.value,
        "currency": entity.currency,
        "documents": list(entity.documents),
        "evidence": sorted(set(evidence))[:_MAX_NODE_EVIDENCE],
        "evidenceTotal": len(set(evidence)),
    }
    node: dict[str, Any] = {
        "id": entity.iri,
        "label": entity.label,
        "group": entity.kind,
        "value": degree + 1,
        "info": {k: v for k, v in info.items() if v},
    }
    if root:
        node["borderWidth"] = 4
    return node


def _edges(relations: Sequence[_Relation]) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = []
    parallel: dict[frozenset[str], int] = defaultdict(int)
    seen_symmetric: set[tuple[frozenset[str], URIRef]] = set()
    for index, relation in enumerate(relations):
        pair = frozenset((relation.subject, relation.object))
        symmetric = relation.predicate in _SYMMETRIC
        if symmetric:
            if (pair, relation.predicate) in seen_symmetric:
                continue
            seen_symmetric.add((pair, relation.predicate))
        name = _local(relation.predicate)
        edge: dict[str, Any] = {
            "id": f"e{index}",
            "from": relation.subject,
            "to": relation.object,
            "label": name,
            "arrows": "" if symmetric else "to",
            "info": {
                "relation": name,
                "evidence": [
                    {"text": e.text, "role": e.role, "document": e.document}
                    for e in relation.evidence[:_MAX_EDGE_EVIDENCE]
                ],
                "evidenceTotal": len(relation.evidence),
            },
        }
        rank = parallel[pair]
        parallel[pair] += 1
        if rank:  # parallel edges bend apart instead of drawing on top of each other
            edge["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.25 * rank}
        edges.append(edge)
    return edges
