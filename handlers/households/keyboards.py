"""Keyboards of the household and invitation flows."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.models import Person, Role
from bot.services.households import Page
from handlers.households.callbacks import (
    AnimatorChoiceCallback,
    HouseholdConfirmCallback,
    HouseholdPageCallback,
    InviteHouseholdCallback,
    InviteHouseholdPageCallback,
    InviteRoleCallback,
    PriorityCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback


def _pager(builder: InlineKeyboardBuilder, page: Page, make: type[CallbackData]) -> None:
    buttons = []
    if page.has_previous:
        buttons.append((_("◀️ Previous"), make(offset=max(0, page.offset - page.limit))))  # type: ignore[call-arg]
    if page.has_next:
        buttons.append((_("Next ▶️"), make(offset=page.offset + page.limit)))  # type: ignore[call-arg]
    for text, data in buttons:
        builder.button(text=text, callback_data=data)


def household_list(page: Page, *, can_invite: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    _pager(builder, page, HouseholdPageCallback)
    pager_width = int(page.has_previous) + int(page.has_next)
    if can_invite:
        builder.button(text=_("➕ New household"), callback_data=MenuCallback(action=MenuAction.new_household))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(*([pager_width] if pager_width else []), 1)
    return builder.as_markup()


def yes_no_priority() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Yes"), callback_data=PriorityCallback(priority=True))
    builder.button(text=_("No"), callback_data=PriorityCallback(priority=False))
    builder.adjust(2)
    return builder.as_markup()


def animator_choice(animators: list[Person]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for animator in animators:
        builder.button(text=animator.name, callback_data=AnimatorChoiceCallback(person_id=animator.id))
    builder.button(text=_("Nobody for now"), callback_data=AnimatorChoiceCallback(person_id=0))
    builder.adjust(1)
    return builder.as_markup()


def household_confirmation() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✅ Create"), callback_data=HouseholdConfirmCallback(confirm=True))
    builder.button(text=_("✖️ Cancel"), callback_data=HouseholdConfirmCallback(confirm=False))
    builder.adjust(1)
    return builder.as_markup()


def after_household_created(household_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("✉️ Invite the tenant now"), callback_data=InviteHouseholdCallback(household_id=household_id))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


def invite_roles(can_invite_staff: bool) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("🏠 A tenant (household)"), callback_data=InviteRoleCallback(role=Role.tenant))
    if can_invite_staff:
        builder.button(text=_("🧰 An animator"), callback_data=InviteRoleCallback(role=Role.animator))
        builder.button(text=_("📋 A coordinator"), callback_data=InviteRoleCallback(role=Role.coordinator))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


def invite_household_choice(page: Page) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for row in page.rows:
        household = row.household
        builder.button(
            text=f"{household.reference} · {household.site}",
            callback_data=InviteHouseholdCallback(household_id=household.id),
        )
    _pager(builder, page, InviteHouseholdPageCallback)
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    pager_width = int(page.has_previous) + int(page.has_next)
    builder.adjust(*([1] * len(page.rows)), *([pager_width] if pager_width else []), 1)
    return builder.as_markup()
