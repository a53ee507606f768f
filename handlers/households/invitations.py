"""Coordinators create invitations from the chat: a deep link and a code to type.
Who may invite whom, for which household, is bot/services/invites.invite's to say."""

from __future__ import annotations

from datetime import timedelta

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.i18n import format_day
from bot.models import Household, Person, Role
from bot.services import households, invites
from bot.services.invites import InviteError, InviteRefusal
from handlers.households import keyboards, texts
from handlers.households.callbacks import (
    InviteHouseholdCallback,
    InviteHouseholdPageCallback,
    InviteRoleCallback,
)
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send


async def invite_command(message: Message) -> None:
    await message.answer(texts.who_to_invite(), reply_markup=keyboards.invite_roles(can_invite_staff=True))


async def invite_button(query: CallbackQuery) -> None:
    await edit_or_send(query, texts.who_to_invite(), reply_markup=keyboards.invite_roles(can_invite_staff=True))


async def choose_household(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    await _show_households(query, person, session, 0)


async def households_page(
    query: CallbackQuery, callback_data: InviteHouseholdPageCallback, person: Person, session: AsyncSession
) -> None:
    await _show_households(query, person, session, callback_data.offset)


async def _show_households(query: CallbackQuery, person: Person, session: AsyncSession, offset: int) -> None:
    page = await households.households_of(session, person, offset=offset, limit=keyboards.INVITE_PAGE_SIZE)
    if page.total == 0:
        await edit_or_send(query, texts.create_household_first(), reply_markup=back_to_menu())
        return
    await edit_or_send(query, texts.which_household(), reply_markup=keyboards.invite_household_choice(page))


async def invite_tenant(
    query: CallbackQuery,
    callback_data: InviteHouseholdCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    bot: Bot,
    i18n: I18n,
) -> None:
    household = await session.get(Household, callback_data.household_id)
    if household is None:
        await edit_or_send(query, texts.invite_refusal(InviteRefusal.unknown_household), reply_markup=back_to_menu())
        return
    await _create_and_show(query, Role.tenant, household, person, session, clock, settings, bot, i18n)


async def invite_staff(
    query: CallbackQuery,
    callback_data: InviteRoleCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    bot: Bot,
    i18n: I18n,
) -> None:
    await _create_and_show(query, callback_data.role, None, person, session, clock, settings, bot, i18n)


async def _create_and_show(
    query: CallbackQuery,
    role: Role,
    household: Household | None,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    bot: Bot,
    i18n: I18n,
) -> None:
    now = clock.now()
    try:
        invite, code = await invites.invite(
            session,
            person,
            role=role,
            household_id=household.id if household else None,
            now=now,
            ttl=timedelta(days=settings.invite_ttl_days),
        )
    except InviteError as error:
        await edit_or_send(query, texts.invite_refusal(error.reason), reply_markup=back_to_menu())
        return
    await session.commit()  # the link must work the moment it is shown
    link = await create_start_link(bot, code)
    day = format_day(invite.expires_at, i18n.current_locale, settings.tz)
    text = texts.invitation(household, role, link, invites.display_code(code), day)
    await edit_or_send(query, text, reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.message.register(invite_command, Command("inviter", "invite"))
    router.callback_query.register(invite_button, MenuCallback.filter(F.action == MenuAction.new_invite))
    router.callback_query.register(choose_household, InviteRoleCallback.filter(F.role == Role.tenant))
    router.callback_query.register(households_page, InviteHouseholdPageCallback.filter())
    router.callback_query.register(invite_tenant, InviteHouseholdCallback.filter())
    router.callback_query.register(
        invite_staff, InviteRoleCallback.filter(F.role.in_({Role.animator, Role.coordinator}))
    )
    return router
