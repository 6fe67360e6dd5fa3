"""kg: turn Modern Standard Arabic news articles into an RDF knowledge graph.

Public API::

    from kg import build, extract, read_document
    extraction = extract(read_document("seeds/000_4d5048c1e27c5b37.txt"))
    result = build(["seeds"], out="exports")
"""

from __future__ import annotations

__version__ = "0.1.0"
