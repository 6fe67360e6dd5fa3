"""Find typed mentions in a document (pure): the stage that runs the mention rules.

Rules (kg/rules/*.toml) are regular expressions over the normalised sentence: they say
*where* a name starts (the ``name`` group) and which grower of
:data:`kg.grammar.registry.GROWERS` extends it to its end. The growers (:mod:`kg.grammar`)
encode Arabic noun-phrase structure: a name after an honorific runs until a role noun, a
function word or punctuation; an organisation after its cue noun takes a quoted or
Latin-script name, or a construct chain (إضافة) of definite nouns and adjectives; an event
takes its definite modifiers, year or quoted title; an agreement takes its subject (بشأن
...) or its parties (بين ... و/مع ...).

Mentions of the structural layer (events, agreements) may contain mentions of the name
layer (people, organisations, places); within a layer the longest candidate wins, then
the rule that comes first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from kg.grammar.registry import GROWERS
from kg.grammar.shapes import PLACE_PREPOSITIONS, is_nisba, name_end_ok, strict_stem
from kg.grammar.view import Candidate, Context, SentView, orig_offset, sentence_views
from kg.lexicon import (
    Lexicon,
    analyses,
    default_lexicon,
    is_definite,
)
from kg.model import Document, EntityType, Mention, Sentence
from kg.rules import Rule, RuleIndex, default_rules, rule_index
from kg.text import split_sentences

_STRUCTURAL = frozenset({EntityType.EVENT, EntityType.AGREEMENT})


# --------------------------------------------------------------------------- driver


def _gated(rule: Rule, view: SentView, lex: Lexicon) -> list[re.Match[str]]:
    """The matches of a rule whose grower begins by looking a word up (a common given
    name, the first word of a place name): the pattern is matched only at the tokens
    where that look-up succeeds, each on its own."""
    opens = GROWERS[rule.grow].opens
    assert opens is not None
    known = opens(lex)
    regex, joined, starts = rule.regex, view.joined, view.starts
    out = []
    for t, norm in enumerate(view.norms):
        if known[norm]:
            pos = starts[t]
            match = regex.match(joined, pos - 1 if pos else 0)
            if match is not None:
                out.append(match)
    return out


def _candidates(
    view: SentView, rules: Sequence[Rule], index: RuleIndex, lex: Lexicon
) -> Iterable[tuple[Rule, Candidate]]:
    """Candidates of every mention rule in one sentence, in rule order; ``index`` covers
    the rules without a start test (see :func:`_gated`)."""
    indexed = iter(index.matches(view.norms, view.joined, view.starts))
    role_ends: dict[int, int] = {}
    signing: list[bool] = []
    for rule in rules:
        grower = GROWERS[rule.grow]
        matches = _gated(rule, view, lex) if grower.opens else next(indexed)
        if not matches:
            continue
        ctx = Context(lex, view, rule, role_ends, signing)
        seen: set[int] = set()
        has_cue = "cue" in rule.regex.groupindex
        joined, starts, size = view.joined, view.starts, len(view.joined)
        for match in matches:
            pos = match.start("name")
            if pos < 0 or pos >= size:
                continue
            i = bisect.bisect_right(starts, pos) - 1  # the token holding pos
            if joined[pos] == " ":
                i += 1
            if i >= view.n or i in seen:
                continue
            seen.add(i)
            cue_pos = match.start("cue") if has_cue else -1
            if cue_pos < 0:
                cue_pos = match.start()
            cue_token = bisect.bisect_right(starts, cue_pos) - 1 if cue_pos < size else i
            cand = grower.grow(ctx, i, min(cue_token, i))
            if cand is not None:
                yield rule, cand


def _select(cands: list[tuple[Rule, Candidate]]) -> list[tuple[Rule, Candidate]]:
    """Keep non-overlapping candidates per layer, longest first, then rule order."""
    chosen: list[tuple[Rule, Candidate]] = []
    order = sorted(
        enumerate(cands),
        key=lambda ic: (-(ic[1][1].last - ic[1][1].surface_first), ic[0]),
    )
    taken: dict[bool, list[tuple[int, int]]] = {True: [], False: []}
    for _, (rule, cand) in order:
        layer = cand.type in _STRUCTURAL
        span = (cand.surface_first, cand.last)
        if any(not (span[1] < s or span[0] > e) for s, e in taken[layer]):
            continue
        taken[layer].append(span)
        chosen.append((rule, cand))
    chosen.sort(key=lambda rc: (rc[1].first, rc[1].last))
    return chosen


def find_mentions(
    doc: Document,
    rules: Sequence[Rule] | None = None,
    *,
    sentences: Sequence[Sentence] | None = None,
    views: Sequence[SentView] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Mention]:
    """Return the mentions of ``doc`` found by ``rules`` (default: the shipped rules).

    Args:
        doc: the document.
        rules: mention rules to apply, in priority order.
        sentences: the document's sentences, if already split.
        views: their views (:func:`kg.grammar.view.sentence_views`), if already built.
        lexicon: word classes (default: the shipped lexicons and gazetteers).

    Returns:
        Mentions sorted by offset; ``text == doc.text[start:end]`` for each.
    """
    rules = default_rules() if rules is None else rules
    lex = default_lexicon() if lexicon is None else lexicon
    if views is None:
        views = sentence_views(doc, split_sentences(doc) if sentences is None else sentences)
    index = rule_index([r for r in rules if GROWERS[r.grow].opens is None])
    chosen: list[tuple[SentView, list[tuple[Rule, Candidate]]]] = []
    for view in views:
        found = _select(list(_candidates(view, rules, index, lex)))
        found = _drop_places_in_roles(view, found, lex)
        chosen.append((view, found + _conjoined_names(view, found, lex)))
    places = any(c.type is EntityType.PLACE and c.last == c.first for _, f in chosen for _, c in f)
    common = _common_nouns(chosen, lex) if places else frozenset()
    out: list[Mention] = []
    for view, found in chosen:
        for rule, cand in found:
            if cand.type is EntityType.PLACE and _place_key(view, cand) in common:
                continue
            if cand.type is EntityType.ORGANISATION and _span_key(view, cand) in lex.generic_bodies:
                continue  # "مجلس الإدارة": a body inside another organisation
            if cand.type is EntityType.ORGANISATION and _described(view, cand, lex):
                continue  # "المجلس البلدي", "الحركة الأصولية": a description
            if cand.type is EntityType.PLACE and _club(view, cand, lex) and _sports(view, lex):
                cand = replace(cand, type=EntityType.ORGANISATION, note="club")
            out.extend(_to_mentions(doc, view, rule, cand))
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _described(view: SentView, cand: Candidate, lex: Lexicon) -> bool:
    """A definite cue noun and one adjective that is no nationality, no city's adjective
    and no naming adjective (lexicons/naming_adjectives.txt): a description
    ("المؤسسة الأمنية"), not a name ("البنك الدولي", "الاتحاد الأوروبي", "النادي
    المكناسي")."""
    if cand.last != cand.first + 1 or cand.label is not None:
        return False
    head, adjective = view.norms[cand.first][cand.prefix :], view.norms[cand.last]
    if not is_definite(head) or not lex.is_cue(head) or not is_nisba(adjective):
        return False
    base = adjective.removeprefix("ال").removesuffix("ه").removesuffix("ي")
    return (
        adjective not in lex.naming_adjectives
        and lex.stem_in(adjective, lex.nationalities) is None
        and adjective not in lex.definite_names
        and base not in lex.places  # a city's adjective: "النادي المكناسي"
    )


def _sports(view: SentView, lex: Lexicon) -> bool:
    """The sentence reads as a sports report (one of lexicons/sports_cues.txt)."""
    return any(a.stem in lex.sports_cues for n in view.norms for a in analyses(n))


def _club(view: SentView, cand: Candidate, lex: Lexicon) -> bool:
    """In a sports report, a city named as a side is its club: "فاز برشلونة على ليون",
    "أمام ليون" (not "في لندن", "بمدريد", a dateline, and never a country or region)."""
    name = _place_key(view, cand)
    if cand.last != cand.first or name in lex.major_places or cand.prefix:
        return False  # "كوريا الجنوبية", "الولايات المتحدة": countries, not clubs
    nxt = view.norms[cand.last + 1] if cand.last + 1 < view.n else ""
    if cand.first == 0 and nxt in ("-", "("):
        return False  # a dateline: "مدريد - رويترز -"
    prev = view.norms[cand.first - 1] if cand.first > 0 else ""
    if prev in {"علي", "امام", "مع", "ضد"}:
        return True  # "فاز على ليون", "أمام ليون": the opponent
    return prev not in PLACE_PREPOSITIONS and prev not in {"مدينه", "عاصمه", "ملعب"}


def _span_key(view: SentView, cand: Candidate) -> str:
    """The normalised words of a candidate, proclitics of its first word dropped."""
    first = ("ا" if cand.elided else "") + view.norms[cand.first][cand.prefix :]
    return " ".join([first, *view.norms[cand.first + 1 : cand.last + 1]])


def _place_key(view: SentView, cand: Candidate) -> str:
    """The normalised name of a one-word place candidate (else "")."""
    if cand.last != cand.first:
        return ""
    return view.norms[cand.first][cand.prefix :]


def _common_nouns(
    chosen: Sequence[tuple[SentView, Sequence[tuple[Rule, Candidate]]]], lex: Lexicon
) -> frozenset[str]:
    """One-word gazetteer places of a document that are common words or names there.

    A city name whose definite form (ال + name) also occurs in the document is a
    common noun ("كابل" beside "الكابل"); a word found as a person's (last) name in the
    document is that person ("أنان"), not the city of that name. Countries and regions
    are always places.
    """
    words: set[str] = set()
    for view, found in chosen:
        for norm in view.norms:
            words.update(article_stems(norm))
        for _, cand in found:
            if cand.type is EntityType.PERSON:
                words.add(
                    view.norms[cand.last]
                    if cand.last > cand.first
                    else view.norms[cand.first][cand.prefix :]
                )
    return frozenset(w for w in words if len(w) > 2 and w not in lex.major_places)


@lru_cache(maxsize=200_000)
def article_stems(norm: str) -> tuple[str, ...]:
    """What follows the article ال in each analysis of ``norm`` that has one."""
    return tuple(a.stem[2:] for a in analyses(norm) if a.stem.startswith("ال"))


def _drop_places_in_roles(
    view: SentView, found: list[tuple[Rule, Candidate]], lex: Lexicon
) -> list[tuple[Rule, Candidate]]:
    """Drop places named in a role title after a place noun: the region a manager is
    responsible for ("مدير الشؤون الحكومية لمنطقة الشرق الأوسط") is part of the title."""
    spans = []
    for _, cand in found:
        if cand.type is EntityType.PERSON and cand.role_span is not None:
            a, b = cand.role_span
            cue = next(
                (k for k in range(a, b + 1) if lex.stem_in(view.norms[k], lex.place_cues)), None
            )
            if cue is not None:
                spans.append((cue, b))
    if not spans:
        return found
    return [
        (rule, cand)
        for rule, cand in found
        if cand.type is not EntityType.PLACE
        or not any(a < cand.first and cand.last <= b for a, b in spans)
    ]


def _conjoined_names(
    view: SentView, found: list[tuple[Rule, Candidate]], lex: Lexicon
) -> list[tuple[Rule, Candidate]]:
    """A short name conjoined to a person's name: "بوش وبلير", "الحكيم والصدر"."""
    taken = {k for _, c in found for k in range(c.surface_first, c.last + 1)}
    out = []
    for rule, cand in found:
        t = cand.last + 1
        if cand.type is not EntityType.PERSON or t >= view.n or t in taken:
            continue
        norm = view.norms[t]
        if not norm.startswith("و") or len(norm) < 4:
            continue
        ctx = Context(lex, view, rule)
        stem = norm[1:]
        if stem in lex.roles or stem in lex.honorifics:
            continue  # "والأمين العام ...": the next member's title, not a name
        if stem.startswith("ال") or stem.endswith("ه"):
            ok = (stem in lex.family or stem in lex.given) and name_end_ok(ctx, t + 1)
        else:
            ok = (
                strict_stem(ctx, stem, t)
                and stem not in lex.common_nouns
                and name_end_ok(ctx, t + 1)
            )
        if ok:
            out.append((rule, Candidate(EntityType.PERSON, t, 1, t, t, note="conjoined")))
            taken.add(t)
    return out


def _to_mentions(doc: Document, view: SentView, rule: Rule, cand: Candidate) -> list[Mention]:
    tokens = view.sentence.tokens
    first = tokens[cand.first]
    start = first.start + orig_offset(first.text, cand.prefix)
    end = tokens[cand.last].end
    text = doc.text[start:end]
    if not text.strip():
        return []
    surface_start = tokens[cand.surface_first].start
    if cand.surface_first == cand.first:
        surface_start = start
    surface = doc.text[surface_start:end]
    if (
        cand.last + 1 < len(tokens)
        and view.quote[cand.last + 1]
        and cand.surface_first < cand.first
    ):
        surface = doc.text[surface_start : tokens[cand.last + 1].end]
    canonical = _clean_label("ا" + text if cand.elided else text)
    mention = Mention(
        doc_id=doc.id,
        start=start,
        end=end,
        text=text,
        type=cand.type,
        rule_id=rule.id
        + (".anaphor" if cand.anaphor else "")
        + (f".{cand.note}" if cand.note else ""),
        sentence=view.sentence.index,
        surface=surface,
        canonical=canonical,
        role=cand.role,
        kind=cand.kind,
        short=_clean_label(cand.short) if cand.short else "",
    )
    out = [mention]
    for a, b in cand.extra:
        s, e = tokens[a].start, tokens[b].end
        out.append(
            Mention(
                doc_id=doc.id,
                start=s,
                end=e,
                text=doc.text[s:e],
                type=cand.type,
                rule_id=rule.id + ".bracketed",
                sentence=view.sentence.index,
                surface=doc.text[s:e],
                canonical=doc.text[s:e],
                kind=cand.kind,
                alias_of=start,
            )
        )
    return out


_EDGE = re.compile(r"^[\s\"'«»“”„()\[\]،,:؛]+|[\s\"'«»“”„()\[\]،,:؛.]+$")


def _clean_label(text: str) -> str:
    return _EDGE.sub("", " ".join(text.split()))
