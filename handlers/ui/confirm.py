"""The confirmation row every flow ends with before it changes something:
a yes and a no, one per row, the yes first (big targets, no accidental tap)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _


def confirm_rows(
    yes: CallbackData, no: CallbackData, *, yes_text: str | None = None, no_text: str | None = None
) -> list[list[InlineKeyboardButton]]:
    return [
        [InlineKeyboardButton(text=yes_text or _("✅ Confirm"), callback_data=yes.pack())],
        [InlineKeyboardButton(text=no_text or _("✖️ Cancel"), callback_data=no.pack())],
    ]


def confirmation(
    yes: CallbackData, no: CallbackData, *, yes_text: str | None = None, no_text: str | None = None
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=confirm_rows(yes, no, yes_text=yes_text, no_text=no_text))
