"""Erasure's keyboards."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.privacy.callbacks import EraseCallback
from handlers.ui.layout import column


def erase_confirmation() -> InlineKeyboardMarkup:
    return column(
        [
            (_("🗑 Yes, delete everything"), EraseCallback(confirm=True)),
            (_("⬅️ No, keep my account"), EraseCallback(confirm=False)),
        ]
    )
