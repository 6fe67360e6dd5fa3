"""Tests of kg.evaluate (scoring against gold files and CoNLL NER) and `kg eval`."""

from __future__ import annotations

import argparse
import json
import sys
import types
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, SKOS, Dataset, Literal, URIRef
from rdflib.namespace import DCTERMS

from kg.commands import eval as eval_command
from kg.errors import GoldError, GoldWarning, StoreError
from kg.evaluate import (
    ConllDocument,
    GoldEntity,
    PredictedEntity,
    Score,
    align_entities,
    load_gold,
    load_gold_dir,
    match_spans,
    parse_gold,
    read_build,
    read_conll,
    score_build,
    score_conll,
    strip_honorifics,
    token_bounds,
    token_f1,
)
from kg.model import Document, EntityType, Extraction, Mention, Predicate
from kg.normalize import normalize_name
from kg.vocab import KG

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
if not SHARED.is_dir():  # /work/main/tests -> /work/shared, also from a worktree
    SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ANERCORP_TEST = SHARED / "data" / "anercorp" / "ANERCorp_CamelLab_test.txt"
RES = "https://w3id.org/arabic-kg/resource/"


# --------------------------------------------------------------------------- helpers


def _gold(
    doc: str, entities: list[dict[str, Any]], relations: list[dict[str, str]]
) -> dict[str, Any]:
    return {"doc": doc, "source": "test", "entities": entities, "relations": relations}


def _ent(ent_id: str, etype: str, name: str, *aliases: str) -> dict[str, Any]:
    return {"id": ent_id, "type": etype, "name": name, "aliases": list(aliases)}


class _Build:
    """A hand-made build: one named graph per document, as kg build writes it."""

    def __init__(self) -> None:
        self.dataset = Dataset()
        self._n = 0

    def document(self, ident: str) -> URIRef:
        doc = URIRef(f"{RES}document/{ident.replace('.', '-')}")
        graph = self.dataset.graph(doc)
        graph.add((doc, RDF.type, KG.Document))
        graph.add((doc, DCTERMS.identifier, Literal(ident)))
        return doc

    def entity(
        self,
        doc: URIRef,
        slug: str,
        cls: URIRef,
        label: str,
        *alt: str,
        extra: URIRef | None = None,
    ) -> URIRef:
        ent = URIRef(f"{RES}{slug}")
        graph = self.dataset.graph(doc)
        graph.add((ent, RDF.type, cls))
        if extra is not None:
            graph.add((ent, RDF.type, extra))
        graph.add((ent, RDFS.label, Literal(label, lang="ar")))
        for a in alt:
            graph.add((ent, SKOS.altLabel, Literal(a, lang="ar")))
        graph.add((ent, KG.mentionedIn, doc))
        return ent

    def relation(self, doc: URIRef, s: URIRef, p: URIRef, o: URIRef) -> None:
        self._n += 1
        ev = URIRef(f"{RES}evidence/{self._n}")
        graph = self.dataset.graph(doc)
        graph.add((s, p, o))
        graph.add((ev, RDF.type, KG.Evidence))
        graph.add((ev, RDF.type, RDF.Statement))
        graph.add((ev, RDF.subject, s))
        graph.add((ev, RDF.predicate, p))
        graph.add((ev, RDF.object, o))
        graph.add((ev, KG.inDocument, doc))
        graph.add((ev, KG.sentence, Literal(0)))
        graph.add((ev, KG.rule, Literal("test.rule")))
        graph.add((ev, KG.text, Literal("text of the evidence")))


def _write_trig(dataset: Dataset, path: Path) -> None:
    # rdflib 7.6's TriG serializer calls its own deprecated Dataset.contexts
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.serialize(path, format="trig")


def _write_gold(directory: Path, *golds: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for g in golds:
        name = g["doc"].removesuffix(".txt")
        (directory / f"{name}.gold.json").write_text(
            json.dumps(g, ensure_ascii=False), encoding="utf-8"
        )
    return directory


def _gold_entity(ent_id: str, etype: EntityType, *names: str) -> GoldEntity:
    return GoldEntity(ent_id, etype, names)


def _pred(iri: str, etype: EntityType, *labels: str) -> PredictedEntity:
    return PredictedEntity(iri, etype, labels)


# --------------------------------------------------------------------------- scores


def test_evaluate_score_rates() -> None:
    score = Score(tp=3, fp=1, fn=2)
    assert score.precision == pytest.approx(0.75)
    assert score.recall == pytest.approx(0.6)
    assert score.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Score().f1 == 0.0
    assert Score(1, 0, 0) + Score(0, 2, 3) == Score(1, 2, 3)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("الدكتور عمرو طلعت", "عمرو طلعت", id="doctor"),
        pytest.param("والدكتور عمرو طلعت", "عمرو طلعت", id="attached-waw"),
        pytest.param("السيد الرئيس عبد الفتاح السيسي", "عبد الفتاح السيسي", id="two-titles"),
        pytest.param("السيدة منى", "منى", id="sayyida"),
        pytest.param("الأستاذ علي", "علي", id="ustadh-hamza"),
        pytest.param("الرئيس", "", id="title-only"),
        pytest.param("شركة الشيخ زايد", "شركة الشيخ زايد", id="inner-title-kept"),
    ],
)
def test_evaluate_strip_honorifics(name: str, expected: str) -> None:
    assert strip_honorifics(name) == normalize_name(expected)


def test_evaluate_token_f1_normalises() -> None:
    assert token_f1("وزارة الإتصالات", "وزاره الاتصالات") == 1.0
    assert token_f1("السيد وي مياو", "وي مياو") == 1.0
    assert token_f1("", "مصر") == 0.0


# --------------------------------------------------------------------------- alignment


def test_evaluate_align_threshold_half_is_enough() -> None:
    gold = [_gold_entity("o1", EntityType.ORGANISATION, "وزارة الاتصالات المصرية")]
    # 1 common token of 1 + 3: token-F1 = 0.5 exactly -> aligned
    half = [_pred("r:a", EntityType.ORGANISATION, "الاتصالات")]
    assert [a.gold for a in align_entities(gold, half)] == ["o1"]
    # 1 common token of 2 + 3: token-F1 = 0.4 -> not aligned
    below = [_pred("r:b", EntityType.ORGANISATION, "هيئة الاتصالات")]
    assert align_entities(gold, below) == ()


def test_evaluate_align_one_to_one_greedy() -> None:
    gold = [
        _gold_entity("p1", EntityType.PERSON, "محمد علي"),
        _gold_entity("p2", EntityType.PERSON, "محمد علي حسن"),
    ]
    predicted = [_pred("r:x", EntityType.PERSON, "محمد علي حسن")]
    alignments = align_entities(gold, predicted)
    # the single prediction goes to its best match only
    assert [(a.gold, a.predicted, a.similarity) for a in alignments] == [("p2", "r:x", 1.0)]


def test_evaluate_align_uses_aliases_and_alt_labels() -> None:
    gold = [_gold_entity("o1", EntityType.ORGANISATION, "PCCW العالمية", "شركة PCCW العالمية")]
    predicted = [_pred("r:o", EntityType.ORGANISATION, "مجموعة بي سي", "شركة PCCW العالمية")]
    assert align_entities(gold, predicted)[0].similarity == 1.0


def test_evaluate_align_needs_same_type() -> None:
    gold = [_gold_entity("pl1", EntityType.PLACE, "مصر")]
    assert align_entities(gold, [_pred("r:e", EntityType.ORGANISATION, "مصر")]) == ()


# --------------------------------------------------------------------------- builds


def _two_document_build() -> tuple[_Build, URIRef, URIRef]:
    build = _Build()
    d1, d2 = build.document("a.txt"), build.document("b.txt")
    talaat = build.entity(d1, "person/talaat", KG.Person, "عمرو طلعت", "الدكتور عمرو طلعت")
    wei = build.entity(d1, "person/wei", KG.Person, "السيد وي مياو")
    build.entity(d1, "place/egypt", KG.Place, "مصر")
    mou = build.entity(
        d1, "agreement/mou", KG.Agreement, "مذكرة تفاهم", extra=KG.MemorandumOfUnderstanding
    )
    build.relation(d1, wei, KG.metWith, talaat)  # reversed: metWith is symmetric
    build.relation(d1, talaat, KG.signed, mou)
    build.relation(d1, talaat, KG.witnessed, mou)  # not in gold: false positive
    # Only in b.txt: must not count for a.txt although a.txt's gold names it.
    build.entity(d2, "organisation/huawei", KG.Organisation, "هواوي")
    return build, d1, d2


def _gold_a() -> dict[str, Any]:
    return _gold(
        "a.txt",
        [
            _ent("p1", "Person", "عمرو طلعت", "الدكتور عمرو طلعت"),
            _ent("p2", "Person", "وي مياو"),
            _ent("pl1", "Place", "مصر"),
            _ent("a1", "Agreement", "مذكرة تفاهم بشأن الاتصالات"),
            _ent("o1", "Organisation", "هواوي"),
        ],
        [
            {"s": "p1", "p": "metWith", "o": "p2"},
            {"s": "p1", "p": "signed", "o": "a1"},
            {"s": "pl1", "p": "partyTo", "o": "a1"},
        ],
    )


def test_evaluate_score_build_entities_and_relations(tmp_path: Path) -> None:
    build, _, _ = _two_document_build()
    gold_dir = _write_gold(tmp_path / "gold", _gold_a())
    report = score_build(build.dataset, gold_dir)
    assert report.entities["Person"] == Score(2, 0, 0)
    assert report.entities["Place"] == Score(1, 0, 0)
    assert report.entities["Agreement"] == Score(1, 0, 0)  # subclass typed, 0.5 similarity
    assert report.entities["Organisation"] == Score(0, 0, 1)  # huawei is only in b.txt
    assert report.entity_micro == Score(4, 0, 1)
    assert report.relations["metWith"] == Score(1, 0, 0)
    assert report.relations["signed"] == Score(1, 0, 0)
    assert report.relations["witnessed"] == Score(0, 1, 0)
    assert report.relations["partyTo"] == Score(0, 0, 1)
    assert report.relation_micro == Score(2, 1, 1)
    kinds = {(e.kind, e.what, e.type) for e in report.errors}
    assert kinds == {
        ("fn", "entity", "Organisation"),
        ("fp", "relation", "witnessed"),
        ("fn", "relation", "partyTo"),
    }
    json.dumps(report.as_dict())  # all numbers are JSON-ready


def test_evaluate_metwith_symmetric_counts_once() -> None:
    build = _Build()
    doc = build.document("m.txt")
    a = build.entity(doc, "person/a", KG.Person, "سامي ناصر")
    b = build.entity(doc, "person/b", KG.Person, "هاني فؤاد")
    build.relation(doc, a, KG.metWith, b)
    build.relation(doc, b, KG.metWith, a)
    gold = parse_gold(
        _gold(
            "m.txt",
            [_ent("p1", "Person", "هاني فؤاد"), _ent("p2", "Person", "سامي ناصر")],
            [{"s": "p1", "p": "metWith", "o": "p2"}],
        ),
        Path("m.gold.json"),
    )
    report = score_build(build.dataset, [gold])
    assert report.relations["metWith"] == Score(1, 0, 0)


def test_evaluate_directed_relation_reversed_is_wrong() -> None:
    build = _Build()
    doc = build.document("d.txt")
    ev = build.entity(doc, "event/forum", KG.Event, "منتدى الشباب")
    place = build.entity(doc, "place/cairo", KG.Place, "القاهرة")
    build.relation(doc, place, KG.heldIn, ev)
    gold = parse_gold(
        _gold(
            "d.txt",
            [_ent("ev1", "Event", "منتدى الشباب"), _ent("pl1", "Place", "القاهرة")],
            [{"s": "ev1", "p": "heldIn", "o": "pl1"}],
        ),
        Path("d.gold.json"),
    )
    assert score_build(build.dataset, [gold]).relations["heldIn"] == Score(0, 1, 1)


def test_evaluate_relation_evidence_restricted_to_document() -> None:
    build = _Build()
    d1, d2 = build.document("x.txt"), build.document("y.txt")
    a = build.entity(d1, "person/a", KG.Person, "سامي ناصر")
    b = build.entity(d1, "person/b", KG.Person, "هاني فؤاد")
    for ent in (a, b):
        build.dataset.graph(d2).add((ent, KG.mentionedIn, d2))
    build.relation(d2, a, KG.metWith, b)  # read in y.txt only
    gold = parse_gold(
        _gold(
            "x.txt",
            [_ent("p1", "Person", "هاني فؤاد"), _ent("p2", "Person", "سامي ناصر")],
            [{"s": "p1", "p": "metWith", "o": "p2"}],
        ),
        Path("x.gold.json"),
    )
    report = score_build(build.dataset, [gold])
    assert report.entity_micro == Score(2, 0, 0)
    assert report.relations["metWith"] == Score(0, 0, 1)


def test_evaluate_missing_document_counts_all_as_misses() -> None:
    build, _, _ = _two_document_build()
    gold = parse_gold(_gold("zzz.txt", [_ent("p1", "Person", "عمرو طلعت")], []), Path("z"))
    report = score_build(build.dataset, [gold])
    assert report.missing == ("zzz.txt",)
    assert report.entity_micro == Score(0, 0, 1)


def test_evaluate_read_build_round_trip(tmp_path: Path) -> None:
    build, _, _ = _two_document_build()
    _write_trig(build.dataset, tmp_path / "graph.trig")
    report = score_build(read_build(tmp_path), [parse_gold(_gold_a(), Path("a.gold.json"))])
    assert report.entity_micro == Score(4, 0, 1)


def test_evaluate_read_build_missing_raises(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no graph\.trig"):
        read_build(tmp_path)


# --------------------------------------------------------------------------- gold files


@pytest.mark.parametrize(
    ("content", "match"),
    [
        pytest.param("{not json", "not valid JSON", id="json"),
        pytest.param("[]", "JSON object", id="not-object"),
        pytest.param('{"entities": []}', '"doc"', id="no-doc"),
        pytest.param('{"doc": "a.txt", "entities": {}}', '"entities" must be a list', id="ents"),
        pytest.param(
            '{"doc": "a.txt", "entities": [{"id": "x", "type": "Thing", "name": "n"}]}',
            "unknown type",
            id="type",
        ),
        pytest.param(
            '{"doc": "a.txt", "entities": [{"id": "x", "type": "Place", "name": "n"},'
            ' {"id": "x", "type": "Place", "name": "m"}]}',
            "duplicate id",
            id="dup-id",
        ),
        pytest.param(
            '{"doc": "a.txt", "entities": [{"id": "x", "type": "Place", "name": "n"}],'
            ' "relations": [{"s": "x", "p": "likes", "o": "x"}]}',
            "unknown predicate",
            id="predicate",
        ),
        pytest.param(
            '{"doc": "a.txt", "entities": [{"id": "x", "type": "Place", "name": "n"}],'
            ' "relations": [{"s": "x", "p": "locatedIn", "o": "y"}]}',
            "unknown entity id 'y'",
            id="dangling",
        ),
        pytest.param(
            '{"doc": "a.txt", "entities": [{"id": "x", "type": "Place", "name": "n",'
            ' "aliases": "m"}]}',
            "aliases",
            id="aliases",
        ),
    ],
)
def test_evaluate_malformed_gold_raises(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "bad.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=match) as info:
        load_gold(path)
    assert info.value.path == path


def test_evaluate_empty_gold_dir_raises(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match=r"no \*\.gold\.json"):
        load_gold_dir(tmp_path)


def test_evaluate_shared_gold_files_load() -> None:
    gold_dir = SHARED / "gold"
    if not gold_dir.is_dir():
        pytest.skip("../shared/gold is not available")
    golds = load_gold_dir(gold_dir)
    assert golds
    for g in golds:
        assert g.path is not None and g.path.name == g.doc.removesuffix(".txt") + ".gold.json"
        assert all(isinstance(r.predicate, Predicate) for r in g.relations)


# --------------------------------------------------------------------------- CoNLL

CONLL = """\
أمر O
الملك O
عبدالله B-PERS
الثاني I-PERS
بالأندية B-ORG
في O
عمان B-LOC
. O

زار O
الطراونة I-PERS
كأس B-MISC
العالم I-MISC
الأردنية B-ORG
الأردن I-ORG
"""


def _conll_file(tmp_path: Path, text: str = CONLL) -> Path:
    path = tmp_path / "ner.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_evaluate_read_conll_offsets(tmp_path: Path) -> None:
    docs = read_conll(_conll_file(tmp_path))
    assert len(docs) == 1
    doc = docs[0]
    tokens = [line.split()[0] for line in CONLL.splitlines() if line.strip()]
    assert doc.document.text.split() == tokens  # single spaces, sentences on lines
    assert doc.document.text.count("\n") == 1
    spans = [(s.type, s.text) for s in doc.spans]
    assert spans == [
        ("PERS", "عبدالله الثاني"),
        ("ORG", "بالأندية"),
        ("LOC", "عمان"),
        ("PERS", "الطراونة"),  # I- after O opens a span (conlleval)
        ("MISC", "كأس العالم"),
        ("ORG", "الأردنية الأردن"),
    ]
    for span in doc.spans:
        assert doc.document.text[span.start : span.end] == span.text
    assert doc.sentence_at(doc.spans[3].start) == "زار الطراونة كأس العالم الأردنية الأردن"


def test_evaluate_read_conll_groups_sentences(tmp_path: Path) -> None:
    docs = read_conll(_conll_file(tmp_path), doc_sentences=1)
    assert [d.document.id for d in docs] == ["ner.txt#1", "ner.txt#2"]
    assert [len(d.sentence_starts) for d in docs] == [1, 1]
    assert docs[1].spans[0].start == docs[1].document.text.index("الطراونة")


def test_evaluate_read_conll_reads_per_as_pers(tmp_path: Path) -> None:
    """CoNLL 2003 and AQMAR tag persons PER."""
    (doc,) = read_conll(_conll_file(tmp_path, "زار O\nعبدالله B-PER\nالثاني I-PER\nعمان B-LOC\n"))
    assert [(s.type, s.text) for s in doc.spans] == [("PERS", "عبدالله الثاني"), ("LOC", "عمان")]


def test_evaluate_read_conll_bad_line_raises(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="line 2"):
        read_conll(_conll_file(tmp_path, "a O\nb c B-PERS\n"))


def _fake_extract(spans: dict[str, Sequence[tuple[str, EntityType]]]) -> Any:
    """An extractor that finds the given (text, type) in each document."""

    def extract(doc: Document) -> Extraction:
        mentions = []
        for text, etype in spans.get(doc.id, ()):
            start = doc.text.index(text)
            end = start + len(text)
            mentions.append(Mention(doc.id, start, end, text, etype, "test.rule", 0))
        return Extraction(doc, (), tuple(mentions), (), ())

    return extract


def test_evaluate_score_conll_exact_and_overlap(tmp_path: Path) -> None:
    docs = read_conll(_conll_file(tmp_path))
    extract = _fake_extract(
        {
            "ner.txt#1": [
                ("عبدالله الثاني", EntityType.PERSON),  # exact
                ("الأندية", EntityType.ORGANISATION),  # clitic stripped: scored as its token
                ("عمان", EntityType.ORGANISATION),  # wrong type: fp ORG, fn LOC
                ("الملك", EntityType.PERSON),  # fp
                ("كأس العالم", EntityType.EVENT),  # ignored type
                ("الأردنية", EntityType.ORGANISATION),  # overlap with "الأردنية الأردن"
            ]
        }
    )
    report = score_conll(docs, extract=extract)
    assert report.exact == {"PERS": Score(1, 1, 1), "ORG": Score(1, 2, 1), "LOC": Score(0, 0, 1)}
    assert report.overlap == {
        "PERS": Score(1, 1, 1),
        "ORG": Score(2, 1, 0),
        "LOC": Score(0, 0, 1),
    }
    assert report.exact_micro == Score(2, 3, 3)
    assert report.overlap_micro == Score(3, 2, 2)
    errors = {(e.kind, e.type, e.text) for e in report.errors}
    assert ("boundary", "ORG", "الأردنية") in errors
    assert not any(e.text == "الأندية" for e in report.errors)  # "بالأندية", its token
    assert ("fp", "ORG", "عمان") in errors
    assert ("fn", "LOC", "عمان") in errors
    assert ("fn", "PERS", "الطراونة") in errors
    assert all(e.sentence and e.text in e.sentence for e in report.errors)
    json.dumps(report.as_dict())


def test_evaluate_token_bounds_widen_a_span_to_its_tokens() -> None:
    text = "زار وسوريا أمس\nثم عاد"
    assert token_bounds(text, 5, 10) == (4, 10)  # "سوريا" in "وسوريا"
    assert token_bounds(text, 0, 3) == (0, 3)  # a whole token
    assert token_bounds(text, 11, 13) == (11, 14)  # "أم" in "أمس", at the line's end
    assert token_bounds(text, 15, 17) == (15, 17)  # the next line starts a token


def test_evaluate_match_spans_one_to_one() -> None:
    gold = [(0, 10)]
    predicted = [(0, 4), (5, 10), (0, 10)]
    assert match_spans(gold, predicted) == [(0, 2)]  # exact match first
    # the larger overlap wins
    assert match_spans([(0, 4), (5, 10)], [(0, 10)]) == [(1, 0)]


def test_evaluate_anercorp_reads() -> None:
    if not ANERCORP_TEST.is_file():
        pytest.skip("../shared/data/anercorp is not available")
    docs: list[ConllDocument] = read_conll(ANERCORP_TEST)
    tokens = [ln.split()[0] for ln in ANERCORP_TEST.read_text(encoding="utf-8").splitlines() if ln]
    assert [t for d in docs for t in d.document.text.split()] == tokens
    assert sum(d.tokens for d in docs) == 25_008
    counts: dict[str, int] = {}
    for d in docs:
        for s in d.spans:
            counts[s.type] = counts.get(s.type, 0) + 1
            assert d.document.text[s.start : s.end] == s.text
    # lenient span counts documented in ../shared/data/anercorp/SOURCE.md
    assert counts == {"PERS": 907, "ORG": 459, "LOC": 676, "MISC": 243}


# --------------------------------------------------------------------------- command


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kg")
    eval_command.register(parser.add_subparsers())
    args = parser.parse_args(["eval", *argv])
    status: int = args.run(args)
    return status


def test_evaluate_command_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build, _, _ = _two_document_build()
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    _write_trig(build.dataset, build_dir / "graph.trig")
    gold_dir = _write_gold(tmp_path / "gold", _gold_a())
    out_json, out_err = tmp_path / "eval.json", tmp_path / "errors.tsv"
    argv = [str(build_dir), "--gold", str(gold_dir), "--json", str(out_json)]
    assert _run([*argv, "--errors", str(out_err)]) == 0
    table = capsys.readouterr().out
    assert "Person" in table and "micro" in table and "metWith" in table
    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert data["entities_micro"]["tp"] == 4
    assert data["relations"]["witnessed"]["fp"] == 1
    rows = [r.split("\t") for r in out_err.read_text(encoding="utf-8").splitlines()]
    header = ["kind", "what", "type", "doc", "text", "sentence", "rule", "evidence"]
    assert rows[0] == header
    assert len(rows) == 4
    spurious = [
        dict(zip(header, r, strict=True))
        for r in rows[1:]
        if r[:3] == ["fp", "relation", "witnessed"]
    ]
    # a spurious relation names the sentence, rule and text it was read from
    assert spurious and spurious[0]["rule"] == "test.rule" and spurious[0]["sentence"] == "0"
    assert spurious[0]["evidence"] == "text of the evidence"
    assert _run([*argv[:3], "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["entities"]["Place"]["f1"] == 1.0


def _fake_pipeline(
    monkeypatch: pytest.MonkeyPatch, spans: dict[str, Sequence[tuple[str, EntityType]]]
) -> None:
    """Stand in for kg.pipeline: extract_corpus finds the given (text, type) per document."""
    fake = types.ModuleType("kg.pipeline")
    extract = _fake_extract(spans)
    fake.extract_corpus = lambda docs, tagger=None: [extract(d) for d in docs]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kg.pipeline", fake)


def test_evaluate_command_conll(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_pipeline(monkeypatch, {"ner.txt#1": [("عمان", EntityType.PLACE)]})
    errors = tmp_path / "errors.jsonl"
    path = str(_conll_file(tmp_path))
    assert _run(["--conll", path, "--limit-docs", "1", "--errors", str(errors)]) == 0
    out = capsys.readouterr().out
    assert "exact" in out and "overlap" in out and "LOC" in out
    rows = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    assert {r["kind"] for r in rows} == {"fn"}
    assert _run(["--conll", path, "--format", "json", "--conll-doc-sentences", "1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["documents"] == 2
    assert data["overlap"]["LOC"]["tp"] == 1


def test_evaluate_command_conll_several_files_and_lenient_tags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_pipeline(monkeypatch, {"b.txt#1": [("عمان", EntityType.PLACE)]})
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("زار O\nسمير B-PER\n", encoding="utf-8")
    second.write_text("في OO\nعمان B-LOC\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"b\.txt: line 1: bad tag 'OO'"):
        _run(["--conll", str(first), str(second)])  # a bad tag fails by default
    with pytest.warns(GoldWarning, match=r"b\.txt: line 1: bad tag 'OO', read as O"):
        code = _run(["--conll", str(first), str(second), "--lenient-tags", "--format", "json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["files"] == [str(first), str(second)]
    assert data["documents"] == 2
    assert data["overlap"]["LOC"]["tp"] == 1
    assert data["overlap"]["PERS"]["fn"] == 1


def test_evaluate_command_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run([]) == 2
    assert "BUILD_DIR --gold" in capsys.readouterr().err
    assert _run(["x", "--conll", "y"]) == 2
