"""What the benchmarks share: an emulator that timestamps calls, throw-away
databases, bot processes, readings from /proc, and the JSON results."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any, BinaryIO

from aiohttp import web
from sqlalchemy import insert, text
from sqlmodel import SQLModel, select

from bot.db import create_engine, upgrade
from bot.models import Person, Role
from bot.sandbox.emulator import Limits, TelegramEmulator

BENCH_DIR = Path(__file__).resolve().parent
# benchmarks.run --commit runs a copy of the code elsewhere; results still land here.
RESULTS_DIR = Path(os.environ.get("ARA_BENCH_RESULTS", BENCH_DIR / "results"))
ARA_BOT = [sys.executable, "-m", "bot.cli", "run"]
BARE_BOT = [sys.executable, str(BENCH_DIR / "bare_bot.py")]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")  # unit of utime/stime in /proc/<pid>/stat


def loadavg() -> list[float]:
    """1, 5 and 15 minute load averages: other work on the machine skews every figure."""
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


LOAD_AT_START = loadavg()


@dataclass(frozen=True)
class Answered:
    """One HTTP call to the emulator: when it arrived, when it was answered, how."""

    arrived: float  # time.monotonic()
    answered: float
    method: str
    status: int
    chat_id: int | None = None  # of an accepted message


class TimedEmulator(TelegramEmulator):
    """The emulator, plus the time of every call (its own `calls` list has none), and a hook
    called with the count of accepted messages after each one, before the bot gets the answer."""

    def __init__(self, limits: Limits | None = None) -> None:
        super().__init__(limits=limits)
        self.timeline: list[Answered] = []
        self.accepted = 0
        self.after_accept: Callable[[int], object] | None = None

    def make_app(self) -> web.Application:
        app = super().make_app()

        @web.middleware
        async def timing(request: web.Request, handler):  # type: ignore[no-untyped-def]
            arrived = time.monotonic()
            response = await handler(request)
            method = request.match_info.get("method", "")
            if method == "sendMessage" and response.status == 200:
                chat_id = json.loads(response.body)["result"]["chat"]["id"]  # type: ignore[arg-type]
                self.timeline.append(Answered(arrived, time.monotonic(), method, response.status, chat_id))
                self.accepted += 1
                if self.after_accept is not None:
                    self.after_accept(self.accepted)
            else:
                self.timeline.append(Answered(arrived, time.monotonic(), method, response.status))
            return response

        app.middlewares.append(timing)
        return app

    def accepted_sends(self) -> list[Answered]:
        """Each sendMessage accepted (HTTP 200), in order."""
        return [a for a in self.timeline if a.method == "sendMessage" and a.status == 200]


# --- databases -------------------------------------------------------------------------------


@contextlib.asynccontextmanager
async def fresh_database(database_url: str | None) -> AsyncIterator[str]:
    """A migrated, empty database: a new SQLite file by default (removed afterwards),
    or the given PostgreSQL database with every table emptied."""
    folder = None
    if database_url is None:
        folder = tempfile.mkdtemp(prefix="ara-bench-")
        database_url = f"sqlite+aiosqlite:///{folder}/ara.sqlite3"
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        if engine.dialect.name == "postgresql":
            tables = ", ".join(f'"{table.name}"' for table in SQLModel.metadata.sorted_tables)
            async with engine.begin() as connection:
                await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        yield database_url
    finally:
        await engine.dispose()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


async def add_members(database_url: str, telegram_ids: Sequence[int], role: Role = Role.tenant) -> dict[int, int]:
    """Insert consenting people in bulk (one executemany, not the ORM one by one);
    returns person id by Telegram id."""
    now = datetime.now(UTC)
    rows = [
        {
            "telegram_id": telegram_id,
            "name": f"P{telegram_id}",
            "role": role,
            "locale": "fr",
            "consent_at": now,
            "consent_version": 1,
            "active": True,
            "created_at": now,
        }
        for telegram_id in telegram_ids
    ]
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(insert(Person), rows)
            found = await connection.execute(select(Person.telegram_id, Person.id))
            return {telegram_id: person_id for telegram_id, person_id in found.all()}
    finally:
        await engine.dispose()


# --- processes --------------------------------------------------------------------------------


def bot_env(emulator: TelegramEmulator, database_url: str | None = None, **settings: object) -> dict[str, str]:
    """The environment of a bot process: this emulator, this database, and settings by name."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "TELEGRAM_"))}
    env.update(BOT_TOKEN=emulator.token, TELEGRAM_API_BASE=emulator.base_url)
    if database_url:
        env["DATABASE_URL"] = database_url
    env.update({name.upper(): str(value) for name, value in settings.items()})
    return env


# Bot processes run in an empty folder so that a developer's `.env` is not read; removed at exit.
_WORKDIR = tempfile.TemporaryDirectory(prefix="ara-bench-cwd-")


def _log_file(log_name: str) -> BinaryIO:
    RESULTS_DIR.mkdir(exist_ok=True)
    return open(RESULTS_DIR / f"{log_name}.log", "ab")  # the caller closes it


async def spawn(argv: Sequence[str], env: dict[str, str], log_name: str) -> asyncio.subprocess.Process:
    """Start a bot process (this checkout's code first on its path), output in results/<log_name>.log."""
    with _log_file(log_name) as log:
        return await asyncio.create_subprocess_exec(
            *argv, env={**env, "PYTHONPATH": str(BENCH_DIR.parent)}, cwd=_WORKDIR.name, stdout=log, stderr=log
        )


async def stop(process: asyncio.subprocess.Process, grace: float = 10.0) -> None:
    """SIGTERM (aiogram then stops polling cleanly), SIGKILL if it takes longer than `grace`."""
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        process.kill()
        await process.wait()


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    """Resident memory (or VmHWM, its peak) from /proc/<pid>/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(f"{field} not in /proc/{pid}/status")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may contain spaces
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime and stime (fields 14 and 15)


async def until(  # type: ignore[no-untyped-def]
    predicate, timeout: float, what: str, process: asyncio.subprocess.Process | None = None, every: float = 0.05
) -> None:
    """Poll `predicate` (sync or async) every `every` seconds until true; fail after
    `timeout` or if `process` died."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if asyncio.iscoroutine(result):
            result = await result
        if result:
            return
        if process is not None and process.returncode is not None:
            raise RuntimeError(f"the bot process exited ({process.returncode}) while waiting for {what}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(every)


# --- figures ------------------------------------------------------------------------------------


def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100), linear interpolation between closest ranks."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1] if q < 100 else ordered[-1]


def machine() -> dict[str, Any]:
    meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0].split()
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gib": round(int(meminfo[1]) / 1024**2, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
        "aiogram": version("aiogram"),
        "aiohttp": version("aiohttp"),
        "loadavg_at_start": LOAD_AT_START,
        "loadavg_at_end": loadavg(),
    }


def code_under_test() -> str:
    """Which code was measured: set by benchmarks.run --commit, else the working tree."""
    if source := os.environ.get("ARA_BENCH_SOURCE"):
        return source
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True, check=False
    )
    return f"working tree on {head.stdout.strip() or 'unknown commit'} (with any uncommitted changes)"


def write_results(name: str, figures: dict[str, Any]) -> Path:
    """results/<name>.json, or results/<name>-postgresql.json for a PostgreSQL run."""
    RESULTS_DIR.mkdir(exist_ok=True)
    suffix = "-postgresql" if figures.get("database") == "postgresql" else ""
    path = RESULTS_DIR / f"{name}{suffix}.json"
    document = {
        "benchmark": name,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": code_under_test(),
        "machine": machine(),
        **figures,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    print(f"→ {path}")
    return path


def show(title: str, figures: dict[str, Any]) -> None:
    print(f"\n{title}")
    for key, value in figures.items():
        if isinstance(value, dict):
            continue
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"  {key:<40} {shown}")


def backend(database_url: str | None) -> str:
    return "sqlite" if database_url is None or database_url.startswith("sqlite") else "postgresql"
