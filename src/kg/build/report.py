"""The build's outcome: report.json (counts, validation, per-document figures, skipped
inputs), the :class:`BuildResult` returned to the caller, and how skipped inputs are told."""

from __future__ import annotations

import json
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.atomic import atomic_write_bytes
from kg.build.fingerprint import extractor_fingerprint
from kg.build.spill import Summary
from kg.errors import InputWarning
from kg.readers import Skipped
from kg.resolve import Corpus

#: Told of each input a build skips, as it skips it (``build(on_skipped=...)``).
OnSkipped = Callable[[Skipped], None]


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


def skipped_message(item: Skipped) -> str:
    """One line saying which input was skipped and why (``PATH[:LINE]: skipped: REASON``)."""
    where = f"{item.path}:{item.line}" if item.line else item.path
    return f"{where}: skipped: {item.reason}"


def warn_skipped(item: Skipped) -> None:
    """The default :data:`OnSkipped`: an :class:`~kg.errors.InputWarning` per skipped input."""
    warnings.warn(skipped_message(item), InputWarning, stacklevel=3)


def make_report(
    summaries: Sequence[Summary],
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
    cluster: dict[str, object] | None = None,
    shards: int | None = None,
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
        "per_document": [
            {**s.figures, "bounds": list(s.bounds)} if s.bounds else s.figures for s in summaries
        ],
    }
    if view is not None:
        report["view"] = view
    if cluster is not None:  # built on a Dask cluster (kg build --scheduler)
        report["cluster"] = cluster
    if shards is not None:  # kg build --shard-output: shards/manifest.json lists them
        report["shards"] = shards
    return report


def write_report(out: Path, report: dict[str, object]) -> None:
    """Write ``out/report.json``."""
    atomic_write_bytes(
        out / "report.json",
        (json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8"),
    )
