"""The outbox: how services send proactive messages without calling Telegram.

Scheduling writes a row with a unique dedup key; moving or cancelling updates
it; the pump (bot/delivery/pump.py) claims due rows and records the outcome.
A row is claimed atomically (FOR UPDATE SKIP LOCKED on PostgreSQL; on SQLite
the single UPDATE … RETURNING is serialised by the database's one writer), so
two processes never send the same row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import dialect_insert, is_postgresql
from bot.models import Broadcast, OutboxMessage, OutboxStatus, Person, UTCDateTime
from bot.services.payloads import Payload

BLOCKED = "blocked"  # last_error of a row whose recipient blocked the bot
UNREACHABLE = "unreachable"
PAUSED = "paused"  # last_error of a row cancelled because its recipient sent /stop
OUTDATED = "outdated"  # last_error of a row its kind's prepare hook found pointless at send time


@dataclass(frozen=True)
class Claimed:
    """A claimed row with what the pump needs to send it."""

    id: int
    recipient_id: int
    chat_id: int
    locale: str
    kind: str
    text: str | None
    params: dict[str, Any]
    reply_markup: dict[str, Any] | None
    attempts: int
    unreachable: bool
    paused: bool = False
    claimed_at: datetime | None = None  # when the pump took it to send it: the send time, for texts like "in 1 hour"


def _row(
    *,
    recipient_id: int,
    kind: str,
    dedup_key: str,
    due_at: datetime,
    text: str | None,
    params: Payload | dict[str, Any] | None,
    reply_markup: dict[str, Any] | None,
    urgent: bool,
    broadcast_id: int | None,
    now: datetime,
) -> dict[str, Any]:
    if isinstance(params, Payload):
        params = params.params()
    return {
        "recipient_id": recipient_id,
        "kind": kind,
        "dedup_key": dedup_key,
        "due_at": due_at,
        "text": text,
        "params": json.dumps(params, ensure_ascii=False) if params else None,
        "reply_markup": json.dumps(reply_markup, ensure_ascii=False) if reply_markup else None,
        "urgent": urgent,
        "broadcast_id": broadcast_id,
        "status": OutboxStatus.pending,
        "attempts": 0,
        "created_at": now,
    }


async def schedule(
    session: AsyncSession,
    *,
    recipient_id: int,
    kind: str,
    dedup_key: str,
    due_at: datetime,
    now: datetime,
    text: str | None = None,
    params: Payload | dict[str, Any] | None = None,
    reply_markup: dict[str, Any] | None = None,
    urgent: bool = False,
) -> bool:
    """Queue one message. Returns False when the dedup key already exists (nothing changes)."""
    if text is None and kind == "text":
        raise ValueError("a 'text' message needs its text")
    values = _row(
        recipient_id=recipient_id,
        kind=kind,
        dedup_key=dedup_key,
        due_at=due_at,
        text=text,
        params=params,
        reply_markup=reply_markup,
        urgent=urgent,
        broadcast_id=None,
        now=now,
    )
    statement = (
        dialect_insert(session)(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["dedup_key"])
    )
    result = await session.exec(statement)
    return bool(result.rowcount)


async def create_broadcast(
    session: AsyncSession,
    *,
    kind: str,
    recipient_ids: Iterable[int],
    created_by_id: int | None,
    now: datetime,
    due_at: datetime | None = None,
    text: str | None = None,
    params: Payload | dict[str, Any] | None = None,
    reply_markup: dict[str, Any] | None = None,
) -> Broadcast:
    """One message to many people, in bulk inserts; each recipient at most once."""
    broadcast = Broadcast(kind=kind, created_by_id=created_by_id, created_at=now)
    session.add(broadcast)
    await session.flush()
    rows = [
        _row(
            recipient_id=person_id,
            kind=kind,
            dedup_key=f"broadcast:{broadcast.id}:person:{person_id}",
            due_at=due_at or now,
            text=text,
            params=params,
            reply_markup=reply_markup,
            urgent=False,
            broadcast_id=broadcast.id,
            now=now,
        )
        for person_id in dict.fromkeys(recipient_ids)
    ]
    insert = dialect_insert(session)
    for start in range(0, len(rows), 1000):
        statement = (
            insert(OutboxMessage)
            .values(rows[start : start + 1000])
            .on_conflict_do_nothing(index_elements=["dedup_key"])
        )
        await session.exec(statement)
    return broadcast


async def reschedule(session: AsyncSession, dedup_key: str, due_at: datetime) -> bool:
    """Move a message that has not gone yet. False if it is sent, cancelled or unknown."""
    result = await session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.dedup_key) == dedup_key, col(OutboxMessage.status) == OutboxStatus.pending)
        .values(due_at=due_at)
    )
    return bool(result.rowcount)


async def cancel(session: AsyncSession, dedup_key_prefix: str) -> int:
    """Cancel the pending messages whose key starts with the prefix (e.g. "visit:42:")."""
    result = await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.dedup_key).startswith(dedup_key_prefix, autoescape=True),
            col(OutboxMessage.status) == OutboxStatus.pending,
        )
        .values(status=OutboxStatus.cancelled)
    )
    return int(result.rowcount)


async def cancel_matching(session: AsyncSession, prefix: str, suffix: str) -> int:
    """Cancel pending messages whose key starts with `prefix` and ends with `suffix`."""
    result = await session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.dedup_key).startswith(prefix, autoescape=True),
            col(OutboxMessage.dedup_key).endswith(suffix, autoescape=True),
            col(OutboxMessage.status) == OutboxStatus.pending,
        )
        .values(status=OutboxStatus.cancelled)
    )
    return int(result.rowcount)


async def claim_due(session: AsyncSession, *, now: datetime, limit: int, urgent_only: bool) -> list[Claimed]:
    """Mark up to `limit` due rows as sending and return them, oldest first, urgent ones first."""
    due = select(OutboxMessage.id).where(
        col(OutboxMessage.status) == OutboxStatus.pending, col(OutboxMessage.due_at) <= now
    )
    if urgent_only:
        due = due.where(col(OutboxMessage.urgent).is_(True))
    due = due.order_by(col(OutboxMessage.urgent).desc(), col(OutboxMessage.due_at), col(OutboxMessage.id)).limit(limit)
    if is_postgresql(session):
        due = due.with_for_update(skip_locked=True)
    claimed = await session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id).in_(due.scalar_subquery()))
        .values(status=OutboxStatus.sending, claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(col(OutboxMessage.id))
    )
    ids = [row[0] for row in claimed.all()]
    await session.commit()
    if not ids:
        return []
    rows = await session.exec(
        select(OutboxMessage, Person)
        .join(Person, col(Person.id) == col(OutboxMessage.recipient_id))
        .where(col(OutboxMessage.id).in_(ids))
        .order_by(col(OutboxMessage.urgent).desc(), col(OutboxMessage.due_at), col(OutboxMessage.id))
    )
    return [
        Claimed(
            id=message.id,
            recipient_id=message.recipient_id,
            chat_id=person.telegram_id,
            locale=person.locale,
            kind=message.kind,
            text=message.text,
            params=json.loads(message.params) if message.params else {},
            reply_markup=json.loads(message.reply_markup) if message.reply_markup else None,
            attempts=message.attempts,
            unreachable=person.unreachable_since is not None,
            paused=person.paused_at is not None,
            claimed_at=now,
        )
        for message, person in rows.all()
    ]


async def record_sent(session: AsyncSession, message_id: int, *, telegram_message_id: int, now: datetime) -> None:
    await _finish(session, message_id, status=OutboxStatus.sent, sent_at=now, telegram_message_id=telegram_message_id)


async def record_failed(session: AsyncSession, message_id: int, *, error: str) -> None:
    await _finish(session, message_id, status=OutboxStatus.failed, last_error=error[:300])


async def record_cancelled(session: AsyncSession, message_id: int, *, reason: str) -> None:
    await _finish(session, message_id, status=OutboxStatus.cancelled, last_error=reason)


async def record_retry(
    session: AsyncSession, message_id: int, *, due_at: datetime, error: str, count_attempt: bool = True
) -> None:
    """Back to pending for a later try. A 429 does not count as an attempt: it is our pace, not a fault."""
    values: dict[str, Any] = {"status": OutboxStatus.pending, "due_at": due_at, "last_error": error[:300]}
    if not count_attempt:
        values["attempts"] = OutboxMessage.attempts - 1
    await _finish(session, message_id, **values)


async def mark_unreachable(session: AsyncSession, person_id: int, *, now: datetime) -> None:
    """The person blocked the bot or left Telegram: stop until they write again."""
    await session.exec(
        update(Person)
        .where(col(Person.id) == person_id, col(Person.unreachable_since).is_(None))
        .values(unreachable_since=now)
    )
    await session.commit()


async def _finish(session: AsyncSession, message_id: int, **values: Any) -> None:
    # Only a row still marked as ours is updated: a row released to another
    # process after a stale lease is theirs now.
    await session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == message_id, col(OutboxMessage.status) == OutboxStatus.sending)
        .values(**values)
    )
    await session.commit()


async def release_stale(session: AsyncSession, *, now: datetime, lease: timedelta) -> int:
    """Rows left 'sending' by a process that died go back to pending.

    Most were never sent. Those that Telegram accepted just before the crash
    will be sent again: that is the in-flight window, at most the pump's
    concurrency (README, "Delivery").
    """
    result = await session.exec(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == OutboxStatus.sending, col(OutboxMessage.claimed_at) < now - lease)
        .values(status=OutboxStatus.pending, last_error="released after a crash or a stall")
    )
    await session.commit()
    return int(result.rowcount)


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    waiting: int
    blocked: int
    failed: int
    cancelled: int

    @property
    def done(self) -> bool:
        return self.waiting == 0


async def broadcast_progress(session: AsyncSession, broadcast_id: int) -> Progress:
    rows = await session.exec(
        select(OutboxMessage.status, OutboxMessage.last_error, func.count())
        .where(col(OutboxMessage.broadcast_id) == broadcast_id)
        .group_by(col(OutboxMessage.status), col(OutboxMessage.last_error))
    )
    counts = {"sent": 0, "waiting": 0, "blocked": 0, "failed": 0, "cancelled": 0}
    for status, error, count in rows.all():
        if status is OutboxStatus.sent:
            counts["sent"] += count
        elif status in (OutboxStatus.pending, OutboxStatus.sending):
            counts["waiting"] += count
        elif status is OutboxStatus.cancelled:
            counts["cancelled"] += count
        elif error in (BLOCKED, UNREACHABLE):
            counts["blocked"] += count
        else:
            counts["failed"] += count
    return Progress(total=sum(counts.values()), **counts)


@dataclass(frozen=True)
class OutboxStatusReport:
    counts: dict[tuple[str, str], int]
    oldest_pending_due: datetime | None


async def status_report(session: AsyncSession) -> OutboxStatusReport:
    rows = await session.exec(
        select(col(OutboxMessage.kind), col(OutboxMessage.status), func.count()).group_by(
            col(OutboxMessage.kind), col(OutboxMessage.status)
        )
    )
    counts = {(kind, status.value): count for kind, status, count in rows.all()}
    oldest = await session.exec(
        select(func.min(OutboxMessage.due_at, type_=UTCDateTime())).where(
            col(OutboxMessage.status) == OutboxStatus.pending
        )
    )
    return OutboxStatusReport(counts, oldest.one())


async def due_backlog(session: AsyncSession, *, now: datetime) -> int:
    """Pending messages already due: what the pumps have yet to send (the /healthz figure)."""
    count = await session.exec(
        select(func.count()).where(col(OutboxMessage.status) == OutboxStatus.pending, col(OutboxMessage.due_at) <= now)
    )
    return int(count.one())


async def attach_progress_message(session: AsyncSession, broadcast_id: int, *, chat_id: int, message_id: int) -> None:
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is not None:
        broadcast.progress_chat_id, broadcast.progress_message_id = chat_id, message_id
        session.add(broadcast)
        await session.flush()


@dataclass(frozen=True)
class ProgressToShow:
    broadcast_id: int
    chat_id: int
    message_id: int
    locale: str
    progress: Progress


async def progress_to_show(session: AsyncSession) -> list[ProgressToShow]:
    """Broadcasts whose sender still watches a progress message."""
    rows = await session.exec(
        select(Broadcast, Person.locale)
        .join(Person, col(Person.id) == col(Broadcast.created_by_id))
        .where(col(Broadcast.progress_message_id).is_not(None), col(Broadcast.finished_at).is_(None))
    )
    shown = []
    for broadcast, locale in rows.all():
        progress = await broadcast_progress(session, broadcast.id)
        shown.append(
            ProgressToShow(
                broadcast.id, broadcast.progress_chat_id or 0, broadcast.progress_message_id or 0, locale, progress
            )
        )
    return shown


async def mark_progress_finished(session: AsyncSession, broadcast_id: int, *, now: datetime) -> None:
    await session.exec(update(Broadcast).where(col(Broadcast.id) == broadcast_id).values(finished_at=now))
    await session.commit()
