"""Mint IRIs: the only place resource IRIs are made.

IRIs are ASCII-safe and deterministic: the same entity (type and merge key) or the same
document always gets the same IRI. A readable slug (Safe Buckwalter transliteration of the
Arabic, by camel-tools) is followed by a short hash of the key, so that two names that
transliterate alike never share an IRI.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from camel_tools.utils.charmap import CharMapper
from rdflib import URIRef

from kg.contract import CONTRACT
from kg.model import EntityType

BASE = CONTRACT.prefixes["res"]
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")
_MAX_SLUG = 48


#: The only block whose characters camel-tools' ``ar2safebw`` changes; tests/test_iri.py
#: checks it leaves every other character alone.
_ARABIC_BLOCK = range(0x0600, 0x0700)


@cache
def _transliteration() -> dict[int, str]:
    """Safe Buckwalter (camel-tools' ``ar2safebw``) as a translation table: the mapper
    maps each character on its own, and ``str.translate`` does it fifty times faster."""
    mapper = CharMapper.builtin_mapper("ar2safebw")
    table = {code: mapper(chr(code)) for code in _ARABIC_BLOCK}
    return {code: mapped for code, mapped in table.items() if mapped != chr(code)}


def slug(text: str) -> str:
    """An ASCII slug of ``text``: transliterated, runs of other characters as ``-``."""
    ascii_text = text.translate(_transliteration())
    return _UNSAFE.sub("-", ascii_text).strip("-")[:_MAX_SLUG].strip("-") or "x"


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]


def entity_iri(etype: EntityType, key: str, label: str) -> URIRef:
    """IRI of a corpus entity of type ``etype`` merged under ``key``."""
    return URIRef(f"{BASE}{etype.value.lower()}/{slug(label)}-{_digest(etype.value, key)}")


def document_iri(doc_id: str) -> URIRef:
    """IRI of a document (also the name of its graph)."""
    return URIRef(f"{BASE}document/{slug(doc_id)}-{_digest('doc', doc_id)}")


def mention_iri(doc_id: str, start: int, end: int) -> URIRef:
    """IRI of the mention at ``start:end`` of a document."""
    return URIRef(f"{mention_namespace(doc_id)}{start}-{end}")


def mention_namespace(doc_id: str) -> str:
    """The start of the IRIs of a document's mentions (then ``{start}-{end}``).

    For documents with many mentions: their IRIs need the document's digest only once.
    """
    return f"{BASE}mention/{_digest('doc', doc_id)}/"


def evidence_iri(
    doc_id: str, subject: str, predicate: str, obj: str, start: int, end: int
) -> URIRef:
    """IRI of the evidence of one relation read at ``start:end`` of a document."""
    return URIRef(evidence_iri_str(doc_id, subject, predicate, obj, start, end))


def evidence_iri_str(
    doc_id: str, subject: str, predicate: str, obj: str, start: int, end: int
) -> str:
    """:func:`evidence_iri` as a plain string (no rdflib term is made)."""
    return f"{BASE}evidence/{_digest(doc_id, subject, predicate, obj, str(start), str(end))}"


def membership_iri(person: str, organisation: str, role: str) -> URIRef:
    """IRI of a person's post (role) in an organisation."""
    return URIRef(membership_iri_str(person, organisation, role))


def membership_iri_str(person: str, organisation: str, role: str) -> str:
    """:func:`membership_iri` as a plain string (no rdflib term is made)."""
    return f"{BASE}membership/{_digest(person, organisation, role)}"
