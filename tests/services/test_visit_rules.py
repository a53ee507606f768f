"""Visits' rules at the service level, without Telegram: who may book, move,
cancel, close and record a visit (a refused change raises BookingRefused and
writes nothing), what the booking buttons may reach, and the typed payloads
of the visit messages (rows queued by earlier releases still read)."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import AuditLog, Household, OutboxMessage, Person, Phase, Role, Visit, VisitKind, VisitSlot, VisitStatus
from bot.services import households, people
from bot.services.visits import access, booking, reminders, slots
from bot.services.visits.access import BookingRefused, Refusal
from bot.services.visits.reminders import DigestPayload, Event, NoticePayload, ReminderPayload, Which
from tests.conftest import DEFAULT_NOW as NOW

PARIS = ZoneInfo("Europe/Paris")


@dataclass
class World:
    """Household A follows animator A; B animator B; animator Z follows nobody."""

    household_a: Household
    household_b: Household
    tenant_a: Person
    tenant_b: Person
    animator_a: Person
    animator_b: Person
    animator_z: Person
    coordinator: Person
    admin: Person
    slots_a: list[VisitSlot]  # free times of animator A, next week
    slot_b: VisitSlot  # a free time of animator B


async def _world(session: AsyncSession) -> World:
    async def staff(telegram_id: int, role: Role, name: str) -> Person:
        person, _ = await people.add_staff(session, telegram_id=telegram_id, role=role, name=name, now=NOW)
        return person

    animator_a = await staff(6101, Role.animator, "Anim-A")
    animator_b = await staff(6102, Role.animator, "Anim-B")
    animator_z = await staff(6103, Role.animator, "Anim-Z")
    coordinator = await staff(6104, Role.coordinator, "Coord")
    admin = await staff(6105, Role.admin, "Admin")
    household_a = await households.create_household(
        session, reference="A-1", site="Nord", phase=Phase.preparation, animator_id=animator_a.id
    )
    household_b = await households.create_household(
        session, reference="B-1", site="Sud", phase=Phase.works, animator_id=animator_b.id
    )
    tenants = []
    for telegram_id, household in ((6201, household_a), (6202, household_b)):
        tenant = Person(telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household.id)
        session.add(tenant)
        await session.flush()
        await people.give_consent(session, tenant, locale="en", now=NOW)
        tenants.append(tenant)
    next_week = (NOW + timedelta(days=7)).astimezone(PARIS).date()
    plan = slots.Plan(days=(next_week,), start=time(9), end=time(13), length_minutes=60, buffer_minutes=0)
    for animator in (animator_a, animator_b):
        await slots.publish(session, animator.id, plan, now=NOW, tz=PARIS)
    slots_a = await slots.free_slots(session, animator_a.id, now=NOW)
    [slot_b, *_] = await slots.free_slots(session, animator_b.id, now=NOW)
    await session.commit()
    return World(
        household_a,
        household_b,
        tenants[0],
        tenants[1],
        animator_a,
        animator_b,
        animator_z,
        coordinator,
        admin,
        slots_a,
        slot_b,
    )


async def _count(session: AsyncSession, model: type[Visit] | type[OutboxMessage] | type[AuditLog]) -> int:
    return (await session.exec(select(func.count()).select_from(model))).one()


async def _counts(session: AsyncSession) -> tuple[int, int, int]:
    return (await _count(session, Visit), await _count(session, OutboxMessage), await _count(session, AuditLog))


async def _book(session: AsyncSession, world: World, by: Person, slot: int = 0) -> Visit:
    visit = await booking.book(
        session,
        world.household_a,
        world.slots_a[slot].id,
        kind=VisitKind.preparation,
        booked_by=by,
        now=NOW,
        tz=PARIS,
    )
    await session.commit()
    return visit


async def _refused(session: AsyncSession, reason: Refusal, change: Callable[[], Awaitable[object]]) -> None:
    """The change is refused for `reason`, and no visit, message or audit line is written."""
    before = await _counts(session)
    with pytest.raises(BookingRefused) as refused:
        await change()
    assert refused.value.reason is reason
    assert await _counts(session) == before


# --- booking ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["tenant_b", "animator_b", "animator_z"])
async def test_booking_for_a_household_one_does_not_follow_is_refused(session, who):
    world = await _world(session)
    person = getattr(world, who)
    await _refused(session, Refusal.not_allowed, lambda: _book(session, world, person))


@pytest.mark.parametrize("who", ["tenant_a", "animator_a", "coordinator", "admin"])
async def test_the_household_its_animator_and_the_programme_book(session, who):
    world = await _world(session)
    visit = await _book(session, world, getattr(world, who))
    assert visit.status is VisitStatus.booked and visit.household_id == world.household_a.id
    assert visit.animator_id == world.animator_a.id


async def test_a_tenant_books_only_their_animators_times(session):
    world = await _world(session)

    async def book_b_slot() -> Visit:
        return await booking.book(
            session,
            world.household_a,
            world.slot_b.id,
            kind=VisitKind.preparation,
            booked_by=world.tenant_a,
            now=NOW,
            tz=PARIS,
        )

    await _refused(session, Refusal.other_animator, book_b_slot)


async def test_an_anonymised_household_books_nothing_even_for_the_programme(session):
    world = await _world(session)
    world.household_a.anonymised_at = NOW
    session.add(world.household_a)
    await session.commit()
    await _refused(session, Refusal.not_allowed, lambda: _book(session, world, world.coordinator))


# --- moving ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["tenant_b", "animator_b", "animator_z"])
async def test_moving_another_households_visit_is_refused(session, who):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    person = getattr(world, who)

    async def move() -> Visit:
        return await booking.move(session, visit, world.slots_a[1].id, moved_by=person, now=NOW, tz=PARIS)

    await _refused(session, Refusal.not_allowed, move)
    await session.refresh(visit)
    assert visit.slot_id == world.slots_a[0].id and visit.version == 1


@pytest.mark.parametrize("who", ["tenant_a", "animator_a", "coordinator"])
async def test_the_household_and_its_staff_move_a_visit(session, who):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    moved = await booking.move(session, visit, world.slots_a[1].id, moved_by=getattr(world, who), now=NOW, tz=PARIS)
    assert moved.slot_id == world.slots_a[1].id and moved.version == 2


# --- cancelling ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["tenant_b", "animator_b", "animator_z"])
async def test_cancelling_another_households_visit_is_refused(session, who):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    person = getattr(world, who)

    async def cancel() -> Visit:
        return await booking.cancel(session, visit, cancelled_by=person, reason="no", now=NOW, tz=PARIS)

    await _refused(session, Refusal.not_allowed, cancel)
    await session.refresh(visit)
    assert visit.status is VisitStatus.booked and visit.cancel_reason is None


@pytest.mark.parametrize("who", ["tenant_a", "animator_a", "coordinator", "admin"])
async def test_the_household_and_its_staff_cancel(session, who):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    cancelled = await booking.cancel(session, visit, cancelled_by=getattr(world, who), reason="ill", now=NOW, tz=PARIS)
    assert cancelled.status is VisitStatus.cancelled


async def test_the_animator_who_leads_a_visit_keeps_it_after_a_handover(session):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    world.household_a.animator_id = world.animator_b.id  # handed over: A no longer follows the household
    session.add(world.household_a)
    await session.commit()
    assert await access.followed_household(session, world.animator_a, world.household_a.id) is None
    assert await access.managed_visit(session, world.animator_a, visit.id) is not None
    # …but books nothing more for it.
    await _refused(session, Refusal.not_allowed, lambda: _book(session, world, world.animator_a, slot=1))
    cancelled = await booking.cancel(session, visit, cancelled_by=world.animator_a, reason=None, now=NOW, tz=PARIS)
    assert cancelled.status is VisitStatus.cancelled


# --- saying how it went ----------------------------------------------------------------


async def _started(session: AsyncSession, world: World) -> tuple[Visit, datetime]:
    visit = await _book(session, world, world.tenant_a)
    return visit, visit.starts_at + timedelta(minutes=30)


@pytest.mark.parametrize("who", ["tenant_a", "tenant_b", "animator_b", "animator_z"])
async def test_closing_is_for_the_staff_who_keep_the_visit(session, who):
    world = await _world(session)
    visit, later = await _started(session, world)
    person = getattr(world, who)

    async def close() -> Visit:
        return await booking.close(session, visit, done=True, by=person, now=later, tz=PARIS)

    await _refused(session, Refusal.not_allowed, close)
    await session.refresh(visit)
    assert visit.status is VisitStatus.booked and visit.done_at is None


@pytest.mark.parametrize("who", ["animator_a", "coordinator", "admin"])
async def test_the_household_staff_close_and_record_the_outcome(session, who):
    world = await _world(session)
    visit, later = await _started(session, world)
    person = getattr(world, who)
    await booking.close(session, visit, done=False, by=person, now=later, tz=PARIS)
    await booking.set_outcome(session, visit, by=person, note="  Nobody   home ", next_step="Call them")
    assert visit.status is VisitStatus.missed
    assert (visit.outcome_note, visit.next_step) == ("Nobody home", "Call them")


async def test_the_outcome_is_refused_to_others_and_before_the_visit_is_closed(session):
    world = await _world(session)
    visit, later = await _started(session, world)

    async def note_by(person: Person) -> Visit:
        return await booking.set_outcome(session, visit, by=person, note="Went well")

    await _refused(session, Refusal.not_booked, lambda: note_by(world.animator_a))  # still booked
    await booking.close(session, visit, done=True, by=world.animator_a, now=later, tz=PARIS)
    await session.commit()
    for person in (world.animator_z, world.tenant_a):
        await _refused(session, Refusal.not_allowed, lambda person=person: note_by(person))
    await session.refresh(visit)
    assert visit.outcome_note is None


async def test_only_the_households_tenant_confirms(session):
    world = await _world(session)
    visit = await _book(session, world, world.animator_a)
    for person in (world.tenant_b, world.animator_a):
        with pytest.raises(BookingRefused):
            await booking.confirm(session, visit, by=person, now=NOW)
    assert visit.confirmed_at is None
    assert await booking.confirm(session, visit, by=world.tenant_a, now=NOW)


# --- what the booking buttons may reach ------------------------------------------------


async def test_resolve_a_tenant_books_their_own_household_in_its_phases_kind(session):
    world = await _world(session)
    target = await access.resolve(session, world.tenant_a, 0, 0, VisitKind.closing)
    assert target.household.id == world.household_a.id and target.kind is VisitKind.preparation
    assert target.visit is None
    with pytest.raises(BookingRefused) as refused:
        await access.resolve(session, world.tenant_a, world.household_b.id, 0, VisitKind.works)
    assert refused.value.reason is Refusal.not_allowed


async def test_resolve_staff_reach_the_households_they_follow(session):
    world = await _world(session)
    for person in (world.animator_a, world.coordinator, world.admin):
        target = await access.resolve(session, person, world.household_a.id, 0, VisitKind.closing)
        assert target.kind is VisitKind.closing  # staff choose what the visit is for
    for person in (world.animator_b, world.animator_z):
        with pytest.raises(BookingRefused):
            await access.resolve(session, person, world.household_a.id, 0, VisitKind.works)
    with pytest.raises(BookingRefused):
        await access.resolve(session, world.coordinator, 0, 0, VisitKind.works)  # no household named


async def test_resolve_a_moved_visit_is_the_households_and_still_booked(session):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    target = await access.resolve(session, world.coordinator, world.household_a.id, visit.id, VisitKind.works)
    assert target.visit is not None and target.kind is VisitKind.preparation  # a moved visit keeps its kind
    with pytest.raises(BookingRefused) as refused:
        await access.resolve(session, world.tenant_b, 0, visit.id, VisitKind.works)  # another household's
    assert refused.value.reason is Refusal.not_allowed
    await booking.cancel(session, visit, cancelled_by=world.tenant_a, reason=None, now=NOW, tz=PARIS)
    with pytest.raises(BookingRefused) as refused:
        await access.resolve(session, world.tenant_a, 0, visit.id, VisitKind.works)
    assert refused.value.reason is Refusal.not_booked


async def test_resolve_a_closed_household_books_nothing(session):
    world = await _world(session)
    world.household_a.phase = Phase.closed
    session.add(world.household_a)
    await session.flush()
    with pytest.raises(BookingRefused) as refused:
        await access.resolve(session, world.tenant_a, 0, 0, VisitKind.works)
    assert refused.value.reason is Refusal.closed


async def test_a_tenant_sees_only_their_households_visits(session):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    assert await access.household_visit(session, world.tenant_a, visit.id) is visit
    assert await access.household_visit(session, world.tenant_b, visit.id) is None
    assert await access.household_visit(session, world.animator_a, visit.id) is None  # staff: managed_visit
    assert await access.managed_visit(session, world.tenant_a, visit.id) is None
    assert await access.managed_visit(session, world.animator_z, visit.id) is None


async def test_ending_the_accompaniment_is_the_programmes(session):
    world = await _world(session)
    assert access.may_end_accompaniment(world.coordinator, world.household_a)
    assert access.may_end_accompaniment(world.admin, world.household_a)
    for person in (world.animator_a, world.tenant_a):
        assert not access.may_end_accompaniment(person, world.household_a)


# --- the messages' payloads ------------------------------------------------------------


async def _params(session: AsyncSession, kind: str) -> list[dict[str, Any]]:
    rows = await session.exec(select(OutboxMessage).where(col(OutboxMessage.kind) == kind).order_by(OutboxMessage.id))
    return [json.loads(row.params or "{}") for row in rows.all()]


async def test_reminders_and_notices_store_the_keys_earlier_releases_stored(session):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    [eve, soon] = await _params(session, reminders.REMINDER)
    assert set(eve) == {"visit_id", "kind", "starts_at", "ends_at", "animator", "reference", "late", "which"}
    assert (eve["which"], soon["which"]) == ("eve", "2h")
    assert eve["starts_at"] == visit.starts_at.isoformat() and eve["kind"] == "preparation"
    assert (eve["animator"], eve["reference"]) == ("Anim-A", "A-1")
    [booked] = await _params(session, reminders.NOTICE)  # to the animator
    assert booked["event"] == "booked" and booked["by_tenant"] is True
    previous = visit.starts_at
    await booking.move(session, visit, world.slots_a[2].id, moved_by=world.tenant_a, message="Sorry", now=NOW, tz=PARIS)
    moved = (await _params(session, reminders.NOTICE))[-1]
    assert (moved["event"], moved["previous_start"], moved["message"]) == ("moved", previous.isoformat(), "Sorry")
    assert NoticePayload.of(moved).previous_start == previous


async def test_rows_queued_by_the_previous_release_still_read():
    reminder = ReminderPayload.of(
        {
            "visit_id": 7,
            "kind": "works",
            "starts_at": "2026-12-01T13:00:00+00:00",
            "ends_at": "2026-12-01T14:00:00+00:00",
            "animator": "",
            "reference": "H-1",
            "late": False,
            "which": "eve",
        }
    )
    assert reminder.which is Which.eve and reminder.starts_at == datetime(2026, 12, 1, 13, tzinfo=UTC)
    # A booking's notice had no previous_start, reason or message; an erased animator's name is "".
    notice = NoticePayload.of(
        {
            "visit_id": 7,
            "kind": "tripartite",
            "starts_at": "2026-12-01T13:00:00+00:00",
            "ends_at": "2026-12-01T14:00:00+00:00",
            "animator": "",
            "reference": "H-1",
            "late": True,
            "event": "booked",
            "by_tenant": False,
        }
    )
    assert notice.event is Event.booked and notice.previous_start is None and notice.message is None
    digest = DigestPayload.of(
        {
            "day": "2026-12-01",
            "visits": [
                {
                    "visit_id": 7,
                    "kind": "works",
                    "starts_at": "2026-12-01T13:00:00+00:00",
                    "reference": "H-1",
                    "address": None,
                    "note": "Ladder",
                    "photo": True,
                    "late": False,
                    "confirmed": True,
                }
            ],
        }
    )
    assert digest.day == date(2026, 12, 1) and digest.visits[0].note == "Ladder" and digest.visits[0].photo


async def test_the_digest_lists_the_animators_day(session):
    world = await _world(session)
    visit = await _book(session, world, world.tenant_a)
    morning = visit.starts_at.astimezone(PARIS).replace(hour=8, minute=0)
    assert await reminders.queue_digests(session, now=morning, tz=PARIS) == 1
    [params] = await _params(session, reminders.DIGEST)
    assert params["day"] == morning.date().isoformat()
    assert set(params["visits"][0]) == {
        "visit_id",
        "kind",
        "starts_at",
        "reference",
        "address",
        "note",
        "photo",
        "late",
        "confirmed",
    }
    assert DigestPayload.of(params).visits[0].visit_id == visit.id
