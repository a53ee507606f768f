"""Every value of every table, for tests that prove something is (or is not) stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from bot import models  # noqa: F401 (registers the tables)
from bot.db import SessionMaker


async def dump(sessionmaker: SessionMaker) -> dict[str, list[tuple[Any, ...]]]:
    """{table: sorted rows}, every column, in a form that compares and searches well."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with sessionmaker() as session:
        for table in SQLModel.metadata.sorted_tables:
            rows = (await session.exec(select(table))).all()  # type: ignore[call-overload]
            tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


async def snapshot_of_others(sessionmaker: SessionMaker, actor_id: int | None) -> dict[str, list[str]]:
    """Every row that is not the actor's own: what nobody may change by pressing a forged button.

    The audit log (append-only) and lock-out attempts (keyed to whoever typed) are left out;
    what an action does shows in the other tables anyway.
    """
    own_by = {
        "person": "id",
        "tip_subscription": "person_id",
        "tip_sent": "person_id",
        "content_event": "person_id",
        "outbox": "recipient_id",
        "rsvp": "person_id",
        "workshop_invitation": "person_id",
        "relay_message": "sender_id",
        "questionnaire_assignment": "person_id",
        "visit_slot": "animator_id",
        "help_offer": "person_id",
        "visit_guest": "person_id",
    }
    snapshot: dict[str, list[str]] = {}
    async with sessionmaker() as session:
        for table in SQLModel.metadata.sorted_tables:
            if table.name in ("audit_log", "code_attempt"):
                continue
            rows = (await session.exec(select(table))).mappings().all()  # type: ignore[call-overload]
            owner = own_by.get(table.name)
            snapshot[table.name] = sorted(
                repr(dict(row)) for row in rows if owner is None or actor_id is None or row[owner] != actor_id
            )
    return snapshot


def mentions(tables: dict[str, list[tuple[Any, ...]]], needle: str) -> list[str]:
    """Where `needle` appears as (part of) a value: ["person: (…)", …]."""
    return [f"{name}: {row}" for name, rows in tables.items() for row in rows if any(needle in str(v) for v in row)]
