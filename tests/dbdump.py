"""Every value of every table, for tests that prove something is (or is not) stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from bot import models  # noqa: F401  (registers the tables)
from bot.db import SessionMaker


async def dump(sessionmaker: SessionMaker) -> dict[str, list[tuple[Any, ...]]]:
    """{table: sorted rows}, every column, in a form that compares and searches well."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with sessionmaker() as session:
        for table in SQLModel.metadata.sorted_tables:
            rows = (await session.exec(select(table))).all()  # type: ignore[call-overload]
            tables[table.name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


def mentions(tables: dict[str, list[tuple[Any, ...]]], needle: str) -> list[str]:
    """Where `needle` appears as (part of) a value: ["person: (…)", …]."""
    return [f"{name}: {row}" for name, rows in tables.items() for row in rows if any(needle in str(v) for v in row)]
