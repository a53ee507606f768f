"""The audit log: staff actions and data erasure, never message contents."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import AuditLog, Person, Role, utcnow


async def record(
    session: AsyncSession,
    action: str,
    *,
    actor_id: int | None = None,
    target_type: str | None = None,
    target_id: int | None = None,
    details: str | None = None,
    now: datetime | None = None,
) -> AuditLog:
    entry = AuditLog(
        at=now or utcnow(),
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details[:500] if details else None,
    )
    session.add(entry)
    await session.flush()
    return entry


@dataclass(frozen=True)
class Entry:
    """An audit entry with the actor's current role: who is shown by role and id, never by name."""

    log: AuditLog
    actor_role: Role | None


@dataclass(frozen=True)
class EntryPage:
    entries: list[Entry]
    total: int
    offset: int
    limit: int

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total


def _with_roles():  # type: ignore[no-untyped-def]
    return (
        select(AuditLog, Person.role)
        .outerjoin(Person, col(Person.id) == col(AuditLog.actor_id))
        .order_by(col(AuditLog.id).desc())
    )


async def latest(session: AsyncSession, *, offset: int = 0, limit: int = 10) -> EntryPage:
    """Newest first."""
    total = (await session.exec(select(func.count()).select_from(AuditLog))).one()
    offset = max(0, min(offset, max(total - 1, 0)))
    rows = await session.exec(_with_roles().offset(offset).limit(limit))
    return EntryPage([Entry(log, role) for log, role in rows.all()], total, offset, limit)


CSV_COLUMNS = ["id", "at_utc", "at_local", "actor_id", "actor_role", "action", "target_type", "target_id", "details"]


async def export_csv(session: AsyncSession, *, tz: ZoneInfo) -> bytes:
    """The whole log, oldest first, as CSV (UTF-8 with BOM, so spreadsheets read accents right)."""
    rows = (await session.exec(_with_roles().order_by(None).order_by(col(AuditLog.id)))).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for log, role in rows:
        writer.writerow(
            [
                log.id,
                log.at.isoformat(),
                log.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                log.actor_id or "",
                role.value if role else "",
                log.action,
                log.target_type or "",
                log.target_id if log.target_id is not None else "",
                log.details or "",
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
