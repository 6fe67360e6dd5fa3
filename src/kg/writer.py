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

:func:`render` does all the per-statement work (formatting, encoding to UTF-8, digests) so
that it runs in the build's worker processes; :class:`GraphWriter` only looks digests up
and appends bytes, which keeps the build's single writing process from becoming the
bottleneck.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from itertools import groupby
from operator import itemgetter
from typing import BinaryIO

from kg.rdf import PREFIXES, DocumentGraph, Statement, iri_term

_RDF_TYPE = PREFIXES["rdf"] + "type"
_XSD_INTEGER = PREFIXES["xsd"] + "integer"

__all__ = [
    "GraphWriter",
    "RenderedGraph",
    "format_statements",
    "prefix_header",
    "render",
    "statement_digest",
]


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
        self.nt_known: dict[str, str] = {}  # N-Triples forms of prefixed names and integers
        self.json_known: dict[str, str] = {}  # JSON strings of prefixed names
        self._json_values: dict[str, str] = {}

    def json_iri(self, term: str) -> str:
        """The IRI of a term as a JSON string (its Turtle escapes are JSON escapes)."""
        if term[0] == "<":  # resources: cheap to make, and too many to remember
            return f'"{term[1:-1]}"'
        found = self.json_known.get(term)
        if found is None:
            found = self.json_known[term] = f'"{self.iri(term)}"'
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
        if term[-1] in _NT_ALREADY:  # "text" or <iri>: already N-Triples
            return term
        found = self.nt_known.get(term)
        if found is None:
            found = self._to_nt(term)
            if not term.startswith('"'):
                self.nt_known[term] = found
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
        if term[0] == "<":
            return f'{{"@id": "{term[1:-1]}"}}'
        found = self._json_values.get(term)  # vocabulary terms and integers: memoised
        if found is None:
            if term[0].isdigit() or term[0] in "+-":
                found = f'{{"@value": "{term}", "@type": "{_XSD_INTEGER}"}}'
            else:
                found = f'{{"@id": {self.json_iri(term)}}}'
            self._json_values[term] = found
        return found


#: Last characters of the terms whose Turtle form is their N-Triples form: a closing
#: quote (a plain literal) or angle bracket (an IRI, or a literal typed with one).
_NT_ALREADY = frozenset('">')

_EXPANDER = _Expander(PREFIXES)


@dataclass(frozen=True, slots=True)
class RenderedGraph:
    """One document's graph as UTF-8 text, ready to append (made by :func:`render`).

    The texts are bytes so that the process appending them (the build's parent) neither
    decodes them from a worker's pickle nor encodes them again to write them.

    Attributes:
        iri: the graph's name.
        trig: its ``<iri> { ... }`` TriG block.
        nquads: its N-Quads lines, sorted.
        jsonld: its expanded JSON-LD graph object.
        local: Turtle of the statements no other document can hold.
        shared: the statements another document may repeat, distinct and sorted.
        digests: the :func:`statement_digest` of each of ``shared``, concatenated.
        quads: how many distinct statements the graph holds.
        local_count: how many of them are local.
    """

    iri: str
    trig: bytes
    nquads: bytes
    jsonld: bytes
    local: bytes
    shared: tuple[Statement, ...]
    digests: bytes
    quads: int
    local_count: int


#: Bytes in a :func:`statement_digest`.
DIGEST_SIZE = 16


def statement_digest(statement: Statement) -> bytes:
    """A 128-bit BLAKE2 digest of a statement: the union remembers these, not the text."""
    return blake2b("\x00".join(statement).encode(), digest_size=DIGEST_SIZE).digest()


def render(graph: DocumentGraph, *, nquads: bool = True, jsonld: bool = True) -> RenderedGraph:
    """Format one document's graph in every output syntax (pure; runs in workers).

    Args:
        graph: the document's statements (duplicates allowed).
        nquads: also format N-Quads (else empty).
        jsonld: also format JSON-LD (else empty).

    Returns:
        The texts to append; equal graphs give equal texts.
    """
    local = sorted(set(graph.local))
    shared = sorted(set(graph.shared))
    statements = sorted(local + shared)  # a merge of two sorted runs
    body = format_statements(statements, indent="    ")
    trig = f"{iri_term(graph.iri)} {{\n{body}}}\n\n"
    return RenderedGraph(
        iri=graph.iri,
        trig=trig.encode(),
        nquads=_nquads(graph.iri, statements).encode() if nquads else b"",
        jsonld=_jsonld(graph.iri, statements).encode() if jsonld else b"",
        local=format_statements(local).encode(),
        shared=tuple(shared),
        digests=b"".join([statement_digest(st) for st in shared]),
        quads=len(statements),
        local_count=len(local),
    )


def _nquads(graph_iri: str, statements: Sequence[Statement]) -> str:
    nt = _EXPANDER.nt
    known = _EXPANDER.nt_known
    already = _NT_ALREADY
    g = f" <{graph_iri}> .\n"
    lines: list[str] = []
    for s, group in groupby(statements, _subject):
        head = nt(s)
        lines += [
            f"{head} {known.get(p) or nt(p)} {o if o[-1] in already else nt(o)}{g}"
            for _, p, o in group
        ]
    return "".join(lines)


def _jsonld(graph_iri: str, statements: Sequence[Statement]) -> str:
    json_iri = _EXPANDER.json_iri
    json_value = _EXPANDER.json_value
    known_iris = _EXPANDER.json_known
    nodes: list[str] = []
    for subject, group in groupby(statements, _subject):
        types: list[str] = []
        props: dict[str, list[str]] = {}
        for _, p, o in group:
            if p == "a":
                types.append(json_iri(o))
                continue
            # A plain literal is a JSON string already: the common case, made inline.
            value = f'{{"@value": {o}}}' if o[-1] == '"' else json_value(o)
            key = known_iris.get(p) or json_iri(p)
            values = props.get(key)
            if values is None:
                props[key] = [value]
            else:
                values.append(value)
        fields = [f'"@id": {json_iri(subject)}']
        if types:
            fields.append(f'"@type": [{", ".join(types)}]')
        fields += [f"{p}: [{', '.join(v)}]" for p, v in props.items()]
        nodes.append("{" + ", ".join(fields) + "}")
    return f'{{"@id": "{graph_iri}", "@graph": [\n  ' + ",\n  ".join(nodes) + "\n]}"


_subject = itemgetter(0)


class GraphWriter:
    """Append rendered document graphs to open TriG, Turtle, N-Quads and JSON-LD streams.

    The streams are binary: the writer writes UTF-8.

    Args:
        trig: where the named graphs go.
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
        trig: BinaryIO,
        turtle: BinaryIO,
        *,
        nquads: BinaryIO | None = None,
        jsonld: BinaryIO | None = None,
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
        header = prefix_header(prefixes).encode()
        trig.write(header)
        turtle.write(header)
        if jsonld is not None:
            jsonld.write(b"[")

    def write(self, graph: RenderedGraph | DocumentGraph) -> list[Statement]:
        """Append one document's graph.

        Args:
            graph: the graph, rendered or not.

        Returns:
            Its shared statements not given by an earlier document (now in the union).
        """
        if isinstance(graph, DocumentGraph):
            graph = render(graph)
        seen = self._seen
        blob = graph.digests
        digests = [blob[i : i + DIGEST_SIZE] for i in range(0, len(blob), DIGEST_SIZE)]
        # ``shared`` is distinct, so its digests are too: test them all, then remember them.
        fresh = [st for st, digest in zip(graph.shared, digests, strict=True) if digest not in seen]
        seen.update(digests)
        self._trig.write(graph.trig)
        self._turtle.write(graph.local)
        self._turtle.write(format_statements(fresh).encode() + b"\n")
        if self._nquads is not None:
            self._nquads.write(graph.nquads)
        if self._jsonld is not None:
            self._jsonld.write(b",\n" if self.graphs else b"\n")
            self._jsonld.write(graph.jsonld)
        self.quads += graph.quads
        self.triples += graph.local_count + len(fresh)
        self.graphs += 1
        return fresh

    def close(self) -> None:
        """End the JSON-LD array (the other streams need no ending)."""
        if self._jsonld is not None:
            self._jsonld.write(b"\n]\n" if self.graphs else b"]\n")

    def write_all(self, graphs: Iterable[RenderedGraph | DocumentGraph]) -> None:
        """Append every graph of ``graphs`` in order."""
        for graph in graphs:
            self.write(graph)
