"""Keyboards of the household and invitation flows."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import Person, Role
from bot.services.households import HouseholdRow
from bot.services.paging import Page
from handlers.households.callbacks import (
    AnimatorChoiceCallback,
    HouseholdConfirmCallback,
    HouseholdPageCallback,
    InviteHouseholdCallback,
    InviteHouseholdPageCallback,
    InviteRoleCallback,
    PriorityCallback,
)
from handlers.ui.callbacks import HouseholdCardCallback, MenuAction, MenuCallback
from handlers.ui.confirm import confirmation
from handlers.ui.layout import button, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.pager import pager_row

LIST_PAGE_SIZE = 8
INVITE_PAGE_SIZE = 6


LABEL_MAX = 30  # what a phone shows of an inline button


def household_button_label(row: HouseholdRow) -> str:
    """ "🏠 PAH-001 · Amina, Karim": the reference staff file it under, the first names they know."""
    label = f"🏠 {row.household.reference}"
    if row.tenants:
        label += " · " + ", ".join(row.tenants)
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1] + "…"


def household_list(page: Page[HouseholdRow], *, can_invite: bool) -> InlineKeyboardMarkup:
    """A button per household, to its card (handlers/visits); the pager, a new household, the menu."""
    return keyboard(
        *(
            [button(household_button_label(row), HouseholdCardCallback(household_id=row.household.id))]
            for row in page.rows
        ),
        pager_row(page, lambda offset: HouseholdPageCallback(offset=offset)),
        [button(_("➕ New household"), MenuCallback(action=MenuAction.new_household))] if can_invite else [],
        [back_to_menu_button()],
    )


def yes_no_priority() -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("Yes"), PriorityCallback(priority=True)), button(_("No"), PriorityCallback(priority=False))]
    )


def animator_choice(animators: list[Person]) -> InlineKeyboardMarkup:
    return keyboard(
        *([button(animator.name, AnimatorChoiceCallback(person_id=animator.id))] for animator in animators),
        [button(_("Nobody for now"), AnimatorChoiceCallback(person_id=0))],
    )


def household_confirmation() -> InlineKeyboardMarkup:
    return confirmation(
        HouseholdConfirmCallback(confirm=True), HouseholdConfirmCallback(confirm=False), yes_text=_("✅ Create")
    )


def after_household_created(household_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("✉️ Invite the tenant now"), InviteHouseholdCallback(household_id=household_id))],
        [back_to_menu_button()],
    )


def invite_roles(can_invite_staff: bool) -> InlineKeyboardMarkup:
    rows = [[button(_("🏠 A tenant (household)"), InviteRoleCallback(role=Role.tenant))]]
    if can_invite_staff:
        rows.append([button(_("🧰 An animator"), InviteRoleCallback(role=Role.animator))])
        rows.append([button(_("📋 A coordinator"), InviteRoleCallback(role=Role.coordinator))])
        rows.append([button(_("🤝 A social referent"), MenuCallback(action=MenuAction.invite_referent))])
    return keyboard(*rows, [back_to_menu_button()])


def invite_household_choice(page: Page[HouseholdRow]) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            [
                button(
                    f"{row.household.reference} · {row.household.site}",
                    InviteHouseholdCallback(household_id=row.household.id),
                )
            ]
            for row in page.rows
        ),
        pager_row(page, lambda offset: InviteHouseholdPageCallback(offset=offset)),
        [back_to_menu_button()],
    )
