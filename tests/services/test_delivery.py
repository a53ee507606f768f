"""The outbox without Telegram: dedup, moves, cancellations, claims, reports."""

from __future__ import annotations

import asyncio
import functools
from datetime import timedelta

from sqlmodel import select

from bot.models import OutboxMessage, OutboxStatus
from bot.services import delivery, erasure
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

_person = functools.partial(factories.staff, locale=None)  # an animator who has not given consent


async def _statuses(session):
    rows = await session.exec(select(OutboxMessage).order_by(OutboxMessage.id))
    return {row.dedup_key: row.status for row in rows.all()}


async def test_same_dedup_key_twice_makes_one_message(session):
    person = await _person(session)
    key = f"visit:42:reminder-eve:person:{person.id}"
    first = await delivery.schedule(
        session, recipient_id=person.id, kind="text", text="Hi", dedup_key=key, due_at=NOW, now=NOW
    )
    again = await delivery.schedule(
        session, recipient_id=person.id, kind="text", text="Hi!", dedup_key=key, due_at=NOW, now=NOW
    )
    await session.commit()
    assert (first, again) == (True, False)
    rows = (await session.exec(select(OutboxMessage))).all()
    assert len(rows) == 1 and rows[0].text == "Hi"


async def test_reschedule_and_cancel_touch_only_pending_rows(session):
    person = await _person(session)
    for key in ("visit:42:eve", "visit:42:two-hours", "visit:43:eve"):
        await delivery.schedule(
            session, recipient_id=person.id, kind="text", text="x", dedup_key=key, due_at=NOW, now=NOW
        )
    assert await delivery.reschedule(session, "visit:42:eve", NOW + timedelta(days=1))
    assert await delivery.cancel(session, "visit:42:") == 2
    assert not await delivery.reschedule(session, "visit:42:eve", NOW)  # cancelled: stays cancelled
    assert await delivery.cancel(session, "visit:4") == 1  # the prefix is literal, "visit:43:eve" only
    await session.commit()
    assert set((await _statuses(session)).values()) == {OutboxStatus.cancelled}


async def test_claim_takes_due_rows_once_urgent_first(session):
    person = await _person(session)
    for index in range(5):
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind="text",
            text=str(index),
            dedup_key=f"k{index}",
            due_at=NOW - timedelta(minutes=index),
            now=NOW,
            urgent=index == 0,
        )
    await delivery.schedule(
        session,
        recipient_id=person.id,
        kind="text",
        text="later",
        dedup_key="later",
        due_at=NOW + timedelta(hours=1),
        now=NOW,
    )
    await session.commit()
    first = await delivery.claim_due(session, now=NOW, limit=3, urgent_only=False)
    assert [row.text for row in first] == ["0", "4", "3"] and all(row.attempts == 1 for row in first)
    second = await delivery.claim_due(session, now=NOW, limit=10, urgent_only=False)
    assert [row.text for row in second] == ["2", "1"]
    assert await delivery.claim_due(session, now=NOW, limit=10, urgent_only=False) == []


async def test_quiet_hours_claim_only_urgent(session):
    person = await _person(session)
    await delivery.schedule(
        session, recipient_id=person.id, kind="text", text="tip", dedup_key="a", due_at=NOW, now=NOW
    )
    await delivery.schedule(
        session,
        recipient_id=person.id,
        kind="text",
        text="cancelled today",
        dedup_key="b",
        due_at=NOW,
        now=NOW,
        urgent=True,
    )
    await session.commit()
    assert [row.text for row in await delivery.claim_due(session, now=NOW, limit=10, urgent_only=True)] == [
        "cancelled today"
    ]


async def test_concurrent_claims_never_share_a_row(sessionmaker):
    async with sessionmaker() as session:
        person = await _person(session)
        for index in range(60):
            await delivery.schedule(
                session, recipient_id=person.id, kind="text", text="x", dedup_key=f"k{index}", due_at=NOW, now=NOW
            )
        await session.commit()

    async def claimer() -> list[int]:
        got: list[int] = []
        while True:
            async with sessionmaker() as session:
                rows = await delivery.claim_due(session, now=NOW, limit=4, urgent_only=False)
            if not rows:
                return got
            got.extend(row.id for row in rows)

    results = await asyncio.gather(*(claimer() for _ in range(4)))
    claimed = [row_id for result in results for row_id in result]
    assert len(claimed) == 60 and len(set(claimed)) == 60


async def test_stale_claims_are_released(session):
    person = await _person(session)
    await delivery.schedule(session, recipient_id=person.id, kind="text", text="x", dedup_key="k", due_at=NOW, now=NOW)
    await session.commit()
    await delivery.claim_due(session, now=NOW, limit=1, urgent_only=False)
    assert await delivery.release_stale(session, now=NOW + timedelta(seconds=30), lease=timedelta(minutes=2)) == 0
    assert await delivery.release_stale(session, now=NOW + timedelta(minutes=3), lease=timedelta(minutes=2)) == 1
    assert (await _statuses(session)) == {"k": OutboxStatus.pending}


async def test_broadcast_progress_and_status_report(session):
    people_ids = [(await _person(session, telegram_id=100 + index)).id for index in range(5)]
    broadcast = await delivery.create_broadcast(
        session, kind="text", text="Atelier", recipient_ids=people_ids + people_ids[:2], created_by_id=None, now=NOW
    )
    await session.commit()
    rows = await delivery.claim_due(session, now=NOW, limit=3, urgent_only=False)
    await delivery.record_sent(session, rows[0].id, telegram_message_id=1, now=NOW)
    await delivery.record_failed(session, rows[1].id, error=delivery.BLOCKED)
    await delivery.record_failed(session, rows[2].id, error="Bad Request: chat not found")
    progress = await delivery.broadcast_progress(session, broadcast.id)
    assert (progress.total, progress.sent, progress.blocked, progress.failed, progress.waiting) == (5, 1, 1, 1, 2)
    report = await delivery.status_report(session)
    assert report.counts == {("text", "sent"): 1, ("text", "failed"): 2, ("text", "pending"): 2}
    assert report.oldest_pending_due == NOW


async def test_erasing_a_person_empties_their_outbox(session):
    person = await _person(session)
    await delivery.schedule(session, recipient_id=person.id, kind="text", text="x", dedup_key="k", due_at=NOW, now=NOW)
    await session.commit()
    await erasure.erase(session, person, now=NOW)
    await session.commit()
    assert (await session.exec(select(OutboxMessage))).all() == []
