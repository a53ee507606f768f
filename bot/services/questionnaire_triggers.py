"""When each questionnaire goes out (no aiogram: called by the services and handlers that see it happen).

- a visit done → "after_visit" the next day at 10:00 (Paris) to the household's tenants;
  the first meeting (the tripartite visit) → "start_baseline" instead, once per household, so
  that the closing review can show what changed (a second tripartite visit gets "after_visit");
  a closing visit → "closing" instead, and "followup_3m" three months later at 10:00;
- a person ticked as present at a workshop → "after_workshop" at 18:00 the same day
  if ticked before 17:00, else the next morning at 10:00 (unticked by mistake before
  it went out: taken back);
- a household moving to the follow-up phase → "closing" (the end-of-accompaniment
  review), once per person whichever comes first: this or the closing visit.

Trigger keys are unique, so a trigger that fires twice sends once. Times are
wall-clock times in the programme's zone, converted to UTC (bot/timeutil.py);
the outbox holds them back during quiet hours like any non-urgent message.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Person, Role
from bot.services import people, questionnaires
from bot.timeutil import local_to_utc

AFTER_VISIT = "after_visit"
START_BASELINE = "start_baseline"
AFTER_WORKSHOP = "after_workshop"
CLOSING = "closing"
FOLLOWUP_3M = "followup_3m"
MORNING = time(10, 0)
EVENING = time(18, 0)
EVENING_CUTOFF = time(17, 0)
FOLLOWUP_MONTHS = 3


async def _tenants(session: AsyncSession, household_id: int) -> list[int]:
    return [person.id for person in await people.tenants_of(session, household_id)]


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day (30 November + 3 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


async def _send_to_household(
    session: AsyncSession, household_id: int, questionnaire_id: str, key: str, due_at: datetime, now: datetime
) -> int:
    sent = 0
    for person_id in await _tenants(session, household_id):
        assignment = await questionnaires.assign(
            session,
            questionnaire_id=questionnaire_id,
            person_id=person_id,
            household_id=household_id,
            trigger_key=f"{key}:person:{person_id}",
            due_at=due_at,
            now=now,
        )
        sent += assignment is not None
    return sent


async def on_visit_done(
    session: AsyncSession, *, household_id: int, visit_id: int, kind: str, done_at: datetime, tz: ZoneInfo
) -> None:
    """A visit was marked done. Call it from the visits service, in the same transaction."""
    day = done_at.astimezone(tz).date()
    next_morning = local_to_utc(day + timedelta(days=1), MORNING, tz)
    if kind == "closing":
        await _send_to_household(
            session, household_id, CLOSING, f"household:{household_id}:{CLOSING}", next_morning, done_at
        )
        later = local_to_utc(add_months(day, FOLLOWUP_MONTHS), MORNING, tz)
        await _send_to_household(
            session, household_id, FOLLOWUP_3M, f"household:{household_id}:{FOLLOWUP_3M}", later, done_at
        )
        return
    if kind == "tripartite":
        key = f"household:{household_id}:{START_BASELINE}"
        if await _send_to_household(session, household_id, START_BASELINE, key, next_morning, done_at):
            return
    await _send_to_household(
        session, household_id, AFTER_VISIT, f"visit:{visit_id}:{AFTER_VISIT}", next_morning, done_at
    )


def after_workshop_time(now: datetime, tz: ZoneInfo) -> datetime:
    local = now.astimezone(tz)
    if local.time() < EVENING_CUTOFF:
        return local_to_utc(local.date(), EVENING, tz)
    return local_to_utc(local.date() + timedelta(days=1), MORNING, tz)


async def on_attendance(
    session: AsyncSession, *, workshop_id: int, person_id: int | None, attended: bool, now: datetime, tz: ZoneInfo
) -> None:
    """Someone was ticked (or unticked) as present at a workshop."""
    if person_id is None:
        return
    person = await session.get(Person, person_id)
    if person is None or person.role is not Role.tenant:
        return
    key = f"workshop:{workshop_id}:{AFTER_WORKSHOP}:person:{person_id}"
    if attended:
        await questionnaires.assign(
            session,
            questionnaire_id=AFTER_WORKSHOP,
            person_id=person_id,
            household_id=person.household_id,
            trigger_key=key,
            due_at=after_workshop_time(now, tz),
            now=now,
        )
    else:
        await questionnaires.withdraw(session, key, now=now)


async def on_follow_up(session: AsyncSession, *, household_id: int, now: datetime, tz: ZoneInfo) -> None:
    """The household moved to the follow-up phase: the end-of-accompaniment review, the next morning."""
    day = now.astimezone(tz).date()
    await _send_to_household(
        session,
        household_id,
        CLOSING,
        f"household:{household_id}:{CLOSING}",
        local_to_utc(day + timedelta(days=1), MORNING, tz),
        now,
    )
