"""What people are told about visits, and when, through the outbox.

Reminders go to the household's tenants the evening before at 18:00 and two
hours before (wall-clock times, computed in the local zone so they keep their
meaning across DST). Their keys carry the visit's version: a move cancels the
old ones and queues new ones. Notices tell the other side of a booking, move
or cancellation; a change less than 24 h before is flagged and not held by
quiet hours. The morning digest lists an animator's day.

Each kind's parameters are a Payload model below, built here and read back by
handlers/visits/renderers.py; the stored keys are those of earlier releases,
so rows queued before an upgrade still render.

A reminder may wait (quiet hours hold a 07:00 one until 08:00): just before it is
sent, refresh_reminder reads the visit again, so the text says how long is really
left from the send time, a visit confirmed since gets no "I confirm" button, and a
visit no longer booked (or already started) gets no reminder at all.
"""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime, time, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, PlainSerializer
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Person, Visit, VisitKind, VisitStatus
from bot.services import delivery, people
from bot.services.delivery import Claimed
from bot.services.payloads import Payload
from bot.timeutil import local_to_utc

REMINDER = "visit.reminder"
NOTICE = "visit.notice"
DIGEST = "visit.digest"
EVE_AT = time(18, 0)
BEFORE = timedelta(hours=2)
DIGEST_AT = time(7, 30)  # quiet hours may hold it until they end


class Which(str, enum.Enum):
    eve = "eve"
    soon = "2h"


class Event(str, enum.Enum):
    booked = "booked"
    moved = "moved"
    cancelled = "cancelled"
    message = "message"  # a few words from the animator about the visit
    note = "note"  # the household added a note or a photo
    missed = "missed"  # the animator came and nobody was home: the household may book again


# Stored as datetime.isoformat() wrote it ("…+00:00"), as rows queued before the models did.
Moment = Annotated[datetime, PlainSerializer(lambda moment: moment.isoformat(), return_type=str, when_used="json")]


class VisitFacts(Payload):
    """What a message about a visit shows, frozen when it is queued (ids, times, no tenant names)."""

    visit_id: int
    kind: VisitKind
    starts_at: Moment
    ends_at: Moment
    animator: str = ""  # erasure.py blanks it when the animator's data is erased
    reference: str = ""
    late: bool = False


class ReminderPayload(VisitFacts):
    """visit.reminder: to each tenant, the evening before and two hours before."""

    which: Which = Which.soon


class ReminderAtSend(ReminderPayload):
    """visit.reminder as refresh_reminder reads it again just before sending (never stored)."""

    confirmed: bool = False


class NoticePayload(VisitFacts):
    """visit.notice: to the other side of a booking, a move, a cancellation, a note or a message."""

    event: Event = Event.booked
    by_tenant: bool = False
    previous_start: Moment | None = None  # moved
    reason: str | None = None  # cancelled
    message: str | None = None  # moved (a few words) or message


class DigestLine(Payload):
    visit_id: int
    kind: VisitKind
    starts_at: Moment
    reference: str
    address: str | None = None
    note: str | None = None
    photo: bool = False
    late: bool = False
    confirmed: bool = False


class DigestPayload(Payload):
    """visit.digest: an animator's visits of the day, in the morning."""

    day: date
    visits: list[DigestLine] = Field(default_factory=list)


def reminder_times(starts_at: datetime, tz: ZoneInfo) -> dict[Which, datetime]:
    day = starts_at.astimezone(tz).date()
    return {Which.eve: local_to_utc(day - timedelta(days=1), EVE_AT, tz), Which.soon: starts_at - BEFORE}


async def animator_name(session: AsyncSession, animator_id: int | None) -> str | None:
    animator = await session.get(Person, animator_id) if animator_id else None
    return animator.name if animator else None


async def facts(session: AsyncSession, visit: Visit) -> VisitFacts:
    household = await session.get(Household, visit.household_id)
    return VisitFacts(
        visit_id=visit.id,
        kind=visit.kind,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        animator=await animator_name(session, visit.animator_id) or "",
        reference=household.reference if household else "",
        late=visit.late_change,
    )


def _reminder_key(visit: Visit, which: Which, person_id: int) -> str:
    return f"visit:{visit.id}:reminder:v{visit.version}:{which.value}:person:{person_id}"


async def schedule_reminders(session: AsyncSession, visit: Visit, *, now: datetime, tz: ZoneInfo) -> int:
    about = await facts(session, visit)
    queued = 0
    for person in await people.tenants_of(session, visit.household_id):
        for which, due in reminder_times(visit.starts_at, tz).items():
            if due > now:
                queued += await delivery.schedule(
                    session,
                    recipient_id=person.id,
                    kind=REMINDER,
                    dedup_key=_reminder_key(visit, which, person.id),
                    due_at=due,
                    now=now,
                    params=ReminderPayload(**dict(about), which=which),
                )
    return queued


async def refresh_reminder(session: AsyncSession, row: Claimed, now: datetime) -> Claimed | None:
    """The reminder as the visit stands now, at send time; None when it has no point any more."""
    payload = ReminderPayload.of(row.params)
    visit = await session.get(Visit, payload.visit_id)
    if visit is None or visit.status is not VisitStatus.booked or visit.starts_at <= now:
        return None
    fresh = ReminderAtSend(
        **(dict(payload) | {"confirmed": visit.confirmed_at is not None, "starts_at": visit.starts_at})
    )
    return dataclasses.replace(row, params=fresh.params())


async def cancel_all(session: AsyncSession, visit_id: int) -> int:
    """Every pending reminder of the visit, whatever its version."""
    return await delivery.cancel(session, f"visit:{visit_id}:reminder:")


async def _notice(
    session: AsyncSession,
    visit: Visit,
    event: Event,
    recipients: list[int],
    *,
    by_tenant: bool,
    now: datetime,
    previous_start: datetime | None = None,
    reason: str | None = None,
    message: str | None = None,
    key_suffix: str = "",
) -> None:
    about = await facts(session, visit)
    params = NoticePayload(
        **dict(about),
        event=event,
        by_tenant=by_tenant,
        previous_start=previous_start,
        reason=reason,
        message=message,
    )
    for person_id in recipients:
        await delivery.schedule(
            session,
            recipient_id=person_id,
            kind=NOTICE,
            dedup_key=f"visit:{visit.id}:notice:{event.value}{key_suffix}:v{visit.version}:person:{person_id}",
            due_at=now,
            now=now,
            params=params,
            urgent=visit.late_change,
        )


async def _other_side(session: AsyncSession, visit: Visit, *, by_tenant: bool) -> list[int]:
    if by_tenant:
        return [visit.animator_id] if visit.animator_id else []
    return [person.id for person in await people.tenants_of(session, visit.household_id)]


async def after_booking(session: AsyncSession, visit: Visit, *, by_tenant: bool, now: datetime, tz: ZoneInfo) -> None:
    await schedule_reminders(session, visit, now=now, tz=tz)
    recipients = await _other_side(session, visit, by_tenant=by_tenant)
    await _notice(session, visit, Event.booked, recipients, by_tenant=by_tenant, now=now)


async def after_move(
    session: AsyncSession,
    visit: Visit,
    *,
    previous_start: datetime,
    by_tenant: bool,
    message: str | None,
    now: datetime,
    tz: ZoneInfo,
) -> None:
    await cancel_all(session, visit.id)
    await schedule_reminders(session, visit, now=now, tz=tz)
    recipients = await _other_side(session, visit, by_tenant=by_tenant)
    await _notice(
        session,
        visit,
        Event.moved,
        recipients,
        by_tenant=by_tenant,
        now=now,
        previous_start=previous_start,
        message=message,
    )


async def after_cancel(session: AsyncSession, visit: Visit, *, by_tenant: bool, now: datetime, tz: ZoneInfo) -> None:
    await cancel_all(session, visit.id)
    recipients = await _other_side(session, visit, by_tenant=by_tenant)
    await _notice(session, visit, Event.cancelled, recipients, by_tenant=by_tenant, now=now, reason=visit.cancel_reason)


async def after_missed(session: AsyncSession, visit: Visit, *, now: datetime) -> None:
    """Nobody was home: the household is told and offered another time."""
    recipients = await _other_side(session, visit, by_tenant=False)
    await _notice(session, visit, Event.missed, recipients, by_tenant=False, now=now)


async def note_added(session: AsyncSession, visit: Visit, *, now: datetime) -> None:
    """Tell the animator once per visit version that the household added a note or a photo."""
    recipients = [visit.animator_id] if visit.animator_id else []
    await _notice(
        session, visit, Event.note, recipients, by_tenant=True, now=now, key_suffix=f"-{int(now.timestamp())}"
    )


async def staff_message(session: AsyncSession, visit: Visit, text: str, *, now: datetime) -> None:
    """A few words from the animator to the household about a visit (after a move or a cancellation)."""
    recipients = await _other_side(session, visit, by_tenant=False)
    await _notice(
        session,
        visit,
        Event.message,
        recipients,
        by_tenant=False,
        now=now,
        message=text,
        key_suffix=f"-{int(now.timestamp())}",
    )


async def queue_digests(session: AsyncSession, *, now: datetime, tz: ZoneInfo) -> int:
    """Today's digest for each animator with visits today, once per day (the key says so)."""
    local = now.astimezone(tz)
    if local.time() < DIGEST_AT:
        return 0
    day = local.date()
    start, end = local_to_utc(day, time(0), tz), local_to_utc(day + timedelta(days=1), time(0), tz)
    rows = await session.exec(
        select(Visit, Household)
        .join(Household, col(Household.id) == col(Visit.household_id))
        .where(col(Visit.status) == VisitStatus.booked, col(Visit.starts_at) >= start, col(Visit.starts_at) < end)
        .order_by(col(Visit.starts_at))
    )
    days: dict[int, list[DigestLine]] = {}
    for visit, household in rows.all():
        if visit.animator_id:
            days.setdefault(visit.animator_id, []).append(_digest_line(visit, household))
    queued = 0
    for animator_id, visits in days.items():
        queued += await delivery.schedule(
            session,
            recipient_id=animator_id,
            kind=DIGEST,
            dedup_key=_digest_key(animator_id, day),
            due_at=now,
            now=now,
            params=DigestPayload(day=day, visits=visits),
        )
    return queued


def _digest_key(animator_id: int, day: date) -> str:
    return f"visit-digest:{animator_id}:{day.isoformat()}"


def _digest_line(visit: Visit, household: Household) -> DigestLine:
    return DigestLine(
        visit_id=visit.id,
        kind=visit.kind,
        starts_at=visit.starts_at,
        reference=household.reference,
        address=household.address or household.site,
        note=visit.tenant_note,
        photo=bool(visit.photo_file_id),
        late=visit.late_change,
        confirmed=visit.confirmed_at is not None,
    )
