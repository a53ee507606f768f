"""Staff: the open offers of help, matched with an upcoming works visit of another household
(🤝 Offers of help → an offer → a visit → ✅ the helper is invited); on a household's card,
its mutual help (hours given and received, the helpers invited to its visits) and, after a
visit, whether each helper came and for how long (⏱ Record)."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Household, Person
from bot.services import mutual_help
from bot.services.mutual_help import HelpRefused
from handlers.mutual_help import keyboards, texts
from handlers.mutual_help.callbacks import GuestRecordCallback, MatchCallback, OfferCallback
from handlers.ui.callbacks import HouseholdWorksiteCallback, MenuAction, MenuCallback, WorksitePart
from handlers.ui.replies import edit_or_send, refuse


async def offers(query: CallbackQuery, person: Person, session: AsyncSession) -> None:
    views = await mutual_help.open_offers(session, person)
    await edit_or_send(query, texts.offers(views), reply_markup=keyboards.offers(views))


async def offer(
    query: CallbackQuery,
    callback_data: OfferCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        view = await mutual_help.get_offer(session, person, callback_data.offer_id)
        visits = await mutual_help.matchable_visits(session, person, view.offer.id, now=clock.now())
    except HelpRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await edit_or_send(
        query, texts.offer(view, visits, settings.tz), reply_markup=keyboards.offer(view, visits, settings.tz)
    )


async def match(
    query: CallbackQuery,
    callback_data: MatchCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        view = await mutual_help.get_offer(session, person, callback_data.offer_id)
        await mutual_help.match(session, person, view.offer.id, callback_data.visit_id, now=clock.now(), tz=settings.tz)
    except HelpRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await session.commit()
    await edit_or_send(query, texts.matched(view), reply_markup=keyboards.back_to_offers())


async def _household_help(
    query: CallbackQuery, person: Person, session: AsyncSession, household_id: int, clock: Clock, settings: Settings
) -> None:
    hours = await mutual_help.card_hours(session, person, household_id)
    helpers = await mutual_help.helpers_of_household(session, person, household_id)
    household = await session.get(Household, household_id)
    now = clock.now()
    started = {item.guest.id for item in helpers if item.visit.starts_at <= now}
    await edit_or_send(
        query,
        texts.household_help(household.reference if household else "", hours, helpers, settings.tz),
        reply_markup=keyboards.household_help(household_id, helpers, settings.tz, started),
    )


async def household_help(
    query: CallbackQuery,
    callback_data: HouseholdWorksiteCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await _household_help(query, person, session, callback_data.household_id, clock, settings)
    except HelpRefused:
        refuse(callback_answer)


async def record(
    query: CallbackQuery,
    callback_data: GuestRecordCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    now = clock.now()
    try:
        visit_household = await mutual_help.guest_household(session, person, callback_data.guest_id)
        if callback_data.minutes < 0:
            helpers = await mutual_help.helpers_of_household(session, person, visit_household)
            item = next((found for found in helpers if found.guest.id == callback_data.guest_id), None)
            if item is None:
                raise HelpRefused(mutual_help.HelpRefusal.not_yours)
            await edit_or_send(
                query,
                texts.ask_record(item, settings.tz),
                reply_markup=keyboards.record(item.guest.id, visit_household),
            )
            return
        await mutual_help.record(
            session,
            person,
            callback_data.guest_id,
            came=callback_data.minutes > 0,
            minutes=callback_data.minutes,
            now=now,
        )
    except HelpRefused as refused:
        refuse(callback_answer, texts.refusal(refused.reason))
        return
    await session.commit()
    callback_answer.text = "✅"
    await _household_help(query, person, session, visit_household, clock, settings)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(offers, MenuCallback.filter(F.action == MenuAction.help_offers))
    router.callback_query.register(offer, OfferCallback.filter())
    router.callback_query.register(match, MatchCallback.filter())
    router.callback_query.register(household_help, HouseholdWorksiteCallback.filter(F.part == WorksitePart.help))
    router.callback_query.register(record, GuestRecordCallback.filter())
    return router
