"""Erasure's keyboard."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from handlers.privacy.callbacks import EraseCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.confirm import confirmation
from handlers.ui.layout import button, keyboard
from handlers.ui.menus import back_to_menu_button


def erase_confirmation() -> InlineKeyboardMarkup:
    return confirmation(
        EraseCallback(confirm=True),
        EraseCallback(confirm=False),
        yes_text=_("🗑 Yes, delete everything"),
        no_text=_("⬅️ No, keep my account"),
    )


def after_export(has_referent: bool) -> InlineKeyboardMarkup:
    """Under /mes_donnees: what the household's social referent may read (handlers/partners), if it has one."""
    rows = []
    if has_referent:
        rows.append([button(_("🤝 What my referent sees"), MenuCallback(action=MenuAction.referent_consent))])
    return keyboard(*rows, [back_to_menu_button()])
