"""Staff: a workshop's answers, and ticking who came."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import STAFF, IsMember
from bot.models import Person
from bot.services import rsvp
from bot.services.workshop_rules import WorkshopRefused
from handlers.ui.replies import edit_or_send
from handlers.workshops import keyboards, texts
from handlers.workshops.callbacks import AttendanceCallback, WalkInCallback, WorkshopAction, WorkshopActionCallback


async def answers(
    query: CallbackQuery, callback_data: WorkshopActionCallback, person: Person, session: AsyncSession
) -> None:
    """Everyone's answer, by kind; a long list comes as several messages, the last with "Back"."""
    try:
        found = await rsvp.answers_of(session, person, callback_data.workshop_id)
    except WorkshopRefused:
        return  # gone: a stale button, answered by the middleware
    *first, last = texts.answers(found)
    back = keyboards.back(found.workshop.id)
    if not first or query.bot is None:
        await edit_or_send(query, last, reply_markup=back)
        return
    await edit_or_send(query, first[0])
    for part in first[1:]:
        await query.bot.send_message(query.from_user.id, part)
    await query.bot.send_message(query.from_user.id, last, reply_markup=back)


async def _attendance_screen(
    query: CallbackQuery, session: AsyncSession, person: Person, workshop_id: int, offset: int = 0
) -> None:
    found = await rsvp.attendance_of(session, person, workshop_id)
    await edit_or_send(query, texts.attendance(found), reply_markup=keyboards.attendance(found, offset))


async def attendance(
    query: CallbackQuery, callback_data: WorkshopActionCallback, person: Person, session: AsyncSession
) -> None:
    try:
        await _attendance_screen(query, session, person, callback_data.workshop_id)
    except WorkshopRefused:
        return


async def attendance_toggled(
    query: CallbackQuery,
    callback_data: AttendanceCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    try:
        if callback_data.rsvp_id:  # 0: another page of the list, nothing to tick
            await rsvp.tick(
                session, person, callback_data.workshop_id, callback_data.rsvp_id, now=clock.now(), tz=settings.tz
            )
            await session.commit()
        await _attendance_screen(query, session, person, callback_data.workshop_id, callback_data.offset)
    except WorkshopRefused:
        return  # gone, or not one of its answers: nothing was ticked


async def walk_in_ticked(
    query: CallbackQuery,
    callback_data: WalkInCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    try:
        workshop = await rsvp.tick_walk_in(
            session, person, callback_data.workshop_id, callback_data.person_id, now=clock.now(), tz=settings.tz
        )
    except WorkshopRefused:
        return  # gone, not invited, or answered meanwhile: nothing was ticked
    await session.commit()
    await _attendance_screen(query, session, person, workshop.id, callback_data.offset)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(answers, WorkshopActionCallback.filter(F.action == WorkshopAction.answers))
    router.callback_query.register(attendance, WorkshopActionCallback.filter(F.action == WorkshopAction.attendance))
    router.callback_query.register(attendance_toggled, AttendanceCallback.filter())
    router.callback_query.register(walk_in_ticked, WalkInCallback.filter())
    return router
