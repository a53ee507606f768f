"""Keyboards of the "message to tenants" flow."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import Phase
from bot.services.announcements import AudienceKind
from handlers.announcements.callbacks import (
    AnnouncementConfirmCallback,
    AudienceCallback,
    AudiencePhaseCallback,
    AudienceSiteCallback,
)
from handlers.ui.confirm import confirm_rows
from handlers.ui.layout import button, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.versions import version_rows


def audience_choice() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("👥 All tenants"), AudienceCallback(kind=AudienceKind.all))],
        [button(_("📍 Tenants of one site"), AudienceCallback(kind=AudienceKind.site))],
        [button(_("🧭 Households in one phase"), AudienceCallback(kind=AudienceKind.phase))],
        [back_to_menu_button()],
    )


def site_choice(sites: list[str]) -> InlineKeyboardMarkup:
    rows = [[button(site, AudienceSiteCallback(index=index))] for index, site in enumerate(sites)]
    return keyboard(*rows, [back_to_menu_button()])


def phase_choice(names: dict[Phase, str]) -> InlineKeyboardMarkup:
    rows = [[button(name, AudiencePhaseCallback(phase=phase))] for phase, name in names.items()]
    return keyboard(*rows, [back_to_menu_button()])


def announcement_confirmation(main_locale: str, versions: dict[str, str]) -> InlineKeyboardMarkup:
    """Send, a version in each other language (optional), Cancel."""
    yes, no = confirm_rows(
        AnnouncementConfirmCallback(send=True), AnnouncementConfirmCallback(send=False), yes_text=_("📣 Send")
    )
    return keyboard(yes, *version_rows(main_locale, versions), no)
