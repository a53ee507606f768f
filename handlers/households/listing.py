"""Households: staff see the one list (an animator only theirs, bot/services/households.households_of),
with the tenants' first names; each household opens its card, which the visits feature shows
(ui.callbacks.HouseholdCardCallback)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import households
from handlers.households import keyboards, texts
from handlers.households.callbacks import HouseholdPageCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send


async def _screen(session: AsyncSession, person: Person, offset: int) -> tuple[str, InlineKeyboardMarkup]:
    page = await households.households_of(session, person, offset=offset, limit=keyboards.LIST_PAGE_SIZE)
    return texts.household_list(page), keyboards.household_list(page, can_invite=person.role.manages_programme)


async def list_command(message: Message, person: Person, session: AsyncSession) -> None:
    text, markup = await _screen(session, person, 0)
    await message.answer(text, reply_markup=markup)


async def list_button(query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession) -> None:
    await state.clear()
    text, markup = await _screen(session, person, 0)
    await edit_or_send(query, text, reply_markup=markup)


async def list_page(
    query: CallbackQuery, callback_data: HouseholdPageCallback, person: Person, session: AsyncSession
) -> None:
    text, markup = await _screen(session, person, callback_data.offset)
    await edit_or_send(query, text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(*STAFF))
    router.callback_query.filter(IsMember(*STAFF))
    router.message.register(list_command, Command("menages"))
    # book_for: "🏠 Visits by household" of menus sent before the two lists became one.
    router.callback_query.register(
        list_button, MenuCallback.filter(F.action.in_({MenuAction.households, MenuAction.book_for}))
    )
    router.callback_query.register(list_page, HouseholdPageCallback.filter())
    return router
