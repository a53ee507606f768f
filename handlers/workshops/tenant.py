"""Tenants: upcoming workshops (theirs first), answering an invitation in one
tap, signing up without one, changing their answer until the start."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role, RsvpAnswer, Workshop, WorkshopStatus
from bot.services import rsvp, workshops
from bot.services.rsvp import AnswerResult
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send
from handlers.workshops import texts
from handlers.workshops.callbacks import (
    MapCallback,
    RsvpCallback,
    SignupCallback,
    WorkshopCallback,
)

MARKS = {RsvpAnswer.yes: "✅", RsvpAnswer.maybe: "🤔", RsvpAnswer.waiting: "⏳", RsvpAnswer.no: "❌"}


async def upcoming(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    sessions = await workshops.upcoming(session, now=clock.now(), limit=12)
    if not sessions:
        await edit_or_send(
            query, _("No workshop is planned for now. Your animator will tell you."), reply_markup=back_to_menu()
        )
        return
    mine, others = [], []
    for workshop in sessions:
        answer = await rsvp.get(session, workshop.id, person.id)
        mark = MARKS.get(answer.answer, "") if answer else ""
        (mine if answer and answer.answer is not RsvpAnswer.no else others).append((workshop, mark))
    builder = InlineKeyboardBuilder()
    for workshop, mark in [*mine, *others]:
        label = f"{mark} {texts.when(workshop.starts_at, settings.tz)} · {workshop.title}".strip()
        builder.button(text=label[:60], callback_data=WorkshopCallback(id=workshop.id))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    await edit_or_send(
        query, _("<b>🗓 Workshops</b>\n\nYours first. Tap one to see it and answer."), reply_markup=builder.as_markup()
    )


def _card_keyboard(workshop: Workshop) -> InlineKeyboardBuilder:
    builder = InlineKeyboardBuilder()
    for answer in (RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.no):
        builder.button(
            text=str(texts.ANSWER_NAMES[answer]),
            callback_data=SignupCallback(workshop_id=workshop.id, answer=answer),
        )
    if workshop.latitude is not None and workshop.longitude is not None:
        builder.button(text=_("🗺 Show on the map"), callback_data=MapCallback(workshop_id=workshop.id))
    builder.button(text=_("⬅️ Workshops"), callback_data=MenuCallback(action=MenuAction.workshops))
    builder.adjust(1)
    return builder


async def card(
    query: CallbackQuery,
    callback_data: WorkshopCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
) -> None:
    workshop = await workshops.get(session, callback_data.id)
    if workshop is None or not workshops.is_open(workshop, clock.now()):
        await edit_or_send(query, _closed_text(workshop, clock), reply_markup=back_to_menu())
        return
    mine = await rsvp.get(session, workshop.id, person.id)
    position = await rsvp.waiting_position(session, workshop.id, person.id)
    text = texts.summary(workshop, settings.tz) + "\n\n" + texts.my_answer(mine.answer if mine else None, position)
    await edit_or_send(query, text, reply_markup=_card_keyboard(workshop).as_markup())


def _closed_text(workshop: Workshop | None, clock: Clock) -> str:
    if workshop is not None and workshop.status is WorkshopStatus.cancelled:
        return _("This workshop was cancelled.")
    if workshop is not None and workshop.starts_at <= clock.now():
        return _("This workshop has already started or is over.")
    return _("This workshop no longer exists.")


def _result_text(result: AnswerResult) -> str:
    if result.answer is RsvpAnswer.yes:
        return _("✅ See you there! You will get a reminder two days before and on the morning.")
    if result.answer is RsvpAnswer.waiting:
        return _(
            "⏳ The workshop is full. You are number {position} on the waiting list: if a seat frees up, it is yours and we tell you."
        ).format(position=result.position or 1)
    if result.answer is RsvpAnswer.maybe:
        return _("🤔 Noted. Answer again when you know.")
    return _("Thank you for telling us.")


async def _answer(
    query: CallbackQuery,
    workshop_id: int,
    choice: RsvpAnswer,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
    *,
    invited_only: bool,
) -> None:
    workshop = await workshops.get(session, workshop_id)
    now = clock.now()
    if workshop is None or not workshops.is_open(workshop, now):
        callback_answer.text = _closed_text(workshop, clock)
        callback_answer.show_alert = True
        return
    if invited_only and not await rsvp.is_invited(session, workshop.id, person.id):
        callback_answer.text = _("This invitation is not for you.")
        callback_answer.show_alert = True
        return
    result = await rsvp.answer(session, workshop, person, choice, now=now, tz=settings.tz)
    await session.commit()  # the seat is taken (or the place in the queue) before we say so
    callback_answer.text = _result_text(result)[:200]
    text = texts.summary(workshop, settings.tz) + "\n\n" + _result_text(result)
    await edit_or_send(query, text, reply_markup=texts.rsvp_buttons(workshop.id))


async def invitation_answer(
    query: CallbackQuery,
    callback_data: RsvpCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await _answer(
        query,
        callback_data.workshop_id,
        callback_data.answer,
        person,
        session,
        clock,
        settings,
        callback_answer,
        invited_only=True,
    )


async def signup(
    query: CallbackQuery,
    callback_data: SignupCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    await _answer(
        query,
        callback_data.workshop_id,
        callback_data.answer,
        person,
        session,
        clock,
        settings,
        callback_answer,
        invited_only=False,
    )


async def show_map(query: CallbackQuery, callback_data: MapCallback, session: AsyncSession, bot: Bot) -> None:
    workshop = await workshops.get(session, callback_data.workshop_id)
    if workshop is None or workshop.latitude is None or workshop.longitude is None or query.message is None:
        return
    await bot.send_location(query.message.chat.id, latitude=workshop.latitude, longitude=workshop.longitude)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.tenant))
    router.callback_query.register(upcoming, MenuCallback.filter(F.action == MenuAction.workshops))
    router.callback_query.register(card, WorkshopCallback.filter())
    router.callback_query.register(invitation_answer, RsvpCallback.filter(F.answer != RsvpAnswer.waiting))
    router.callback_query.register(signup, SignupCallback.filter(F.answer != RsvpAnswer.waiting))
    router.callback_query.register(show_map, MapCallback.filter())
    return router
