"""The main keyboards. One button per row: big targets for thumbs.

They depend on the locale and a few facts about the person (role, a household, its
accompaniment ended), never on anything else: each is built once per combination and
kept (aiogram serialises a markup without changing it, and nothing here edits one).
"""

from __future__ import annotations

from functools import lru_cache

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _

from bot.i18n import LANGUAGE_NAMES
from bot.middlewares import household_closed_var
from bot.models import Person, Role
from handlers.ui.callbacks import LanguageCallback, Locale, MenuAction, MenuCallback
from handlers.ui.layout import button, column


def _locale() -> str | None:
    try:
        return get_i18n().current_locale
    except LookupError:  # outside an update (a test building a keyboard by hand)
        return None


def language_keyboard() -> InlineKeyboardMarkup:
    return _language_keyboard(_locale())


@lru_cache(maxsize=8)
def _language_keyboard(_locale: str | None) -> InlineKeyboardMarkup:
    return column((name, LanguageCallback(locale=Locale(code))) for code, name in LANGUAGE_NAMES.items())


def main_menu(person: Person) -> InlineKeyboardMarkup:
    with_household = person.household_id is not None
    return _main_menu(person.role, with_household, with_household and household_closed_var.get(), _locale())


@lru_cache(maxsize=64)  # 4 roles × household or not × ended or not × 3 locales, and room
def _main_menu(role: Role, with_household: bool, closed: bool, _locale: str | None) -> InlineKeyboardMarkup:
    buttons = []
    if role is Role.referent:  # a partner's social worker: their referrals, nothing of the team's
        return column(
            [
                (_("📨 Refer a household"), MenuCallback(action=MenuAction.refer)),
                (_("📂 My referrals"), MenuCallback(action=MenuAction.my_referrals)),
                *_for_everyone(),
            ]
        )
    if role is Role.tenant and with_household:
        if not closed:  # the accompaniment has ended: no more visits to book
            buttons.append((_("📅 Book a home visit"), MenuCallback(action=MenuAction.book_visit)))
        buttons.append((_("📋 My visits"), MenuCallback(action=MenuAction.my_visits)))
        # The worksite's screen also leads to what the household borrowed and to offering help.
        buttons.append((_("🧱 My worksite"), MenuCallback(action=MenuAction.my_worksite)))
    if role is Role.animator:
        buttons += [
            (_("📋 My day"), MenuCallback(action=MenuAction.my_day)),
            (_("🕘 My availability"), MenuCallback(action=MenuAction.availability)),
            (_("🏠 My households"), MenuCallback(action=MenuAction.households)),
        ]
    elif role.is_staff:
        buttons.append((_("🏠 Households"), MenuCallback(action=MenuAction.households)))
    if role.is_staff:
        buttons += worksite_kit_buttons(role)
    buttons += [
        (_("🛠 DIY tutorials"), MenuCallback(action=MenuAction.tutorials)),
        (_("💡 Energy tips"), MenuCallback(action=MenuAction.tips)),
        (_("🗓 Workshops"), MenuCallback(action=MenuAction.workshops)),
    ]
    if role is Role.tenant:
        buttons.append((_("📝 My opinion"), MenuCallback(action=MenuAction.my_opinion)))
        if with_household:
            buttons.append((_("✉️ Write to my animator"), MenuCallback(action=MenuAction.relay)))
        buttons.append((_("🚨 Emergency"), MenuCallback(action=MenuAction.emergency)))
    if role.is_staff:
        buttons.append((_("📤 Send a tutorial or a tip"), MenuCallback(action=MenuAction.share)))
    if role.manages_programme:
        buttons += [
            (_("➕ New household"), MenuCallback(action=MenuAction.new_household)),
            (_("✉️ Invite someone"), MenuCallback(action=MenuAction.new_invite)),
            (_("📨 Referrals"), MenuCallback(action=MenuAction.referrals)),
            (_("📣 Message to tenants"), MenuCallback(action=MenuAction.announce)),
            (_("📊 Replies"), MenuCallback(action=MenuAction.replies)),
            (_("👥 Team"), MenuCallback(action=MenuAction.team)),
        ]
    if role is Role.admin:
        buttons.append((_("📜 Journal"), MenuCallback(action=MenuAction.journal)))
    return column(buttons + _for_everyone())


def _for_everyone() -> list[tuple[str, MenuCallback]]:
    return [
        (_("🌐 Language"), MenuCallback(action=MenuAction.language)),
        (_("❓ Help"), MenuCallback(action=MenuAction.help)),
        (_("📄 My data"), MenuCallback(action=MenuAction.my_data)),
        (_("🗑 Delete my data"), MenuCallback(action=MenuAction.erase)),
    ]


def worksite_kit_buttons(role: Role) -> list[tuple[str, MenuCallback]]:
    """Tools lent and mutual help: the team's two lists (a tenant's two entries are on "🧱 My
    worksite", handlers/worksite/keyboards.py)."""
    return [
        (_("🧰 Tool library"), MenuCallback(action=MenuAction.tools)),
        (_("🤝 Offers of help"), MenuCallback(action=MenuAction.help_offers)),
    ]


def back_to_menu_button() -> InlineKeyboardButton:
    """The way out of every screen: never a dead end."""
    return button(_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu))


def back_to_menu() -> InlineKeyboardMarkup:
    return _back_to_menu(_locale())


@lru_cache(maxsize=8)
def _back_to_menu(_locale: str | None) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[back_to_menu_button()]])
