"""The learned tagger beside the rules (issue 17): a CRF that reads bare names, on in
``kg build`` and ``kg.build()`` by default (``--no-tagger``: the rules alone), and asked
for in the library with ``extract(doc, tagger=default_tagger())``.

:mod:`kg.tagger.features` says what it reads of a token, :mod:`kg.tagger.crf` runs the
model shipped in the package, :mod:`kg.tagger.policy` joins its mentions to the rules',
and :mod:`kg.tagger.train` trains it on ANERcorp (``scripts/train_tagger.py``).
"""

from __future__ import annotations

from kg.tagger.crf import MODEL, RULE_ID, Tagger, default_tagger, open_tagger
from kg.tagger.policy import POLICIES, combine

__all__ = ["MODEL", "POLICIES", "RULE_ID", "Tagger", "combine", "default_tagger", "open_tagger"]
