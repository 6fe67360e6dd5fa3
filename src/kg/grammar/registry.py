"""The growers, by the name a mention rule gives in its ``grow`` key.

A mention rule (``kg/rules/*.toml``) is a pattern over the normalised sentence that says
where a name starts (its ``name`` group); its grower extends the name to its end. Every
grower is called as ``grower(context, first, cue)``: ``first`` is the token where the
name starts and ``cue`` the token where the match starts (the cue word, the honorific,
or ``first`` itself when there is none). The rule loader (:mod:`kg.rules`) accepts
exactly the names of :data:`GROWERS`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType

from kg.grammar import agreement, event, organisation, person, place
from kg.grammar.view import Candidate, Context
from kg.lexicon import Lexicon, WordMemo


@dataclass(frozen=True, slots=True)
class Grower:
    """A grower and, for those that begin by looking a word up, the look-up."""

    grow: Callable[[Context, int, int], Candidate | None]
    #: The lexicon's table of the words a name grown here may open with (a common given
    #: name, the first word of a place name): the rule's pattern is then tried only at
    #: the tokens it holds (kg.mentions); None: the pattern is scanned everywhere.
    opens: Callable[[Lexicon], WordMemo] | None = None


GROWERS: Mapping[str, Grower] = MappingProxyType(
    {
        # people
        "person": Grower(person.grow_after_cue),
        "person_bare": Grower(
            lambda ctx, i, cue: person.grow_person(ctx, i, evidence="bare"),
            opens=attrgetter("opens_given_name"),
        ),
        "person_after_role": Grower(lambda ctx, i, cue: person.grow_person_after_role(ctx, i)),
        "person_between_commas": Grower(
            lambda ctx, i, cue: person.grow_person_between_commas(ctx, i)
        ),
        "person_before_apposition": Grower(
            lambda ctx, i, cue: person.grow_person_before_apposition(ctx, i)
        ),
        "kunya": Grower(lambda ctx, i, cue: person.grow_kunya(ctx, i)),
        "before_nationality": Grower(lambda ctx, i, cue: person.grow_before_nationality(ctx, i)),
        # organisations
        "organisation": Grower(lambda ctx, i, cue: organisation.grow_organisation(ctx, i)),
        "latin": Grower(lambda ctx, i, cue: organisation.grow_latin(ctx, i)),
        "quoted": Grower(organisation.grow_quoted),
        "body_named": Grower(organisation.grow_body_named),
        "team": Grower(organisation.grow_team),
        # places
        "place": Grower(
            lambda ctx, i, cue: place.grow_place(ctx, i), opens=attrgetter("opens_place")
        ),
        "place_after_cue": Grower(place.grow_place_after_cue),
        "feature": Grower(lambda ctx, i, cue: place.grow_feature(ctx, cue)),
        "dateline": Grower(place.grow_dateline),
        # events and agreements
        "event": Grower(lambda ctx, i, cue: event.grow_event(ctx, i)),
        "agreement": Grower(lambda ctx, i, cue: agreement.grow_agreement(ctx, i)),
        "agreement_item": Grower(lambda ctx, i, cue: agreement.grow_agreement_item(ctx, i)),
    }
)
