"""Joining's keyboards."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.onboarding.callbacks import ConsentCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.layout import column


def consent_keyboard() -> InlineKeyboardMarkup:
    return column(
        [
            (_("✅ I agree"), ConsentCallback(accept=True)),
            (_("✖️ No, thank you"), ConsentCallback(accept=False)),
            (_("🌐 Another language"), MenuCallback(action=MenuAction.language)),
        ]
    )
