"""The corpus step: documents that name bare what others named in full, extracted again.

A document that names a person or organisation only by part of the name ("بوتين") which
other documents named in full ("فلاديمير بوتين") is extracted again with the corpus'
known names (:func:`kg.pipeline.relink`), so that its mentions join that entity.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from kg.build.pool import Engine, ahead, batches, init_relink, release, relink_batch
from kg.build.spill import Done, Summary, openers, spill, unspill
from kg.entities import KnownNames
from kg.resources import Gazetteer


def relink_spilled(
    source: IO[bytes],
    again: IO[bytes],
    summaries: list[Summary],
    known: KnownNames,
    *,
    engine: Engine,
    gazetteer: Gazetteer | None,
    tagger: bool = False,
) -> int:
    """Corpus step: copy the spilled extractions from ``source`` to ``again``, each one
    extracted again (on ``engine``'s workers) when it names bare a person or organisation
    that other documents named in full (with the learned tagger when ``tagger``); its
    summary is replaced. Returns how many were.
    """
    relinked = 0
    with engine.workers(init_relink, (known, gazetteer, tagger)) as submit:

        def start(
            batch: list[bytes],
        ) -> tuple[list[bytes], list[int], Callable[[], list[Done | None]]]:
            # most documents open no known name: they are not sent to a worker at all
            todo = [k for k, r in enumerate(batch) if not known.first.isdisjoint(openers(r))]
            if not todo:
                return batch, todo, list
            return batch, todo, submit(relink_batch, [batch[k] for k in todo])

        index = 0
        started = map(start, batches(unspill(source, len(summaries)), engine.batch))
        for batch, todo, result in ahead(started, 3 * engine.width):
            redone = dict(zip(todo, result(), strict=True))
            for k, record in enumerate(batch):
                done = redone.get(k)
                if done is not None:
                    summaries[index] = done.summary
                    relinked += 1
                spill(again, record if done is None else done.record)
                index += 1
    release()
    return relinked
