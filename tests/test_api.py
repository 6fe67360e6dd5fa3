"""The public API of kg: every name of ``kg.__all__``, the docstring example, a light import."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import kg


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize("name", kg.__all__)
def test_api_every_public_name_imports_from_its_home(name: str) -> None:
    value = getattr(kg, name)
    home = importlib.import_module(kg._HOMES[name])
    assert value is getattr(home, name)
    namespace: dict[str, object] = {}
    exec(f"from kg import {name}", namespace)
    assert namespace[name] is value


def test_api_all_lists_every_home_and_nothing_else() -> None:
    assert sorted(kg.__all__) == sorted(kg._HOMES)
    assert set(kg.__all__) <= set(dir(kg))
    with pytest.raises(AttributeError, match="no attribute 'extrct'"):
        kg.extrct  # noqa: B018


def test_api_import_kg_is_light() -> None:
    loaded = _run(
        "import sys, kg; print(sorted(m for m in sys.modules if m.split('.')[0] in ('kg', 'rdflib')))"
    )
    assert loaded == "['kg']"


def test_api_build_is_the_function_whatever_was_imported_first() -> None:
    out = _run(
        "import kg.build, kg.commands.build\n"
        "from kg import build, BuildResult\n"
        "from kg.build import build as function\n"
        "print(build is function, BuildResult.__name__)"
    )
    assert out == "True BuildResult"


@pytest.mark.slow
def test_api_docstring_example_runs_on_the_seeds(
    tmp_path: Path, seeds_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert kg.__doc__ is not None
    example = kg.__doc__.split("::\n\n", 1)[1].split("\n\n", 1)[0]
    assert "from kg import build, extract, read_document" in example
    (tmp_path / "seeds").symlink_to(seeds_dir, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(textwrap.dedent(example), "kg.__doc__", "exec"), namespace)
    extraction = namespace["extraction"]
    assert isinstance(extraction, kg.Extraction) and extraction.entities
    result = namespace["result"]
    assert isinstance(result, kg.BuildResult)
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == (
        seeds_dir.parent / "exports" / "graph.ttl"
    ).read_bytes()
