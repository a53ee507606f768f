"""Photos for the journal: staff send one before or after, from a works item's screen; the
household sends a problem or a step done alone. The bot downloads the photo (Telegram keeps
it too) and the service checks and stores it."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person, PhotoStage, Role
from bot.services.worksite import photos
from bot.services.worksite.rules import WorksiteRefusal, WorksiteRefused, household_of_tenant, household_to_edit
from handlers.ui.replies import edit_or_send, refuse
from handlers.worksite import keyboards, texts
from handlers.worksite.callbacks import WsPhotoCallback
from handlers.worksite.states import WorksPhotoWait


async def ask_photo(
    query: CallbackQuery,
    callback_data: WsPhotoCallback,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    callback_answer: CallbackAnswer,
) -> None:
    staff = person.role is not Role.tenant
    allowed = photos.STAFF_STAGES if staff else photos.TENANT_STAGES
    try:
        if callback_data.stage not in allowed:
            raise WorksiteRefused(WorksiteRefusal.not_allowed)
        if staff:
            await household_to_edit(session, person, callback_data.household_id)
        else:
            await household_of_tenant(session, person, callback_data.household_id)
    except WorksiteRefused as refused:
        refuse(callback_answer, str(texts.REFUSALS[refused.reason]))
        return
    await state.set_state(WorksPhotoWait.photo)
    await state.set_data(
        {
            "household_id": callback_data.household_id,
            "stage": callback_data.stage.value,
            "item_id": callback_data.item_id,
        }
    )
    await edit_or_send(
        query,
        texts.ask_photo(callback_data.stage),
        reply_markup=keyboards.done(callback_data.household_id, staff=staff),
    )


async def got_photo(
    message: Message,
    state: FSMContext,
    person: Person,
    session: AsyncSession,
    bot: Bot,
    settings: Settings,
    clock: Clock,
) -> None:
    data = await state.get_data()
    household_id = int(data.get("household_id", 0))
    staff = person.role is not Role.tenant
    largest = (message.photo or [])[-1]
    if largest.file_size is not None and largest.file_size > settings.photo_max_bytes:
        await message.answer(str(texts.REFUSALS[WorksiteRefusal.bad_photo]))
        return
    buffer = io.BytesIO()
    await bot.download(largest, destination=buffer)
    item_id = int(data.get("item_id", 0)) or None
    try:
        await photos.add(
            session,
            person,
            household_id,
            stage=PhotoStage(data.get("stage", PhotoStage.problem.value)),
            item_id=item_id,
            works_session_id=None,
            file_id=largest.file_id,
            data=buffer.getvalue(),
            photos_dir=settings.photos_dir,
            max_bytes=settings.photo_max_bytes,
            now=clock.now(),
        )
    except WorksiteRefused as refused:
        await message.answer(str(texts.REFUSALS[refused.reason]))
        if refused.reason is not WorksiteRefusal.bad_photo:
            await state.clear()
        return
    await state.clear()
    await session.commit()
    markup = keyboards.back_to_item(item_id) if staff and item_id else keyboards.done(household_id, staff=staff)
    await message.answer(texts.photo_saved(), reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    anyone = IsMember(Role.tenant, *STAFF)
    router.callback_query.register(ask_photo, WsPhotoCallback.filter(), anyone)
    router.message.register(got_photo, WorksPhotoWait.photo, F.photo, anyone)
    return router
