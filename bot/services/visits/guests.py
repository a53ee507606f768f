"""The guests of a visit: people of another household invited to it (a helper, for mutual
help) or the household's social referent (bot/services/referent_visits.py). A guest gets the visit, its changes and its
reminders, as the household does, through the outbox; answers yes or no; and after the visit
the staff who keep it record that they came and for how long.

booking.py calls after_move and after_cancel beside reminders.after_move/after_cancel; the
reminders of guests who declined, or of a visit no longer booked, are dropped at send time
(refresh_reminder)."""

from __future__ import annotations

import dataclasses
import enum
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    GuestAnswer,
    GuestRole,
    Household,
    OutboxMessage,
    OutboxStatus,
    Person,
    Visit,
    VisitGuest,
    VisitStatus,
)
from bot.services import delivery
from bot.services.delivery import Claimed
from bot.services.visits import reminders
from bot.services.visits.reminders import Moment, VisitFacts, Which

GUEST_NOTICE = "visit.guest_notice"
GUEST_REMINDER = "visit.guest_reminder"
# A social referent's invitations are worded for a social worker (handlers/partners/renderers.py).
REFERENT_NOTICE = "visit.referent_notice"
REFERENT_REMINDER = "visit.referent_reminder"
NOTICE_KINDS = {GuestRole.helper: GUEST_NOTICE, GuestRole.referent: REFERENT_NOTICE}
REMINDER_KINDS = {GuestRole.helper: GUEST_REMINDER, GuestRole.referent: REFERENT_REMINDER}
ALL_KINDS = (*NOTICE_KINDS.values(), *REMINDER_KINDS.values())


class GuestEvent(str, enum.Enum):
    invited = "invited"
    moved = "moved"
    cancelled = "cancelled"


class GuestFacts(VisitFacts):
    """A visit as its guest is told of it: where to go too (the household's address)."""

    guest_id: int
    role: GuestRole = GuestRole.helper
    address: str = ""  # erased with the household's data (retention) by the send-time refresh


class GuestNoticePayload(GuestFacts):
    """visit.guest_notice: the guest is invited, or the visit moved or was cancelled."""

    event: GuestEvent = GuestEvent.invited
    previous_start: Moment | None = None


class GuestReminderPayload(GuestFacts):
    """visit.guest_reminder: the evening before and two hours before, as the household's."""

    which: Which = Which.soon
    confirmed: bool = False


async def guest_facts(session: AsyncSession, visit: Visit, guest: VisitGuest) -> GuestFacts:
    household = await session.get(Household, visit.household_id)
    about = await reminders.facts(session, visit)
    address = (household.address or household.site) if household else ""
    return GuestFacts(**dict(about), guest_id=guest.id, role=guest.role, address=address)


async def of_visit(session: AsyncSession, visit_id: int) -> list[VisitGuest]:
    rows = await session.exec(
        select(VisitGuest).where(col(VisitGuest.visit_id) == visit_id).order_by(col(VisitGuest.id))
    )
    return list(rows.all())


def _reminder_prefix(guest: VisitGuest) -> str:
    return f"visit:{guest.visit_id}:guest:{guest.id}:reminder:"


async def schedule_reminders(
    session: AsyncSession, visit: Visit, guest: VisitGuest, *, now: datetime, tz: ZoneInfo
) -> int:
    if guest.person_id is None or guest.answer is GuestAnswer.declined:
        return 0
    about = await guest_facts(session, visit, guest)
    queued = 0
    for which, due in reminders.reminder_times(visit.starts_at, tz).items():
        if due > now:
            queued += await delivery.schedule(
                session,
                recipient_id=guest.person_id,
                kind=REMINDER_KINDS[guest.role],
                dedup_key=f"{_reminder_prefix(guest)}v{visit.version}:{which.value}",
                due_at=due,
                now=now,
                params=GuestReminderPayload(**dict(about), which=which),
            )
    return queued


async def cancel_reminders(session: AsyncSession, guest: VisitGuest) -> int:
    return await delivery.cancel(session, _reminder_prefix(guest))


async def _notice(
    session: AsyncSession,
    visit: Visit,
    guest: VisitGuest,
    event: GuestEvent,
    *,
    now: datetime,
    previous_start: datetime | None = None,
) -> None:
    if guest.person_id is None:
        return
    about = await guest_facts(session, visit, guest)
    await delivery.schedule(
        session,
        recipient_id=guest.person_id,
        kind=NOTICE_KINDS[guest.role],
        dedup_key=f"visit:{visit.id}:guest:{guest.id}:notice:{event.value}:v{visit.version}",
        due_at=now,
        now=now,
        params=GuestNoticePayload(**dict(about), event=event, previous_start=previous_start),
        urgent=visit.late_change,
    )


async def invite(
    session: AsyncSession,
    visit: Visit,
    person: Person,
    *,
    role: GuestRole,
    invited_by: Person,
    now: datetime,
    tz: ZoneInfo,
    offer_id: int | None = None,
) -> VisitGuest | None:
    """Add the person to the visit's guests and tell them; None when they already are one.
    Who may invite is the caller's rule (mutual_help.match checks it first)."""
    if any(guest.person_id == person.id for guest in await of_visit(session, visit.id)):
        return None
    guest = VisitGuest(
        visit_id=visit.id,
        person_id=person.id,
        household_id=person.household_id,
        role=role,
        answer=GuestAnswer.invited,
        offer_id=offer_id,
        invited_by_id=invited_by.id,
        invited_at=now,
    )
    session.add(guest)
    await session.flush()
    await _notice(session, visit, guest, GuestEvent.invited, now=now)
    await schedule_reminders(session, visit, guest, now=now, tz=tz)
    return guest


async def after_move(
    session: AsyncSession, visit: Visit, *, previous_start: datetime, now: datetime, tz: ZoneInfo
) -> None:
    for guest in await of_visit(session, visit.id):
        await cancel_reminders(session, guest)
        if guest.answer is GuestAnswer.declined:
            continue
        await schedule_reminders(session, visit, guest, now=now, tz=tz)
        await _notice(session, visit, guest, GuestEvent.moved, now=now, previous_start=previous_start)


async def after_cancel(session: AsyncSession, visit: Visit, *, now: datetime) -> None:
    for guest in await of_visit(session, visit.id):
        await cancel_reminders(session, guest)
        if guest.answer is not GuestAnswer.declined:
            await _notice(session, visit, guest, GuestEvent.cancelled, now=now)


async def after_close(session: AsyncSession, visit: Visit) -> None:
    for guest in await of_visit(session, visit.id):
        await cancel_reminders(session, guest)


async def answer(
    session: AsyncSession, guest: VisitGuest, visit: Visit, choice: GuestAnswer, *, now: datetime, tz: ZoneInfo
) -> None:
    """The guest's yes or no (the caller checks it is theirs); a no drops their reminders, a yes after a no brings them back."""
    guest.answer = choice
    session.add(guest)
    await session.flush()
    if choice is GuestAnswer.declined:
        await cancel_reminders(session, guest)
        return
    # A yes after a no: the reminders cancelled by the no are due again (their keys stay taken).
    await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.dedup_key).startswith(f"{_reminder_prefix(guest)}v{visit.version}:", autoescape=True),
            col(OutboxMessage.status) == OutboxStatus.cancelled,
            col(OutboxMessage.due_at) > now,
        )
        .values(status=OutboxStatus.pending)
    )
    await schedule_reminders(session, visit, guest, now=now, tz=tz)


async def refresh_reminder(session: AsyncSession, row: Claimed, now: datetime) -> Claimed | None:
    """The guest's reminder as things stand at send time; None when it has no point any more."""
    payload = GuestReminderPayload.of(row.params)
    guest = await session.get(VisitGuest, payload.guest_id)
    visit = await session.get(Visit, payload.visit_id)
    if guest is None or visit is None or guest.answer is GuestAnswer.declined or guest.person_id != row.recipient_id:
        return None
    if visit.status is not VisitStatus.booked or visit.starts_at <= now:
        return None
    fresh = GuestReminderPayload(
        **(dict(payload) | {"confirmed": guest.answer is GuestAnswer.confirmed, "starts_at": visit.starts_at})
    )
    return dataclasses.replace(row, params=fresh.params())
