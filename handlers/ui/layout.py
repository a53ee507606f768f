"""Building simple keyboards without InlineKeyboardBuilder's cost.

The builder deep-copies every button when it exports the markup; on the
busiest screens (the main menu is shown on every /menu) that copy was about a
third of the time spent per update (benchmarks/README.md, "dispatch").
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup


def column(buttons: Iterable[tuple[str, CallbackData]]) -> InlineKeyboardMarkup:
    """One button per row: big targets for thumbs."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=text, callback_data=data.pack())] for text, data in buttons]
    )
