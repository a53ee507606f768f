"""French public holidays, from the `holidays` library (maintained, with Easter-based
dates such as Ascension and Whit Monday computed for every year): weekly free times
skip them unless the animator asks for them on purpose."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays

# The library's own translations of the names; other languages get a generic label.
NAME_LANGUAGES = {"fr": "fr", "en": "en_US"}


@lru_cache(maxsize=64)
def _calendar(year: int, language: str) -> holidays.HolidayBase:
    return holidays.France(years=year, language=language)


def is_holiday(day: date) -> bool:
    return day in _calendar(day.year, "fr")


def name(day: date, locale: str) -> str | None:
    """The holiday's name in the reader's language when the library has it, else None."""
    language = NAME_LANGUAGES.get(locale)
    if language is None or not is_holiday(day):
        return None
    return str(_calendar(day.year, language).get(day))
