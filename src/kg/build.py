"""Build a knowledge graph from a corpus: read, extract, resolve, validate, write.

The build is incremental: each document's extraction is cached under ``OUT/.kg-cache``,
keyed by the document (id and text) and the extractor (version and rule files), so a
re-run re-extracts only new or changed documents. Every output is written to a temporary
file and renamed into place, so a build stopped at any moment leaves the previous
exports whole.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import sys
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from kg import __version__
from kg.atomic import atomic_write_bytes, atomic_write_text
from kg.errors import InputWarning, StoreError
from kg.model import Document, Extraction
from kg.pipeline import EXTRACTOR_VERSION, extract
from kg.rdf import to_dataset, union_graph
from kg.readers import Skipped, iter_inputs
from kg.resolve import Corpus, resolve_corpus

log = logging.getLogger(__name__)

CACHE_DIR = ".kg-cache"
OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "report.json")


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build produced."""

    out: Path
    documents: int
    skipped: tuple[Skipped, ...]
    extracted: int  # documents extracted in this run (the rest came from the cache)
    conforms: bool | None  # None when SHACL validation was turned off
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


def _cache_key(doc: Document) -> str:
    h = hashlib.sha256()
    for part in (extractor_fingerprint(), doc.id, doc.source, doc.title or "", str(doc.date)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    h.update(doc.text.encode("utf-8"))
    return h.hexdigest()


def _slim(extraction: Extraction) -> Extraction:
    """Drop what later stages do not need (sentences and tokens) to save memory."""
    return replace(extraction, sentences=())


def _extract_slim(doc: Document) -> Extraction:
    return _slim(extract(doc))


def default_jobs() -> int:
    """Worker processes by default: one per core, at most 4."""
    return max(1, min(4, os.cpu_count() or 1))


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
    progress: Callable[[Iterable[Document], int], Iterable[Document]] | None = None,
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
        progress: wraps the document iterable to show progress (the CLI passes tqdm).

    Returns:
        Counts, skipped inputs and the validation outcome.

    Raises:
        StoreError: the output folder cannot be written.
    """
    out = Path(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{out}: cannot create the output folder: {err}") from err
    docs: list[Document] = []
    skipped: list[Skipped] = []
    for item in iter_inputs(paths, include=include, exclude=exclude):
        if isinstance(item, Skipped):
            where = f"{item.path}:{item.line}" if item.line else item.path
            warnings.warn(f"{where}: skipped: {item.reason}", InputWarning, stacklevel=2)
            skipped.append(item)
        else:
            docs.append(item)
    extractions, extracted = _extract_all(docs, out / CACHE_DIR if use_cache else None, jobs, progress)
    corpus = resolve_corpus(extractions)
    dataset = to_dataset(extractions, corpus)
    graph = union_graph(dataset)
    conforms: bool | None = None
    violations: list[dict[str, str]] = []
    if shacl:
        from kg.validate import validate  # noqa: PLC0415 - pyshacl is slow to import

        outcome = validate(graph)
        conforms = outcome.conforms
        violations = [
            {"focus": v.focus, "path": v.path, "message": v.message, "severity": v.severity}
            for v in outcome.violations
        ]
    report = _report(extractions, corpus, skipped, graph_size=len(graph), conforms=conforms, violations=violations)
    atomic_write_text(out / "graph.trig", dataset.serialize(format="trig"))
    atomic_write_text(out / "graph.ttl", graph.serialize(format="turtle"))
    atomic_write_text(out / "graph.nq", _nquads(dataset))
    atomic_write_text(out / "graph.jsonld", graph.serialize(format="json-ld", indent=1, ensure_ascii=False))
    if html:
        from kg.viz import render_html  # noqa: PLC0415

        atomic_write_text(out / "graph.html", render_html(graph, title="kg: " + ", ".join(map(str, paths))))
    atomic_write_bytes(
        out / "report.json",
        (json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    )
    return BuildResult(
        out=out,
        documents=len(extractions),
        skipped=tuple(skipped),
        extracted=extracted,
        conforms=conforms,
        violations=len(violations),
        report=report,
    )


def _nquads(dataset: object) -> str:
    """N-Quads with lines sorted, so the file is deterministic."""
    text: str = dataset.serialize(format="nquads")  # type: ignore[attr-defined]
    return "".join(sorted(line + "\n" for line in text.splitlines() if line.strip()))


def _extract_all(
    docs: Sequence[Document],
    cache_dir: Path | None,
    jobs: int | None,
    progress: Callable[[Iterable[Document], int], Iterable[Document]] | None,
) -> tuple[list[Extraction], int]:
    """Extract every document, from the cache where possible, in input order."""
    results: list[Extraction | None] = [None] * len(docs)
    keys = [_cache_key(d) for d in docs]
    todo: list[int] = []
    for n, key in enumerate(keys):
        cached = _cache_load(cache_dir, key) if cache_dir else None
        if cached is not None:
            results[n] = cached
        else:
            todo.append(n)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    todo_docs = [docs[n] for n in todo]
    wrapped: Iterable[Document] = progress(todo_docs, len(todo_docs)) if progress else todo_docs
    if jobs == 1 or len(todo) < 8:
        fresh: Iterable[Extraction] = (_extract_slim(d) for d in wrapped)
        for n, extraction in zip(todo, fresh, strict=True):
            results[n] = extraction
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
            chunk = max(1, min(64, len(todo) // (jobs * 8) or 1))
            mapped = pool.map(_extract_slim, todo_docs, chunksize=chunk)
            for n, extraction, _ in zip(todo, mapped, wrapped, strict=True):
                results[n] = extraction
    if cache_dir is not None:
        for n in todo:
            _cache_store(cache_dir, keys[n], results[n])  # type: ignore[arg-type]
        _cache_prune(cache_dir, set(keys))
    return [r for r in results if r is not None], len(todo)


def _warm() -> None:
    """Load lexicons once per worker process, before the first document."""
    from kg.lexicon import default_lexicon  # noqa: PLC0415

    lex = default_lexicon()
    _ = (lex.places, lex.given, lex.family)


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pickle"


def _cache_load(cache_dir: Path, key: str) -> Extraction | None:
    path = _cache_path(cache_dir, key)
    try:
        with path.open("rb") as fh:
            value = pickle.load(fh)  # noqa: S301 - our own cache files
    except FileNotFoundError:
        return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError) as err:
        log.warning("%s: ignoring a broken cache entry (%s)", path, err)
        return None
    return value if isinstance(value, Extraction) else None


def _cache_store(cache_dir: Path, key: str, extraction: Extraction) -> None:
    path = _cache_path(cache_dir, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(extraction, protocol=pickle.HIGHEST_PROTOCOL))
    except (OSError, StoreError) as err:
        log.warning("%s: cannot write the cache (%s)", path, err)


def _cache_prune(cache_dir: Path, keep: set[str]) -> None:
    """Remove cache entries of documents no longer in the corpus."""
    if not cache_dir.exists():
        return
    for path in cache_dir.glob("*/*.pickle"):
        if path.stem not in keep:
            path.unlink(missing_ok=True)


def _report(
    extractions: Sequence[Extraction],
    corpus: Corpus,
    skipped: Sequence[Skipped],
    *,
    graph_size: int,
    conforms: bool | None,
    violations: Sequence[dict[str, str]],
) -> dict[str, object]:
    """The build report: counts, validation, per-document figures, skipped inputs."""
    by_type = Counter(e.type.value for e in corpus.entities.values())
    by_predicate: Counter[str] = Counter()
    dropped: Counter[str] = Counter()
    documents = []
    for x in extractions:
        by_predicate.update(r.predicate.value for r in x.relations)
        dropped.update(x.dropped)
        documents.append(
            {
                "id": x.document.id,
                "source": x.document.source,
                "sha256": x.document.sha256,
                "characters": len(x.document.text),
                "mentions": len(x.mentions),
                "entities": len(x.entities),
                "relations": len(x.relations),
            }
        )
    return {
        "kg_version": __version__,
        "extractor": extractor_fingerprint(),
        "documents": len(extractions),
        "triples": graph_size,
        "entities": dict(sorted(by_type.items())),
        "entities_total": sum(by_type.values()),
        "relations": dict(sorted(by_predicate.items())),
        "relations_total": sum(by_predicate.values()),
        "dropped_relations": dict(sorted(dropped.items())),
        "shacl": {
            "validated": conforms is not None,
            "conforms": conforms,
            "violations": list(violations),
        },
        "skipped": [
            {"path": s.path, "line": s.line, "reason": s.reason} for s in skipped
        ],
        "per_document": documents,
    }


def print_summary(result: BuildResult, *, file: object = sys.stderr) -> None:
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
    if result.conforms is None:
        lines.append("kg: SHACL validation skipped (--no-shacl)")
    elif result.conforms:
        lines.append("kg: SHACL: the graph conforms to ontology/shapes.ttl")
    else:
        lines.append(f"kg: SHACL: {result.violations} violation(s); see report.json")
    if result.skipped:
        lines.append(f"kg: {len(result.skipped)} input(s) skipped; see report.json")
    print("\n".join(lines), file=file)  # type: ignore[call-overload]
