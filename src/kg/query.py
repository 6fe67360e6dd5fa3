"""SPARQL over a build: typed rows, the named-query library and the result writers.

- :func:`run` executes SPARQL on a :class:`kg.store.Store` and returns a :class:`Result`
  whose cells are rdflib terms.
- Named queries are package data (``kg/queries/NAME.rq``). Each file opens with comment
  lines: the first says what the query answers, ``# param: NAME TYPE description`` lines
  declare its parameters. :func:`run_named` turns each ``--param name=value`` into an RDF
  term and hands it to Oxigraph as a variable substitution (SEP-0007), so a value is never
  spliced into the query text.
- :func:`write_result` is the one writer behind ``kg query`` and ``kg serve``: an aligned
  table for terminals, SPARQL 1.1 CSV / TSV / JSON / XML, and Turtle / N-Triples for
  CONSTRUCT and DESCRIBE.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib.resources import files
from typing import TextIO, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import QueryError, ResultTooLarge
from kg.store import PREFIXES, Store, from_ox

_T = TypeVar("_T")

__all__ = [
    "FORMATS",
    "MEDIA_TYPES",
    "NamedQuery",
    "Param",
    "QueryForm",
    "Result",
    "is_update",
    "list_named",
    "named_query",
    "parse_term",
    "resolve_entity",
    "run",
    "run_named",
    "write_result",
]

_KG = PREFIXES["kg"]
_XSD = PREFIXES["xsd"]


class QueryForm(StrEnum):
    """What a query returns."""

    SELECT = "select"
    ASK = "ask"
    GRAPH = "graph"  # CONSTRUCT or DESCRIBE


@dataclass(frozen=True, slots=True)
class Result:
    """The answer to one query.

    Attributes:
        form: SELECT rows, an ASK boolean or a CONSTRUCT/DESCRIBE graph.
        variables: column names of a SELECT (``("subject", "predicate", "object")`` for a
            graph).
        rows: one tuple per solution, an rdflib term or None (unbound) per column; for a
            graph, its triples sorted.
        boolean: the answer of an ASK, else None.
        graph: the triples of a CONSTRUCT/DESCRIBE as an rdflib Graph, else None.
    """

    form: QueryForm
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, compare=False)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def dicts(self) -> list[dict[str, Node]]:
        """Rows as dicts of the bound variables (unbound ones left out)."""
        return [
            {
                name: value
                for name, value in zip(self.variables, row, strict=True)
                if value is not None
            }
            for row in self.rows
        ]

    def column(self, name: str) -> list[Node | None]:
        """The values of one column, in row order.

        Raises:
            QueryError: there is no such column.
        """
        try:
            index = self.variables.index(name)
        except ValueError:
            raise QueryError(f"the result has no column {name!r}.") from None
        return [row[index] for row in self.rows]


# --------------------------------------------------------------------------- running


_PROLOGUE = re.compile(
    r"""\A(?:\s+|\#[^\n]*(?:\n|\Z)|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*""",
    re.IGNORECASE,
)
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)


def is_update(text: str) -> bool:
    """True when ``text`` is a SPARQL Update request rather than a query."""
    rest = text[_PROLOGUE.match(text).end() :]  # type: ignore[union-attr]
    word = re.match(r"[A-Za-z]+", rest)
    return word is not None and word.group(0).upper() in _UPDATE_WORDS


def run(
    store: Store,
    sparql: str,
    *,
    params: Mapping[str, Node] | None = None,
    max_rows: int | None = None,
) -> Result:
    """Run a SPARQL query over the union of a store's graphs.

    Args:
        store: the store to query.
        sparql: query text; the prefixes of :data:`kg.store.PREFIXES` are predeclared.
        params: variable name (without ``?``) -> rdflib term, substituted by Oxigraph.
        max_rows: the most rows (or triples) read from the store; none: no bound.

    Returns:
        The :class:`Result`.

    Raises:
        QueryError: the query is an update, is malformed (line and column set) or fails.
        ResultTooLarge: the result has more than ``max_rows`` rows (nothing more is read).
    """
    if is_update(sparql):
        raise QueryError("kg query is read-only: SPARQL Update (INSERT, DELETE, ...) is refused.")
    raw = store.raw_query(sparql, substitutions=params)
    try:
        return _convert(raw, max_rows)
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"SPARQL query failed: {err}") from err


def _bounded(items: Iterable[_T], max_rows: int | None) -> Iterator[_T]:
    for n, item in enumerate(items, 1):
        if max_rows is not None and n > max_rows:
            raise ResultTooLarge(
                f"the result has more than {max_rows:,} rows; narrow the query or add a LIMIT"
            )
        yield item


def _convert(
    raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, max_rows: int | None = None
) -> Result:
    if isinstance(raw, ox.QueryBoolean):
        return Result(QueryForm.ASK, boolean=bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        names = tuple(v.value for v in raw.variables)
        width = range(len(names))
        rows = tuple(
            tuple(None if (value := solution[i]) is None else from_ox(value) for i in width)
            for solution in _bounded(raw, max_rows)
        )
        return Result(QueryForm.SELECT, variables=names, rows=rows)
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    for triple in _bounded(raw, max_rows):
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    rows = tuple(sorted(graph, key=lambda t: tuple(str(x) for x in t)))
    return Result(
        QueryForm.GRAPH, variables=("subject", "predicate", "object"), rows=rows, graph=graph
    )


# --------------------------------------------------------------------------- named queries


_ENTITY_CLASSES: dict[str, tuple[str, ...]] = {
    "Person": ("Person",),
    "Organisation": ("Organisation",),
    "Event": ("Event",),
    "Place": ("Place",),
    "Document": ("Document",),
    "Agreement": (
        "Agreement",
        "MemorandumOfUnderstanding",
        "LetterOfIntent",
        "Contract",
        "Protocol",
    ),
    "Entity": ("Person", "Organisation", "Event", "Place", "Agreement"),
}
_LITERAL_KINDS = {
    "string": None,
    "ar": None,
    "integer": "integer",
    "decimal": "decimal",
    "date": "date",
}


@dataclass(frozen=True, slots=True)
class Param:
    """A parameter a named query declares.

    Attributes:
        name: the variable it binds (without ``?``).
        kind: ``kg:Person`` / ``kg:Organisation`` / ... / ``kg:Entity`` (a name or IRI,
            resolved to one entity), or ``string``, ``ar`` (Arabic-tagged), ``integer``,
            ``decimal``, ``date`` literals.
        description: what to pass.
    """

    name: str
    kind: str
    description: str


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query of the shipped library.

    Attributes:
        name: the file name without ``.rq``.
        summary: the question it answers (first comment line).
        params: the declared parameters.
        text: the SPARQL text.
        example: an example command line, if the file gives one.
    """

    name: str
    summary: str
    params: tuple[Param, ...]
    text: str
    example: str | None = None


_PARAM_LINE = re.compile(r"#\s*param:\s*(\w+)\s+(\S+)\s*(.*)")
_EXAMPLE_LINE = re.compile(r"#\s*example:\s*(.+)")


def _parse_named(name: str, text: str) -> NamedQuery:
    summary = ""
    params: list[Param] = []
    example = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _PARAM_LINE.match(line):
            kind = match.group(2).removeprefix("kg:")
            if kind not in _ENTITY_CLASSES and kind not in _LITERAL_KINDS:
                raise QueryError(f"named query {name!r}: unknown parameter type {kind!r}.")
            params.append(Param(match.group(1), kind, match.group(3).strip()))
        elif match := _EXAMPLE_LINE.match(line):
            example = match.group(1).strip()
        elif not summary:
            summary = line.lstrip("#").strip()
    return NamedQuery(name, summary, tuple(params), text, example)


def list_named() -> list[NamedQuery]:
    """Return the shipped named queries, sorted by name."""
    folder = files("kg").joinpath("queries")
    queries = []
    for entry in folder.iterdir():
        if entry.name.endswith(".rq") and not entry.name.startswith("_"):
            queries.append(_parse_named(entry.name[:-3], entry.read_text(encoding="utf-8")))
    return sorted(queries, key=lambda q: q.name)


def named_query(name: str) -> NamedQuery:
    """Return the named query ``name`` (``-`` and ``_`` are interchangeable).

    Raises:
        QueryError: there is no such query (with the nearest names).
    """
    wanted = name.replace("-", "_")
    available = {q.name: q for q in list_named()}
    if wanted in available:
        return available[wanted]
    close = difflib.get_close_matches(wanted, list(available), n=3)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise QueryError(f"no named query {name!r}.{hint} `kg query --list` shows them all.")


def parse_term(value: str) -> Node:
    """Read a parameter value given on a command line as an RDF term.

    ``<iri>``, ``http(s)://...`` and ``prefix:local`` (a known prefix) give an IRI;
    ``"text"@ar`` and ``"1"^^xsd:decimal`` give those literals; anything else is a plain
    string literal.

    Raises:
        QueryError: a quoted literal is malformed.
    """
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    if re.match(r"https?://\S+\Z", text):
        return URIRef(text)
    prefixed = re.match(r"([A-Za-z][\w-]*):(\S*)\Z", text)
    if prefixed and prefixed.group(1) in PREFIXES:
        return URIRef(PREFIXES[prefixed.group(1)] + prefixed.group(2))
    quoted = re.match(r'"(.*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?\Z', text, re.S)
    if quoted:
        lexical, lang, datatype = quoted.groups()
        if datatype is not None:
            term = parse_term(datatype)
            if not isinstance(term, URIRef):
                raise QueryError(f"bad datatype in {value!r}: give <iri> or xsd:name.")
            return Literal(lexical, datatype=term)
        return Literal(lexical, lang=lang)
    return Literal(value)


_RESOLVE_EXACT = """
SELECT DISTINCT ?entity ?name ?class WHERE {
  { ?entity rdfs:label ?name } UNION { ?entity skos:altLabel ?name }
  ?entity a ?class .
}"""
_RESOLVE_LOOSE = """
SELECT DISTINCT ?entity ?text ?class WHERE {
  ?entity a ?class ; rdfs:label|skos:altLabel ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?text))))
}"""


def resolve_entity(store: Store, value: str, *, kind: str = "Entity") -> URIRef:
    """Find the one entity of class ``kind`` that ``value`` names.

    ``value`` is an IRI (``<...>``, ``https://...``, ``res:person/...``), an exact label or
    alternative label (``عمرو طلعت``), or else a part of exactly one entity's label.

    Raises:
        QueryError: no entity, or several, match.
    """
    term = parse_term(value)
    if isinstance(term, URIRef):
        return term
    text = str(term)
    classes = [URIRef(_KG + c) for c in _ENTITY_CLASSES.get(kind, _ENTITY_CLASSES["Entity"])]
    found: set[URIRef] = set()
    for name in (Literal(text, lang="ar"), Literal(text)):
        for cls in classes:
            result = run(store, _RESOLVE_EXACT, params={"name": name, "class": cls})
            found.update(URIRef(str(row[0])) for row in result.rows)
    if not found:
        for cls in classes:
            result = run(store, _RESOLVE_LOOSE, params={"text": Literal(text), "class": cls})
            found.update(URIRef(str(row[0])) for row in result.rows)
    what = "entity" if kind == "Entity" else f"kg:{kind}"
    if not found:
        raise QueryError(f"no {what} is named {text!r} in this graph.")
    if len(found) > 1:
        listed = ", ".join(sorted(_short(iri) for iri in found)[:8])
        raise QueryError(
            f"{text!r} names {len(found)} entities ({listed}); pass one of these IRIs instead."
        )
    return found.pop()


def _literal_param(value: str, kind: str) -> Literal:
    if kind == "ar":
        return Literal(value, lang="ar")
    datatype = _LITERAL_KINDS[kind]
    if datatype is None:
        return Literal(value)
    literal = Literal(value, datatype=URIRef(_XSD + datatype))
    if literal.ill_typed:
        raise QueryError(f"{value!r} is not a valid xsd:{datatype}.")
    return literal


def run_named(
    store: Store, query: NamedQuery | str, *, params: Mapping[str, str] | None = None
) -> Result:
    """Run a named query with parameter values given as text.

    Args:
        store: the store to query.
        query: a :class:`NamedQuery` or its name.
        params: parameter name -> value as typed by a user; entity parameters take a name
            or an IRI (see :func:`resolve_entity`).

    Returns:
        The :class:`Result`.

    Raises:
        QueryError: unknown query, missing or unknown parameter, unresolvable value.
    """
    named = named_query(query) if isinstance(query, str) else query
    given = dict(params or {})
    declared = {p.name: p for p in named.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        accepted = ", ".join(declared) or "none"
        raise QueryError(
            f"named query {named.name!r} has no parameter {unknown[0]!r} (it takes: {accepted})."
        )
    bindings: dict[str, Node] = {}
    for param in named.params:
        if param.name not in given:
            raise QueryError(
                f"named query {named.name!r} needs --param {param.name}=VALUE"
                f" ({param.description})."
            )
        value = given[param.name]
        if param.kind in _ENTITY_CLASSES:
            bindings[param.name] = resolve_entity(store, value, kind=param.kind)
        else:
            bindings[param.name] = _literal_param(value, param.kind)
    return run(store, named.text, params=bindings)


# --------------------------------------------------------------------------- writers


FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples")
"""Output formats of :func:`write_result`."""

MEDIA_TYPES: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "table": "text/plain; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
}
"""Media type of each output format."""

_GRAPH_FORMATS = frozenset({"turtle", "ntriples"})
_FSI, _PDI = "\u2068", "\u2069"


def write_result(
    result: Result, out: TextIO, *, fmt: str | None = None, max_width: int = 0
) -> None:
    """Write a result in one of :data:`FORMATS`.

    Args:
        result: what a query returned.
        out: a text stream.
        fmt: the format; None picks ``table`` for SELECT/ASK and ``turtle`` for graphs.
            A graph written as a table/CSV/TSV/JSON/XML is its (subject, predicate, object)
            rows; Turtle and N-Triples need a CONSTRUCT or DESCRIBE.
        max_width: cut table cells longer than this many columns (0: never).

    Raises:
        QueryError: unknown format, or a SELECT/ASK asked for as Turtle.
    """
    if fmt is None:
        fmt = "turtle" if result.form is QueryForm.GRAPH else "table"
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)}).")
    if fmt in _GRAPH_FORMATS:
        if result.graph is None:
            raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries.")
        _write_graph(result.graph, out, fmt)
        return
    if result.form is QueryForm.ASK:
        _write_boolean(bool(result.boolean), out, fmt)
        return
    if fmt == "table":
        _write_table(result, out, max_width=max_width)
    else:
        _ROW_WRITERS[fmt](result, out)


def _write_graph(graph: Graph, out: TextIO, fmt: str) -> None:
    if fmt == "ntriples":
        lines = sorted(f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in graph)
        out.write("".join(lines))
        return
    out.write(graph.serialize(format="turtle"))


def _write_boolean(value: bool, out: TextIO, fmt: str) -> None:
    if fmt == "json":
        out.write(json.dumps({"head": {}, "boolean": value}) + "\n")
    elif fmt == "xml":
        out.write(
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        )
    else:
        out.write(("true" if value else "false") + "\n")


def _short(term: Node) -> str:
    text = str(term)
    best = ""
    for prefix, namespace in PREFIXES.items():
        if text.startswith(namespace) and len(namespace) > len(best):
            best, name = namespace, prefix
    if best:
        return f"{name}:{text[len(best) :]}"
    return f"<{text}>"


def _display(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return _short(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return " ".join(str(term).split())


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) in {"Mn", "Me", "Cf"}:
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def _width(text: str) -> int:
    return sum(_char_width(c) for c in text)


def _cut(text: str, limit: int) -> str:
    if limit <= 0 or _width(text) <= limit:
        return text
    kept, used = [], 0
    for char in text:
        used += _char_width(char)
        if used > limit - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"


def _is_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in {"R", "AL"} for c in text)


def _write_table(result: Result, out: TextIO, *, max_width: int) -> None:
    """Aligned columns; a cell with Arabic is a Unicode bidi isolate so columns keep order."""
    header = list(result.variables)
    body = [[_cut(_display(v), max_width) for v in row] for row in result.rows]
    widths = [_width(h) for h in header]
    for row in body:
        widths = [max(w, _width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: Sequence[str]) -> str:
        parts = []
        for cell, w in zip(cells, widths, strict=True):
            pad = " " * (w - _width(cell))
            parts.append((f"{_FSI}{cell}{_PDI}" if _is_rtl(cell) else cell) + pad)
        return "| " + " | ".join(parts) + " |"

    out.write(line(header) + "\n")
    out.write("|" + "|".join("-" * (w + 2) for w in widths) + "|\n")
    for row in body:
        out.write(line(row) + "\n")


def _plain(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _write_csv(result: Result, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(v) for v in row])


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def _nt(term: Node | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    lexical = f'"{str(term).translate(_NT_ESCAPES)}"'
    if term.language:
        return f"{lexical}@{term.language}"
    if term.datatype is not None:
        return f"{lexical}^^<{term.datatype}>"
    return lexical


def _write_tsv(result: Result, out: TextIO) -> None:
    out.write("\t".join(f"?{v}" for v in result.variables) + "\n")
    for row in result.rows:
        out.write("\t".join(_nt(v) for v in row) + "\n")


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    data = {"type": "literal", "value": str(term)}
    if term.language:
        data["xml:lang"] = term.language
    elif term.datatype is not None:
        data["datatype"] = str(term.datatype)
    return data


def _write_json(result: Result, out: TextIO) -> None:
    bindings = [
        {
            name: _json_term(value)
            for name, value in zip(result.variables, row, strict=True)
            if value is not None
        }
        for row in result.rows
    ]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
    out.write("\n")


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{escape(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{escape(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(str(term))}</literal>"
    if term.datatype is not None:
        return f"<literal datatype={quoteattr(str(term.datatype))}>{escape(str(term))}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _write_xml(result: Result, out: TextIO) -> None:
    out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n')
    out.write("<head>")
    for name in result.variables:
        out.write(f"<variable name={quoteattr(name)}/>")
    out.write("</head>\n<results>\n")
    for row in result.rows:
        out.write("<result>")
        for name, value in zip(result.variables, row, strict=True):
            if value is not None:
                out.write(f"<binding name={quoteattr(name)}>{_xml_term(value)}</binding>")
        out.write("</result>\n")
    out.write("</results>\n</sparql>\n")


_ROW_WRITERS: dict[str, Callable[[Result, TextIO], None]] = {
    "csv": _write_csv,
    "tsv": _write_tsv,
    "json": _write_json,
    "xml": _write_xml,
}
