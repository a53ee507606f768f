"""Small talk: "merci", "bonjour", "ok", "شكرا", "السلام عليكم" typed outside any step.

People write to the assistant as they would to a person. "Sorry, I did not understand"
and the whole menu in answer to "merci" is rude and confusing; a short, polite answer is
what they expect. `classify` says which kind of small talk a message is, or None when it
says something else (a search, a question): only messages made of nothing but greetings,
thanks, goodbyes, agreement and a few polite fillers count, so "bonjour, mon robinet
fuit" still reaches the tutorial search.

Matching is on whole phrases after folding case, accents and Arabic diacritics
(emergency.fold), in French, English and Arabic (Modern Standard and the Maghrebi forms
tenants of the programmes write: "واخا", "صافي", "الله يعطيك الصحة").
"""

from __future__ import annotations

import enum
import re

from bot.services.emergency import fold


class SmallTalk(str, enum.Enum):
    thanks = "thanks"
    goodbye = "goodbye"
    how_are_you = "how_are_you"
    greeting = "greeting"
    agreement = "agreement"


# The first kind found in this order wins: "ok merci" is thanks, "salut ça va" a question.
_PRIORITY = (SmallTalk.thanks, SmallTalk.goodbye, SmallTalk.how_are_you, SmallTalk.greeting, SmallTalk.agreement)

PHRASES: dict[SmallTalk, tuple[str, ...]] = {
    SmallTalk.thanks: (
        # fr
        "merci",
        "merci beaucoup",
        "merci bien",
        "mille mercis",
        "mille merci",
        "je vous remercie",
        "je te remercie",
        "c'est gentil",
        "c'est tres gentil",
        "trop gentil",
        "mrc",
        # en
        "thanks",
        "thank you",
        "thanks a lot",
        "many thanks",
        "thank u",
        "thx",
        "ty",
        "cheers",
        # ar
        "شكرا",
        "شكرا جزيلا",
        "شكرا لك",
        "شكرا لكم",
        "شكرا بزاف",
        "مشكور",
        "مشكورة",
        "مرسي",
        "بارك الله فيك",
        "بارك الله فيكم",
        "جزاك الله خيرا",
        "الله يعطيك الصحة",
        "الله يعطيك الصحه",
        "يعطيك الصحة",
        "يعطيك العافية",
    ),
    SmallTalk.goodbye: (
        "au revoir",
        "bonne journee",
        "bonne soiree",
        "bonne nuit",
        "bon week-end",
        "bon weekend",
        "a bientot",
        "a plus",
        "a demain",
        "ciao",
        "bye",
        "bye bye",
        "goodbye",
        "good bye",
        "see you",
        "see you soon",
        "good night",
        "have a nice day",
        "have a good day",
        "مع السلامة",
        "إلى اللقاء",
        "الى اللقاء",
        "بالسلامة",
        "تصبح على خير",
        "تصبحون على خير",
        "ليلة سعيدة",
        "نهارك سعيد",
    ),
    SmallTalk.how_are_you: (
        "ca va",
        "ca va bien",
        "comment ca va",
        "comment allez-vous",
        "comment allez vous",
        "vous allez bien",
        "tu vas bien",
        "how are you",
        "how are you doing",
        "how's it going",
        "كيف حالك",
        "كيف الحال",
        "كيف حالكم",
        "لاباس",
        "لا باس",
        "كي داير",
        "كيداير",
        "واش راك",
    ),
    SmallTalk.greeting: (
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "bjr",
        "slt",
        "allo",
        "hello",
        "hi",
        "hey",
        "hiya",
        "good morning",
        "good afternoon",
        "good evening",
        "مرحبا",
        "مرحبا بك",
        "أهلا",
        "اهلا",
        "أهلا وسهلا",
        "اهلا وسهلا",
        "سلام",
        "السلام عليكم",
        "السلام عليكم ورحمة الله",
        "السلام عليكم ورحمة الله وبركاته",
        "وعليكم السلام",
        "صباح الخير",
        "مساء الخير",
        "صباح النور",
    ),
    SmallTalk.agreement: (
        "ok",
        "okay",
        "oki",
        "okey",
        "d'accord",
        "dac",
        "dacc",
        "daccord",
        "ca marche",
        "parfait",
        "super",
        "tres bien",
        "top",
        "entendu",
        "oui",
        "cool",
        "genial",
        "nickel",
        "all right",
        "alright",
        "fine",
        "great",
        "perfect",
        "got it",
        "sure",
        "yes",
        "understood",
        "noted",
        "حسنا",
        "تمام",
        "واخا",
        "صافي",
        "طيب",
        "موافق",
        "نعم",
        "اوكي",
        "أوكي",
        "مزيان",
        "زوين",
    ),
}

# Words that may sit around small talk without making it something else.
FILLERS = (
    "beaucoup",
    "bien",
    "encore",
    "vraiment",
    "tres",
    "aussi",
    "et",
    "a vous",
    "a toi",
    "a vous aussi",
    "pour tout",
    "pour votre aide",
    "pour ton aide",
    "for everything",
    "for your help",
    "على كل شيء",
    "على المساعدة",
    "vous",
    "tous",
    "tout le monde",
    "madame",
    "monsieur",
    "mme",
    "so much",
    "very much",
    "a lot",
    "you",
    "too",
    "and",
    "all",
    "again",
    "so",
    "very",
    "everyone",
    "sir",
    "madam",
    "جزيلا",
    "بزاف",
    "لك",
    "لكم",
    "يا",
    "أختي",
    "اختي",
    "أخي",
    "اخي",
    "خويا",
    "أستاذ",
    "أستاذة",
)

# Emoji alone, from this list only (🔥 alone may well mean a fire): 🙏 thanks, 👋 hello,
# the others agreement.
_EMOJI_KINDS = {"🙏": SmallTalk.thanks, "👋": SmallTalk.greeting}
_FRIENDLY_EMOJI = frozenset("🙏👋👍👌😊🙂😀😃☺❤♥💐✅💪👏🌹🤝")
MAX_LENGTH = 80  # longer than this is a message, not small talk


def _alternation(phrases: tuple[str, ...]) -> str:
    return "|".join(re.escape(fold(phrase)) for phrase in sorted(phrases, key=len, reverse=True))


# Arabic glues "and" to the next word ("وشكرا"): an optional prefix allows it.
_KIND_PATTERNS = {
    kind: re.compile(rf"(?<!\w)(?:و)?(?:{_alternation(phrases)})(?!\w)") for kind, phrases in PHRASES.items()
}
_FILLER_PATTERN = re.compile(rf"(?<!\w)(?:{_alternation(FILLERS)})(?!\w)")
_WORD = re.compile(r"\w+")


def classify(text: str | None, *, extra_words: int = 0) -> SmallTalk | None:
    """The kind of small talk `text` is, or None.

    `extra_words`: how many other words may be left over (a name: "merci Nadia",
    "شكرا نادية"); the caller allows one only after the tutorial search found nothing,
    so "bonjour peinture" is still a search."""
    if not text or len(text) > MAX_LENGTH or text.lstrip().startswith("/"):
        return None
    rest = fold(text)
    found: set[SmallTalk] = set()
    for kind in _PRIORITY:
        rest, count = _KIND_PATTERNS[kind].subn(" ", rest)
        if count:
            found.add(kind)
    rest = _FILLER_PATTERN.sub(" ", rest)
    if len(_WORD.findall(rest)) > extra_words:
        return None
    if found:
        return next(kind for kind in _PRIORITY if kind in found)
    signs = {char for char in text if not char.isspace() and char not in _PUNCTUATION_AND_MODIFIERS}
    if signs and signs <= _FRIENDLY_EMOJI:
        return next((kind for emoji, kind in _EMOJI_KINDS.items() if emoji in signs), SmallTalk.agreement)
    return None


# Punctuation, and what follows an emoji to change its look (variation selector, skin tones).
_PUNCTUATION_AND_MODIFIERS = frozenset(".,;:!?¡¿…'\"-–—()[]«»؟،؛\ufe0f\u200d") | {
    chr(c) for c in range(0x1F3FB, 0x1F400)
}
