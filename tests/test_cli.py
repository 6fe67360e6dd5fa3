"""The command line as a user meets it."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import COMMANDS, build_parser, main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_subcommand_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert f"kg {command}" in out
    assert len(out.splitlines()) > 3


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_every_subcommand_has_a_readme_example(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"^\s*(\$ )?kg {command}\b", readme, re.MULTILINE), command


def test_cli_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["build"])
    assert info.value.code == 2
    assert "required" in capsys.readouterr().err


def test_cli_user_error_is_one_line_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "missing")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("kg: error: ") and "Traceback" not in err
    assert "missing" in err


def test_cli_build_then_validate(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["build", str(seeds_dir), "-o", str(out), "--no-html"]) == 0
    err = capsys.readouterr().err
    assert "built 2 document(s)" in err and "conforms" in err
    assert main(["validate", str(out)]) == 0
    assert "conforms" in capsys.readouterr().out


def test_cli_installed_script_runs() -> None:
    script = shutil.which("kg", path=str(Path(sys.executable).parent))
    assert script is not None, "the kg console script is not installed next to this Python"
    done = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("kg ")


def test_cli_parser_lists_every_command() -> None:
    text = build_parser().format_help()
    for command in COMMANDS:
        assert command in text


def test_cli_build_with_gazetteer_and_formats(tmp_path: Path, seeds_dir: Path) -> None:
    gazetteer = tmp_path / "mine.tsv"
    gazetteer.write_text(
        "Organisation\tالشركة المصرية للاتصالات\nPlace\tأبو تلات\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    (out).mkdir()
    (out / "graph.nq").write_text("stale", encoding="utf-8")
    status = main(
        [
            "build",
            str(seeds_dir),
            "-o",
            str(out),
            "-q",
            "--no-html",
            "--formats",
            "ttl,trig",
            "--gazetteer",
            str(gazetteer),
        ]
    )
    assert status == 0
    assert not (out / "graph.nq").exists() and not (out / "graph.jsonld").exists()
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert '"gazetteer.user"' in ttl


def test_cli_build_bad_gazetteer_and_format_are_user_errors(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("Company\tجوجل\n", encoding="utf-8")
    assert main(["build", str(seeds_dir), "-o", str(tmp_path / "o"), "--gazetteer", str(bad)]) == 1
    assert f"{bad}:1:" in capsys.readouterr().err
    assert (
        main(["build", str(seeds_dir), "-o", str(tmp_path / "o"), "--formats", "ttl,rdfxml"]) == 1
    )
    assert "unknown output format" in capsys.readouterr().err


def test_cli_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    # "kg query ... | head -1" on output larger than a pipe's buffer: no traceback
    spo = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    code = "from kg.cli import entrypoint; entrypoint()"
    child = subprocess.Popen(
        [sys.executable, "-c", code, "query", spo, "--build", str(ROOT / "exports")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None
    child.stdout.readline()
    child.stdout.close()
    _, err = child.communicate(timeout=120)
    assert b"Traceback" not in err and b"BrokenPipe" not in err
    assert child.returncode in (0, 141)
