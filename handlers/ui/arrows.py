"""Arrows that point the way the reader reads.

In Arabic (read right to left) "back" and "previous" point right and "next" points left, and a
pager's "previous" sits on the right. Every button built with ui.layout, ui.confirm, the pager and
the calendar passes its label through `directed`, so a translation keeps the source's arrow and
the reader still sees it pointing their way."""

from __future__ import annotations

from typing import TypeVar

from aiogram.utils.i18n import get_i18n

from bot.i18n import RTL_LOCALES

T = TypeVar("T")
_MIRRORED = str.maketrans({"◀": "▶", "▶": "◀", "⬅": "➡", "➡": "⬅"})


def is_rtl(locale: str | None = None) -> bool:
    """Whether `locale` (the current one by default) is read right to left."""
    if locale is None:
        try:
            locale = get_i18n().current_locale
        except LookupError:  # outside an update (a test building a keyboard by hand)
            return False
    return locale in RTL_LOCALES


def directed(label: str, locale: str | None = None) -> str:
    """The label with its arrows mirrored for a right-to-left reader, unchanged otherwise."""
    return label.translate(_MIRRORED) if is_rtl(locale) else label


def in_reading_order(row: list[T]) -> list[T]:
    """A row of buttons whose order means a direction (previous, next): reversed for RTL readers."""
    return list(reversed(row)) if is_rtl() else row
