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

The package holds one module per concern: :mod:`~kg.build.run` (:func:`build`),
:mod:`~kg.build.fingerprint` (extractor, gazetteer, cache keys), :mod:`~kg.build.pool`
(worker processes, their state and tasks), :mod:`~kg.build.cache` (the SQLite cache),
:mod:`~kg.build.spill` (the spill format and summaries), :mod:`~kg.build.stream` (the
first pass), :mod:`~kg.build.relink` (the corpus step), :mod:`~kg.build.write` (the
graph files), :mod:`~kg.build.view` (what graph.html shows), :mod:`~kg.build.manifest`
(is the build up to date?) and :mod:`~kg.build.report` (report.json and the result).
The library prints nothing: a skipped input is told to ``build(on_skipped=...)`` (an
:class:`~kg.errors.InputWarning` by default), and the CLI prints the summary.
"""

from __future__ import annotations

from kg.build.cache import CACHE_DIR
from kg.build.fingerprint import extractor_fingerprint
from kg.build.manifest import OUTPUTS
from kg.build.pool import BATCH, default_jobs
from kg.build.report import BuildResult, OnSkipped, skipped_message, warn_skipped
from kg.build.run import SHACL_MAX_TRIPLES, Progress, build
from kg.build.view import VIEW_MAX_DOCUMENTS, VIEW_MAX_ENTITIES
from kg.build.write import FORMATS, REQUIRED_FORMATS

__all__ = [
    "BATCH",
    "CACHE_DIR",
    "FORMATS",
    "OUTPUTS",
    "REQUIRED_FORMATS",
    "SHACL_MAX_TRIPLES",
    "VIEW_MAX_DOCUMENTS",
    "VIEW_MAX_ENTITIES",
    "BuildResult",
    "OnSkipped",
    "Progress",
    "build",
    "default_jobs",
    "extractor_fingerprint",
    "skipped_message",
    "warn_skipped",
]
