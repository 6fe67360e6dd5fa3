"""Errors and warnings raised by kg.

Every error's ``str()`` is one complete sentence a user can act on; details live on
attributes so callers and tests never parse message text.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest of ``known`` to a misspelt ``word``, or ""."""
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


class KgError(Exception):
    """Base class of every error kg raises on purpose."""


class RuleError(KgError):
    """A rule file is malformed: unknown key, duplicate id, bad regex, missing example."""

    def __init__(self, path: Path | str, rule_id: str, reason: str) -> None:
        super().__init__(f"{path}: rule {rule_id!r}: {reason}")
        self.path, self.rule_id, self.reason = Path(path), rule_id, reason


class InputError(KgError):
    """An input document cannot be read: missing, binary, undecodable, malformed."""

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None) -> None:
        where = f"{path}:{line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {reason}")
        self.path, self.reason, self.line = Path(path), reason, line


class OntologyError(KgError):
    """The ontology or the shapes cannot be loaded, or a term is unknown."""


class ShapeViolation(KgError):
    """A graph does not conform to the SHACL shapes (raised only when asked to be strict)."""

    def __init__(self, message: str, *, results: int) -> None:
        super().__init__(message)
        self.results = results


class StoreError(KgError):
    """A build directory, store or export cannot be read or written."""


class QueryError(KgError):
    """A SPARQL query is malformed, unknown or failed."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column


class ResultTooLarge(QueryError):
    """A query's result has more rows than the caller allows."""


class GoldError(KgError):
    """A gold annotation file is malformed."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = Path(path), reason


class StageError(KgError):
    """The pipeline's stages are declared wrongly (:func:`kg.pipeline.check_stages`): a stage
    reads a value that is neither an initial value nor written by an earlier stage, or
    writes a value that is already there."""

    def __init__(self, stage: str, value: str, reason: str) -> None:
        super().__init__(f"pipeline stage {stage!r}: value {value!r}: {reason}")
        self.stage, self.value, self.reason = stage, value, reason


class KgWarning(UserWarning):
    """Base class of warnings: suspicious but allowed input."""


class InputWarning(KgWarning):
    """A document was skipped or partly read; the build goes on."""


class GoldWarning(KgWarning):
    """A gold annotation was read leniently (a bad CoNLL tag taken as O)."""


class GazetteerWarning(KgWarning):
    """An optional knowledge resource (gazetteer, name list) could not be loaded."""
