"""Fault injection: a PostgreSQL server stopped for several seconds in the middle of traffic.

Its own throw-away server (initdb, pg_ctl: the shared test server is never stopped), the real
bot polling the emulator, tenants writing to their animator without pause. Half-way through,
the server is shut down (`pg_ctl stop -m fast`, which also cuts every open connection) and
started again OUTAGE_SECONDS later. Checked: every update got an answer (a notice during the
outage, then its real reply), every message a tenant sent is stored exactly once and reaches the
animator, nothing is answered twice.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.db import create_engine, create_sessionmaker, upgrade
from bot.models import OutboxMessage, OutboxStatus, RelayMessage, Role
from tests.e2e.conftest import start_bot
from tests.e2e.helpers import eventually, tr
from tests.factories import household as _household

OUTAGE_SECONDS = float(os.environ.get("ARA_OUTAGE_SECONDS", "8"))
TENANTS = 6
KEPT = "⏳ We have a technical problem right now. What you sent is kept and will be handled in a moment: no need to send it again."
SENT = "✅ Sent to {name}, your animator."


def _pg_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: [int(x) for x in p.parent.name.split(".")])
    return found[-1] if found else None


@dataclass
class Server:
    bin: Path
    data: Path
    port: int
    run_as: list[str]
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.data / "server.log"

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://ara@127.0.0.1:{self.port}/postgres"

    def ctl(self, *args: str) -> None:
        subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.data), *args], check=True, capture_output=True
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
        self.ctl("-l", str(self.log), "-w", "-o", options, "start")

    def stop(self) -> None:
        self.ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def own_postgres() -> Iterator[Server]:
    pg_bin = _pg_bin()
    if pg_bin is None:
        if os.environ.get("ARA_REQUIRE_POSTGRES"):
            pytest.fail("ARA_REQUIRE_POSTGRES is set but PostgreSQL's binaries are not installed")
        pytest.skip("PostgreSQL's binaries (initdb, pg_ctl) are not installed")
    data = Path(tempfile.mkdtemp(prefix="ara-outage-pg."))
    run_as: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(data, "postgres", "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(
        [*run_as, str(pg_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "ara", "--no-sync", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    server = Server(pg_bin, data, port, run_as)
    server.start()
    try:
        yield server
    finally:
        subprocess.run(
            [*run_as, str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture
async def outage_db(own_postgres: Server) -> AsyncIterator[tuple[Server, Any]]:
    engine = create_engine(own_postgres.url)
    await upgrade(engine)
    yield own_postgres, engine
    await engine.dispose()


@dataclass
class Tally:
    updates: int = 0
    answered: int = 0
    kept_notices: int = 0
    sent: list[str] = field(default_factory=list)


async def _answer_to(user: Any, tally: Tally, *, timeout: float) -> dict[str, Any]:
    """The bot's reply to the update just sent, past any 'kept' notice; every update gets one."""
    tally.updates += 1
    deadline = time.monotonic() + timeout
    while True:
        [event] = await user.wait_for_messages(timeout=max(0.1, deadline - time.monotonic()))
        if event.get("text") == tr("fr", KEPT):
            tally.kept_notices += 1
            continue
        tally.answered += 1
        return event


async def _tenant(emulator: Any, telegram_id: int, tally: Tally, until: float) -> None:
    user = emulator.user(telegram_id, f"T{telegram_id}", language_code="fr")
    await user.send("/menu")
    menu = await _answer_to(user, tally, timeout=60)
    await user.press(tr("fr", "✉️ Write to my animator"), menu)
    await _answer_to(user, tally, timeout=60)
    number = 0
    while time.monotonic() < until:
        text = f"message {number} from {telegram_id}"
        await user.send(text)
        confirmation = await _answer_to(user, tally, timeout=60)
        assert confirmation["text"].startswith(tr("fr", SENT).format(name="Nadia")), confirmation
        tally.sent.append(text)
        number += 1
        # The conversation goes on until "I have finished": the next message needs no button.
        await asyncio.sleep(0.3)


async def test_postgresql_stopped_mid_traffic_loses_nothing_and_leaves_nobody_unanswered(
    emulator, outage_db, clock, library
):
    server, engine = outage_db
    sessionmaker = create_sessionmaker(engine)
    async with start_bot(
        emulator, server.url, sessionmaker, clock, library, db_retry_seconds=OUTAGE_SECONDS + 60
    ) as running:
        nadia = await running.member(9601, Role.animator, "Nadia", locale="fr")
        animator = emulator.user(9601, "Nadia", language_code="fr")
        tenants = [(9700 + n, f"T{9700 + n}", "fr") for n in range(TENANTS)]
        await _household(running, "PAH-960", animator=nadia, tenants=tenants[: TENANTS // 2])
        await _household(running, "PAH-961", animator=nadia, tenants=tenants[TENANTS // 2 :])
        tally = Tally()
        traffic_until = time.monotonic() + 2.0 + OUTAGE_SECONDS + 4.0
        traffic = asyncio.gather(*(_tenant(emulator, t, tally, traffic_until) for t, _, _ in tenants))

        await asyncio.sleep(2.0)
        stopped_at = time.monotonic()
        await asyncio.to_thread(server.stop)
        await asyncio.sleep(OUTAGE_SECONDS)
        await asyncio.to_thread(server.start)
        downtime = time.monotonic() - stopped_at
        await traffic

        outage = running.dispatcher["outage"]
        assert tally.answered == tally.updates  # every update got its real answer
        assert outage.outages > 0 and tally.kept_notices == outage.outages  # each told once, at once
        assert outage.given_up == 0
        async with sessionmaker() as session:
            stored = [m.text for m in (await session.exec(select(RelayMessage))).all()]
        assert sorted(stored) == sorted(tally.sent)  # nothing lost, nothing stored twice

        async def all_delivered() -> bool:
            async with sessionmaker() as session:
                rows = (await session.exec(select(OutboxMessage).where(OutboxMessage.kind == "relay"))).all()
            return len(rows) == len(tally.sent) and all(row.status is OutboxStatus.sent for row in rows)

        # A message whose send could not be recorded while the database was down is recorded,
        # or sent again, within the lease (OUTBOX_LEASE_SECONDS, 120 s by default): wait for that.
        await eventually(all_delivered, timeout=running.settings.outbox_lease_seconds + 10)
        received = [m.get("text", "") for m in animator.messages]
        for text in tally.sent:
            assert sum(text in r for r in received) == 1, text  # reached the animator, once
        print(
            f"\noutage {downtime:.1f}s: {tally.updates} updates, {len(tally.sent)} messages sent, "
            f"{outage.outages} met the outage, {outage.recovered} handled after it, 0 lost, 0 unanswered"
        )
