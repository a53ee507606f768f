"""Tenants: upcoming workshops (theirs first), answering an invitation in one
tap, signing up without one, changing their answer until the start."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n, get_i18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role, RsvpAnswer, Workshop
from bot.services import rsvp, workshop_rules, workshops
from bot.services.workshop_rules import WorkshopRefused
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send, refuse
from handlers.workshops import keyboards, texts
from handlers.workshops.callbacks import MapCallback, RsvpCallback, SignupCallback, WorkshopCallback

MARKS = {RsvpAnswer.yes: "✅", RsvpAnswer.maybe: "🤔", RsvpAnswer.waiting: "⏳", RsvpAnswer.no: "❌"}


async def upcoming(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings, i18n: I18n
) -> None:
    sessions = await workshops.upcoming(session, now=clock.now(), limit=12)
    if not sessions:
        await edit_or_send(
            query, _("No workshop is planned for now. Your animator will tell you."), reply_markup=back_to_menu()
        )
        return
    mine: list[tuple[Workshop, str, str]] = []
    others: list[tuple[Workshop, str, str]] = []
    versions = await rsvp.versions_of(session, [w.id for w in sessions])
    for workshop in sessions:
        answer = await rsvp.get(session, workshop.id, person.id)
        mark = MARKS.get(answer.answer, "") if answer else ""
        own = versions[workshop.id].get(i18n.current_locale)
        entry = (workshop, mark, own.title if own else workshop.title)
        (mine if answer and answer.answer is not RsvpAnswer.no else others).append(entry)
    await edit_or_send(
        query,
        _("<b>🗓 Workshops</b>\n\nYours first. Tap one to see it and answer."),
        reply_markup=keyboards.tenant_list([*mine, *others], settings.tz),
    )


async def card(
    query: CallbackQuery,
    callback_data: WorkshopCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    i18n: I18n,
) -> None:
    try:
        workshop = workshop_rules.check_open(await workshops.get(session, callback_data.id), clock.now())
    except WorkshopRefused as refused:
        await edit_or_send(query, texts.tenant_refusal(refused.reason), reply_markup=back_to_menu())
        return
    mine = await rsvp.get(session, workshop.id, person.id)
    position = await rsvp.waiting_position(session, workshop.id, person.id)
    own = (await rsvp.versions_of(session, [workshop.id]))[workshop.id].get(i18n.current_locale)
    text = texts.summary(workshop, settings.tz, own) + "\n\n" + texts.my_answer(mine.answer if mine else None, position)
    await edit_or_send(query, text, reply_markup=keyboards.card(workshop))


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
    locale = get_i18n().current_locale
    try:
        workshop, result = await rsvp.respond(
            session, person, workshop_id, choice, invited_only=invited_only, now=clock.now(), tz=settings.tz
        )
    except WorkshopRefused as refused:
        refuse(callback_answer, texts.tenant_refusal(refused.reason))
        return
    await session.commit()  # the seat is taken (or the place in the queue) before we say so
    callback_answer.text = texts.result_text(result)[:200]
    own = (await rsvp.versions_of(session, [workshop.id]))[workshop.id].get(locale)
    text = texts.summary(workshop, settings.tz, own) + "\n\n" + texts.result_text(result)
    await edit_or_send(query, text, reply_markup=keyboards.rsvp_buttons(workshop.id))


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
    # Waiting and walk-in are what the bot and the team set, never an answer a tenant presses.
    choices = {RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.no}
    router.callback_query.register(invitation_answer, RsvpCallback.filter(F.answer.in_(choices)))
    router.callback_query.register(signup, SignupCallback.filter(F.answer.in_(choices)))
    router.callback_query.register(show_map, MapCallback.filter())
    return router
