"""The works journal: sessions at home (several hours each, kept with that day's `works` visit
when there is one), who took part, and the photos (photos.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Person, Visit, VisitKind, VisitStatus, WorksSession
from bot.services import audit
from bot.services.worksite.rules import WorksiteRefusal, WorksiteRefused, household_to_edit

MAX_HOURS = 10
MAX_PEOPLE = 20


async def _visit_of_the_day(session: AsyncSession, household_id: int, now: datetime, tz: ZoneInfo) -> Visit | None:
    """Today's works visit of the household not yet kept with a session."""
    day = now.astimezone(tz).date()
    start = datetime(day.year, day.month, day.day, tzinfo=tz)
    linked = select(WorksSession.visit_id).where(col(WorksSession.visit_id).is_not(None))
    rows = await session.exec(
        select(Visit)
        .where(
            col(Visit.household_id) == household_id,
            col(Visit.kind) == VisitKind.works,
            col(Visit.status).in_([VisitStatus.booked, VisitStatus.done]),
            col(Visit.starts_at) >= start,
            col(Visit.starts_at) < start + timedelta(days=1),
            col(Visit.id).not_in(linked),
        )
        .order_by(col(Visit.starts_at))
    )
    return rows.first()


async def record(
    session: AsyncSession,
    person: Person,
    household_id: int,
    *,
    hours: int,
    household_members: int,
    volunteers: int,
    other_households: int,
    now: datetime,
    tz: ZoneInfo,
) -> WorksSession:
    """A session that lasted `hours`: from today's works visit's start when there is one,
    else ending now."""
    if not 1 <= hours <= MAX_HOURS or not all(
        0 <= count <= MAX_PEOPLE for count in (household_members, volunteers, other_households)
    ):
        raise WorksiteRefused(WorksiteRefusal.bad_value)
    household = await household_to_edit(session, person, household_id)
    visit = await _visit_of_the_day(session, household.id, now, tz)
    started = visit.starts_at if visit is not None else now - timedelta(hours=hours)
    works = WorksSession(
        household_id=household.id,
        visit_id=visit.id if visit is not None else None,
        started_at=started,
        ended_at=started + timedelta(hours=hours),
        household_members=household_members,
        volunteers=volunteers,
        other_households=other_households,
        animator_present=True,
        recorded_by_id=person.id,
        created_at=now,
    )
    session.add(works)
    await session.flush()
    await audit.record(
        session, "worksite.session", actor_id=person.id, target_type="household", target_id=household.id, now=now
    )
    return works


async def of_household(session: AsyncSession, household_id: int) -> list[WorksSession]:
    rows = await session.exec(
        select(WorksSession)
        .where(col(WorksSession.household_id) == household_id)
        .order_by(col(WorksSession.started_at))
    )
    return list(rows.all())


def hours(works: WorksSession) -> float:
    return (works.ended_at - works.started_at).total_seconds() / 3600


async def session_to_edit(session: AsyncSession, person: Person, session_id: int) -> WorksSession:
    works = await session.get(WorksSession, session_id)
    if works is None:
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    await household_to_edit(session, person, works.household_id)
    return works
