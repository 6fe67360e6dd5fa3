"""Generate a synthetic corpus of Modern Standard Arabic news documents for benchmarks.

Usage: .venv/bin/python benchmarks/corpus.py OUT_DIR [--docs 1000] [--seed 7]

Every sentence template here was written for this benchmark (no text is copied from any
article). Documents are of kg's genre: ministers and officials meeting, summits and forums
with dates and places, companies and ministries signing memoranda, agreements and contracts
with amounts. People's names are assembled from common given names, father's names and
family-name parts, so names are plausible but no real person is reproduced on purpose;
organisations are built from generic nouns and field names. Each document is 2 to 4 KB of
UTF-8 and the output is deterministic for a given seed and count.
"""

# ruff: noqa: E501  (template sentences are kept whole)
from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GIVEN = (
    "أحمد",
    "محمد",
    "خالد",
    "سامي",
    "طارق",
    "هشام",
    "وليد",
    "ماجد",
    "يوسف",
    "عادل",
    "كريم",
    "نبيل",
    "رامي",
    "فهد",
    "سعيد",
    "جمال",
    "حسام",
    "منير",
    "زياد",
    "عمر",
    "ليلى",
    "سلمى",
    "هالة",
    "منى",
    "رنا",
    "نادية",
    "دينا",
    "ريم",
    "سارة",
    "هند",
)
FATHER = (
    "عبد الله",
    "إبراهيم",
    "حسن",
    "مصطفى",
    "صالح",
    "علي",
    "ناصر",
    "فؤاد",
    "شريف",
    "رشيد",
    "جابر",
    "عثمان",
    "منصور",
    "حامد",
    "سليمان",
    "توفيق",
)
FAMILY_STEM = (
    "الحداد",
    "النجار",
    "الصباغ",
    "العطار",
    "الخياط",
    "البنا",
    "الدباغ",
    "الفخراني",
    "الشامي",
    "المصري",
    "الحلبي",
    "البغدادي",
    "التونسي",
    "المغربي",
    "اليمني",
    "العراقي",
    "الزهراني",
    "القحطاني",
    "الشمري",
    "العتيبي",
    "الكعبي",
    "المهيري",
    "السويدي",
    "الرفاعي",
    "الشاذلي",
    "البدري",
    "الجندي",
    "السيد",
    "عبد الرحمن",
    "أبو زيد",
    "أبو النور",
    "بن عمار",
)
HONORIFIC = ("الدكتور", "السيد", "المهندس", "الأستاذ", "الدكتورة", "السيدة", "المهندسة")
MINISTRY_FIELD = (
    "الاتصالات وتكنولوجيا المعلومات",
    "الاقتصاد",
    "التجارة والصناعة",
    "الطاقة",
    "الصحة",
    "التعليم العالي والبحث العلمي",
    "النقل",
    "الزراعة",
    "المالية",
    "الاستثمار",
    "السياحة والآثار",
    "البيئة",
    "الموارد المائية والري",
    "التخطيط والتنمية الاقتصادية",
)
COMPANY_HEAD = ("شركة", "مجموعة", "مؤسسة", "بنك", "هيئة")
COMPANY_NAME = (
    "الأفق",
    "النخبة",
    "الريادة",
    "الواحة",
    "المدار",
    "الينابيع",
    "الرواد",
    "السنابل",
    "المنارة",
    "الجسور",
    "القمم",
    "الشروق",
    "الأصالة",
    "الفنار",
    "الساحل",
    "النماء",
)
COMPANY_FIELD = (
    "للاستثمار",
    "للطاقة المتجددة",
    "للاتصالات",
    "للتطوير العقاري",
    "للصناعات الغذائية",
    "للخدمات اللوجستية",
    "للحلول الرقمية",
    "للبتروكيماويات",
    "للنقل البحري",
    "للتأمين",
    "للأدوية",
    "للمقاولات",
)
PLACES = (
    ("القاهرة", "مصر"),
    ("الرياض", "السعودية"),
    ("دبي", "الإمارات"),
    ("أبوظبي", "الإمارات"),
    ("عمان", "الأردن"),
    ("الدوحة", "قطر"),
    ("الكويت", "الكويت"),
    ("المنامة", "البحرين"),
    ("مسقط", "سلطنة عمان"),
    ("الرباط", "المغرب"),
    ("تونس", "تونس"),
    ("الجزائر", "الجزائر"),
    ("بيروت", "لبنان"),
    ("بغداد", "العراق"),
    ("جدة", "السعودية"),
    ("الإسكندرية", "مصر"),
    ("باريس", "فرنسا"),
    ("برلين", "ألمانيا"),
    ("بكين", "الصين"),
    ("طوكيو", "اليابان"),
    ("سيول", "كوريا الجنوبية"),
    ("روما", "إيطاليا"),
    ("مدريد", "إسبانيا"),
    ("لندن", "بريطانيا"),
)
EVENT_HEAD = ("منتدى", "مؤتمر", "قمة", "معرض", "ملتقى")
EVENT_TOPIC = (
    "الاستثمار العربي",
    "الاقتصاد الرقمي",
    "الطاقة والمناخ",
    "المدن الذكية",
    "الأمن الغذائي",
    "التحول الرقمي",
    "الشراكة الاقتصادية",
    "الابتكار وريادة الأعمال",
    "النقل المستدام",
    "الصحة العالمية",
    "التعليم والمهارات",
    "التجارة البينية",
)
MONTHS = (
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
)
CURRENCY = ("دولار", "يورو", "جنيه مصري", "ريال سعودي", "درهم إماراتي")
SCALE = ("مليون", "مليار", "ألف")
TOPIC = (
    "تعزيز التعاون في مجال التحول الرقمي",
    "تطوير البنية التحتية للطاقة المتجددة",
    "تبادل الخبرات في إدارة الموارد المائية",
    "إنشاء مركز إقليمي للبيانات",
    "تدريب الكوادر الشابة على المهارات التقنية",
    "دعم الصادرات غير النفطية",
    "تحديث شبكات النقل العام",
    "توطين صناعة الأدوية",
    "تطوير الموانئ والمناطق اللوجستية",
    "تمويل المشروعات الصغيرة والمتوسطة",
)
FILLER = (
    "وأكد الجانبان أهمية البناء على ما تحقق من نتائج خلال المرحلة الماضية، والعمل على وضع جدول زمني واضح لتنفيذ المشروعات المشتركة.",
    "وأشار البيان الصادر عقب اللقاء إلى أن الطرفين اتفقا على تشكيل لجنة فنية تتولى متابعة التنفيذ ورفع تقارير دورية.",
    "ويأتي هذا التحرك في إطار خطة أوسع لتنويع مصادر الدخل وجذب الاستثمارات الأجنبية المباشرة إلى القطاعات الواعدة.",
    "ولفت المشاركون إلى أن التحديات الاقتصادية الراهنة تتطلب تنسيقا أكبر بين الحكومات والقطاع الخاص والمؤسسات الأكاديمية.",
    "وتناولت المناقشات سبل تذليل العقبات أمام المستثمرين، وتبسيط الإجراءات، وتطوير الأطر التشريعية المنظمة للشراكات.",
    "ومن المنتظر أن تسهم هذه الخطوة في توفير آلاف فرص العمل للشباب، ورفع كفاءة الخدمات المقدمة للمواطنين.",
    "وعلى هامش الفعاليات، جرى استعراض عدد من التجارب الناجحة في مجالات الابتكار والتحول الأخضر.",
    "وشدد المتحدثون على ضرورة الاستثمار في رأس المال البشري باعتباره الركيزة الأساسية لأي نهضة تنموية مستدامة.",
)


@dataclass(frozen=True, slots=True)
class _Person:
    honorific: str
    name: str
    role: str
    female: bool

    def verb(self, masculine: str) -> str:
        """The past-tense verb agreeing with this person (وشارك -> وشاركت)."""
        return masculine + "ت" if self.female else masculine


class _Writer:
    """Builds one document from the templates with its own random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.year = rng.randint(2019, 2025)

    def pick(self, items: tuple[str, ...]) -> str:
        return items[self.rng.randrange(len(items))]

    def person(self) -> _Person:
        given = self.rng.randrange(len(GIVEN))
        female = given >= 20
        honorific = self.pick(HONORIFIC[4:] if female else HONORIFIC[:4])
        name = f"{GIVEN[given]} {self.pick(FATHER)} {self.pick(FAMILY_STEM)}"
        if self.rng.random() < 0.5:
            role = ("وزيرة " if female else "وزير ") + self.pick(MINISTRY_FIELD)
        else:
            head = self.pick(("رئيس", "الرئيس التنفيذي ل", "نائب رئيس", "مدير عام"))
            sep = "" if head.endswith("ل") else " "
            role = f"{head}{sep}{self.company()}"
        return _Person(honorific, name, role, female)

    def company(self) -> str:
        return f"{self.pick(COMPANY_HEAD)} {self.pick(COMPANY_NAME)} {self.pick(COMPANY_FIELD)}"

    def place(self) -> tuple[str, str]:
        return PLACES[self.rng.randrange(len(PLACES))]

    def event(self) -> str:
        return f"{self.pick(EVENT_HEAD)} {self.pick(EVENT_TOPIC)} {self.year}"

    def dates(self) -> str:
        day = self.rng.randint(1, 24)
        month = self.pick(MONTHS)
        if self.rng.random() < 0.5:
            return f"في الفترة من {day} إلى {day + self.rng.randint(1, 3)} {month} {self.year}"
        return f"يوم {day} {month} {self.year}"

    def amount(self) -> str:
        return f"بقيمة {self.rng.randint(2, 950)} {self.pick(SCALE)} {self.pick(CURRENCY)}"

    def full(self, p: _Person) -> str:
        return f"{p.honorific} {p.name} {p.role}"

    # ---------------------------------------------------------------- templates

    def meeting(self) -> str:
        a, b = self.person(), self.person()
        city, country = self.place()
        first = self.pick(("التقى", "استقبل", "اجتمع"))
        with_ = " مع" if first == "اجتمع" else ""
        return (
            f"{first} {self.full(a)}{with_} {self.full(b)} في {city}، "
            f"وبحث الجانبان سبل {self.pick(TOPIC)}. "
            f"وقال {a.name.split()[0]} {a.name.split()[-1]} إن العلاقات مع {country} "
            f"تشهد تطورا ملحوظا في مختلف المجالات."
        )

    def summit(self) -> str:
        event = self.event()
        city, country = self.place()
        chair = self.person()
        guest = self.person()
        return (
            f"انطلقت أعمال {event} {self.dates()} في مدينة {city} ب{country}، "
            f"برئاسة {self.full(chair)}، وبمشاركة وفود من أكثر من "
            f"{self.rng.randint(12, 80)} دولة. "
            f"و{guest.verb('شارك')} {self.full(guest)} في جلسة نقاشية بعنوان "
            f'"{self.pick(TOPIC)}" ضمن فعاليات ال{event.split()[0]}.'
        )

    def signing(self) -> str:
        a, b = self.person(), self.person()
        org_a, org_b = self.company(), self.company()
        kind = self.pick(("مذكرة تفاهم", "اتفاقية تعاون", "عقدا", "خطاب نوايا", "بروتوكول تعاون"))
        city, _ = self.place()
        witness = self.person()
        return (
            f"ووقعت {org_a} و{org_b} {kind} {self.amount()} بهدف {self.pick(TOPIC)}، "
            f"وقعها عن الجانب الأول {self.full(a)}، وعن الجانب الثاني {self.full(b)}، "
            f"بحضور {self.full(witness)} في {city}."
        )

    def ministry(self) -> str:
        minister = self.person()
        field = self.pick(MINISTRY_FIELD)
        return (
            f"وأعلنت وزارة {field} أن {minister.honorific} {minister.name} "
            f"{minister.verb('ترأس')} اجتماعا موسعا لمتابعة مؤشرات الأداء، "
            f"{'مؤكدة' if minister.female else 'مؤكدا'} أن الوزارة تعمل على {self.pick(TOPIC)} "
            f"خلال العام {self.year}."
        )

    def filler(self) -> str:
        return self.pick(FILLER)


def document(rng: random.Random) -> str:
    """One document of 2 to 4 KB (UTF-8): a lead sentence, then mixed paragraphs."""
    w = _Writer(rng)
    lead: Callable[[], str] = rng.choice((w.meeting, w.summit, w.signing))
    body = (w.meeting, w.summit, w.signing, w.ministry, w.filler, w.filler)
    target = rng.randint(2300, 3800)
    paragraphs = [lead()]
    size = len(paragraphs[0].encode("utf-8"))
    while size < target:
        paragraph = " ".join(rng.choice(body)() for _ in range(rng.randint(1, 2)))
        if size + len(paragraph.encode("utf-8")) + 1 > 4000:
            break
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(paragraphs) + "\n"


def generate(out: Path, docs: int, *, seed: int = 7) -> list[Path]:
    """Write ``docs`` documents into ``out`` (``00000.txt``...); return their paths.

    Args:
        out: folder to write into (created if missing).
        docs: number of documents.
        seed: random seed; the same seed and count give the same files.

    Returns:
        The files written, in order.
    """
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(docs):
        path = out / f"{n:05d}.txt"
        text = document(random.Random(f"{seed}/{n}"))
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write a corpus."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.out, args.docs, seed=args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {total / 1e6:.1f} MB, into {args.out}")


if __name__ == "__main__":
    main()
