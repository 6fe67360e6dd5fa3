"""Domain and range of each predicate: the ontology contract."""

from __future__ import annotations

from kg.model import EntityType, Predicate

P = Predicate
T = EntityType

#: Domain and range of each predicate (the ontology contract).
SIGNATURE: dict[Predicate, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    P.PARTICIPATED_IN: (frozenset({T.PERSON, T.ORGANISATION}), frozenset({T.EVENT})),
    P.CHAIRED: (frozenset({T.PERSON}), frozenset({T.EVENT})),
    P.MET_WITH: (frozenset({T.PERSON}), frozenset({T.PERSON})),
    P.AFFILIATED_WITH: (frozenset({T.PERSON}), frozenset({T.ORGANISATION})),
    P.SIGNED: (frozenset({T.PERSON}), frozenset({T.AGREEMENT})),
    P.PARTY_TO: (frozenset({T.ORGANISATION, T.PLACE}), frozenset({T.AGREEMENT})),
    P.WITNESSED: (frozenset({T.PERSON}), frozenset({T.AGREEMENT})),
    P.HELD_IN: (frozenset({T.EVENT}), frozenset({T.PLACE})),
    P.SUB_EVENT_OF: (frozenset({T.EVENT}), frozenset({T.EVENT})),
    P.SIGNED_AT: (frozenset({T.AGREEMENT}), frozenset({T.EVENT})),
    P.SUBSIDIARY_OF: (frozenset({T.ORGANISATION}), frozenset({T.ORGANISATION})),
    P.LOCATED_IN: (frozenset({T.ORGANISATION, T.PLACE}), frozenset({T.PLACE})),
}
