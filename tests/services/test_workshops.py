"""Workshops without Telegram: series, seats, the waiting list, reminders, audiences."""

from __future__ import annotations

import asyncio
import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Household,
    OutboxMessage,
    OutboxStatus,
    Person,
    Phase,
    RsvpAnswer,
    Workshop,
    WorkshopStatus,
    WorkshopTheme,
)
from bot.services import rsvp, workshop_invitations, workshops
from bot.services.workshop_invitations import InviteAudience, Target
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW
from tests.factories import tenant as _tenant

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_2PM = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Paris


_draft = functools.partial(factories.draft, title="Peinture", capacity=2)


async def _outbox(session: AsyncSession, kind: str | None = None) -> list[OutboxMessage]:
    return await factories.outbox(session, kind=kind)


async def test_fortnightly_series_keeps_local_time_across_dst(session):
    start = datetime(2027, 3, 16, 13, 0, tzinfo=UTC)  # Tuesday 14:00 CET
    created = await workshops.create(
        session,
        _draft(starts_at=start),
        created_by_id=None,
        now=NOW,
        tz=PARIS,
        every_weeks=2,
        until=datetime(2027, 4, 14, tzinfo=UTC),
    )
    local = [w.starts_at.astimezone(PARIS) for w in created]
    assert [d.date().isoformat() for d in local] == ["2027-03-16", "2027-03-30", "2027-04-13"]
    assert {d.hour for d in local} == {14}  # 14:00 before and after the change of 28 March
    assert len({w.series_id for w in created}) == 1


async def test_a_workshop_in_the_past_is_refused(session):
    import pytest

    with pytest.raises(workshops.WorkshopError, match="in_the_past"):
        await workshops.create(
            session, _draft(starts_at=NOW - timedelta(hours=1)), created_by_id=None, now=NOW, tz=PARIS
        )


async def test_full_workshop_waiting_list_and_promotion(session):
    [workshop] = await workshops.create(session, _draft(capacity=2), created_by_id=None, now=NOW, tz=PARIS)
    a, b, c, d = [await _tenant(session, 100 + i) for i in range(4)]
    assert (await rsvp.answer(session, workshop, a, RsvpAnswer.yes, now=NOW, tz=PARIS)).answer is RsvpAnswer.yes
    assert (await rsvp.answer(session, workshop, b, RsvpAnswer.yes, now=NOW, tz=PARIS)).answer is RsvpAnswer.yes
    third = await rsvp.answer(session, workshop, c, RsvpAnswer.yes, now=NOW + timedelta(seconds=1), tz=PARIS)
    fourth = await rsvp.answer(session, workshop, d, RsvpAnswer.yes, now=NOW + timedelta(seconds=2), tz=PARIS)
    assert (third.answer, third.position, fourth.position) == (RsvpAnswer.waiting, 1, 2)

    freed = await rsvp.answer(session, workshop, a, RsvpAnswer.no, now=NOW, tz=PARIS)
    assert freed.promoted_person_id == c.id
    await session.refresh(workshop)
    assert workshop.seats_taken == 2
    assert (await rsvp.get(session, workshop.id, c.id)).answer is RsvpAnswer.yes
    assert await rsvp.waiting_position(session, workshop.id, d.id) == 1
    [told] = await _outbox(session, rsvp.PROMOTED)
    assert told.recipient_id == c.id
    counts = await rsvp.counts(session, workshop.id)
    assert (counts.yes, counts.no, counts.waiting) == (2, 1, 1)


async def test_fifty_people_pressing_for_the_last_seats_at_once(sessionmaker):
    async with sessionmaker() as session:
        [workshop] = await workshops.create(session, _draft(capacity=3), created_by_id=None, now=NOW, tz=PARIS)
        tenants = [await _tenant(session, 1000 + i) for i in range(50)]
        await session.commit()

    async def press(person: Person) -> RsvpAnswer:
        async with sessionmaker() as session:
            for _ in range(20):  # SQLite may answer "busy": the handler's apology would ask to retry
                try:
                    current = await session.get(Workshop, workshop.id)
                    result = await rsvp.answer(session, current, person, RsvpAnswer.yes, now=NOW, tz=PARIS)
                    await session.commit()
                    return result.answer
                except Exception:
                    await session.rollback()
                    await asyncio.sleep(0.01)
            raise AssertionError("never got an answer")

    answers = await asyncio.gather(*(press(t) for t in tenants))
    assert answers.count(RsvpAnswer.yes) == 3 and answers.count(RsvpAnswer.waiting) == 47
    async with sessionmaker() as session:
        assert (await session.get(Workshop, workshop.id)).seats_taken == 3


async def test_reminders_follow_the_answer(session):
    [workshop] = await workshops.create(session, _draft(), created_by_id=None, now=NOW, tz=PARIS)
    amina = await _tenant(session, 200)
    await rsvp.answer(session, workshop, amina, RsvpAnswer.yes, now=NOW, tz=PARIS)
    reminders = await _outbox(session, rsvp.REMINDER)
    assert [r.due_at for r in reminders] == [
        datetime(2026, 11, 29, 9, 0, tzinfo=UTC),  # two days before, 10:00 Paris
        datetime(2026, 12, 1, 7, 0, tzinfo=UTC),  # the morning, 08:00 Paris
    ]
    await rsvp.answer(session, workshop, amina, RsvpAnswer.maybe, now=NOW, tz=PARIS)
    assert {r.status for r in await _outbox(session, rsvp.REMINDER)} == {OutboxStatus.cancelled}


async def test_moving_a_session_moves_reminders_and_tells_people(session):
    [workshop] = await workshops.create(session, _draft(), created_by_id=None, now=NOW, tz=PARIS)
    amina = await _tenant(session, 300)
    await rsvp.answer(session, workshop, amina, RsvpAnswer.yes, now=NOW, tz=PARIS)
    told = await workshops.change(session, [workshop], actor_id=None, now=NOW, tz=PARIS, shift=timedelta(days=1))
    assert told == 1
    pending = [r for r in await _outbox(session, rsvp.REMINDER) if r.status is OutboxStatus.pending]
    assert [r.due_at for r in pending] == [
        datetime(2026, 11, 30, 9, 0, tzinfo=UTC),
        datetime(2026, 12, 2, 7, 0, tzinfo=UTC),
    ]
    assert len(await _outbox(session, workshops.CHANGED)) == 1


async def test_cancelling_tells_yes_and_waiting_not_no(session):
    [workshop] = await workshops.create(session, _draft(capacity=1), created_by_id=None, now=NOW, tz=PARIS)
    yes, waiting, no = [await _tenant(session, 400 + i) for i in range(3)]
    await rsvp.answer(session, workshop, yes, RsvpAnswer.yes, now=NOW, tz=PARIS)
    await rsvp.answer(session, workshop, waiting, RsvpAnswer.yes, now=NOW, tz=PARIS)
    await rsvp.answer(session, workshop, no, RsvpAnswer.no, now=NOW, tz=PARIS)
    assert await workshops.cancel(session, [workshop], actor_id=None, now=NOW, tz=PARIS) == 2
    told = {r.recipient_id for r in await _outbox(session, workshops.CANCELLED)}
    assert told == {yes.id, waiting.id}
    assert workshop.status is WorkshopStatus.cancelled
    assert {r.status for r in await _outbox(session, rsvp.REMINDER)} == {OutboxStatus.cancelled}


async def test_audiences_and_nobody_twice(session):
    [workshop] = await workshops.create(session, _draft(), created_by_id=None, now=NOW, tz=PARIS)
    enc = [await _tenant(session, 500 + i, site="Encagnane") for i in range(3)]
    jas = await _tenant(session, 510, site="Jas", phase=Phase.follow_up)
    site = Target(InviteAudience.site, site="Encagnane")
    assert sorted(await workshop_invitations.recipients(session, site)) == sorted(p.id for p in enc)
    assert await workshop_invitations.recipients(session, Target(InviteAudience.phase, phase=Phase.follow_up)) == [
        jas.id
    ]
    picked = Target(InviteAudience.households, household_ids=(jas.household_id,))
    assert await workshop_invitations.recipients(session, picked) == [jas.id]

    _, first = await workshop_invitations.invite(session, workshop, site, sender_id=jas.id, now=NOW)
    _, again = await workshop_invitations.invite(
        session, workshop, Target(InviteAudience.all), sender_id=jas.id, now=NOW
    )
    assert (first, again) == (3, 1)  # the second send only reaches the one not yet invited
    assert len(await _outbox(session, workshop_invitations.INVITATION)) == 4


async def test_past_participants_of_a_theme_and_relance(session):
    [past] = await workshops.create(session, _draft(theme=WorkshopTheme.energy), created_by_id=None, now=NOW, tz=PARIS)
    came, absent = await _tenant(session, 600), await _tenant(session, 601)
    for person in (came, absent):
        await rsvp.answer(session, past, person, RsvpAnswer.yes, now=NOW, tz=PARIS)
    came_rsvp = await rsvp.get(session, past.id, came.id)
    await rsvp.toggle_attendance(session, past.id, came_rsvp.id)
    theme = Target(InviteAudience.theme, theme=WorkshopTheme.energy)
    assert await workshop_invitations.recipients(session, theme) == [came.id]

    [next_one] = await workshops.create(
        session, _draft(starts_at=TUESDAY_2PM + timedelta(days=14)), created_by_id=None, now=NOW, tz=PARIS
    )
    await workshop_invitations.invite(session, next_one, Target(InviteAudience.all), sender_id=came.id, now=NOW)
    await rsvp.answer(session, next_one, came, RsvpAnswer.no, now=NOW, tz=PARIS)
    _, count = await workshop_invitations.relance(session, next_one, sender_id=came.id, now=NOW)
    assert count == 1 and await workshop_invitations.unanswered(session, next_one.id) == [absent.id]
    counts = await rsvp.counts(session, next_one.id)
    assert (counts.no, counts.no_answer) == (1, 1)


async def test_more_seats_promote_the_waiting_list(session):
    [workshop] = await workshops.create(session, _draft(capacity=1), created_by_id=None, now=NOW, tz=PARIS)
    a, b, c = [await _tenant(session, 700 + i) for i in range(3)]
    for person in (a, b, c):
        await rsvp.answer(session, workshop, person, RsvpAnswer.yes, now=NOW, tz=PARIS)
    await workshops.change(session, [workshop], actor_id=None, now=NOW, tz=PARIS, capacity=3)
    assert (await rsvp.counts(session, workshop.id)).yes == 3
    assert isinstance(await session.get(Household, a.household_id), Household)


async def test_changing_and_cancelling_the_rest_of_a_series(session):
    created = await workshops.create(
        session,
        _draft(),
        created_by_id=None,
        now=NOW,
        tz=PARIS,
        every_weeks=2,
        until=TUESDAY_2PM + timedelta(weeks=6),
    )
    assert len(created) == 4
    second = created[1]
    rest = await workshops.series_sessions(session, second, now=NOW)
    assert [w.id for w in rest] == [w.id for w in created[1:]]  # this one and the following, not the first

    await workshops.change(session, rest, actor_id=None, now=NOW, tz=PARIS, shift=timedelta(hours=1))
    local_hours = [w.starts_at.astimezone(PARIS).hour for w in created]
    assert local_hours == [14, 15, 15, 15]

    await workshops.cancel(session, rest[1:], actor_id=None, now=NOW, tz=PARIS)
    assert [w.status for w in created] == [WorkshopStatus.scheduled] * 2 + [WorkshopStatus.cancelled] * 2
    assert [w.id for w in await workshops.series_sessions(session, created[0], now=NOW)] == [created[0].id, second.id]


def test_typed_seats_and_places_are_checked_in_one_place():
    assert [workshops.parse_seats(text) for text in ("12", " 8 ", "٣", "0", "501", "²", "1" * 5000, None)] == [
        12,
        8,
        3,
        None,
        None,
        None,
        None,
        None,
    ]
    assert workshops.clean_place("  Centre   social\n4 rue des Lilas ") == "Centre social 4 rue des Lilas"
    assert workshops.clean_place("   ") is None and workshops.clean_place("x" * 201) is None
