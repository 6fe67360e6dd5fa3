"""Unit tests of entity resolution within a document (kg.entities)."""

from __future__ import annotations

from kg.entities import (
    CorpusNames,
    alias_openers,
    corpus_names,
    find_aliases,
    merge_key,
    name_votes,
    resolve_entities,
)
from kg.mentions import find_mentions
from kg.model import Document, Entity, EntityType, Mention
from kg.text import split_sentences

P, ORG, E, A = (
    EntityType.PERSON,
    EntityType.ORGANISATION,
    EntityType.EVENT,
    EntityType.AGREEMENT,
)


def _resolve(text: str) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    doc = Document(id="t", text=text, source="t")
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences=sentences)
    mentions = mentions + find_aliases(doc, sentences, mentions)
    return resolve_entities(doc, mentions)


def _of_type(entities: tuple[Entity, ...], etype: EntityType) -> list[Entity]:
    return [e for e in entities if e.type is etype]


def test_merge_key_of_persons_is_first_and_last_word() -> None:
    assert merge_key(P, "عبد الفتاح السيسي") == merge_key(P, "عبد السيسي")
    assert merge_key(P, "عمرو طلعت") == "عمرو طلعت"


def test_merge_key_of_events_drops_the_year() -> None:
    assert merge_key(E, "القمة العالمية للحكومات 2024") == merge_key(E, "القمة العالمية للحكومات")


def test_same_key_mentions_are_one_entity() -> None:
    text = "شارك الدكتور عمرو طلعت في القمة. وقال الدكتور عمرو طلعت إن القطاع ينمو."
    persons = _of_type(_resolve(text)[0], P)
    assert len(persons) == 1
    assert persons[0].label == "عمرو طلعت"
    assert len(persons[0].mentions) == 2
    assert persons[0].merge_rule == "same-key"


def test_family_name_alias_is_found_and_linked() -> None:
    text = "وقال الرئيس الأمريكي جورج بوش إن الخطة جاهزة. وكان بوش قد دعا إلى الحوار."
    entities, mentions = _resolve(text)
    persons = _of_type(entities, P)
    assert len(persons) == 1
    assert persons[0].label == "جورج بوش"
    assert any(m.rule_id == "person.alias" and m.text == "بوش" for m in mentions)


def test_family_name_alias_wins_over_a_city_of_that_name() -> None:
    text = "وقال كوفي أنان إن الخطة جاهزة. ودعا أنان خلال كلمة له إلى وقف القتال."
    entities, _ = _resolve(text)
    assert [e.label for e in _of_type(entities, EntityType.PLACE)] == []
    (annan,) = _of_type(entities, P)
    assert {m.text for m in annan.mentions} == {"كوفي أنان", "أنان"}


def test_one_word_alias_is_not_a_common_noun_of_the_document() -> None:
    # "يوم" ends a name found here, but the document also writes "اليوم": a common noun
    doc = Document(id="t", text="وصل صباح يوم إلى المدينة. وقال إن اليوم مهم. وفي يوم آخر عاد.")
    sentences = split_sentences(doc)
    person = Mention(
        doc_id="t",
        start=4,
        end=12,
        text=doc.text[4:12],
        type=P,
        rule_id="person.given_name",
        sentence=0,
        surface=doc.text[4:12],
        canonical=doc.text[4:12],
    )
    assert person.text == "صباح يوم"
    found = find_aliases(doc, sentences, [person])
    assert [m.text for m in found if m.rule_id == "person.alias"] == []


def test_event_anaphor_links_to_the_named_event() -> None:
    text = "انعقدت القمة العالمية للحكومات 2024 في دبي. وشارك الوزير في القمة بكلمة."
    events = _of_type(_resolve(text)[0], E)
    assert len(events) == 1
    assert events[0].label == "القمة العالمية للحكومات 2024"
    assert len(events[0].mentions) == 2


def test_anaphor_without_antecedent_is_dropped() -> None:
    entities, mentions = _resolve("وشارك الوزير في القمة بكلمة.")
    assert _of_type(entities, E) == []
    assert not any(m.rule_id.endswith(".anaphor") for m in mentions)


def test_bracketed_alias_joins_its_organisation() -> None:
    text = "وقعت الاتفاقية مع شركة باكستان وشرق أفريقيا لربط الشبكات الدولية لأوروبا (PEACE) أمس."
    orgs = _of_type(_resolve(text)[0], ORG)
    peace = [e for e in orgs if any(m.text == "PEACE" for m in e.mentions)]
    assert len(peace) == 1
    assert len(peace[0].mentions) == 2
    assert peace[0].merge_rule == "bracketed-alias"


def test_organisation_name_prefix_links_short_and_long_forms() -> None:
    text = "التقى نائب رئيس شركة جوجل للأبحاث. وقالت شركة جوجل إن المشروع يتقدم."
    orgs = _of_type(_resolve(text)[0], ORG)
    assert len(orgs) == 1
    assert {m.text for m in orgs[0].mentions} == {"جوجل للأبحاث", "جوجل"}
    assert orgs[0].merge_rule == "name-prefix"


def test_entity_keys_follow_first_mention_order() -> None:
    text = "وقال الدكتور عمرو طلعت إن شركة جوجل ستستثمر في مصر."
    entities, mentions = _resolve(text)
    assert [e.key for e in entities] == [f"e{n}" for n in range(1, len(entities) + 1)]
    firsts = [min(m.start for m in e.mentions) for e in entities]
    assert firsts == sorted(firsts)
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_place_after_lam_with_elided_article_is_the_same_entity() -> None:
    # "للولايات" is ل + الولايات with the article's alef dropped: one Place, labelled
    # with the article, whichever form comes first
    from kg.pipeline import extract

    text = "وقام الوزير بزيارة للولايات المتحدة أمس. وأعلنت الولايات المتحدة دعمها."
    extraction = extract(Document("elided.txt", text))
    places = [e for e in extraction.entities if e.type is EntityType.PLACE]
    assert [e.label for e in places] == ["الولايات المتحدة"]
    mentions = [m for m in extraction.mentions if m.type is EntityType.PLACE]
    assert [m.text for m in mentions] == ["لولايات المتحدة", "الولايات المتحدة"]


def test_organisation_after_lam_with_elided_article_keeps_its_article() -> None:
    from kg.pipeline import extract

    text = "وقال الأمين العام للأمم المتحدة إن الوضع خطير."
    extraction = extract(Document("elided-org.txt", text))
    orgs = [e.label for e in extraction.entities if e.type is EntityType.ORGANISATION]
    assert orgs == ["الأمم المتحدة"]


def _entity(etype: EntityType, label: str) -> Entity:
    return Entity(key="e1", type=etype, label=label, merge_key="", merge_rule="", mentions=())


def test_corpus_names_take_full_names_and_rare_family_names() -> None:
    known = corpus_names([_entity(P, "فلاديمير بوتين"), _entity(ORG, "رويترز")])
    assert known[("فلاديمير", "بوتين")] == (P, "فلاديمير بوتين")
    assert known[("بوتين",)] == (P, "فلاديمير بوتين")
    assert known[("رويترز",)] == (ORG, "رويترز")


def test_corpus_names_leave_out_everyday_words() -> None:
    # a stray "person" ending in an everyday word
    known = corpus_names([_entity(P, "مشاعر الناس"), _entity(P, "جورج بوش")])
    assert ("الناس",) not in known
    assert ("مشاعر", "الناس") not in known
    assert ("جورج", "بوش") in known
    assert len(corpus_names([_entity(P, "بوتين")])) == 0  # one word: no full name to go by


def test_a_name_shared_without_a_majority_is_its_own_entity_of_that_type() -> None:
    # two persons called بوش, named in as many documents: a person, neither of them
    known = corpus_names([_entity(P, "جورج بوش"), _entity(P, "جيب بوش")])
    assert known[("بوش",)] == (P, "بوش")
    # a person and an organisation share a name: none
    known = corpus_names([_entity(P, "جورج ماستركو"), _entity(ORG, "ماستركو")])
    assert ("ماستركو",) not in known


def test_known_names_are_found_in_another_document() -> None:
    known = corpus_names([_entity(P, "فلاديمير بوتين")])
    doc = Document(id="b", text="ووصف المراقبون خطاب بوتين بأنه حاد.", source="b")
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences=sentences)
    assert not any(m.text == "بوتين" for m in mentions)
    found = find_aliases(doc, sentences, mentions, known=known)
    assert [(m.text, m.rule_id) for m in found] == [("بوتين", "person.corpus_alias")]
    assert find_aliases(doc, sentences, mentions) == []


def test_corpus_names_counted_by_document_in_any_order() -> None:
    # kg build counts each document's votes as it comes (CorpusNames)
    docs = [
        [_entity(P, "جورج بوش"), _entity(ORG, "رويترز")],
        [_entity(P, "جيب بوش")],
        [_entity(P, "جورج ووكر بوش"), _entity(P, "جورج بوش")],
    ]
    whole = corpus_names([e for doc in docs for e in doc])
    for order in (docs, docs[::-1]):
        names = CorpusNames()
        for doc in order:
            names.add(name_votes(doc))
        known = names.known()
        assert {w: known[w] for w in known} == {w: whole[w] for w in whole}
    assert whole[("بوش",)] == (P, "جورج ووكر بوش")  # the longest label of the owner


def test_alias_openers_hold_the_words_a_known_name_could_start_with() -> None:
    known = corpus_names([_entity(P, "فلاديمير بوتين")])
    doc = Document(
        id="b", text="وانتقد المراقبون تصريحات لبوتين. وقال الرئيس جو بايدن.", source="b"
    )
    sentences = split_sentences(doc)
    mentions = find_mentions(doc, sentences=sentences)
    openers = alias_openers(doc, sentences, mentions)
    assert "بوتين" in openers  # after ل: find_aliases reads it there too
    assert "تصريحات" in openers
    assert "بايدن" not in openers  # a mention covers it
    assert find_aliases(doc, sentences, mentions, known=known, own_names=False)
    # no opener starts a known name: find_aliases has nothing to find either
    other = corpus_names([_entity(P, "جورج واشنطن")])
    assert other.first.isdisjoint(openers)
    assert find_aliases(doc, sentences, mentions, known=other, own_names=False) == []


def test_corpus_names_give_a_shared_family_name_to_the_most_named_person() -> None:
    named = [_entity(P, "جورج بوش")] * 3 + [_entity(P, "جيب بوش")]
    assert corpus_names(named)[("بوش",)] == (P, "جورج بوش")
    tied = [_entity(P, "جورج بوش")] * 2 + [_entity(P, "جيب بوش"), _entity(P, "لورا بوش")]
    assert corpus_names(tied)[("بوش",)] == (P, "بوش")  # no majority: neither's
