"""Sentences and tokens keep exact offsets."""

from __future__ import annotations

from kg.model import Document
from kg.normalize import normalize, normalize_name, to_ascii_digits
from kg.text import split_sentences, tokenize


def test_text_tokens_point_at_their_text() -> None:
    text = "وقّعت الشركةُ مذكرةَ تفاهم بقيمة 5.4 مليار ريال مع PCCW، في دبي."
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text
    words = [t.text for t in tokenize(text)]
    assert "5.4" in words and "PCCW" in words and "،" in words


def test_text_sentences_split_on_stops_not_inside_titles_or_numbers() -> None:
    doc = Document(
        "d", 'شارك في جلسة بعنوان "أين نحن؟" ضمن المنتدى. بلغت القيمة 5.4 مليار.\nسطر آخر'
    )
    sentences = split_sentences(doc)
    assert len(sentences) == 3
    assert "ضمن المنتدى" in doc.text[sentences[0].start : sentences[0].end]
    assert doc.text[sentences[1].start : sentences[1].end] == "بلغت القيمة 5.4 مليار."


def test_text_normalize_folds_spelling_variants() -> None:
    assert normalize("الإمارات") == normalize("الامارات")
    assert normalize("هواوى") == normalize("هواوي")
    assert normalize("القمّة") == normalize("القمه")
    assert normalize("مـــصر") == "مصر"
    assert to_ascii_digits("٢٠٢٤") == "2024"
    assert normalize_name('شركة "بايت دانس"') == "شركه بايت دانس"
