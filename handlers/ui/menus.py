"""The main keyboards. One button per row: big targets for thumbs."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.i18n import LANGUAGE_NAMES
from bot.middlewares import household_closed_var
from bot.models import Person, Role
from handlers.ui.callbacks import LanguageCallback, Locale, MenuAction, MenuCallback
from handlers.ui.layout import button, column


def language_keyboard() -> InlineKeyboardMarkup:
    return column((name, LanguageCallback(locale=Locale(code))) for code, name in LANGUAGE_NAMES.items())


def main_menu(person: Person) -> InlineKeyboardMarkup:
    buttons = []
    if person.role is Role.referent:  # a partner's social worker: their referrals, nothing of the team's
        return column(
            [
                (_("📨 Refer a household"), MenuCallback(action=MenuAction.refer)),
                (_("📂 My referrals"), MenuCallback(action=MenuAction.my_referrals)),
                *_for_everyone(),
            ]
        )
    if person.role is Role.tenant and person.household_id is not None:
        if not household_closed_var.get():  # the accompaniment has ended: no more visits to book
            buttons.append((_("📅 Book a home visit"), MenuCallback(action=MenuAction.book_visit)))
        buttons.append((_("📋 My visits"), MenuCallback(action=MenuAction.my_visits)))
    if person.role is Role.animator:
        buttons += [
            (_("📋 My day"), MenuCallback(action=MenuAction.my_day)),
            (_("🕘 My availability"), MenuCallback(action=MenuAction.availability)),
            (_("🏠 My households"), MenuCallback(action=MenuAction.households)),
        ]
    elif person.role.is_staff:
        buttons.append((_("🏠 Households"), MenuCallback(action=MenuAction.households)))
    buttons += [
        (_("🛠 DIY tutorials"), MenuCallback(action=MenuAction.tutorials)),
        (_("💡 Energy tips"), MenuCallback(action=MenuAction.tips)),
        (_("🗓 Workshops"), MenuCallback(action=MenuAction.workshops)),
    ]
    if person.role is Role.tenant:
        buttons.append((_("📝 My opinion"), MenuCallback(action=MenuAction.my_opinion)))
        if person.household_id is not None:
            buttons.append((_("✉️ Write to my animator"), MenuCallback(action=MenuAction.relay)))
        buttons.append((_("🚨 Emergency"), MenuCallback(action=MenuAction.emergency)))
    if person.role.is_staff:
        buttons.append((_("📤 Send a tutorial or a tip"), MenuCallback(action=MenuAction.share)))
    if person.role.manages_programme:
        buttons += [
            (_("➕ New household"), MenuCallback(action=MenuAction.new_household)),
            (_("✉️ Invite someone"), MenuCallback(action=MenuAction.new_invite)),
            (_("📨 Referrals"), MenuCallback(action=MenuAction.referrals)),
            (_("📣 Message to tenants"), MenuCallback(action=MenuAction.announce)),
            (_("📊 Replies"), MenuCallback(action=MenuAction.replies)),
            (_("👥 Team"), MenuCallback(action=MenuAction.team)),
        ]
    if person.role is Role.admin:
        buttons.append((_("📜 Journal"), MenuCallback(action=MenuAction.journal)))
    return column(buttons + _for_everyone())


def _for_everyone() -> list[tuple[str, MenuCallback]]:
    return [
        (_("🌐 Language"), MenuCallback(action=MenuAction.language)),
        (_("❓ Help"), MenuCallback(action=MenuAction.help)),
        (_("📄 My data"), MenuCallback(action=MenuAction.my_data)),
        (_("🗑 Delete my data"), MenuCallback(action=MenuAction.erase)),
    ]


def back_to_menu_button() -> InlineKeyboardButton:
    """The way out of every screen: never a dead end."""
    return button(_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu))


def back_to_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[back_to_menu_button()]])
