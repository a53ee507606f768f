"""Alembic environment. Migrations always run on a connection handed in by
bot.db (sync inside `run_sync`), so the same code serves the CLI, `ara-bot run`
and the tests, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

from bot import models  # noqa: F401 (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine(url: str) -> None:
    from bot.db import create_engine

    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    # `alembic` invoked directly (e.g. `alembic revision --autogenerate`).
    url = context.config.get_main_option("sqlalchemy.url")
    if url is None:
        raise SystemExit("alembic needs sqlalchemy.url (bot.db.alembic_config sets it from the settings)")
    asyncio.run(_run_with_own_engine(url))
