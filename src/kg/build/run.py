"""``build()``: the passes of a build in order, from the inputs to report.json.

Read and extract (:mod:`kg.build.stream`), spill (:mod:`kg.build.spill`), relink
(:mod:`kg.build.relink`), resolve (:func:`kg.resolve.resolve_corpus`), write
(:mod:`kg.build.write`), validate (:mod:`kg.validate`), draw (:mod:`kg.viz`) and report
(:mod:`kg.build.report`); an unchanged build is skipped (:mod:`kg.build.manifest`).
"""

from __future__ import annotations

import contextlib
import tempfile
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import Graph

from kg.atomic import atomic_write_text
from kg.build.cache import CACHE_DIR, Cache
from kg.build.fingerprint import extractor_fingerprint, gazetteer_fingerprint, tagger_fingerprint
from kg.build.manifest import input_stamp, unchanged_build, write_manifest
from kg.build.pool import Engine, LocalEngine, default_jobs, warm
from kg.build.relink import relink_spilled
from kg.build.report import BuildResult, OnSkipped, make_report, warn_skipped, write_report
from kg.build.shards import ShardPlan
from kg.build.spill import Summary, spill, stub
from kg.build.stream import extract_stream
from kg.build.view import VIEW_MAX_ENTITIES, degrees, most_connected
from kg.build.write import FORMATS, REQUIRED_FORMATS, write_graphs
from kg.entities import CorpusNames
from kg.errors import InputWarning, KgError, StoreError
from kg.model import Document
from kg.readers import Skipped, iter_found
from kg.resolve import resolve_corpus
from kg.resources import Gazetteer

#: Above this many triples SHACL validation is skipped during a build (pyshacl holds the
#: whole graph in rdflib's memory store and is slow on large graphs).
SHACL_MAX_TRIPLES = 100_000

Progress = Callable[[Iterable[Document], int | None], Iterable[Document]]


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
    on_skipped: OnSkipped | None = None,
    tagger: bool = True,
    scheduler: str | None = None,
    shard_output: bool = False,
) -> BuildResult:
    """Build the graph of the documents under ``paths`` into the folder ``out``.

    Args:
        paths: files and folders (``-`` reads standard input).
        out: output folder, created if missing.
        jobs: worker processes for extraction (default :func:`default_jobs`); the output
            is the same for any number. Not used with ``scheduler``.
        scheduler: the address of a Dask scheduler (``tcp://HOST:PORT``) whose workers
            run the per-document passes (:mod:`kg.build.cluster`); the output is the same
            as a local build's.
        shard_output: also write each input shard's named graphs to their own TriG and
            N-Quads files under ``out/shards/``, with a manifest (:mod:`kg.build.shards`),
            for a server store to bulk-load in parallel (``kg push --bulk``).
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
        tagger: run the learned tagger beside the rules (:mod:`kg.tagger`; on by
            default, as in ``kg build``; false: the rules alone, ``--no-tagger``).
        view_max_entities: the HTML view shows at most this many entities, the most
            connected ones.
        on_skipped: told of each input that is skipped (unreadable, empty, not Arabic,
            failed to extract), as it is; by default an
            :class:`~kg.errors.InputWarning` is issued (the CLI prints a line instead).

    Returns:
        Counts, skipped inputs and the validation outcome.

    Raises:
        StoreError: the output folder cannot be written.
        KgError: the scheduler cannot be reached, or its workers run another kg.
    """
    out = Path(out)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise KgError(f"unknown output format(s) {sorted(unknown)}; choose from {list(FORMATS)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StoreError(f"{out}: cannot create the output folder: {err}") from err
    warm(gazetteer, tagger)  # lexicons loaded (and their warnings given) before any input is read
    tell = warn_skipped if on_skipped is None else on_skipped
    options: dict[str, object] = {
        "extractor": extractor_fingerprint(),
        "gazetteer": gazetteer_fingerprint(gazetteer),
        "include": list(include),
        "exclude": list(exclude),
        "shacl": [shacl, shacl_max_triples],
        "html": [html, view_max_entities],
        "formats": sorted(set(formats) | REQUIRED_FORMATS),
    }
    if shard_output:  # only then, so a build without shards keeps the stamp it had
        options["shards"] = True
    if tagger:  # only then, so a build without it keeps the stamp it had
        options["tagger"] = tagger_fingerprint(tagger)
    stamp = input_stamp(paths, options) if use_cache else None
    if stamp is not None:
        unchanged = unchanged_build(out, stamp, on_skipped=tell)
        if unchanged is not None:
            return unchanged
    skipped: list[Skipped] = []
    origin: dict[str, str] = {}  # the file each document in flight was read from
    plan = ShardPlan() if shard_output else None

    def documents() -> Iterator[Document]:
        for item in iter_found(paths, include=include, exclude=exclude):
            if isinstance(item, Skipped):
                tell(item)
                skipped.append(item)
            else:
                doc, where = item
                if plan is not None:
                    origin[doc.id] = where
                yield doc

    docs: Iterable[Document] = documents()
    if progress is not None:
        docs = progress(docs, None)
    summaries: list[Summary] = []
    names = CorpusNames()  # kg.entities.corpus_names, counted as documents come
    extracted = 0
    with contextlib.ExitStack() as stack:
        engine: Engine
        cluster: dict[str, object] | None = None
        if scheduler:
            from kg.build.cluster import connect

            on = stack.enter_context(connect(scheduler))
            cluster = {
                "scheduler": on.address,
                "threads": on.threads,
                "allowed_failures": on.allowed_failures,
            }
            engine = on
        else:
            engine = LocalEngine(default_jobs() if jobs is None else max(1, jobs))
        spilled = stack.enter_context(tempfile.TemporaryFile(dir=out, prefix=".kg-spill-"))
        cache = stack.enter_context(Cache.open(out / CACHE_DIR if use_cache else None))
        for doc, done, fresh in extract_stream(docs, cache, engine, gazetteer, tagger=tagger):
            where = origin.pop(doc.id, "")
            if isinstance(done, str):
                item = Skipped(doc.source or doc.id, done)
                tell(item)
                skipped.append(item)
                continue
            spill(spilled, done.record)
            summaries.append(done.summary)
            if plan is not None:
                plan.add(where)
            for note in done.summary.bounds:
                warnings.warn(f"{doc.source or doc.id}: {note}", InputWarning, stacklevel=2)
            names.add(done.votes)
            extracted += fresh
        cache.prune()
        known = names.known()
        spilled.seek(0)
        relinked = 0
        if known:
            again = stack.enter_context(tempfile.TemporaryFile(dir=out, prefix=".kg-spill-"))
            relinked = relink_spilled(
                spilled, again, summaries, known, engine=engine, gazetteer=gazetteer, tagger=tagger
            )
            spilled = again
            spilled.seek(0)
        corpus = resolve_corpus([stub(s) for s in summaries], known)
        view_keep = (
            most_connected(degrees(summaries, corpus), corpus, view_max_entities) if html else None
        )
        written = write_graphs(
            out,
            spilled,
            len(summaries),
            corpus,
            engine=engine,
            view_keep=view_keep,
            formats=frozenset(formats) | REQUIRED_FORMATS,
            shards=plan,
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

        outcome = validate(Graph().parse(out / "graph.ttl", format="turtle"))
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
    report = make_report(
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
        cluster=cluster,
        shards=None if plan is None else len(plan.inputs),
    )
    write_report(out, report)
    if stamp is not None:
        write_manifest(out, stamp)
    return BuildResult(
        out=out,
        documents=len(summaries),
        skipped=tuple(skipped),
        extracted=extracted,
        conforms=conforms,
        violations=len(violations),
        report=report,
    )
