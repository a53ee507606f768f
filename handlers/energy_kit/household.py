"""Staff: a household's energy kit, from its card (💡 Energy kit): what was installed and
when, the estimated yearly savings (content/energy_kit.yaml, sourced), adding items
installed today (kind → how many → ✅) and removing a line entered by mistake."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Household, KitItem, Person
from bot.services import energy_kit
from bot.services.energy_kit import KitRefused
from handlers.energy_kit import keyboards, texts
from handlers.energy_kit.callbacks import KitAddCallback, KitKindsCallback, KitRemoveCallback
from handlers.ui.callbacks import HouseholdWorksiteCallback, WorksitePart
from handlers.ui.replies import edit_or_send, refuse


async def _show(query: CallbackQuery, person: Person, session: AsyncSession, household_id: int) -> None:
    items = await energy_kit.of_household(session, person, household_id)
    household = await session.get(Household, household_id)
    await edit_or_send(
        query,
        texts.household_kit(household.reference if household else "", items, energy_kit.savings_of(items)),
        reply_markup=keyboards.household_kit(household_id, items),
    )


async def household_kit(
    query: CallbackQuery,
    callback_data: HouseholdWorksiteCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await _show(query, person, session, callback_data.household_id)
    except KitRefused:
        refuse(callback_answer)


async def pick_kind(
    query: CallbackQuery,
    callback_data: KitKindsCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await energy_kit.of_household(session, person, callback_data.household_id)
    except KitRefused:
        refuse(callback_answer)
        return
    await edit_or_send(query, texts.pick_kind(), reply_markup=keyboards.kinds(callback_data.household_id))


async def add(
    query: CallbackQuery,
    callback_data: KitAddCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await energy_kit.of_household(session, person, callback_data.household_id)
        if callback_data.count == 0:
            await edit_or_send(
                query,
                texts.pick_count(callback_data.kind),
                reply_markup=keyboards.counts(callback_data.household_id, callback_data.kind),
            )
            return
        now = clock.now()
        await energy_kit.add(
            session,
            person,
            callback_data.household_id,
            kind=callback_data.kind,
            count=callback_data.count,
            installed_on=now.astimezone(settings.tz).date(),
            now=now,
            tz=settings.tz,
        )
    except KitRefused:
        refuse(callback_answer)
        return
    await session.commit()
    callback_answer.text = "✅"
    await _show(query, person, session, callback_data.household_id)


async def remove(
    query: CallbackQuery,
    callback_data: KitRemoveCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    item = await session.get(KitItem, callback_data.item_id)
    try:
        if item is None:
            raise KitRefused(energy_kit.KitRefusal.no_such_item)
        await energy_kit.of_household(session, person, item.household_id)
        if not callback_data.confirm:
            await edit_or_send(query, texts.remove_question(item), reply_markup=keyboards.remove(item))
            return
        household_id = await energy_kit.remove(session, person, item.id)
    except KitRefused:
        refuse(callback_answer)
        return
    await session.commit()
    await _show(query, person, session, household_id)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(household_kit, HouseholdWorksiteCallback.filter(F.part == WorksitePart.kit))
    router.callback_query.register(pick_kind, KitKindsCallback.filter())
    router.callback_query.register(add, KitAddCallback.filter())
    router.callback_query.register(remove, KitRemoveCallback.filter())
    return router
