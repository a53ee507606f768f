"""Drafting the contract (staff): adding a works item (room, kind, who, measured m²), an item's
progress, its measured area, removing it; the household's contribution and commitments."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Doer, Person, WorkKind
from bot.services.content import ContentLibrary
from bot.services.worksite import contract as contracts
from bot.services.worksite import photos
from bot.services.worksite.rules import WorksiteRefused, household_to_edit
from handlers.ui.callbacks import SkipCallback
from handlers.ui.replies import edit_or_send, refuse
from handlers.worksite import keyboards, texts
from handlers.worksite.callbacks import (
    ItemAction,
    Screen,
    WsDoerCallback,
    WsItemActionCallback,
    WsItemCallback,
    WsKindCallback,
    WsPlannedCallback,
    WsProgressCallback,
    WsScreenCallback,
)
from handlers.worksite.states import ItemArea, WorksItemDraft


def parse_number(text: str | None) -> float | None:
    try:
        return float((text or "").strip().replace(",", ".").replace("m²", "").replace("€", "").strip())
    except ValueError:
        return None


async def start_item(
    query: CallbackQuery,
    callback_data: WsScreenCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await household_to_edit(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await state.set_state(WorksItemDraft.room)
    await state.set_data({"household_id": callback_data.household_id})
    await edit_or_send(query, texts.ask_room(), reply_markup=keyboards.done(callback_data.household_id, staff=True))


async def got_room(message: Message, state: FSMContext) -> None:
    room = contracts.clean_room(message.text)
    if room is None:
        await message.answer(str(texts.HINTS_ROOM))
        return
    await state.update_data(room=room)
    await state.set_state(WorksItemDraft.kind)
    await message.answer(texts.ask_kind(room), reply_markup=keyboards.kinds())


async def got_kind(query: CallbackQuery, callback_data: WsKindCallback, state: FSMContext) -> None:
    await state.update_data(kind=callback_data.kind.value)
    await state.set_state(WorksItemDraft.doer)
    await edit_or_send(query, texts.ask_doer(), reply_markup=keyboards.doers())


async def got_doer(query: CallbackQuery, callback_data: WsDoerCallback, state: FSMContext) -> None:
    await state.update_data(doer=callback_data.doer.value)
    await state.set_state(WorksItemDraft.sessions)
    await edit_or_send(query, texts.ask_planned(), reply_markup=keyboards.planned())


async def got_planned(query: CallbackQuery, callback_data: WsPlannedCallback, state: FSMContext) -> None:
    await state.update_data(sessions=callback_data.count)
    await state.set_state(WorksItemDraft.area)
    await edit_or_send(query, texts.ask_area(), reply_markup=keyboards.skip())


async def _save_item(
    answer: Message,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    area: float | None,
    library: ContentLibrary,
    settings: Settings,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    household_id = int(data.get("household_id", 0))
    try:
        item = await contracts.add_item(
            session,
            person,
            household_id,
            room=str(data.get("room", "")),
            kind=WorkKind(data["kind"]),
            doer=Doer(data["doer"]),
            sessions_planned=int(data.get("sessions", 1)),
            area_m2=area,
            library=library,
            default_percent=settings.worksite_contribution_percent,
            now=clock.now(),
        )
    except WorksiteRefused as refused:
        await answer.answer(str(texts.REFUSALS[refused.reason]), reply_markup=keyboards.done(household_id, staff=True))
        return
    await session.commit()
    await answer.answer(texts.item_added(item), reply_markup=keyboards.done(household_id, staff=True))


async def got_area(
    message: Message,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    settings: Settings,
    clock: Clock,
) -> None:
    area = parse_number(message.text)
    if area is None or not 0.1 <= area <= 1000:
        await message.answer(texts.bad_area())
        return
    await _save_item(message, state, person, session, area, library, settings, clock)


async def skip_area(
    query: CallbackQuery,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    settings: Settings,
    clock: Clock,
) -> None:
    if isinstance(query.message, Message):
        await _save_item(query.message, state, person, session, None, library, settings, clock)


async def show_item(
    query: CallbackQuery,
    callback_data: WsItemCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    await state.clear()
    try:
        terms, item = await contracts.item_to_edit(session, person, callback_data.item_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    pair = photos.before_and_after(await photos.of_household(session, terms.household_id), item.id)
    await edit_or_send(
        query,
        texts.item_screen(item),
        reply_markup=keyboards.item(terms.household_id, item, has_before_after=pair is not None),
    )


async def set_progress(
    query: CallbackQuery,
    callback_data: WsProgressCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        await contracts.set_progress(session, person, callback_data.item_id, callback_data.progress, now=clock.now())
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await show_item(query, WsItemCallback(item_id=callback_data.item_id), state, person, session, callback_answer)


async def item_action(
    query: CallbackQuery,
    callback_data: WsItemActionCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        terms, item = await contracts.item_to_edit(session, person, callback_data.item_id)
        if callback_data.action is ItemAction.remove:
            await contracts.remove_item(session, person, item.id, now=clock.now())
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    if callback_data.action is ItemAction.remove:
        await session.commit()
        await edit_or_send(query, texts.item_removed(), reply_markup=keyboards.done(terms.household_id, staff=True))
        return
    await state.set_state(ItemArea.area)
    await state.set_data({"item_id": item.id})
    await edit_or_send(query, texts.bad_area(), reply_markup=keyboards.back_to_item(item.id))


async def got_item_area(
    message: Message, state: FSMContext, person: Person, session: AsyncSession, clock: Clock
) -> None:
    area = parse_number(message.text)
    if area is None or not 0.1 <= area <= 1000:
        await message.answer(texts.bad_area())
        return
    item_id = int((await state.get_data()).get("item_id", 0))
    await state.clear()
    try:
        item = await contracts.set_area(session, person, item_id, area, now=clock.now())
    except WorksiteRefused as refused:
        await message.answer(str(texts.REFUSALS[refused.reason]))
        return
    await session.commit()
    await message.answer(texts.area_saved(item), reply_markup=keyboards.back_to_item(item.id))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.message.filter(IsMember(*STAFF))
    router.callback_query.register(start_item, WsScreenCallback.filter(F.screen == Screen.add_item))
    router.message.register(got_room, WorksItemDraft.room, F.text)
    router.callback_query.register(got_kind, WsKindCallback.filter(), StateFilter(WorksItemDraft.kind))
    router.callback_query.register(got_doer, WsDoerCallback.filter(), StateFilter(WorksItemDraft.doer))
    router.callback_query.register(got_planned, WsPlannedCallback.filter(), StateFilter(WorksItemDraft.sessions))
    router.message.register(got_area, WorksItemDraft.area, F.text)
    router.callback_query.register(skip_area, SkipCallback.filter(), StateFilter(WorksItemDraft.area))
    router.callback_query.register(show_item, WsItemCallback.filter())
    router.callback_query.register(set_progress, WsProgressCallback.filter())
    router.callback_query.register(
        item_action, WsItemActionCallback.filter(F.action.in_({ItemAction.area, ItemAction.remove}))
    )
    router.message.register(got_item_area, ItemArea.area, F.text)
    return router
