"""Keyboards of the team screens."""

from __future__ import annotations

from collections.abc import Mapping

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import Person, Role
from bot.services.paging import Page
from bot.services.team import Member
from handlers.team.callbacks import (
    TeamActiveCallback,
    TeamMemberCallback,
    TeamPageCallback,
    TeamReassignCallback,
    TeamRoleCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.confirm import confirmation
from handlers.ui.layout import Row, button, keyboard
from handlers.ui.menus import back_to_menu_button
from handlers.ui.pager import pager_row

PAGE_SIZE = 8


def team_list(page: Page[Member], role_names: Mapping[Role, str]) -> InlineKeyboardMarkup:
    def member_row(member: Member) -> Row:
        person = member.person
        mark = "🟢" if person.active else "⚪️"
        return [button(f"{mark} {person.name} · {role_names[person.role]}", TeamMemberCallback(person_id=person.id))]

    return keyboard(
        *(member_row(member) for member in page.rows),
        pager_row(page, lambda offset: TeamPageCallback(offset=offset)),
        [back_to_menu_button()],
    )


def member_actions(
    member: Member, roles: list[Role], role_names: Mapping[Role, str], can_manage: bool
) -> InlineKeyboardMarkup:
    person_id = member.person.id
    rows = [
        [
            button(
                _("Make them {role}").format(role=role_names[role]),
                TeamRoleCallback(person_id=person_id, role=role),
            )
        ]
        for role in roles
    ]
    if can_manage:
        if member.person.active:
            rows.append([button(_("🚫 Deactivate"), TeamActiveCallback(person_id=person_id, active=False))])
        else:
            rows.append(
                [button(_("✅ Reactivate"), TeamActiveCallback(person_id=person_id, active=True, confirm=True))]
            )
    if member.households and can_manage:
        rows.append([button(_("🔁 Hand over their households"), TeamReassignCallback(from_id=person_id))])
    rows.append([button(_("⬅️ Team"), MenuCallback(action=MenuAction.team))])
    return keyboard(*rows)


def confirm_deactivation(person_id: int) -> InlineKeyboardMarkup:
    return confirmation(
        TeamActiveCallback(person_id=person_id, active=False, confirm=True),
        TeamMemberCallback(person_id=person_id),
        yes_text=_("🚫 Yes, deactivate"),
        no_text=_("⬅️ No"),
    )


def animator_choice(from_id: int, animators: list[Person]) -> InlineKeyboardMarkup:
    return keyboard(
        *(
            [button(animator.name, TeamReassignCallback(from_id=from_id, to_id=animator.id))]
            for animator in animators
            if animator.id != from_id
        ),
        [button(_("⬅️ Back"), TeamMemberCallback(person_id=from_id))],
    )
