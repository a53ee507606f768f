"""Availability: an animator's free slots, planned from days, a time range,
a visit length and a travel buffer, one-off or weekly for N weeks. Weekly repeats
skip French public holidays (public_holidays.py) unless the plan asks for them;
a day the animator picks on the calendar is always opened, holiday or not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Exists, and_, delete, exists
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Visit, VisitSlot, VisitStatus
from bot.services.visits import public_holidays
from bot.timeutil import local_to_utc

VISIT_LENGTHS = (30, 45, 60, 90, 120)  # minutes
BUFFERS = (0, 15, 30, 45, 60)
REPEAT_WEEKS = (1, 2, 4, 6, 8, 12)
MAX_DAYS_PICKED = 14
HORIZON_DAYS = 60  # how far ahead tenants see free slots


@dataclass(frozen=True)
class Plan:
    days: tuple[date, ...]
    start: time
    end: time
    length_minutes: int
    buffer_minutes: int
    weeks: int = 1  # 1 = only the days picked
    holidays_too: bool = False  # repeats land on public holidays as well

    def problems(self) -> list[str]:
        problems = []
        if not self.days:
            problems.append("days")
        if self.end <= self.start:
            problems.append("range")
        if self.length_minutes not in VISIT_LENGTHS or self.buffer_minutes not in BUFFERS:
            problems.append("length")
        if self.weeks not in REPEAT_WEEKS:
            problems.append("weeks")
        return problems

    def _repeats(self) -> set[date]:
        """The days the weekly repetition adds to the ones picked."""
        return {day + timedelta(weeks=week) for day in self.days for week in range(1, self.weeks)} - set(self.days)

    def skipped_holidays(self) -> list[date]:
        """Repeated days left out because they are public holidays (none when holidays_too)."""
        if self.holidays_too:
            return []
        return sorted(day for day in self._repeats() if public_holidays.is_holiday(day))

    def picked_holidays(self) -> list[date]:
        """Days picked on the calendar that are public holidays: opened, since they were chosen."""
        return sorted(day for day in self.days if public_holidays.is_holiday(day))

    def open_days(self) -> list[date]:
        return sorted((set(self.days) | self._repeats()) - set(self.skipped_holidays()))

    def starts(self) -> list[time]:
        """The start times of one day: visits fit in the range, a buffer between two."""
        starts: list[time] = []
        cursor = datetime.combine(date.min, self.start)
        last_end = datetime.combine(date.min, self.end)
        while cursor + timedelta(minutes=self.length_minutes) <= last_end:
            starts.append(cursor.time())
            cursor += timedelta(minutes=self.length_minutes + self.buffer_minutes)
        return starts

    def local_times(self) -> list[tuple[date, time]]:
        """Every (day, start) the plan opens."""
        starts = self.starts()
        return [(day, start) for day in self.open_days() for start in starts]

    def slots(self, tz: ZoneInfo) -> list[tuple[datetime, datetime]]:
        """UTC (start, end) pairs; wall-clock times, so 9:00 stays 9:00 across a DST change."""
        return [
            (begin, begin + timedelta(minutes=self.length_minutes))
            for begin in (local_to_utc(day, start, tz) for day, start in self.local_times())
        ]


@dataclass(frozen=True)
class Published:
    created: int
    skipped_overlap: int
    skipped_past: int


def _overlaps(animator_id: int, starts_at: datetime, ends_at: datetime) -> ColumnElement[bool]:
    return and_(
        col(VisitSlot.animator_id) == animator_id,
        col(VisitSlot.starts_at) < ends_at,
        col(VisitSlot.ends_at) > starts_at,
    )


async def publish(session: AsyncSession, animator_id: int, plan: Plan, *, now: datetime, tz: ZoneInfo) -> Published:
    """Open the plan's slots; those overlapping an existing slot or already past are left out."""
    created = overlap = past = 0
    for starts_at, ends_at in plan.slots(tz):
        if starts_at <= now:
            past += 1
            continue
        clash = await session.exec(select(VisitSlot.id).where(_overlaps(animator_id, starts_at, ends_at)).limit(1))
        if clash.first() is not None:
            overlap += 1
            continue
        session.add(VisitSlot(animator_id=animator_id, starts_at=starts_at, ends_at=ends_at, created_at=now))
        await session.flush()
        created += 1
    return Published(created, overlap, past)


async def open_one(
    session: AsyncSession, animator_id: int, starts_at: datetime, length_minutes: int, *, now: datetime
) -> VisitSlot | None:
    """A slot for a visit arranged on the phone; None if it is past or clashes with another."""
    ends_at = starts_at + timedelta(minutes=length_minutes)
    if starts_at <= now:
        return None
    clash = await session.exec(select(VisitSlot.id).where(_overlaps(animator_id, starts_at, ends_at)).limit(1))
    if clash.first() is not None:
        return None
    slot = VisitSlot(animator_id=animator_id, starts_at=starts_at, ends_at=ends_at, created_at=now)
    session.add(slot)
    await session.flush()
    return slot


def _booked(slot_id_column: int) -> Exists:  # a column (VisitSlot.id), typed as its value by SQLModel
    return exists().where(col(Visit.slot_id) == slot_id_column, col(Visit.status) == VisitStatus.booked)


async def free_slots(session: AsyncSession, animator_id: int, *, now: datetime, limit: int = 200) -> list[VisitSlot]:
    rows = await session.exec(
        select(VisitSlot)
        .where(
            col(VisitSlot.animator_id) == animator_id,
            col(VisitSlot.starts_at) > now,
            col(VisitSlot.starts_at) < now + timedelta(days=HORIZON_DAYS),
            ~_booked(VisitSlot.id),
        )
        .order_by(col(VisitSlot.starts_at))
        .limit(limit)
    )
    return list(rows.all())


@dataclass(frozen=True)
class SlotView:
    slot: VisitSlot
    visit_id: int | None  # the booked visit, if any


async def upcoming(session: AsyncSession, animator_id: int, *, now: datetime, limit: int = 60) -> list[SlotView]:
    rows = await session.exec(
        select(VisitSlot, Visit.id)
        .join(
            Visit,
            and_(col(Visit.slot_id) == col(VisitSlot.id), col(Visit.status) == VisitStatus.booked),
            isouter=True,
        )
        .where(col(VisitSlot.animator_id) == animator_id, col(VisitSlot.ends_at) > now)
        .order_by(col(VisitSlot.starts_at))
        .limit(limit)
    )
    return [SlotView(slot, visit_id) for slot, visit_id in rows.all()]


def by_local_day(slots: Iterable[VisitSlot], tz: ZoneInfo) -> dict[date, list[VisitSlot]]:
    days: dict[date, list[VisitSlot]] = {}
    for slot in slots:
        days.setdefault(slot.starts_at.astimezone(tz).date(), []).append(slot)
    return days


async def get(session: AsyncSession, slot_id: int) -> VisitSlot | None:
    return await session.get(VisitSlot, slot_id)


@dataclass(frozen=True)
class DayRemoval:
    """What "remove this day" did: free times removed, booked ones kept, or a day already past."""

    removed: int
    booked_kept: int
    past: bool = False


async def remove_day(session: AsyncSession, animator_id: int, day: date, *, now: datetime, tz: ZoneInfo) -> DayRemoval:
    """Remove the animator's free times of a local day still to come; booked ones stay.

    Pressed twice (or from an old message) it removes nothing and says so: removed == 0."""
    start, end = local_to_utc(day, time(0), tz), local_to_utc(day + timedelta(days=1), time(0), tz)
    if end <= now:
        return DayRemoval(0, 0, past=True)
    of_day = and_(
        col(VisitSlot.animator_id) == animator_id,
        col(VisitSlot.starts_at) >= max(start, now),
        col(VisitSlot.starts_at) < end,
    )
    result = await session.exec(delete(VisitSlot).where(of_day, ~_booked(VisitSlot.id)))
    kept = await session.exec(select(VisitSlot.id).where(of_day))
    return DayRemoval(int(result.rowcount), len(kept.all()))
