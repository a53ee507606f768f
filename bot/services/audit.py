"""The audit log: staff actions and data erasure, never message contents."""

from __future__ import annotations

import csv
import enum
import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession
from sqlmodel.sql.expression import Select

from bot.models import AuditLog, Person, Role, utcnow
from bot.services import cells
from bot.services.paging import Page
from bot.services.refusals import Refused


class JournalRefusal(str, enum.Enum):
    not_admin = "not_admin"  # the journal is for administrators only


class JournalRefused(Refused[JournalRefusal]):
    pass


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


def _check_reader(reader: Person) -> None:
    if reader.role is not Role.admin:
        raise JournalRefused(JournalRefusal.not_admin)


# The role's column is typed str by SQLModel; it reads a Role, or None for an erased actor (outer join).
def _with_roles() -> Select[AuditLog, str]:
    return (
        select(AuditLog, Person.role)
        .outerjoin(Person, col(Person.id) == col(AuditLog.actor_id))
        .order_by(col(AuditLog.id).desc())
    )


async def latest(session: AsyncSession, reader: Person, *, offset: int = 0, limit: int = 10) -> Page[Entry]:
    """Newest first, for an administrator."""
    _check_reader(reader)
    total = (await session.exec(select(func.count()).select_from(AuditLog))).one()
    offset = max(0, min(offset, max(total - 1, 0)))
    rows = await session.exec(_with_roles().offset(offset).limit(limit))
    return Page([Entry(log, Role(role) if role else None) for log, role in rows.all()], total, offset, limit)


CSV_COLUMNS = ["id", "at_utc", "at_local", "actor_id", "actor_role", "action", "target_type", "target_id", "details"]


async def export_csv(session: AsyncSession, reader: Person, *, tz: ZoneInfo, now: datetime) -> bytes:
    """The whole log, oldest first, as CSV (UTF-8 with BOM, so spreadsheets read accents right), for an
    administrator. Recorded first: the export is itself an entry of what it exports."""
    _check_reader(reader)
    await record(session, "audit.export", actor_id=reader.id, now=now)
    rows = (await session.exec(_with_roles().order_by(None).order_by(col(AuditLog.id)))).all()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for log, role in rows:
        writer.writerow(
            cells.csv_row(
                [
                    log.id,
                    log.at.isoformat(),
                    log.at.astimezone(tz).strftime("%Y-%m-%d %H:%M:%S"),
                    log.actor_id or "",
                    Role(role).value if role else "",
                    log.action,
                    log.target_type or "",
                    log.target_id if log.target_id is not None else "",
                    log.details or "",
                ]
            )
        )
    return buffer.getvalue().encode("utf-8-sig")
