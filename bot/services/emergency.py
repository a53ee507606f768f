"""Emergency words in a tenant's message, in French, Arabic and English.

A tenant who writes "ça sent le gaz" to their animator must not wait for
office hours: the bot answers at once with the emergency numbers (the message
still goes to the animator, flagged). Matching is on whole words after
folding case and accents (and Arabic diacritics), so "FUITE", "fuité" and
"fuite d'eau" match, while "gazon" does not. A false alarm costs a screen of
phone numbers; a missed one costs much more, so the lists lean wide.
"""

from __future__ import annotations

import enum
import re
import unicodedata


class Hazard(str, enum.Enum):
    gas = "gas"
    water = "water"
    electricity = "electricity"
    fire = "fire"


_WORDS: dict[Hazard, tuple[str, ...]] = {
    Hazard.gas: (
        # fr
        "odeur de gaz",
        "sent le gaz",
        "sens le gaz",
        "fuite de gaz",
        "gaz qui fuit",
        "monoxyde",
        # en
        "gas smell",
        "smell of gas",
        "smells of gas",
        "smell gas",
        "gas leak",
        "leaking gas",
        "carbon monoxide",
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
        "leak",
        "leaking",
        "leaks",
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
        "كهرباء",
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


def detect(text: str | None) -> list[Hazard]:
    """The hazards a message speaks of, in a stable order (empty for none)."""
    if not text:
        return []
    folded = fold(text)
    found = [hazard for hazard, pattern in _PATTERNS.items() if pattern.search(folded)]
    if Hazard.gas in found and Hazard.water in found:
        found.remove(Hazard.water)  # "fuite de gaz", "gas leak": the leak is the gas
    return found
