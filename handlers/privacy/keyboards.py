"""Erasure's keyboard."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.privacy.callbacks import EraseCallback
from handlers.ui.confirm import confirmation


def erase_confirmation() -> InlineKeyboardMarkup:
    return confirmation(
        EraseCallback(confirm=True),
        EraseCallback(confirm=False),
        yes_text=_("🗑 Yes, delete everything"),
        no_text=_("⬅️ No, keep my account"),
    )
