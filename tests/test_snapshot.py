"""A build of 1,000 generated documents gives, byte for byte, the output it gave when
tests/fixtures/generated-1000.sha256 was written (`make snapshot`).

A refactor must leave the digest unchanged; a change meant to alter the output updates the
file in the same commit, so the change of output is visible in review.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import snapshot  # noqa: E402


def test_generated_build_is_unchanged() -> None:
    expected = (ROOT / "tests" / "fixtures" / "generated-1000.sha256").read_text(encoding="utf-8")
    assert snapshot.generated_digest(1000) == expected, (
        "the build of 1,000 generated documents changed: if that is meant, run `make snapshot`"
    )


def test_digest_ignores_only_the_extractor_fingerprint(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text("x", encoding="utf-8")
    (tmp_path / "report.json").write_text('{"extractor": "a", "documents": 1}', encoding="utf-8")
    first = snapshot.digest(tmp_path)
    (tmp_path / "report.json").write_text('{"extractor": "b", "documents": 1}', encoding="utf-8")
    assert snapshot.digest(tmp_path) == first
    (tmp_path / "report.json").write_text('{"extractor": "b", "documents": 2}', encoding="utf-8")
    assert snapshot.digest(tmp_path) != first
    (tmp_path / "graph.ttl").write_text("y", encoding="utf-8")
    assert len(snapshot.digest(tmp_path).splitlines()) == 2
