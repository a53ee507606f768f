"""Broadcast: N recipients (10,000 by default) through the emulator at Telegram's limits.

The emulator enforces its defaults (30 messages/s overall, burst 30; 1 message/s
and burst 3 per chat) and answers 429 above them, like Telegram.

- steady: the real pump in this process (`create_pump(...).run_once()` on the real
  clock, real rate limiter), cycle after cycle as the scheduler would, until every
  row is sent or failed.
- crash: the real bot process (`python -m bot.cli run`) sends the broadcast; the
  emulator kills it with SIGKILL right after accepting message number KILL_AT x N (plus
  half a pump batch, so that claimed rows are still waiting on the limiter), before the
  answer leaves: the worst moment, deterministic, always one accepted-but-unrecorded
  message. It is restarted and left to finish. Rows it had claimed but not recorded go
  back to pending after the outbox lease (OUTBOX_LEASE_SECONDS, production default
  unless --lease-seconds); those Telegram had already accepted are sent twice: the
  duplicates of the crash.

Figures for both: messages per second from the first to the last accepted
sendMessage (the emulator's timestamps), its ratio to the 30/s limit, 429s answered,
recipients with no message (lost) and extra copies (duplicated), wall time from the
start of sending to the last row settled. Quiet hours are reduced to one minute
(00:00-00:01, as in tests/delivery) so the real clock's night does not defer the run.

Small runs (--recipients of a few hundred) overstate the rate (the limiter's initial
burst of 5 weighs more), and their crash run lasts at least the lease: use
--lease-seconds 5 for a quick look.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import signal
import time
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from sqlmodel import col, select

from benchmarks.common import (
    ARA_BOT,
    TimedEmulator,
    add_members,
    backend,
    bot_env,
    fresh_database,
    show,
    spawn,
    stop,
    until,
    write_results,
)
from bot.app import create_bot, create_pump
from bot.clock import SystemClock
from bot.config import Settings, load_settings
from bot.db import create_engine, create_sessionmaker
from bot.delivery.pump import Pump
from bot.i18n import create_i18n
from bot.models import OutboxMessage, OutboxStatus, Person, Role
from bot.sandbox.emulator import Limits
from bot.services import delivery
from bot.services.delivery import Progress

RECIPIENTS = 10_000
LIMIT = Limits().global_per_second  # Telegram's 30 messages a second, the emulator's default
KILL_AT = 0.4  # share of recipients served when the bot is killed
# The pump claims rows PUMP_BATCH at a time; a kill at a multiple of it would land just as a
# batch ends, with nothing else claimed. Half a batch later, some claimed rows are still waiting.
PUMP_BATCH = Pump.__init__.__kwdefaults__["concurrency"]  # type: ignore[index]
MID_BATCH = PUMP_BATCH // 2
NO_QUIET_HOURS = "00:00-00:01"
FIRST_ID = 1_000_000  # Telegram ids of the recipients
TEXT = "Atelier peinture mardi 14:00 au local associatif. Répondez /menu pour les détails."
PRODUCTION = Settings.model_fields  # defaults of the settings, e.g. the outbox lease
SLACK = 2.0  # a run may take this many times its ideal duration (N / 30 s) before it is called stuck
EXTRA_S = 60.0  # plus this, for start-ups and the last cycles
DB_POLL_S = 0.5  # how often the progress of the bot process is read from the database


class Run:
    """One broadcast: a fresh emulator and database, N consenting recipients, the outbox rows."""

    def __init__(self, recipients: int, database_url: str) -> None:
        self.recipients = recipients
        self.database_url = database_url
        self.emulator = TimedEmulator()  # Telegram's limits, enforced
        self.telegram_ids = list(range(FIRST_ID, FIRST_ID + recipients))
        self.engine = create_engine(database_url)
        self.sessionmaker = create_sessionmaker(self.engine)
        self.broadcast_id = 0

    async def __aenter__(self) -> Run:
        await self.emulator.start()
        person_ids = await add_members(self.database_url, self.telegram_ids, Role.tenant)
        for telegram_id in self.telegram_ids:
            self.emulator.user(telegram_id, f"P{telegram_id}", language_code="fr")
        async with self.sessionmaker() as session:
            broadcast = await delivery.create_broadcast(
                session,
                kind="text",
                text=TEXT,
                recipient_ids=[person_ids[t] for t in self.telegram_ids],
                created_by_id=None,
                now=datetime.now(UTC),  # due now on the real clock
            )
            await session.commit()
            self.broadcast_id = broadcast.id
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.emulator.stop()
        await self.engine.dispose()

    async def progress(self) -> Progress:
        async with self.sessionmaker() as session:
            return await delivery.broadcast_progress(session, self.broadcast_id)

    def received(self) -> int:
        """Recipients with at least one message."""
        per_chat = self.emulator.stats.sent_per_chat
        return sum(1 for telegram_id in self.telegram_ids if per_chat[telegram_id])

    def deadline(self, share: float = 1.0) -> float:
        return self.recipients * share / LIMIT * SLACK + EXTRA_S

    def figures(self, wall: float, progress: Progress) -> dict[str, Any]:
        copies = [self.emulator.stats.sent_per_chat[telegram_id] for telegram_id in self.telegram_ids]
        rate = per_second([a.answered for a in self.emulator.accepted_sends()])
        return {
            "recipients": self.recipients,
            "messages_per_s": rate,
            "ratio_to_limit": rate / LIMIT,
            "rejected_429": self.emulator.stats.rejected_429,
            "lost": copies.count(0),
            "duplicated": sum(count - 1 for count in copies if count > 1),
            "wall_s": wall,
            "sent_rows": progress.sent,
            "failed_rows": progress.failed + progress.blocked,
            "unfinished_rows": progress.waiting,
            "emulator_errors": len(self.emulator.internal_errors),
        }


def make_pump(bot: Bot, settings: Settings, run: Run) -> Pump:
    """The pump as the app builds it (the app is evolving: newer versions also pass the
    content library, loaded as `ara-bot run` loads it)."""
    arguments: list[Any] = [bot, settings, run.sessionmaker, SystemClock(), create_i18n(settings.default_locale)]
    if "library" in inspect.signature(create_pump).parameters:
        from bot.services.content import default_content_root, load_library

        arguments.append(load_library(default_content_root()))
    return create_pump(*arguments)


def per_second(times: list[float]) -> float:
    """Messages per second from the first to the last of these acceptance times."""
    return (len(times) - 1) / (times[-1] - times[0]) if len(times) > 1 else 0.0


async def steady(recipients: int, database_url: str) -> dict[str, Any]:
    async with Run(recipients, database_url) as run:
        settings = load_settings(
            _env_file=None,
            bot_token=run.emulator.token,
            telegram_api_base=run.emulator.base_url,
            database_url=database_url,
            quiet_hours=NO_QUIET_HOURS,
        )
        bot = create_bot(settings)
        pump = make_pump(bot, settings, run)
        started = time.monotonic()
        try:
            while True:
                await pump.run_once()
                progress = await run.progress()
                if progress.done or time.monotonic() - started > run.deadline():
                    break
                await asyncio.sleep(settings.pump_interval_seconds)  # as the scheduler waits between cycles
        finally:
            await bot.session.close()
        return run.figures(time.monotonic() - started, progress)


async def crash(recipients: int, database_url: str, lease_seconds: float) -> dict[str, Any]:
    async with Run(recipients, database_url) as run:
        env = bot_env(
            run.emulator,
            database_url,
            quiet_hours=NO_QUIET_HOURS,
            outbox_lease_seconds=lease_seconds,
            log_level="WARNING",
        )
        threshold = round(recipients * KILL_AT) + MID_BATCH
        started = time.monotonic()
        process = await spawn(ARA_BOT, env, "broadcast-crash-bot")

        def kill(accepted: int) -> None:
            # Telegram has just accepted this message and the bot has not heard back:
            # the worst moment to die, the one that makes a duplicate.
            if accepted == threshold and process.returncode is None:
                process.send_signal(signal.SIGKILL)

        run.emulator.after_accept = kill
        try:
            await until(lambda: process.returncode is not None, run.deadline(KILL_AT), "the kill")
        finally:
            run.emulator.after_accept = None
            await stop(process)
        killed_at = time.monotonic()
        await asyncio.sleep(0.5)  # let the emulator finish requests that had fully arrived
        received_at_kill = run.received()
        in_flight, accepted = await on_the_wire(run)

        process = await spawn(ARA_BOT, env, "broadcast-crash-bot")
        try:
            await until(
                lambda: _done(run), run.deadline(1 - KILL_AT) + lease_seconds, "the end", process, every=DB_POLL_S
            )
        finally:
            await stop(process)
        figures = run.figures(time.monotonic() - started, await run.progress())

        sends = run.emulator.accepted_sends()
        before = [a.answered for a in sends if a.answered <= killed_at]
        resent = [a.answered for a in sends if a.answered > killed_at and a.chat_id in in_flight]
        after = [a.answered for a in sends if a.answered > killed_at and a.chat_id not in in_flight]
        figures.update(
            lease_s=lease_seconds,
            received_at_kill=received_at_kill,
            in_flight_at_kill=len(in_flight),
            accepted_but_unrecorded_at_kill=accepted,
            messages_per_s_before_kill=per_second(before),
            # the restarted process, without the in-flight rows it could only take back after the lease
            messages_per_s_after_restart=per_second(after),
            restart_gap_s=after[0] - before[-1] if before and after else None,
            in_flight_resent_after_restart_s=[round(t - after[0], 1) for t in resent] if after else [],
            last_fresh_row_after_restart_s=after[-1] - after[0] if after else None,
        )
        return figures


async def _done(run: Run) -> bool:
    return (await run.progress()).done


async def on_the_wire(run: Run) -> tuple[set[int], int]:
    """Recipients of the rows left 'sending' by the killed process, and how many of those the
    emulator had already accepted (the recipient has a message): what the restart sends twice."""
    async with run.sessionmaker() as session:
        rows = await session.exec(
            select(Person.telegram_id)
            .join(OutboxMessage, col(OutboxMessage.recipient_id) == col(Person.id))
            .where(
                col(OutboxMessage.broadcast_id) == run.broadcast_id, col(OutboxMessage.status) == OutboxStatus.sending
            )
        )
        sending = set(rows.all())
    return sending, sum(1 for telegram_id in sending if run.emulator.stats.sent_per_chat[telegram_id])


async def main(recipients: int, database_url: str | None, lease_seconds: float, parts: list[str]) -> dict[str, Any]:
    figures: dict[str, Any] = {"database": backend(database_url), "limit_per_s": LIMIT}
    if "steady" in parts:
        async with fresh_database(database_url) as url:
            figures["steady"] = await steady(recipients, url)
        show("Broadcast, no crash", figures["steady"])
    if "crash" in parts:
        async with fresh_database(database_url) as url:
            figures["crash"] = await crash(recipients, url, lease_seconds)
        show(f"Broadcast, SIGKILL at {KILL_AT:.0%} and restart", figures["crash"])
    write_results("broadcast", figures)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.broadcast", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--recipients", type=int, default=RECIPIENTS)
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its tables are emptied); default: a temporary SQLite file"
    )
    parser.add_argument(
        "--lease-seconds",
        type=float,
        default=PRODUCTION["outbox_lease_seconds"].default,
        help="OUTBOX_LEASE_SECONDS of the crashed bot (default: the production default)",
    )
    parser.add_argument("--part", choices=["steady", "crash", "both"], default="both")
    arguments = parser.parse_args()
    parts = ["steady", "crash"] if arguments.part == "both" else [arguments.part]
    asyncio.run(main(arguments.recipients, arguments.database_url, arguments.lease_seconds, parts))
