"""A user's gazetteer file: reading it, and its names winning over the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import InputError
from kg.gazetteer import RULE_ID
from kg.model import Document, EntityType
from kg.pipeline import extract
from kg.resources import Gazetteer


def test_gazetteer_names_become_mentions_with_clitics(tmp_path: Path) -> None:
    path = tmp_path / "names.tsv"
    path.write_text(
        "# my entities\nPlace\tأبو تلات\nOrganisation\tسيمنس للطاقة\n", encoding="utf-8"
    )
    gazetteer = Gazetteer.read(path)
    text = "تمتد الشبكة إلى أبو تلات، ووقعت سيمنس للطاقة عقدا مع الحكومة."
    extraction = extract(Document("g.txt", text), gazetteer=gazetteer)
    user = {(m.text, m.type) for m in extraction.mentions if m.rule_id == RULE_ID}
    assert user == {("أبو تلات", EntityType.PLACE), ("سيمنس للطاقة", EntityType.ORGANISATION)}
    for m in extraction.mentions:
        assert text[m.start : m.end] == m.text


def test_gazetteer_wins_over_an_overlapping_rule_mention() -> None:
    text = "التقى الدكتور خالد سعيد بالوفد."
    gazetteer = Gazetteer({"خالد سعيد": EntityType.ORGANISATION})
    extraction = extract(Document("g.txt", text), gazetteer=gazetteer)
    types = {m.text: m.type for m in extraction.mentions}
    assert types["خالد سعيد"] is EntityType.ORGANISATION


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        pytest.param("City\tدبي\n", "TYPE one of", 1, id="unknown-type"),
        pytest.param("Place\tدبي\nPerson\t\n", "missing name", 2, id="missing-name"),
        pytest.param("Place دبي\n", "TYPE one of", 1, id="no-tab"),
    ],
)
def test_gazetteer_bad_file_names_file_and_line(
    tmp_path: Path, content: str, message: str, line: int
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        Gazetteer.read(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")
