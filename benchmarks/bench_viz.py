"""Benchmark: time for kg's HTML view of a generated graph to become interactive.

Generates a graph of N entities (default 5,000) with about two relations each and one
evidence record per relation, renders it with :func:`kg.viz.render_html`, opens it in
headless Chromium with no network and reads the page's own status element once the
layout has stabilised and physics is off. Prints the Python render time, the page size,
the browser's time to interactive (from the page's first script to the layout done and
physics off, by the wall-clock stamps Chromium puts on console lines) and the wall-clock
time of the whole browser run (start-up, parsing, layout, DOM dump and shut-down).

Usage::

    .venv/bin/python benchmarks/bench_viz.py [--nodes 5000 1000 ...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, XSD

from kg import viz
from kg.vocab import KG

RES = Namespace("https://w3id.org/arabic-kg/resource/")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    # Nothing may be fetched: send any network request to a closed local port.
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
)

_NAMES = ("محمد", "أحمد", "خالد", "فاطمة", "عبدالله", "سارة", "يوسف", "ليلى", "عمر", "نورة")
_KINDS = (
    ("person", KG.Person, "الشخص"),
    ("organisation", KG.Organisation, "شركة"),
    ("event", KG.Event, "منتدى"),
    ("agreement", KG.Agreement, "مذكرة تفاهم"),
    ("place", KG.Place, "مدينة"),
)
_EDGES = {
    ("person", "event"): KG.participatedIn,
    ("person", "organisation"): KG.affiliatedWith,
    ("person", "person"): KG.metWith,
    ("person", "agreement"): KG.signed,
    ("organisation", "agreement"): KG.partyTo,
    ("event", "place"): KG.heldIn,
    ("agreement", "event"): KG.signedAt,
    ("organisation", "place"): KG.locatedIn,
    ("organisation", "organisation"): KG.subsidiaryOf,
}


def synthetic_graph(nodes: int, *, seed: int = 7, edges_per_node: float = 2.0) -> Graph:
    """Return a random graph of ``nodes`` entities shaped like a kg build."""
    rng = random.Random(seed)
    graph = Graph()
    members: dict[str, list[tuple[str, object]]] = {k: [] for k, _, _ in _KINDS}
    weights = (40, 25, 15, 10, 10)
    for index in range(nodes):
        slug, cls, word = rng.choices(_KINDS, weights=weights)[0]
        iri = RES[f"{slug}/n{index}"]
        graph.add((iri, RDF.type, cls))
        name = f"{word} {rng.choice(_NAMES)} {index}"
        graph.add((iri, RDFS.label, Literal(name, lang="ar")))
        if slug == "person":
            graph.add((iri, KG.role, Literal("وزير", lang="ar")))
        elif slug == "event":
            graph.add((iri, KG.startDate, Literal("2024-05-01", datatype=XSD.date)))
        elif slug == "agreement":
            graph.add((iri, KG.value, Literal("1000000", datatype=XSD.decimal)))
            graph.add((iri, KG.currency, Literal("USD")))
        members[slug].append((slug, iri))
    pairs = [pair for pair in _EDGES if members[pair[0]] and members[pair[1]]]
    for index in range(int(nodes * edges_per_node)):
        source_kind, target_kind = rng.choice(pairs)
        _, source = rng.choice(members[source_kind])
        _, target = rng.choice(members[target_kind])
        if source == target:
            continue
        predicate = _EDGES[(source_kind, target_kind)]
        graph.add((source, predicate, target))  # type: ignore[arg-type]
        evidence = RES[f"evidence/e{index}"]
        graph.add((evidence, RDF.type, KG.Evidence))
        graph.add((evidence, RDF.subject, source))  # type: ignore[arg-type]
        graph.add((evidence, RDF.predicate, predicate))
        graph.add((evidence, RDF.object, target))  # type: ignore[arg-type]
        graph.add((evidence, KG.text, Literal(f"جملة الدليل رقم {index} من الخبر.")))
    return graph


def open_in_chromium(page: Path, profile: Path, *, budget_ms: int = 600_000) -> tuple[str, str]:
    """Open ``page`` in headless Chromium and return (dumped DOM, stderr log)."""
    command = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        f"--virtual-time-budget={budget_ms}",
        "--dump-dom",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    return done.stdout, done.stderr


def status(dom: str) -> dict[str, str]:
    """Return the ``data-`` attributes of the page's status element."""
    found = re.search(r'<output id="kg-status"[^>]*>', dom)
    if found is None:
        return {}
    return dict(re.findall(r'data-([a-z-]+)="([^"]*)"', found.group(0)))


_LOG_TIME = re.compile(
    r"^\[\d+:\d+:\d{4}/(\d\d)(\d\d)(\d\d\.\d+):INFO:CONSOLE[^\]]*\] \"(kg-[a-z]+)"
)


def console_times(log: str) -> dict[str, float]:
    """Return wall-clock seconds (of the day) at which the page logged kg-start and kg-ready.

    Chromium stamps each console line with the real time, unlike the page's own clock,
    which runs on virtual time under ``--virtual-time-budget``.
    """
    times: dict[str, float] = {}
    for line in log.splitlines():
        found = _LOG_TIME.match(line)
        if found:
            hours, minutes, seconds, name = found.groups()
            times[name] = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    return times


def main() -> int:
    """Run the benchmark and print one line per graph size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[5000])
    parser.add_argument("--keep", type=Path, help="write the pages into this folder")
    args = parser.parse_args()
    if shutil.which(CHROMIUM) is None:
        print(f"{CHROMIUM} not found; run scripts/install_system_deps.sh", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for count in args.nodes:
            graph = synthetic_graph(count)
            entities = len(viz.to_networkx(graph))
            began = time.perf_counter()
            page_text = viz.render_html(graph, title=f"bench {count}")
            rendered = time.perf_counter() - began
            page = folder / f"bench_{count}.html"
            page.write_text(page_text, encoding="utf-8")
            began = time.perf_counter()
            dom, log = open_in_chromium(page, Path(tmp) / f"profile-{count}")
            wall = time.perf_counter() - began
            state = status(dom)
            stamps = console_times(log)
            interactive = stamps.get("kg-ready", float("nan")) - stamps.get(
                "kg-start", float("nan")
            )
            print(
                f"nodes={entities} edges={state.get('edges', '?')} "
                f"render={rendered:.2f}s html={len(page_text.encode()) / 1e6:.1f}MB "
                f"state={state.get('state', '?')} drawn={state.get('nodes', '?')} "
                f"errors={state.get('errors', '?')} "
                f"interactive={interactive:.1f}s browser_wall={wall:.1f}s"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
