"""Train kg's learned tagger on ANERcorp's train split and ship it in the package.

    python scripts/train_tagger.py            # src/kg/tagger/model.crfsuite + MODEL-LICENSE.md
    python scripts/train_tagger.py --cv       # the cross-validation that chose C1, C2, policy

Only the train split is read (``../shared/data/anercorp/ANERCorp_CamelLab_train.txt`` by
default): the test split, AQMAR and the genre set only measure. Training is
deterministic, so the model is rebuilt byte for byte (tests/test_tagger.py checks it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.tagger.crf import Tagger
from kg.tagger.policy import DEFAULT, POLICIES
from kg.tagger.train import (
    C1,
    C2,
    GRID,
    crf_scores,
    f1,
    fold_model,
    folds,
    pipeline_scores,
    read_training,
    temporary_folder,
    train,
)

#: The least confidences measured for the shipped policy (kg.tagger.crf.MIN_CONFIDENCE).
CONFIDENCES = (0.0, 0.5, 0.7, 0.8, 0.9)

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ROOT.parent / "shared" / "data" / "anercorp" / "ANERCorp_CamelLab_train.txt"
PACKAGE = ROOT / "src" / "kg" / "tagger"

LICENSE = """\
# Licence of the tagger model

`model.crfsuite` (this folder) is a CRF model trained by `scripts/train_tagger.py` on the
train split of ANERcorp, CAMeL Lab train/test splits ("ANERcorp-CamelLabSplits", release
of September 2020). Being derived from that corpus, the model is licensed under the
**Creative Commons Attribution-ShareAlike 4.0 International** licence (CC BY-SA 4.0,
https://creativecommons.org/licenses/by-sa/4.0/), the licence of the corpus release as
given by the CAMeL Lab (https://camel.abudhabi.nyu.edu/anercorp/). If you redistribute the
model or anything derived from it, use the same licence and keep this attribution. The
rest of kg keeps its own licence (MIT).

## Attribution
- ANERcorp: Yassine Benajiba, Paolo Rosso, José Miguel Benedí Ruiz. "ANERsys: An Arabic
  Named Entity Recognition System Based on Maximum Entropy." CICLing 2007, LNCS 4394,
  pp. 143–153. Springer. https://link.springer.com/chapter/10.1007/978-3-540-70939-8_13
- The train/test split and its minor corrections: CAMeL Lab (Habash, Alhafni, Oudah) and
  Mind Lab (Antoun, Baly), agreed with Y. Benajiba, as specified in: Ossama Obeid, Nasser
  Zalmout, Salam Khalifa, Dima Taji, Mai Oudah, Bashar Alhafni, Go Inoue, Fadhl Eryani,
  Alexander Erdmann, Nizar Habash. "CAMeL Tools: An Open Source Python Toolkit for Arabic
  Natural Language Processing." LREC 2020, pp. 7022–7032.
  https://aclanthology.org/2020.lrec-1.868

## What was changed
Nothing of the corpus is shipped: the model holds feature weights learnt from the train
split (`ANERCorp_CamelLab_train.txt`, 125,102 tokens). The test split was never trained
or tuned on.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", type=Path, default=TRAIN, help="the CoNLL train file")
    parser.add_argument("--out", type=Path, default=PACKAGE, help="folder of the model")
    parser.add_argument("--cv", action="store_true", help="cross-validate instead of training")
    args = parser.parse_args(argv)
    if not args.train.is_file():
        print(f"train_tagger: {args.train}: no such file", file=sys.stderr)
        return 1
    docs = read_training(args.train)
    if args.cv:
        cross_validate(docs)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    train(docs, args.out / "model.crfsuite")
    (args.out / "MODEL-LICENSE.md").write_text(LICENSE, encoding="utf-8")
    print(f"train_tagger: wrote {args.out / 'model.crfsuite'}", file=sys.stderr)
    return 0


def cross_validate(docs: list) -> None:  # type: ignore[type-arg]
    """Print the 3-fold scores of each (c1, c2) of GRID (the CRF alone), then of each
    policy with the shipped (C1, C2) (the whole pipeline, as kg eval --conll)."""
    splits = folds(docs)
    with temporary_folder() as where:
        models: dict[tuple[float, float], list[Path]] = {}
        for c1, c2 in GRID:
            total = [0, 0, 0]
            models[(c1, c2)] = []
            for rest, held in splits:
                path = fold_model(rest, c1, c2, Path(where))
                models[(c1, c2)].append(path)
                for i, n in enumerate(crf_scores(Tagger(path), held)):
                    total[i] += n
            print(f"crf c1={c1} c2={c2}: exact micro-F1 {f1(*total):.4f} {total}", flush=True)
        variants: list[tuple[str, dict[str, object] | None]] = [("rules alone", None)]
        variants += [(policy, {"policy": policy}) for policy in POLICIES]
        variants += [(f"{DEFAULT}, confidence >= {c}", {"min_confidence": c}) for c in CONFIDENCES]
        variants.append(("bounds, clitics kept", {"strip_clitics": False}))
        for name, options in variants:
            sums: dict[str, list[int]] = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}
            for path, (_, held) in zip(models[(C1, C2)], splits, strict=True):
                tagger = None if options is None else Tagger(path, **options)  # type: ignore[arg-type]
                for mode, counts in pipeline_scores(tagger, held).items():
                    for i, n in enumerate(counts):
                        sums[mode][i] += n
            print(
                f"pipeline {name}: exact {f1(*sums['exact']):.4f}, "
                f"overlap {f1(*sums['overlap']):.4f}",
                flush=True,
            )


if __name__ == "__main__":
    raise SystemExit(main())
