"""Booking, moving, cancelling and closing home visits.

A slot is booked by inserting a visit that points at it; a partial unique
index (bot/models.py, uq_visit_slot_booked) lets only one booked visit point
at a slot. Booking is `INSERT … ON CONFLICT DO NOTHING` on that index, so of
fifty concurrent presses one row goes in and the others see "taken" without
an exception that would spoil the session. Moving is a conditional UPDATE;
on PostgreSQL (where two such UPDATEs can both pass the check) it runs in a
SAVEPOINT so the index's refusal is caught; SQLite's single writer runs the
statement alone.

Each change takes the acting person and checks it first (access.py: a tenant
their own household's visits, an animator the households they follow or the
visits they lead, coordinators and administrators any): a refused change
raises BookingRefused and writes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import dialect_insert, is_postgresql
from bot.models import Household, Person, Phase, Role, Visit, VisitKind, VisitSlot, VisitStatus
from bot.services import audit, questionnaire_triggers, referent_visits
from bot.services.visits import guests, reminders
from bot.services.visits.access import BookingRefused, Refusal, keeps, may_book_for, may_cancel

# A move or a cancellation this close to the visit is a late change: flagged and urgent.
# A new booking is not (nothing the other side planned on changes), however soon it is.
LATE_CHANGE = timedelta(hours=24)
# Written as literal SQL, the same text as the index's: PostgreSQL matches ON CONFLICT's
# WHERE against the partial index by its expression, and a bound parameter would not match.
BOOKED_PREDICATE = text("status = 'booked'")
NOTE_MAX = 1000
REASON_MAX = 500
NEXT_STEP_MAX = 500


async def _household(session: AsyncSession, visit: Visit) -> Household:
    household = await session.get(Household, visit.household_id)
    assert household is not None  # the foreign key cascades: a visit never outlives its household
    return household


def clean_text(text: str | None, limit: int) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned[:limit] or None


def is_late(visit: Visit, now: datetime) -> bool:
    return visit.starts_at - now < LATE_CHANGE


async def _usable_slot(session: AsyncSession, slot_id: int, animator_id: int | None, *, now: datetime) -> VisitSlot:
    slot = await session.get(VisitSlot, slot_id)
    if slot is None:
        raise BookingRefused(Refusal.taken)
    if animator_id is None:
        raise BookingRefused(Refusal.no_animator)
    if slot.animator_id != animator_id:
        raise BookingRefused(Refusal.other_animator)
    if slot.starts_at <= now:
        raise BookingRefused(Refusal.past)
    return slot


async def _insert_booked(session: AsyncSession, values: dict[str, object]) -> int:
    """The new visit's id; BookingRefused(taken) when the slot already has a booked visit."""
    statement = (
        dialect_insert(session)(Visit)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["slot_id"], index_where=BOOKED_PREDICATE)
        .returning(col(Visit.id))
    )
    result = await session.exec(statement)
    visit_id = result.scalar()
    if visit_id is None:
        raise BookingRefused(Refusal.taken)
    return int(visit_id)


async def _move_to(session: AsyncSession, visit: Visit, slot: VisitSlot, *, late: bool) -> None:
    other = aliased(Visit)
    slot_taken = exists().where(col(other.slot_id) == slot.id, col(other.status) == VisitStatus.booked)
    statement = (
        update(Visit)
        .where(col(Visit.id) == visit.id, col(Visit.status) == VisitStatus.booked, ~slot_taken)
        .values(
            slot_id=slot.id,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            version=Visit.version + 1,
            late_change=late,
            confirmed_at=None,
        )
        .execution_options(synchronize_session=False)
    )
    try:
        if is_postgresql(session):
            async with session.begin_nested():
                result = await session.exec(statement)
        else:
            result = await session.exec(statement)
    except IntegrityError:
        raise BookingRefused(Refusal.taken) from None
    if not result.rowcount:
        raise BookingRefused(Refusal.taken)
    await session.refresh(visit)


async def book(
    session: AsyncSession,
    household: Household,
    slot_id: int,
    *,
    kind: VisitKind,
    booked_by: Person,
    now: datetime,
    tz: ZoneInfo,
) -> Visit:
    """Book a slot of the household's animator for the household (access.may_book_for)."""
    if not may_book_for(booked_by, household):
        raise BookingRefused(Refusal.not_allowed)
    if household.closed_at is not None or household.phase is Phase.closed:
        raise BookingRefused(Refusal.closed)
    slot = await _usable_slot(session, slot_id, household.animator_id, now=now)
    visit_id = await _insert_booked(
        session,
        {
            "household_id": household.id,
            "animator_id": slot.animator_id,
            "slot_id": slot.id,
            "kind": kind,
            "status": VisitStatus.booked,
            "starts_at": slot.starts_at,
            "ends_at": slot.ends_at,
            "booked_by_id": booked_by.id,
            "late_change": False,
            "version": 1,
            "created_at": now,
        },
    )
    visit = await session.get(Visit, visit_id)
    assert visit is not None
    await audit.record(session, actor_id=booked_by.id, action="visit.book", target_type="visit", target_id=visit.id)
    by_tenant = booked_by.role is Role.tenant
    await reminders.after_booking(session, visit, by_tenant=by_tenant, now=now, tz=tz)
    await referent_visits.after_booking(session, visit, booked_by=booked_by, now=now, tz=tz)
    return visit


def is_late_for(starts_at: datetime, now: datetime) -> bool:
    return starts_at - now < LATE_CHANGE


async def move(
    session: AsyncSession,
    visit: Visit,
    slot_id: int,
    *,
    moved_by: Person,
    message: str | None = None,
    now: datetime,
    tz: ZoneInfo,
) -> Visit:
    """Move a booked visit to another free slot of its animator; reminders follow (access.may_book_for)."""
    if not may_book_for(moved_by, await _household(session, visit)):
        raise BookingRefused(Refusal.not_allowed)
    if visit.status is not VisitStatus.booked or visit.starts_at <= now:
        raise BookingRefused(Refusal.not_booked)
    if slot_id == visit.slot_id:
        raise BookingRefused(Refusal.same_slot)
    slot = await _usable_slot(session, slot_id, visit.animator_id, now=now)
    previous_start = visit.starts_at
    await _move_to(session, visit, slot, late=is_late(visit, now) or is_late_for(slot.starts_at, now))
    await audit.record(session, actor_id=moved_by.id, action="visit.move", target_type="visit", target_id=visit.id)
    await reminders.after_move(
        session,
        visit,
        previous_start=previous_start,
        by_tenant=moved_by.role is Role.tenant,
        message=clean_text(message, REASON_MAX),
        now=now,
        tz=tz,
    )
    await guests.after_move(session, visit, previous_start=previous_start, now=now, tz=tz)
    return visit


async def cancel(
    session: AsyncSession,
    visit: Visit,
    *,
    cancelled_by: Person,
    reason: str | None,
    now: datetime,
    tz: ZoneInfo,
) -> Visit:
    """The household's tenant, or staff who keep the visit (access.may_cancel)."""
    if not may_cancel(cancelled_by, visit, await _household(session, visit)):
        raise BookingRefused(Refusal.not_allowed)
    if visit.status is not VisitStatus.booked or visit.starts_at <= now:
        raise BookingRefused(Refusal.not_booked)
    visit.status = VisitStatus.cancelled
    visit.cancel_reason = clean_text(reason, REASON_MAX)
    visit.cancelled_by_id = cancelled_by.id
    visit.late_change = is_late(visit, now)
    session.add(visit)
    await session.flush()
    await audit.record(
        session, actor_id=cancelled_by.id, action="visit.cancel", target_type="visit", target_id=visit.id
    )
    await reminders.after_cancel(session, visit, by_tenant=cancelled_by.role is Role.tenant, now=now, tz=tz)
    await guests.after_cancel(session, visit, now=now)
    return visit


async def confirm(session: AsyncSession, visit: Visit, *, by: Person, now: datetime) -> bool:
    """The household pressed "I confirm" on a reminder; False when the visit is no longer booked."""
    if by.role is not Role.tenant or by.household_id != visit.household_id:
        raise BookingRefused(Refusal.not_allowed)
    if visit.status is not VisitStatus.booked:
        return False
    visit.confirmed_at = now
    session.add(visit)
    await session.flush()
    return True


async def add_tenant_note(session: AsyncSession, visit: Visit, *, note: str | None, photo_file_id: str | None) -> Visit:
    """A note or a photo of the problem; a second one adds to the first."""
    note = clean_text(note, NOTE_MAX)
    if note:
        joined = f"{visit.tenant_note}\n{note}" if visit.tenant_note else note
        visit.tenant_note = joined[-NOTE_MAX:]
    if photo_file_id:
        visit.photo_file_id = photo_file_id
    session.add(visit)
    await session.flush()
    return visit


async def close(
    session: AsyncSession,
    visit: Visit,
    *,
    done: bool,
    by: Person,
    referent_present: bool | None = None,
    now: datetime,
    tz: ZoneInfo,
) -> Visit:
    """Mark a visit done or missed (no-show), once it has started; the note and next step follow
    (set_outcome).

    A done visit queues the household's follow-up questionnaire (the next morning; after the
    closing visit, the closing review and the 3-month follow-up); a missed one tells the household
    and offers another time. Staff who keep the visit only."""
    if not keeps(by, visit, await _household(session, visit)):
        raise BookingRefused(Refusal.not_allowed)
    if not can_close(visit, now):
        raise BookingRefused(Refusal.not_booked)
    visit.status = VisitStatus.done if done else VisitStatus.missed
    if visit.kind in (VisitKind.tripartite, VisitKind.closing):
        visit.referent_present = referent_present
        await referent_visits.record_presence(session, visit, referent_present)
    visit.done_at = now
    session.add(visit)
    await session.flush()
    await reminders.cancel_all(session, visit.id)
    await guests.after_close(session, visit)
    if done:
        await questionnaire_triggers.on_visit_done(
            session, household_id=visit.household_id, visit_id=visit.id, kind=visit.kind.value, done_at=now, tz=tz
        )
    else:
        await reminders.after_missed(session, visit, now=now)
    await audit.record(
        session,
        actor_id=by.id,
        action="visit.done" if done else "visit.missed",
        target_type="visit",
        target_id=visit.id,
    )
    return visit


def can_close(visit: Visit, now: datetime) -> bool:
    """Done or nobody home can be said once the visit has started, not before."""
    return visit.status is VisitStatus.booked and visit.starts_at <= now


def next_phase(visit: Visit, household: Household) -> Phase | None:
    """The phase a done visit leads to, for the animator to confirm: a first meeting opens the
    preparation, a closing visit the follow-up; None when the household is already there or past it."""
    if visit.status is not VisitStatus.done:
        return None
    proposed = {VisitKind.tripartite: Phase.preparation, VisitKind.closing: Phase.follow_up}.get(visit.kind)
    if proposed is None or PHASE_ORDER.index(household.phase) >= PHASE_ORDER.index(proposed):
        return None
    return proposed


PHASE_ORDER = (Phase.referred, Phase.preparation, Phase.works, Phase.follow_up, Phase.closed)


def can_move(visit: Visit, now: datetime) -> bool:
    return visit.status is VisitStatus.booked and visit.starts_at > now


async def set_outcome(
    session: AsyncSession, visit: Visit, *, by: Person, note: str | None = None, next_step: str | None = None
) -> Visit:
    """The note and next step of a closed visit, each saved the moment it is typed, by staff who keep it."""
    if not keeps(by, visit, await _household(session, visit)):
        raise BookingRefused(Refusal.not_allowed)
    if visit.status not in (VisitStatus.done, VisitStatus.missed):
        raise BookingRefused(Refusal.not_booked)
    if note is not None:
        visit.outcome_note = clean_text(note, NOTE_MAX)
    if next_step is not None:
        visit.next_step = clean_text(next_step, NEXT_STEP_MAX)
    session.add(visit)
    await session.flush()
    return visit


async def get(session: AsyncSession, visit_id: int) -> Visit | None:
    return await session.get(Visit, visit_id)


async def upcoming_for_household(session: AsyncSession, household_id: int, *, now: datetime) -> list[Visit]:
    rows = await session.exec(
        select(Visit)
        .where(
            col(Visit.household_id) == household_id,
            col(Visit.status) == VisitStatus.booked,
            col(Visit.ends_at) > now,
        )
        .order_by(col(Visit.starts_at))
    )
    return list(rows.all())


async def history(session: AsyncSession, household_id: int, *, limit: int = 30) -> list[Visit]:
    rows = await session.exec(
        select(Visit).where(col(Visit.household_id) == household_id).order_by(col(Visit.starts_at).desc()).limit(limit)
    )
    return list(rows.all())


async def between(
    session: AsyncSession, animator_id: int, start: datetime, end: datetime, *, booked_only: bool = False
) -> list[tuple[Visit, Household]]:
    """An animator's visits in a period (a day, a week), with their households."""
    query = (
        select(Visit, Household)
        .join(Household, col(Household.id) == col(Visit.household_id))
        .where(col(Visit.animator_id) == animator_id, col(Visit.starts_at) >= start, col(Visit.starts_at) < end)
        .order_by(col(Visit.starts_at))
    )
    if booked_only:
        query = query.where(col(Visit.status) == VisitStatus.booked)
    else:
        query = query.where(col(Visit.status) != VisitStatus.cancelled)
    rows = await session.exec(query)
    return list(rows.all())


async def to_close(session: AsyncSession, animator_id: int, *, now: datetime) -> list[tuple[Visit, Household]]:
    """Booked visits already started: the animator says how they went."""
    rows = await session.exec(
        select(Visit, Household)
        .join(Household, col(Household.id) == col(Visit.household_id))
        .where(
            col(Visit.animator_id) == animator_id,
            col(Visit.status) == VisitStatus.booked,
            col(Visit.starts_at) <= now,
        )
        .order_by(col(Visit.starts_at))
    )
    return list(rows.all())
