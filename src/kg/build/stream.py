"""The first pass: documents streamed through the cache and the extraction workers, in order."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from kg.build.cache import Cache
from kg.build.fingerprint import cache_key, gazetteer_fingerprint, tagger_fingerprint
from kg.build.pool import Engine, ahead, batches, extract_batch, warm
from kg.build.spill import Done
from kg.model import Document
from kg.resources import Gazetteer


def extract_stream(
    docs: Iterable[Document],
    cache: Cache,
    engine: Engine,
    gazetteer: Gazetteer | None = None,
    *,
    tagger: bool = False,
) -> Iterator[tuple[Document, Done | str, bool]]:
    """Yield (document, extraction or error, fresh?) in input order.

    Documents are taken in batches; cached ones are loaded here, the others extracted on
    ``engine``'s workers, with at most a few batches per worker in flight so memory
    stays bounded however long the input. ``gazetteer`` is the user's names and
    ``tagger`` whether the learned tagger runs, which the extraction and the cache keys
    depend on.
    """
    names = gazetteer_fingerprint(gazetteer)
    model = tagger_fingerprint(tagger)

    def work(batch: list[Document]) -> Callable[[], Iterator[tuple[Document, Done | str, bool]]]:
        keys = [cache_key(d, gazetteer=names, tagger=model) for d in batch]
        hits = cache.load(keys)
        todo = [d for d, k in zip(batch, keys, strict=True) if k not in hits]
        result = submit(extract_batch, todo) if todo else None

        def finish() -> Iterator[tuple[Document, Done | str, bool]]:
            results = iter(result() if result is not None else ())
            for doc, key in zip(batch, keys, strict=True):
                if key in hits:
                    yield doc, hits[key], False
                else:
                    done = next(results)
                    if isinstance(done, Done):
                        cache.store(key, done.record)
                    yield doc, done, True

        return finish

    with engine.workers(warm, (gazetteer, tagger)) as submit:
        for finish in ahead(map(work, batches(docs, engine.batch)), 3 * engine.width):
            yield from finish()
