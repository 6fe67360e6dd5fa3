"""Tests of kg.readers: encodings, HTML, JSON corpora, folders, stdin and bad input."""

from __future__ import annotations

import gzip
import io
import json
import random
import time
import unicodedata
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.model import Document
from kg.readers import Skipped, iter_inputs, read_document

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
TREE = INPUTS / "tree"
AR = "وقع وزير الاقتصاد مذكرة تفاهم مع شركة الاتصالات في دبي"


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


def _read(path: Path, **kwargs: int) -> Document | Skipped:
    items = list(iter_inputs([path], **kwargs))
    assert len(items) == 1, items
    return items[0]


def _docs(items: Iterable[Document | Skipped]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def _skips(items: Iterable[Document | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


# ------------------------------------------------------------------------------ encodings


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        pytest.param("utf-8", b"", id="utf8"),
        pytest.param("utf-8", b"\xef\xbb\xbf", id="utf8-bom"),
        pytest.param("utf-16", b"", id="utf16-bom"),
        pytest.param("utf-16-le", b"", id="utf16le-no-bom"),
        pytest.param("utf-16-be", b"", id="utf16be-no-bom"),
        pytest.param("utf-32", b"", id="utf32-bom"),
        pytest.param("cp1256", b"", id="windows-1256"),
        pytest.param("iso8859_6", b"", id="iso-8859-6"),
    ],
)
def test_readers_decodes_text_encodings(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    text = f"{AR}.\nوحضر التوقيع عدد من المسؤولين، وقالت الوزارة إن الاتفاق يشمل التدريب.\n"
    path = _write(tmp_path, "doc.txt", prefix + text.encode(encoding))
    doc = _read(path)
    assert isinstance(doc, Document), doc
    assert doc.text == text
    assert doc.id == "doc.txt"
    assert doc.source == str(path)


@pytest.mark.parametrize("encoding", ["cp1256", "iso8859_6"])
def test_readers_detects_short_legacy_text(tmp_path: Path, encoding: str) -> None:
    path = _write(tmp_path, "short.txt", "عقد اجتماع في دبي".encode(encoding))
    assert read_document(path).text == "عقد اجتماع في دبي"


def test_readers_normalises_newlines_nfc_and_controls(tmp_path: Path) -> None:
    raw = "\ufeff" + "سطر\r\nسطر ثان\rإ\u0627\u0654\x07ب\x0cج\x1a"
    path = _write(tmp_path, "n.txt", raw.encode("utf-8"))
    text = read_document(path).text
    assert text == "سطر\nسطر ثان\nإأ ب\nج"
    assert unicodedata.is_normalized("NFC", text)


def test_readers_reads_fixture_article() -> None:
    doc = read_document(INPUTS / "article.txt")
    assert doc.id == "article.txt"
    assert doc.text.startswith("وقع وزير الاقتصاد")
    assert doc.title is None and doc.date is None


# ----------------------------------------------------------------------------------- HTML


def test_readers_html_text_title_and_date() -> None:
    doc = read_document(INPUTS / "article.html")
    assert doc.title == "توقيع مذكرة تفاهم في دبي"
    assert doc.date == date(2024, 2, 12)
    assert doc.text == (
        "الرئيسية\n"
        "توقيع مذكرة تفاهم\n"
        "وقع وزير الاقتصاد مذكرة تفاهم مع شركة الاتصالات في دبي.\n"
        "قيمة الاتفاقية 5\xa0ملايين درهم & أكثر.\n"
        "سطر بعد فاصل."
    )
    for hidden in ("سكربت", "معلقة", "جافاسكربت", "قالب", "font-family", "track"):
        assert hidden not in doc.text


def test_readers_html_charset_from_meta(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="windows-1256"></head><body><p>{AR}</p></body></html>'
    path = _write(tmp_path, "legacy.html", html.encode("cp1256"))
    assert read_document(path).text == AR


def test_readers_html_mislabelled_charset_is_detected(tmp_path: Path) -> None:
    html = f'<html><head><meta charset="utf-8"></head><body><p>{AR}</p></body></html>'
    path = _write(tmp_path, "liar.htm", html.encode("cp1256"))
    assert read_document(path).text == AR


def test_readers_html_deeply_nested(tmp_path: Path) -> None:
    html = "<div><span>" * 50_000 + AR + "</span></div>" * 50_000
    assert read_document(_write(tmp_path, "deep.html", html)).text == AR


@pytest.mark.parametrize(
    "html",
    [
        pytest.param(f"<p>{AR}<b>غير مغلق <i", id="unclosed"),
        pytest.param(f"<<p>>{AR}</b></p></p></div>", id="stray"),
        pytest.param(f"<p>{AR}</p><!-- لا ينتهي", id="open-comment"),
        pytest.param(f"<p title='a<b'>{AR}</p>", id="lt-in-attribute"),
        pytest.param(f"<title>{AR}", id="only-title-unclosed-body"),
    ],
)
def test_readers_html_broken_markup_is_tolerated(tmp_path: Path, html: str) -> None:
    item = _read(_write(tmp_path, "broken.html", html))
    assert isinstance(item, Document | Skipped)
    if isinstance(item, Document):
        assert "وقع" in item.text or item.title


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<a" * 200_000, id="open-tags"),
        pytest.param("</" * 200_000, id="open-end-tags"),
        pytest.param("<![CDATA[" * 100_000, id="cdata"),
        pytest.param("<?" * 200_000, id="processing"),
        pytest.param("<!-- x >" * 100_000, id="comments"),
    ],
)
def test_readers_html_pathological_markup_is_linear(tmp_path: Path, html: str) -> None:
    # html.parser alone takes minutes on these (it rescans to the end for every "<")
    path = _write(tmp_path, "evil.html", f"<p>{AR}</p>" + html)
    started = time.perf_counter()
    item = _read(path)
    assert time.perf_counter() - started < 20
    assert isinstance(item, Document | Skipped)


# ------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        pytest.param(b"", "empty file", None, id="empty"),
        pytest.param(b" \n\t\r\n", "no text (only whitespace)", None, id="whitespace"),
        pytest.param(b"Hello, world.\n", "no Arabic text", None, id="english"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n" + bytes(64), "binary content (looks like a PNG", None, id="png"
        ),
        pytest.param(random.Random(7).randbytes(4096), "binary content", None, id="random"),
        pytest.param(
            f"{AR}\n{AR}".encode() + b"\x00" + AR.encode(), "contains a NUL byte", 2, id="nul"
        ),
        pytest.param(
            f"{AR}\nسطر ثان".encode()[:-1], "truncated multibyte sequence", 2, id="truncated"
        ),
        pytest.param(
            f"{AR}\n{AR}\n".encode() + b"\xc7" + f" {AR}".encode(),
            "invalid UTF-8",
            3,
            id="bad-byte",
        ),
        pytest.param(
            "\ufeff".encode("utf-16-le") + AR.encode("utf-16-le")[:-1],
            "invalid UTF-16: truncated",
            None,
            id="utf16-truncated",
        ),
    ],
)
def test_readers_bad_text_is_skipped(
    tmp_path: Path, data: bytes, reason: str, line: int | None
) -> None:
    path = _write(tmp_path, "bad.txt", data)
    item = _read(path)
    assert isinstance(item, Skipped), item
    assert item.path == str(path)
    assert item.reason.startswith(reason) or reason in item.reason, item.reason
    assert item.line == line
    with pytest.raises(InputError, match=r"bad\.txt") as info:
        read_document(path)
    assert info.value.reason == item.reason


def test_readers_long_line_is_skipped_with_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", f"{AR}\n{'ب' * 200}\n{AR}\n")
    item = _read(path, max_line_chars=100)
    assert item == Skipped(str(path), "a line is 200 characters, over max_line_chars=100", 2)
    assert isinstance(_read(path, max_line_chars=200), Document)


def test_readers_too_much_text_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", AR * 10)
    item = _read(path, max_chars=100)
    assert isinstance(item, Skipped)
    assert "over max_chars=100" in item.reason or "too large" in item.reason


def test_readers_50mb_single_line_file_is_skipped_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        chunk = ("ا" * (1 << 19)).encode()  # 1 MiB of Arabic, no newline
        for _ in range(50):
            stream.write(chunk)
    item = _read(path)
    assert isinstance(item, Skipped)
    assert item.path == str(path)
    assert "too large for max_chars=5000000" in item.reason


def test_readers_read_document_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory") as info:
        read_document(tmp_path / "missing.txt")
    assert info.value.path == tmp_path / "missing.txt"
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)
    with pytest.raises(InputError, match="JSON corpus"):
        read_document(INPUTS / "corpus.jsonl")


# ---------------------------------------------------------------------------------- JSON


def test_readers_jsonl_records_and_skips() -> None:
    path = INPUTS / "corpus.jsonl"
    items = list(iter_inputs([path]))
    where = str(path)
    assert items[0] == Document(
        id="doc-1",
        text="وقع الطرفان اتفاقية تعاون في الرياض.",
        source="https://example.org/a/1",
        title="اتفاقية تعاون",
        date=date(2023, 11, 5),
    )
    assert items[1] == Document(
        id="corpus.jsonl:2",
        text="افتتح الوزير المنتدى الاقتصادي في القاهرة.",
        source=f"{where}:2",
    )
    skips = items[2:-1]
    assert [(s.line, s.reason.split(" (")[0]) for s in skips if isinstance(s, Skipped)] == [
        (4, "invalid JSON: Expecting ',' delimiter"),
        (5, 'record has no "text" string'),
        (6, "\"date\" '5th of May' is not a date"),
        (7, "duplicate document id 'doc-1'"),
        (8, "text: no Arabic text"),
    ]
    assert all(isinstance(s, Skipped) and s.path == where for s in skips)
    last = items[-1]
    assert isinstance(last, Document)
    assert (last.id, last.date) == ("8", date(2024, 4, 25))


def test_readers_gzip_shards_are_read_as_streams_in_folders(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{n}", "text": AR}, ensure_ascii=False) for n in range(3)]
    data = gzip.compress(("\n".join(lines) + "\n").encode())
    _write(tmp_path, "a/part-0.jsonl.gz", data)
    _write(
        tmp_path, "a/part-1.ndjson.gz", gzip.compress(b'{"id": "s", "text": "%s"}\n' % AR.encode())
    )
    _write(tmp_path, "b.json.gz", gzip.compress(json.dumps([{"id": "j", "text": AR}]).encode()))
    _write(tmp_path, "notes.txt.gz", data)  # only JSON corpora are read compressed
    items = list(iter_inputs([tmp_path]))
    assert [d.id for d in _docs(items)] == ["r0", "r1", "r2", "s", "j"]
    assert _docs(items)[0].source == str(tmp_path / "a" / "part-0.jsonl.gz") + ":1"
    assert not _skips(items)


def test_readers_bad_gzip_keeps_the_records_before_and_names_the_file(tmp_path: Path) -> None:
    lines = [json.dumps({"id": f"r{n}", "text": AR * 20}, ensure_ascii=False) for n in range(50)]
    data = gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0)
    cut = _write(tmp_path, "cut.jsonl.gz", data[: len(data) // 2])
    plain = _write(tmp_path, "plain.jsonl.gz", lines[0].encode())
    items = list(iter_inputs([cut, plain]))
    assert 0 < len(_docs(items)) < 50
    first, second = _skips(items)
    assert first.path == str(cut) and first.reason.startswith("cannot decompress (gzip): ")
    assert "records before it were read" in first.reason
    assert second.path == str(plain) and "Not a gzipped file" in second.reason


def test_readers_jsonl_50mb_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as stream:
        stream.write(json.dumps({"id": "a", "text": AR}, ensure_ascii=False).encode() + b"\n")
        stream.write(b'{"id": "huge", "text": "')
        chunk = ("ب" * (1 << 19)).encode()
        for _ in range(50):
            stream.write(chunk)
        stream.write(b'"}\n')
        stream.write(json.dumps({"id": "b", "text": AR}).encode() + b"\n")
    items = list(iter_inputs([path]))
    assert [d.id for d in _docs(items)] == ["a", "b"]
    (skip,) = _skips(items)
    assert (skip.path, skip.line) == (str(path), 2)
    assert skip.reason == "line is over 30000000 bytes, too long for max_chars=5000000"


def test_readers_jsonl_invalid_lines(tmp_path: Path) -> None:
    lines = [
        b"[1, 2]",
        b'"just a string"',
        b'{"text": "' + "نص".encode() + b'\xff"}',
        b"[" * 100_000,
        b'{"id": "", "text": "' + AR.encode() + b'"}',
        b'{"id": "x", "text": "' + AR.encode() + b'\\u0000"}',
        b'{"id": "y", "text": "' + AR.encode() + b'\\ud800"}',
        b'{"id": "z", "text": "' + AR.encode() + b'", "title": 5}',
        b'{"id": "ok", "text": "' + AR.encode() + b'"}',
    ]
    path = _write(tmp_path, "c.jsonl", b"\r\n".join(lines))
    items = list(iter_inputs([path]))
    assert [d.id for d in _docs(items)] == ["ok"]
    assert [s.line for s in _skips(items)] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert all(s.reason for s in _skips(items))


def test_readers_json_array_and_single_object(tmp_path: Path) -> None:
    records = [{"text": AR}, {"id": "b", "text": AR, "date": "2024/02/12"}, {"text": "none"}]
    array = _write(tmp_path, "arr.json", json.dumps(records, ensure_ascii=False, indent=1))
    items = list(iter_inputs([array]))
    assert [d.id for d in _docs(items)] == ["arr.json:2", "b"]
    assert _docs(items)[1].date == date(2024, 2, 12)
    assert _skips(items) == [Skipped(str(array), "text: no Arabic text", 10)]
    single = _write(tmp_path, "one.json", json.dumps({"text": AR, "title": " عنوان  "}))
    (doc,) = list(iter_inputs([single]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.title) == ("one.json", "عنوان")


def test_readers_json_broken_keeps_earlier_records(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.json", f'[{{"text": "{AR}"}},\n {{"text": ]')
    items = list(iter_inputs([path]))
    assert [d.id for d in _docs(items)] == ["broken.json:1"]
    (skip,) = _skips(items)
    assert skip.line == 2 and skip.reason.startswith("invalid JSON")


def test_readers_json_file_holding_json_lines(tmp_path: Path) -> None:
    path = _write(tmp_path, "lines.json", f'{{"text": "{AR}"}}\n{{"text": "{AR}"}}\n')
    assert [d.id for d in _docs(iter_inputs([path]))] == ["lines.json:1", "lines.json:2"]


# ------------------------------------------------------------------------ paths, folders


def test_readers_folder_recursive_sorted_relative_ids() -> None:
    items = list(iter_inputs([TREE]))
    docs = _docs(items)
    assert [d.id for d in docs] == ["a.txt", "sub/b.html", "sub/deeper/c.txt"]
    assert docs[1].title == "عنوان"
    assert docs[2].source == str(TREE / "sub" / "deeper" / "c.txt")
    assert _skips(items) == []


def test_readers_folder_include_and_exclude() -> None:
    assert [d.id for d in _docs(iter_inputs([TREE], include=["*.md"]))] == ["notes.md"]
    assert [d.id for d in _docs(iter_inputs([TREE], include=["*.md", "*.txt"]))] == [
        "a.txt",
        "notes.md",
        "sub/deeper/c.txt",
    ]
    assert [d.id for d in _docs(iter_inputs([TREE], exclude=["sub"]))] == ["a.txt"]
    assert [d.id for d in _docs(iter_inputs([TREE], exclude=["sub/deeper/**"]))] == [
        "a.txt",
        "sub/b.html",
    ]
    assert [d.id for d in _docs(iter_inputs([TREE], include=["sub/**/*.txt"]))] == [
        "sub/deeper/c.txt"
    ]


def test_readers_explicit_file_with_unknown_extension_is_text() -> None:
    (doc,) = list(iter_inputs([TREE / "notes.md"]))
    assert isinstance(doc, Document)
    assert doc.id == "notes.md"


def test_readers_missing_path_and_duplicate_ids(tmp_path: Path) -> None:
    _write(tmp_path, "x/a.txt", AR)
    items = list(iter_inputs([tmp_path / "nope", TREE, tmp_path / "x"]))
    assert items[0] == Skipped(str(tmp_path / "nope"), "no such file or directory")
    assert items[-1] == Skipped(
        str(tmp_path / "x" / "a.txt"),
        f"duplicate document id 'a.txt' (first read from {TREE / 'a.txt'})",
    )


def test_readers_order_is_deterministic(tmp_path: Path) -> None:
    names = ["b/2.txt", "a.txt", "b/10.txt", "a-b.txt", "b.txt", "ب.txt", "b/a/1.txt"]
    for name in names:
        _write(tmp_path, name, AR)
    ids = [d.id for d in _docs(iter_inputs([tmp_path]))]
    assert ids == ["a-b.txt", "a.txt", "b/10.txt", "b/2.txt", "b/a/1.txt", "b.txt", "ب.txt"]
    assert ids == [d.id for d in _docs(iter_inputs([tmp_path]))]


# ---------------------------------------------------------------------------------- stdin


def test_readers_stdin_text_and_bytes() -> None:
    (doc,) = list(iter_inputs(["-"], stdin=io.StringIO(f"{AR}\r\n")))
    assert doc == Document(id="stdin", text=f"{AR}\n", source="<stdin>")
    legacy = io.TextIOWrapper(io.BytesIO(AR.encode("cp1256")), encoding="utf-8")
    (doc,) = list(iter_inputs(["-"], stdin=legacy))
    assert isinstance(doc, Document) and doc.text == AR


def test_readers_stdin_sniffs_jsonl_and_html() -> None:
    lines = "\n".join(json.dumps({"text": AR}) for _ in range(2))
    assert [d.id for d in _docs(iter_inputs(["-"], stdin=io.StringIO(lines)))] == [
        "stdin:1",
        "stdin:2",
    ]
    html = f"<!DOCTYPE html><title>ع</title><p>{AR}<script>x</script></p>"
    (doc,) = list(iter_inputs(["-"], stdin=io.StringIO(html)))
    assert isinstance(doc, Document) and (doc.text, doc.title) == (AR, "ع")


def test_readers_stdin_read_once() -> None:
    items = list(iter_inputs(["-", "-"], stdin=io.StringIO(AR)))
    assert isinstance(items[0], Document)
    assert items[1] == Skipped("<stdin>", "standard input was already read")


# ----------------------------------------------------------------------------- properties


_FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _check_invariants(items: list[Document | Skipped]) -> None:
    for item in items:
        assert isinstance(item, Document | Skipped)
        if isinstance(item, Document):
            assert "\r" not in item.text and "\x00" not in item.text
            assert unicodedata.is_normalized("NFC", item.text)
            assert any("\u0620" <= ch <= "\u064a" or ch > "\u064a" for ch in item.text)
            item.text.encode("utf-8")  # no lone surrogates
        else:
            assert item.reason


@_FUZZ
@given(
    data=st.binary(max_size=2048)
    | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    suffix=st.sampled_from([".txt", ".html", ".jsonl", ".json", ".bin"]),
)
def test_readers_never_raise_on_arbitrary_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = _write(tmp_path, f"fuzz{suffix}", data)
    _check_invariants(list(iter_inputs([path])))
    _check_invariants(list(iter_inputs([tmp_path], include=["*"])))


_MARKUP = st.sampled_from(
    ["<", ">", "</", "<!--", "-->", "<p>", "</p>", "<div ", "<script>", "</script>", "<![CDATA[",
     "]]>", "<?", "&", "&#", "&amp;", "'", '"', "=", "<title>", "<br/>", "\n", " ", "دبي", "وقع"]
)  # fmt: skip


@_FUZZ
@given(parts=st.lists(_MARKUP | st.text(max_size=5), max_size=60))
def test_readers_never_raise_on_arbitrary_html(tmp_path: Path, parts: list[str]) -> None:
    path = _write(tmp_path, "fuzz.html", "".join(parts).encode("utf-8", "surrogatepass"))
    _check_invariants(list(iter_inputs([path])))


@_FUZZ
@given(
    text=st.text(
        st.characters(codec="utf-8", categories=["L", "M", "N", "P", "Zs"]), min_size=1
    ).map(lambda t: "ب" + t),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]),
)
def test_readers_unicode_round_trips(tmp_path: Path, text: str, encoding: str) -> None:
    path = _write(tmp_path, "rt.txt", text.encode(encoding))
    doc = _read(path)
    assert isinstance(doc, Document), doc
    assert doc.text == unicodedata.normalize("NFC", text)
