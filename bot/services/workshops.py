"""Workshops and series: create, list, change, cancel.

People who said yes or maybe, or wait for a seat, are told through the outbox when a
session moves or is cancelled (urgent when it is today, so quiet hours do not
hold it back); their reminders follow (bot/services/rsvp.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Person,
    Rsvp,
    RsvpAnswer,
    Workshop,
    WorkshopSeries,
    WorkshopStatus,
    WorkshopText,
    WorkshopTheme,
)
from bot.services import audit, delivery, rsvp
from bot.services.languages import TextVersion
from bot.services.paging import Page
from bot.services.rsvp import WorkshopSnapshot
from bot.services.workshop_rules import Refusal, WorkshopRefused, check_staff, runnable

MAX_SESSIONS = 52  # a year of weekly sessions: a typo in "until" cannot flood the calendar
CHANGED = "workshop.changed"
CANCELLED = "workshop.cancelled"

# The name callers knew before the refusals were typed: str() of one is still its reason's code.
WorkshopError = WorkshopRefused


class ChangedPayload(WorkshopSnapshot):
    """CHANGED: the session as it is now (moved, or at another address)."""


class CancelledPayload(WorkshopSnapshot):
    """CANCELLED: the session that will not take place."""


@dataclass(frozen=True)
class Draft:
    theme: WorkshopTheme
    title: str
    starts_at: datetime
    place: str
    capacity: int
    description: str | None = None
    duration_minutes: int = 120
    latitude: float | None = None
    longitude: float | None = None
    bring: str | None = None
    children_welcome: bool = False
    versions: dict[str, TextVersion] = field(default_factory=dict)  # the title and description in other languages


MAX_SEATS = 500


def clean_place(text: str | None) -> str | None:
    """The address on one line, or None when it is empty or longer than 200 characters."""
    place = " ".join((text or "").split())
    return place if 1 <= len(place) <= 200 else None


def parse_seats(text: str | None) -> int | None:
    """A typed number of seats (1–500), or None.

    isdecimal, not isdigit: int() refuses "²", and a 5000-digit number would hit
    Python's conversion limit; "٣" (Arabic-Indic 3) is fine.
    """
    digits = (text or "").strip()
    if not digits.isdecimal() or len(digits) > 4 or not 1 <= int(digits) <= MAX_SEATS:
        return None
    return int(digits)


def session_dates(first: datetime, every_weeks: int | None, until: datetime | None) -> list[datetime]:
    """The start of each session: one, or every N weeks up to `until` included.

    Weeks are added in local wall-clock time by the caller's choice of `first`
    (UTC): to keep 14:00 across a DST change, callers pass the zone to `create`.
    """
    if not every_weeks or until is None:
        return [first]
    dates: list[datetime] = []
    current = first
    while current <= until and len(dates) < MAX_SESSIONS:
        dates.append(current)
        current += timedelta(weeks=every_weeks)
    return dates


async def create(
    session: AsyncSession,
    draft: Draft,
    *,
    created_by_id: int | None,
    now: datetime,
    tz: ZoneInfo,
    every_weeks: int | None = None,
    until: datetime | None = None,
) -> list[Workshop]:
    """One workshop, or a series. Sessions keep the same local time across DST changes."""
    if draft.starts_at <= now:
        raise WorkshopRefused(Refusal.in_the_past)
    if until is not None and until < draft.starts_at:
        raise WorkshopRefused(Refusal.until_before_start)
    local_first = draft.starts_at.astimezone(tz)
    series = None
    if every_weeks:
        series = WorkshopSeries(every_weeks=every_weeks, until=until or draft.starts_at, created_by_id=created_by_id)
        session.add(series)
        await session.flush()
    created = []
    for start in session_dates(
        local_first.replace(tzinfo=None), every_weeks, until and until.astimezone(tz).replace(tzinfo=None)
    ):
        workshop = Workshop(
            series_id=series.id if series else None,
            theme=draft.theme,
            title=draft.title,
            description=draft.description,
            starts_at=start.replace(tzinfo=tz).astimezone(now.tzinfo),
            duration_minutes=draft.duration_minutes,
            place=draft.place,
            latitude=draft.latitude,
            longitude=draft.longitude,
            capacity=draft.capacity,
            bring=draft.bring,
            children_welcome=draft.children_welcome,
            status=WorkshopStatus.scheduled,
            created_by_id=created_by_id,
            created_at=now,
        )
        session.add(workshop)
        created.append(workshop)
    await session.flush()
    for workshop in created:
        for locale, version in draft.versions.items():
            session.add(
                WorkshopText(
                    workshop_id=workshop.id, locale=locale, title=version.title, description=version.description
                )
            )
    await session.flush()
    await audit.record(
        session,
        "workshop.create",
        actor_id=created_by_id,
        target_type="workshop",
        target_id=created[0].id,
        details=f"sessions={len(created)}",
        now=now,
    )
    return created


async def create_by(
    session: AsyncSession,
    actor: Person,
    draft: Draft,
    *,
    now: datetime,
    tz: ZoneInfo,
    every_weeks: int | None = None,
    until: datetime | None = None,
) -> list[Workshop]:
    """A team member creates a workshop or a series (`create`)."""
    check_staff(actor)
    return await create(session, draft, created_by_id=actor.id, now=now, tz=tz, every_weeks=every_weeks, until=until)


async def get(session: AsyncSession, workshop_id: int) -> Workshop | None:
    return await session.get(Workshop, workshop_id)


async def upcoming(session: AsyncSession, *, now: datetime, limit: int = 20, offset: int = 0) -> list[Workshop]:
    rows = await session.exec(
        select(Workshop)
        .where(col(Workshop.status) == WorkshopStatus.scheduled, col(Workshop.starts_at) > now)
        .order_by(col(Workshop.starts_at), col(Workshop.id))
        .offset(offset)
        .limit(limit)
    )
    return list(rows.all())


async def recent_and_upcoming(
    session: AsyncSession, *, now: datetime, offset: int = 0, limit: int = 15
) -> Page[Workshop]:
    """For staff: today's sessions (attendance) and the next ones, a page at a time
    (a forged offset lands on the last page, never past it)."""
    since = now - timedelta(days=1)
    total = (await session.exec(select(func.count()).where(col(Workshop.starts_at) > since))).one()
    offset = max(0, min(offset, total - 1))
    rows = await session.exec(
        select(Workshop)
        .where(col(Workshop.starts_at) > since)
        .order_by(col(Workshop.starts_at), col(Workshop.id))
        .offset(offset)
        .limit(limit)
    )
    return Page(list(rows.all()), total, offset, limit)


async def led_by(session: AsyncSession, person_id: int, start: datetime, end: datetime) -> list[Workshop]:
    """The sessions a team member runs (created) between two moments, not cancelled: their day's
    workshops, for "My day" (handlers/visits)."""
    rows = await session.exec(
        select(Workshop)
        .where(
            col(Workshop.created_by_id) == person_id,
            col(Workshop.status) == WorkshopStatus.scheduled,
            col(Workshop.starts_at) >= start,
            col(Workshop.starts_at) < end,
        )
        .order_by(col(Workshop.starts_at), col(Workshop.id))
    )
    return list(rows.all())


async def series_sessions(session: AsyncSession, workshop: Workshop, *, now: datetime) -> list[Workshop]:
    """This session and the following ones of its series, not yet started and not cancelled."""
    if workshop.series_id is None:
        return [workshop]
    rows = await session.exec(
        select(Workshop)
        .where(
            col(Workshop.series_id) == workshop.series_id,
            col(Workshop.starts_at) >= workshop.starts_at,
            col(Workshop.status) == WorkshopStatus.scheduled,
        )
        .order_by(col(Workshop.starts_at))
    )
    return list(rows.all())


# Who hears that a session moved, changed place or is cancelled: "maybe" too, or they would
# turn up at the old address.
TOLD = (RsvpAnswer.yes, RsvpAnswer.waiting, RsvpAnswer.maybe)


async def _people_to_tell(session: AsyncSession, workshop_id: int) -> list[int]:
    rows = await session.exec(
        select(Rsvp.person_id).where(
            col(Rsvp.workshop_id) == workshop_id,
            col(Rsvp.answer).in_(TOLD),
            col(Rsvp.person_id).is_not(None),
        )
    )
    return [person_id for person_id in rows.all() if person_id is not None]


def _same_day(moment: datetime, now: datetime, tz: ZoneInfo) -> bool:
    return moment.astimezone(tz).date() == now.astimezone(tz).date()


async def cancel(
    session: AsyncSession, workshops: list[Workshop], *, actor_id: int | None, now: datetime, tz: ZoneInfo
) -> int:
    """Cancel sessions; everyone who said yes, maybe or waits is told. Returns how many were told."""
    told = 0
    for workshop in workshops:
        if workshop.status is WorkshopStatus.cancelled:
            continue
        workshop.status = WorkshopStatus.cancelled
        session.add(workshop)
        payload = await rsvp.snapshot(session, CancelledPayload, workshop)
        for person_id in await _people_to_tell(session, workshop.id):
            await rsvp.cancel_reminders(session, workshop.id, person_id)
            await delivery.schedule(
                session,
                recipient_id=person_id,
                kind=CANCELLED,
                now=now,
                due_at=now,
                dedup_key=f"workshop:{workshop.id}:cancelled:person:{person_id}",
                params=payload,
                urgent=_same_day(workshop.starts_at, now, tz),
            )
            told += 1
        await audit.record(
            session, "workshop.cancel", actor_id=actor_id, target_type="workshop", target_id=workshop.id, now=now
        )
    await session.flush()
    return told


def wall_clock_shift(workshop: Workshop, new_start: datetime, tz: ZoneInfo) -> timedelta:
    """How far a session moves in local time: applied to a series, 14:00 stays 14:00 across DST."""
    return new_start.astimezone(tz).replace(tzinfo=None) - workshop.starts_at.astimezone(tz).replace(tzinfo=None)


async def change(
    session: AsyncSession,
    workshops: list[Workshop],
    *,
    actor_id: int | None,
    now: datetime,
    tz: ZoneInfo,
    shift: timedelta | None = None,
    place: str | None = None,
    capacity: int | None = None,
) -> int:
    """Move sessions by `shift`, change the place or the capacity. Returns how many people were told.

    Every session is checked before any is changed: a refusal leaves the whole series as it was."""
    new_starts: dict[int, datetime] = {}
    for workshop in workshops:
        if shift:
            local = workshop.starts_at.astimezone(tz).replace(tzinfo=None) + shift
            new_starts[workshop.id] = local.replace(tzinfo=tz).astimezone(now.tzinfo)
            if new_starts[workshop.id] <= now:
                raise WorkshopRefused(Refusal.in_the_past)
        if capacity is not None and capacity < workshop.seats_taken:
            raise WorkshopRefused(Refusal.capacity_below_taken)
    told = 0
    for workshop in workshops:
        moved = False
        if workshop.id in new_starts:
            workshop.starts_at, moved = new_starts[workshop.id], True
        if place:
            workshop.place, moved = place, True
        if capacity is not None:
            workshop.capacity = capacity
        if not moved:
            session.add(workshop)
            continue
        workshop.version += 1
        session.add(workshop)
        await session.flush()
        payload = await rsvp.snapshot(session, ChangedPayload, workshop)
        for person_id in await _people_to_tell(session, workshop.id):
            await rsvp.reschedule_reminders(session, workshop, person_id, now=now, tz=tz)
            await delivery.schedule(
                session,
                recipient_id=person_id,
                kind=CHANGED,
                now=now,
                due_at=now,
                dedup_key=f"workshop:{workshop.id}:v{workshop.version}:changed:person:{person_id}",
                params=payload,
                urgent=_same_day(workshop.starts_at, now, tz),
            )
            told += 1
    for workshop in workshops:
        await audit.record(
            session, "workshop.change", actor_id=actor_id, target_type="workshop", target_id=workshop.id, now=now
        )
    if capacity is not None:
        for workshop in workshops:
            await rsvp.fill_from_waiting_list(session, workshop, now=now, tz=tz)
    await session.flush()
    return told


async def _sessions(session: AsyncSession, workshop: Workshop, whole_series: bool, now: datetime) -> list[Workshop]:
    return await series_sessions(session, workshop, now=now) if whole_series else [workshop]


async def change_by(
    session: AsyncSession,
    actor: Person,
    workshop_id: int,
    *,
    whole_series: bool,
    now: datetime,
    tz: ZoneInfo,
    new_start: datetime | None = None,
    place: str | None = None,
    capacity: int | None = None,
) -> tuple[Workshop, int]:
    """A team member changes a session that has not started (or it and the next ones of its
    series): a new start (the series keeps its local time), place or capacity."""
    workshop = await runnable(session, actor, workshop_id, now=now)
    shift = wall_clock_shift(workshop, new_start, tz) if new_start is not None else None
    targets = await _sessions(session, workshop, whole_series, now)
    told = await change(
        session, targets, actor_id=actor.id, now=now, tz=tz, shift=shift, place=place, capacity=capacity
    )
    return workshop, told


async def cancel_by(
    session: AsyncSession, actor: Person, workshop_id: int, *, whole_series: bool, now: datetime, tz: ZoneInfo
) -> tuple[Workshop, int]:
    """A team member cancels a session that has not started (or it and the next ones)."""
    workshop = await runnable(session, actor, workshop_id, now=now)
    targets = await _sessions(session, workshop, whole_series, now)
    return workshop, await cancel(session, targets, actor_id=actor.id, now=now, tz=tz)
