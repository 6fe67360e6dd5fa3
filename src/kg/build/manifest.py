"""Is the build up to date? The manifest of a build's inputs, options and outputs.

A build whose inputs (names, sizes, modification times), options and outputs are the
same as the last one's is not run again (:func:`unchanged_build`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from kg.atomic import atomic_write_text
from kg.build.cache import CACHE_DIR
from kg.build.report import BuildResult, OnSkipped, write_report
from kg.errors import StoreError
from kg.readers import Skipped

log = logging.getLogger(__name__)

#: The files a build writes into its output folder.
OUTPUTS = (
    "graph.ttl",
    "graph.trig",
    "graph.nq",
    "graph.jsonld",
    "graph.html",
    "report.json",
    "shards/manifest.json",
)
_MANIFEST = "manifest.json"


def input_stamp(paths: Sequence[str | Path], options: dict[str, object]) -> str | None:
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


def output_stamps(out: Path) -> dict[str, list[int]] | None:
    """The sizes and modification times of the outputs there are (``None``: none)."""
    stamps: dict[str, list[int]] = {}
    for name in OUTPUTS:
        path = out / name
        if path.exists():
            st = path.stat()
            stamps[name] = [st.st_size, st.st_mtime_ns]
    return stamps or None


def write_manifest(out: Path, stamp: str) -> None:
    """Remember the build's input stamp and its outputs (a failure is only logged)."""
    manifest = {"inputs": stamp, "outputs": output_stamps(out)}
    try:
        (out / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        atomic_write_text(out / CACHE_DIR / _MANIFEST, json.dumps(manifest, sort_keys=True))
    except (OSError, StoreError) as err:
        log.warning("%s: cannot write the build manifest (%s)", out, err)


def unchanged_build(out: Path, stamp: str, *, on_skipped: OnSkipped) -> BuildResult | None:
    """The previous build's result when its inputs, options and outputs are unchanged.

    Nothing is re-extracted or rewritten but ``report.json``, which then says that every
    document came from the cache; each input skipped then is told to ``on_skipped`` again.
    """
    try:
        manifest = json.loads((out / CACHE_DIR / _MANIFEST).read_text(encoding="utf-8"))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs") != stamp or manifest.get("outputs") != output_stamps(out):
        return None
    documents = int(report.get("documents", 0))
    report["extracted"], report["from_cache"] = 0, documents
    skipped = tuple(
        Skipped(s["path"], s["reason"], s.get("line")) for s in report.get("skipped", [])
    )
    for item in skipped:
        on_skipped(item)
    write_report(out, report)
    write_manifest(out, stamp)
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
