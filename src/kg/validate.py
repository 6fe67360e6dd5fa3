"""SHACL validation of a graph against ontology/shapes.ttl (pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import SH

from kg.contract import ontology_path
from kg.errors import OntologyError


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: the focus node, the path and the message."""

    focus: str
    path: str
    message: str
    severity: str


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of validating a graph."""

    conforms: bool
    violations: tuple[Violation, ...]


@cache
def shapes_graph() -> Graph:
    """The SHACL shapes, parsed once."""
    path = ontology_path("shapes.ttl")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as err:  # rdflib raises many parser error types
        raise OntologyError(f"{path}: cannot parse the SHACL shapes: {err}") from err


@cache
def ontology_graph() -> Graph:
    """The OWL ontology, parsed once."""
    path = ontology_path("kg.ttl")
    try:
        return Graph().parse(path, format="turtle")
    except Exception as err:
        raise OntologyError(f"{path}: cannot parse the ontology: {err}") from err


def validate(graph: Graph, *, shapes: Graph | None = None) -> Report:
    """Validate ``graph`` against the shapes (default: kg's own).

    Args:
        graph: the data graph (a union of all documents, or one document's graph).
        shapes: other shapes to use instead of ontology/shapes.ttl.

    Returns:
        Whether it conforms, and every violation.
    """
    from pyshacl import validate as shacl_validate

    conforms, results, _ = shacl_validate(
        graph,
        shacl_graph=shapes if shapes is not None else shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or ""),
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return Report(bool(conforms), tuple(violations))
