"""The person behind each update, kept between updates without weakening the guarantees.

Every update needs the Person (role, consent, locale, deactivation). Reading it from the
database costs a session, a connection and a SELECT per update; this module keeps a copy per
Telegram id instead, valid for one *version of the people table*:

- **this process's writes**: every session of the watched sessionmaker reports, after its
  commit, whether it changed a person (an ORM add, change or delete of a Person, or an UPDATE
  or DELETE statement on the person table: the pump marking someone unreachable, an erasure).
  The local counter moves at once, before the next update is read;
- **other processes' writes** (other instances, `ara-bot staff add`): the shared version, a
  counter in Redis when REDIS_URL is set (read once per update, incremented after each commit
  that changed a person), else a stamp file beside the database that `ara-bot` commands rewrite.

A cached copy is used only while both are what they were before it was read from the database,
so a role change, a consent or a deactivation applies on the very next update, on every instance.
Writes that bypass SQLAlchemy (raw SQL in a psql shell) are not seen: restart the bot after one.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import event
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import manager_of_class
from sqlalchemy.orm.session import ORMExecuteState
from sqlalchemy.sql.dml import Delete, Update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.models import Person
from bot.services import people

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.config import Settings

logger = logging.getLogger(__name__)

REDIS_KEY = "ara:people:version"
MAX_ENTRIES = 20_000  # a programme's people many times over; the oldest go first beyond it
_CHANGED = "ara_person_changed"  # session.info flag: this transaction wrote a person
_PERSON_TABLE = Person.__table__  # type: ignore[attr-defined]  # SQLModel sets it on table models
_COLUMNS = tuple(column.key for column in _PERSON_TABLE.columns)
_STRANGER: dict[str, Any] = {}  # cached "nobody has this Telegram id"


class SharedVersion(Protocol):
    """What other processes' writes to the people table have made of it."""

    async def read(self) -> str | None:
        """The current version; None when it cannot be known (then nothing cached is used)."""

    async def bump(self) -> None:
        """Tell every process that a person changed (after the change is committed)."""


class RedisVersion:
    """A counter in Redis shared by every instance: GET on each update, INCR after each change."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def read(self) -> str | None:
        try:
            value = await self.redis.get(REDIS_KEY)
        except Exception:  # Redis unreachable: read from the database instead of trusting the copy
            logger.warning("people version unreadable in Redis; reading people from the database", exc_info=True)
            return None
        return value.decode() if isinstance(value, bytes) else str(value or "0")

    async def bump(self) -> None:
        await self.redis.incr(REDIS_KEY)


class StampFile:
    """Without Redis there is one bot process; `ara-bot` commands run beside it tell it of their
    changes by rewriting this small file (a new random token each time, replaced atomically)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    async def read(self) -> str | None:
        try:
            return self.path.read_text()  # a few bytes in the page cache: microseconds
        except FileNotFoundError:
            return ""
        except OSError:
            return None

    async def bump(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(secrets.token_hex(8))
        temporary.replace(self.path)


def stamp_path(database_url: str) -> Path:
    """Beside the SQLite file; for PostgreSQL without Redis, in the machine's temporary folder,
    named after the database (the bot and `ara-bot` commands on one machine find the same)."""
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1]
        if path and path != ":memory:":
            return Path(path + ".people")
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"ara-people-{digest}"


def shared_version(settings: Settings, redis: Redis | None) -> SharedVersion:
    return RedisVersion(redis) if redis is not None else StampFile(stamp_path(settings.database_url))


def watch_person_writes(sessionmaker: SessionMaker, on_commit: Callable[[], None]) -> None:
    """Call `on_commit()` after every commit of this sessionmaker's sessions that changed a person.

    The sessionmaker gets its own Session subclass, so the listeners concern its sessions only
    (two instances in one process, as in the tests, each watch their own)."""
    base = sessionmaker.kw.get("sync_session_class") or AsyncSession.sync_session_class
    watched = type("PersonWatchedSession", (base,), {})

    def flushed(session: Session, _context: object) -> None:
        if any(isinstance(item, Person) for group in (session.new, session.dirty, session.deleted) for item in group):
            session.info[_CHANGED] = True

    def executed(state: ORMExecuteState) -> None:
        statement = state.statement
        if isinstance(statement, Update | Delete) and statement.table is _PERSON_TABLE:
            state.session.info[_CHANGED] = True

    def ended(session: Session) -> None:
        # After a rollback too: harmless (the copy is read again), and simpler than telling
        # a savepoint's rollback from the transaction's.
        if session.info.pop(_CHANGED, False):
            on_commit()

    event.listen(watched, "after_flush", flushed)
    event.listen(watched, "do_orm_execute", executed)
    event.listen(watched, "after_commit", ended)
    event.listen(watched, "after_rollback", ended)
    sessionmaker.configure(sync_session_class=watched)


class PersonCache:
    """Copies of people by Telegram id, each valid for the version it was read at."""

    def __init__(self, shared: SharedVersion, max_entries: int = MAX_ENTRIES) -> None:
        self.shared = shared
        self.max_entries = max_entries
        self.local = 0  # this process's person writes so far
        self._entries: dict[int, tuple[tuple[int, str], dict[str, Any]]] = {}
        self._bumps: set[asyncio.Task[None]] = set()
        self.hits = self.misses = 0

    def watch(self, sessionmaker: SessionMaker) -> None:
        watch_person_writes(sessionmaker, self.person_changed)

    def person_changed(self) -> None:
        """A commit changed a person: every copy is stale here at once, and elsewhere once the
        shared version moves (awaited by `settle()`, which the update's middleware calls)."""
        self.local += 1
        self._entries.clear()
        task = asyncio.get_running_loop().create_task(self.shared.bump())
        self._bumps.add(task)
        task.add_done_callback(self._bumped)

    def _bumped(self, task: asyncio.Task[None]) -> None:
        self._bumps.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            logger.error("people version not shared: other instances may act on a stale person", exc_info=error)

    async def settle(self) -> None:
        """Wait until the changes committed so far are visible to other processes."""
        if self._bumps:
            await asyncio.gather(*self._bumps, return_exceptions=True)

    async def person(self, session: AsyncSession, telegram_id: int) -> Person | None:
        """The person with this Telegram id (deactivated or not), in `session`, or None."""
        shared = await self.shared.read()
        version = (self.local, shared) if shared is not None else None
        cached = self._entries.get(telegram_id) if version is not None else None
        if cached is not None and cached[0] == version:
            self.hits += 1
            return _attached(session, cached[1])
        self.misses += 1
        person = await people.get_by_telegram_id(session, telegram_id)
        if version is not None and version[0] == self.local:  # no local write while reading
            if len(self._entries) >= self.max_entries:
                del self._entries[next(iter(self._entries))]
            self._entries[telegram_id] = (version, _values(person) if person is not None else _STRANGER)
        return person


def _values(person: Person) -> dict[str, Any]:
    return {key: getattr(person, key) for key in _COLUMNS}


def _attached(session: AsyncSession, values: dict[str, Any]) -> Person | None:
    """A fresh instance from the copy, persistent in this session without a query: the handler
    may change it and flush, as if the middleware had read it. Each update gets its own."""
    if values is _STRANGER:
        return None
    # As SQLAlchemy builds an instance from a row (5× cheaper than Person(**values)).
    person: Person = manager_of_class(Person).new_instance()
    person.__dict__.update(values)
    make_transient_to_detached(person)
    session.add(person)
    return person
