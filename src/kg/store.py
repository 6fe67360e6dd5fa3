"""The graph store: a persistent embedded Oxigraph store behind an rdflib-facing API.

A build directory holds ``graph.trig`` (one named graph per document). :func:`open_store`
keeps a pyoxigraph store beside it in ``DIR/oxigraph/`` and (re)loads it with Oxigraph's
own parser only when it is missing or stale, so a large graph is parsed once and every later
``kg query`` / ``kg serve`` opens it in milliseconds. Queries run over the union of the
named graphs.

Why two libraries: Oxigraph parses ~10x faster than rdflib and answers joins that rdflib's
in-memory store cannot (see ``benchmarks/bench_store.py``), so every query goes to Oxigraph
directly; rdflib stays the API at the edges: query results come back as rdflib terms
(:mod:`kg.query`), parameters go in as rdflib terms, and :meth:`Store.as_rdflib` returns an
rdflib :class:`~rdflib.Dataset` over the very same store (through oxrdflib) for code that
wants the rdflib Graph API.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.atomic import atomic_write_bytes, atomic_write_text
from kg.contract import PREFIXES
from kg.errors import QueryError, StoreError

if TYPE_CHECKING:
    from kg.query import Result

__all__ = [
    "PREFIXES",
    "STORE_DIRNAME",
    "Store",
    "from_ox",
    "open_store",
    "to_ox",
    "write_jsonld",
    "write_nquads",
]

log = logging.getLogger(__name__)

STORE_DIRNAME = "oxigraph"
"""Name of the store directory inside a build directory (git-ignored)."""

_STAMP_NAME = "kg-stamp.json"
_STAMP_VERSION = 2  # 2: the default graph holds the union as a set


_FORMATS: dict[str, ox.RdfFormat] = {
    ".trig": ox.RdfFormat.TRIG,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

_XSD_STRING = PREFIXES["xsd"] + "string"
_RDF_LANGSTRING = PREFIXES["rdf"] + "langString"
_LOCATION = re.compile(
    r"at (?:(\d+):(\d+)|line (\d+),? (?:between )?columns? (\d+))", re.IGNORECASE
)


# --------------------------------------------------------------------------- terms


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the pyoxigraph term with the same value.

    Args:
        term: a URIRef, BNode or Literal.

    Returns:
        The pyoxigraph NamedNode, BlankNode or Literal.

    Raises:
        TypeError: for anything else (variables, graphs).
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


@functools.lru_cache(maxsize=1 << 17)
def from_ox(term: Any) -> Node:
    """Convert a pyoxigraph term to the rdflib term with the same value.

    Cached: rdflib's Literal constructor costs ~5 µs, and terms recur across rows and
    queries (predicates, classes, labels of busy entities); rdflib terms are immutable.

    Args:
        term: a pyoxigraph NamedNode, BlankNode, Literal (or quoted Triple, shown as text).

    Returns:
        The rdflib URIRef, BNode or Literal.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return Literal(str(term))


# --------------------------------------------------------------------------- store


class Store:
    """A read-mostly graph store over one build (or one RDF file).

    Use :func:`open_store` to get one. Queries go straight to pyoxigraph over the default
    graph, which holds the union of all named graphs as a set; results come back as rdflib
    terms.
    """

    def __init__(self, inner: ox.Store, *, source: Path, path: Path | None = None) -> None:
        """Wrap an opened pyoxigraph store.

        Args:
            inner: the pyoxigraph store.
            source: the RDF file the store was loaded from.
            path: the on-disk store directory, or None for an in-memory store.
        """
        self._inner: ox.Store | None = inner
        self.source = source
        self.path = path

    def reader(self) -> StoreReader:
        """How another process opens this store to read it (:class:`StoreReader`)."""
        return StoreReader(self.source, self.path)

    @property
    def inner(self) -> ox.Store:
        """The underlying pyoxigraph store (raises StoreError once closed)."""
        if self._inner is None:
            raise StoreError(f"the store of {self.source} is closed.")
        return self._inner

    def __len__(self) -> int:
        """Number of statements the documents make: the quads of the named graphs (a
        triple in two documents counts twice), or the triples of a file without any."""
        named = len(self.inner) - self._default_size()
        return named if named else len(self.inner)

    def _default_size(self) -> int:
        return sum(1 for _ in self.inner.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def __repr__(self) -> str:
        where = self.path if self.path is not None else "memory"
        return f"<kg.store.Store source={str(self.source)!r} at {where}>"

    def graphs(self) -> list[URIRef]:
        """Return the IRIs of the named graphs (one per document), sorted."""
        return sorted(
            URIRef(g.value) for g in self.inner.named_graphs() if isinstance(g, ox.NamedNode)
        )

    def triple_count(self) -> int:
        """Number of distinct triples in the union of all graphs."""
        result = self.inner.query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        )
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))[0].value)

    def query(self, sparql: str, *, params: Mapping[str, Node] | None = None) -> Result:
        """Run a SPARQL query over the union of the documents' graphs and return typed rows.

        The default graph holds every triple of every document once (a set), and
        ``GRAPH ?doc { ... }`` reaches one document's graph.

        Args:
            sparql: the query text; the prefixes of :data:`PREFIXES` need no declaration.
            params: variable name -> rdflib term, substituted safely (never by formatting).

        Returns:
            A :class:`kg.query.Result`.

        Raises:
            QueryError: the query is malformed or fails.
        """
        from kg.query import run

        return run(self, sparql, params=params)

    def raw_query(
        self, sparql: str, *, substitutions: Mapping[str, Node] | None = None
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query on pyoxigraph and return its own result object (no conversion).

        Args:
            sparql: the query text.
            substitutions: variable name -> rdflib term.

        Returns:
            pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples.

        Raises:
            QueryError: the query is malformed (with line and column) or fails.
        """
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(name): to_ox(value) for name, value in (substitutions or {}).items()
        }
        try:
            return self.inner.query(
                sparql,
                prefixes=PREFIXES,
                substitutions=subs or None,
            )
        except SyntaxError as err:
            raise _syntax_error(sparql, str(err)) from err
        except (OSError, RuntimeError, ValueError) as err:
            hint = ""
            if "SELECT projection" in str(err):
                hint = " (a bound parameter must be a variable the SELECT projects)"
            raise QueryError(f"SPARQL query failed: {err}{hint}") from err

    def as_rdflib(self) -> Dataset:
        """Return an rdflib Dataset backed by this very store (no copy), via oxrdflib.

        Its default graph is the union of the named graphs (each triple once), as in
        :meth:`query`; ``dataset.graph(document_iri)`` is one document's graph.
        """
        from oxrdflib import OxigraphStore

        dataset = Dataset(store=OxigraphStore(store=self.inner), default_union=False)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, override=True, replace=True)
        return dataset

    def close(self) -> None:
        """Release the store (pyoxigraph closes the database when the last reference goes)."""
        self._inner = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _syntax_error(sparql: str, message: str) -> QueryError:
    """A QueryError naming line, column and the text there, with a short reason."""
    line, column = _location(message)
    reason = _strip_location(message.splitlines()[0].removeprefix("error "))
    if len(reason) > 100:
        reason = reason[:100].rsplit(",", 1)[0] + ", ..."
    if line is None or column is None:
        return QueryError(f"SPARQL syntax error: {reason}")
    lines = sparql.splitlines() or [""]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    near = text[max(column - 1, 0) :].strip()[:30] or "end of line"
    return QueryError(
        f"SPARQL syntax error at line {line}, column {column} (near {near!r}): {reason}",
        line=line,
        column=column,
    )


def _location(message: str) -> tuple[int | None, int | None]:
    match = _LOCATION.search(message)
    if match is None:
        return None, None
    line, column = match.group(1) or match.group(3), match.group(2) or match.group(4)
    return int(line), int(column)


def _strip_location(message: str) -> str:
    text = re.sub(r"\s*\([^()]*, line \d+\)\s*$", "", message)  # Python's "(file, line N)"
    text = re.sub(r"^(?:Parser )?error\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(
        r"^(?:at )?(?:\d+:\d+|line \d+,? (?:between )?columns? \d+(?: and \d+)?)\s*:?\s*",
        "",
        text,
        flags=re.IGNORECASE,
    )
    return text.strip() or message


# --------------------------------------------------------------------------- open


@dataclass(frozen=True)
class StoreReader:
    """What a worker process needs to open a store that another process opened: the
    on-disk store read-only (many readers at once), or the RDF file loaded into memory."""

    source: Path
    path: Path | None

    def open(self) -> Store:
        """Open the store for reading."""
        if self.path is None:
            return Store(_load_memory(self.source), source=self.source)
        try:
            inner = ox.Store.read_only(str(self.path))
        except OSError as err:
            raise StoreError(f"cannot open the store {self.path} to read it: {err}") from err
        return Store(inner, source=self.source, path=self.path)


def open_store(path: Path | str, *, persist: bool = True) -> Store:
    """Open the store of a build directory, loading or reloading it only when needed.

    Args:
        path: a build directory (holding ``graph.trig``, else ``graph.ttl``) or one RDF file
            (``.trig``, ``.ttl``, ``.nt``, ``.nq``, ``.jsonld``, ``.rdf``).
        persist: keep the store on disk in ``DIR/oxigraph/`` (default); when False, or
            when the directory is not writable, load into memory instead.

    Returns:
        The opened :class:`Store`.

    Raises:
        StoreError: nothing to load, or the RDF file is malformed.
    """
    path = Path(path)
    if path.is_dir():
        source = _build_source(path)
    elif path.is_file():
        source, persist = path, False
    else:
        raise StoreError(f"{path}: no such build directory or RDF file.")
    if not persist:
        return Store(_load_memory(source), source=source)
    store_dir = path / STORE_DIRNAME
    try:
        inner = _open_persistent(source, store_dir)
    except PermissionError as err:
        log.warning("%s is not writable (%s); loading the graph into memory", path, err)
        return Store(_load_memory(source), source=source)
    return Store(inner, source=source, path=store_dir)


def _build_source(build_dir: Path) -> Path:
    for name in ("graph.trig", "graph.ttl"):
        candidate = build_dir / name
        if candidate.is_file():
            return candidate
    raise StoreError(
        f"{build_dir}: no graph.trig in this directory; run `kg build INPUT -o {build_dir}` first."
    )


def _rdf_format(path: Path) -> ox.RdfFormat:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(_FORMATS))
        raise StoreError(f"{path}: unknown RDF file extension (expected one of {known}).")
    return fmt


#: Copies the named graphs' triples into the default graph, which is a set: queries then
#: see each triple once, however many documents state it (Oxigraph's union of named
#: graphs is a bag, so a label stated in two documents would match twice).
_MERGE_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _union_file(source: Path) -> Path | None:
    """The build's ``graph.ttl`` (the union of the documents' graphs, each triple once)
    beside a ``graph.trig``: loaded as the default graph, it saves merging the union."""
    union = source.with_name("graph.ttl")
    return union if source.name == "graph.trig" and union.is_file() else None


def _load_into(store: ox.Store, source: Path) -> None:
    try:
        store.bulk_load(path=source, format=_rdf_format(source))
        union = _union_file(source)
        if union is not None:
            store.bulk_load(path=union, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        elif source.suffix.lower() in (".trig", ".nq"):
            store.update(_MERGE_UNION)
    except SyntaxError as err:
        line, column = _location(str(err))
        where = f"{source}:{line}:{column}" if line is not None else f"{source}"
        raise StoreError(f"{where}: malformed RDF: {_strip_location(str(err))}") from err
    except OSError as err:
        raise StoreError(f"{source}: cannot load: {err}") from err


def _load_memory(source: Path) -> ox.Store:
    store = ox.Store()
    _load_into(store, source)
    return store


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stamp(source: Path, sha256: str | None = None) -> dict[str, Any]:
    stat = source.stat()
    return {
        "version": _STAMP_VERSION,
        "pyoxigraph": ox.__version__,
        "source": source.name,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "sha256": sha256 if sha256 is not None else _sha256(source),
        "union": _union_stamp(source),
    }


def _union_stamp(source: Path) -> list[int] | None:
    union = _union_file(source)
    if union is None:
        return None
    st = union.stat()
    return [st.st_size, st.st_mtime_ns]


def _read_stamp(store_dir: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((store_dir / _STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _is_fresh(store_dir: Path, source: Path) -> bool:
    """True when the store holds exactly ``source`` (refreshing a stale mtime stamp)."""
    stamp = _read_stamp(store_dir)
    if stamp is None or stamp.get("version") != _STAMP_VERSION:
        return False
    if stamp.get("pyoxigraph") != ox.__version__ or stamp.get("source") != source.name:
        return False
    if stamp.get("union") != _union_stamp(source):
        return False
    stat = source.stat()
    if stamp.get("size") == stat.st_size and stamp.get("mtime_ns") == stat.st_mtime_ns:
        return True
    if stamp.get("size") != stat.st_size:
        return False
    sha = _sha256(source)
    if stamp.get("sha256") != sha:
        return False
    # Same content, new mtime (a rebuild that changed nothing): refresh the stamp.
    with contextlib.suppress(OSError, StoreError):
        _write_json(store_dir / _STAMP_NAME, _stamp(source, sha))
    return True


def _write_json(path: Path, data: Mapping[str, Any]) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``directory`` so two processes never rebuild at once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _open_persistent(source: Path, store_dir: Path) -> ox.Store:
    if not _is_fresh(store_dir, source):
        with _locked(store_dir.parent):
            if not _is_fresh(store_dir, source):
                _rebuild(source, store_dir)
    try:
        return ox.Store.read_only(str(store_dir))
    except OSError as err:
        raise StoreError(f"{store_dir}: cannot open the store: {err}") from err


def _rebuild(source: Path, store_dir: Path) -> None:
    """Load ``source`` into a fresh store beside ``store_dir``, then swap it in atomically."""
    log.info("loading %s into %s", source, store_dir)
    stamp = _stamp(source)
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{STORE_DIRNAME}-", dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp_dir))
        _load_into(store, source)
        store.flush()
        del store  # closes the database and releases its lock
        _write_json(tmp_dir / _STAMP_NAME, stamp)
        old = store_dir.with_name(f".{STORE_DIRNAME}-old-{os.getpid()}")
        if store_dir.exists():
            os.replace(store_dir, old)
        os.replace(tmp_dir, store_dir)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise


# --------------------------------------------------------------------------- exports


def _quads_of(source: Dataset | Path | str) -> list[ox.Quad]:
    if isinstance(source, Dataset):
        quads: list[ox.Quad] = []
        for s, p, o, g in source.quads((None, None, None, None)):
            graph_id = getattr(g, "identifier", g)
            graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph
            if graph_id is None or graph_id == DATASET_DEFAULT_GRAPH_ID:
                graph = ox.DefaultGraph()
            else:
                converted = to_ox(graph_id)
                if isinstance(converted, ox.Literal):
                    raise StoreError(f"a graph name cannot be a literal: {graph_id!r}.")
                graph = converted
            subject, obj = to_ox(s), to_ox(o)
            if isinstance(subject, ox.Literal):
                raise StoreError(f"a subject cannot be a literal: {s!r}.")
            quads.append(ox.Quad(subject, ox.NamedNode(str(p)), obj, graph))
        return quads
    path = Path(source)
    try:
        return list(ox.parse(path=path, format=_rdf_format(path)))
    except SyntaxError as err:
        raise StoreError(f"{path}: malformed RDF: {err}") from err
    except OSError as err:
        raise StoreError(f"{path}: cannot read: {err}") from err


def _sorted(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(
        quads, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
    )


def write_nquads(dataset_or_trig_path: Dataset | Path | str, path: Path | str) -> int:
    """Write a dataset as N-Quads, one quad a line, sorted (byte-identical on re-runs).

    Args:
        dataset_or_trig_path: an rdflib Dataset, or the path of a TriG (or other RDF) file.
        path: the ``.nq`` file to write (atomically: never half-written).

    Returns:
        The number of quads written.

    Raises:
        StoreError: the input cannot be read or the output cannot be written.
    """
    quads = _quads_of(dataset_or_trig_path)
    lines = sorted({str(q) + " .\n" for q in quads})
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(Path(path), "".join(lines).encode("utf-8"))
    except StoreError:
        raise
    return len(lines)


def write_jsonld(dataset_or_trig_path: Dataset | Path | str, path: Path | str) -> int:
    """Write a dataset as JSON-LD (expanded form, one ``@graph`` per named graph), sorted.

    Args:
        dataset_or_trig_path: an rdflib Dataset, or the path of a TriG (or other RDF) file.
        path: the ``.jsonld`` file to write (atomically).

    Returns:
        The number of quads written.

    Raises:
        StoreError: the input cannot be read or the output cannot be written.
    """
    quads = _sorted(set(_quads_of(dataset_or_trig_path)))
    try:
        data = ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
        assert data is not None
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(Path(path), data)
    except ValueError as err:
        raise StoreError(f"{path}: cannot write JSON-LD: {err}") from err
    return len(quads)
