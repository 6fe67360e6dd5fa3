"""Unit tests of the mention growers (kg.mentions): what each finds, where it stops."""

from __future__ import annotations

import pytest

from kg.mentions import find_mentions
from kg.model import AgreementKind, Document, EntityType, Mention

P, ORG, E, A, L = (
    EntityType.PERSON,
    EntityType.ORGANISATION,
    EntityType.EVENT,
    EntityType.AGREEMENT,
    EntityType.PLACE,
)


def _mentions(text: str) -> list[Mention]:
    return find_mentions(Document(id="t", text=text, source="t"))


def _found(text: str, etype: EntityType) -> list[str]:
    """The names of ``etype`` found (a definite noun that refers back, "الشركة", names
    nothing itself: kg.entities resolves it or drops it)."""
    return [
        m.text for m in _mentions(text) if m.type is etype and not m.rule_id.endswith(".anaphor")
    ]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وقالت الوزيرة كارلا بيرنستاين ستزور المنطقة الأسبوع المقبل", "كارلا بيرنستاين"),
        ("وأكد الرئيس ماكسيم دوبوا تناولت المحادثات التعاون", "ماكسيم دوبوا"),
        ("أعلن أن وزير الخارجية يوهان ليندبرغ سيتوجه السبت إلى القاهرة", "يوهان ليندبرغ"),
    ],
)
def test_a_verb_ends_a_name(text: str, expect: str) -> None:
    """A future, feminine or perfect verb after a name is the sentence's, not a name
    word (kg.lexicon.verb_forms)."""
    assert _found(text, P) == [expect]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وقال الرئيس الجزائري عبد العزيز بوتفليقة إن الانتخابات ستجرى", "عبد العزيز بوتفليقة"),
        ("وقال رئيس مجلس إدارة الشركة باتريك بويانيه إن المشروع مهم", "باتريك بويانيه"),
        ("وأشاد الرئيس محمد سليم بفوزه بالجائزة", "محمد سليم"),  # ب + فوز + ه
        ("وأشاد الوزير سمير خوري بمساحة الحديقة", "سمير خوري"),  # ب + مساحة
    ],
)
def test_a_name_of_the_shape_b_noun_pronoun(text: str, expect: str) -> None:
    """ب + a noun + a pronoun or ta marbuta ends a name only when the noun is a word."""
    assert _found(text, P) == [expect]


def test_a_person_after_a_role_naming_a_company_of_two_words() -> None:
    text = "ووقع الاتفاقية رئيس مجلس إدارة توتال إنرجيز باتريك بويانيه، بحضور الوزير"
    (m,) = [m for m in _mentions(text) if m.type is P]
    assert (m.text, m.role) == ("باتريك بويانيه", "رئيس مجلس إدارة توتال إنرجيز")


def test_a_role_complement_is_no_nationality() -> None:
    """ "وزير المالية": المالية is finance here, not the Malian woman."""
    (m,) = [m for m in _mentions("وألقى وزير المالية محمد معيط كلمة في المنتدى") if m.type is P]
    assert (m.text, m.role) == ("محمد معيط", "وزير المالية")


def test_role_is_kept_on_the_person() -> None:
    (m,) = [m for m in _mentions("أكد وزير الاتصالات عمرو طلعت أن القطاع ينمو") if m.type is P]
    assert m.role == "وزير الاتصالات"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وقال بوش إن مخاوفه يمكن التأكد منها", ["بوش"]),
        ("وقال بوش وبلير ان مخاوفهما كبيرة", ["بوش", "بلير"]),
    ],
)
def test_reported_and_conjoined_names(text: str, expect: list[str]) -> None:
    assert _found(text, P) == expect


@pytest.mark.parametrize(
    "text",
    [
        "وقال مصدر أمني إن الهجوم وقع صباحا",
        "وأضاف قائلا إن الوضع خطير",
        "وقال الرئيس الأمريكي إن بلاده لن تتراجع",
        "وقال اللاعب يريد الرحيل عن الفريق",
        "وقالت الحكومة في بيان إن الخطة جاهزة",
        "الحرب ليست فرصة وانما حل لا يؤخذ به الا عند الحاجة الضرورية جدا",
        # an accusative noun after a role is its object, not a name
        "وشن الأمين العام للحزب هجوما عنيفا على بعض القوى",
        "وقد عقد رئيس الوزراء اجتماعا أمس بكبار القادة",
        "وتلقى رئيس مجلس الوزراء اتصالا هاتفيا من نظيره",
        # a title that is also a plain noun, then a common word: no one-word name
        "وأكد المدرب أن الفريق جاهز",
        # a title, then the noun the verb governs
        "وشهد الوزير توقيع بروتوكول تعاون بين الشركتين",
    ],
)
def test_no_person_without_a_name(text: str) -> None:
    assert _found(text, P) == []


def test_city_name_after_a_title_and_nationality_is_a_given_name() -> None:
    text = "وقال الرئيس الروسي فلاديمير بوتين إن بلاده مستعدة"
    assert _found(text, P) == ["فلاديمير بوتين"]
    assert _found(text, EntityType.PLACE) == []


def test_patronym_chain_is_one_name() -> None:
    text = "ولد محمد بن عبد الله بن عبد المطلب في مكة"
    assert _found(text, P) == ["محمد بن عبد الله بن عبد المطلب"]


def test_indefinite_cue_with_a_purpose_is_no_organisation() -> None:
    assert _found("ودعا إلى تحالف لزعماء القبائل في الشمال", EntityType.ORGANISATION) == []


def test_names_stop_at_accusative_nouns() -> None:
    assert _found("وعقد الدكتور خالد سعيد اجتماعا مع السيد محمد علي مدير الشركة", P) == [
        "خالد سعيد",
        "محمد علي",
    ]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وطالب مجلس الأمن بالإجماع بوقف إطلاق النار", "مجلس الأمن"),
        ("وقالت جامعة الدول العربية بالتنسيق مع الحكومة إن الخطة جاهزة", "جامعة الدول العربية"),
        ("اقتيد الموقوفون إلى محكمة بعقوبة", "محكمة بعقوبة"),  # بعقوبة is a place
    ],
)
def test_a_phrase_with_b_ends_an_organisation(text: str, expect: str) -> None:
    assert _found(text, ORG) == [expect]


@pytest.mark.parametrize(
    "text",
    [
        "تأهل الفريق عن المجموعة الثانية إلى الدور المقبل",
        "قالت الشركة إن أرباحها زادت هذا العام",
    ],
)
def test_no_organisation_from_a_bare_or_ranked_cue(text: str) -> None:
    assert _found(text, ORG) == []


def test_quoted_event_title() -> None:
    text = 'شارك في جلسة نقاشية بعنوان "كيف تسخر الحكومات التكنولوجيا؟" التي تناولت التحديات'
    assert "كيف تسخر الحكومات التكنولوجيا؟" in _found(text, E)


def test_event_edition_names_the_inner_event() -> None:
    text = "ضمن فعاليات الدورة الثالثة لمنتدى الإدارة الحكومية العربية"
    assert _found(text, E) == ["منتدى الإدارة الحكومية العربية"]


def test_event_with_year() -> None:
    text = "انعقدت فعاليات القمة العالمية للحكومات 2024 في دبي"
    assert _found(text, E) == ["القمة العالمية للحكومات 2024"]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وتنطلق فعاليات معرض جيتكس للتقنية في دبي الشهر المقبل", "معرض جيتكس للتقنية"),
        ("وشارك الوزير في منتدى دافوس الاقتصادي في سويسرا", "منتدى دافوس الاقتصادي"),
    ],
)
def test_event_with_a_proper_name_after_its_head(text: str, expect: str) -> None:
    assert _found(text, E) == [expect]


def test_no_event_from_a_head_and_an_adjective() -> None:
    assert _found("وعقد الوزير مؤتمر صحفي في القاهرة", E) == []


@pytest.mark.parametrize(
    ("text", "expect", "kind"),
    [
        (
            "وقع الجانبان مذكرة تفاهم بشأن تعزيز التعاون في مجال الطاقة، بهدف دعم الاستثمار",
            "مذكرة تفاهم بشأن تعزيز التعاون في مجال الطاقة",
            AgreementKind.MOU,
        ),
        (
            "شهد الوزير توقيع اتفاقية عبور مع شركة الكابلات",
            "اتفاقية عبور مع شركة الكابلات",
            AgreementKind.AGREEMENT,
        ),
        (
            "شهد الوزير مراسم توقيع خطاب نوايا بين الشركتين، وذلك في القاهرة",
            "خطاب نوايا بين الشركتين",
            AgreementKind.LETTER_OF_INTENT,
        ),
    ],
)
def test_agreement_naming(text: str, expect: str, kind: AgreementKind) -> None:
    found = [m for m in _mentions(text) if m.type is A]
    assert [m.text for m in found] == [expect]
    assert found[0].kind is kind


def test_agreement_keeps_a_shorter_name_when_it_names_its_parties() -> None:
    (m,) = [m for m in _mentions("شهد الوزير توقيع اتفاقية عبور مع شركة الكابلات") if m.type is A]
    assert m.short == "اتفاقية عبور"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a number, a dual or a coordinated list after a number: a bare total, no entity
        ("ووقع البلدان 19 مذكرة تفاهم في مجالات مختلفة", []),
        ("ووقع الجانبان ثلاث اتفاقيات للتعاون", []),
        ("ووقع الجانبان اتفاقيتين للتعاون في مجال النقل", []),
        ("وتوج المنتدى بالتوقيع على 15 بروتوكول اتفاق وعقدين ومذكرة تفاهم", []),
        # a set named as one, and a member of it
        ("ووقع الوزير عدة اتفاقيات مع الحكومة", ["اتفاقيات"]),
        ("وبموجب إحدى تلك الاتفاقيات يقدم البنك قرضا", ["إحدى تلك الاتفاقيات"]),
        ("ويقدم البنك بموجب الاتفاقية الثانية قرضا", ["الاتفاقية الثانية"]),
        # a signing in the future signs nothing yet
        ("وسيتم توقيع اتفاقية للتعاون في مجال النقل الأسبوع المقبل", []),
        ("وقعت الشركة اتفاقية للتعاون في مجال النقل", ["اتفاقية للتعاون في مجال النقل"]),
    ],
)
def test_agreements_as_the_text_counts_them(text: str, expect: list[str]) -> None:
    assert _found(text, A) == expect


@pytest.mark.parametrize("verb", ["تتناول", "سيعبر"])
def test_a_verb_after_a_definite_agreement_keeps_the_anaphor(verb: str) -> None:
    text = f"ووقعت الشركتان اتفاقية تعاون. وبموجب الاتفاقية {verb} الكابل مصر."
    found = [(m.text, m.rule_id) for m in _mentions(text) if m.type is A]
    assert found == [("اتفاقية تعاون", "agreement.cue"), ("الاتفاقية", "agreement.cue.anaphor")]


def test_no_agreement_without_signing() -> None:
    assert _found("تحدث الخبير عن اتفاقية باريس للمناخ", A) == []


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("انعقد المؤتمر بدبي في الإمارات العربية المتحدة", ["دبي", "الإمارات العربية المتحدة"]),
        ("لاستيعاب الطلب المتزايد للحركة لأوروبا", ["أوروبا"]),
        ("تعزيز التعاون بين مصر وصربيا", ["مصر", "صربيا"]),
        (
            "بين محطتي الإنزال في كل من الزعفرانة وأبو تلات حيث ستزود الشركة",
            ["الزعفرانة", "أبو تلات"],
        ),
        ("وزار الوفد سوریا وترکیا", ["سوریا", "ترکیا"]),  # Persian ی and ک
    ],
)
def test_place_clitics_and_lists(text: str, expect: list[str]) -> None:
    assert _found(text, L) == expect


@pytest.mark.parametrize(
    "text",
    [
        "وقال فإن الوضع صعب",  # ف + إن, not the city Van
        "وأكد بأنه سيعود قريبا",
        "وأعلن عن العالم الجديد في كلمته",  # a city name with the article used as an adjective
        "سيعبر كابل جديد البحر. ثم يصل الكابل إلى الشاطئ",  # كابل beside الكابل: a noun
    ],
)
def test_place_false_friends(text: str) -> None:
    assert _found(text, L) == []


def test_region_in_a_role_title_is_not_a_place() -> None:
    text = "والسيد مارتن روسكي مدير الشؤون الحكومية لمنطقة الشرق الأوسط وشمال أفريقيا بشركة جوجل"
    assert _found(text, L) == []
    assert "مارتن روسكي" in _found(text, P)


def test_family_name_of_a_person_is_not_a_place() -> None:
    text = "وقال كوفي أنان إن الخطة جاهزة. ودعا أنان خلال كلمة له إلى وقف القتال"
    assert "أنان" not in _found(text, L)


@pytest.mark.parametrize(
    "text",
    [
        "وشارك الدكتور عمرو طلعت وزير الاتصالات في القمة العالمية للحكومات 2024 بدبي",
        "وقعت الشركة المصرية للاتصالات مذكرة تفاهم مع شركة هواوي العالمية",
        'ووقع مع شركة "بايت دانس" (ByteDance) الصينية اتفاقية لأوروبا وللمغرب',
        "وقال بوش وبلير إن الرئيس الفرنسي جاك شيراك سيزور فَإِنَّ بِالصِّينِ",
    ],
)
def test_offsets_always_equal_text(text: str) -> None:
    mentions = _mentions(text)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.text == m.text.strip()


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # in a sports report a city named as a side is its club
        (
            "وفاز برشلونة على ليون في مباراة الدوري أمس",
            [("برشلونة", EntityType.ORGANISATION), ("ليون", EntityType.ORGANISATION)],
        ),
        # where the match is played stays a place
        ("وأقيمت المباراة في لندن أمس", [("لندن", EntityType.PLACE)]),
        # outside sports a city is a city
        ("ووصل الوفد إلى برشلونة أمس", [("برشلونة", EntityType.PLACE)]),
        # a country stays a country
        ("وفازت كوريا الجنوبية في المباراة", [("كوريا الجنوبية", EntityType.PLACE)]),
    ],
)
def test_city_as_a_side_in_a_sports_report_is_its_club(
    text: str, expect: list[tuple[str, EntityType]]
) -> None:
    assert [(m.text, m.type) for m in _mentions(text)] == expect


def test_a_body_inside_another_organisation_is_no_organisation() -> None:
    # "مجلس الإدارة" is the board of some company; the role phrase keeps it as text
    found = _mentions("وقال خالد سعيد رئيس مجلس الإدارة إن الأرباح زادت")
    assert [(m.text, m.type) for m in found] == [("خالد سعيد", EntityType.PERSON)]
    assert found[0].role == "رئيس مجلس الإدارة"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وأكدت المؤسسة الأمنية أن الوضع مستقر", []),
        ("وانتقد المجلس البلدي قرار الحكومة", []),
        ("وقال البنك الدولي إن النمو تباطأ", ["البنك الدولي"]),
        ("ورحب الاتحاد الأوروبي بالاتفاق", ["الاتحاد الأوروبي"]),
        ("وفاز النادي المكناسي على ضيفه", ["النادي المكناسي"]),
    ],
)
def test_definite_cue_and_adjective_is_a_name_only_with_a_naming_adjective(
    text: str, expect: list[str]
) -> None:
    assert _found(text, EntityType.ORGANISATION) == expect


def test_short_name_in_quotes_or_brackets_joins_its_organisation() -> None:
    text = 'وقالت منظمة الأقطار المصدرة للنفط " أوبك " إن الإنتاج سيرتفع'
    mentions = [m for m in _mentions(text) if m.type is EntityType.ORGANISATION]
    assert [m.text for m in mentions] == ["منظمة الأقطار المصدرة للنفط", "أوبك"]
    assert mentions[1].alias_of == mentions[0].start
    assert _found("وقالت وكالة الأنباء ( الفرنسية ) إن", EntityType.ORGANISATION) == [
        "وكالة الأنباء"
    ]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        # a compound ordinal and an adjective construct stay inside the event's name
        (
            "خلال أشغال الدورة الثانية عشرة للاجتماع رفيع المستوى بين المغرب وإسبانيا.",
            "الاجتماع رفيع المستوى بين المغرب وإسبانيا",
        ),
        # "بين X وY" naming two places belongs to the event
        ("انطلقت القمة الحكومية الخامسة بين إيطاليا والجزائر في روما.", None),
    ],
)
def test_mentions_event_names_take_ordinals_constructs_and_the_places_they_join(
    text: str, expect: str | None
) -> None:
    events = [m for m in _mentions(text) if m.type is EntityType.EVENT]
    assert len(events) == 1
    surface = events[0].surface
    if expect is None:
        assert surface.endswith("بين إيطاليا والجزائر")
    else:
        assert surface.startswith("الدورة الثانية عشرة") and surface.endswith(expect[-8:])


@pytest.mark.parametrize(
    "text",
    [
        "وأشاد الوزير بدوره الهام في دعم التعاون.",  # دوره: his role, not دورة
        "وقال رئيس الدورة الحالية لمجلس الوزراء إن الاجتماع ناجح.",  # pointed at, not named
        "وتعقد القمة المقبلة في الرياض.",
    ],
)
def test_mentions_no_event_from_a_pronoun_or_a_pointing_adjective(text: str) -> None:
    assert _found(text, EntityType.EVENT) == []


def test_mentions_an_event_after_lil_gets_its_article_back() -> None:
    # "للاجتماع" is ل + الاجتماع with the alef dropped: the name is "الاجتماع الوزاري"
    events = [
        m
        for m in _mentions("خلال أشغال الدورة الثانية للاجتماع الوزاري في الرباط.")
        if m.type is EntityType.EVENT
    ]
    assert [m.canonical for m in events] == ["الاجتماع الوزاري"]


def test_mentions_a_cue_with_adjectives_before_a_quoted_name_is_one_organisation() -> None:
    # "الكونفدرالية الديمغرافية “سيكورا”": one body named by the quotes, its surface the cue's
    orgs = [
        m
        for m in _mentions("ووقعت الاتفاقية مع الهيئة الوطنية “نور” بالرباط.")
        if m.type is EntityType.ORGANISATION
    ]
    assert [(m.text, m.surface) for m in orgs] == [("نور", "الهيئة الوطنية “نور”")]


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("وانطلقت القمة في فيلا دوريا بامفيلي التاريخية بروما.", ["فيلا دوريا بامفيلي"]),
        ('وقال قصر "كيجي" إن اللقاء ناجح.', ['قصر "كيجي"']),
        ("ونزل الوفد في فندق فاخر وسط المدينة.", []),  # an adjective names no venue
    ],
)
def test_mentions_a_venue_is_named_with_its_noun(text: str, expect: list[str]) -> None:
    assert [m for m in _found(text, EntityType.PLACE) if m != "روما"] == expect
