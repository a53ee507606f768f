"""The field test's visit rules without Telegram (issue 14, items 5, 12–15): public holidays in
weekly plans, removing a day of free times, the next phase after a visit, "Done" only once the
visit has started, a booking that is no late change, a reminder read again at send time, the
household list's first names, the accompaniment's end told to the tenants, the day's workshops."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, OutboxMessage, Person, Phase, Role, Visit, VisitKind, VisitSlot, VisitStatus
from bot.services import households, people, retention, workshops
from bot.services.delivery import Claimed
from bot.services.visits import booking, public_holidays, reminders, slots
from bot.services.visits.reminders import ReminderPayload, Which
from tests.conftest import DEFAULT_NOW as NOW
from tests.factories import draft

PARIS = ZoneInfo("Europe/Paris")


def _plan(days: tuple[date, ...], weeks: int, *, holidays_too: bool = False) -> slots.Plan:
    return slots.Plan(days, time(9), time(11), 60, 0, weeks=weeks, holidays_too=holidays_too)


def test_french_public_holidays_come_from_the_library_with_easter_based_ones():
    assert public_holidays.is_holiday(date(2026, 12, 25)) and public_holidays.is_holiday(date(2027, 5, 6))  # Ascension
    assert not public_holidays.is_holiday(date(2026, 12, 24))
    assert public_holidays.name(date(2027, 1, 1), "fr") == "Jour de l'an"
    assert public_holidays.name(date(2027, 1, 1), "ar") is None  # no Arabic names: a generic label is shown


def test_weekly_repeats_skip_holidays_but_a_picked_holiday_stays():
    plan = _plan((date(2026, 12, 18),), 4)
    assert plan.skipped_holidays() == [date(2026, 12, 25), date(2027, 1, 1)]
    assert plan.open_days() == [date(2026, 12, 18), date(2027, 1, 8)]
    assert len(plan.local_times()) == 4  # two days, 09:00 and 10:00
    assert _plan((date(2026, 12, 18),), 4, holidays_too=True).open_days()[1:3] == [date(2026, 12, 25), date(2027, 1, 1)]
    picked = _plan((date(2026, 12, 25),), 2)
    assert picked.open_days() == [date(2026, 12, 25)] and picked.picked_holidays() == [date(2026, 12, 25)]
    assert picked.skipped_holidays() == [date(2027, 1, 1)]  # its repeat a week later is one too
    assert _plan((date(2026, 12, 25),), 2, holidays_too=True).open_days() == [date(2026, 12, 25), date(2027, 1, 1)]


async def _animator(session: AsyncSession, telegram_id: int = 6201) -> Person:
    person, _ = await people.add_staff(session, telegram_id=telegram_id, role=Role.animator, name="Nadia", now=NOW)
    return person


async def _tenant(session: AsyncSession, household: Household, telegram_id: int, name: str) -> Person:
    person = Person(
        telegram_id=telegram_id,
        name=name,
        role=Role.tenant,
        household_id=household.id,
        consent_at=NOW,
        consent_version=1,
    )
    session.add(person)
    await session.flush()
    return person


async def _household(session: AsyncSession, animator: Person, reference: str, phase: Phase = Phase.works) -> Household:
    return await households.create_household(
        session, reference=reference, site="Nord", phase=phase, animator_id=animator.id
    )


async def test_removing_a_day_counts_what_went_and_what_stayed(session):
    animator = await _animator(session)
    household = await _household(session, animator, "D-1")
    tenant = await _tenant(session, household, 6211, "Amina")
    await slots.publish(session, animator.id, _plan((date(2026, 12, 1),), 1), now=NOW, tz=PARIS)
    first = (await slots.free_slots(session, animator.id, now=NOW))[0]
    await booking.book(session, household, first.id, kind=VisitKind.works, booked_by=tenant, now=NOW, tz=PARIS)
    day = date(2026, 12, 1)
    assert await slots.remove_day(session, animator.id, day, now=NOW, tz=PARIS) == slots.DayRemoval(1, 1)
    assert await slots.remove_day(session, animator.id, day, now=NOW, tz=PARIS) == slots.DayRemoval(0, 1)
    other = await _animator(session, 6202)
    assert await slots.remove_day(session, other.id, day, now=NOW, tz=PARIS) == slots.DayRemoval(0, 0)
    assert await slots.remove_day(session, animator.id, date(2026, 11, 23), now=NOW, tz=PARIS) == slots.DayRemoval(
        0, 0, past=True
    )
    assert len((await session.exec(select(VisitSlot))).all()) == 1  # the booked one


async def _booked(session: AsyncSession, kind: VisitKind, starts: datetime, phase: Phase) -> tuple[Visit, Household]:
    animator = await _animator(session)
    household = await _household(session, animator, "N-1", phase)
    tenant = await _tenant(session, household, 6221, "Youssef Amrani")
    slot = await slots.open_one(session, animator.id, starts, 60, now=NOW)
    assert slot is not None
    visit = await booking.book(session, household, slot.id, kind=kind, booked_by=animator, now=NOW, tz=PARIS)
    assert tenant.id
    return visit, household


async def test_a_new_booking_is_not_late_and_done_waits_for_the_start(session):
    visit, _ = await _booked(session, VisitKind.tripartite, NOW + timedelta(hours=3), Phase.referred)
    assert visit.late_change is False
    assert not booking.can_close(visit, NOW) and not booking.can_close(visit, NOW + timedelta(hours=2, minutes=59))
    assert booking.can_close(visit, NOW + timedelta(hours=3))


async def test_the_next_phase_after_a_first_meeting_and_a_closing_visit(session):
    visit, household = await _booked(session, VisitKind.tripartite, NOW + timedelta(hours=1), Phase.referred)
    assert booking.next_phase(visit, household) is None  # not done yet
    visit.status = VisitStatus.done
    assert booking.next_phase(visit, household) is Phase.preparation
    household.phase = Phase.works
    assert booking.next_phase(visit, household) is None  # already past it
    visit.kind = VisitKind.closing
    assert booking.next_phase(visit, household) is Phase.follow_up
    visit.kind = VisitKind.works
    assert booking.next_phase(visit, household) is None


async def test_missed_tells_the_household(session):
    visit, _ = await _booked(session, VisitKind.works, NOW + timedelta(hours=1), Phase.works)
    animator = await session.get(Person, visit.animator_id)
    await booking.close(session, visit, done=False, by=animator, now=NOW + timedelta(hours=1), tz=PARIS)
    rows = (
        await session.exec(select(OutboxMessage).where(col(OutboxMessage.dedup_key).contains(":notice:missed")))
    ).all()
    assert len(rows) == 1 and reminders.NoticePayload.of(json.loads(rows[0].params)).event is reminders.Event.missed


def _claimed(params: dict, at: datetime) -> Claimed:  # type: ignore[type-arg]
    return Claimed(1, 1, 1, "en", reminders.REMINDER, None, params, None, 1, False, claimed_at=at)


async def test_a_reminder_is_read_again_at_send_time(session):
    visit, _ = await _booked(session, VisitKind.works, NOW + timedelta(days=2), Phase.works)
    params = ReminderPayload(
        visit_id=visit.id, kind=visit.kind, starts_at=visit.starts_at, ends_at=visit.ends_at, which=Which.soon
    ).params()
    fresh = await reminders.refresh_reminder(session, _claimed(params, NOW), NOW)
    assert fresh is not None and reminders.ReminderAtSend.of(fresh.params).confirmed is False
    visit.confirmed_at = NOW
    fresh = await reminders.refresh_reminder(session, _claimed(params, NOW), NOW)
    assert fresh is not None and reminders.ReminderAtSend.of(fresh.params).confirmed is True
    assert await reminders.refresh_reminder(session, _claimed(params, NOW), visit.starts_at) is None  # started
    visit.status = VisitStatus.cancelled
    assert await reminders.refresh_reminder(session, _claimed(params, NOW), NOW) is None


async def test_the_list_has_first_names_and_the_end_is_told_once_per_tenant(session):
    animator = await _animator(session)
    household = await _household(session, animator, "L-1", Phase.follow_up)
    await _tenant(session, household, 6231, "Amina Haddad")
    await _tenant(session, household, 6232, "Omar")
    empty = await _household(session, animator, "L-2")
    page = await households.list_households(session)
    assert [(row.household.reference, row.tenants) for row in page.rows] == [("L-1", ("Amina", "Omar")), ("L-2", ())]
    assert empty.id
    assert await retention.close_household(session, household, now=NOW)
    assert not await retention.close_household(session, household, now=NOW)
    assert await households.accompaniment_ended(session, household, now=NOW) == 0  # once: the keys say so
    ended = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == households.ENDED))).all()
    assert len(ended) == 2 and all(row.due_at == NOW for row in ended)


async def test_an_animators_workshops_of_a_day(session):
    animator = await _animator(session)
    other = await _animator(session, 6202)
    start = datetime(2026, 11, 26, 13, 0, tzinfo=UTC)
    [mine] = await workshops.create(session, draft(starts_at=start), created_by_id=animator.id, now=NOW, tz=PARIS)
    await workshops.create(session, draft(starts_at=start), created_by_id=other.id, now=NOW, tz=PARIS)
    await workshops.create(
        session, draft(starts_at=start + timedelta(days=1)), created_by_id=animator.id, now=NOW, tz=PARIS
    )
    day_start = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert await workshops.led_by(session, animator.id, day_start, day_start + timedelta(days=1)) == [mine]
