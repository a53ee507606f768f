"""Retention: households closed for more than RETENTION_MONTHS are anonymised, once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import select

from bot.clock import FrozenClock
from bot.models import AuditLog, Invite, Person, Phase, Role
from bot.scheduler import RetentionJob
from bot.services import households, invites, people, retention
from bot.services.retention import months_before
from tests.conftest import DEFAULT_NOW as NOW


def test_months_are_calendar_months():
    at = datetime(2026, 3, 31, 12, tzinfo=UTC)
    assert months_before(at, 1) == datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert months_before(at, 24) == datetime(2024, 3, 31, 12, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 13) == datetime(2024, 12, 15, tzinfo=UTC)


async def test_closed_households_are_anonymised_after_the_retention_period(session, sessionmaker):
    old = await households.create_household(
        session, reference="OLD-1", site="x", referent_name="Mme Referent", referent_contact="06 11 22 33 44"
    )
    recent = await households.create_household(session, reference="NEW-1", site="x", referent_name="M. Other")
    still_open = await households.create_household(session, reference="OPEN-1", site="x", referent_name="Keep")
    for household, telegram_id in ((old, 1), (recent, 2), (still_open, 3)):
        tenant = Person(telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household.id)
        session.add(tenant)
    await session.flush()
    await invites.create_invite(
        session, role=Role.tenant, household_id=old.id, created_by_id=None, now=NOW, ttl=timedelta(days=14)
    )
    assert await retention.close_household(session, old, now=NOW - timedelta(days=24 * 31))
    assert not await retention.close_household(session, old, now=NOW)  # the first date counts
    assert await retention.close_household(session, recent, now=NOW - timedelta(days=300))
    await session.commit()

    job = RetentionJob(sessionmaker, FrozenClock(NOW), months=24)
    assert await job.run_once() == [old.id]
    assert await job.run_once() == []

    await session.refresh(old)
    await session.refresh(recent)
    assert (old.referent_name, old.referent_contact, old.phase) == (None, None, Phase.closed)
    assert old.anonymised_at == NOW and recent.referent_name == "M. Other"
    remaining = {p.telegram_id for p in (await session.exec(select(Person))).all()}
    assert remaining == {2, 3}
    assert (await session.exec(select(Invite).where(Invite.household_id == old.id))).all() == []
    actions = [e.action for e in (await session.exec(select(AuditLog).order_by(AuditLog.id))).all()]
    assert actions[-2:] == ["retention.erase", "household.anonymise"]
    assert await people.get_by_telegram_id(session, 1) is None


async def test_a_household_created_closed_starts_its_retention_now(session):
    household = await households.create_household(session, reference="C-1", site="x", phase=Phase.closed, now=NOW)
    assert household.closed_at == NOW


async def test_instances_running_the_job_at_once_anonymise_each_household_once(session, sessionmaker, backend):
    """Every bot instance runs the nightly job; on PostgreSQL they share the work, never repeat it."""
    import asyncio

    import pytest

    if backend == "sqlite":
        pytest.skip("several instances need PostgreSQL; an SQLite file has one")

    for number in range(6):
        household = await households.create_household(session, reference=f"OLD-{number}", site="x")
        session.add(Person(telegram_id=100 + number, name="T", role=Role.tenant, household_id=household.id))
        await session.flush()
        await retention.close_household(session, household, now=NOW - timedelta(days=24 * 31))
    await session.commit()

    jobs = [RetentionJob(sessionmaker, FrozenClock(NOW), months=24) for _ in range(3)]
    done = await asyncio.gather(*(job.run_once() for job in jobs))
    every_id = [household_id for ids in done for household_id in ids]
    assert len(every_id) == len(set(every_id)) == 6
    anonymised = (await session.exec(select(AuditLog).where(AuditLog.action == "household.anonymise"))).all()
    assert len(anonymised) == 6
