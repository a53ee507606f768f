"""The journal's keyboard."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.services.audit import Entry
from bot.services.paging import Page
from handlers.journal.callbacks import JournalPageCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.layout import Row, button, keyboard
from handlers.ui.menus import back_to_menu_button


def _pager_row(page: Page[Entry]) -> Row:
    """ui.pager's row, in the journal's own words: newest first, so backwards is "Newer".

    (ui.pager.pager_row writes "Previous"/"Next"; the day it takes its texts, this goes.)"""
    row: list[InlineKeyboardButton] = []
    if page.has_previous:
        row.append(button(_("◀️ Newer"), JournalPageCallback(offset=page.previous_offset)))
    if page.has_next:
        row.append(button(_("Older ▶️"), JournalPageCallback(offset=page.next_offset)))
    return row


def journal(page: Page[Entry]) -> InlineKeyboardMarkup:
    return keyboard(
        _pager_row(page),
        [button(_("📥 Export (CSV)"), MenuCallback(action=MenuAction.journal_export))],
        [back_to_menu_button()],
    )
