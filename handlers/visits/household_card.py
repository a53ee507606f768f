"""A household's card for staff, under "🏠 Visits by household": changing its
programme phase (entering follow-up sends the closing questionnaire; closing
starts the retention period, after a confirmation) and where visits take place.

Coordinators and administrators act on every household, an animator on the
ones assigned to them (households.follows); closing is for coordinators."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Household, Person, Phase
from bot.services import households, retention
from handlers.ui import texts
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits.callbacks import (
    HouseholdAddressCallback,
    HouseholdPhaseCallback,
    HouseholdVisitsCallback,
)
from handlers.visits.states import HouseholdAddress


def _back(household_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("⬅️ Back to the household"), callback_data=HouseholdVisitsCallback(household_id=household_id))
    return builder.as_markup()


async def _managed(session: AsyncSession, person: Person, household_id: int) -> Household | None:
    household = await session.get(Household, household_id)
    if household is None or not households.follows(person, household):
        return None
    return household


def card_buttons(builder: InlineKeyboardBuilder, household: Household, person: Person) -> None:
    """The card's own buttons, added to the household's visits screen."""
    household_id = household.id
    if household.phase is not Phase.closed:
        for phase in (Phase.referred, Phase.preparation, Phase.works, Phase.follow_up):
            if phase is not household.phase:
                label = _("➡️ Move to phase: {phase}").format(phase=texts.PHASE_NAMES[phase])
                builder.button(text=label, callback_data=HouseholdPhaseCallback(household_id=household_id, phase=phase))
        if person.role.manages_programme:
            builder.button(
                text=_("🏁 End the accompaniment"),
                callback_data=HouseholdPhaseCallback(household_id=household_id, phase=Phase.closed),
            )
        builder.button(text=_("🏠 Set the address"), callback_data=HouseholdAddressCallback(household_id=household_id))


async def change_phase(
    query: CallbackQuery,
    callback_data: HouseholdPhaseCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    household = await _managed(session, person, callback_data.household_id)
    if household is None or household.phase is Phase.closed:
        refuse(callback_answer)
        return
    now = clock.now()
    if callback_data.phase is Phase.closed:
        if not person.role.manages_programme:
            refuse(callback_answer)
            return
        if not callback_data.confirm:
            builder = InlineKeyboardBuilder()
            confirm = HouseholdPhaseCallback(household_id=household.id, phase=Phase.closed, confirm=True)
            builder.button(text=_("🏁 Yes, end it"), callback_data=confirm)
            builder.button(text=_("⬅️ No, go back"), callback_data=HouseholdVisitsCallback(household_id=household.id))
            builder.adjust(1)
            text = _(
                "End the accompaniment of {reference}? Its tenants keep using the assistant; "
                "its data is anonymised {months} months from today."
            ).format(reference=household.reference, months=settings.retention_months)
            await edit_or_send(query, text, reply_markup=builder.as_markup())
            return
        await retention.close_household(session, household, now=now, actor_id=person.id)
    else:
        await households.set_phase(session, household, callback_data.phase, now=now, tz=settings.tz, actor_id=person.id)
    await session.commit()
    text = _("✅ {reference} is now at the phase: {phase}.").format(
        reference=household.reference, phase=texts.PHASE_NAMES[household.phase]
    )
    if household.phase is Phase.follow_up:
        text += "\n" + _("Its tenants get the end-of-accompaniment questionnaire tomorrow morning.")
    await edit_or_send(query, text, reply_markup=_back(household.id))


async def ask_address(
    query: CallbackQuery,
    callback_data: HouseholdAddressCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    household = await _managed(session, person, callback_data.household_id)
    if household is None:
        refuse(callback_answer)
        return
    await state.set_state(HouseholdAddress.text)
    await state.update_data(household_id=household.id)
    await edit_or_send(
        query,
        _("Type the address where visits take place, e.g. <i>12 rue des Lilas, bât. B, 3e étage</i>."),
        reply_markup=_back(household.id),
    )


async def got_address(message: Message, state: FSMContext, person: Person, session: AsyncSession) -> None:
    if households.clean_address(message.text) is None:
        await message.answer(_("An address has 1 to 200 characters. Try again."))
        return
    data = await state.get_data()
    await state.clear()
    household = await _managed(session, person, int(data.get("household_id", 0)))
    if household is None:
        await message.answer(_("This household is no longer yours to change."))
        return
    await households.set_address(session, household, message.text)
    await session.commit()
    await message.answer(_("✅ Address saved."), reply_markup=_back(household.id))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(change_phase, HouseholdPhaseCallback.filter())
    router.callback_query.register(ask_address, HouseholdAddressCallback.filter())
    router.message.register(got_address, HouseholdAddress.text, F.text)
    return router
