"""The last pass: each document's named graph written in input order, in every format asked.

Documents' graphs are made and formatted in worker processes (:func:`kg.build.pool.render_batch`);
the parent appends them to graph.trig, graph.ttl, graph.nq and graph.jsonld
(:class:`kg.writer.GraphWriter`) and gathers the HTML view's part of each
(:class:`kg.build.view.ViewCollector`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from rdflib import Graph

from kg.atomic import atomic_writer
from kg.build.pool import (
    Engine,
    RenderSettings,
    ahead,
    batches,
    init_render,
    release,
    render_batch,
)
from kg.build.shards import ShardPlan, ShardWriter, remove_shards
from kg.build.spill import unspill
from kg.build.view import ViewCollector
from kg.resolve import Corpus
from kg.writer import GraphWriter

#: Graph syntaxes a build can write; Turtle and TriG always, the others by default.
FORMATS = ("ttl", "trig", "nq", "jsonld")
REQUIRED_FORMATS = frozenset({"ttl", "trig"})


@dataclass(frozen=True, slots=True)
class Written:
    """What the last pass wrote."""

    triples: int
    view: Graph | None  # the graph the HTML view shows
    view_selected: bool  # the view holds only the most connected entities


def write_graphs(
    out: Path,
    spill: IO[bytes],
    count: int,
    corpus: Corpus,
    *,
    engine: Engine,
    view_keep: set[str] | None,
    formats: frozenset[str] = frozenset(FORMATS),
    shards: ShardPlan | None = None,
) -> Written:
    """Second pass: write graph.trig, .ttl, .nq and .jsonld, collecting the view's part.

    A format not in ``formats`` is not made, and its file from an earlier build is
    removed so that no stale export stays beside fresh ones. With ``shards``, each
    document's graph also goes to its shard's files (:mod:`kg.build.shards`); without, an
    earlier build's shards are removed.

    Documents' graphs are made and formatted on ``engine``'s workers (which are given the
    corpus), a few batches ahead; this process only drops repeated shared statements and
    appends the texts in input order.
    """
    selected = view_keep is not None and len(view_keep) < len(corpus.entities)
    keep = None if view_keep is None else frozenset(f"<{iri}>" for iri in view_keep)
    view = None if keep is None else ViewCollector(capped=selected)

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
        sharded = stack.enter_context(ShardWriter(out, shards)) if shards is not None else None
        nquads = nq is not None or sharded is not None
        settings = RenderSettings(corpus, keep, nquads=nquads, jsonld=jsonld is not None)
        submit = stack.enter_context(engine.workers(init_render, (settings,)))
        writer = GraphWriter(trig, ttl, nquads=nq, jsonld=jsonld)
        started = (
            submit(render_batch, batch) for batch in batches(unspill(spill, count), engine.batch)
        )
        for result in ahead(started, 3 * engine.width):
            for rendered, part in result():
                writer.write(rendered)
                if sharded is not None:
                    sharded.write(rendered)
                if view is not None and part is not None:
                    view.add(part)
        writer.close()
    if shards is None:
        remove_shards(out)
    release()  # let the corpus go with the caller
    return Written(writer.triples, None if view is None else view.graph(), selected)
