"""Stream document graphs into ``graph.trig`` and their union into ``graph.ttl``.

rdflib's Turtle and TriG serialisers hold the whole graph and sort it in Python, which
takes minutes and gigabytes for a corpus of thousands of documents. This writer takes one
document's graph at a time (:class:`kg.rdf.DocumentGraph`) and appends it:

- ``graph.trig``: one ``<document> { ... }`` block per document, in input order;
- ``graph.ttl``: the statements of each document that no earlier document gave, so the
  file is the union of the named graphs with every triple once;
- optionally ``graph.nq`` (N-Quads, full IRIs) and ``graph.jsonld`` (expanded JSON-LD, one
  ``{"@id": document, "@graph": [...]}`` object per document), from the same statements.

Inside a block statements are deduplicated, sorted and grouped by subject (``;``), so the
output is byte-identical for the same input whatever the order extraction finished in.
Terms are already in Turtle syntax (see :func:`kg.rdf.document_statements`): prefixed
names for vocabulary terms, ``<iri>`` for resources, escaped literals. Both files parse with
rdflib, pyoxigraph and ``rapper``.

To drop repeated statements from the union without keeping them all, the writer remembers
a 128-bit BLAKE2 digest of each *shared* statement (an entity's type and label, relations,
memberships); statements about a document, its mentions and evidence cannot repeat in
another document and are written without lookup.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TextIO

from kg.rdf import PREFIXES, DocumentGraph, Statement, iri_term

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_INTEGER = PREFIXES["xsd"] + "integer"

__all__ = ["GraphWriter", "RenderedGraph", "format_statements", "prefix_header", "render"]


def prefix_header(prefixes: Mapping[str, str] = PREFIXES) -> str:
    """The ``@prefix`` lines of a Turtle or TriG file, then a blank line."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()) + "\n"


def format_statements(statements: Sequence[Statement], *, indent: str = "") -> str:
    """Turtle text of sorted, distinct statements, grouped by subject with ``;``.

    Args:
        statements: statements sorted by subject (equal subjects adjacent).
        indent: put before each subject line (continuation lines get 4 more spaces).

    Returns:
        The text, each subject's group ending with `` .`` and a newline.
    """
    parts: list[str] = []
    previous = None
    more = indent + "    "
    for s, p, o in statements:
        if s == previous:
            parts.append(f" ;\n{more}{p} {o}")
        else:
            if previous is not None:
                parts.append(" .\n")
            parts.append(f"{indent}{s} {p} {o}")
            previous = s
    if previous is not None:
        parts.append(" .\n")
    return "".join(parts)


class _Expander:
    """Turtle-form terms to N-Triples and JSON-LD forms (memoised: terms recur)."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._prefixes = dict(prefixes)
        self._iri: dict[str, str] = {"a": _RDF_TYPE}
        self._nt: dict[str, str] = {}
        self._json: dict[str, str] = {}

    def json_iri(self, term: str) -> str:
        """The IRI of a term as a JSON string (its Turtle escapes are JSON escapes)."""
        found = self._json.get(term)
        if found is None:
            found = self._json[term] = f'"{self.iri(term)}"'
        return found

    def iri(self, term: str) -> str:
        """The full IRI of ``<iri>``, ``prefix:local`` or ``a``."""
        found = self._iri.get(term)
        if found is None:
            if term.startswith("<"):
                found = term[1:-1]
            else:
                prefix, _, local = term.partition(":")
                found = self._prefixes[prefix] + local
            self._iri[term] = found
        return found

    def nt(self, term: str) -> str:
        """The N-Triples form of a term (IRIs memoised; literals vary too much)."""
        found = self._nt.get(term)
        if found is None:
            found = self._to_nt(term)
            if not term.startswith('"'):
                self._nt[term] = found
        return found

    def _to_nt(self, term: str) -> str:
        if term.startswith('"'):
            if term.endswith(('"', '"@ar')):
                return term  # "text" or "text"@ar: already N-Triples
            body, _, datatype = term.rpartition('"^^')
            return f'{body}"^^<{self.iri(datatype)}>'
        if term[0].isdigit() or term[0] in "+-":
            return f'"{term}"^^<{_XSD_INTEGER}>'
        return f"<{self.iri(term)}>"

    def json_value(self, term: str) -> str:
        """The JSON text of an expanded JSON-LD value object for a term."""
        if term.startswith('"'):
            if term.endswith('"'):
                return f'{{"@value": {term}}}'  # Turtle string escapes are JSON escapes
            if term.endswith('"@ar'):
                return f'{{"@value": {term[:-3]}, "@language": "ar"}}'
            body, _, datatype = term.rpartition('"^^')
            return f'{{"@value": {body}", "@type": {self.json_iri(datatype)}}}'
        if term[0].isdigit() or term[0] in "+-":
            return f'{{"@value": "{term}", "@type": "{_XSD_INTEGER}"}}'
        return f'{{"@id": {self.json_iri(term)}}}'


_EXPANDER = _Expander(PREFIXES)


@dataclass(frozen=True, slots=True)
class RenderedGraph:
    """One document's graph as text, ready to append (made by :func:`render`).

    Attributes:
        iri: the graph's name.
        trig: its ``<iri> { ... }`` TriG block.
        nquads: its N-Quads lines, sorted.
        jsonld: its expanded JSON-LD graph object.
        local: Turtle of the statements no other document can hold.
        shared: the statements another document may repeat, distinct and sorted.
        quads: how many distinct statements the graph holds.
        local_count: how many of them are local.
    """

    iri: str
    trig: str
    nquads: str
    jsonld: str
    local: str
    shared: tuple[Statement, ...]
    quads: int
    local_count: int


def render(graph: DocumentGraph, *, nquads: bool = True, jsonld: bool = True) -> RenderedGraph:
    """Format one document's graph in every output syntax (pure; runs in workers).

    Args:
        graph: the document's statements (duplicates allowed).
        nquads: also format N-Quads (else ``""``).
        jsonld: also format JSON-LD (else ``""``).

    Returns:
        The texts to append; equal graphs give equal texts.
    """
    local = sorted(set(graph.local))
    shared = sorted(set(graph.shared))
    statements = sorted(local + shared)
    trig = f"{iri_term(graph.iri)} {{\n{format_statements(statements, indent='    ')}}}\n\n"
    return RenderedGraph(
        iri=graph.iri,
        trig=trig,
        nquads=_nquads(graph.iri, statements) if nquads else "",
        jsonld=_jsonld(graph.iri, statements) if jsonld else "",
        local=format_statements(local),
        shared=tuple(shared),
        quads=len(statements),
        local_count=len(local),
    )


def _nquads(graph_iri: str, statements: Sequence[Statement]) -> str:
    nt = _EXPANDER.nt
    g = f" <{graph_iri}> .\n"
    return "".join([f"{nt(s)} {nt(p)} {nt(o)}{g}" for s, p, o in statements])


def _jsonld(graph_iri: str, statements: Sequence[Statement]) -> str:
    ex = _EXPANDER
    nodes: list[str] = []
    start = 0
    while start < len(statements):
        subject = statements[start][0]
        end = start
        types: list[str] = []
        props: dict[str, list[str]] = {}
        while end < len(statements) and statements[end][0] == subject:
            _, p, o = statements[end]
            if p == "a":
                types.append(ex.json_iri(o))
            else:
                props.setdefault(ex.json_iri(p), []).append(ex.json_value(o))
            end += 1
        fields = [f'"@id": {ex.json_iri(subject)}']
        if types:
            fields.append(f'"@type": [{", ".join(types)}]')
        fields += [f"{p}: [{', '.join(v)}]" for p, v in props.items()]
        nodes.append("{" + ", ".join(fields) + "}")
        start = end
    return f'{{"@id": "{graph_iri}", "@graph": [\n  ' + ",\n  ".join(nodes) + "\n]}"


class GraphWriter:
    """Append rendered document graphs to open TriG, Turtle, N-Quads and JSON-LD streams.

    Args:
        trig: where the named graphs go (text, UTF-8).
        turtle: where their union goes.
        nquads: where the named graphs go as N-Quads, if anywhere.
        jsonld: where the named graphs go as expanded JSON-LD, if anywhere; call
            :meth:`close` to end the JSON array.
        prefixes: prefix declarations written at the top of the TriG and Turtle files.

    Attributes:
        quads: statements written to the TriG stream.
        triples: statements written to the Turtle stream (the union's size).
        graphs: named graphs written.
    """

    def __init__(
        self,
        trig: TextIO,
        turtle: TextIO,
        *,
        nquads: TextIO | None = None,
        jsonld: TextIO | None = None,
        prefixes: Mapping[str, str] = PREFIXES,
    ) -> None:
        self._trig = trig
        self._turtle = turtle
        self._nquads = nquads
        self._jsonld = jsonld
        self._seen: set[bytes] = set()
        self.quads = 0
        self.triples = 0
        self.graphs = 0
        header = prefix_header(prefixes)
        trig.write(header)
        turtle.write(header)
        if jsonld is not None:
            jsonld.write("[")

    def write(self, graph: RenderedGraph | DocumentGraph) -> list[Statement]:
        """Append one document's graph.

        Args:
            graph: the graph, rendered or not.

        Returns:
            Its shared statements not given by an earlier document (now in the union).
        """
        if isinstance(graph, DocumentGraph):
            graph = render(graph)
        fresh = []
        seen = self._seen
        for statement in graph.shared:
            digest = hashlib.blake2b("\x00".join(statement).encode(), digest_size=16).digest()
            if digest not in seen:
                seen.add(digest)
                fresh.append(statement)
        self._trig.write(graph.trig)
        self._turtle.write(graph.local)
        self._turtle.write(format_statements(fresh))
        self._turtle.write("\n")
        if self._nquads is not None:
            self._nquads.write(graph.nquads)
        if self._jsonld is not None:
            self._jsonld.write(",\n" if self.graphs else "\n")
            self._jsonld.write(graph.jsonld)
        self.quads += graph.quads
        self.triples += graph.local_count + len(fresh)
        self.graphs += 1
        return fresh

    def close(self) -> None:
        """End the JSON-LD array (the other streams need no ending)."""
        if self._jsonld is not None:
            self._jsonld.write("\n]\n" if self.graphs else "]\n")

    def write_all(self, graphs: Iterable[RenderedGraph | DocumentGraph]) -> None:
        """Append every graph of ``graphs`` in order."""
        for graph in graphs:
            self.write(graph)
