"""Build a knowledge graph from a corpus: read, extract, resolve, validate, write.

The build streams: documents are read one at a time, extracted in worker processes a few
batches ahead of the writer, and each extraction is spilled to a temporary file instead of
being kept, so memory holds only what resolving entities across documents needs (each
entity's type, label and key). Then the corpus step reads them back: a document that
names bare a person or organisation which other documents named in full ("بوتين" here,
"فلاديمير بوتين" there) is extracted again with those names (:func:`kg.pipeline.relink`),
so that its mentions join that entity. A last pass reads the spilled extractions back in
input order and appends each document's named graph to ``graph.trig`` and its new triples to
``graph.ttl`` (:mod:`kg.writer`). Peak memory therefore grows with the number of distinct
entities, not with the size of the text.

The build is incremental: each document's extraction is cached under ``OUT/.kg-cache``,
keyed by the document (id and text) and the extractor (version, sources and rule files),
so a re-run re-extracts only new or changed documents. Every output is written to a
temporary file and renamed into place, so a build stopped at any moment leaves the previous
exports whole.

Large builds: SHACL validation runs on the union graph when it has at most
``shacl_max_triples`` triples (default :data:`SHACL_MAX_TRIPLES`); above that it is
skipped, and the report and summary say so (``kg validate DIR`` checks any size). The
HTML view shows every entity up to ``view_max_entities`` (default
:data:`VIEW_MAX_ENTITIES`), else the most connected ones (by number of relations, ties by
IRI), and the report says how many of how many it shows.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import logging
import os
import pickle
import sqlite3
import sys
import tempfile
import warnings
from collections import Counter, deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import IO, TextIO, TypeVar, cast

from rdflib import RDF, Graph
from rdflib.term import Node
from rdflib.util import from_n3

from kg import __version__
from kg.atomic import atomic_write_bytes, atomic_write_text, atomic_writer
from kg.entities import CorpusNames, KnownNames, NameVote, alias_openers, name_votes
from kg.errors import InputWarning, KgError, StoreError
from kg.model import Document, Entity, Extraction
from kg.pipeline import EXTRACTOR_VERSION, extract, relink
from kg.rdf import DocumentGraph, Statement, bind_prefixes, document_statements
from kg.readers import Skipped, iter_inputs
from kg.resolve import Corpus, resolve_corpus
from kg.resources import Gazetteer
from kg.writer import GraphWriter, RenderedGraph, render

log = logging.getLogger(__name__)

CACHE_DIR = ".kg-cache"
OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "report.json")
#: Graph syntaxes a build can write; Turtle and TriG always, the others by default.
FORMATS = ("ttl", "trig", "nq", "jsonld")
REQUIRED_FORMATS = frozenset({"ttl", "trig"})

#: Above this many triples SHACL validation is skipped during a build (pyshacl holds the
#: whole graph in rdflib's memory store and is slow on large graphs).
SHACL_MAX_TRIPLES = 100_000
#: The HTML view shows at most this many entities (the most connected ones).
VIEW_MAX_ENTITIES = 1000
#: In a view of the most connected entities, each lists at most this many documents.
VIEW_MAX_DOCUMENTS = 10
#: Documents sent to a worker process at a time.
BATCH = 16

Progress = Callable[[Iterable[Document], int | None], Iterable[Document]]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced."""

    out: Path
    documents: int
    skipped: tuple[Skipped, ...]
    extracted: int  # documents extracted in this run (the rest came from the cache)
    conforms: bool | None  # None when SHACL validation was turned off or skipped
    violations: int
    report: dict[str, object] = field(default_factory=dict)


@cache
def extractor_fingerprint() -> str:
    """Hash of the extractor: kg's version, its Python sources and its rule files.

    Any change to the code or the rules gives a new fingerprint, so cached extractions
    made by another extractor are never reused.
    """
    h = hashlib.sha256(f"{__version__}/{EXTRACTOR_VERSION}".encode())
    package = Path(__file__).parent
    files = sorted(package.glob("*.py")) + sorted((package / "rules").rglob("*"))
    for path in files:
        if path.is_file():
            h.update(path.relative_to(package).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _gazetteer_fingerprint(gazetteer: Gazetteer | None) -> str:
    if gazetteer is None or not gazetteer.entries:
        return ""
    h = hashlib.sha256()
    for name, etype in sorted(gazetteer.entries.items()):
        h.update(f"{etype.value}\t{name}\n".encode())
    return h.hexdigest()[:16]


_GAZETTEER: Gazetteer | None = None


def _cache_key(doc: Document) -> str:
    h = hashlib.sha256()
    parts = (extractor_fingerprint(), _gazetteer_fingerprint(_GAZETTEER), doc.id, doc.source)
    for part in (*parts, doc.title or "", str(doc.date)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    h.update(doc.text.encode("utf-8"))
    return h.hexdigest()


def default_jobs() -> int:
    """Worker processes by default: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True, slots=True)
class _Summary:
    """What the first pass keeps of a document: enough to resolve and report."""

    doc_id: str
    figures: dict[str, object]
    entities: tuple[Entity, ...]  # without mentions: resolution needs type, label and key
    relations: tuple[tuple[str, str, str], ...]  # (subject key, predicate, object key)
    dropped: dict[str, int]


def _summarise(x: Extraction) -> _Summary:
    doc = x.document
    return _Summary(
        doc_id=doc.id,
        figures={
            "id": doc.id,
            "source": doc.source,
            "sha256": doc.sha256,
            "characters": len(doc.text),
            "mentions": len(x.mentions),
            "entities": len(x.entities),
            "relations": len(x.relations),
        },
        entities=tuple(replace(e, mentions=(), alt_labels=()) for e in x.entities),
        relations=tuple((r.subject, r.predicate.value, r.object) for r in x.relations),
        dropped=dict(x.dropped),
    )


@dataclass(frozen=True, slots=True)
class _Done:
    """One extracted document: its record (:func:`_record`) and its summary."""

    record: bytes
    summary: _Summary
    votes: list[NameVote]  # for the names the corpus step looks up (counted, not kept)


def _done(extraction: Extraction) -> _Done:
    return _Done(_record(extraction), _summarise(extraction), name_votes(extraction.entities))


def _record(extraction: Extraction) -> bytes:
    """How an extraction is spilled and cached: the words a name from another document
    could start with (:func:`kg.entities.alias_openers`, for the corpus step to pass over
    documents without any, unread), then the pickled extraction without its sentences
    (their tokens are cheap to redo)."""
    doc = extraction.document
    openers = alias_openers(doc, extraction.sentences, extraction.mentions)
    head = "\n".join(sorted(openers)).encode("utf-8")
    blob = pickle.dumps(replace(extraction, sentences=()), protocol=pickle.HIGHEST_PROTOCOL)
    return len(head).to_bytes(4, "little") + head + blob


def _openers(record: bytes) -> list[str]:
    """The words a record's document could open a known name with (see :func:`_record`)."""
    size = int.from_bytes(record[:4], "little")
    return record[4 : 4 + size].decode("utf-8").split("\n")


def _extraction(record: bytes) -> Extraction:
    """The extraction of a record (see :func:`_record`); raises what unpickling raises."""
    size = int.from_bytes(record[:4], "little")
    value = pickle.loads(memoryview(record)[4 + size :])
    if not isinstance(value, Extraction):
        raise TypeError(f"not an extraction: {type(value).__name__}")
    return value


def _extract_one(doc: Document) -> _Done | str:
    """Extract a document (in a worker); an error comes back as its message."""
    try:
        return _done(extract(doc, gazetteer=_GAZETTEER))
    except Exception as err:  # one bad document never stops a corpus build
        log.debug("extraction of %s failed", doc.id, exc_info=True)
        return f"extraction failed: {type(err).__name__}: {err}"


def _extract_batch(docs: Sequence[Document]) -> list[_Done | str]:
    return [_extract_one(d) for d in docs]


_KNOWN = KnownNames({})


def _set_known(known: KnownNames, gazetteer: Gazetteer | None) -> None:
    global _KNOWN
    _KNOWN = known
    _warm(gazetteer)


def _relink_batch(records: Sequence[bytes]) -> list[_Done | None]:
    """Corpus step, in a worker: each document extracted again when it names bare what
    other documents named in full (``None`` when it does not, or when that fails)."""
    out: list[_Done | None] = []
    for record in records:
        extraction = _extraction(record)
        try:
            again = relink(extraction, _KNOWN, gazetteer=_GAZETTEER)
        except Exception:  # the first extraction stands
            log.debug("relinking %s failed", extraction.document.id, exc_info=True)
            again = None
        out.append(None if again is None else _done(again))
    return out


def _warm(gazetteer: Gazetteer | None = None) -> None:
    """Load lexicons and rules, so forked workers inherit them; set the user gazetteer."""
    from kg.lexicon import default_lexicon

    global _GAZETTEER
    _GAZETTEER = gazetteer
    lex = default_lexicon()
    _ = (lex.places, lex.given, lex.family)


# --------------------------------------------------------------------------- build


def build(
    paths: Sequence[str | Path],
    *,
    out: str | Path = "exports",
    jobs: int | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    shacl: bool = True,
    html: bool = True,
    use_cache: bool = True,
    progress: Progress | None = None,
    shacl_max_triples: int | None = SHACL_MAX_TRIPLES,
    view_max_entities: int = VIEW_MAX_ENTITIES,
    formats: Collection[str] = FORMATS,
    gazetteer: Gazetteer | None = None,
) -> BuildResult:
    """Build the graph of the documents under ``paths`` into the folder ``out``.

    Args:
        paths: files and folders (``-`` reads standard input).
        out: output folder, created if missing.
        jobs: worker processes for extraction (default :func:`default_jobs`); the output
            is the same for any number.
        include: glob patterns of files to read inside folders.
        exclude: glob patterns of files to leave out.
        shacl: validate the graph against ontology/shapes.ttl.
        html: write graph.html.
        use_cache: reuse cached extractions of unchanged documents.
        progress: wraps the document iterable to show progress (the CLI passes tqdm);
            it is given ``None`` as the total, which is not known while streaming.
        shacl_max_triples: skip SHACL validation above this many triples (``None``:
            always validate).
        formats: graph syntaxes to write, of :data:`FORMATS` (``ttl`` and ``trig``
            always); a format left out is removed from ``out`` so no stale file remains.
        gazetteer: the user's names (``kg build --gazetteer``), which win over rules.
        view_max_entities: the HTML view shows at most this many entities, the most
            connected ones.

    Returns:
        Counts, skipped inputs and the validation outcome.

    Raises:
        StoreError: the output folder cannot be written.
    """
    out = Path(out)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise KgError(f"unknown output format(s) {sorted(unknown)}; choose from {list(FORMATS)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{out}: cannot create the output folder: {err}") from err
    _warm(gazetteer)  # cache keys depend on the gazetteer too
    options: dict[str, object] = {
        "extractor": extractor_fingerprint(),
        "gazetteer": _gazetteer_fingerprint(gazetteer),
        "include": list(include),
        "exclude": list(exclude),
        "shacl": [shacl, shacl_max_triples],
        "html": [html, view_max_entities],
        "formats": sorted(set(formats) | REQUIRED_FORMATS),
    }
    stamp = _input_stamp(paths, options) if use_cache else None
    if stamp is not None:
        unchanged = _unchanged_build(out, stamp)
        if unchanged is not None:
            return unchanged
    skipped: list[Skipped] = []

    def documents() -> Iterator[Document]:
        for item in iter_inputs(paths, include=include, exclude=exclude):
            if isinstance(item, Skipped):
                _warn_skipped(item)
                skipped.append(item)
            else:
                yield item

    docs: Iterable[Document] = documents()
    if progress is not None:
        docs = progress(docs, None)
    summaries: list[_Summary] = []
    names = CorpusNames()  # kg.entities.corpus_names, counted as documents come
    extracted = 0
    jobs = default_jobs() if jobs is None else max(1, jobs)
    with contextlib.ExitStack() as stack:
        spill = stack.enter_context(tempfile.TemporaryFile(dir=out, prefix=".kg-spill-"))
        cache = stack.enter_context(_Cache.open(out / CACHE_DIR if use_cache else None))
        for doc, done, fresh in _extract_stream(docs, cache, jobs, gazetteer):
            if isinstance(done, str):
                item = Skipped(doc.source or doc.id, done)
                _warn_skipped(item)
                skipped.append(item)
                continue
            _spill(spill, done.record)
            summaries.append(done.summary)
            names.add(done.votes)
            extracted += fresh
        cache.prune()
        known = names.known()
        spill.seek(0)
        relinked = 0
        if known:
            again = stack.enter_context(tempfile.TemporaryFile(dir=out, prefix=".kg-spill-"))
            relinked = _relink(spill, again, summaries, known, jobs=jobs, gazetteer=gazetteer)
            spill = again
            spill.seek(0)
        corpus = resolve_corpus([_stub(s) for s in summaries], known)
        view_keep = (
            _most_connected(_degrees(summaries, corpus), corpus, view_max_entities)
            if html
            else None
        )
        written = _write_graphs(
            out,
            spill,
            len(summaries),
            corpus,
            jobs=jobs,
            view_keep=view_keep,
            formats=frozenset(formats) | REQUIRED_FORMATS,
        )
    conforms: bool | None = None
    violations: list[dict[str, str]] = []
    shacl_note: str | None = None
    if shacl and shacl_max_triples is not None and written.triples > shacl_max_triples:
        shacl_note = (
            f"skipped: the graph has {written.triples} triples, more than the "
            f"{shacl_max_triples} validated during a build; run `kg validate {out}`"
        )
    elif shacl:
        from kg.validate import validate

        outcome = validate(_parse_turtle(out / "graph.ttl"))
        conforms = outcome.conforms
        violations = [
            {"focus": v.focus, "path": v.path, "message": v.message, "severity": v.severity}
            for v in outcome.violations
        ]
    view: dict[str, object] | None = None
    if html and written.view is not None:
        from kg.viz import render_html

        title = "kg: " + ", ".join(map(str, paths))
        if written.view_selected:
            title += f" ({len(view_keep or ())} most connected of {len(corpus.entities)} entities)"
        atomic_write_text(out / "graph.html", render_html(written.view, title=title))
        view = {
            "entities": len(view_keep) if view_keep is not None else len(corpus.entities),
            "of": len(corpus.entities),
            "selection": "most connected" if written.view_selected else "all",
        }
    report = _report(
        summaries,
        corpus,
        skipped,
        graph_size=written.triples,
        conforms=conforms,
        violations=violations,
        shacl_note=shacl_note if shacl else None,
        view=view,
        extracted=extracted,
        relinked=relinked,
    )
    _write_report(out, report)
    if stamp is not None:
        _write_manifest(out, stamp)
    return BuildResult(
        out=out,
        documents=len(summaries),
        skipped=tuple(skipped),
        extracted=extracted,
        conforms=conforms,
        violations=len(violations),
        report=report,
    )


def _write_report(out: Path, report: dict[str, object]) -> None:
    atomic_write_bytes(
        out / "report.json",
        (json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    )


# --------------------------------------------------------------------------- up to date?

_MANIFEST = "manifest.json"


def _input_stamp(paths: Sequence[str | Path], options: dict[str, object]) -> str | None:
    """A digest of the inputs' names, sizes and modification times, and the options.

    ``None`` when an input cannot be stamped (standard input): such a build always runs.
    Files inside folders are all stamped, whatever the include/exclude globs say, so an
    unchanged stamp means no input changed (a changed file that the globs leave out only
    costs a rebuild).
    """
    h = hashlib.sha256(json.dumps(options, sort_keys=True).encode())
    for arg in paths:
        if str(arg) == "-":
            return None
        path = Path(arg)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        h.update(f"\x1e{arg}".encode())
        for f in files:
            try:
                st = f.stat()
            except OSError:
                h.update(f"\x1f{f}\x1fmissing".encode())
                continue
            h.update(f"\x1f{f}\x1f{st.st_size}\x1f{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _output_stamps(out: Path) -> dict[str, list[int]] | None:
    stamps: dict[str, list[int]] = {}
    for name in OUTPUTS:
        path = out / name
        if path.exists():
            st = path.stat()
            stamps[name] = [st.st_size, st.st_mtime_ns]
    return stamps or None


def _write_manifest(out: Path, stamp: str) -> None:
    manifest = {"inputs": stamp, "outputs": _output_stamps(out)}
    try:
        (out / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        atomic_write_text(out / CACHE_DIR / _MANIFEST, json.dumps(manifest, sort_keys=True))
    except (OSError, StoreError) as err:
        log.warning("%s: cannot write the build manifest (%s)", out, err)


def _unchanged_build(out: Path, stamp: str) -> BuildResult | None:
    """The previous build's result when its inputs, options and outputs are unchanged.

    Nothing is re-extracted or rewritten but ``report.json``, which then says that every
    document came from the cache.
    """
    try:
        manifest = json.loads((out / CACHE_DIR / _MANIFEST).read_text(encoding="utf-8"))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != stamp or manifest.get("outputs") != _output_stamps(out):
        return None
    documents = int(report.get("documents", 0))
    report["extracted"], report["from_cache"] = 0, documents
    skipped = tuple(
        Skipped(s["path"], s["reason"], s.get("line")) for s in report.get("skipped", [])
    )
    for item in skipped:
        _warn_skipped(item)
    _write_report(out, report)
    _write_manifest(out, stamp)
    shacl = report.get("shacl", {})
    return BuildResult(
        out=out,
        documents=documents,
        skipped=skipped,
        extracted=0,
        conforms=shacl.get("conforms") if isinstance(shacl, dict) else None,
        violations=len(shacl.get("violations", [])) if isinstance(shacl, dict) else 0,
        report=report,
    )


def _warn_skipped(item: Skipped) -> None:
    where = f"{item.path}:{item.line}" if item.line else item.path
    warnings.warn(f"{where}: skipped: {item.reason}", InputWarning, stacklevel=3)


def _stub(summary: _Summary) -> Extraction:
    """An extraction holding only what :func:`resolve_corpus` reads."""
    return Extraction(
        document=Document(summary.doc_id, ""),
        sentences=(),
        mentions=(),
        entities=summary.entities,
        relations=(),
    )


def _spill(spill: IO[bytes], blob: bytes) -> None:
    spill.write(len(blob).to_bytes(8, "little"))
    spill.write(blob)


def _unspill(spill: IO[bytes], count: int) -> Iterator[bytes]:
    for _ in range(count):
        yield spill.read(int.from_bytes(spill.read(8), "little"))


def _relink(
    spill: IO[bytes],
    again: IO[bytes],
    summaries: list[_Summary],
    known: KnownNames,
    *,
    jobs: int,
    gazetteer: Gazetteer | None,
) -> int:
    """Corpus step: copy the spilled extractions from ``spill`` to ``again``, each one
    extracted again (in ``jobs`` workers) when it names bare a person or organisation
    that other documents named in full; its summary is replaced. Returns how many were.
    """
    relinked = 0
    with _Workers(jobs, initializer=_set_known, initargs=(known, gazetteer)) as submit:

        def start(
            batch: list[bytes],
        ) -> tuple[list[bytes], list[int], Callable[[], list[_Done | None]]]:
            # most documents open no known name: they are not sent to a worker at all
            todo = [k for k, r in enumerate(batch) if not known.first.isdisjoint(_openers(r))]
            if not todo:
                return batch, todo, list
            return batch, todo, submit(_relink_batch, [batch[k] for k in todo])

        index = 0
        started = map(start, _batches(_unspill(spill, len(summaries)), BATCH))
        for batch, todo, result in _ahead(started, 3 * jobs):
            redone = dict(zip(todo, result(), strict=True))
            for k, record in enumerate(batch):
                done = redone.get(k)
                if done is not None:
                    summaries[index] = done.summary
                    relinked += 1
                _spill(again, record if done is None else done.record)
                index += 1
    _set_known(KnownNames({}), gazetteer)
    return relinked


# --------------------------------------------------------------------------- extraction


def _extract_stream(
    docs: Iterable[Document], cache: _Cache, jobs: int, gazetteer: Gazetteer | None = None
) -> Iterator[tuple[Document, _Done | str, bool]]:
    """Yield (document, extraction or error, fresh?) in input order.

    Documents are taken in batches; cached ones are loaded here, the others extracted in
    ``jobs`` worker processes, with at most a few batches per worker in flight so memory
    stays bounded however long the input.
    """

    def work(batch: list[Document]) -> Callable[[], Iterator[tuple[Document, _Done | str, bool]]]:
        keys = [_cache_key(d) for d in batch]
        hits = cache.load(keys)
        todo = [d for d, k in zip(batch, keys, strict=True) if k not in hits]
        result = submit(_extract_batch, todo) if todo else None

        def finish() -> Iterator[tuple[Document, _Done | str, bool]]:
            results = iter(result() if result is not None else ())
            for doc, key in zip(batch, keys, strict=True):
                if key in hits:
                    yield doc, hits[key], False
                else:
                    done = next(results)
                    if isinstance(done, _Done):
                        cache.store(key, done.record)
                    yield doc, done, True

        return finish

    with _Workers(jobs, initializer=_warm, initargs=(gazetteer,)) as submit:
        for finish in _ahead(map(work, _batches(docs, BATCH)), 3 * jobs):
            yield from finish()


T = TypeVar("T")
R = TypeVar("R")


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ahead(items: Iterator[T], window: int) -> Iterator[T]:
    """Yield ``items`` in order while keeping up to ``window`` of them already started."""
    pending: deque[T] = deque()
    for item in items:
        pending.append(item)
        if len(pending) > window:
            yield pending.popleft()
    yield from pending


class _Workers:
    """A process pool started on first use (none for one job): ``submit(f, x)()`` → f(x).

    The pool's workers are forked after ``initializer(*initargs)`` ran in this process, so
    they inherit its state, and run it themselves too where processes are spawned.

    What the initializer loaded (lexicons, the corpus) lives as long as the pool and is
    never garbage, so it is frozen out of the garbage collector (:func:`gc.freeze`) until
    the pool closes: collections no longer walk it again and again, which cost about a
    tenth of extraction time, and forked workers do not copy the pages it sits on.
    """

    def __init__(
        self, jobs: int, *, initializer: Callable[..., None], initargs: tuple[object, ...] = ()
    ) -> None:
        self._jobs = jobs
        self._initializer = initializer
        self._initargs = initargs
        self._started = False
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Callable[[Callable[[T], R], T], Callable[[], R]]:
        return self.submit

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        if self._started:
            gc.unfreeze()

    def _start(self) -> None:
        _init_frozen(self._initializer, self._initargs)
        self._started = True
        if self._jobs > 1:
            self._pool = ProcessPoolExecutor(
                self._jobs,
                initializer=_init_frozen,
                initargs=(self._initializer, self._initargs),
            )

    def submit(self, func: Callable[[T], R], arg: T) -> Callable[[], R]:
        if not self._started:
            self._start()
        if self._pool is None:
            value = func(arg)
            return lambda: value
        return self._pool.submit(func, arg).result


def _init_frozen(initializer: Callable[..., None], initargs: tuple[object, ...]) -> None:
    """Run a pool's initializer, then freeze what it loaded (see :class:`_Workers`)."""
    initializer(*initargs)
    gc.freeze()


class _Cache:
    """Cached extractions in one SQLite file, keyed by :func:`_cache_key`.

    One file instead of a file per document: opening thousands of small files cost more
    than extracting some of them. Entries of documents not seen in a build are pruned.
    A cache that cannot be opened or written is ignored with a warning in the log.
    """

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self._db = db
        self._seen: set[str] = set()

    @classmethod
    @contextlib.contextmanager
    def open(cls, folder: Path | None) -> Iterator[_Cache]:
        db = None
        if folder is not None:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(folder / "extractions.sqlite")
                db.execute("CREATE TABLE IF NOT EXISTS x (key TEXT PRIMARY KEY, blob BLOB)")
            except (OSError, sqlite3.Error) as err:
                log.warning("%s: cannot open the cache (%s)", folder, err)
                db = None
        cache = cls(db)
        try:
            yield cache
            if db is not None:
                db.commit()
        finally:
            if db is not None:
                db.close()

    def load(self, keys: Sequence[str]) -> dict[str, _Done]:
        """The cached extractions of ``keys`` that are in the cache."""
        self._seen.update(keys)
        if self._db is None:
            return {}
        marks = ",".join("?" * len(keys))
        found: dict[str, _Done] = {}
        try:
            rows = self._db.execute(f"SELECT key, blob FROM x WHERE key IN ({marks})", keys)
            for key, record in rows:
                try:
                    extraction = _extraction(record)
                    votes = name_votes(extraction.entities)
                    found[key] = _Done(record, _summarise(extraction), votes)
                except (pickle.UnpicklingError, EOFError, AttributeError, TypeError) as err:
                    log.warning("ignoring a broken cache entry %s (%s)", key, err)
        except sqlite3.Error as err:
            log.warning("cannot read the cache (%s)", err)
        return found

    def store(self, key: str, blob: bytes) -> None:
        """Remember an extraction."""
        if self._db is None:
            return
        try:
            self._db.execute("INSERT OR REPLACE INTO x VALUES (?, ?)", (key, blob))
        except sqlite3.Error as err:
            log.warning("cannot write the cache (%s)", err)

    def prune(self) -> None:
        """Forget documents not loaded or stored in this build."""
        if self._db is None:
            return
        try:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM keep")
            self._db.executemany(
                "INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in self._seen)
            )
            self._db.execute("DELETE FROM x WHERE key NOT IN (SELECT key FROM keep)")
        except sqlite3.Error as err:
            log.warning("cannot prune the cache (%s)", err)


# --------------------------------------------------------------------------- writing


@dataclass(frozen=True, slots=True)
class _Written:
    triples: int
    view: Graph | None  # the graph the HTML view shows
    view_selected: bool  # the view holds only the most connected entities


@dataclass(frozen=True, slots=True)
class _ViewPart:
    """What the HTML view may show of one document (see :class:`_ViewCollector`)."""

    about: tuple[Statement, ...]  # statements about kept entities
    evidence: tuple[tuple[Statement, tuple[Statement, ...]], ...]  # (s p o, its evidence)
    identifier: Statement  # the document's dcterms:identifier


_RENDER: tuple[Corpus, frozenset[str] | None, bool, bool] | None = None

_EVIDENCE_KEEP = frozenset(
    ("a", "rdf:subject", "rdf:predicate", "rdf:object", "kg:text", "kg:role", "kg:inDocument")
)


def _set_render(
    corpus: Corpus, keep: frozenset[str] | None, nquads: bool = True, jsonld: bool = True
) -> None:
    global _RENDER
    _RENDER = (corpus, keep, nquads, jsonld)


def _render_batch(records: Sequence[bytes]) -> list[tuple[RenderedGraph, _ViewPart | None]]:
    """Second pass, in a worker: statements and their texts for a batch of documents."""
    assert _RENDER is not None
    corpus, keep, nquads, jsonld = _RENDER
    out = []
    for record in records:
        graph = document_statements(_extraction(record), corpus)
        rendered = render(graph, nquads=nquads, jsonld=jsonld)
        out.append((rendered, None if keep is None else _view_part(graph, keep)))
    return out


def _view_part(graph: DocumentGraph, keep: frozenset[str]) -> _ViewPart:
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
    return _ViewPart(tuple(sorted(set(about))), tuple(evidence), identifier)


def _write_graphs(
    out: Path,
    spill: IO[bytes],
    count: int,
    corpus: Corpus,
    *,
    jobs: int,
    view_keep: set[str] | None,
    formats: frozenset[str] = frozenset(FORMATS),
) -> _Written:
    """Second pass: write graph.trig, .ttl, .nq and .jsonld, collecting the view's part.

    A format not in ``formats`` is not made, and its file from an earlier build is
    removed so that no stale export stays beside fresh ones.

    Documents' graphs are made and formatted in worker processes (which inherit the
    corpus), a few batches ahead; this process only drops repeated shared statements and
    appends the texts in input order.
    """
    selected = view_keep is not None and len(view_keep) < len(corpus.entities)
    keep = None if view_keep is None else frozenset(f"<{iri}>" for iri in view_keep)
    view = None if keep is None else _ViewCollector(capped=selected)

    optional = {"nq": out / "graph.nq", "jsonld": out / "graph.jsonld"}
    for name, path in optional.items():
        if name not in formats:
            path.unlink(missing_ok=True)
    with contextlib.ExitStack() as stack:
        trig = stack.enter_context(atomic_writer(out / "graph.trig", "wb"))
        ttl = stack.enter_context(atomic_writer(out / "graph.ttl", "wb"))
        nq, jsonld = (
            stack.enter_context(atomic_writer(optional[name], "wb")) if name in formats else None
            for name in ("nq", "jsonld")
        )
        flags = (keep, nq is not None, jsonld is not None)
        submit = stack.enter_context(
            _Workers(jobs, initializer=_set_render, initargs=(corpus, *flags))
        )
        writer = GraphWriter(trig, ttl, nquads=nq, jsonld=jsonld)
        started = (
            submit(_render_batch, batch) for batch in _batches(_unspill(spill, count), BATCH)
        )
        for result in _ahead(started, 3 * jobs):
            for rendered, part in result():
                writer.write(rendered)
                if view is not None and part is not None:
                    view.add(part)
        writer.close()
    _set_render(corpus, None)  # let the corpus go with the caller
    return _Written(writer.triples, None if view is None else view.graph(), selected)


class _ViewCollector:
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

    def add(self, part: _ViewPart) -> None:
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


def _parse_turtle(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def _degrees(summaries: Sequence[_Summary], corpus: Corpus) -> Counter[str]:
    """Number of relations each corpus entity takes part in (0 for none)."""
    degree: Counter[str] = Counter({str(iri): 0 for iri in corpus.entities})
    for summary in summaries:
        for subject, _, obj in summary.relations:
            degree[str(corpus.iri(summary.doc_id, subject))] += 1
            degree[str(corpus.iri(summary.doc_id, obj))] += 1
    return degree


def _most_connected(degree: Counter[str], corpus: Corpus, limit: int) -> set[str]:
    """All entities when there are at most ``limit``, else the ``limit`` most connected."""
    if len(corpus.entities) <= limit:
        return set(degree)
    ranked = sorted(degree.items(), key=lambda item: (-item[1], item[0]))
    return {iri for iri, _ in ranked[:limit]}


# --------------------------------------------------------------------------- report


def _report(
    summaries: Sequence[_Summary],
    corpus: Corpus,
    skipped: Sequence[Skipped],
    *,
    graph_size: int,
    conforms: bool | None,
    violations: Sequence[dict[str, str]],
    shacl_note: str | None = None,
    view: dict[str, object] | None = None,
    extracted: int = 0,
    relinked: int = 0,
) -> dict[str, object]:
    """The build report: counts, validation, per-document figures, skipped inputs."""
    by_type = Counter(e.type.value for e in corpus.entities.values())
    by_predicate: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    for s in summaries:
        by_predicate.update(p for _, p, _ in s.relations)
        dropped.update(s.dropped)
    shacl: dict[str, object] = {
        "validated": conforms is not None,
        "conforms": conforms,
        "violations": list(violations),
    }
    if shacl_note is not None:
        shacl["note"] = shacl_note
    report: dict[str, object] = {
        "kg_version": __version__,
        "extractor": extractor_fingerprint(),
        "documents": len(summaries),
        "extracted": extracted,
        "from_cache": len(summaries) - extracted,
        "relinked": relinked,
        "triples": graph_size,
        "entities": dict(sorted(by_type.items())),
        "entities_total": sum(by_type.values()),
        "relations": dict(sorted(by_predicate.items())),
        "relations_total": sum(by_predicate.values()),
        "dropped_relations": dict(sorted(dropped.items())),
        "shacl": shacl,
        "skipped": [{"path": s.path, "line": s.line, "reason": s.reason} for s in skipped],
        "per_document": [s.figures for s in summaries],
    }
    if view is not None:
        report["view"] = view
    return report


def print_summary(result: BuildResult, *, file: TextIO | None = None) -> None:
    """Print a short human summary of a build (used by the CLI)."""
    r = result.report
    ents = r.get("entities", {})
    parts = ", ".join(f"{v} {k}" for k, v in ents.items()) if isinstance(ents, dict) else ""
    lines = [
        f"kg: built {result.documents} document(s) into {result.out}/ "
        f"({result.extracted} extracted, {result.documents - result.extracted} from cache)",
        f"kg: {r.get('entities_total')} entities ({parts}), {r.get('relations_total')} relations, "
        f"{r.get('triples')} triples",
    ]
    shacl = r.get("shacl", {})
    note = shacl.get("note") if isinstance(shacl, dict) else None
    if note:
        lines.append(f"kg: SHACL validation {note}")
    elif result.conforms is None:
        lines.append("kg: SHACL validation skipped (--no-shacl)")
    elif result.conforms:
        lines.append("kg: SHACL: the graph conforms to ontology/shapes.ttl")
    else:
        lines.append(f"kg: SHACL: {result.violations} violation(s); see report.json")
    view = r.get("view")
    if isinstance(view, dict) and view.get("selection") != "all":
        lines.append(
            f"kg: graph.html shows the {view['entities']} most connected of {view['of']} entities"
        )
    if result.skipped:
        lines.append(f"kg: {len(result.skipped)} input(s) skipped; see report.json")
    print("\n".join(lines), file=sys.stderr if file is None else file)
