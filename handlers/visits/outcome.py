"""Staff say how a visit went, once it has started: done (and whether the social
worker was there, by name, for the meetings with them: referent_visits.record_presence) or missed (the household is told and
offered another time), then a note and the next step, each saved as it is typed.
After a first meeting or a closing visit, the last screen proposes the household's
next phase (household_card.py changes it). booking.close and set_outcome check who
keeps the visit."""

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
from bot.models import Household, Person, Phase, Visit, VisitKind, VisitStatus
from bot.services import people, referent_visits
from bot.services.visits import access, booking
from bot.services.visits.access import BookingRefused
from handlers.ui.callbacks import SkipCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import keyboards, texts
from handlers.visits.callbacks import ReferentCallback, VisitAction, VisitActionCallback
from handlers.visits.states import VisitOutcome

WITH_REFERENT = referent_visits.WITH_REFERENT


async def close(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    found = await access.managed_visit(session, person, callback_data.visit_id)
    if found is None or not booking.can_close(found[0], clock.now()):
        refuse(callback_answer)
        return
    visit = found[0]
    done = callback_data.action is VisitAction.done
    if done and visit.kind in WITH_REFERENT:
        name = await referent_visits.referent_name(session, visit)
        await edit_or_send(query, texts.referent_question(name), reply_markup=keyboards.referent(visit.id))
        return
    await _record(query, visit, done, None, state, person, session, clock, settings, callback_answer)


async def referent(
    query: CallbackQuery,
    callback_data: ReferentCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    found = await access.managed_visit(session, person, callback_data.visit_id)
    if found is None or not booking.can_close(found[0], clock.now()):
        refuse(callback_answer)
        return
    await _record(
        query, found[0], True, callback_data.present, state, person, session, clock, settings, callback_answer
    )


async def _record(
    query: CallbackQuery,
    visit: Visit,
    done: bool,
    referent_present: bool | None,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    """The outcome is saved at once; the note and the next step are added to it as they are typed."""
    try:
        await booking.close(
            session, visit, done=done, by=person, referent_present=referent_present, now=clock.now(), tz=settings.tz
        )
    except BookingRefused as refused:
        refuse(callback_answer, texts.refusal_text(refused.reason))
        return
    await session.commit()
    await state.set_state(VisitOutcome.note)
    await state.update_data(visit_id=visit.id)
    await edit_or_send(query, texts.outcome_recorded(done), reply_markup=keyboards.skip())


async def _visit_in_state(state: FSMContext, person: Person, session: AsyncSession) -> tuple[Visit, Household] | None:
    data = await state.get_data()
    return await access.managed_visit(session, person, int(data.get("visit_id", 0)))


async def _save(
    message: Message,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    *,
    note: str | None = None,
    next_step: str | None = None,
) -> tuple[Visit, Household] | None:
    """The note or the next step saved; None (and said) when the visit is gone or no longer the person's."""
    found = await _visit_in_state(state, person, session)
    try:
        if found is None:
            raise BookingRefused(access.Refusal.not_allowed)
        await booking.set_outcome(session, found[0], by=person, note=note, next_step=next_step)
    except BookingRefused:
        await state.clear()
        await message.answer(_("This visit no longer exists."))
        return None
    await session.commit()
    return found


async def got_note(message: Message, state: FSMContext, person: Person, session: AsyncSession) -> None:
    if await _save(message, state, person, session, note=message.text) is not None:
        await _ask_next_step(message, state)


async def skip_note(query: CallbackQuery, state: FSMContext) -> None:
    assert isinstance(query.message, Message)
    await _ask_next_step(query.message, state)


async def _ask_next_step(message: Message, state: FSMContext) -> None:
    await state.set_state(VisitOutcome.next_step)
    await message.answer(_("What is the next step? (or Skip)"), reply_markup=keyboards.skip())


async def got_next_step(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, settings: Settings
) -> None:
    found = await _save(message, state, person, session, next_step=message.text)
    await state.clear()
    if found is not None:
        await _finish(message, person, session, found, settings)


async def skip_next_step(
    query: CallbackQuery, state: FSMContext, person: Person, session: AsyncSession, settings: Settings
) -> None:
    found = await _visit_in_state(state, person, session)
    await state.clear()
    if found is None or not isinstance(query.message, Message):
        return
    await _finish(query.message, person, session, found, settings)


async def _finish(
    message: Message, person: Person, session: AsyncSession, found: tuple[Visit, Household], settings: Settings
) -> None:
    visit, household = found
    names = [tenant.name for tenant in await people.tenants_of(session, household.id)]
    text = (
        _("Saved in the household's history.")
        + "\n\n"
        + texts.staff_card(
            visit, household, names, settings.tz, await referent_visits.invited_referent(session, visit.id)
        )
    )
    proposed = booking.next_phase(visit, household)
    may_end = (
        visit.kind is VisitKind.closing
        and visit.status is VisitStatus.done
        and household.phase is Phase.follow_up
        and access.may_end_accompaniment(person, household)
    )
    if proposed is not None or may_end:
        text += "\n\n" + texts.next_phase_proposal(household, proposed)
    await message.answer(text, reply_markup=keyboards.outcome_saved(household.id, proposed, may_end=may_end))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(
        close, VisitActionCallback.filter(F.action.in_({VisitAction.done, VisitAction.missed}))
    )
    router.callback_query.register(referent, ReferentCallback.filter())
    router.message.register(got_note, VisitOutcome.note, F.text)
    router.callback_query.register(skip_note, VisitOutcome.note, SkipCallback.filter())
    router.message.register(got_next_step, VisitOutcome.next_step, F.text)
    router.callback_query.register(skip_next_step, VisitOutcome.next_step, SkipCallback.filter())
    return router
