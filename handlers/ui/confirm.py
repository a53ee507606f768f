"""The confirmation row every flow ends with before it changes something:
a yes and a no, one per row, the yes first (big targets, no accidental tap)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.ui.layout import button


def confirm_rows(
    yes: CallbackData, no: CallbackData, *, yes_text: str | None = None, no_text: str | None = None
) -> list[list[InlineKeyboardButton]]:
    return [
        [button(yes_text or _("✅ Confirm"), yes)],
        [button(no_text or _("✖️ Cancel"), no)],
    ]


def confirmation(
    yes: CallbackData, no: CallbackData, *, yes_text: str | None = None, no_text: str | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=confirm_rows(yes, no, yes_text=yes_text, no_text=no_text))
