"""The layout of the code stays one a newcomer can follow (docs/DESIGN.md, "Map of the code")."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg

SRC = Path(kg.__file__).resolve().parent
MAX_LINES = 700


def test_no_module_is_over_700_lines() -> None:
    long = {
        str(p.relative_to(SRC)): n
        for p in SRC.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"split these modules by concern: {long}"


def test_every_package_of_the_map_is_in_the_design_notes() -> None:
    path = SRC.parent.parent / "docs" / "DESIGN.md"
    if not path.exists():
        pytest.skip("kg is not installed from its source tree")
    design = path.read_text(encoding="utf-8")
    packages = sorted(p.name for p in SRC.iterdir() if (p / "__init__.py").exists())
    assert packages, "no packages found"
    missing = [name for name in packages if f"{name}/" not in design]
    assert not missing, f"docs/DESIGN.md's map does not name {missing}"
