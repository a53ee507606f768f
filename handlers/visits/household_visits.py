"""Staff: a household's card — its phase, address and every visit — opened from the
households list (handlers/households, which presses ui.callbacks.HouseholdCardCallback)
or from a visit; and choosing what a visit booked for it is for (booking.py books it)."""

from __future__ import annotations

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import household_file, people
from bot.services import worksite_kit as worksite_kit_figures
from bot.services.visits import access, booking
from bot.services.worksite import figures as worksite_figures
from handlers.ui import worksite_kit
from handlers.ui.callbacks import HouseholdCardCallback
from handlers.ui.cutting import cut_html
from handlers.ui.household_file import file_lines
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import VisitHouseholdCallback


async def household_visits(
    query: CallbackQuery,
    callback_data: HouseholdCardCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    household = await access.followed_household(session, person, callback_data.household_id)
    if household is None:
        refuse(callback_answer)
        return
    history = await booking.history(session, household.id)
    lines = [(visit, texts.history_line(visit, settings.tz)) for visit in history]
    tenants = [tenant.name for tenant in await people.tenants_of(session, household.id)]
    today = clock.now().astimezone(settings.tz).date()
    kit = worksite_kit.card_lines(await worksite_kit_figures.card_summary(session, household.id, today=today))
    partners = file_lines(await household_file.file_for(session, person, household))  # issue 18's file
    await edit_or_send(
        query,
        cut_html(
            texts.household_visits(household, tenants, history, settings.tz, kit)
            + texts.worksite_lines(await worksite_figures.card_summary(session, household.id))
            + ("\n\n" + partners if partners else "")
        ),
        reply_markup=keyboards.household_visits(household, lines, person, worksite_kit.card_row(household.id)),
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
    router.callback_query.register(household_visits, HouseholdCardCallback.filter())
    router.callback_query.register(pick_kind, VisitHouseholdCallback.filter())
    return router
