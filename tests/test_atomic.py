"""Tests of kg.atomic: atomic replacement, cleanup on error, and surviving SIGKILL."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.atomic import TEMP_INFIX, atomic_write_bytes, atomic_write_text, atomic_writer
from kg.errors import StoreError


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if TEMP_INFIX in p.name]


def test_atomic_write_text_creates_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    atomic_write_text(target, "أ\nب\n")
    assert target.read_bytes() == "أ\nب\n".encode()
    atomic_write_text(target, "ج")
    assert target.read_text(encoding="utf-8") == "ج"
    assert _temps(tmp_path) == []


def test_atomic_write_text_keeps_newlines_as_written(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    atomic_write_text(target, "a\nb\r\nc")
    assert target.read_bytes() == b"a\nb\r\nc"


def test_atomic_write_bytes_round_trips(tmp_path: Path) -> None:
    data = bytes(range(256)) * 3
    atomic_write_bytes(tmp_path / "b.bin", data)
    assert (tmp_path / "b.bin").read_bytes() == data


def test_atomic_writer_streams_text_and_bytes(tmp_path: Path) -> None:
    with atomic_writer(tmp_path / "t.txt") as text:
        for i in range(3):
            text.write(f"{i}\n")
        assert not (tmp_path / "t.txt").exists()  # nothing visible before the end
        (temp,) = _temps(tmp_path)
        assert temp.name.startswith(".t.txt.tmp-")
    assert (tmp_path / "t.txt").read_text(encoding="utf-8") == "0\n1\n2\n"
    with atomic_writer(tmp_path / "b.bin", "wb") as binary:
        binary.write(b"\x00\x01")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert _temps(tmp_path) == []


def test_atomic_writer_error_keeps_old_content_and_removes_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError, match="boom"), atomic_writer(target) as stream:
        stream.write("half of the new")
        raise RuntimeError("boom")
    assert target.read_text(encoding="utf-8") == "old"
    assert _temps(tmp_path) == []


def test_atomic_writer_unencodable_text_keeps_old_content(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    atomic_write_text(target, "old")
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "\ud800")
    assert target.read_text(encoding="utf-8") == "old"
    assert _temps(tmp_path) == []


def test_atomic_writer_missing_folder_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file or directory"):
        atomic_write_text(tmp_path / "missing" / "graph.ttl", "x")


def test_atomic_writer_onto_a_folder_raises_store_error(tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").mkdir()
    with pytest.raises(StoreError, match="cannot replace"):
        atomic_write_text(tmp_path / "graph.ttl", "x")
    assert _temps(tmp_path) == []


def test_atomic_writer_rejects_other_modes(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="mode"), atomic_writer(tmp_path / "x", "a"):  # type: ignore[call-overload]
        pass


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_atomic_writer_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "p.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    umask = os.umask(0)
    os.umask(umask)
    atomic_write_text(tmp_path / "fresh.txt", "new")
    assert stat.S_IMODE((tmp_path / "fresh.txt").stat().st_mode) == 0o666 & ~umask


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text())
def test_atomic_write_text_round_trips_any_text(tmp_path: Path, text: str) -> None:
    target = tmp_path / "any.txt"
    atomic_write_text(target, text)
    assert target.read_bytes() == text.encode("utf-8")
    with target.open(encoding="utf-8", newline="") as stream:
        assert stream.read() == text


_CHILD = """
import sys
from kg.atomic import atomic_writer

target, size = sys.argv[1], int(sys.argv[2])
version = 0
while True:
    version += 1
    line = f"{version:012d}\\n".encode()
    with atomic_writer(target, "wb") as stream:
        for _ in range(size // len(line)):
            stream.write(line)
    print(version, flush=True)
"""


def _check_complete(data: bytes, size: int) -> int:
    """The version a complete file holds; fails on a partial or mixed file."""
    line = data[:13]
    assert len(data) == size // 13 * 13, f"partial file: {len(data)} bytes"
    assert data == line * (size // 13), "mixed content"
    return int(line)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("delay", [0.0, 0.003, 0.011, 0.027, 0.05])
def test_atomic_writer_survives_sigkill_mid_write(tmp_path: Path, delay: float) -> None:
    size = 8 << 20  # 8 MiB: each write takes long enough to be caught in the middle
    target = tmp_path / "graph.ttl"
    atomic_write_bytes(target, b"000000000000\n" * (size // 13))
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(target), str(size)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        done = [int(child.stdout.readline()) for _ in range(2)]  # two writes went through
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    version = _check_complete(target.read_bytes(), size)
    assert done[-1] <= version <= done[-1] + 64
    assert all(p.name.startswith(".graph.ttl.tmp-") for p in _temps(tmp_path))
