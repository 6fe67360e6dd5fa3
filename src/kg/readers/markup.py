"""HTML: the charset a page declares, and its visible text, title and publication date.

Markup is read with the stdlib :mod:`html.parser` after a linear-time pass that makes
pathological markup harmless (:func:`_defuse_html`).
"""

from __future__ import annotations

import codecs
import re
from datetime import date
from html.parser import HTMLParser

from kg.readers.records import Reject, nfc, parse_date

HTML_WS = re.compile(r"[ \t\n\r\f]+")
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def html_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` declares in the first 4 KB, as a Python codec name."""
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup(match[1].decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # HTML: a UTF-16 label in an ASCII-compatible document means UTF-8; Latin-1 means 1252.
    return {"utf-16": "utf-8", "utf-16-le": "utf-8", "utf-16-be": "utf-8"}.get(name, name)


_DROP = frozenset({"script", "style", "noscript", "template"})
# fmt: off
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd",
        "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)
_DATE_META = frozenset(
    {
        "article:published_time", "datepublished", "date", "dc.date", "dc.date.issued",
        "dcterms.date", "dcterms.issued", "pubdate", "publishdate", "og:published_time",
    }
)
# fmt: on
_BREAK = "\n"


class _TextExtractor(HTMLParser):
    """Collects visible text, the first ``<title>`` and a publication date from ``<meta>``.

    Only counters are kept (no element stack), so any nesting depth is fine and unclosed
    or stray tags are harmless.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] = []
        self.title: str | None = None
        self.published: date | None = None
        self._drop = 0
        self._pre = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and self.title is None:
            self._in_title = True
        elif tag in _DROP:
            self._drop += 1
        elif tag == "meta":
            self._meta(dict(attrs))
        if tag in _BLOCK:
            self._end_title()
            self.parts.append(_BREAK)
            if tag == "pre":
                self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            self._meta(dict(attrs))
        if tag in _BLOCK:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._end_title()
        elif tag in _DROP:
            self._drop = max(0, self._drop - 1)
        if tag in _BLOCK:
            self.parts.append(_BREAK)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._drop:
            return
        if self._in_title:
            self.title_parts.append(data)
        elif self._pre:
            self.parts.append(data)
        else:
            self.parts.append(HTML_WS.sub(" ", data))

    def _end_title(self) -> None:
        if self._in_title:
            self._in_title = False
            title = HTML_WS.sub(" ", "".join(self.title_parts)).strip()
            self.title = nfc(title) if title else None

    def _meta(self, attrs: dict[str, str | None]) -> None:
        if self.published is not None:
            return
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or ""
        content = attrs.get("content")
        if key.lower() in _DATE_META and content:
            self.published = parse_date(content)

    def text(self) -> str:
        self._end_title()
        lines = (line.strip(" ") for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


def html_to_text(html: str) -> tuple[str, str | None, date | None]:
    """Visible text, title and publication date of an HTML document."""
    parser = _TextExtractor()
    try:
        parser.feed(_defuse_html(html))
        parser.close()
    except Exception as err:  # html.parser is lenient; any failure here is bad markup
        raise Reject(f"malformed HTML ({type(err).__name__}: {err})") from None
    return parser.text(), parser.title, parser.published


_RAW_TEXT_OPEN = re.compile(r"<(script|style)(?=[\s/>])", re.I)
_RAW_TEXT_CLOSE = {
    "script": re.compile(r"</script[\s/>]", re.I),
    "style": re.compile(r"</style[\s/>]", re.I),
}


def _defuse_html(html: str) -> str:
    """Make markup safe for :mod:`html.parser` in linear time.

    On some malformed input (``"<a" * 100_000``, repeated ``</`` or ``<![CDATA[`` with no
    end) html.parser rescans to the end of the document for every ``<`` and takes
    minutes. This pass removes comments, ``<script>``/``<style>`` elements and marked
    sections (none of which carry visible text), and turns every other ``<`` that does
    not open a tag closed by ``>`` before the next ``<`` into ``&lt;``. Well-formed
    markup is otherwise passed through unchanged.
    """
    out: list[str] = []
    i, n = 0, len(html)
    next_gt = -2  # cached position of the next ">" (-1: none left)
    while i < n:
        lt = html.find("<", i)
        if lt < 0:
            out.append(html[i:])
            break
        out.append(html[i:lt])
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            if end < 0:
                break  # an unclosed comment runs to the end of the document
            i = end + 3
            continue
        raw = _RAW_TEXT_OPEN.match(html, lt)
        if raw is not None:
            close = _RAW_TEXT_CLOSE[raw[1].lower()].search(html, raw.end())
            if close is None:
                break  # unclosed script or style: the rest is raw text
            gt = html.find(">", close.end() - 1)
            i = n if gt < 0 else gt + 1
            continue
        if next_gt != -1 and next_gt <= lt:
            next_gt = html.find(">", lt + 1)
        next_lt = html.find("<", lt + 1)
        after = html[lt + 1 : lt + 2]
        opens = after != "" and ((after.isascii() and after.isalpha()) or after in "/!?")
        closed = next_gt > lt and (next_lt < 0 or next_gt < next_lt)
        if opens and closed:
            if html.startswith("<![", lt):  # CDATA or a marked section: dropped
                i = next_gt + 1
                continue
            out.append(html[lt : next_gt + 1])
            i = next_gt + 1
        else:
            out.append("&lt;")
            i = lt + 1
    return "".join(out)
