"""Dispatch: how fast the whole bot answers a menu tap, against a bare aiogram echo bot.

A registered, consenting tenant sends /menu: aiogram's polling, DbSessionMiddleware
(session, SELECT of the person, commit), the locale middleware, the IsMember filter,
the handler (FSM clear, the menu text in French, its inline keyboard), the reply
through the rate-limit request middleware. The bare bot (benchmarks/bare_bot.py)
gets the same /menu updates and echoes them back.

Both run as their own process (`python -m bot.cli run` for the real one), polling an
emulator in this process over HTTP. The emulator does not enforce Telegram's limits
(Limits(enforce=False)) and the real bot's own limiter is raised to its maximum
(BROADCAST_RATE=1000, CHAT_BURST=30), so Telegram's flood limits do not set the pace.

- latency: LATENCY_TAPS taps one after the other, each from a different tenant (the
  bot's limiter still holds each chat to 1 message/s after a burst): time from the
  update being queued in the emulator to the reply reaching the emulator; p50, p99.
- throughput: USERS tenants tapping TAPS_PER_USER times each, all at once, each
  waiting for the reply before tapping again; replies per second, first tap to last
  reply. Also the bot process's CPU time per update (from /proc), which does not
  depend on how fast the emulator is, and this process's CPU use (if it nears 100 %,
  the emulator, not the bot, is the bottleneck).

Each round measures the bare bot, then the real one, each after a warm-up. Other work on a
shared machine moves both by tens of percent between rounds, so the ratio is taken within
each round (the two runs are seconds apart) and its median over ROUNDS is the headline;
the other figures are medians over the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
from typing import Any

from benchmarks.common import (
    ARA_BOT,
    BARE_BOT,
    TimedEmulator,
    add_members,
    backend,
    bot_env,
    cpu_seconds,
    fresh_database,
    percentile,
    rss_kib,
    show,
    spawn,
    stop,
    write_results,
)
from bot.sandbox.emulator import Limits
from bot.sandbox.testing import TestUser

ROUNDS = 5
WARMUP_TAPS = 50  # first calls pay for lazy imports, pool connections, caches; not measured
LATENCY_TAPS = 300
USERS, TAPS_PER_USER = 200, 5
REPLY_TIMEOUT = 30.0  # a reply slower than this is a failure
FIRST_ID = 300_000  # Telegram ids of the benchmark's tenants
TAP = "/menu"
# The real bot's own limiter at the highest values its settings allow.
RAISED_LIMITER = {"broadcast_rate": 1000, "chat_burst": 30}


async def tap(user: TestUser) -> float:
    """Send /menu, wait for the reply; seconds between the two."""
    started = time.perf_counter()
    await user.send(TAP)
    await user.wait_for_messages(1, timeout=REPLY_TIMEOUT)
    return time.perf_counter() - started


async def measure(argv: list[str], env_settings: dict[str, Any], database_url: str | None, log: str) -> dict[str, Any]:
    emulator = TimedEmulator(limits=Limits(enforce=False))
    await emulator.start()
    process = await spawn(argv, bot_env(emulator, database_url, **env_settings), log)
    try:
        await emulator.wait_for_call("getUpdates", timeout=60, since=0)
        ids = iter(range(FIRST_ID, FIRST_ID + WARMUP_TAPS + LATENCY_TAPS + USERS))

        def users(count: int) -> list[TestUser]:
            return [emulator.user(next(ids), "Amina", language_code="fr") for _ in range(count)]

        await asyncio.gather(*(tap(user) for user in users(WARMUP_TAPS)))

        sequential_cpu = cpu_seconds(process.pid)
        latencies = [await tap(user) for user in users(LATENCY_TAPS)]
        sequential_cpu = cpu_seconds(process.pid) - sequential_cpu

        async def tapping(user: TestUser) -> list[float]:
            return [await tap(user) for _ in range(TAPS_PER_USER)]

        crowd = users(USERS)
        bot_cpu, own_cpu, started = cpu_seconds(process.pid), cpu_seconds(os.getpid()), time.perf_counter()
        under_load = [t for times in await asyncio.gather(*(tapping(user) for user in crowd)) for t in times]
        elapsed = time.perf_counter() - started
        bot_cpu, own_cpu = cpu_seconds(process.pid) - bot_cpu, cpu_seconds(os.getpid()) - own_cpu
        updates = USERS * TAPS_PER_USER
        return {
            "updates_per_s": updates / elapsed,
            "latency_p50_ms": percentile(latencies, 50) * 1000,
            "latency_p99_ms": percentile(latencies, 99) * 1000,
            "latency_mean_ms": statistics.fmean(latencies) * 1000,
            "loaded_latency_p50_ms": percentile(under_load, 50) * 1000,
            "loaded_latency_p99_ms": percentile(under_load, 99) * 1000,
            "bot_cpu_ms_per_update": bot_cpu / updates * 1000,
            "bot_cpu_ms_per_sequential_update": sequential_cpu / LATENCY_TAPS * 1000,
            "bot_cpu_share": bot_cpu / elapsed,  # 1.0 = one core fully busy
            "emulator_cpu_share": own_cpu / elapsed,
            "rss_after_mib": rss_kib(process.pid) / 1024,
            "errors": len(emulator.internal_errors) + sum(1 for a in emulator.timeline if a.status != 200),
        }
    finally:
        await stop(process)
        await emulator.stop()


def medians(runs: list[dict[str, Any]]) -> dict[str, float]:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


async def main(database_url: str | None, rounds: int) -> dict[str, Any]:
    common = {"log_level": "WARNING"}  # same for both; INFO would log every update
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "ara": []}
    async with fresh_database(database_url) as url:
        await add_members(url, range(FIRST_ID, FIRST_ID + WARMUP_TAPS + LATENCY_TAPS + USERS))
        for index in range(rounds):
            runs["bare"].append(await measure(BARE_BOT, common, None, "dispatch-bare"))
            runs["ara"].append(await measure(ARA_BOT, {**common, **RAISED_LIMITER}, url, "dispatch-ara"))
            print(
                f"  round {index + 1}/{rounds}: bare {runs['bare'][-1]['updates_per_s']:.0f}/s, "
                f"ara {runs['ara'][-1]['updates_per_s']:.0f}/s",
                flush=True,
            )
    bare, ara = medians(runs["bare"]), medians(runs["ara"])
    per_round = [a["updates_per_s"] / b["updates_per_s"] for b, a in zip(runs["bare"], runs["ara"], strict=True)]
    figures = {
        "database": backend(database_url),
        "rounds": rounds,
        "latency_taps": LATENCY_TAPS,
        "users": USERS,
        "taps_per_user": TAPS_PER_USER,
        "bare_updates_per_s": bare["updates_per_s"],
        "ara_updates_per_s": ara["updates_per_s"],
        "throughput_ratio": statistics.median(per_round),
        "throughput_ratio_per_round": per_round,
        "bare_latency_p50_ms": bare["latency_p50_ms"],
        "ara_latency_p50_ms": ara["latency_p50_ms"],
        "bare_latency_p99_ms": bare["latency_p99_ms"],
        "ara_latency_p99_ms": ara["latency_p99_ms"],
        "bare_loaded_latency_p50_ms": bare["loaded_latency_p50_ms"],
        "ara_loaded_latency_p50_ms": ara["loaded_latency_p50_ms"],
        "bare_loaded_latency_p99_ms": bare["loaded_latency_p99_ms"],
        "ara_loaded_latency_p99_ms": ara["loaded_latency_p99_ms"],
        "bare_cpu_ms_per_update": bare["bot_cpu_ms_per_update"],
        "ara_cpu_ms_per_update": ara["bot_cpu_ms_per_update"],
        "cpu_per_update_ratio": ara["bot_cpu_ms_per_update"] / bare["bot_cpu_ms_per_update"],
        "bare_cpu_ms_per_sequential_update": bare["bot_cpu_ms_per_sequential_update"],
        "ara_cpu_ms_per_sequential_update": ara["bot_cpu_ms_per_sequential_update"],
        "bare_emulator_cpu_share": bare["emulator_cpu_share"],
        "ara_emulator_cpu_share": ara["emulator_cpu_share"],
        "bare_bot_cpu_share": bare["bot_cpu_share"],
        "ara_bot_cpu_share": ara["bot_cpu_share"],
        "bare_rss_after_load_mib": bare["rss_after_mib"],
        "ara_rss_after_load_mib": ara["rss_after_mib"],
        "errors": sum(run["errors"] for side in runs.values() for run in side),
        "runs": runs,
    }
    show("Dispatch: /menu through the whole stack vs a bare aiogram echo bot (medians)", figures)
    write_results("dispatch", figures)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.dispatch", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its tables are emptied); default: a temporary SQLite file"
    )
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.database_url, arguments.rounds))
