"""Keyboards of the team screens (handlers/team.py)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.models import Person, Role
from bot.services.team import Member
from handlers.team.callbacks import (
    TeamActiveCallback,
    TeamMemberCallback,
    TeamPageCallback,
    TeamReassignCallback,
    TeamRoleCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback


def team_list(members: list[Member], offset: int, total: int, limit: int, role_names: dict) -> InlineKeyboardMarkup:  # type: ignore[type-arg]
    builder = InlineKeyboardBuilder()
    for member in members:
        person = member.person
        mark = "🟢" if person.active else "⚪️"
        builder.button(
            text=f"{mark} {person.name} · {role_names[person.role]}",
            callback_data=TeamMemberCallback(person_id=person.id),
        )
    pager = 0
    if offset > 0:
        builder.button(text=_("◀️ Previous"), callback_data=TeamPageCallback(offset=max(0, offset - limit)))
        pager += 1
    if offset + limit < total:
        builder.button(text=_("Next ▶️"), callback_data=TeamPageCallback(offset=offset + limit))
        pager += 1
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(*([1] * len(members)), *([pager] if pager else []), 1)
    return builder.as_markup()


def member_actions(member: Member, roles: list[Role], role_names: dict, can_manage: bool) -> InlineKeyboardMarkup:  # type: ignore[type-arg]
    builder = InlineKeyboardBuilder()
    person_id = member.person.id
    for role in roles:
        builder.button(
            text=_("Make them {role}").format(role=role_names[role]),
            callback_data=TeamRoleCallback(person_id=person_id, role=role),
        )
    if can_manage:
        if member.person.active:
            builder.button(text=_("🚫 Deactivate"), callback_data=TeamActiveCallback(person_id=person_id, active=False))
        else:
            builder.button(
                text=_("✅ Reactivate"),
                callback_data=TeamActiveCallback(person_id=person_id, active=True, confirm=True),
            )
    if member.households and can_manage:
        builder.button(text=_("🔁 Hand over their households"), callback_data=TeamReassignCallback(from_id=person_id))
    builder.button(text=_("⬅️ Team"), callback_data=MenuCallback(action=MenuAction.team))
    builder.adjust(1)
    return builder.as_markup()


def confirm_deactivation(person_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("🚫 Yes, deactivate"), callback_data=TeamActiveCallback(person_id=person_id, active=False, confirm=True)
    )
    builder.button(text=_("⬅️ No"), callback_data=TeamMemberCallback(person_id=person_id))
    builder.adjust(1)
    return builder.as_markup()


def animator_choice(from_id: int, animators: list[Person]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for animator in animators:
        if animator.id != from_id:
            builder.button(text=animator.name, callback_data=TeamReassignCallback(from_id=from_id, to_id=animator.id))
    builder.button(text=_("⬅️ Back"), callback_data=TeamMemberCallback(person_id=from_id))
    builder.adjust(1)
    return builder.as_markup()
