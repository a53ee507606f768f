"""The audit log: staff actions and data erasure, never message contents."""

from __future__ import annotations

from datetime import datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import AuditLog, utcnow


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
