"""The one pager: "◀️ Previous" and "Next ▶️" under any list, from a Page
(bot/services/paging.py) and the flow's own callback for an offset; mirrored for Arabic
readers (ui.arrows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton
from aiogram.utils.i18n import gettext as _

from bot.services.paging import Page
from handlers.ui.arrows import in_reading_order
from handlers.ui.layout import button


def pager_row(page: Page[Any], at_offset: Callable[[int], CallbackData]) -> list[InlineKeyboardButton]:
    """The row to append under the list; empty when everything fits on one page."""
    row = []
    if page.has_previous:
        row.append(button(_("◀️ Previous"), at_offset(page.previous_offset)))
    if page.has_next:
        row.append(button(_("Next ▶️"), at_offset(page.next_offset)))
    return in_reading_order(row)  # in Arabic: "▶️ السابق" on the right, "التالي ◀️" on the left
