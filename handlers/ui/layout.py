"""Building simple keyboards without InlineKeyboardBuilder's cost.

The builder deep-copies every button when it exports the markup; on the
busiest screens (the main menu is shown on every /menu) that copy was about a
third of the time spent per update (benchmarks/README.md, "dispatch").
"""

from __future__ import annotations

from collections.abc import Iterable

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from handlers.ui.arrows import directed


def column(buttons: Iterable[tuple[str, CallbackData]]) -> InlineKeyboardMarkup:
    """One button per row: big targets for thumbs."""
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=directed(text), callback_data=data.pack())] for text, data in buttons
        ]
    )


Row = list[InlineKeyboardButton]


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    """A button; its arrows point the reader's way (ui.arrows)."""
    return InlineKeyboardButton(text=directed(text), callback_data=data.pack())


def url_button(text: str, url: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=directed(text), url=url)


def grid(buttons: Iterable[InlineKeyboardButton], width: int) -> list[Row]:
    """Small choices side by side (hours, numbers): `width` to a row."""
    items = list(buttons)
    return [items[start : start + width] for start in range(0, len(items), width)]


def keyboard(*rows: Row) -> InlineKeyboardMarkup:
    """A markup from rows, empty ones left out: `keyboard(*choices, pager_row(page, ...), [back_to_menu_button()])`."""
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])
