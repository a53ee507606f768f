"""Reading the catalogs from tests, so assertions follow the translations."""

from __future__ import annotations

from functools import lru_cache

from babel.support import Translations

from bot.i18n import DOMAIN, locales_dir


@lru_cache
def _catalog(locale: str) -> Translations:
    return Translations.load(locales_dir(), [locale], DOMAIN)


def tr(locale: str, message: str) -> str:
    """The shipped translation of an English source string."""
    return _catalog(locale).gettext(message)


def button_texts(message: dict) -> list[str]:
    markup = message.get("reply_markup") or {}
    return [button["text"] for row in markup.get("inline_keyboard", []) for button in row]


def render(locale: str, make_text, *args):  # type: ignore[no-untyped-def]
    """Run a text builder of handlers/texts.py in a locale, as the bot would."""
    from bot.i18n import create_i18n

    i18n = create_i18n("fr")
    with i18n.context(), i18n.use_locale(locale):
        return make_text(*args)


LANGUAGE_BUTTONS = {"fr": "Français", "ar": "العربية", "en": "English"}


async def join(user, code: str, locale: str) -> dict:  # type: ignore[no-untyped-def]
    """Tap the invitation, pick the language, accept: returns the main-menu message."""
    await user.send(f"/start {code}")
    await user.wait_for_messages()
    await user.press(LANGUAGE_BUTTONS[locale])
    await user.wait_for_messages()
    await user.press(tr(locale, "✅ I agree"))
    _, menu = await user.wait_for_messages(2)
    return menu


async def eventually(check, timeout: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    """For effects with no message to wait on (a handler that only writes the DB)."""
    import asyncio
    import time

    deadline = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def label(locale: str, message: str) -> str:
    """A button's text as the bot shows it: the translation, arrows pointing the reader's way."""
    from handlers.ui.arrows import directed

    return directed(tr(locale, message), locale)
