"""Answers to workshop invitations: seats, the waiting list, reminders, attendance.

Seats are taken by a conditional UPDATE (`seats_taken < capacity`), so the
last seat goes to exactly one person however many press at once; the others
join the waiting list in the order they pressed. When a seat frees up, the
first on the list gets it and is told, with a button to give it back.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any, Self
from zoneinfo import ZoneInfo

from pydantic import field_serializer
from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Person,
    Rsvp,
    RsvpAnswer,
    Workshop,
    WorkshopInvitation,
    WorkshopStatus,
)
from bot.services import delivery, questionnaire_triggers
from bot.services.payloads import Payload
from bot.services.workshop_rules import Refusal, WorkshopRefused, check_open, followed
from bot.timeutil import local_to_utc

REMINDER = "workshop.reminder"
PROMOTED = "workshop.promoted"
TWO_DAYS_BEFORE_AT = time(10, 0)
MORNING_AT = time(8, 0)


class Reminder(str, enum.Enum):
    two_days = "2d"
    morning = "morning"


class WorkshopSnapshot(Payload):
    """What a message about the workshop shows, frozen when it is queued: the base of
    every workshop kind's payload (rows keep these keys, `starts_at` in ISO 8601)."""

    workshop_id: int
    title: str
    starts_at: datetime
    place: str
    bring: str | None = None
    children_welcome: bool = False
    latitude: float | None = None
    longitude: float | None = None

    @field_serializer("starts_at")
    def _iso(self, moment: datetime) -> str:
        return moment.isoformat()  # as rows were written before the payloads were typed

    @classmethod
    def about(cls, workshop: Workshop, **extra: Any) -> Self:
        return cls(
            workshop_id=workshop.id,
            title=workshop.title,
            starts_at=workshop.starts_at,
            place=workshop.place,
            bring=workshop.bring,
            children_welcome=workshop.children_welcome,
            latitude=workshop.latitude,
            longitude=workshop.longitude,
            **extra,
        )


class ReminderPayload(WorkshopSnapshot):
    """REMINDER: two days before, or on the morning (`which`)."""

    which: Reminder


class PromotedPayload(WorkshopSnapshot):
    """PROMOTED: a seat freed up and is now theirs."""


def reminder_times(workshop: Workshop, tz: ZoneInfo) -> dict[Reminder, datetime]:
    day = workshop.starts_at.astimezone(tz).date()
    morning = min(local_to_utc(day, MORNING_AT, tz), workshop.starts_at - timedelta(hours=1))
    return {
        Reminder.two_days: local_to_utc(day - timedelta(days=2), TWO_DAYS_BEFORE_AT, tz),
        Reminder.morning: morning,
    }


def _reminder_key(workshop: Workshop, person_id: int, which: Reminder) -> str:
    return f"workshop:{workshop.id}:v{workshop.version}:reminder-{which.value}:person:{person_id}"


async def schedule_reminders(
    session: AsyncSession, workshop: Workshop, person_id: int, *, now: datetime, tz: ZoneInfo
) -> None:
    for which, due in reminder_times(workshop, tz).items():
        if due > now:
            await delivery.schedule(
                session,
                recipient_id=person_id,
                kind=REMINDER,
                dedup_key=_reminder_key(workshop, person_id, which),
                due_at=due,
                now=now,
                params=ReminderPayload.about(workshop, which=which),
            )


async def cancel_reminders(session: AsyncSession, workshop_id: int, person_id: int) -> None:
    for which in Reminder:
        # Any version: a moved workshop's old reminders go too.
        await delivery.cancel_matching(
            session, f"workshop:{workshop_id}:", f":reminder-{which.value}:person:{person_id}"
        )


async def reschedule_reminders(
    session: AsyncSession, workshop: Workshop, person_id: int, *, now: datetime, tz: ZoneInfo
) -> None:
    await cancel_reminders(session, workshop.id, person_id)
    answer = await get(session, workshop.id, person_id)
    if answer is not None and answer.answer is RsvpAnswer.yes:
        await schedule_reminders(session, workshop, person_id, now=now, tz=tz)


async def get(session: AsyncSession, workshop_id: int, person_id: int) -> Rsvp | None:
    rows = await session.exec(select(Rsvp).where(Rsvp.workshop_id == workshop_id, Rsvp.person_id == person_id))
    return rows.first()


async def is_invited(session: AsyncSession, workshop_id: int, person_id: int) -> bool:
    rows = await session.exec(
        select(WorkshopInvitation.id).where(
            WorkshopInvitation.workshop_id == workshop_id, WorkshopInvitation.person_id == person_id
        )
    )
    return rows.first() is not None or await get(session, workshop_id, person_id) is not None


async def _take_seat(session: AsyncSession, workshop_id: int) -> bool:
    result = await session.exec(
        update(Workshop)
        .where(
            col(Workshop.id) == workshop_id,
            col(Workshop.status) == WorkshopStatus.scheduled,
            col(Workshop.seats_taken) < col(Workshop.capacity),
        )
        .values(seats_taken=Workshop.seats_taken + 1)
    )
    return bool(result.rowcount)


async def _release_seat(session: AsyncSession, workshop_id: int) -> None:
    await session.exec(
        update(Workshop)
        .where(col(Workshop.id) == workshop_id, col(Workshop.seats_taken) > 0)
        .values(seats_taken=Workshop.seats_taken - 1)
    )


@dataclass(frozen=True)
class AnswerResult:
    answer: RsvpAnswer
    position: int | None = None  # on the waiting list, 1 = next
    promoted_person_id: int | None = None


async def waiting_position(session: AsyncSession, workshop_id: int, person_id: int) -> int | None:
    mine = await get(session, workshop_id, person_id)
    if mine is None or mine.answer is not RsvpAnswer.waiting or mine.waiting_since is None:
        return None
    ahead = await session.exec(
        select(func.count()).where(
            col(Rsvp.workshop_id) == workshop_id,
            col(Rsvp.answer) == RsvpAnswer.waiting,
            (col(Rsvp.waiting_since) < mine.waiting_since)
            | ((col(Rsvp.waiting_since) == mine.waiting_since) & (col(Rsvp.id) < mine.id)),
        )
    )
    return ahead.one() + 1


async def answer(
    session: AsyncSession, workshop: Workshop, person: Person, choice: RsvpAnswer, *, now: datetime, tz: ZoneInfo
) -> AnswerResult:
    """Record yes / maybe / no. Yes on a full workshop means the waiting list."""
    if choice is RsvpAnswer.waiting:
        raise ValueError("waiting is not a choice, it is what yes becomes when full")
    workshop_id, person_id = workshop.id, person.id
    current = await get(session, workshop_id, person_id)
    previous = current.answer if current else None
    if previous is choice or (choice is RsvpAnswer.yes and previous is RsvpAnswer.waiting):
        return AnswerResult(previous, await waiting_position(session, workshop_id, person_id))
    new: RsvpAnswer = choice
    if choice is RsvpAnswer.yes and not await _take_seat(session, workshop_id):
        new = RsvpAnswer.waiting
    if current is None:
        current = Rsvp(workshop_id=workshop_id, person_id=person_id, answer=new, answered_at=now)
    current.answer, current.answered_at = new, now
    current.waiting_since = now if new is RsvpAnswer.waiting else None
    session.add(current)
    await session.flush()
    promoted = None
    if previous is RsvpAnswer.yes:
        await _release_seat(session, workshop_id)
        promoted = await _promote_first(session, workshop, now=now, tz=tz)
    if new is RsvpAnswer.yes:
        await schedule_reminders(session, workshop, person_id, now=now, tz=tz)
    else:
        await cancel_reminders(session, workshop_id, person_id)
    await session.flush()
    return AnswerResult(new, await waiting_position(session, workshop_id, person_id), promoted)


async def respond(
    session: AsyncSession,
    person: Person,
    workshop_id: int,
    choice: RsvpAnswer,
    *,
    invited_only: bool,
    now: datetime,
    tz: ZoneInfo,
) -> tuple[Workshop, AnswerResult]:
    """A tenant's answer from a button: an invitation's (`invited_only`: only for people who
    were invited) or a browsed workshop's (any tenant may sign up), until it starts."""
    workshop = check_open(await session.get(Workshop, workshop_id), now)
    if invited_only and not await is_invited(session, workshop.id, person.id):
        raise WorkshopRefused(Refusal.not_invited)
    return workshop, await answer(session, workshop, person, choice, now=now, tz=tz)


async def _promote_first(session: AsyncSession, workshop: Workshop, *, now: datetime, tz: ZoneInfo) -> int | None:
    """Give a free seat to the first person waiting, and tell them."""
    rows = await session.exec(
        select(Rsvp)
        .where(col(Rsvp.workshop_id) == workshop.id, col(Rsvp.answer) == RsvpAnswer.waiting)
        .order_by(col(Rsvp.waiting_since), col(Rsvp.id))
        .limit(1)
    )
    first = rows.first()
    if first is None or first.person_id is None or not await _take_seat(session, workshop.id):
        return None
    first.answer, first.answered_at, first.waiting_since = RsvpAnswer.yes, now, None
    session.add(first)
    await schedule_reminders(session, workshop, first.person_id, now=now, tz=tz)
    await delivery.schedule(
        session,
        recipient_id=first.person_id,
        kind=PROMOTED,
        now=now,
        due_at=now,
        dedup_key=f"workshop:{workshop.id}:promoted:person:{first.person_id}:{now.isoformat()}",
        params=PromotedPayload.about(workshop),
    )
    return first.person_id


async def fill_from_waiting_list(session: AsyncSession, workshop: Workshop, *, now: datetime, tz: ZoneInfo) -> int:
    """After the capacity grew: promote as many as there are new seats."""
    promoted = 0
    while await _promote_first(session, workshop, now=now, tz=tz) is not None:
        promoted += 1
    return promoted


@dataclass(frozen=True)
class Counts:
    yes: int
    maybe: int
    no: int
    waiting: int
    no_answer: int


async def counts(session: AsyncSession, workshop_id: int) -> Counts:
    rows = await session.exec(
        select(Rsvp.answer, func.count()).where(col(Rsvp.workshop_id) == workshop_id).group_by(col(Rsvp.answer))
    )
    by_answer = {answer_: count for answer_, count in rows.all()}
    unanswered = await session.exec(
        select(func.count())
        .select_from(WorkshopInvitation)
        .where(
            col(WorkshopInvitation.workshop_id) == workshop_id,
            ~col(WorkshopInvitation.person_id).in_(
                select(Rsvp.person_id).where(col(Rsvp.workshop_id) == workshop_id, col(Rsvp.person_id).is_not(None))
            ),
        )
    )
    return Counts(
        yes=by_answer.get(RsvpAnswer.yes, 0),
        maybe=by_answer.get(RsvpAnswer.maybe, 0),
        no=by_answer.get(RsvpAnswer.no, 0),
        waiting=by_answer.get(RsvpAnswer.waiting, 0),
        no_answer=unanswered.one(),
    )


@dataclass(frozen=True)
class Participant:
    rsvp_id: int
    name: str
    answer: RsvpAnswer
    attended: bool | None


async def participants(session: AsyncSession, workshop_id: int) -> list[Participant]:
    """Everyone who answered, yes first, for the answers list and attendance."""
    order = {RsvpAnswer.yes: 0, RsvpAnswer.maybe: 1, RsvpAnswer.waiting: 2, RsvpAnswer.no: 3}
    rows = await session.exec(
        select(Rsvp, Person.name)
        .join(Person, col(Person.id) == col(Rsvp.person_id))
        .where(col(Rsvp.workshop_id) == workshop_id)
    )
    found = [Participant(r.id, name, r.answer, r.attended) for r, name in rows.all()]
    return sorted(found, key=lambda p: (order[p.answer], p.name))


@dataclass(frozen=True)
class Answers:
    workshop: Workshop
    participants: list[Participant]
    counts: Counts


async def answers_of(session: AsyncSession, actor: Person, workshop_id: int) -> Answers:
    """The answers list, for the team."""
    workshop = await followed(session, actor, workshop_id)
    return Answers(workshop, await participants(session, workshop.id), await counts(session, workshop.id))


async def attendance_of(session: AsyncSession, actor: Person, workshop_id: int) -> tuple[Workshop, list[Participant]]:
    """Who said yes or maybe, to tick who came: for the team."""
    workshop = await followed(session, actor, workshop_id)
    coming = [p for p in await participants(session, workshop.id) if p.answer in (RsvpAnswer.yes, RsvpAnswer.maybe)]
    return workshop, coming


async def tick(
    session: AsyncSession, actor: Person, workshop_id: int, rsvp_id: int, *, now: datetime, tz: ZoneInfo
) -> Workshop:
    """A team member ticks (or unticks) one person as come."""
    workshop = await followed(session, actor, workshop_id)
    if await toggle_attendance(session, workshop.id, rsvp_id, now=now, tz=tz) is None:
        raise WorkshopRefused(Refusal.not_an_answer)
    return workshop


async def toggle_attendance(
    session: AsyncSession, workshop_id: int, rsvp_id: int, *, now: datetime | None = None, tz: ZoneInfo | None = None
) -> bool | None:
    """Flip "came" for one answer of this workshop; None if it is not one of its answers.

    With `now` and `tz` (the chat gives them), a person ticked present gets the
    after-workshop questionnaire, and one unticked before it went out does not.
    """
    row = await session.get(Rsvp, rsvp_id)
    if row is None or row.workshop_id != workshop_id:
        return None
    row.attended = not bool(row.attended)
    session.add(row)
    await session.flush()
    if now is not None and tz is not None:
        await questionnaire_triggers.on_attendance(
            session, workshop_id=workshop_id, person_id=row.person_id, attended=row.attended, now=now, tz=tz
        )
    return row.attended
