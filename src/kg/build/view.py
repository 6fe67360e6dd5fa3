"""What the HTML view (graph.html) shows: which entities, and their statements.

A large graph's view shows only the most connected entities (:func:`most_connected`).
Each document's part of the view is picked in a worker (:func:`view_part`) and the parts
are gathered in input order (:class:`ViewCollector`) into the graph the page draws.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from rdflib import RDF, Graph
from rdflib.term import Node
from rdflib.util import from_n3

from kg.build.spill import Summary
from kg.rdf import DocumentGraph, Statement, bind_prefixes
from kg.resolve import Corpus

#: The HTML view shows at most this many entities (the most connected ones).
VIEW_MAX_ENTITIES = 1000
#: In a view of the most connected entities, each lists at most this many documents.
VIEW_MAX_DOCUMENTS = 10

_EVIDENCE_KEEP = frozenset(
    ("a", "rdf:subject", "rdf:predicate", "rdf:object", "kg:text", "kg:role", "kg:inDocument")
)


def degrees(summaries: Sequence[Summary], corpus: Corpus) -> Counter[str]:
    """Number of relations each corpus entity takes part in (0 for none)."""
    degree: Counter[str] = Counter({str(iri): 0 for iri in corpus.entities})
    for summary in summaries:
        for subject, _, obj in summary.relations:
            degree[str(corpus.iri(summary.doc_id, subject))] += 1
            degree[str(corpus.iri(summary.doc_id, obj))] += 1
    return degree


def most_connected(degree: Counter[str], corpus: Corpus, limit: int) -> set[str]:
    """All entities when there are at most ``limit``, else the ``limit`` most connected."""
    if len(corpus.entities) <= limit:
        return set(degree)
    ranked = sorted(degree.items(), key=lambda item: (-item[1], item[0]))
    return {iri for iri, _ in ranked[:limit]}


@dataclass(frozen=True, slots=True)
class ViewPart:
    """What the HTML view may show of one document (see :class:`ViewCollector`)."""

    about: tuple[Statement, ...]  # statements about kept entities
    evidence: tuple[tuple[Statement, tuple[Statement, ...]], ...]  # (s p o, its evidence)
    identifier: Statement  # the document's dcterms:identifier


def view_part(graph: DocumentGraph, keep: frozenset[str]) -> ViewPart:
    """What the view may show of a document's graph, for the kept entities ``keep`` (N3)."""
    about = [st for st in (*graph.local, *graph.shared) if st[0] in keep]
    by_evidence: dict[str, dict[str, str]] = {}
    identifier = ("", "", "")
    for s, p, o in graph.local:
        if p == "dcterms:identifier":
            identifier = (s, p, o)
        elif p in ("rdf:subject", "rdf:predicate", "rdf:object"):
            by_evidence.setdefault(s, {})[p] = o
    triples: dict[str, Statement] = {}  # evidence of a relation between kept entities
    for ev, spo in sorted(by_evidence.items()):
        triple = (spo["rdf:subject"], spo["rdf:predicate"], spo["rdf:object"])
        if triple[0] in keep and triple[2] in keep:
            triples[ev] = triple
    statements: dict[str, list[Statement]] = {ev: [] for ev in triples}
    for st in graph.local:  # one pass for all evidence (not one per piece)
        if st[0] in statements and st[1] in _EVIDENCE_KEEP:
            statements[st[0]].append(st)
    evidence = [(triple, tuple(sorted(statements[ev]))) for ev, triple in triples.items()]
    return ViewPart(tuple(sorted(set(about))), tuple(evidence), identifier)


class ViewCollector:
    """Collects what the HTML view shows of the kept entities, document by document.

    That is what is said about kept entities, relations between two of them with their
    evidence (text, role, document), and the identifiers of the documents referred to.
    When the view is a selection of a large graph (``capped``), an entity lists at most
    :data:`VIEW_MAX_DOCUMENTS` documents and a relation at most one piece of evidence,
    so the page stays small enough for a browser.
    """

    def __init__(self, *, capped: bool) -> None:
        self._capped = capped
        self._statements: set[Statement] = set()
        self._documents: dict[str, Statement] = {}
        self._cited: set[str] = set()
        self._mentions: Counter[str] = Counter()
        self._evidenced: set[Statement] = set()

    def add(self, part: ViewPart) -> None:
        """Take one document's part."""
        self._documents[part.identifier[0]] = part.identifier
        for s, p, o in part.about:
            if p == "kg:mentionedIn":
                self._mentions[s] += 1
                if self._capped and self._mentions[s] > VIEW_MAX_DOCUMENTS:
                    continue
                self._cited.add(o)
            self._statements.add((s, p, o))
        for triple, statements in part.evidence:
            if self._capped and triple in self._evidenced:
                continue
            self._evidenced.add(triple)
            self._statements.update(statements)
            self._cited.update(o for _, p, o in statements if p == "kg:inDocument")

    def graph(self) -> Graph:
        """The view as an rdflib Graph."""
        statements = self._statements | {
            st for d, st in self._documents.items() if d in self._cited
        }
        g = Graph()
        bind_prefixes(g)
        manager = g.namespace_manager
        terms: dict[str, Node] = {"a": RDF.type}

        def term(text: str) -> Node:
            found = terms.get(text)
            if found is None:
                found = terms[text] = cast(Node, from_n3(text, nsm=manager))
            return found

        for s, p, o in sorted(statements):
            g.add((term(s), term(p), term(o)))
        return g
