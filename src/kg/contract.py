"""The ontology contract, read once from ``kg/ontology/kg.ttl``.

Everything the code needs to know about the ontology comes from here, never from a
hand-typed copy: the prefixes (:data:`PREFIXES`), the entity classes (the direct
subclasses of ``kg:Entity``) and their subclasses, the agreement kinds (the
``skos:notation`` of each subclass of ``kg:Agreement``), and the relations: every
``owl:ObjectProperty`` whose domain and range are entity classes (``owl:unionOf`` lists
expanded), with its Arabic ``rdfs:label``, the gloss the graph view shows
(``skos:prefLabel`` in Arabic, else the label) and whether it is an
``owl:SymmetricProperty``. Classes and relations keep the order kg.ttl declares them in.

Worker processes import this module, and rdflib costs a tenth of a second to import, so
the file is read by a small reader of the Turtle that kg.ttl is written in (prefixed
names, IRIs, literals, ``;``/``,`` lists, ``[ ... ]`` and ``( ... )``);
``tests/test_contract.py`` checks it gives the triples rdflib gives.
:func:`load_contract` reads any file, so an edited ontology can be tried out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kg.errors import OntologyError

__all__ = [
    "CONTRACT",
    "PREFIXES",
    "Contract",
    "Lit",
    "RelationTerm",
    "load_contract",
    "ontology_path",
    "read_turtle",
]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"  # Turtle's own ``a`` and ``( )``


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal of the Turtle: its text, language tag and datatype IRI."""

    value: str
    lang: str = ""
    datatype: str = ""


Triple = tuple[str, str, "str | Lit"]

# --------------------------------------------------------------------------- reader

_TOKEN = re.compile(
    r"""
    (?P<space>\s+|\#[^\n]*)
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
    (?:@(?P<lang>[A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(?P<dt><[^>]*>|[A-Za-z][\w-]*:[\w-]*))?
  | (?P<prefix>@prefix)
  | (?P<pname>(?:[A-Za-z][\w-]*)?:[\w-]*)
  | (?P<a>a)(?=[\s\[<"])
  | (?P<punct>[\[\]();,.])
    """,
    re.VERBOSE,
)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'", "\\": "\\"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _ESCAPES[code]

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", one, text)


class _Reader:
    """Recursive descent over the tokens of one Turtle document."""

    def __init__(self, text: str, path: Path) -> None:
        self.path = path
        self.tokens: list[tuple[str, re.Match[str]]] = []
        pos = 0
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                self.fail(pos, text, "unexpected text")
            assert match is not None and match.lastgroup is not None
            kind = "string" if match.group("string") else match.lastgroup
            if kind != "space":
                self.tokens.append((kind, match))
            pos = match.end()
        self.text = text
        self.at = 0
        self.prefixes: dict[str, str] = {}
        self.triples: list[Triple] = []
        self.blanks = 0

    def fail(self, pos: int, text: str, reason: str) -> None:
        line = text.count("\n", 0, pos) + 1
        raise OntologyError(f"{self.path}: line {line}: cannot read the ontology: {reason}.")

    def peek(self) -> tuple[str, re.Match[str]] | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> re.Match[str]:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1][0] != value):
            pos = token[1].start() if token else len(self.text)
            self.fail(pos, self.text, f"expected {value or kind}")
        assert token is not None
        self.at += 1
        return token[1]

    def punct(self, value: str) -> bool:
        token = self.peek()
        if token is not None and token[0] == "punct" and token[1][0] == value:
            self.at += 1
            return True
        return False

    def expand(self, match: re.Match[str], text: str) -> str:
        if text.startswith("<"):
            return text[1:-1]
        prefix, _, local = text.partition(":")
        if prefix not in self.prefixes:
            self.fail(match.start(), self.text, f"undeclared prefix {prefix!r}")
        return self.prefixes[prefix] + local

    def read(self) -> list[Triple]:
        while self.peek() is not None:
            if self.peek()[0] == "prefix":  # type: ignore[index]
                self.at += 1
                name = self.take("pname")
                iri = self.take("iri")
                self.prefixes[name[0].removesuffix(":")] = iri[0][1:-1]
            else:
                self.predicate_objects(self.subject())
            self.take("punct", ".")
        return self.triples

    def subject(self) -> str:
        if self.punct("["):
            return self.blank_node()
        token = self.peek()
        if token is None or token[0] not in ("iri", "pname"):
            self.fail(
                token[1].start() if token else len(self.text), self.text, "expected a subject"
            )
        assert token is not None
        self.at += 1
        return self.expand(token[1], token[1][0])

    def predicate_objects(self, subject: str) -> None:
        while True:
            token = self.peek()
            if token is not None and token[0] == "a":
                self.at += 1
                verb = _RDF + "type"
            else:
                verb = self.subject()
            self.triples.append((subject, verb, self.object()))
            while self.punct(","):
                self.triples.append((subject, verb, self.object()))
            if not self.punct(";"):
                return
            token = self.peek()
            if token is not None and token[0] == "punct" and token[1][0] in ".]":
                return

    def blank_node(self) -> str:
        self.blanks += 1
        node = f"_:b{self.blanks}"
        if not self.punct("]"):
            self.predicate_objects(node)
            self.take("punct", "]")
        return node

    def object(self) -> str | Lit:
        token = self.peek()
        if token is not None and token[0] == "string":
            self.at += 1
            match = token[1]
            dt = match.group("dt")
            return Lit(
                _unescape(match.group("string")[1:-1]),
                lang=match.group("lang") or "",
                datatype=self.expand(match, dt) if dt else "",
            )
        if self.punct("("):
            items: list[str | Lit] = []
            while not self.punct(")"):
                items.append(self.object())
            return self.collection(items)
        return self.subject()

    def collection(self, items: list[str | Lit]) -> str:
        head = _RDF + "nil"
        for item in reversed(items):
            self.blanks += 1
            node = f"_:b{self.blanks}"
            self.triples.append((node, _RDF + "first", item))
            self.triples.append((node, _RDF + "rest", head))
            head = node
        return head


def read_turtle(path: Path) -> tuple[dict[str, str], list[Triple]]:
    """Read a Turtle file written in the subset kg.ttl uses.

    Args:
        path: the file (UTF-8).

    Returns:
        Its prefix declarations (in order) and its triples (in order); IRIs are full,
        blank nodes ``_:bN``.

    Raises:
        OntologyError: the file cannot be read or uses Turtle this reader does not know.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise OntologyError(f"{path}: cannot read the ontology: {err}.") from err
    reader = _Reader(text, path)
    triples = reader.read()
    return reader.prefixes, triples


# --------------------------------------------------------------------------- contract


@dataclass(frozen=True, slots=True)
class RelationTerm:
    """A relation of the contract: an object property between entity classes."""

    name: str  # local name, e.g. "metWith"
    iri: str
    domain: tuple[str, ...]  # entity class local names, in kg.ttl's order
    range: tuple[str, ...]
    label: str  # rdfs:label @ar
    gloss: str  # skos:prefLabel @ar, else the label: what the graph view shows
    symmetric: bool  # an owl:SymmetricProperty


@dataclass(frozen=True, slots=True)
class Contract:
    """What kg.ttl says: prefixes, entity classes, agreement kinds and relations."""

    path: Path
    prefixes: Mapping[str, str]
    classes: tuple[str, ...]  # direct subclasses of kg:Entity, by local name
    subclasses: Mapping[str, str]  # subclass local name -> its entity class
    kinds: Mapping[str, str]  # agreement kind (skos:notation) -> subclass local name
    relations: tuple[RelationTerm, ...]
    #: local names of every class and property of the ``kg:`` namespace
    terms: tuple[str, ...] = ()

    @property
    def namespace(self) -> str:
        """The ``kg:`` namespace."""
        return self.prefixes["kg"]

    def iri(self, local: str) -> str:
        """The IRI of a term of the ``kg:`` namespace."""
        return self.namespace + local

    @property
    def symmetric(self) -> frozenset[str]:
        """Local names of the symmetric relations."""
        return frozenset(r.name for r in self.relations if r.symmetric)

    def entity_class_of(self) -> dict[str, str]:
        """IRI of every entity class and subclass -> the entity class's local name."""
        out = {self.iri(c): c for c in self.classes}
        out |= {self.iri(sub): cls for sub, cls in self.subclasses.items()}
        return out


def ontology_path(name: str) -> Path:
    """Path of a file shipped in kg/ontology (kg.ttl or shapes.ttl)."""
    return Path(str(resources.files("kg") / "ontology" / name))


def load_contract(path: Path | None = None) -> Contract:
    """Read the contract from an ontology file (default: the shipped kg.ttl).

    Args:
        path: a Turtle file shaped like kg.ttl.

    Returns:
        The contract.

    Raises:
        OntologyError: the file cannot be read, has no ``kg:`` prefix, or a relation
            has no Arabic label.
    """
    path = ontology_path("kg.ttl") if path is None else path
    prefixes, triples = read_turtle(path)
    for needed in ("kg", "rdfs", "owl", "skos"):
        if needed not in prefixes:
            raise OntologyError(f"{path}: the ontology declares no {needed!r} prefix.")
    kg, rdfs, owl, skos = (prefixes[p] for p in ("kg", "rdfs", "owl", "skos"))

    def objects(subject: str, predicate: str) -> Iterator[str | Lit]:
        return (o for s, p, o in triples if s == subject and p == predicate)

    def local(iri: str) -> str:
        return iri[len(kg) :] if iri.startswith(kg) else iri

    def arabic(subject: str, predicate: str) -> str:
        found = (o for o in objects(subject, predicate) if isinstance(o, Lit) and o.lang == "ar")
        return next((o.value for o in found), "")

    def members(node: str | Lit) -> list[str]:
        """The classes a domain or range names: one class, or an owl:unionOf list."""
        if isinstance(node, Lit):
            return []
        union = next(objects(node, owl + "unionOf"), None)
        if union is None:
            return [local(node)]
        out: list[str] = []
        while isinstance(union, str) and union != _RDF + "nil":
            out.extend(m for m in members(next(objects(union, _RDF + "first"), Lit(""))))
            union = next(objects(union, _RDF + "rest"), _RDF + "nil")
        return out

    sub_class = rdfs + "subClassOf"
    classes = [local(s) for s, p, o in triples if p == sub_class and o == kg + "Entity"]
    subclasses = {
        local(s): local(o)
        for s, p, o in triples
        if p == sub_class and isinstance(o, str) and local(o) in classes
    }
    kinds = {
        o.value: sub
        for sub in subclasses
        for o in objects(kg + sub, skos + "notation")
        if isinstance(o, Lit)
    }
    relations = []
    for s, p, o in triples:
        if p != _RDF + "type" or o != owl + "ObjectProperty" or not s.startswith(kg):
            continue
        domain = [c for d in objects(s, rdfs + "domain") for c in members(d)]
        range_ = [c for r in objects(s, rdfs + "range") for c in members(r)]
        if not domain or not range_ or not set(domain + range_) <= set(classes):
            continue  # a property of the provenance (mentions, evidence), not a relation
        label = arabic(s, rdfs + "label")
        if not label:
            raise OntologyError(f"{path}: relation {local(s)!r} has no Arabic rdfs:label.")
        relations.append(
            RelationTerm(
                name=local(s),
                iri=s,
                domain=tuple(c for c in classes if c in domain),
                range=tuple(c for c in classes if c in range_),
                label=label,
                gloss=arabic(s, skos + "prefLabel") or label,
                symmetric=owl + "SymmetricProperty" in set(objects(s, _RDF + "type")),
            )
        )
    kinds_of_term = {owl + "Class", owl + "ObjectProperty", owl + "DatatypeProperty"}
    terms = tuple(
        dict.fromkeys(
            local(s)
            for s, p, o in triples
            if p == _RDF + "type" and o in kinds_of_term and s.startswith(kg)
        )
    )
    return Contract(path, prefixes, tuple(classes), subclasses, kinds, tuple(relations), terms)


CONTRACT = load_contract()
"""The contract of the shipped ontology."""

PREFIXES: dict[str, str] = dict(CONTRACT.prefixes)
"""The one prefix table: kg.ttl's declarations, in order. Queries may use them without
declaring them; exports abbreviate with a selection of them (:data:`kg.rdf.PREFIXES`)."""
