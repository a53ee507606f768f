"""What staff type, in several languages: the buttons to add a version in another language,
and the line of a preview saying who will read which (bot/services/languages.py).

Each flow that lets staff add versions handles VersionCallback in its own step."""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.i18n import LANGUAGE_NAMES
from bot.services.languages import Readers
from handlers.ui.callbacks import Locale, VersionCallback
from handlers.ui.layout import Row, button

# "in French": how many recipients read each language.
IN_LANGUAGE = {"fr": __("in French"), "ar": __("in Arabic"), "en": __("in English")}
# The language as the adjective of "version" ("the Arabic version").
VERSION_OF = {"fr": __("French"), "ar": __("Arabic"), "en": __("English")}
ADD_VERSION = {"fr": __("➕ French version"), "ar": __("➕ Arabic version"), "en": __("➕ English version")}
CHANGE_VERSION = {"fr": __("✏️ French version"), "ar": __("✏️ Arabic version"), "en": __("✏️ English version")}


def other_locales(main_locale: str) -> list[str]:
    return [locale for locale in LANGUAGE_NAMES if locale != main_locale]


def version_rows(main_locale: str, present: Iterable[str]) -> list[Row]:
    """One button per other language: add its version, or change the one already typed."""
    have = set(present)
    return [
        [
            button(
                str((CHANGE_VERSION if locale in have else ADD_VERSION)[locale]), VersionCallback(locale=Locale(locale))
            )
        ]
        for locale in other_locales(main_locale)
    ]


def valid_version(locale: str, main_locale: str) -> bool:
    return locale in LANGUAGE_NAMES and locale != main_locale


def ask_title(locale: str) -> str:
    return _("{language} version: type the title.").format(language=VERSION_OF[locale])


def ask_description(locale: str) -> str:
    return _("{language} version: type the description (or Skip).").format(language=VERSION_OF[locale])


def ask_message(locale: str) -> str:
    return _("{language} version: type the message. Tenants who read this language get it instead.").format(
        language=VERSION_OF[locale]
    )


def version_label(locale: str) -> str:
    """ "🌐 Arabic version:" above a version in a preview."""
    return _("🌐 {language} version:").format(language=VERSION_OF[locale])


def readers_line(readers: Readers) -> str:
    """ "12 in French, 3 in Arabic (French version: no Arabic one)"."""
    parts = []
    for locale, count in readers.by_locale.items():
        language = str(IN_LANGUAGE.get(locale, locale))
        part = _("{count} {in_language}").format(count=count, in_language=language)
        if not readers.reads_own(locale):
            missing = _("{main} version: no {language} one").format(
                main=VERSION_OF.get(readers.main_locale, readers.main_locale), language=VERSION_OF.get(locale, locale)
            )
            part += f" ({missing})"
        parts.append(part)
    return _("🌐 Languages: {who}").format(who=", ".join(parts)) if parts else ""
