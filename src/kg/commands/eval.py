"""``kg eval``: precision, recall and F1 of a build against gold files, or of the
extractor on a CoNLL NER file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from kg import evaluate
from kg.errors import StoreError
from kg.evaluate import ConllReport, EvalReport, Score, micro

EXAMPLES = """examples:
  kg eval exports --gold ../shared/gold
  kg eval exports --gold ../shared/gold --json eval.json --errors errors.tsv
  kg eval --conll ANERCorp_CamelLab_test.txt --limit-docs 5 --errors ner_errors.tsv
  kg eval --conll aqmar/*.txt --lenient-tags
"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``eval`` subcommand."""
    parser = subparsers.add_parser(
        "eval",
        help="precision/recall/F1 against gold annotations",
        description=(
            "Score a build against gold files (../shared/gold/FORMAT.md): entities per\n"
            "type and relations per predicate, per document, summed over documents.\n"
            "Or, with --conll, score the extractor's Person/Organisation/Place mentions\n"
            "on CoNLL NER files (ANERcorp, AQMAR; PER is read as PERS) by exact and by\n"
            "overlap match; their pseudo-documents are extracted as one corpus, as\n"
            "`kg build` would."
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "build_dir",
        nargs="?",
        type=Path,
        metavar="BUILD_DIR",
        help="a directory written by `kg build` (reads BUILD_DIR/graph.trig)",
    )
    parser.add_argument(
        "--gold", type=Path, metavar="GOLD_DIR", help="directory of NAME.gold.json files"
    )
    parser.add_argument(
        "--conll",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="CoNLL NER files ('token TAG' lines)",
    )
    parser.add_argument(
        "--lenient-tags",
        action="store_true",
        help="in --conll mode, read a malformed tag as O with a warning instead of failing",
    )
    parser.add_argument(
        "--conll-doc-sentences",
        type=int,
        default=20,
        metavar="N",
        help="sentences per pseudo-document in --conll mode (default: 20)",
    )
    parser.add_argument(
        "--tagger",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="in --conll mode, run the learned tagger, as `kg build` does (default: on; "
        "--no-tagger: the rules alone)",
    )
    parser.add_argument(
        "--limit-docs",
        type=int,
        metavar="N",
        help="score only the first N pseudo-documents in --conll mode",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="what to print on stdout (default: table)",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write all numbers here")
    parser.add_argument(
        "--errors",
        type=Path,
        metavar="FILE",
        help="write false positives / negatives here (tab-separated; .jsonl for JSON Lines)",
    )
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.conll is not None:
        if args.build_dir is not None or args.gold is not None:
            return _usage("give either BUILD_DIR --gold GOLD_DIR or --conll FILE, not both")
        if args.conll_doc_sentences < 1:
            return _usage("--conll-doc-sentences must be at least 1")
        if args.limit_docs is not None and args.limit_docs < 1:
            return _usage("--limit-docs must be at least 1")
        from kg.pipeline import extract_corpus  # imported here: loads rules and models

        docs = [
            doc
            for path in args.conll
            for doc in evaluate.read_conll(
                path, doc_sentences=args.conll_doc_sentences, lenient_tags=args.lenient_tags
            )
        ]
        if args.limit_docs is not None:
            docs = docs[: args.limit_docs]
        # the documents are one corpus, extracted as `kg build` would
        tagger = None
        if args.tagger:
            from kg.tagger import default_tagger

            tagger = default_tagger()
        done = {x.document.id: x for x in extract_corpus((d.document for d in docs), tagger=tagger)}
        conll = evaluate.score_conll(
            docs, extract=lambda doc: done[doc.id], collect_errors=bool(args.errors)
        )
        data = conll.as_dict()
        data["files"] = [str(p) for p in args.conll]
        _emit(args, data, lambda out: _print_conll(conll, args.conll, out))
        if args.errors:
            _write_errors(args.errors, [_row(e) for e in conll.errors])
        return 0
    if args.build_dir is None or args.gold is None:
        return _usage("give BUILD_DIR --gold GOLD_DIR, or --conll FILE")
    if not args.build_dir.is_dir():
        raise StoreError(f"{args.build_dir}: no such build directory.")
    report = evaluate.score_build(evaluate.read_build(args.build_dir), args.gold)
    data = report.as_dict()
    data["build"], data["gold"] = str(args.build_dir), str(args.gold)
    _emit(args, data, lambda out: _print_build(report, out))
    if args.errors:
        _write_errors(args.errors, [_row(e) for e in report.errors])
    return 0


def _usage(message: str) -> int:
    print(f"kg eval: error: {message}", file=sys.stderr)
    return 2


def _emit(args: argparse.Namespace, data: dict[str, Any], table: Callable[[TextIO], None]) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.json is not None:
        _write_text(args.json, text)
        print(f"kg: wrote {args.json}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(text)
    else:
        table(sys.stdout)


def _write_text(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        raise StoreError(f"{path}: cannot write: {err.strerror or err}.") from err


def _row(error: evaluate.EvalError | evaluate.SpanError) -> dict[str, Any]:
    if isinstance(error, evaluate.SpanError):
        return {
            "kind": error.kind,
            "type": error.type,
            "doc": error.doc,
            "start": error.start,
            "end": error.end,
            "text": error.text,
            "gold": error.gold,
            "rule": error.rule_id,
            "sentence": error.sentence,
        }
    return {
        "kind": error.kind,
        "what": error.what,
        "type": error.type,
        "doc": error.doc,
        "text": error.text,
        "sentence": "" if error.sentence is None else error.sentence,
        "rule": error.rule,
        "evidence": error.evidence,
    }


def _write_errors(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    if path.suffix in (".jsonl", ".json"):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        _write_text(path, text)
    else:
        fields = list(rows[0]) if rows else ["kind", "type", "doc", "text"]
        lines = ["\t".join(fields)]
        lines += ["\t".join(_cell(row[k]) for k in fields) for row in rows]
        _write_text(path, "".join(line + "\n" for line in lines))
    print(f"kg: wrote {len(rows)} errors to {path}", file=sys.stderr)


def _table(title: str, scores: Mapping[str, Score], total: Score, out: TextIO) -> None:
    width = max(len(title), *(len(k) for k in scores), len("micro"))
    header = f"{title:<{width}}  {'tp':>5} {'fp':>5} {'fn':>5}  {'P':>6} {'R':>6} {'F1':>6}"
    out.write(header + "\n" + "-" * len(header) + "\n")
    for name, s in [*scores.items(), ("micro", total)]:
        if name == "micro":
            out.write("-" * len(header) + "\n")
        out.write(
            f"{name:<{width}}  {s.tp:>5} {s.fp:>5} {s.fn:>5}  "
            f"{s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}\n"
        )


def _print_build(report: EvalReport, out: TextIO) -> None:
    n = len(report.documents)
    out.write(f"{n} gold document{'s' if n != 1 else ''}\n")
    for doc in report.documents:
        if not doc.found:
            out.write(f"  {doc.doc}: not in the build (all counted as misses)\n")
            continue
        ents, rels = micro(doc.entities.values()), micro(doc.relations.values())
        out.write(f"  {doc.doc}: entity F1 {ents.f1:.3f}, relation F1 {rels.f1:.3f}\n")
    out.write("\n")
    _table("entity type", report.entities, report.entity_micro, out)
    out.write("\n")
    used = {k: s for k, s in report.relations.items() if s.tp or s.fp or s.fn}
    _table("relation", used, report.relation_micro, out)


def _print_conll(report: ConllReport, paths: Sequence[Path], out: TextIO) -> None:
    what = paths[0].name if len(paths) == 1 else f"{len(paths)} files"
    out.write(
        f"{what}: {report.documents} documents, {report.sentences} sentences, "
        f"{report.tokens} tokens\n\n"
    )
    _table("exact", report.exact, report.exact_micro, out)
    out.write("\n")
    _table("overlap", report.overlap, report.overlap_micro, out)


def _cell(value: object) -> str:
    """A tab-separated cell: tabs and line breaks become spaces, nothing is quoted."""
    return " ".join(str(value).split("\t")).replace("\n", " ").replace("\r", " ")
