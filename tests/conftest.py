"""Shared fixtures: every database test runs on SQLite and on PostgreSQL.

PostgreSQL comes from ARA_TEST_POSTGRES_URL and Redis from ARA_TEST_REDIS_URL
(scripts/test.sh starts a private server of each). Without them the tests that
need them are skipped, unless ARA_REQUIRE_POSTGRES is set, as in CI, where a
missing server is a failure.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import FrozenClock
from bot.db import SessionMaker, create_engine, create_sessionmaker, upgrade
from bot.services.content import ContentLibrary, default_content_root, load_library

# Worksite photos a test's bot downloads go to a throw-away folder, never the working copy's data/.
os.environ.setdefault("PHOTOS_DIR", tempfile.mkdtemp(prefix="ara-test-photos-"))
POSTGRES_URL = os.environ.get("ARA_TEST_POSTGRES_URL")
REQUIRE_POSTGRES = bool(os.environ.get("ARA_REQUIRE_POSTGRES"))
REDIS_URL = os.environ.get("ARA_TEST_REDIS_URL")
# Under pytest-xdist each worker empties Redis before its tests: give each its own database
# (gw0 → 1, gw1 → 2…) so one worker's flush never wipes another's FSM states.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _WORKER.startswith("gw"):
    REDIS_URL = REDIS_URL.rsplit("/", 1)[0] + f"/{int(_WORKER[2:]) % 15 + 1}"
TABLES = [
    "visit_guest",  # the worksite kit: the tool library has no key to a truncated table
    "help_offer",
    "kit_item",
    "tool_loan",
    "tool",
    "referent_consent",
    "household_file",
    "referral",
    "invite_organisation",
    "referent_membership",
    "organisation",
    "questionnaire_answer",
    "questionnaire_assignment",
    "relay_message",
    "visit",
    "visit_slot",
    "rsvp",
    "workshop_invitation",
    "workshop",
    "workshop_series",
    "tip_sent",
    "tip_subscription",
    "content_event",
    "outbox",
    "broadcast",
    "audit_log",
    "code_attempt",
    "invite",
    "person",
    "household",
]

# Tuesday 24 November 2026, 10:00 in Paris: a working morning, far from DST changes.
DEFAULT_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], scope="session")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once; each test copies the file (faster than migrating each time)."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"

    async def build() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        async with engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    if not POSTGRES_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("ARA_REQUIRE_POSTGRES is set but ARA_TEST_POSTGRES_URL is not")
        pytest.skip("no PostgreSQL server (set ARA_TEST_POSTGRES_URL or run `make test`)")
    name = f"ara_test_{uuid.uuid4().hex[:10]}"
    admin_url = POSTGRES_URL

    async def admin(statement: str) -> None:
        engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
        async with engine.connect() as connection:
            await connection.execute(text(statement))
        await engine.dispose()

    asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + f"/{name}"

    async def migrate() -> None:
        engine = create_engine(url)
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(migrate())
    yield url
    asyncio.run(admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
async def redis_url() -> str:
    """The test Redis, emptied (FSM states and seen update ids of earlier tests would collide)."""
    if not REDIS_URL:
        if REQUIRE_POSTGRES:
            pytest.fail("ARA_REQUIRE_POSTGRES is set but ARA_TEST_REDIS_URL is not")
        pytest.skip("no Redis server (set ARA_TEST_REDIS_URL or run `make test`)")
    from redis.asyncio import Redis

    redis = Redis.from_url(REDIS_URL)
    try:
        await redis.flushdb()
    finally:
        await redis.aclose()
    return REDIS_URL


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "ara.sqlite3"
        shutil.copyfile(template, target)
        return f"sqlite+aiosqlite:///{target}"
    return request.getfixturevalue("postgres_database")


@pytest.fixture
async def engine(database_url: str, backend: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    if backend == "postgresql":
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def sessionmaker(engine: AsyncEngine) -> SessionMaker:
    return create_sessionmaker(engine)


@pytest.fixture
async def session(sessionmaker: SessionMaker) -> AsyncIterator[AsyncSession]:
    async with sessionmaker() as session:
        yield session


@pytest.fixture(scope="session")
def library() -> ContentLibrary:
    """The shipped tutorials and tips, loaded once for the whole run."""
    return load_library(default_content_root())


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(DEFAULT_NOW)
