"""A build killed at any moment leaves the previous exports whole and loadable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from kg.cli import main


def _loadable(out: Path) -> tuple[int, int]:
    g = Graph().parse(out / "graph.ttl", format="turtle")
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(out / "graph.trig", format="trig")
    return len(g), len(list(ds.quads((None, None, None, None))))


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.8, 1.5, 2.5, 4.0])
def test_robust_sigkill_during_build_keeps_previous_exports(
    tmp_path: Path, seeds_dir: Path, delay: float
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(seeds_dir), "-o", str(out), "-q", "--no-html"]) == 0
    before = {name: (out / name).read_bytes() for name in ("graph.ttl", "graph.trig")}
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(30):
        for src in seeds_dir.glob("*.txt"):
            (corpus / f"{n:02d}-{src.name}").write_bytes(src.read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg.cli", "build", str(corpus), "-o", str(out), "-q", "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    for name, old in before.items():
        now = (out / name).read_bytes()
        assert now == old or len(now) > len(old), (
            f"{name} is neither the old export nor a new whole one"
        )
    triples, quads = _loadable(out)
    assert triples > 0 and quads > 0


@pytest.mark.slow
def test_robust_every_kind_of_bad_input_is_named_and_skipped(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for src in seeds_dir.glob("*.txt"):
        (corpus / src.name).write_bytes(src.read_bytes())
    arabic = "وقع الدكتور خالد سعيد مذكرة تفاهم مع شركة النيل في القاهرة."
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 20,
        "english.txt": b"The minister met his counterpart in Cairo on Monday.",
        "truncated.txt": arabic.encode("utf-8")[:-1] + b"\xd8",
        "nul.txt": arabic.encode("utf-8") + b"\x00" + arabic.encode("utf-8"),
        "huge-line.txt": ("كلمة " * 11_000_000).encode("utf-8"),
    }
    for name, data in bad.items():
        (corpus / name).write_bytes(data)
    (corpus / "broken.html").write_text(
        "<html><body>" + "<div>" * 5000 + "<p>" + arabic + "<b></i></body", encoding="utf-8"
    )
    lines = [
        json.dumps({"id": "ok1", "text": arabic}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "ok2", "text": arabic}, ensure_ascii=False),
    ]
    (corpus / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main(["build", str(corpus), "-o", str(out), "-q", "--no-html"])
    assert status == 3
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    skipped = {(Path(s["path"]).name, s["line"]): s["reason"] for s in report["skipped"]}
    names = {name for name, _ in skipped}
    assert names == set(bad) | {"corpus.jsonl"}
    assert all(skipped.values())
    assert ("corpus.jsonl", 2) in skipped
    ids = {d["id"] for d in report["per_document"]}
    assert {"ok1", "ok2", "broken.html"} <= {i.split("/")[-1] for i in ids} | ids
    assert report["documents"] == len(ids) == 5
    err = capsys.readouterr().err
    for name in bad:
        assert name in err
