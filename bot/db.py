"""Engine, sessions and the migrations entry point.

SQLite is the embedded default (WAL so readers never wait on the writer,
foreign keys on because SQLite leaves them off); PostgreSQL is production.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

MIGRATIONS_DIR = Path(__file__).parent / "migrations"

SessionMaker = async_sessionmaker[AsyncSession]

if TYPE_CHECKING:
    from collections.abc import Callable

    from alembic.config import Config
    from sqlalchemy.dialects import postgresql, sqlite
    from sqlalchemy.engine.interfaces import DBAPIConnection
    from sqlalchemy.pool import ConnectionPoolEntry
    from sqlmodel import SQLModel

# Alembic is imported only to migrate: loading it costs a running bot about 9 MiB for good.


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    # hide_parameters: a failed statement's error (logged with its traceback) shows the SQL,
    # never the values bound to it, which are a tenant's message, a first name (SECURITY.md).
    if database_url.startswith("sqlite"):
        _ensure_sqlite_folder(database_url)
        engine = create_async_engine(database_url, echo=echo, hide_parameters=True, connect_args={"timeout": 30})
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(database_url, echo=echo, hide_parameters=True, pool_pre_ping=True)


def create_sessionmaker(engine: AsyncEngine) -> SessionMaker:
    # expire_on_commit=False: handlers read the Person after the middleware commits.
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def _ensure_sqlite_folder(database_url: str) -> None:
    path = database_url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def alembic_config(database_url: str | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_on_connection(connection: Connection, revision: str = "head") -> None:
    """Run migrations on an open (sync) connection: `await conn.run_sync(upgrade_on_connection)`."""
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


# Any constant: the key of the PostgreSQL advisory lock held while migrating.
MIGRATION_LOCK_KEY = 0x41524121


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Several instances starting at once: one migrates, the others wait for it (the lock
            # ends with the transaction), then find nothing left to do.
            await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.run_sync(upgrade_on_connection, revision)


_REVISION = re.compile(r'^(down_revision|revision) = "?([^"\n]*?)"?$', re.MULTILINE)


def head_revision() -> str:
    """The last migration, read from the files themselves (each names itself and the one before)."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        revisions.add(found["revision"])
        parents.add(found.get("down_revision"))
    [head] = revisions - parents
    return head


async def upgrade_if_needed(engine: AsyncEngine) -> bool:
    """Migrate unless the database is already at the head; True if it migrated.

    A restart on an up-to-date database reads one row and never imports Alembic."""
    async with engine.connect() as connection:
        try:
            current = (await connection.execute(text("SELECT version_num FROM alembic_version"))).scalar()
        except DBAPIError:  # no table yet: a new database
            current = None
    if current == head_revision():
        return False
    await upgrade(engine)
    return True


def is_postgresql(session: AsyncSession) -> bool:
    return session.bind is not None and session.bind.dialect.name == "postgresql"


def dialect_insert(session: AsyncSession) -> Callable[[type[SQLModel]], postgresql.Insert | sqlite.Insert]:
    """The dialect's INSERT (both have ON CONFLICT … DO NOTHING, SQLAlchemy's generic one does not)."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if is_postgresql(session) else sqlite.insert


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def _read(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as connection:
        return await connection.run_sync(_read)
