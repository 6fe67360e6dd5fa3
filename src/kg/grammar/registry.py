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
from types import MappingProxyType

from kg.grammar import agreement, event, organisation, person, place
from kg.grammar.view import Candidate, Context

Grower = Callable[[Context, int, int], Candidate | None]

GROWERS: Mapping[str, Grower] = MappingProxyType(
    {
        # people
        "person": person.grow_after_cue,
        "person_bare": lambda ctx, i, cue: person.grow_person(ctx, i, evidence="bare"),
        "person_after_role": lambda ctx, i, cue: person.grow_person_after_role(ctx, i),
        "person_between_commas": lambda ctx, i, cue: person.grow_person_between_commas(ctx, i),
        "person_before_apposition": lambda ctx, i, cue: person.grow_person_before_apposition(
            ctx, i
        ),
        "kunya": lambda ctx, i, cue: person.grow_kunya(ctx, i),
        "before_nationality": lambda ctx, i, cue: person.grow_before_nationality(ctx, i),
        # organisations
        "organisation": lambda ctx, i, cue: organisation.grow_organisation(ctx, i),
        "latin": lambda ctx, i, cue: organisation.grow_latin(ctx, i),
        "quoted": organisation.grow_quoted,
        "body_named": organisation.grow_body_named,
        "team": organisation.grow_team,
        # places
        "place": lambda ctx, i, cue: place.grow_place(ctx, i),
        "place_after_cue": place.grow_place_after_cue,
        "feature": lambda ctx, i, cue: place.grow_feature(ctx, cue),
        "dateline": place.grow_dateline,
        # events and agreements
        "event": lambda ctx, i, cue: event.grow_event(ctx, i),
        "agreement": lambda ctx, i, cue: agreement.grow_agreement(ctx, i),
        "agreement_item": lambda ctx, i, cue: agreement.grow_agreement_item(ctx, i),
    }
)
