"""Relations read from sentences of the genre, with their evidence."""

from __future__ import annotations

from kg.model import Document, EntityType, Predicate
from kg.pipeline import extract
from kg.relations import SIGNATURE, find_relations


def _relations(text: str) -> set[tuple[str, str, str]]:
    x = extract(Document("t.txt", text))
    label = {e.key: e.label for e in x.entities}
    for r in x.relations:
        assert text[r.evidence.start : r.evidence.end] == r.evidence.text
    return {(label[r.subject], r.predicate.value, label[r.object]) for r in x.relations}


def test_relations_meeting_with_several_people() -> None:
    found = _relations(
        "التقى الدكتور خالد سعيد مع السيد محمد علي مدير شركة النيل، "
        "والسيد أحمد حسن رئيس مجموعة الأهرام، لمناقشة خطط الشركة."
    )
    assert ("خالد سعيد", "metWith", "أحمد حسن") in found
    assert ("أحمد حسن", "affiliatedWith", "مجموعة الأهرام") in found


def test_relations_the_agent_after_its_own_role_phrase() -> None:
    """Between the verb and its subject stands the subject's role: "استقبل وزير الخارجية
    المصري سامح شكري نظيره ..." (the role is the subject's own, not a previous agent's)."""
    found = _relations(
        "استقبل وزير الخارجية المصري سامح شكري، اليوم الثلاثاء، نظيره الأردني أيمن الصفدي "
        "في مقر الوزارة."
    )
    assert ("سامح شكري", "metWith", "أيمن الصفدي") in found
    # found by another rule, the person has no role: a role noun and its complement
    found = _relations("وألقى وزير المالية محمد معيط كلمة أمام منتدى مصر للتعدين.")
    assert ("محمد معيط", "participatedIn", "منتدى مصر للتعدين") in found


def test_relations_affiliation_from_a_role_in_apposition() -> None:
    """A title, a name of three words and a role, with commas or without."""
    for text in (
        "ومن جانبه أعرب السيد جان لوك بيرنار رئيس شركة أورانج عن سعادته بالشراكة.",
        "ومن جانبه، أعرب السيد جان لوك بيرنار، رئيس شركة أورانج، عن سعادته بالشراكة.",
    ):
        assert ("جان لوك بيرنار", "affiliatedWith", "أورانج") in _relations(text)


def test_relations_a_chain_of_titles_before_the_subject() -> None:
    found = _relations(
        "وألقى الأمين العام للأمم المتحدة أنطونيو غوتيريش كلمة في الجلسة الافتتاحية. "
        "والتقى نائب رئيس الدولة رئيس مجلس الوزراء حاكم دبي الشيخ محمد بن راشد آل مكتوم "
        "على هامش القمة رئيسة صندوق النقد الدولي كريستالينا جورجيفا."
    )
    assert ("محمد بن راشد آل مكتوم", "metWith", "كريستالينا جورجيفا") in found
    assert not any(s == "أنطونيو غوتيريش" and p == "metWith" for s, p, _ in found)
    # a title that the earlier agent holds: he is the one who receives
    found = _relations(
        "التقى وزير الخارجية المصري سامح شكري الوفد الزائر. "
        "واستقبل وزير الخارجية السفير الأمريكي جون سميث في مكتبه."
    )
    assert any(p == "metWith" and o == "جون سميث" for _, p, o in found)


def test_relations_a_definite_title_as_subject_signs() -> None:
    """ "ووقع الوزير مذكرة ...": the minister named before signed; a definite role noun
    governs no noun after it, so the memorandum is no part of a title."""
    found = _relations(
        "التقى الوزير سامح شكري الوفد الزائر. ووقع الوزير مذكرة تفاهم للتعاون في مجال الطاقة."
    )
    assert any(p == "signed" and o == "مذكرة تفاهم للتعاون في مجال الطاقة" for _, p, o in found)


def test_relations_a_body_as_subject_takes_no_earlier_agent() -> None:
    found = _relations(
        "استقبل وزير الخارجية سامح شكري نظيره الأردني أيمن الصفدي. وعلى هامش الزيارة، "
        "وقعت الحكومتان مذكرة تفاهم للتعاون في مجال الطاقة، بحضور رئيس الوزراء مصطفى مدبولي."
    )
    assert not any(p == "signed" for _, p, _ in found)  # the governments signed it
    assert ("مصطفى مدبولي", "witnessed", "مذكرة تفاهم للتعاون في مجال الطاقة") in found


def test_relations_signing_parties_value_and_witness() -> None:
    text = (
        "انعقد منتدى الطاقة العربي في القاهرة. "
        "وشهد الدكتور خالد سعيد مراسم توقيع الشركة المصرية للكهرباء اتفاقية توريد "
        "مع شركة النيل للطاقة بقيمة 5.4 مليار جنيه مصري."
    )
    x = extract(Document("t.txt", text))
    label = {e.key: e.label for e in x.entities}
    found = {(label[r.subject], r.predicate.value, label[r.object]) for r in x.relations}
    agreement = next(e for e in x.entities if e.type is EntityType.AGREEMENT)
    assert ("خالد سعيد", "witnessed", agreement.label) in found
    assert ("الشركة المصرية للكهرباء", "partyTo", agreement.label) in found
    assert (agreement.label, "signedAt", "منتدى الطاقة العربي") in found
    assert ("منتدى الطاقة العربي", "heldIn", "القاهرة") in found
    assert (agreement.value, agreement.currency) == ("5400000000", "EGP")


def test_relations_counterpart_by_role_phrase() -> None:
    found = _relations(
        "وقع الدكتور خالد سعيد والسيد محمد علي وزير الطاقة الأردني مذكرة تفاهم بشأن الربط الكهربائي. "
        "وعقب التوقيع عقد الدكتور خالد سعيد جلسة مباحثات مع وزير الطاقة الأردني."
    )
    assert ("خالد سعيد", "metWith", "محمد علي") in found
    assert ("محمد علي", "signed", "مذكرة تفاهم بشأن الربط الكهربائي") in found


def test_relations_signature_covers_the_contract() -> None:
    assert set(SIGNATURE) == set(Predicate)
    domain, range_ = SIGNATURE[Predicate.PARTY_TO]
    assert domain == {EntityType.ORGANISATION, EntityType.PLACE}
    assert range_ == {EntityType.AGREEMENT}


def test_relations_nothing_without_entities() -> None:
    assert _relations("ناقش المجلس خطة العمل للعام المقبل وأقرها بالإجماع.") == set()


def test_relations_lists_give_every_member_the_relation() -> None:
    found = _relations(
        "ووقع على الاتفاقية كل من السيد سامي حداد، والسيد أحمد حسن، والدكتور خالد سعيد. "
        "وكانت الوزارة أعلنت عن توقيع اتفاقية لتطوير الموانئ."
    )
    # the anaphor "الاتفاقية" has no antecedent before it here: nothing to sign
    assert not any(p == "signed" for _, p, _ in found)
    found = _relations(
        "وأعلنت الوزارة عن توقيع اتفاقية لتطوير الموانئ. ووقع على الاتفاقية كل من السيد "
        "سامي حداد، والسيد أحمد حسن، والدكتور خالد سعيد."
    )
    signers = {s for s, p, o in found if p == "signed" and o == "اتفاقية لتطوير الموانئ"}
    assert signers == {"سامي حداد", "أحمد حسن", "خالد سعيد"}


def test_relations_svo_after_inna_the_subject_precedes_the_verb() -> None:
    """ "إن رئيسة الوزراء X استقبلت Y": X is the subject, Y the one received."""
    found = _relations("وقال البيان إن رئيسة الوزراء ليلى منصور استقبلت الرئيس سامي حداد في روما.")
    assert ("ليلى منصور", "metWith", "سامي حداد") in found or (
        "سامي حداد",
        "metWith",
        "ليلى منصور",
    ) in found


def test_relations_a_total_is_no_entity_but_its_members_take_its_parties() -> None:
    text = (
        "وقعت مصر والأردن خمس مذكرات تفاهم خلال منتدى الطاقة العربي. "
        "وتتعلق المذكرة الأولى بالربط الكهربائي، فيما تهم المذكرة الثانية الطاقة المتجددة."
    )
    x = extract(Document("t.txt", text))
    agreements = {e.label for e in x.entities if e.type is EntityType.AGREEMENT}
    assert agreements == {"المذكرة الأولى", "المذكرة الثانية"}
    found = _relations(text)
    for memo in agreements:
        assert ("مصر", "partyTo", memo) in found and ("الأردن", "partyTo", memo) in found
        assert (memo, "signedAt", "منتدى الطاقة العربي") in found


def test_relations_every_evidence_is_in_its_sentence() -> None:
    text = (
        "وشهد الدكتور خالد سعيد مراسم توقيع الشركة المصرية للاتصالات اتفاقية عبور مع شركة "
        "الأطلس للكابلات. ثم التقى الدكتور خالد سعيد نظيره سامي حداد."
    )
    x = extract(Document("t.txt", text))
    relations, dropped = find_relations(x.document, x.sentences, x.entities)
    assert relations == x.relations and dropped == x.dropped
    for r in relations:
        sentence = x.sentences[r.evidence.sentence]
        assert sentence.start <= r.evidence.start < r.evidence.end <= sentence.end
        assert r.evidence.rule_id


def test_relations_a_bare_honorific_keeps_the_role_before_it() -> None:
    # "السفير" alone is an honorific, not a title of its own: the list goes on through it
    found = _relations(
        "انطلقت فعاليات منتدى الطاقة العربي بحضور الأمين العام لاتحاد الغرف العربية "
        "خالد سعيد والأمين العام المساعد للاتحاد السفير محمد علي."
    )
    assert ("خالد سعيد", "participatedIn", "منتدى الطاقة العربي") in found
    assert ("محمد علي", "participatedIn", "منتدى الطاقة العربي") in found
