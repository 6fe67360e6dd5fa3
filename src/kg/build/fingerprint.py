"""Fingerprints: of the extractor, of a user gazetteer, and of one document (its cache key).

A cached extraction is reused only when its key is the same, and the key holds all three,
so an extraction made by other code, other rules or other user names is never reused.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from kg import __version__
from kg.model import Document
from kg.pipeline import EXTRACTOR_VERSION
from kg.resources import Gazetteer

#: What the extractor fingerprint hashes, wherever it sits in the package tree: the
#: Python sources and the rule, frame, lexicon and gazetteer files.
_HASHED = ("*.py", "*.toml", "*.txt")


@cache
def extractor_fingerprint() -> str:
    """Hash of the extractor: kg's version, its Python sources and its rule files.

    Every ``*.py``, ``*.toml`` and ``*.txt`` file of the ``kg`` package tree is hashed,
    found recursively (so subpackages and their data are covered wherever a module
    moves), in the order of their paths. Any change to the code or the rules gives a new
    fingerprint, so cached extractions made by another extractor are never reused.
    """
    h = hashlib.sha256(f"{__version__}/{EXTRACTOR_VERSION}".encode())
    package = Path(__file__).resolve().parent.parent
    files = {path for pattern in _HASHED for path in package.rglob(pattern)}
    named = sorted((path.relative_to(package).as_posix(), path) for path in files)
    for name, path in named:
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def gazetteer_fingerprint(gazetteer: Gazetteer | None) -> str:
    """Hash of the user's names (``""`` for none), for the cache key and the build options."""
    if gazetteer is None or not gazetteer.entries:
        return ""
    h = hashlib.sha256()
    for name, etype in sorted(gazetteer.entries.items()):
        h.update(f"{etype.value}\t{name}\n".encode())
    return h.hexdigest()[:16]


def tagger_fingerprint(tagger: bool) -> str:
    """Hash of the learned tagger's model when it runs (``""`` when it does not)."""
    if not tagger:
        return ""
    from kg.tagger import default_tagger

    return default_tagger().fingerprint


def cache_key(doc: Document, *, gazetteer: str, tagger: str = "") -> str:
    """The key of ``doc``'s cached extraction, by the extractor, ``gazetteer`` (the
    fingerprint of the user's names, :func:`gazetteer_fingerprint`) and ``tagger`` (that
    of the learned tagger's model, :func:`tagger_fingerprint`; ``""`` when it is off,
    which leaves the key as it was before there was a tagger)."""
    h = hashlib.sha256()
    extractor = extractor_fingerprint() + (f"+tagger:{tagger}" if tagger else "")
    parts = (extractor, gazetteer, doc.id, doc.source)
    for part in (*parts, doc.title or "", str(doc.date)):
        h.update(part.encode("utf-8"))
        h.update(b"\x1f")
    h.update(doc.text.encode("utf-8"))
    return h.hexdigest()
