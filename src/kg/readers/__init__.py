"""Read input documents: text, HTML and JSON corpora, from files, folders and stdin.

This is the edge where bytes become :class:`~kg.model.Document` records. Everything a
later stage relies on is settled here, before a ``Document`` is returned, so that every
character offset in kg points into ``Document.text`` as returned:

- the encoding is found (BOM, UTF-8, UTF-16/32, then Windows-1256 or ISO-8859-6 detected
  with charset-normalizer) and the BOM is stripped;
- line endings become ``\\n``, the text is NFC-normalised, and stray control characters
  become spaces (vertical tab and form feed become ``\\n``);
- HTML is reduced to its visible text with the stdlib :mod:`html.parser` (scripts, styles,
  ``noscript`` and ``template`` dropped, block elements on their own lines).

Bad input never stops a corpus: :func:`iter_inputs` yields a :class:`Skipped` record that
names the file (and line) and the reason, and goes on. :func:`read_document` reads one
file and raises :class:`~kg.errors.InputError` instead.

Limits (keyword arguments, defaults below):

- ``max_chars`` (:data:`MAX_CHARS`, 5,000,000 characters, about 10 MB of Arabic UTF-8):
  the longest document text accepted. A text or HTML file larger than ``4 * max_chars``
  bytes is skipped before it is read; a JSON Lines line longer than ``6 * max_chars``
  bytes (the worst case of ``\\uXXXX`` escapes) is skipped without being parsed.
- ``max_line_chars`` (:data:`MAX_LINE_CHARS`, 1,000,000 characters): the longest line
  accepted. A news article is a few thousand characters; a line of a million is machine
  data (minified markup, base64, a dump) and would make sentence splitting and rule
  matching slow.

The package, one module per concern: :mod:`~kg.readers.inputs` (files, folders and
standard input, in order), :mod:`~kg.readers.folders` (walking folders, globs),
:mod:`~kg.readers.decoding` (bytes to clean text), :mod:`~kg.readers.markup` (HTML),
:mod:`~kg.readers.corpora` (JSON and JSON Lines) and :mod:`~kg.readers.records`
(:class:`Skipped`, the limits and the rejection the readers share).
"""

from __future__ import annotations

from kg.readers.inputs import is_corpus_file, iter_found, iter_inputs, read_document
from kg.readers.records import MAX_CHARS, MAX_LINE_CHARS, Skipped

__all__ = [
    "MAX_CHARS",
    "MAX_LINE_CHARS",
    "Skipped",
    "is_corpus_file",
    "iter_found",
    "iter_inputs",
    "read_document",
]
