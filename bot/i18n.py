"""gettext catalogs (aiogram's I18n on Babel) and Babel formatting.

Source strings are English; French is the default and must be complete,
like Arabic. Dates are shown in the person's language and Europe/Paris.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date, format_datetime, format_time

DOMAIN = "messages"

# Shown in each language's own name: a person who reads no French must find theirs.
LANGUAGE_NAMES = {"fr": "Français", "ar": "العربية", "en": "English"}
RTL_LOCALES = frozenset({"ar"})


def locales_dir() -> Path:
    """`locales/` beside the packages (editable install, Docker) or in the working folder."""
    beside_package = Path(__file__).resolve().parents[1] / "locales"
    return beside_package if beside_package.is_dir() else Path.cwd() / "locales"


def create_i18n(default_locale: str) -> I18n:
    return I18n(path=locales_dir(), default_locale=default_locale, domain=DOMAIN)


def pick_locale(language_code: str | None, default: str) -> str:
    """Map Telegram's language_code ("fr-FR", "ar", …) to a supported locale."""
    if language_code:
        short = language_code.split("-")[0].lower()
        if short in LANGUAGE_NAMES:
            return short
    return default


def format_day_time(moment: datetime, locale: str, tz: ZoneInfo) -> str:
    """ "mardi 3 décembre à 14:00" — weekday and month in words, 24-hour clock."""
    local = moment.astimezone(tz)
    day = format_date(local, "EEEE d MMMM", locale=locale)
    time = format_time(local, "HH:mm", locale=locale)
    return _("{day} at {time}").format(day=day, time=time)


def format_day(moment: datetime, locale: str, tz: ZoneInfo) -> str:
    return format_date(moment.astimezone(tz), "EEEE d MMMM y", locale=locale)


def format_clock(moment: datetime, locale: str, tz: ZoneInfo) -> str:
    return format_time(moment.astimezone(tz), "HH:mm", locale=locale)


def format_moment(moment: datetime, locale: str, tz: ZoneInfo) -> str:
    """ "24/11/2026 10:00": compact, for lists such as the audit log (day first, 24-hour clock, as in France)."""
    return format_datetime(moment.astimezone(tz), "dd/MM/yyyy HH:mm", locale=locale)
