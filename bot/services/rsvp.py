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
from typing import Any, Self, TypeVar
from zoneinfo import ZoneInfo

from pydantic import Field, field_serializer
from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import dialect_insert
from bot.models import (
    Person,
    Rsvp,
    RsvpAnswer,
    Workshop,
    WorkshopInvitation,
    WorkshopStatus,
    WorkshopText,
)
from bot.services import delivery, questionnaire_triggers
from bot.services.languages import TextVersion
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
    description: str | None = None
    versions: dict[str, TextVersion] = Field(
        default_factory=dict
    )  # the title and description in other languages, by locale

    @field_serializer("starts_at")
    def _iso(self, moment: datetime) -> str:
        return moment.isoformat()  # as rows were written before the payloads were typed

    @classmethod
    def about(cls, workshop: Workshop, versions: dict[str, TextVersion] | None = None, **extra: Any) -> Self:
        return cls(
            workshop_id=workshop.id,
            title=workshop.title,
            starts_at=workshop.starts_at,
            place=workshop.place,
            bring=workshop.bring,
            children_welcome=workshop.children_welcome,
            latitude=workshop.latitude,
            longitude=workshop.longitude,
            description=workshop.description,
            versions=versions or {},
            **extra,
        )

    def title_in(self, locale: str) -> str:
        version = self.versions.get(locale)
        return version.title if version else self.title

    def description_in(self, locale: str) -> str | None:
        version = self.versions.get(locale)
        return version.description if version and version.description else self.description


async def versions_of(session: AsyncSession, workshop_ids: list[int]) -> dict[int, dict[str, TextVersion]]:
    """Each workshop's title and description in other languages, by locale."""
    found: dict[int, dict[str, TextVersion]] = {workshop_id: {} for workshop_id in workshop_ids}
    if workshop_ids:
        rows = await session.exec(select(WorkshopText).where(col(WorkshopText.workshop_id).in_(workshop_ids)))
        for row in rows.all():
            found[row.workshop_id][row.locale] = TextVersion(title=row.title, description=row.description)
    return found


async def snapshot(session: AsyncSession, kind: type[S], workshop: Workshop, **extra: Any) -> S:
    """The kind's payload about the workshop as it is now, with its versions in other languages."""
    versions = (await versions_of(session, [workshop.id]))[workshop.id]
    return kind.about(workshop, versions, **extra)


S = TypeVar("S", bound=WorkshopSnapshot)


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
                params=await snapshot(session, ReminderPayload, workshop, which=which),
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


# Two presses changing one answer at once: the second finds it changed and starts over.
MAX_TRIES = 5


async def _fresh(session: AsyncSession, workshop_id: int, person_id: int) -> Rsvp | None:
    """The answer as the database has it now (not as this session last saw it)."""
    rows = await session.exec(
        select(Rsvp)
        .where(Rsvp.workshop_id == workshop_id, Rsvp.person_id == person_id)
        .execution_options(populate_existing=True)
    )
    return rows.first()


async def _switch(
    session: AsyncSession, current: Rsvp | None, workshop_id: int, person_id: int, new: RsvpAnswer, now: datetime
) -> bool:
    """Write the new answer if the row is still as read: the compare-and-set of an answer change.

    A new row is inserted unless one appeared meanwhile (the unique key refuses it); an existing
    one is updated only if its answer is still the one read. False: someone else changed it."""
    waiting_since = now if new is RsvpAnswer.waiting else None
    if current is None:
        insert = dialect_insert(session)(Rsvp).values(
            workshop_id=workshop_id, person_id=person_id, answer=new, answered_at=now, waiting_since=waiting_since
        )
        result = await session.exec(insert.on_conflict_do_nothing(index_elements=["workshop_id", "person_id"]))
    else:
        result = await session.exec(
            update(Rsvp)
            .where(col(Rsvp.id) == current.id, col(Rsvp.answer) == current.answer)
            .values(answer=new, answered_at=now, waiting_since=waiting_since)
        )
    return bool(result.rowcount)


async def answer(
    session: AsyncSession, workshop: Workshop, person: Person, choice: RsvpAnswer, *, now: datetime, tz: ZoneInfo
) -> AnswerResult:
    """Record yes / maybe / no. Yes on a full workshop means the waiting list.

    Atomic however many presses come at once (a double tap, two phones): the seat is taken by a
    conditional UPDATE, the answer changed only if it is still the one read (else the seat is
    given back and the change starts over), so seats_taken is always the number of "yes"."""
    if choice in (RsvpAnswer.waiting, RsvpAnswer.walk_in):
        raise ValueError("waiting is what yes becomes when full, walk_in what the team ticks: neither is a choice")
    workshop_id, person_id = workshop.id, person.id
    # One answer change per workshop at a time, until the caller commits (PostgreSQL's row lock;
    # SQLite has one writer anyway): without it a "yes" turned waiting could commit just after a
    # seat was given back and promoted nobody, and someone would wait beside a free seat.
    await session.exec(select(Workshop.id).where(col(Workshop.id) == workshop_id).with_for_update())
    for _ in range(MAX_TRIES):
        current = await _fresh(session, workshop_id, person_id)
        previous = current.answer if current else None
        if previous is choice or (choice is RsvpAnswer.yes and previous is RsvpAnswer.waiting):
            return AnswerResult(previous, await waiting_position(session, workshop_id, person_id))
        new: RsvpAnswer = choice
        took_seat = choice is RsvpAnswer.yes and await _take_seat(session, workshop_id)
        if choice is RsvpAnswer.yes and not took_seat:
            new = RsvpAnswer.waiting
        if await _switch(session, current, workshop_id, person_id, new, now):
            break
        if took_seat:
            await _release_seat(session, workshop_id)
    else:
        raise RuntimeError(f"workshop {workshop_id}: the answer kept changing under us")
    await _fresh(session, workshop_id, person_id)  # the session's copy, as written
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
    for _ in range(MAX_TRIES):
        rows = await session.exec(
            select(Rsvp)
            .where(
                col(Rsvp.workshop_id) == workshop.id,
                col(Rsvp.answer) == RsvpAnswer.waiting,
                col(Rsvp.person_id).is_not(None),
            )
            .order_by(col(Rsvp.waiting_since), col(Rsvp.id))
            .limit(1)
            .execution_options(populate_existing=True)
        )
        first = rows.first()
        if first is None or first.person_id is None or not await _take_seat(session, workshop.id):
            return None
        if await _switch(session, first, workshop.id, first.person_id, RsvpAnswer.yes, now):
            break
        await _release_seat(session, workshop.id)  # they changed their answer meanwhile: the next one
    else:
        return None
    person_id = first.person_id
    await session.refresh(first)
    await schedule_reminders(session, workshop, person_id, now=now, tz=tz)
    await delivery.schedule(
        session,
        recipient_id=person_id,
        kind=PROMOTED,
        now=now,
        due_at=now,
        dedup_key=f"workshop:{workshop.id}:promoted:person:{person_id}:{now.isoformat()}",
        params=await snapshot(session, PromotedPayload, workshop),
    )
    return person_id


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


ORDER = {RsvpAnswer.yes: 0, RsvpAnswer.maybe: 1, RsvpAnswer.waiting: 2, RsvpAnswer.walk_in: 3, RsvpAnswer.no: 4}


async def participants(session: AsyncSession, workshop_id: int) -> list[Participant]:
    """Everyone who answered (or was ticked as come), yes first, for the answers list and attendance."""
    rows = await session.exec(
        select(Rsvp, Person.name)
        .join(Person, col(Person.id) == col(Rsvp.person_id))
        .where(col(Rsvp.workshop_id) == workshop_id)
    )
    found = [Participant(r.id, name, r.answer, r.attended) for r, name in rows.all()]
    return sorted(found, key=lambda p: (ORDER[p.answer], p.name))


@dataclass(frozen=True)
class Silent:
    """Someone invited who has not answered."""

    person_id: int
    name: str


async def silent(session: AsyncSession, workshop_id: int) -> list[Silent]:
    """Those invited who have not answered, by name (the team names them, not only counts them)."""
    answered = select(Rsvp.person_id).where(col(Rsvp.workshop_id) == workshop_id, col(Rsvp.person_id).is_not(None))
    rows = await session.exec(
        select(Person.id, Person.name)
        .join(WorkshopInvitation, col(WorkshopInvitation.person_id) == col(Person.id))
        .where(col(WorkshopInvitation.workshop_id) == workshop_id, ~col(Person.id).in_(answered))
        .order_by(col(Person.name), col(Person.id))
    )
    return [Silent(person_id, name) for person_id, name in rows.all() if person_id is not None]


@dataclass(frozen=True)
class Answers:
    workshop: Workshop
    participants: list[Participant]
    counts: Counts
    silent: list[Silent]


async def answers_of(session: AsyncSession, actor: Person, workshop_id: int) -> Answers:
    """The answers list, for the team."""
    workshop = await followed(session, actor, workshop_id)
    return Answers(
        workshop,
        await participants(session, workshop.id),
        await counts(session, workshop.id),
        await silent(session, workshop.id),
    )


@dataclass(frozen=True)
class Attendance:
    """Who can be ticked as come: everyone who answered or signed up, and everyone invited who did not answer."""

    workshop: Workshop
    answered: list[Participant]
    silent: list[Silent]

    @property
    def came(self) -> int:
        return sum(1 for p in self.answered if p.attended)

    @property
    def total(self) -> int:
        return len(self.answered) + len(self.silent)


async def attendance_of(session: AsyncSession, actor: Person, workshop_id: int) -> Attendance:
    """Everyone invited or signed up, to tick who came: for the team. Those who said no or never
    answered are on it too: people turn up without telling."""
    workshop = await followed(session, actor, workshop_id)
    return Attendance(workshop, await participants(session, workshop.id), await silent(session, workshop.id))


async def tick(
    session: AsyncSession, actor: Person, workshop_id: int, rsvp_id: int, *, now: datetime, tz: ZoneInfo
) -> Workshop:
    """A team member ticks (or unticks) one person as come."""
    workshop = await followed(session, actor, workshop_id)
    if await toggle_attendance(session, workshop.id, rsvp_id, now=now, tz=tz) is None:
        raise WorkshopRefused(Refusal.not_an_answer)
    return workshop


async def tick_walk_in(
    session: AsyncSession, actor: Person, workshop_id: int, person_id: int, *, now: datetime, tz: ZoneInfo
) -> Workshop:
    """A team member ticks as come someone invited who never answered (a walk-in). Unticking them
    later (`tick`) puts them back among those who did not answer."""
    workshop = await followed(session, actor, workshop_id)
    invited = await session.exec(
        select(WorkshopInvitation.id).where(
            WorkshopInvitation.workshop_id == workshop.id, WorkshopInvitation.person_id == person_id
        )
    )
    if invited.first() is None or await get(session, workshop.id, person_id) is not None:
        raise WorkshopRefused(Refusal.not_an_answer)  # not invited, or has an answer: ticked with `tick`
    row = Rsvp(workshop_id=workshop.id, person_id=person_id, answer=RsvpAnswer.walk_in, answered_at=now)
    session.add(row)
    await session.flush()
    await toggle_attendance(session, workshop.id, row.id, now=now, tz=tz)
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
    attended, person_id = row.attended, row.person_id
    if row.answer is RsvpAnswer.walk_in and not attended:
        await session.delete(row)  # ticked by mistake: back among those who did not answer
    else:
        session.add(row)
    await session.flush()
    if now is not None and tz is not None:
        await questionnaire_triggers.on_attendance(
            session, workshop_id=workshop_id, person_id=person_id, attended=attended, now=now, tz=tz
        )
    return attended
