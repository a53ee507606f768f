"""Keyboard builders. One button per row: big targets for thumbs."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import LANGUAGE_NAMES
from bot.keyboards.callback_data import (
    ConsentCallback,
    EraseCallback,
    LanguageCallback,
    Locale,
    MenuAction,
    MenuCallback,
)
from bot.models import Person, Role


def language_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for code, name in LANGUAGE_NAMES.items():
        builder.button(text=name, callback_data=LanguageCallback(locale=Locale(code)))
    builder.adjust(1)
    return builder.as_markup()


def consent_keyboard() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ I agree"), callback_data=ConsentCallback(accept=True))
    builder.button(text=_("✖️ No, thank you"), callback_data=ConsentCallback(accept=False))
    builder.button(text=_("🌐 Another language"), callback_data=MenuCallback(action=MenuAction.language))
    builder.adjust(1)
    return builder.as_markup()


def main_menu(person: Person) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🛠 DIY tutorials"), callback_data=MenuCallback(action=MenuAction.tutorials))
    builder.button(text=_("💡 Energy tips"), callback_data=MenuCallback(action=MenuAction.tips))
    if person.role.is_staff:
        builder.button(text=_("📤 Send a tutorial or a tip"), callback_data=MenuCallback(action=MenuAction.share))
    if person.role.manages_programme:
        builder.button(text=_("🏠 Households"), callback_data=MenuCallback(action=MenuAction.households))
        builder.button(text=_("➕ New household"), callback_data=MenuCallback(action=MenuAction.new_household))
        builder.button(text=_("✉️ Invite someone"), callback_data=MenuCallback(action=MenuAction.new_invite))
        builder.button(text=_("📣 Message to tenants"), callback_data=MenuCallback(action=MenuAction.announce))
        builder.button(text=_("👥 Team"), callback_data=MenuCallback(action=MenuAction.team))
    if person.role is Role.admin:
        builder.button(text=_("📜 Journal"), callback_data=MenuCallback(action=MenuAction.journal))
    if person.role is Role.animator:
        builder.button(text=_("🏠 My households"), callback_data=MenuCallback(action=MenuAction.households))
    builder.button(text=_("🌐 Language"), callback_data=MenuCallback(action=MenuAction.language))
    builder.button(text=_("❓ Help"), callback_data=MenuCallback(action=MenuAction.help))
    builder.button(text=_("📄 My data"), callback_data=MenuCallback(action=MenuAction.my_data))
    builder.button(text=_("🗑 Delete my data"), callback_data=MenuCallback(action=MenuAction.erase))
    builder.adjust(1)
    return builder.as_markup()


def back_to_menu() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    return builder.as_markup()


def erase_confirmation() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🗑 Yes, delete everything"), callback_data=EraseCallback(confirm=True))
    builder.button(text=_("⬅️ No, keep my account"), callback_data=EraseCallback(confirm=False))
    builder.adjust(1)
    return builder.as_markup()
