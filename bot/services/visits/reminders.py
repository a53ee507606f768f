"""What people are told about visits, and when, through the outbox.

Reminders go to the household's tenants the evening before at 18:00 and two
hours before (wall-clock times, computed in the local zone so they keep their
meaning across DST). Their keys carry the visit's version: a move cancels the
old ones and queues new ones. Notices tell the other side of a booking, move
or cancellation; a change less than 24 h before is flagged and not held by
quiet hours. The morning digest lists an animator's day.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Person, Visit, VisitStatus
from bot.services import delivery, people
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


def reminder_times(starts_at: datetime, tz: ZoneInfo) -> dict[Which, datetime]:
    day = starts_at.astimezone(tz).date()
    return {Which.eve: local_to_utc(day - timedelta(days=1), EVE_AT, tz), Which.soon: starts_at - BEFORE}


async def animator_name(session: AsyncSession, animator_id: int | None) -> str | None:
    animator = await session.get(Person, animator_id) if animator_id else None
    return animator.name if animator else None


async def snapshot(session: AsyncSession, visit: Visit) -> dict[str, Any]:
    """What a message about the visit shows, frozen when it is queued (ids, times, no tenant names)."""
    household = await session.get(Household, visit.household_id)
    return {
        "visit_id": visit.id,
        "kind": visit.kind.value,
        "starts_at": visit.starts_at.isoformat(),
        "ends_at": visit.ends_at.isoformat(),
        "animator": await animator_name(session, visit.animator_id) or "",
        "reference": household.reference if household else "",
        "late": visit.late_change,
    }


def _reminder_key(visit: Visit, which: Which, person_id: int) -> str:
    return f"visit:{visit.id}:reminder:v{visit.version}:{which.value}:person:{person_id}"


async def schedule_reminders(session: AsyncSession, visit: Visit, *, now: datetime, tz: ZoneInfo) -> int:
    params = await snapshot(session, visit)
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
                    params={**params, "which": which.value},
                )
    return queued


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
    extra: dict[str, Any],
    key_suffix: str = "",
) -> None:
    params = {**await snapshot(session, visit), **extra, "event": event.value, "by_tenant": by_tenant}
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
    await _notice(session, visit, Event.booked, recipients, by_tenant=by_tenant, now=now, extra={})


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
    extra = {"previous_start": previous_start.isoformat(), "message": message}
    recipients = await _other_side(session, visit, by_tenant=by_tenant)
    await _notice(session, visit, Event.moved, recipients, by_tenant=by_tenant, now=now, extra=extra)


async def after_cancel(session: AsyncSession, visit: Visit, *, by_tenant: bool, now: datetime, tz: ZoneInfo) -> None:
    await cancel_all(session, visit.id)
    recipients = await _other_side(session, visit, by_tenant=by_tenant)
    await _notice(
        session, visit, Event.cancelled, recipients, by_tenant=by_tenant, now=now, extra={"reason": visit.cancel_reason}
    )


async def note_added(session: AsyncSession, visit: Visit, *, now: datetime) -> None:
    """Tell the animator once per visit version that the household added a note or a photo."""
    recipients = [visit.animator_id] if visit.animator_id else []
    await _notice(
        session, visit, Event.note, recipients, by_tenant=True, now=now, extra={}, key_suffix=f"-{int(now.timestamp())}"
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
        extra={"message": text},
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
    days: dict[int, list[dict[str, Any]]] = {}
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
            params={"day": day.isoformat(), "visits": visits},
        )
    return queued


def _digest_key(animator_id: int, day: date) -> str:
    return f"visit-digest:{animator_id}:{day.isoformat()}"


def _digest_line(visit: Visit, household: Household) -> dict[str, Any]:
    return {
        "visit_id": visit.id,
        "kind": visit.kind.value,
        "starts_at": visit.starts_at.isoformat(),
        "reference": household.reference,
        "address": household.address or household.site,
        "note": visit.tenant_note,
        "photo": bool(visit.photo_file_id),
        "late": visit.late_change,
        "confirmed": visit.confirmed_at is not None,
    }
