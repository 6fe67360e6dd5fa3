"""kg: turn Modern Standard Arabic news articles into an RDF knowledge graph.

Public API::

    from kg import build, extract, read_document
    extraction = extract(read_document("seeds/000_4d5048c1e27c5b37.txt"))
    result = build(["seeds"], out="out")

Every name of ``__all__`` is imported when it is first used, so ``import kg`` loads
nothing else (the rules, the models and rdflib load with :func:`extract` or
:func:`build`). ``kg.build`` is the function :func:`kg.build.build`; the module of that
name is imported as usual (``from kg.build import BuildResult``).
"""

from __future__ import annotations

import importlib
import sys
import types

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (import kg stays light)

if TYPE_CHECKING:
    from kg.build import BuildResult, build
    from kg.errors import InputError, KgError
    from kg.model import Document, Entity, EntityType, Extraction, Mention, Predicate, Relation
    from kg.pipeline import extract, extract_corpus
    from kg.readers import Skipped, iter_inputs, read_document

__version__ = "0.1.0"

__all__ = [
    "BuildResult",
    "Document",
    "Entity",
    "EntityType",
    "Extraction",
    "InputError",
    "KgError",
    "Mention",
    "Predicate",
    "Relation",
    "Skipped",
    "build",
    "extract",
    "extract_corpus",
    "iter_inputs",
    "read_document",
]

_HOMES = {
    "BuildResult": "kg.build",
    "Document": "kg.model",
    "Entity": "kg.model",
    "EntityType": "kg.model",
    "Extraction": "kg.model",
    "InputError": "kg.errors",
    "KgError": "kg.errors",
    "Mention": "kg.model",
    "Predicate": "kg.model",
    "Relation": "kg.model",
    "Skipped": "kg.readers",
    "build": "kg.build",
    "extract": "kg.pipeline",
    "extract_corpus": "kg.pipeline",
    "iter_inputs": "kg.readers",
    "read_document": "kg.readers",
}


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The ``kg`` module object, so that ``kg.build`` stays the function.

    Importing a submodule sets it as an attribute of its package; for ``kg.build`` that
    would replace the function ``build`` with the module ``kg.build``, and what ``from kg
    import build`` gives would depend on what was imported before. The module is still in
    :data:`sys.modules`, so ``from kg.build import ...`` works as ever.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _HOMES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
