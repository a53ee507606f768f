"""Booking a home visit, by the household or by staff for a household, and
moving one: days with free slots → times → check → book.

The buttons carry who the visit is for, which visit is moving and its kind;
every press re-checks them (the household is the presser's own, or assigned
to the animator; the slot belongs to the household's animator and is ahead).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aiogram import F, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Household, Person, Role, Visit, VisitKind, VisitSlot, VisitStatus
from bot.services import households
from bot.services.visits import booking, reminders, slots
from bot.services.visits.booking import BookingRefused, Refusal
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send, refuse
from handlers.visits import texts
from handlers.visits.callbacks import (
    VisitAction,
    VisitActionCallback,
    VisitBookCallback,
    VisitCallback,
    VisitDayCallback,
    VisitDaysCallback,
    VisitSlotCallback,
)
from handlers.visits.texts import refusal_text, short_refusal

MAX_DAYS = 10


@dataclass(frozen=True)
class Target:
    household: Household
    kind: VisitKind
    visit: Visit | None  # the visit being moved

    def buttons(self) -> dict[str, object]:
        return {
            "household_id": self.household.id,
            "visit_id": self.visit.id if self.visit else 0,
            "kind": self.kind,
        }


async def resolve(
    session: AsyncSession, person: Person, household_id: int, visit_id: int, kind: VisitKind
) -> Target | None:
    """What the buttons ask for, if the presser may ask it; None otherwise."""
    if person.role is Role.tenant:
        household = await session.get(Household, person.household_id) if person.household_id else None
        if household is None or household_id not in (0, household.id):
            return None
        proposed = booking.proposed_kind(household.phase)
        if proposed is None:
            return None
        kind = proposed  # a tenant books what the phase calls for, whatever the button says
    else:
        household = await session.get(Household, household_id) if household_id else None
        if household is None or not households.follows(person, household):
            return None
    visit = None
    if visit_id:
        visit = await session.get(Visit, visit_id)
        if visit is None or visit.household_id != household.id or visit.status is not VisitStatus.booked:
            return None
        kind = visit.kind
    return Target(household, kind, visit)


async def _days_markup(
    session: AsyncSession, target: Target, clock: Clock, settings: Settings
) -> InlineKeyboardMarkup | None:
    animator_id = target.household.animator_id
    free = await slots.free_slots(session, animator_id, now=clock.now()) if animator_id else []
    by_day = slots.by_local_day(free, settings.tz)
    if not by_day:
        return None
    builder = InlineKeyboardBuilder()
    for day, day_slots in list(by_day.items())[:MAX_DAYS]:
        label = f"{texts.day_label(day)} · " + texts.clock(day_slots[0].starts_at, settings.tz)
        if len(day_slots) > 1:
            label += " …"
        builder.button(text=label, callback_data=VisitDayCallback(day=day.toordinal(), **target.buttons()))  # type: ignore[arg-type]
    _back(builder, target)
    builder.adjust(1)
    return builder.as_markup()


def _back(builder: InlineKeyboardBuilder, target: Target) -> None:
    if target.visit is not None:
        builder.button(text=_("⬅️ Back to the visit"), callback_data=VisitCallback(visit_id=target.visit.id))
    else:
        builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))


def _heading(target: Target) -> str:
    if target.visit is not None:
        return _("<b>Move the visit</b>\n\nWhich day suits you?")
    return _("<b>{kind}</b>\n\nWhich day suits you?").format(kind=texts.kind_name(target.kind))


async def show_days(
    query: CallbackQuery,
    target: Target,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    *,
    refused: Refusal | None = None,
) -> None:
    head = refusal_text(refused) if refused is not None else None
    markup = await _days_markup(session, target, clock, settings)
    if markup is None:
        builder = InlineKeyboardBuilder()
        _back(builder, target)
        text = _("No free time for now. Your animator opens new times regularly: try again in a few days.")
        if target.household.animator_id is None:
            text = refusal_text(Refusal.no_animator)
        elif refused is not None:
            text = short_refusal(refused) + "\n\n" + text
        await edit_or_send(query, text, reply_markup=builder.as_markup())
        return
    await edit_or_send(query, head + "\n\n" + _heading(target) if head else _heading(target), reply_markup=markup)


async def start_for_tenant(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, settings: Settings
) -> None:
    household = await session.get(Household, person.household_id) if person.household_id else None
    kind = booking.proposed_kind(household.phase) if household else None
    target = await resolve(session, person, 0, 0, kind or VisitKind.preparation) if household else None
    if target is None:
        await edit_or_send(query, refusal_text(Refusal.closed), reply_markup=back_to_menu())
        return
    await show_days(query, target, session, clock, settings)


async def start_move(
    query: CallbackQuery,
    callback_data: VisitActionCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    visit = await session.get(Visit, callback_data.visit_id)
    target = await resolve(
        session, person, visit.household_id if visit else -1, callback_data.visit_id, VisitKind.works
    )
    if target is None or visit is None or visit.starts_at <= clock.now():
        refuse(callback_answer, refusal_text(Refusal.not_booked))
        return
    await show_days(query, target, session, clock, settings)


async def days(
    query: CallbackQuery,
    callback_data: VisitDaysCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await resolve(session, person, callback_data.household_id, callback_data.visit_id, callback_data.kind)
    if target is None:
        refuse(callback_answer)
        return
    await show_days(query, target, session, clock, settings)


async def times(
    query: CallbackQuery,
    callback_data: VisitDayCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await resolve(session, person, callback_data.household_id, callback_data.visit_id, callback_data.kind)
    if target is None or not 1 <= callback_data.day <= date.max.toordinal():
        refuse(callback_answer)
        return
    day = date.fromordinal(callback_data.day)
    animator_id = target.household.animator_id
    free = await slots.free_slots(session, animator_id, now=clock.now()) if animator_id else []
    todays = slots.by_local_day(free, settings.tz).get(day, [])
    if not todays:
        await show_days(query, target, session, clock, settings, refused=Refusal.taken)
        return
    builder = InlineKeyboardBuilder()
    for slot in todays:
        builder.button(
            text=f"🕘 {texts.clock(slot.starts_at, settings.tz)} – {texts.clock(slot.ends_at, settings.tz)}",
            callback_data=VisitSlotCallback(slot_id=slot.id, **target.buttons()),  # type: ignore[arg-type]
        )
    builder.button(text=_("⬅️ Other days"), callback_data=VisitDaysCallback(**target.buttons()))  # type: ignore[arg-type]
    builder.adjust(1)
    await edit_or_send(
        query, _("<b>{day}</b>\n\nWhat time?").format(day=texts.day_label(day)), reply_markup=builder.as_markup()
    )


async def check(
    query: CallbackQuery,
    callback_data: VisitSlotCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await resolve(session, person, callback_data.household_id, callback_data.visit_id, callback_data.kind)
    slot = await session.get(VisitSlot, callback_data.slot_id)
    if target is None:
        refuse(callback_answer)
        return
    if slot is None or slot.animator_id != target.household.animator_id or slot.starts_at <= clock.now():
        await show_days(query, target, session, clock, settings, refused=Refusal.taken)
        return
    animator = await reminders.animator_name(session, slot.animator_id)
    lines = texts.visit_lines(target.kind, slot.starts_at, animator, settings.tz)
    if person.role is not Role.tenant:
        lines.append("🏠 " + target.household.reference)
    if target.visit is not None:
        lines.append(_("(instead of {when})").format(when=texts.when(target.visit.starts_at, settings.tz)))
    else:
        lines += ["", *texts.purpose_lines(target.kind)]
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ Confirm"),
        callback_data=VisitBookCallback(slot_id=slot.id, **target.buttons()),  # type: ignore[arg-type]
    )
    builder.button(text=_("⬅️ Other times"), callback_data=VisitDaysCallback(**target.buttons()))  # type: ignore[arg-type]
    builder.adjust(1)
    await edit_or_send(query, _("<b>Please check:</b>") + "\n\n" + "\n".join(lines), reply_markup=builder.as_markup())


async def book(
    query: CallbackQuery,
    callback_data: VisitBookCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    callback_answer: CallbackAnswer,
) -> None:
    target = await resolve(session, person, callback_data.household_id, callback_data.visit_id, callback_data.kind)
    if target is None:
        refuse(callback_answer)
        return
    now = clock.now()
    try:
        if target.visit is not None:
            visit = await booking.move(
                session, target.visit, callback_data.slot_id, moved_by=person, now=now, tz=settings.tz
            )
        else:
            visit = await booking.book(
                session,
                target.household,
                callback_data.slot_id,
                kind=target.kind,
                booked_by=person,
                now=now,
                tz=settings.tz,
            )
    except BookingRefused as refused:  # nothing was written
        if refused.reason in (Refusal.taken, Refusal.past, Refusal.other_animator, Refusal.same_slot):
            await show_days(query, target, session, clock, settings, refused=refused.reason)
        else:
            await edit_or_send(query, refusal_text(refused.reason), reply_markup=back_to_menu())
        return
    await session.commit()  # booked (or moved) before we say so
    await edit_or_send(
        query,
        booked_text(visit, target, await reminders.animator_name(session, visit.animator_id), person, settings),
        reply_markup=booked_buttons(visit, person),
    )


def booked_text(visit: Visit, target: Target, animator: str | None, person: Person, settings: Settings) -> str:
    moved = target.visit is not None
    if person.role is Role.tenant:
        head = _("✅ Your visit has moved. Your animator is told.") if moved else _("✅ Your visit is booked!")
        body = texts.tenant_card(visit, animator, settings.tz)
        tail = _("You will get a reminder the evening before and 2 hours before.")
        return "\n\n".join([head, body, tail])
    head = _("✅ Moved. The household is told.") if moved else _("✅ Booked. The household is told.")
    lines = texts.visit_lines(visit.kind, visit.starts_at, animator, settings.tz) + ["🏠 " + target.household.reference]
    return head + "\n\n" + "\n".join(lines)


def booked_buttons(visit: Visit, person: Person) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    visit_id = visit.id
    if person.role is Role.tenant:
        builder.button(
            text=_("📝 Add a note or a photo"),
            callback_data=VisitActionCallback(visit_id=visit_id, action=VisitAction.note),
        )
        builder.button(
            text=_("📅 Add to my calendar"),
            callback_data=VisitActionCallback(visit_id=visit_id, action=VisitAction.ics),
        )
        builder.button(text=_("📋 My visits"), callback_data=MenuCallback(action=MenuAction.my_visits))
    else:
        builder.button(
            text=_("✉️ Add a message for the household"),
            callback_data=VisitActionCallback(visit_id=visit_id, action=VisitAction.message),
        )
        builder.button(text=_("📋 Open the visit"), callback_data=VisitCallback(visit_id=visit_id))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(1)
    return builder.as_markup()


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember())
    router.callback_query.register(
        start_for_tenant, MenuCallback.filter(F.action == MenuAction.book_visit), IsMember(Role.tenant)
    )
    router.callback_query.register(start_move, VisitActionCallback.filter(F.action == VisitAction.move))
    router.callback_query.register(days, VisitDaysCallback.filter())
    router.callback_query.register(times, VisitDayCallback.filter())
    router.callback_query.register(check, VisitSlotCallback.filter())
    router.callback_query.register(book, VisitBookCallback.filter())
    return router
