"""Domain and range of each predicate, as the ontology contract (kg.ttl) declares them."""

from __future__ import annotations

from kg.contract import CONTRACT
from kg.model import EntityType, Predicate

#: Domain and range of each predicate (the ontology contract).
SIGNATURE: dict[Predicate, tuple[frozenset[EntityType], frozenset[EntityType]]] = {
    Predicate(r.name): (frozenset(map(EntityType, r.domain)), frozenset(map(EntityType, r.range)))
    for r in CONTRACT.relations
}
