"""Fuzzy search over tutorials: rapidfuzz on unidecode-normalised words, in a locale and French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from unidecode import unidecode

from .model import LOCALES, REFERENCE_LOCALE, Tutorial

if TYPE_CHECKING:
    from .library import ContentLibrary

# Words that say nothing about the subject, after normalisation.
STOPWORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "l",
        "de",
        "du",
        "des",
        "d",
        "un",
        "une",
        "et",
        "ou",
        "au",
        "aux",
        "en",
        "dans",
        "sur",
        "sous",
        "pour",
        "par",
        "avec",
        "sans",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "leurs",
        "ce",
        "cet",
        "cette",
        "ces",
        "qui",
        "que",
        "quoi",
        "est",
        "sont",
        "il",
        "elle",
        "ils",
        "elles",
        "je",
        "j",
        "me",
        "m",
        "tu",
        "te",
        "t",
        "nous",
        "vous",
        "on",
        "se",
        "s",
        "ne",
        "n",
        "pas",
        "plus",
        "comment",
        "faire",
        "quand",
        "y",
        "ai",
        "avoir",
        "etre",
        "c",
        "ca",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "my",
        "your",
        "is",
        "are",
        "it",
        "how",
        "do",
        "i",
        "me",
        "can",
        "what",
        "when",
        "this",
        "that",
        "في",
        "من",
        "على",
        "الى",
        "عن",
        "كيف",
        "ماذا",
        "ما",
        "هل",
        "هذا",
        "هذه",
        "انا",
        "لي",
        "مع",
        "او",
        "ثم",
        "لا",
    ]
)
ARABIC_DIACRITICS = re.compile(r"[\u064B-\u065F\u0670\u0640]")
ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
NON_ARABIC_RUN = re.compile(r"[^\u0600-\u06FF]+")
WORD = re.compile(r"[a-z0-9]+|[\u0621-\u064A]+")

TITLE_WEIGHT = 1.0
TAG_WEIGHT = 1.0
CATEGORY_WEIGHT = 0.9
STEP_WEIGHT = 0.55
WORD_CUTOFF = 80  # below this, two words are not the same word with a typo
MIN_SCORE = 50
RELATIVE_SCORE = 0.7  # results far behind the best one are noise ("douche" → "couche")

# Category keys are translated by the bot; these words only let people find them.
CATEGORY_WORDS = {
    "painting": {"fr": "peinture peindre", "en": "painting paint", "ar": "دهان طلاء"},
    "walls": {"fr": "mur murs enduit", "en": "wall walls filler", "ar": "جدار حائط"},
    "tiling": {"fr": "carrelage joint", "en": "tiling tiles", "ar": "بلاط زليج"},
    "plumbing": {"fr": "plomberie eau", "en": "plumbing water", "ar": "سباكة ماء"},
    "heating": {"fr": "chauffage", "en": "heating", "ar": "تدفئة"},
    "electricity": {"fr": "électricité lumière", "en": "electricity light", "ar": "كهرباء ضوء"},
    "damp": {"fr": "humidité", "en": "damp humidity", "ar": "رطوبة"},
    "fixing": {"fr": "fixation bricolage", "en": "fixing diy", "ar": "تثبيت"},
}


def normalise(text: str) -> str:
    """Lowercase, accents dropped (é→e, Latin via unidecode), Arabic letters unified."""
    text = NON_ARABIC_RUN.sub(lambda match: unidecode(match.group()), text)
    return ARABIC_DIACRITICS.sub("", text).translate(ARABIC_LETTERS).lower()


def _stem(word: str) -> str:
    if word[0] >= "\u0600":
        for prefix in ARABIC_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                return word[len(prefix) :]
        return word
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    if len(word) > 4 and word.endswith("x"):
        return word[:-1]
    return word


def search_words(text: str) -> list[str]:
    """The normalised, singular words of `text`, without stop words."""
    return [_stem(word) for word in WORD.findall(normalise(text)) if len(word) > 1 and word not in STOPWORDS]


class SearchIndex:
    """Per locale: every word of every tutorial, with its best weight per tutorial."""

    def __init__(self, library: ContentLibrary) -> None:
        self._postings: dict[str, dict[str, dict[str, float]]] = {}
        self._vocabulary: dict[str, list[str]] = {}
        for locale in LOCALES:
            postings: dict[str, dict[str, float]] = {}
            for tutorial in library.tutorials(locale):
                for text, weight in self._fields(tutorial):
                    for word in search_words(text):
                        best = postings.setdefault(word, {})
                        best[tutorial.id] = max(best.get(tutorial.id, 0.0), weight)
            self._postings[locale] = postings
            self._vocabulary[locale] = list(postings)

    @staticmethod
    def _fields(tutorial: Tutorial) -> Iterator[tuple[str, float]]:
        yield tutorial.title, TITLE_WEIGHT
        for tag in tutorial.tags:
            yield tag, TAG_WEIGHT
        yield tutorial.category, CATEGORY_WEIGHT
        yield CATEGORY_WORDS.get(tutorial.category, {}).get(tutorial.locale, ""), CATEGORY_WEIGHT
        for step in tutorial.steps:
            yield step.title, STEP_WEIGHT
            yield step.text, STEP_WEIGHT

    def scores(self, words: list[str], locale: str) -> dict[str, float]:
        """Mean over the query words of each word's best weighted match, per tutorial id."""
        vocabulary, postings = self._vocabulary[locale], self._postings[locale]
        totals: dict[str, float] = {}
        for word in words:
            best: dict[str, float] = {}
            matches = process.extract(word, vocabulary, scorer=fuzz.WRatio, score_cutoff=WORD_CUTOFF, limit=None)
            for candidate, similarity, _ in matches:
                closeness = similarity * similarity / 100  # a typo counts, an exact word counts more
                for tutorial_id, weight in postings[candidate].items():
                    best[tutorial_id] = max(best.get(tutorial_id, 0.0), closeness * weight)
            for tutorial_id, score in best.items():
                totals[tutorial_id] = totals.get(tutorial_id, 0.0) + score
        return {tutorial_id: total / len(words) for tutorial_id, total in totals.items()}


def search_tutorials(library: ContentLibrary, query: str, locale: str, limit: int = 5) -> list[Tutorial]:
    """Best matches first, in `locale`; the query may be in that locale or in French, with typos."""
    words = search_words(query)
    if not words or limit <= 0:
        return []
    scores: dict[str, float] = {}
    for search_locale in dict.fromkeys((locale, REFERENCE_LOCALE)):
        for tutorial_id, score in library._index.scores(words, search_locale).items():
            scores[tutorial_id] = max(scores.get(tutorial_id, 0.0), score)
    if not scores:
        return []
    cutoff = max(MIN_SCORE, RELATIVE_SCORE * max(scores.values()))
    found = [(score, library.tutorial(tutorial_id, locale)) for tutorial_id, score in scores.items()]
    ranked = sorted(
        ((score, tutorial) for score, tutorial in found if tutorial is not None and score >= cutoff),
        key=lambda pair: (-pair[0], pair[1].title.lower()),
    )
    return [tutorial for _, tutorial in ranked[:limit]]
