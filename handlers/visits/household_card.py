"""A household's card for staff, under "🏠 Visits by household": changing its
programme phase (entering follow-up sends the closing questionnaire; closing
starts the retention period, after a confirmation) and where visits take place.

Coordinators and administrators act on every household, an animator on the
ones assigned to them (access.followed_household); closing is for coordinators.
Its buttons are under the household's visits (keyboards.household_visits)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, Phase
from bot.services import households, retention
from bot.services.visits import access
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import HouseholdAddressCallback, HouseholdPhaseCallback
from handlers.visits.states import HouseholdAddress


async def change_phase(
    query: CallbackQuery,
    callback_data: HouseholdPhaseCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    household = await access.followed_household(session, person, callback_data.household_id)
    if household is None or household.phase is Phase.closed:
        refuse(callback_answer)
        return
    now = clock.now()
    if callback_data.phase is Phase.closed:
        if not access.may_end_accompaniment(person, household):
            refuse(callback_answer)
            return
        if not callback_data.confirm:
            await edit_or_send(
                query,
                texts.close_household_question(household, settings.retention_months),
                reply_markup=keyboards.close_household(household.id),
            )
            return
        await retention.close_household(session, household, now=now, actor_id=person.id)
    else:
        await households.set_phase(session, household, callback_data.phase, now=now, tz=settings.tz, actor_id=person.id)
    await session.commit()
    await edit_or_send(query, texts.phase_changed(household), reply_markup=keyboards.back_to_household(household.id))


async def ask_address(
    query: CallbackQuery,
    callback_data: HouseholdAddressCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    household = await access.followed_household(session, person, callback_data.household_id)
    if household is None:
        refuse(callback_answer)
        return
    await state.set_state(HouseholdAddress.text)
    await state.update_data(household_id=household.id)
    await edit_or_send(
        query,
        _("Type the address where visits take place, e.g. <i>12 rue des Lilas, bât. B, 3e étage</i>."),
        reply_markup=keyboards.back_to_household(household.id),
    )


async def got_address(message: Message, state: FSMContext, person: Person, session: AsyncSession) -> None:
    if households.clean_address(message.text) is None:
        await message.answer(_("An address has 1 to 200 characters. Try again."))
        return
    data = await state.get_data()
    await state.clear()
    household = await access.followed_household(session, person, int(data.get("household_id", 0)))
    if household is None:
        await message.answer(_("This household is no longer yours to change."))
        return
    await households.set_address(session, household, message.text)
    await session.commit()
    await message.answer(_("✅ Address saved."), reply_markup=keyboards.back_to_household(household.id))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(change_phase, HouseholdPhaseCallback.filter())
    router.callback_query.register(ask_address, HouseholdAddressCallback.filter())
    router.message.register(got_address, HouseholdAddress.text, F.text)
    return router
