"""Benchmark kg's store against raw pyoxigraph on a generated graph of about 1M triples.

Usage: .venv/bin/python benchmarks/bench_store.py [--triples 1000000] [--out DIR]

Generates a build directory as ``kg build`` writes one (graph.trig with one named graph per
document, entities shared across documents as in a real corpus, and graph.ttl, their union
with each triple once), then prints for each side:
- load: kg's ``open_store`` (first open: parse + persist + stamp) against raw pyoxigraph
  loading the same two files (``bulk_load`` of graph.trig, and of graph.ttl into the default
  graph), and a re-open of the persisted store;
- the median latency of three typical queries (a three-way join, an aggregate, an entity's
  neighbourhood) through ``Store.query`` (rows converted to rdflib terms) against raw
  ``pyoxigraph.Store.query`` (rows materialised as pyoxigraph terms).
kg's figures should stay within 1.5x of raw pyoxigraph.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.store import PREFIXES, open_store

RES = "https://w3id.org/arabic-kg/resource/"
KG = PREFIXES["kg"]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = PREFIXES["rdfs"] + "label"

QUERIES = {
    "join: who met whom at which event": """
        SELECT ?a ?b ?event WHERE {
          ?a kg:metWith ?b . ?a kg:participatedIn ?event . ?b kg:participatedIn ?event .
        } LIMIT 1000""",
    "aggregate: most connected people": """
        SELECT ?p (COUNT(*) AS ?n) WHERE { ?p a kg:Person ; kg:metWith ?o }
        GROUP BY ?p ORDER BY DESC(?n) LIMIT 20""",
    "neighbourhood of one person": """
        SELECT ?r ?o ?label WHERE {
          <https://w3id.org/arabic-kg/resource/person/p7> ?r ?o . OPTIONAL { ?o rdfs:label ?label }
        }""",
}


def generate(path: Path, triples: int, *, seed: int = 7) -> int:
    """Write a TriG file of about ``triples`` triples; return the exact count written."""
    rng = random.Random(seed)
    people, orgs, events = 20_000, 3_000, 2_000
    count = 0
    doc = 0
    with path.open("w", encoding="utf-8") as out:
        while count < triples:
            d = f"<{RES}document/d{doc}>"
            lines = [f"{d} <{RDF_TYPE}> <{KG}Document> ."]
            persons = rng.sample(range(people), 6)
            event = rng.randrange(events)
            org = rng.randrange(orgs)
            ev = f"<{RES}event/e{event}>"
            lines += [
                f"{ev} <{RDF_TYPE}> <{KG}Event> .",
                f'{ev} <{LABEL}> "فعالية {event}"@ar .',
                f"{ev} <{KG}mentionedIn> {d} .",
            ]
            for i, p in enumerate(persons):
                pp = f"<{RES}person/p{p}>"
                lines += [
                    f"{pp} <{RDF_TYPE}> <{KG}Person> .",
                    f'{pp} <{LABEL}> "شخص {p}"@ar .',
                    f"{pp} <{KG}mentionedIn> {d} .",
                    f"{pp} <{KG}participatedIn> {ev} .",
                    f"{pp} <{KG}affiliatedWith> <{RES}organisation/o{org}> .",
                ]
                if i:
                    lines.append(f"{pp} <{KG}metWith> <{RES}person/p{persons[0]}> .")
                m = f"<{RES}mention/d{doc}/{i}>"
                lines += [
                    f"{m} <{RDF_TYPE}> <{KG}Mention> .",
                    f"{m} <{KG}mentionOf> {pp} .",
                    f"{m} <{KG}inDocument> {d} .",
                    f'{m} <{KG}start> "{i * 10}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
                ]
            out.write(f"{d} {{\n" + "\n".join(lines) + "\n}\n")
            count += len(lines)
            doc += 1
    return count


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_union(trig: Path, ttl: Path) -> None:
    """Write the union of the named graphs, each triple once, as kg build's graph.ttl."""
    memory = ox.Store()
    memory.bulk_load(path=trig, format=ox.RdfFormat.TRIG)
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in memory}
    ox.serialize(triples, output=str(ttl), format=ox.RdfFormat.N_TRIPLES)


def main() -> None:
    """Generate, load and query; print a table of figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None, help="work directory (default: tmp)")
    args = parser.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    build = work / "build"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    start = time.perf_counter()
    n = generate(build / "graph.trig", args.triples)
    write_union(build / "graph.trig", build / "graph.ttl")
    print(
        f"generated {n} triples ({(build / 'graph.trig').stat().st_size >> 20} MB) "
        f"in {time.perf_counter() - start:.1f} s"
    )

    raw_dir = work / "raw"
    shutil.rmtree(raw_dir, ignore_errors=True)
    start = time.perf_counter()
    raw = ox.Store(str(raw_dir))
    raw.bulk_load(path=build / "graph.trig", format=ox.RdfFormat.TRIG)
    raw.bulk_load(path=build / "graph.ttl", format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    raw.flush()
    raw_load = time.perf_counter() - start

    start = time.perf_counter()
    store = open_store(build)
    kg_load = time.perf_counter() - start
    store.close()
    start = time.perf_counter()
    store = open_store(build)
    kg_reopen = time.perf_counter() - start

    rows = [("load (parse + persist)", raw_load, kg_load)]
    for name, sparql in QUERIES.items():

        def raw_query(sparql: str = sparql) -> list[object]:
            result = raw.query(sparql, prefixes=PREFIXES)
            return [tuple(solution) for solution in result]  # type: ignore[union-attr]

        def kg_query(sparql: str = sparql) -> object:
            return store.query(sparql).rows

        raw_query()
        kg_query()
        rows.append((name, _median(raw_query, args.repeat), _median(kg_query, args.repeat)))

    print(f"\n{'':38} {'pyoxigraph':>11} {'kg':>11} {'kg/raw':>7}")
    worst = 0.0
    for name, raw_s, kg_s in rows:
        ratio = kg_s / raw_s if raw_s else float("inf")
        worst = max(worst, ratio)
        print(f"{name:38} {raw_s * 1000:9.1f}ms {kg_s * 1000:9.1f}ms {ratio:6.2f}x")
    print(f"{'re-open of a persisted store':38} {'':11} {kg_reopen * 1000:9.1f}ms")
    print(f"\nworst ratio {worst:.2f}x ({'within' if worst <= 1.5 else 'OVER'} the 1.5x budget)")
    if args.out is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
