"""The Alembic migrations and the SQLModel tables describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from bot import models  # noqa: F401


async def test_models_match_migrations(engine):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)

    async with engine.connect() as connection:
        differences = await connection.run_sync(diff)
    assert differences == []


def test_head_read_from_the_files_is_alembics_head():
    from alembic.script import ScriptDirectory

    from bot.db import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_a_restart_on_an_up_to_date_database_does_not_migrate(tmp_path):
    from bot.db import create_engine, current_revision, head_revision, upgrade_if_needed

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'fresh.sqlite3'}")
    try:
        assert await upgrade_if_needed(engine) is True  # a new database
        assert await current_revision(engine) == head_revision()
        assert await upgrade_if_needed(engine) is False  # a restart
    finally:
        await engine.dispose()
