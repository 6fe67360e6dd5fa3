"""The README and docs/walkthrough.md show the seeds' build as it is (exports/)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SUMMARY = re.compile(r"^kg: \d+ entities \(.*\), \d+ relations, \d+ triples$", re.M)


def _summary_of_exports() -> str:
    """The line `kg build` prints for the committed exports (kg.commands.build.print_summary)."""
    report = json.loads((ROOT / "exports" / "report.json").read_text(encoding="utf-8"))
    parts = ", ".join(f"{n} {t}" for t, n in report["entities"].items())
    return (
        f"kg: {report['entities_total']} entities ({parts}), "
        f"{report['relations_total']} relations, {report['triples']} triples"
    )


@pytest.mark.parametrize("doc", ["README.md", "docs/walkthrough.md"])
def test_docs_show_the_seeds_build_as_exported(doc: str) -> None:
    shown = _SUMMARY.findall((ROOT / doc).read_text(encoding="utf-8"))
    assert shown, f"{doc} shows no build summary"
    assert set(shown) == {_summary_of_exports()}
