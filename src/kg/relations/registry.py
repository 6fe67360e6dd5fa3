"""The one registry of selectors and structures that the frame loader validates
against: each is registered where it is written, by name, once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: selector name -> function(hit, argument) -> list of items (kg.relations.selectors)
SELECTORS: dict[str, Callable[..., Any]] = {}
#: structure id -> function(reading, structure) (the family modules)
STRUCTURES: dict[str, Callable[..., Any]] = {}


def selector(name: str, *, check: Callable[[str], str | None] | None = None) -> Callable[[F], F]:
    """Register a selector; ``check`` validates its argument when frames load (returns a
    problem, or None)."""

    def wrap(fn: F) -> F:
        if name in SELECTORS:
            raise AssertionError(f"selector {name!r} registered twice")
        if check is not None:
            fn.check = check  # type: ignore[attr-defined]
        SELECTORS[name] = fn
        return fn

    return wrap


def structure(rule_id: str) -> Callable[[F], F]:
    """Register the code of a structural rule declared in a frame file."""

    def wrap(fn: F) -> F:
        if rule_id in STRUCTURES:
            raise AssertionError(f"structure {rule_id!r} registered twice")
        STRUCTURES[rule_id] = fn
        return fn

    return wrap
