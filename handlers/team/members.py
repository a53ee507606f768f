"""The team, for coordinators and administrators: list, change a role,
deactivate or reactivate, hand a member's households over to an animator.

No FSM: each button carries ids, and every rule is checked again by
bot/services/team.py on the press that changes something.
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.commands import clear_person_commands, set_person_commands
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person
from bot.services import households, team
from bot.services.team import Member, TeamError
from handlers.team import keyboards as keyboards
from handlers.team.callbacks import (
    TeamActiveCallback,
    TeamMemberCallback,
    TeamPageCallback,
    TeamReassignCallback,
    TeamRoleCallback,
)
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send

PAGE_SIZE = 8


def _role_names() -> dict:  # type: ignore[type-arg]
    return {role: str(name) for role, name in texts.ROLE_NAMES.items()}


async def _list(session: AsyncSession, offset: int) -> tuple[str, object]:
    members, total = await team.list_team(session, offset=offset, limit=PAGE_SIZE)
    text = _("<b>Team</b> ({total})\n\n🟢 active · ⚪️ deactivated. Tap someone to manage them.").format(total=total)
    return text, keyboards.team_list(members, offset, total, PAGE_SIZE, _role_names())


async def team_command(message: Message, session: AsyncSession) -> None:
    text, markup = await _list(session, 0)
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


async def team_button(query: CallbackQuery, session: AsyncSession) -> None:
    text, markup = await _list(session, 0)
    await edit_or_send(query, text, reply_markup=markup)


async def team_page(query: CallbackQuery, callback_data: TeamPageCallback, session: AsyncSession) -> None:
    text, markup = await _list(session, max(0, callback_data.offset))
    await edit_or_send(query, text, reply_markup=markup)


def _member_text(member: Member) -> str:
    person = member.person
    lines = [
        f"<b>{escape(person.name, quote=False)}</b> · {texts.ROLE_NAMES[person.role]}",
        _("Active") if person.active else _("Deactivated: no access to the assistant"),
    ]
    if member.households:
        lines.append(_("Households followed: {count}").format(count=member.households))
    return "\n".join(lines)


async def _show_member(
    query: CallbackQuery, person: Person, session: AsyncSession, person_id: int, note: str = ""
) -> None:
    member = await team.get_member(session, person_id)
    if member is None:
        await edit_or_send(query, _("This person is not in the team."), reply_markup=back_to_menu())
        return
    roles = team.roles_offered(person, member.person)
    markup = keyboards.member_actions(member, roles, _role_names(), team.may_manage(person, member.person))
    await edit_or_send(query, (note + "\n\n" if note else "") + _member_text(member), reply_markup=markup)


async def member(
    query: CallbackQuery, callback_data: TeamMemberCallback, person: Person, session: AsyncSession
) -> None:
    await _show_member(query, person, session, callback_data.person_id)


async def change_role(
    query: CallbackQuery,
    callback_data: TeamRoleCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    bot: Bot,
    i18n: I18n,
) -> None:
    try:
        target = await team.change_role(session, person, callback_data.person_id, callback_data.role, now=clock.now())
    except TeamError:
        await _refuse(query)
        return
    await session.commit()
    try:  # their command menu follows their new role
        await set_person_commands(bot, target, i18n)
    except TelegramAPIError:
        pass  # they have not written to the bot yet: they get it when they join
    note = _("✅ {name} is now {role}.").format(
        name=escape(target.name, quote=False), role=texts.ROLE_NAMES[target.role]
    )
    await _show_member(query, person, session, target.id, note)


async def ask_deactivation(
    query: CallbackQuery, callback_data: TeamActiveCallback, person: Person, session: AsyncSession
) -> None:
    member = await team.get_member(session, callback_data.person_id)
    if member is None or not team.may_manage(person, member.person):
        await _refuse(query)
        return
    await edit_or_send(
        query,
        _(
            "Deactivate {name}?\nThey will lose all access to the assistant at once. Their households stay assigned until you hand them over."
        ).format(name=escape(member.person.name, quote=False)),
        reply_markup=keyboards.confirm_deactivation(callback_data.person_id),
    )


async def set_active(
    query: CallbackQuery,
    callback_data: TeamActiveCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    bot: Bot,
) -> None:
    try:
        target = await team.set_active(session, person, callback_data.person_id, callback_data.active, now=clock.now())
    except TeamError:
        await _refuse(query)
        return
    await session.commit()
    if not target.active:
        await clear_person_commands(bot, target.telegram_id)
        note = _("🚫 {name} is deactivated.")
    else:
        note = _("✅ {name} is active again.")
    await _show_member(query, person, session, target.id, note.format(name=escape(target.name, quote=False)))


async def choose_animator(
    query: CallbackQuery, callback_data: TeamReassignCallback, person: Person, session: AsyncSession
) -> None:
    member = await team.get_member(session, callback_data.from_id)
    if member is None or not team.may_manage(person, member.person) or not member.households:
        await _refuse(query)
        return
    animators = [a for a in await households.list_animators(session) if a.id != callback_data.from_id]
    if not animators:
        await edit_or_send(query, _("There is no other active animator yet."), reply_markup=back_to_menu())
        return
    await edit_or_send(
        query,
        _("Which animator takes over the {count} households of {name}?").format(
            count=member.households, name=escape(member.person.name, quote=False)
        ),
        reply_markup=keyboards.animator_choice(callback_data.from_id, animators),
    )


async def reassign(
    query: CallbackQuery, callback_data: TeamReassignCallback, person: Person, session: AsyncSession, clock: Clock
) -> None:
    member = await team.get_member(session, callback_data.from_id)
    try:
        if member is None or not team.may_manage(person, member.person):
            raise TeamError("not_allowed")
        count = await team.reassign(session, person, callback_data.from_id, callback_data.to_id, now=clock.now())
    except TeamError:
        await _refuse(query)
        return
    await session.commit()
    await _show_member(
        query, person, session, callback_data.from_id, _("✅ {count} households handed over.").format(count=count)
    )


async def _refuse(query: CallbackQuery) -> None:
    await edit_or_send(query, _("You cannot do this for this person."), reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.message.register(team_command, Command("equipe", "team"))
    router.callback_query.register(team_button, MenuCallback.filter(F.action == MenuAction.team))
    router.callback_query.register(team_page, TeamPageCallback.filter())
    router.callback_query.register(member, TeamMemberCallback.filter())
    router.callback_query.register(change_role, TeamRoleCallback.filter())
    router.callback_query.register(ask_deactivation, TeamActiveCallback.filter(~F.active & ~F.confirm))
    router.callback_query.register(set_active, TeamActiveCallback.filter(F.confirm))
    router.callback_query.register(choose_animator, TeamReassignCallback.filter(F.to_id == 0))
    router.callback_query.register(reassign, TeamReassignCallback.filter(F.to_id != 0))
    return router
