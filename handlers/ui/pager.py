"""The one pager: "◀️ Previous" and "Next ▶️" under any list, from a Page
(bot/services/paging.py) and the flow's own callback for an offset."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from aiogram.utils.i18n import gettext as _

from bot.services.paging import Page


def pager_row(page: Page[Any], at_offset: Callable[[int], CallbackData]) -> list[InlineKeyboardButton]:
    """The row to append under the list; empty when everything fits on one page."""
    row = []
    if page.has_previous:
        row.append(InlineKeyboardButton(text=_("◀️ Previous"), callback_data=at_offset(page.previous_offset).pack()))
    if page.has_next:
        row.append(InlineKeyboardButton(text=_("Next ▶️"), callback_data=at_offset(page.next_offset).pack()))
    return row
