"""Staff: "🏠 Visits by household": the households they follow, one household's
visits and card, and choosing what a visit booked for it is for (booking.py
books it)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, Role
from bot.services import households
from bot.services.paging import Page
from bot.services.visits import access, booking
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import HouseholdListCallback, HouseholdVisitsCallback, VisitHouseholdCallback

PAGE_SIZE = 40


async def _show_list(query: CallbackQuery, person: Person, session: AsyncSession, offset: int) -> None:
    animator_id = person.id if person.role is Role.animator else None  # an animator sees the ones assigned to them
    found = await households.list_households(session, animator_id=animator_id, offset=offset, limit=PAGE_SIZE)
    page = Page(found.rows, found.total, found.offset, found.limit)
    text = _("<b>🏠 Visits by household</b>\n\nChoose a household.") if page.rows else _("No household yet.")
    await edit_or_send(query, text, reply_markup=keyboards.households(page))


async def households_list(query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession) -> None:
    await state.clear()
    await _show_list(query, person, session, 0)


async def households_page(
    query: CallbackQuery, callback_data: HouseholdListCallback, person: Person, session: AsyncSession
) -> None:
    await _show_list(query, person, session, max(0, callback_data.offset))


async def household_visits(
    query: CallbackQuery,
    callback_data: HouseholdVisitsCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    household = await access.followed_household(session, person, callback_data.household_id)
    if household is None:
        refuse(callback_answer)
        return
    history = await booking.history(session, household.id)
    lines = [(visit, texts.history_line(visit, settings.tz)) for visit in history]
    await edit_or_send(
        query,
        texts.household_visits(household, history, settings.tz),
        reply_markup=keyboards.household_visits(household, lines, person),
    )


async def pick_kind(
    query: CallbackQuery,
    callback_data: VisitHouseholdCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    household = await access.followed_household(session, person, callback_data.household_id)
    if household is None:
        refuse(callback_answer)
        return
    await edit_or_send(
        query,
        _("What is the visit for? (⭐ = the household's phase)"),
        reply_markup=keyboards.visit_kinds(household, access.proposed_kind(household.phase)),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(households_list, MenuCallback.filter(F.action == MenuAction.book_for))
    router.callback_query.register(households_page, HouseholdListCallback.filter())
    router.callback_query.register(household_visits, HouseholdVisitsCallback.filter())
    router.callback_query.register(pick_kind, VisitHouseholdCallback.filter())
    return router
