"""Builds on a Dask cluster (kg build --scheduler): the same output as a local build.

Each test module run starts its own two-worker LocalCluster on loopback (one thread a
worker, configured as docs/cluster.md sets up a scheduler), so no cluster is
needed on the machine.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import cloudpickle
import dask
import distributed
import pytest

import cluster_faults
from kg.build import build
from kg.cli import main
from kg.errors import KgError, KgWarning

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

pytestmark = pytest.mark.slow

#: As docs/cluster.md starts a scheduler and its workers: a task is given up when the worker
#: running it dies (``allowed-failures`` 0), a worker is sent only as many tasks as it has
#: threads, so a death is never blamed on tasks waiting behind the one that ran, and the
#: workers' statistical profiler is off.
SCHEDULER_CONFIG = {
    "distributed.scheduler.allowed-failures": 0,
    "distributed.scheduler.worker-saturation": 1.0,
    "distributed.worker.profile.enabled": False,
}

GRAPHS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two worker processes, started for these tests."""
    cloudpickle.register_pickle_by_value(cluster_faults)
    with (
        dask.config.set(SCHEDULER_CONFIG),
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
    ):
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """48 generated documents and the two seed articles."""
    folder = tmp_path_factory.mktemp("cluster-docs")
    corpus.generate(folder, 48)
    for seed in seeds_dir.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory, docs: Path) -> Path:
    """The corpus built here with one job."""
    out = tmp_path_factory.mktemp("local")
    build([docs], out=out, jobs=1, use_cache=False)
    return out


@pytest.fixture
def faults(scheduler: str) -> Iterator[distributed.Client]:
    """A client to register a fault plugin with; the plugin is removed afterwards."""
    with distributed.Client(scheduler, set_as_default=False) as client:
        yield client
        with contextlib.suppress(ValueError):  # none was registered
            client.unregister_worker_plugin(cluster_faults.DieOn.name)


def assert_same_graphs(a: Path, b: Path) -> None:
    for name in GRAPHS:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def report(out: Path) -> dict[str, object]:
    value: dict[str, object] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return value


def test_cluster_build_is_byte_identical_to_a_local_build(
    scheduler: str, docs: Path, local: Path, tmp_path: Path
) -> None:
    out = tmp_path / "cluster"
    result = build([docs], out=out, scheduler=scheduler, use_cache=False)
    assert result.documents == 50 and not result.skipped
    assert_same_graphs(local, out)
    mine, theirs = report(out), report(local)
    assert mine.pop("cluster") == {"scheduler": scheduler, "threads": 2, "allowed_failures": 0}
    assert mine == theirs


def test_cluster_build_survives_a_killed_worker(
    scheduler: str, docs: Path, local: Path, tmp_path: Path, faults: distributed.Client
) -> None:
    once = tmp_path / "died"
    faults.register_plugin(cluster_faults.DieOn("00020.txt", once))
    out = tmp_path / "cluster"
    result = build([docs], out=out, scheduler=scheduler, use_cache=False)
    assert once.exists(), "no worker died: the test tested nothing"
    assert result.documents == 50 and not result.skipped
    assert_same_graphs(local, out)


def test_a_document_that_kills_workers_twice_is_skipped_and_named(
    scheduler: str, docs: Path, tmp_path: Path, faults: distributed.Client
) -> None:
    faults.register_plugin(cluster_faults.DieOn("00007.txt"))
    out = tmp_path / "cluster"
    with pytest.warns(UserWarning, match=r"00007\.txt: skipped: extraction killed a cluster"):
        result = build([docs], out=out, scheduler=scheduler, use_cache=False)
    assert result.documents == 49
    [skipped] = report(out)["skipped"]  # type: ignore[misc]
    assert skipped["path"] == str(docs / "00007.txt")
    assert "killed a cluster worker twice" in skipped["reason"]
    without = tmp_path / "local"
    build([docs], out=without, jobs=1, exclude=["00007.txt"], use_cache=False)
    assert_same_graphs(without, out)


def test_cluster_build_after_a_local_one_extracts_only_what_changed(
    scheduler: str, docs: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "docs"
    copy.mkdir()
    for path in sorted(docs.iterdir())[:10]:
        (copy / path.name).write_bytes(path.read_bytes())
    out = tmp_path / "out"
    assert build([copy], out=out, jobs=1).extracted == 10
    first = sorted(copy.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nوقال الوزير إن الاتفاق مهم.\n", "utf-8")
    again = build([copy], out=out, scheduler=scheduler)
    assert (again.documents, again.extracted) == (10, 1)


def test_an_unreachable_scheduler_is_a_clear_error(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importlib.import_module("kg.build.cluster"), "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(KgError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"):
        build([docs], out=tmp_path / "out", scheduler="tcp://127.0.0.1:9")
    argv = ["build", str(docs), "-o", str(tmp_path / "cli"), "--scheduler", "tcp://127.0.0.1:9"]
    assert main(argv) == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
    assert not (tmp_path / "cli" / "graph.ttl").exists()


def test_workers_running_another_kg_are_refused(
    scheduler: str, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster = importlib.import_module("kg.build.cluster")  # kg.build is also a function
    monkeypatch.setattr(cluster, "extractor_fingerprint", lambda: "0" * 64)
    with pytest.raises(KgError, match="run another kg"):
        build([docs], out=tmp_path / "out", scheduler=scheduler)


def test_workers_that_run_their_profiler_are_warned_of(
    scheduler: str, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cluster = importlib.import_module("kg.build.cluster")
    monkeypatch.setattr(cluster, "_profiler_on", lambda: True)  # sent to the workers by value
    with pytest.warns(KgWarning, match="statistical profiler"):
        result = build([docs / "00001.txt"], out=tmp_path / "out", scheduler=scheduler)
    assert result.documents == 1
