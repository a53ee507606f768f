"""Start-up time and idle memory: `python -m bot.cli run` against a bare aiogram bot.

Start-up is the time from spawning the process to its first getUpdates call
reaching the emulator: imports, settings, migrations check, webhook removal,
command menus, getMe, everything a restart costs before the bot can answer.
Idle memory is VmRSS (from /proc/<pid>/status) IDLE_AFTER seconds after that
first getUpdates, when the bot sits in its long poll (the real bot's pump has
run its first, empty, cycle by then). Each bot starts REPEATS times,
alternating, against a fresh emulator; the medians are reported.

The real bot uses an already migrated, empty database (a restart, not a first
install), SQLite unless --database-url is given.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from typing import Any

from benchmarks.common import (
    ARA_BOT,
    BARE_BOT,
    TimedEmulator,
    backend,
    bot_env,
    fresh_database,
    rss_kib,
    show,
    spawn,
    stop,
    write_results,
)

REPEATS = 5
IDLE_AFTER = 3.0  # seconds after the first getUpdates: start-up work is over, the bot waits
START_TIMEOUT = 60.0  # a start-up slower than this is a failure, not a figure


async def start_once(
    argv: list[str], env_settings: dict[str, Any], database_url: str | None, log: str
) -> dict[str, float]:
    emulator = TimedEmulator()
    await emulator.start()
    try:
        env = bot_env(emulator, database_url, **env_settings)
        started = time.monotonic()
        process = await spawn(argv, env, log)
        try:
            await emulator.wait_for_call("getUpdates", timeout=START_TIMEOUT, since=0)
            startup = time.monotonic() - started
            await asyncio.sleep(IDLE_AFTER)
            if process.returncode is not None:
                raise RuntimeError(f"{log} exited with status {process.returncode}")
            return {
                "startup_s": startup,
                "rss_mib": rss_kib(process.pid) / 1024,
                "peak_rss_mib": rss_kib(process.pid, "VmHWM") / 1024,
            }
        finally:
            await stop(process)
    finally:
        await emulator.stop()


def summary(runs: list[dict[str, float]]) -> dict[str, Any]:
    return {
        "startup_s_median": statistics.median(r["startup_s"] for r in runs),
        "startup_s_min": min(r["startup_s"] for r in runs),  # least disturbed by other work on the machine
        "idle_rss_mib_median": statistics.median(r["rss_mib"] for r in runs),
        "peak_rss_mib_median": statistics.median(r["peak_rss_mib"] for r in runs),
        "runs": runs,
    }


async def main(database_url: str | None, repeats: int) -> dict[str, Any]:
    common = {"log_level": "WARNING"}  # same for both: the figures are about the code, not its logs
    runs: dict[str, list[dict[str, float]]] = {"bare": [], "ara": []}
    async with fresh_database(database_url) as url:
        for index in range(repeats):
            runs["bare"].append(await start_once(BARE_BOT, common, None, "memory-bare"))
            runs["ara"].append(await start_once(ARA_BOT, common, url, "memory-ara"))
            print(f"  run {index + 1}/{repeats}: bare {runs['bare'][-1]}, ara {runs['ara'][-1]}", flush=True)
    bare, ara = summary(runs["bare"]), summary(runs["ara"])
    figures = {
        "database": backend(database_url),
        "repeats": repeats,
        "idle_after_s": IDLE_AFTER,
        "bare_startup_s": bare["startup_s_median"],
        "ara_startup_s": ara["startup_s_median"],
        "startup_ratio": ara["startup_s_median"] / bare["startup_s_median"],
        "bare_startup_s_min": bare["startup_s_min"],
        "ara_startup_s_min": ara["startup_s_min"],
        "bare_idle_rss_mib": bare["idle_rss_mib_median"],
        "ara_idle_rss_mib": ara["idle_rss_mib_median"],
        "idle_rss_ratio": ara["idle_rss_mib_median"] / bare["idle_rss_mib_median"],
        "bare_peak_rss_mib": bare["peak_rss_mib_median"],
        "ara_peak_rss_mib": ara["peak_rss_mib_median"],
        "bare": bare,
        "ara": ara,
    }
    show("Start-up and idle memory (medians)", figures)
    write_results("memory", figures)
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.memory", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", help="PostgreSQL URL (its tables are emptied); default: a temporary SQLite file"
    )
    parser.add_argument("--repeats", type=int, default=REPEATS)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.database_url, arguments.repeats))
