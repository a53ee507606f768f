"""The works journal: sessions and photos for staff and for the household; recording a works
session (hours, then who took part, one question a screen); before and after side by side."""

from __future__ import annotations

from collections import Counter

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, Role, WorksiteContract, WorksItem
from bot.services.worksite import contract as contracts
from bot.services.worksite import journal, photos
from bot.services.worksite.rules import WorksiteRefused, household_to_edit, household_to_see
from handlers.ui.callbacks import BeforeAfterCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.worksite import keyboards, texts
from handlers.worksite.callbacks import ItemAction, Screen, WsItemActionCallback, WsScreenCallback, WsSessionCallback


async def show_journal(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        found = await contracts.of_household(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    items = found.items if found else []
    sessions = await journal.of_household(session, callback_data.household_id)
    kept = await photos.of_household(session, callback_data.household_id)
    compare = {item.id for item in items if photos.before_and_after(kept, item.id) is not None}
    counts = Counter(photo.stage for photo in kept)
    await edit_or_send(
        query,
        texts.journal_screen(sessions, dict(counts), items, settings.tz),
        reply_markup=keyboards.journal(callback_data.household_id, items, compare, staff=person.role.is_staff),
    )


async def session_step(
    query: CallbackQuery,
    callback_data: WsSessionCallback,
    person: Person,
    session: AsyncSession,
    settings: Settings,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    """Each press carries the answers so far; the last one saves the session."""
    household_id = callback_data.household_id
    try:
        if callback_data.others < 0:
            await household_to_edit(session, person, household_id)
        else:
            works = await journal.record(
                session,
                person,
                household_id,
                hours=callback_data.hours,
                household_members=callback_data.members,
                volunteers=callback_data.volunteers,
                other_households=callback_data.others,
                now=clock.now(),
                tz=settings.tz,
            )
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    if callback_data.others >= 0:
        await session.commit()
        found = await contracts.of_household(session, person, household_id)
        await edit_or_send(
            query,
            texts.session_saved(works, settings.tz),
            reply_markup=keyboards.after_session(household_id, found.items if found else []),
        )
        return
    if callback_data.hours < 0:
        question = texts.ask_hours()
    elif callback_data.members < 0:
        question = texts.ask_members()
    elif callback_data.volunteers < 0:
        question = texts.ask_volunteers()
    else:
        question = texts.ask_others()
    await edit_or_send(query, question, reply_markup=keyboards.session_step(household_id, callback_data))


async def before_and_after(
    query: CallbackQuery,
    callback_data: WsItemActionCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    """The closing visit's picture: the item's first photo before and last photo after, side by side."""
    item = await session.get(WorksItem, callback_data.item_id)
    terms = await session.get(WorksiteContract, item.contract_id) if item is not None else None
    if item is None or terms is None:
        refuse(callback_answer)
        return
    try:
        await household_to_see(session, person, terms.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    pair = photos.before_and_after(await photos.of_household(session, terms.household_id), item.id)
    composed = await photos.compose(*pair) if pair is not None else None
    if composed is None or not isinstance(query.message, Message):
        refuse(callback_answer, texts.no_before_after())
        return
    await query.message.answer_photo(
        BufferedInputFile(composed, filename="avant-apres.jpg"),
        caption=texts.before_after_caption(item),
        reply_markup=keyboards.done(terms.household_id, staff=person.role is not Role.tenant),
    )


async def closing_pictures(
    query: CallbackQuery,
    callback_data: BeforeAfterCallback,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    """At the closing visit: every item that has both photos, before and after side by side."""
    try:
        found = await contracts.of_household(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    kept = await photos.of_household(session, callback_data.household_id)
    shown = 0
    for item in found.items if found else []:
        pair = photos.before_and_after(kept, item.id)
        composed = await photos.compose(*pair) if pair is not None else None
        if composed is not None and isinstance(query.message, Message):
            await query.message.answer_photo(
                BufferedInputFile(composed, filename="avant-apres.jpg"), caption=texts.before_after_caption(item)
            )
            shown += 1
    if not shown:
        refuse(callback_answer, texts.no_before_after())


def create_router() -> Router:
    router = Router(name=__name__)
    anyone = IsMember(Role.tenant, *STAFF)
    router.callback_query.register(show_journal, WsScreenCallback.filter(F.screen == Screen.journal), anyone)
    router.callback_query.register(session_step, WsSessionCallback.filter(), IsMember(*STAFF))
    router.callback_query.register(
        before_and_after, WsItemActionCallback.filter(F.action == ItemAction.compare), anyone
    )
    router.callback_query.register(closing_pictures, BeforeAfterCallback.filter(), IsMember(*STAFF))
    return router
