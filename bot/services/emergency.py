"""Emergency words in what a tenant types, in French, Arabic and English.

A tenant who writes "ça sent le gaz" must not wait for office hours, wherever they
type it (the main screen, a search, a note, a questionnaire, a message to their
animator): the bot answers at once with what to do and the emergency numbers, and the
animator is told (handlers/relay/watch.py). Matching is on whole words after folding
case and accents (and Arabic diacritics), so "FUITE", "fuité" and "fuite d'eau" match,
while "gazon" does not. A false alarm costs a screen of phone numbers; a missed one
costs much more, so the lists lean wide — but not so wide that a bare topic word
("électricité", "كهرباء") turns every question about a bill into an alarm.

Carbon monoxide is its own hazard: it has no smell, so the gas line and "open the
windows, you will smell it" do not fit. It is recognised by name, and by what it does
(headaches, nausea, dizziness, someone fainting) said together with what gives it off
(a boiler, a water heater, a stove, a brazier) or with several people unwell at once.
"""

from __future__ import annotations

import enum
import re
import unicodedata


class Hazard(str, enum.Enum):
    gas = "gas"
    carbon_monoxide = "co"
    water = "water"
    electricity = "electricity"
    fire = "fire"


_WORDS: dict[Hazard, tuple[str, ...]] = {
    Hazard.carbon_monoxide: (
        # fr
        "monoxyde",
        "monoxyde de carbone",
        "intoxication au monoxyde",
        "detecteur de co",
        "alarme co",
        # en
        "carbon monoxide",
        "co alarm",
        "co detector",
        "co poisoning",
        # ar
        "أول أكسيد الكربون",
        "أحادي أكسيد الكربون",
        "اول اكسيد الكربون",
        "احادي اكسيد الكربون",
        "غاز الفحم",
        "اختناق بالغاز",
    ),
    Hazard.gas: (
        # fr
        "odeur de gaz",
        "sent le gaz",
        "sens le gaz",
        "fuite de gaz",
        "gaz qui fuit",
        # en
        "gas smell",
        "smell of gas",
        "smells of gas",
        "smell gas",
        "gas leak",
        "leaking gas",
        # ar (and the Maghrebi "ريحة")
        "رائحة غاز",
        "رائحة الغاز",
        "ريحة الغاز",
        "ريحة غاز",
        "تسرب الغاز",
        "تسرب غاز",
        "الغاز يتسرب",
    ),
    Hazard.water: (
        "fuite",
        "inondation",
        "inonde",
        "degat des eaux",
        "degats des eaux",
        "canalisation cassee",
        # "leak", the noun, as "fuite"; not the verbs "leaks", "leaking": "the tap leaks" is a
        # dripping tap, like "mon robinet fuit" (the tutorials answer it)
        "leak",
        "flood",
        "flooding",
        "flooded",
        "burst pipe",
        "تسرب",
        "تسرب الماء",
        "تسرب المياه",
        "فيضان",
        "الماء يتسرب",
    ),
    Hazard.electricity: (
        "plus d'electricite",
        "pas d'electricite",
        "plus de courant",
        "pas de courant",
        "coupure de courant",
        "coupure d'electricite",
        "panne de courant",
        "panne d'electricite",
        "electrocute",
        "electrocution",
        "no electricity",
        "no power",
        "power cut",
        "power outage",
        "electric shock",
        "sparks",
        "لا كهرباء",
        "لا توجد كهرباء",
        "ما كاين ضو",
        "انقطاع الكهرباء",
        "انقطعت الكهرباء",
        "الكهرباء مقطوعة",
        "ما كاينش الضو",
        "صعقة كهربائية",
    ),
    Hazard.fire: (
        "incendie",
        "au feu",
        "fumee",
        "ca brule",
        "fire",
        "smoke",
        "حريق",
        "دخان",
        "نار",
    ),
}


def fold(text: str) -> str:
    """Lower case without accents or Arabic diacritics; one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'").replace("ʼ", "'"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped.replace("\u0640", ""))  # and the Arabic elongation mark


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(fold(word)) for word in sorted(words, key=len, reverse=True))
    # \w is Unicode-aware: the boundaries work for Arabic script too. Arabic glues
    # "the" and "and" to the next word (الكهرباء, والغاز): an optional prefix allows it.
    return re.compile(rf"(?<!\w)(?:ال|وال|و|ب|بال)?(?:{alternatives})(?!\w)")


_PATTERNS = {hazard: _pattern(words) for hazard, words in _WORDS.items()}

# What carbon monoxide does to people (Santé publique France: headaches, nausea, vomiting,
# dizziness, tiredness, fainting) ...
_CO_SYMPTOMS = _pattern(
    (
        "mal a la tete",
        "mal de tete",
        "maux de tete",
        "migraine",
        "nausee",
        "nausees",
        "envie de vomir",
        "vomi",
        "vomit",
        "vomissements",
        "vertige",
        "vertiges",
        "la tete qui tourne",
        "evanoui",
        "evanouie",
        "malaise",
        "headache",
        "headaches",
        "nausea",
        "nauseous",
        "vomiting",
        "dizzy",
        "dizziness",
        "fainted",
        "passed out",
        "صداع",
        "دوخة",
        "دوار",
        "غثيان",
        "تقيؤ",
        "إغماء",
        "اغماء",
        "راسي يوجعني",
        "الراس كيضرني",
    )
)
# ... said with what gives it off (a burning appliance in a closed room) ...
_CO_SOURCES = _pattern(
    (
        "chaudiere",
        "chauffe-eau",
        "chauffe eau",
        "chauffe-bain",
        "poele",
        "brasero",
        "barbecue",
        "groupe electrogene",
        "chauffage d'appoint",
        "boiler",
        "water heater",
        "stove",
        "heater",
        "brazier",
        "generator",
        "سخان",
        "شوفاج",
        "المدفأة",
        "مدفأة",
        "الفحم",
        "كانون",
    )
)
# ... or with several people unwell at once, which an illness rarely does.
_SEVERAL_PEOPLE = _pattern(
    (
        "tout le monde",
        "toute la famille",
        "les enfants",
        "nous avons tous",
        "on a tous",
        "everyone",
        "everybody",
        "the whole family",
        "the children",
        "the kids",
        "we all",
        "all of us",
        "كلنا",
        "الأولاد",
        "الاولاد",
        "الأطفال",
        "الاطفال",
        "العائلة كلها",
    )
)


def detect(text: str | None) -> list[Hazard]:
    """The hazards a message speaks of, in a stable order (empty for none)."""
    if not text:
        return []
    folded = fold(text)
    found = [hazard for hazard, pattern in _PATTERNS.items() if pattern.search(folded)]
    if Hazard.carbon_monoxide not in found and _CO_SYMPTOMS.search(folded):
        if _CO_SOURCES.search(folded) or _SEVERAL_PEOPLE.search(folded):
            found.insert(0, Hazard.carbon_monoxide)
    if Hazard.gas in found and Hazard.water in found:
        found.remove(Hazard.water)  # "fuite de gaz", "gas leak": the leak is the gas
    return found
