"""Keyboards of the "message to tenants" flow."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.models import Phase
from bot.services.announcements import AudienceKind
from handlers.announcements.callbacks import (
    AnnouncementConfirmCallback,
    AudienceCallback,
    AudiencePhaseCallback,
    AudienceSiteCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback


def audience_choice() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("👥 All tenants"), callback_data=AudienceCallback(kind=AudienceKind.all))
    builder.button(text=_("📍 Tenants of one site"), callback_data=AudienceCallback(kind=AudienceKind.site))
    builder.button(text=_("🧭 Households in one phase"), callback_data=AudienceCallback(kind=AudienceKind.phase))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


def site_choice(sites: list[str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for index, site in enumerate(sites):
        builder.button(text=site, callback_data=AudienceSiteCallback(index=index))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


def phase_choice(names: dict[Phase, str]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for phase, name in names.items():
        builder.button(text=name, callback_data=AudiencePhaseCallback(phase=phase))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


def announcement_confirmation() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📣 Send"), callback_data=AnnouncementConfirmCallback(send=True))
    builder.button(text=_("✖️ Cancel"), callback_data=AnnouncementConfirmCallback(send=False))
    builder.adjust(1)
    return builder.as_markup()
