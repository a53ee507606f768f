"""The person behind each update, kept between updates without weakening the guarantees.

Every update needs the Person (role, consent, locale, deactivation) and, for a tenant, whether
their household's accompaniment has ended. Reading it from the
database costs a session, a connection and a SELECT per update; this module keeps a copy per
Telegram id instead, valid for one *version of the people table*:

- **this process's writes**: every SQL statement of the watched sessionmaker's sessions that
  changes a person or a household is recognised at the database cursor (an ORM flush, an
  UPDATE or DELETE statement such as the pump marking someone unreachable on a 403, an
  erasure, raw SQL), whoever built it. From that statement until its transaction ends no copy
  is used or kept; right after the commit the local counter moves, before the next update;
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
import re
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, SessionTransaction, make_transient_to_detached
from sqlalchemy.orm.attributes import manager_of_class
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.models import Household, Person, Phase, Role
from bot.services import people

if TYPE_CHECKING:
    from redis.asyncio import Redis

    from bot.config import Settings

logger = logging.getLogger(__name__)

REDIS_KEY = "ara:people:version"
MAX_ENTRIES = 20_000  # a programme's people many times over; the oldest go first beyond it
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
        try:  # one stat, no open/read/close: each bump replaces the file (a new inode, a new mtime)
            found = os.stat(self.path)
        except FileNotFoundError:
            return ""
        except OSError:
            return None
        return f"{found.st_ino}:{found.st_mtime_ns}:{found.st_size}"

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


# Every SQL statement that changes a row of the person table, as the database receives it: an
# ORM flush (INSERT/UPDATE/DELETE), a Core statement (the pump's UPDATE on a 403, erasure's
# DELETE) or a text() one. A household's changes count too: deleting one changes its people
# (household_id is ON DELETE SET NULL), and its phase (closed) is kept beside each tenant's
# copy. Read at the cursor, the one place every write goes through.
_PERSON_WRITE = re.compile(
    r'^\s*(?:WITH\b.*?\)\s*)?(?:UPDATE\s+"?person"?\b|INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?person"?\b'
    r'|UPDATE\s+"?household"?\b|DELETE\s+FROM\s+"?(?:person|household)"?\b)',
    re.IGNORECASE | re.DOTALL,
)
_CONNECTIONS = "ara_connections"  # session.info: the connections of the session's transaction


def writes_a_person(statement: str) -> bool:
    return _PERSON_WRITE.match(statement) is not None


def uses_a_connection(session: AsyncSession) -> bool:
    """Whether a watched session's transaction holds a connection (it read or wrote)."""
    return bool(session.sync_session.info.get(_CONNECTIONS))


def watch_person_writes(
    sessionmaker: SessionMaker, on_commit: Callable[[], None], on_write: Callable[[], None] | None = None
) -> None:
    """Call `on_write()` at the first statement of a transaction of this sessionmaker's sessions
    that changes a person, and `on_commit()` when that transaction ends.

    What changed is seen where every statement goes (the engine's cursor), whatever built it:
    the ORM, an UPDATE statement, raw SQL. `on_commit` runs in the session's `after_commit`,
    right after the database acknowledged the commit and before any other coroutine can run
    (no await in between), so no update can read the old copy once the new row is visible.
    A rollback or a close ends it too: harmless (the copies are read again).

    The sessionmaker gets its own Session subclass, and only the connections its sessions
    began are watched: two instances in one process (as in the tests) each watch their own,
    even on one engine."""
    engine = sessionmaker.kw.get("bind")
    sync_engine = getattr(engine, "sync_engine", engine)
    base = sessionmaker.kw.get("sync_session_class") or AsyncSession.sync_session_class
    watched = type("PersonWatchedSession", (base,), {})
    connections: dict[Connection, bool] = {}  # a watched session's connections: did it write a person?

    def began(session: Session, _transaction: object, connection: Connection) -> None:
        connections.setdefault(connection, False)
        session.info.setdefault(_CONNECTIONS, []).append(connection)

    def executed(conn: Connection, _cursor: Any, statement: str, *_rest: Any) -> None:
        if connections.get(conn) is False and writes_a_person(statement):
            connections[conn] = True
            if on_write is not None:
                on_write()

    def committed(session: Session) -> None:
        wrote = False
        for connection in session.info.get(_CONNECTIONS, []):
            wrote = connections.get(connection) or wrote
            connections[connection] = False
        if wrote:
            on_commit()

    def ended(session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is not None:  # a savepoint or a subtransaction: the outer one goes on
            return
        wrote = [connections.pop(connection, False) for connection in session.info.pop(_CONNECTIONS, [])]
        if any(wrote):  # rolled back or closed after a person write: read everyone again
            on_commit()

    event.listen(sync_engine, "before_cursor_execute", executed)
    event.listen(watched, "after_begin", began)
    event.listen(watched, "after_commit", committed)
    event.listen(watched, "after_transaction_end", ended)
    sessionmaker.configure(sync_session_class=watched)


class PersonCache:
    """Copies of people by Telegram id, each valid for the version it was read at."""

    def __init__(self, shared: SharedVersion, max_entries: int = MAX_ENTRIES) -> None:
        self.shared = shared
        self.max_entries = max_entries
        self.local = 0  # this process's person writes so far
        self.writing = 0  # this process's transactions with a person write not yet committed
        self._entries: dict[int, tuple[tuple[int, str], dict[str, Any], bool]] = {}
        self._bumps: set[asyncio.Task[None]] = set()
        self.hits = self.misses = 0

    def watch(self, sessionmaker: SessionMaker) -> None:
        watch_person_writes(sessionmaker, self.person_changed, self.person_writing)

    def person_writing(self) -> None:
        """A transaction of this process is changing a person: no copy is used or kept until it
        ends (another update must not act on a copy older than a change already under way)."""
        self.writing += 1
        self.local += 1
        self._entries.clear()

    def person_changed(self) -> None:
        """A commit changed a person: every copy is stale here at once, and elsewhere once the
        shared version moves (awaited by `settle()`, which the update's middleware calls)."""
        self.writing = max(0, self.writing - 1)
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
        return (await self.lookup(session, telegram_id))[0]

    async def lookup(self, session: AsyncSession, telegram_id: int) -> tuple[Person | None, bool]:
        """The person (as `person()`), and whether they are a tenant whose household's
        accompaniment has ended (`closed()`): both kept under the same version."""
        shared = await self.shared.read()
        version = (self.local, shared) if shared is not None else None
        cached = self._entries.get(telegram_id) if version is not None else None
        if cached is not None and cached[0] == version:
            self.hits += 1
            return _attached(session, cached[1]), cached[2]
        self.misses += 1
        person = await people.get_by_telegram_id(session, telegram_id)
        ended = await closed(session, person)
        if version is not None and version[0] == self.local and not self.writing:  # no local write meanwhile
            if len(self._entries) >= self.max_entries:
                del self._entries[next(iter(self._entries))]
            self._entries[telegram_id] = (version, _values(person) if person is not None else _STRANGER, ended)
        return person, ended


async def closed(session: AsyncSession, person: Person | None) -> bool:
    """A tenant whose household's accompaniment has ended (the menu then offers no visit)."""
    if person is None or person.role is not Role.tenant or person.household_id is None:
        return False
    household = await session.get(Household, person.household_id)
    return household is not None and household.phase is Phase.closed


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
