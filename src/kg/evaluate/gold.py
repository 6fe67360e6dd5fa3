"""Gold files (``NAME.gold.json``, format ``../shared/gold/FORMAT.md``): reading and
validation."""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import GoldError
from kg.evaluate.records import GoldDocument, GoldEntity, GoldRelation
from kg.model import EntityType, Predicate


def _str(value: object, path: Path, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GoldError(path, f"{where} must be a non-empty string")
    return value


def parse_gold(data: object, path: Path) -> GoldDocument:
    """Validate the parsed JSON of a gold file and return its records.

    Args:
        data: the parsed JSON.
        path: the file it came from (for messages).

    Returns:
        The gold document.

    Raises:
        GoldError: a required field is missing or has the wrong type, a type or
            predicate is unknown, an id is duplicated or a relation names an
            unknown id.
    """
    if not isinstance(data, dict):
        raise GoldError(path, "the top level must be a JSON object")
    doc = _str(data.get("doc"), path, '"doc"')
    raw_entities = data.get("entities")
    if not isinstance(raw_entities, list):
        raise GoldError(path, '"entities" must be a list')
    entities: list[GoldEntity] = []
    ids: set[str] = set()
    for i, raw in enumerate(raw_entities):
        where = f"entities[{i}]"
        if not isinstance(raw, dict):
            raise GoldError(path, f"{where} must be an object")
        ent_id = _str(raw.get("id"), path, f"{where}.id")
        if ent_id in ids:
            raise GoldError(path, f"{where}: duplicate id {ent_id!r}")
        ids.add(ent_id)
        try:
            etype = EntityType(str(raw.get("type")))
        except ValueError:
            known = ", ".join(t.value for t in EntityType)
            raise GoldError(
                path, f"{where}: unknown type {raw.get('type')!r} (one of {known})"
            ) from None
        name = _str(raw.get("name"), path, f"{where}.name")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise GoldError(path, f"{where}.aliases must be a list of strings")
        entities.append(GoldEntity(ent_id, etype, tuple(dict.fromkeys([name, *aliases]))))
    raw_relations = data.get("relations", [])
    if not isinstance(raw_relations, list):
        raise GoldError(path, '"relations" must be a list')
    relations: list[GoldRelation] = []
    for i, raw in enumerate(raw_relations):
        where = f"relations[{i}]"
        if not isinstance(raw, dict):
            raise GoldError(path, f"{where} must be an object")
        try:
            pred = Predicate(str(raw.get("p")))
        except ValueError:
            raise GoldError(path, f"{where}: unknown predicate {raw.get('p')!r}") from None
        ends = [_str(raw.get(k), path, f"{where}.{k}") for k in ("s", "o")]
        for end in ends:
            if end not in ids:
                raise GoldError(path, f"{where}: unknown entity id {end!r}")
        relations.append(GoldRelation(ends[0], pred, ends[1]))
    return GoldDocument(doc, tuple(entities), tuple(relations), path)


def load_gold(path: Path) -> GoldDocument:
    """Read one gold file (``NAME.gold.json``, format ``../shared/gold/FORMAT.md``).

    Raises:
        GoldError: the file cannot be read, is not JSON or is malformed.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise GoldError(path, f"cannot read the file: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise GoldError(path, "the file is not UTF-8") from err
    except json.JSONDecodeError as err:
        raise GoldError(path, f"not valid JSON at line {err.lineno}: {err.msg}") from err
    return parse_gold(data, path)


def load_gold_dir(gold_dir: Path) -> list[GoldDocument]:
    """Read every ``*.gold.json`` file of a directory (or one gold file), sorted by name.

    Raises:
        GoldError: the directory holds no gold file, or a file is malformed.
    """
    if gold_dir.is_file():
        return [load_gold(gold_dir)]
    if not gold_dir.is_dir():
        raise GoldError(gold_dir, "no such gold directory")
    paths = sorted(gold_dir.glob("*.gold.json"))
    if not paths:
        raise GoldError(gold_dir, "no *.gold.json file in this directory")
    return [load_gold(p) for p in paths]
