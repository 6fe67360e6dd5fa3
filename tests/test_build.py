"""End-to-end builds of the seed articles: outputs, determinism, provenance, SHACL."""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Graph, Literal, URIRef

from kg.build import build
from kg.cli import main
from kg.model import Predicate
from kg.rdf import predicate_iri
from kg.validate import validate
from kg.vocab import KG

OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html", "report.json")


def _dataset(path: Path) -> Dataset:
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(path / "graph.trig", format="trig")
    return ds


def test_build_writes_every_output(seeds_build: Path) -> None:
    for name in OUTPUTS:
        assert (seeds_build / name).stat().st_size > 0, name
    report = json.loads((seeds_build / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 2
    assert report["shacl"] == {"validated": True, "conforms": True, "violations": []}
    assert report["skipped"] == []


def test_build_turtle_and_trig_parse_and_load_into_oxigraph(seeds_build: Path) -> None:
    import pyoxigraph as ox

    g = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    assert len(g) > 500
    ds = _dataset(seeds_build)
    assert len({c for _, _, _, c in ds.quads((None, None, None, None))}) == 2
    store = ox.Store()
    store.load(path=str(seeds_build / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    store.load(path=str(seeds_build / "graph.trig"), format=ox.RdfFormat.TRIG)
    assert len(store) >= len(g)


@pytest.mark.external
def test_build_turtle_accepted_by_rapper(seeds_build: Path) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    done = subprocess.run(
        [rapper, "-i", "turtle", "-c", str(seeds_build / "graph.ttl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "returned" in done.stderr and "triples" in done.stderr


def test_build_mention_offsets_point_at_their_text(seeds_build: Path, seeds_dir: Path) -> None:
    g = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    texts = {}
    for doc in g.subjects(RDF.type, KG.Document):
        name = str(g.value(doc, URIRef("http://purl.org/dc/terms/identifier")))
        texts[doc] = (seeds_dir / name).read_text(encoding="utf-8")
    checked = 0
    for kind in (KG.Mention, KG.Evidence):
        for node in g.subjects(RDF.type, kind):
            text = texts[g.value(node, KG.inDocument)]
            start, end = int(g.value(node, KG.start)), int(g.value(node, KG.end))
            assert text[start:end] == str(g.value(node, KG.text)), node
            checked += 1
    assert checked > 100


def test_build_is_byte_identical_across_runs(tmp_path: Path, seeds_dir: Path) -> None:
    outs = []
    for n in (1, 2):
        out = tmp_path / f"run{n}"
        assert main(["build", str(seeds_dir), "-o", str(out), "--no-cache", "-q"]) == 0
        outs.append(out)
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes(), name


def test_build_conforms_and_a_broken_graph_does_not(seeds_build: Path) -> None:
    g = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    assert validate(g).conforms
    person = next(g.subjects(RDF.type, KG.Person))
    g.remove((person, RDFS.label, None))
    g.add((person, KG.metWith, URIRef("https://w3id.org/arabic-kg/resource/place/nowhere")))
    report = validate(g)
    assert not report.conforms
    assert any(v.focus == str(person) for v in report.violations)


def test_build_one_node_for_a_person_in_both_documents(seeds_build: Path) -> None:
    g = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    talaat = [
        p for p in g.subjects(RDF.type, KG.Person) if str(g.value(p, RDFS.label)) == "عمرو طلعت"
    ]
    assert len(talaat) == 1
    assert len(set(g.objects(talaat[0], KG.mentionedIn))) == 2


def test_build_no_two_nodes_of_one_type_share_a_label(seeds_build: Path) -> None:
    g = Graph().parse(seeds_build / "graph.ttl", format="turtle")
    for cls in (KG.Person, KG.Organisation, KG.Event, KG.Agreement, KG.Place):
        labels = [str(g.value(s, RDFS.label)) for s in g.subjects(RDF.type, cls)]
        assert len(labels) == len(set(labels)), cls


def test_build_event_dates_and_agreement_values(seeds_build: Path) -> None:
    g = Graph().parse(seeds_build / "graph.ttl", format="turtle")

    def by_label(label: str) -> URIRef:
        found = [s for s in g.subjects(RDFS.label, Literal(label, lang="ar"))]
        assert len(found) == 1, label
        return found[0]

    summit = by_label("القمة العالمية للحكومات 2024")
    assert g.value(summit, KG.startDate) == Literal(
        "2024-02-12", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
    )
    assert g.value(summit, KG.endDate) == Literal(
        "2024-02-14", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
    )
    forum = by_label("منتدى الحزام والطريق للتعاون الدولي")
    gmd = URIRef("http://www.w3.org/2001/XMLSchema#gMonthDay")
    assert g.value(forum, KG.startDate) == Literal("--04-25", datatype=gmd)
    assert g.value(forum, KG.endDate) == Literal("--04-27", datatype=gmd)
    values = {
        (g.value(a, KG.value).toPython(), str(g.value(a, KG.currency)))
        for a in g.subjects(RDF.type, KG.Agreement)
        if g.value(a, KG.value) is not None
    }
    assert values == {(Decimal(45_000_000), "USD"), (Decimal(20_000_000), "USD")}


def test_build_every_relation_has_evidence_in_its_document(
    seeds_build: Path, seeds_dir: Path
) -> None:
    ds = _dataset(seeds_build)
    contract = {predicate_iri(p) for p in Predicate}
    relations = 0
    for graph_iri in {c for _, _, _, c in ds.quads((None, None, None, None))}:
        g = ds.graph(graph_iri)
        doc = next(g.subjects(RDF.type, KG.Document))
        text = (
            seeds_dir / str(g.value(doc, URIRef("http://purl.org/dc/terms/identifier")))
        ).read_text(encoding="utf-8")
        for s, p, o in g:
            if p not in contract:
                continue
            relations += 1
            evidence = [
                e
                for e in g.subjects(RDF.subject, s)
                if g.value(e, RDF.predicate) == p and g.value(e, RDF.object) == o
            ]
            assert evidence, (s, p, o)
            for e in evidence:
                start, end = int(g.value(e, KG.start)), int(g.value(e, KG.end))
                assert text[start:end] == str(g.value(e, KG.text))
                assert g.value(e, KG.rule) is not None
    assert relations >= 40


def test_build_cache_reextracts_only_changed_documents(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    out = tmp_path / "out"
    first = build([corpus], out=out, html=False, shacl=False)
    assert first.extracted == 2
    again = build([corpus], out=out, html=False, shacl=False)
    assert again.extracted == 0
    again_ttl = (out / "graph.ttl").read_bytes()
    doc = next(corpus.glob("*.txt"))
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\nوالتقى الدكتور خالد سعيد بالسيد محمد علي.\n",
        encoding="utf-8",
    )
    edited = build([corpus], out=out, html=False, shacl=False)
    assert edited.extracted == 1
    assert (out / "graph.ttl").read_bytes() != again_ttl


def test_build_removed_document_disappears(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    out = tmp_path / "out"
    build([corpus], out=out, html=False, shacl=False)
    (corpus / "002_cc820a4baa719aa1.txt").unlink()
    build([corpus], out=out, html=False, shacl=False)
    g = Graph().parse(out / "graph.ttl", format="turtle")
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert "عمرو طلعت" in labels
    assert "منتدى الحزام والطريق للتعاون الدولي" not in labels
    assert len(list(g.subjects(RDF.type, KG.Document))) == 1


def test_build_bad_document_does_not_stop_the_corpus(
    tmp_path: Path, seeds_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    out = tmp_path / "out"
    status = main(["build", str(corpus), "-o", str(out), "-q", "--no-html"])
    assert status == 3
    err = capsys.readouterr().err
    assert "kg: warning:" in err and "empty.txt" in err and "binary.txt" in err
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 2
    assert sorted(Path(s["path"]).name for s in report["skipped"]) == ["binary.txt", "empty.txt"]
    assert all(s["reason"] for s in report["skipped"])


def test_build_tells_on_skipped_instead_of_warning(tmp_path: Path, seeds_dir: Path) -> None:
    from kg.errors import InputWarning
    from kg.readers import Skipped

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    told: list[Skipped] = []
    # filterwarnings = error: a warning here would fail the build
    result = build([corpus], out=tmp_path / "out", html=False, shacl=False, on_skipped=told.append)
    assert [Path(s.path).name for s in told] == ["empty.txt"] and tuple(told) == result.skipped
    with pytest.warns(InputWarning, match=r"empty\.txt: skipped: "):
        build([corpus], out=tmp_path / "again", html=False, shacl=False)


def test_build_extractor_fingerprint_hashes_every_source_and_rule_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import kg
    from kg.build import extractor_fingerprint

    package = Path(kg.__file__).resolve().parent
    read: set[str] = set()
    read_bytes = Path.read_bytes

    def spy(path: Path) -> bytes:
        read.add(path.relative_to(package).as_posix())
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    assert extractor_fingerprint.__wrapped__() == extractor_fingerprint()
    wanted = {
        p.relative_to(package).as_posix()
        for p in (*package.rglob("*.py"), *(package / "rules").rglob("*"), *package.rglob("*.toml"))
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {"build/pool.py", "relations/frames/signing.toml", "rules/person.toml"} <= wanted
    assert wanted <= read


def test_build_jobs_give_identical_output(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        for src in seeds_dir.glob("*.txt"):
            (corpus / f"{n}-{src.name}").write_text(
                src.read_text(encoding="utf-8"), encoding="utf-8"
            )
    one, two = tmp_path / "j1", tmp_path / "j2"
    build([corpus], out=one, jobs=1, html=False, shacl=False, use_cache=False)
    build([corpus], out=two, jobs=2, html=False, shacl=False, use_cache=False)
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def _relink_corpus(folder: Path) -> Path:
    """Two documents name a person in full, a third only by his family name."""
    folder.mkdir()
    texts = {
        "a.txt": "قال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة للحوار مع جيرانها.",
        "b.txt": "ووصف المراقبون خطاب بوتين بأنه حاد، وتراجعت الأسواق بعده.",
        "c.txt": "واستقبل الرئيس فلاديمير بوتين الوفد في موسكو.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def test_build_family_name_alone_joins_the_person_named_elsewhere(tmp_path: Path) -> None:
    out = tmp_path / "out"
    corpus = _relink_corpus(tmp_path / "corpus")
    # the rules alone do not read the bare "بوتين": the relink joins it to the full name
    result = build([corpus], out=out, html=False, shacl=False, tagger=False)
    assert result.report["relinked"] == 1
    g = Graph().parse(out / "graph.ttl", format="turtle")
    persons = set(g.subjects(RDF.type, KG.Person))
    assert len(persons) == 1
    person = persons.pop()
    assert len(set(g.objects(person, KG.mentionedIn))) == 3
    relinked = list(g.subjects(KG.rule, Literal("person.corpus_alias")))
    assert [str(g.value(m, KG.text)) for m in relinked] == ["بوتين"]
    assert g.value(relinked[0], KG.mentionOf) == person


def test_build_relinked_corpus_is_identical_for_any_jobs(tmp_path: Path) -> None:
    corpus = _relink_corpus(tmp_path / "corpus")
    one, two = tmp_path / "j1", tmp_path / "j2"
    build([corpus], out=one, jobs=1, html=False, shacl=False, use_cache=False)
    build([corpus], out=two, jobs=2, html=False, shacl=False, use_cache=False)
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_build_every_format_holds_the_same_quads(seeds_build: Path) -> None:
    import pyoxigraph as ox

    formats = {
        "graph.trig": ox.RdfFormat.TRIG,
        "graph.nq": ox.RdfFormat.N_QUADS,
        "graph.jsonld": ox.RdfFormat.JSON_LD,
    }
    quads = {name: set(ox.parse(path=seeds_build / name, format=f)) for name, f in formats.items()}
    assert quads["graph.trig"] == quads["graph.nq"] == quads["graph.jsonld"]
    union = {(q.subject, q.predicate, q.object) for q in quads["graph.trig"]}
    turtle = set(ox.parse(path=seeds_build / "graph.ttl", format=ox.RdfFormat.TURTLE))
    assert {(t.subject, t.predicate, t.object) for t in turtle} == union
    report = json.loads((seeds_build / "report.json").read_text(encoding="utf-8"))
    assert report["triples"] == len(union)


def test_build_cached_and_fresh_extractions_give_identical_output(
    tmp_path: Path, seeds_dir: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(20):
        for src in seeds_dir.glob("*.txt"):
            (corpus / f"{n:02d}-{src.name}").write_text(
                src.read_text(encoding="utf-8"), encoding="utf-8"
            )
    fresh, mixed = tmp_path / "fresh", tmp_path / "mixed"
    build([corpus], out=fresh, jobs=1, html=False, shacl=False, use_cache=False)
    for path in sorted(corpus.glob("*.txt"))[::3]:  # a third of the corpus cached
        path.rename(path.with_suffix(".bak"))
    build([corpus], out=mixed, jobs=3, html=False, shacl=False)
    for path in corpus.glob("*.bak"):
        path.rename(path.with_suffix(".txt"))
    result = build([corpus], out=mixed, jobs=3, html=False, shacl=False)
    assert 0 < result.extracted < result.documents
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld"):
        assert (fresh / name).read_bytes() == (mixed / name).read_bytes(), name


def test_build_reads_documents_as_it_extracts(seeds_dir: Path) -> None:
    from kg.build.cache import Cache
    from kg.build.pool import BATCH, LocalEngine
    from kg.build.stream import extract_stream
    from kg.model import Document

    text = next(seeds_dir.glob("*.txt")).read_text(encoding="utf-8")
    read = 0

    def documents() -> Iterator[Document]:
        nonlocal read
        for n in range(400):
            read += 1
            yield Document(f"d{n}", text)

    stream = extract_stream(documents(), Cache(None), LocalEngine(2))
    next(stream)
    assert read <= (3 * 2 + 2) * BATCH  # a few batches ahead, not all 400
    stream.close()


def test_build_large_graph_skips_shacl_and_shows_the_most_connected(
    tmp_path: Path, seeds_dir: Path
) -> None:
    out = tmp_path / "out"
    result = build([seeds_dir], out=out, shacl_max_triples=100, view_max_entities=5)
    assert result.conforms is None
    shacl = result.report["shacl"]
    assert isinstance(shacl, dict) and shacl["validated"] is False
    assert "kg validate" in shacl["note"]
    view = result.report["view"]
    assert isinstance(view, dict)
    assert view["selection"] == "most connected" and view["entities"] == 5
    assert (out / "graph.html").stat().st_size > 0


def test_build_unchanged_corpus_is_not_rebuilt(tmp_path: Path, seeds_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    out = tmp_path / "out"
    build([corpus], out=out, html=False)
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("graph.*")}
    again = build([corpus], out=out, html=False)
    assert again.extracted == 0 and again.documents == 2 and again.conforms is True
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("graph.*")} == before
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert (report["extracted"], report["from_cache"]) == (0, 2)
    (out / "graph.ttl").write_text("damaged", encoding="utf-8")
    repaired = build([corpus], out=out, html=False)
    assert repaired.extracted == 0
    assert (out / "graph.ttl").read_text(encoding="utf-8") != "damaged"
    changed = build([corpus], out=out, html=True)  # another option: a real build
    assert (out / "graph.html").exists() and changed.documents == 2


def test_build_committed_exports_are_current(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """exports/ holds the seeds' build as the code now makes it (run `make exports`)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "exports" / "graph.ttl").exists():
        pytest.skip("no committed exports/")
    monkeypatch.chdir(root)
    out = tmp_path / "fresh"
    assert main(["build", "seeds", "-o", str(out), "-q", "--no-cache"]) == 0
    for name in ("graph.ttl", "graph.trig", "graph.nq", "graph.jsonld", "graph.html"):
        assert (out / name).read_bytes() == (root / "exports" / name).read_bytes(), (
            f"exports/{name} is stale: run `make exports`"
        )


def test_build_warns_of_a_bound_hit_naming_the_document(tmp_path: Path) -> None:
    from kg.errors import InputWarning
    from kg.text import MAX_SENTENCE_TOKENS

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    words = " ".join(["التقى", "الوزير", "محمد", "علي", "في", "القاهرة"] * 100)
    (corpus / "long.txt").write_text(words + "\n", encoding="utf-8")
    (corpus / "short.txt").write_text("التقى الوزير محمد علي في القاهرة.\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.warns(InputWarning, match=r"long\.txt: 3 sentence parts") as caught:
        result = build([corpus], out=out, html=False, shacl=False, tagger=False)
    assert not any("short.txt" in str(w.message) for w in caught)
    rows = {row["id"]: row for row in result.report["per_document"]}
    assert str(MAX_SENTENCE_TOKENS) in rows["long.txt"]["bounds"][0]
    assert "bounds" not in rows["short.txt"]


def _jsonl_gz(path: Path, records: list[tuple[str, str]]) -> None:
    import gzip

    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in records]
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))


def test_build_shard_output_writes_each_input_shards_graphs(
    tmp_path: Path, seeds_dir: Path
) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]
    corpus = tmp_path / "in"
    corpus.mkdir()
    _jsonl_gz(corpus / "a.jsonl.gz", [("a1", texts[0]), ("a2", texts[1])])
    _jsonl_gz(corpus / "b.jsonl.gz", [("b1", texts[1])])
    (corpus / "c.txt").write_text(texts[0], encoding="utf-8")
    plain = build([corpus], out=tmp_path / "plain", use_cache=False)
    out = tmp_path / "out"
    result = build([corpus], out=out, use_cache=False, shard_output=True)
    assert result.report["shards"] == 3 and plain.documents == result.documents == 4
    for name in ("graph.ttl", "graph.trig", "graph.nq"):
        assert (out / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()
    manifest = json.loads((out / "shards" / "manifest.json").read_text(encoding="utf-8"))
    shards = manifest["shards"]
    assert [(s["input"], s["documents"]) for s in shards] == [
        (str(corpus / "a.jsonl.gz"), 2),
        (str(corpus / "b.jsonl.gz"), 1),
        (f"{corpus / 'c.txt'} and the files after it", 1),
    ]
    import hashlib

    import pyoxigraph as ox

    nquads = b""
    for shard in shards:
        for kind, name in shard["files"].items():
            data = (out / "shards" / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == shard["sha256"][kind]
        data = (out / "shards" / shard["files"]["nq"]).read_bytes()
        assert data.count(b"\n") == shard["quads"]
        trig = (out / "shards" / shard["files"]["trig"]).read_bytes()
        assert len(list(ox.parse(trig, format=ox.RdfFormat.TRIG))) == shard["quads"]
        nquads += data
    assert nquads == (out / "graph.nq").read_bytes()  # the same lines, in the same order
    assert manifest["quads"] == sum(s["quads"] for s in shards)
    assert not list(out.glob(".kg-shards-*"))
    again = build([corpus], out=out, use_cache=False)  # no --shard-output: no stale shards
    assert "shards" not in again.report and not (out / "shards").exists()
