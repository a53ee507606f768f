"""The team, for coordinators and administrators: list, change a role,
deactivate or reactivate, hand a member's households over to an animator.

No FSM: each button carries ids, and every rule is checked again by
bot/services/team.py on the press that changes something.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.commands import clear_person_commands, set_person_commands
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person
from bot.services import households, team
from bot.services.team import TeamError
from handlers.team import keyboards, texts
from handlers.team.callbacks import (
    TeamActiveCallback,
    TeamMemberCallback,
    TeamPageCallback,
    TeamReassignCallback,
    TeamRoleCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send


async def _list(session: AsyncSession, person: Person, offset: int) -> tuple[str, InlineKeyboardMarkup]:
    page = await team.list_team(session, person, offset=offset, limit=keyboards.PAGE_SIZE)
    return texts.team(page.total), keyboards.team_list(page, texts.role_names())


async def team_command(message: Message, person: Person, session: AsyncSession) -> None:
    text, markup = await _list(session, person, 0)
    await message.answer(text, reply_markup=markup)


async def team_button(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    text, markup = await _list(session, person, 0)
    await edit_or_send(query, text, reply_markup=markup)


async def team_page(
    query: CallbackQuery, callback_data: TeamPageCallback, person: Person, session: AsyncSession
) -> None:
    text, markup = await _list(session, person, callback_data.offset)
    await edit_or_send(query, text, reply_markup=markup)


async def _show_member(
    query: CallbackQuery, person: Person, session: AsyncSession, person_id: int, note: str = ""
) -> None:
    member = await team.get_member(session, person_id)
    if member is None:
        await edit_or_send(query, texts.not_in_team(), reply_markup=back_to_menu())
        return
    roles = team.roles_offered(person, member.person)
    markup = keyboards.member_actions(member, roles, texts.role_names(), team.may_manage(person, member.person))
    await edit_or_send(query, (note + "\n\n" if note else "") + texts.member(member), reply_markup=markup)


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
    await _show_member(query, person, session, target.id, texts.role_changed(target))


async def ask_deactivation(
    query: CallbackQuery, callback_data: TeamActiveCallback, person: Person, session: AsyncSession
) -> None:
    try:
        member = await team.manageable(session, person, callback_data.person_id)
    except TeamError:
        await _refuse(query)
        return
    await edit_or_send(
        query,
        texts.ask_deactivation(member.person),
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
    await _show_member(query, person, session, target.id, texts.activity_changed(target))


async def choose_animator(
    query: CallbackQuery, callback_data: TeamReassignCallback, person: Person, session: AsyncSession
) -> None:
    try:
        member = await team.manageable(session, person, callback_data.from_id)
    except TeamError:
        await _refuse(query)
        return
    if not member.households:
        await _refuse(query)
        return
    animators = [a for a in await households.list_animators(session) if a.id != callback_data.from_id]
    if not animators:
        await edit_or_send(query, texts.no_other_animator(), reply_markup=back_to_menu())
        return
    await edit_or_send(
        query,
        texts.who_takes_over(member),
        reply_markup=keyboards.animator_choice(callback_data.from_id, animators),
    )


async def reassign(
    query: CallbackQuery, callback_data: TeamReassignCallback, person: Person, session: AsyncSession, clock: Clock
) -> None:
    try:
        count = await team.reassign(session, person, callback_data.from_id, callback_data.to_id, now=clock.now())
    except TeamError:
        await _refuse(query)
        return
    await session.commit()
    await _show_member(query, person, session, callback_data.from_id, texts.handed_over(count))


async def _refuse(query: CallbackQuery) -> None:
    await edit_or_send(query, texts.refused(), reply_markup=back_to_menu())


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
