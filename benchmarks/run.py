"""Run every benchmark, each in its own process, then print the figures against the targets.

    .venv/bin/python -m benchmarks.run                      # everything, SQLite (about 15 minutes)
    .venv/bin/python -m benchmarks.run --recipients 1000    # a quick pass
    .venv/bin/python -m benchmarks.run --database-url postgresql+asyncpg://…/throwaway
    .venv/bin/python -m benchmarks.run --only dispatch memory
    .venv/bin/python -m benchmarks.run --commit HEAD        # the last commit, not the working tree
    .venv/bin/python -m benchmarks.run --summary            # reprint the last results

--commit exists because people edit the working tree while benchmarks run: it
measures a copy of a commit (`git archive`, read-only) with these benchmark
scripts, and records the commit in the results. This module imports nothing
from the bot, so a half-edited working tree cannot break it.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_DIR = Path(os.environ.get("ARA_BENCH_RESULTS", BENCH_DIR / "results"))  # as in benchmarks.common
SPEC = Path("shared/telegram-bot-api/api.json")  # where bot/sandbox/spec.py looks, above the repo

BENCHMARKS = ("memory", "dispatch", "photos", "questionnaires", "broadcast")  # quickest first
TIME_LIMIT_S = 3600  # per benchmark; each one also bounds its own waits


def arguments_for(name: str, arguments: argparse.Namespace) -> list[str]:
    extra = ["--database-url", arguments.database_url] if arguments.database_url else []
    if name == "broadcast":
        extra += ["--recipients", str(arguments.recipients)]
    return extra


def snapshot(revision: str) -> tuple[Path, dict[str, str]]:
    """A copy of `revision` plus the current benchmark scripts, and the environment to run it."""
    commit = subprocess.run(["git", "rev-parse", revision], cwd=REPO, capture_output=True, text=True, check=True)
    sha = commit.stdout.strip()
    archive = subprocess.run(["git", "archive", sha], cwd=REPO, capture_output=True, check=True).stdout
    folder = Path(tempfile.mkdtemp(prefix="ara-bench-src-"))
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    shutil.rmtree(folder / "benchmarks", ignore_errors=True)
    shutil.copytree(BENCH_DIR, folder / "benchmarks", ignore=shutil.ignore_patterns("results", "__pycache__"))
    env = {"ARA_BENCH_SOURCE": f"commit {sha}", "ARA_BENCH_RESULTS": str(RESULTS_DIR)}
    spec = next((d / SPEC for d in REPO.parents if (d / SPEC).is_file()), None)
    if spec and "TELEGRAM_API_SPEC" not in os.environ:
        env["TELEGRAM_API_SPEC"] = str(spec)  # the copy is not beside ../shared
    print(f"Measuring commit {sha} (copied to {folder})")
    return folder, env


def load(name: str, suffix: str) -> dict[str, Any] | None:
    path = RESULTS_DIR / f"{name}{suffix}.json"
    return json.loads(path.read_text()) if path.exists() else None


def check(value: float | None, ok: bool) -> str:
    return "—" if value is None else ("met" if ok else "MISSED")


def summary(suffix: str = "") -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) rows from the saved results ("-postgresql" ones with that suffix)."""
    rows: list[tuple[str, str, str, str]] = []
    if broadcast := load("broadcast", suffix):
        if figures := broadcast.get("steady"):
            ratio = figures["ratio_to_limit"]
            rows += [
                (f"broadcast: msg/s ({figures['recipients']} recipients)", f"{figures['messages_per_s']:.2f}", "", ""),
                ("broadcast: ratio to 30/s", f"{ratio:.3f}", "≥ 0.97", check(ratio, ratio >= 0.97)),
                ("broadcast: 429s", str(figures["rejected_429"]), "0", check(1, figures["rejected_429"] == 0)),
                ("broadcast: lost", str(figures["lost"]), "0", check(1, figures["lost"] == 0)),
                ("broadcast: duplicated", str(figures["duplicated"]), "0", check(1, figures["duplicated"] == 0)),
                ("broadcast: wall time", f"{figures['wall_s']:.0f} s", "", ""),
            ]
        if figures := broadcast.get("crash"):
            # No target was set for a crash, beyond losing nothing; the pump's concurrency bounds duplicates.
            rows += [
                (
                    "crash: msg/s first to last send (ratio)",
                    f"{figures['messages_per_s']:.2f} ({figures['ratio_to_limit']:.3f})",
                    "",
                    "",
                ),
                (
                    "crash: msg/s before kill / after restart",
                    f"{figures['messages_per_s_before_kill']:.1f} / {figures['messages_per_s_after_restart']:.1f}",
                    "",
                    "",
                ),
                ("crash: 429s", str(figures["rejected_429"]), "0", check(1, figures["rejected_429"] == 0)),
                ("crash: lost", str(figures["lost"]), "0", check(1, figures["lost"] == 0)),
                (
                    "crash: duplicated",
                    str(figures["duplicated"]),
                    "≤ 8 in flight",
                    check(1, figures["duplicated"] <= 8),
                ),
                (
                    "crash: restart gap / wall time",
                    f"{figures['restart_gap_s']:.1f} s / {figures['wall_s']:.0f} s",
                    "",
                    "",
                ),
            ]
    if dispatch := load("dispatch", suffix):
        ratio = dispatch["throughput_ratio"]
        rows += [
            ("dispatch: bare aiogram updates/s", f"{dispatch['bare_updates_per_s']:.0f}", "", ""),
            ("dispatch: ARA updates/s", f"{dispatch['ara_updates_per_s']:.0f}", "", ""),
            ("dispatch: ratio ARA / bare", f"{ratio:.3f}", "≥ 0.5", check(ratio, ratio >= 0.5)),
            (
                "dispatch: p50 / p99 bare (ms)",
                f"{dispatch['bare_latency_p50_ms']:.1f} / {dispatch['bare_latency_p99_ms']:.1f}",
                "",
                "",
            ),
            (
                "dispatch: p50 / p99 ARA (ms)",
                f"{dispatch['ara_latency_p50_ms']:.1f} / {dispatch['ara_latency_p99_ms']:.1f}",
                "",
                "",
            ),
            (
                "dispatch: CPU ms/update bare / ARA",
                f"{dispatch['bare_cpu_ms_per_update']:.2f} / {dispatch['ara_cpu_ms_per_update']:.2f}",
                "",
                "",
            ),
        ]
    if memory := load("memory", suffix):
        ratio = memory["idle_rss_ratio"]
        best_bare = min(r["startup_s"] for r in memory["bare"]["runs"])
        best_ara = min(r["startup_s"] for r in memory["ara"]["runs"])
        rows += [
            (
                "memory: idle RSS bare / ARA (MiB)",
                f"{memory['bare_idle_rss_mib']:.0f} / {memory['ara_idle_rss_mib']:.0f}",
                "",
                "",
            ),
            ("memory: ratio ARA / bare", f"{ratio:.3f}", "≤ 1.3", check(ratio, ratio <= 1.3)),
            (
                "start-up, median: bare / ARA (s)",
                f"{memory['bare_startup_s']:.2f} / {memory['ara_startup_s']:.2f}",
                "",
                "",
            ),
            ("start-up, best of runs: bare / ARA (s)", f"{best_bare:.2f} / {best_ara:.2f}", "", ""),
        ]
    if photos := load("photos", suffix):
        rows.append(
            (
                f"photos: longest loop stall ({photos['photos_relayed']} relayed)",
                f"{photos['longest_loop_stall_ms']:.0f} ms",
                "",
                "",
            )
        )
    if questionnaires := load("questionnaires", suffix):
        slowest = questionnaires["summary_slowest_s"]
        rows += [
            (
                f"questionnaires: slowest summary ({questionnaires['answers']} answers)",
                f"{slowest:.3f} s",
                "< 2 s",
                check(slowest, slowest < 2),
            ),
            (
                f"questionnaires: XLSX export ({questionnaires['export_xlsx_rows']} rows)",
                f"{questionnaires['export_xlsx_s']:.1f} s",
                "",
                "",
            ),
            (
                "questionnaires: XLSX export peak Python memory",
                f"{questionnaires['export_xlsx_peak_python_mib']:.1f} MiB",
                "bounded",
                "",
            ),
        ]
    return rows


def print_summary(suffix: str = "") -> None:
    rows = summary(suffix)
    if not rows:
        print("No results yet.")
        return
    width = max(len(row[0]) for row in rows)
    print(f"\n{'figure':<{width}}  {'value':>14}  {'target':<16} verdict")
    for figure, value, target, verdict in rows:
        print(f"{figure:<{width}}  {value:>14}  {target:<16} {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="PostgreSQL URL of a throw-away database (its tables are emptied)")
    parser.add_argument("--recipients", type=int, default=10_000, help="broadcast size (default 10000)")
    parser.add_argument("--only", nargs="+", choices=BENCHMARKS, default=list(BENCHMARKS))
    parser.add_argument("--commit", help="measure this commit (e.g. HEAD) instead of the working tree")
    parser.add_argument("--summary", action="store_true", help="only print the last saved results")
    arguments = parser.parse_args()
    failed = []
    if not arguments.summary:
        source, env = snapshot(arguments.commit) if arguments.commit else (REPO, {})
        try:
            for name in (n for n in BENCHMARKS if n in arguments.only):
                print(f"\n=== {name} ===", flush=True)
                command = [sys.executable, "-m", f"benchmarks.{name}", *arguments_for(name, arguments)]
                try:
                    done = subprocess.run(
                        command, cwd=source, env={**os.environ, **env}, timeout=TIME_LIMIT_S, check=False
                    )
                    if done.returncode:
                        failed.append(name)
                except subprocess.TimeoutExpired:
                    failed.append(name)
        finally:
            if source != REPO:
                shutil.rmtree(source, ignore_errors=True)
    print_summary("-postgresql" if arguments.database_url else "")
    if failed:
        print(f"\nFailed: {', '.join(failed)} (see benchmarks/results/*.log)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
