"""Questionnaire reports on a large programme: 10,000 households, 200,000 answers.

    .venv/bin/python -m benchmarks.questionnaires [--households 10000] [--database-url postgresql+asyncpg://…]

Seeds, in bulk, 10,000 households with one tenant each and, per household, two
after-visit questionnaires, one after-workshop, one closing review (anonymous)
and one 3-month follow-up, all answered: 50,000 assignments and 200,000 answers.
Then measures what a coordinator waits for:

- **summary**: `questionnaire_reports.summary` (counts, averages, distributions) for
  each questionnaire, every period and one site; the slowest is the figure (target < 2 s);
- **export**: the largest questionnaire's answers streamed to an XLSX file and to a CSV
  file; time, file size, and peak Python memory while writing (tracemalloc, in a second
  pass, as tracing slows the run down) and the process's peak RSS growth during the export
  (VmHWM, reset before it through /proc/self/clear_refs);
- **bilan**: the programme report's figures for 12 months.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl  # noqa: F401 (imported before measuring: loading the module is not the export's memory)
from sqlalchemy import insert, text

from benchmarks.common import backend, fresh_database, rss_kib, show, write_results
from bot.db import create_engine, create_sessionmaker
from bot.models import (
    Household,
    Person,
    Phase,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Role,
)
from bot.services import questionnaire_reports as reports
from bot.services.content import default_content_root, load_library

PARIS = ZoneInfo("Europe/Paris")
READER = Person(telegram_id=0, name="Benchmark", role=Role.coordinator)  # the reports check who reads
PLAN = (("after_visit", 2), ("after_workshop", 1), ("closing", 1), ("followup_3m", 1))
SITES = ("Encagnane", "Jas de Bouffan", "Corsy", "Beisson", "Pinette", "Saint-Eutrope")
BATCH = 5000


def _answers_for(questionnaire, rng: random.Random) -> list[tuple[str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    answers = []
    for question in questionnaire.questions:
        if question.kind == "scale":
            answers.append((question.id, str(rng.choice("1234555544")), None))
        elif question.kind == "yes_no":
            answers.append((question.id, rng.choice(("yes", "yes", "no")), None))
        elif question.kind == "single":
            answers.append((question.id, rng.choice(question.choices).key, None))
        elif question.kind == "multiple":
            keys = sorted({rng.choice(question.choices).key for _ in range(2)})
            answers.append((question.id, ",".join(keys), None))
        else:
            answers.append((question.id, None, rng.choice(("Très bien, merci", "Plus d'ateliers le samedi", "RAS"))))
    return answers


async def seed(sessionmaker, library, households: int, now: datetime) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    rng = random.Random(7)
    async with sessionmaker() as session:
        rows = [
            {
                "reference": f"B-{n:06d}",
                "site": SITES[n % len(SITES)],
                "priority_neighbourhood": n % 4 != 0,
                "phase": list(Phase)[n % 4],
                "created_at": now,
            }
            for n in range(households)
        ]
        for start in range(0, len(rows), BATCH):
            await session.execute(insert(Household), rows[start : start + BATCH])
        people = [
            {
                "telegram_id": 10**9 + n,
                "name": f"T{n}",
                "role": Role.tenant,
                "locale": "fr",
                "household_id": n + 1,
                "consent_at": now,
                "consent_version": 1,
                "active": True,
                "created_at": now,
            }
            for n in range(households)
        ]
        for start in range(0, len(people), BATCH):
            await session.execute(insert(Person), people[start : start + BATCH])
        assignments, answers = [], []
        assignment_id = 0
        for household in range(1, households + 1):
            for questionnaire_id, count in PLAN:
                questionnaire = library.questionnaires.get(questionnaire_id, "fr")
                for copy in range(count):
                    assignment_id += 1
                    due = now - timedelta(days=rng.randrange(1, 700))
                    assignments.append(
                        {
                            "id": assignment_id,
                            "questionnaire_id": questionnaire_id,
                            "person_id": household,
                            "household_id": household,
                            "trigger_key": f"bench:{household}:{questionnaire_id}:{copy}",
                            "anonymous": questionnaire.anonymous,
                            "due_at": due,
                            "started_at": due,
                            "completed_at": due,
                            "position": len(questionnaire.questions),
                            "created_at": due,
                        }
                    )
                    for question_id, value, written in _answers_for(questionnaire, rng):
                        if questionnaire_id == "followup_3m" and question_id == "comment":
                            continue  # optional, left out: 20 answers per household in all
                        answers.append(
                            {
                                "assignment_id": assignment_id,
                                "question_id": question_id,
                                "value": value,
                                "text": written,
                                "answered_at": due,
                            }
                        )
        for start in range(0, len(assignments), BATCH):
            await session.execute(insert(QuestionnaireAssignment), assignments[start : start + BATCH])
        for start in range(0, len(answers), BATCH):
            await session.execute(insert(QuestionnaireAnswer), answers[start : start + BATCH])
        await session.commit()
        if session.bind.dialect.name == "postgresql":
            await session.execute(text("ANALYZE"))
            await session.execute(text(f"SELECT setval('questionnaire_assignment_id_seq', {assignment_id})"))
            await session.commit()
        return len(assignments), len(answers)


def _reset_peak_rss() -> int:
    """Reset the process's peak RSS (Linux: "5" > /proc/self/clear_refs) and return the current RSS in KiB,
    so the export's own peak shows, not the seeding's."""
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    return rss_kib(os.getpid(), "VmRSS")


WORDS = reports.ExportWords(
    headers=["Répondant", "Ménage", "Site", "Question", "Réponse", "Réponse écrite", "Répondu le"],
    yes="Oui",
    no="Non",
    skipped="(question passée)",
)


STALLS: list[float] = []


async def _longest_stall() -> None:
    """Sleep 10 ms again and again; record the longest time the event loop took to wake us."""
    longest = 0.0
    while True:
        before = time.perf_counter()
        await asyncio.sleep(0.01)
        longest = max(longest, time.perf_counter() - before - 0.01)
        STALLS[:] = [longest]


async def _export(sessionmaker, questionnaire, kind: str, path: Path, now: datetime) -> int:  # type: ignore[no-untyped-def]
    async with sessionmaker() as session:
        rows = reports.export_rows(session, questionnaire, reports.Filters(), WORDS, reader=READER, now=now, tz=PARIS)
        if kind == "xlsx":
            return await reports.write_xlsx(path, questionnaire.title, WORDS.headers, rows)
        return await reports.write_csv(path, WORDS.headers, rows)


async def run(database_url: str | None, households: int) -> dict:  # type: ignore[type-arg]
    library = load_library(default_content_root())
    now = datetime.now(UTC)
    figures: dict = {"database": backend(database_url), "households": households}  # type: ignore[type-arg]
    async with fresh_database(database_url) as url:
        engine = create_engine(url)
        sessionmaker = create_sessionmaker(engine)
        started = time.perf_counter()
        figures["assignments"], figures["answers"] = await seed(sessionmaker, library, households, now)
        figures["seed_s"] = time.perf_counter() - started
        timings = {}
        for questionnaire_id in library.questionnaires.ids():
            questionnaire = library.questionnaires.get(questionnaire_id, "fr")
            for label, filters in (
                ("all", reports.Filters()),
                ("12m", reports.Filters(reports.Period.year)),
                ("site", reports.Filters(site=SITES[0])),
            ):
                async with sessionmaker() as session:
                    started = time.perf_counter()
                    summary = await reports.summary(session, questionnaire, filters, reader=READER, now=now)
                    timings[f"{questionnaire_id}/{label}"] = time.perf_counter() - started
                    assert summary.sent > 0
        figures["summary_s"] = timings
        figures["summary_slowest_s"] = max(timings.values())
        figures["summary_slowest"] = max(timings, key=timings.__getitem__)
        largest = library.questionnaires.get("closing", "fr")  # 7 questions × 10,000: the most rows
        with tempfile.TemporaryDirectory(prefix="ara-bench-export-") as folder:
            for kind in ("xlsx", "csv"):
                path = Path(folder) / f"export.{kind}"
                rss_before = _reset_peak_rss()
                ticker = asyncio.create_task(_longest_stall())
                started = time.perf_counter()
                count = await _export(sessionmaker, largest, kind, path, now)
                figures[f"export_{kind}_s"] = time.perf_counter() - started
                ticker.cancel()
                # How long other people's updates could wait behind the export (a 10 ms ticker's worst gap).
                figures[f"export_{kind}_longest_loop_stall_ms"] = STALLS[-1] * 1000 if STALLS else 0.0
                STALLS.clear()
                figures[f"export_{kind}_rows"] = count
                figures[f"export_{kind}_mib"] = path.stat().st_size / 2**20
                figures[f"export_{kind}_rss_peak_growth_mib"] = (rss_kib(os.getpid(), "VmHWM") - rss_before) / 1024
                tracemalloc.start()
                await _export(sessionmaker, largest, kind, path, now)
                figures[f"export_{kind}_peak_python_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
                tracemalloc.stop()
        async with sessionmaker() as session:
            started = time.perf_counter()
            report = await reports.programme_report(
                session, library.questionnaires, "fr", reports.Period.year, reader=READER, now=now
            )
            figures["bilan_s"] = time.perf_counter() - started
            figures["bilan_went_on_percent"] = report.went_on_share
        await engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.questionnaires",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--database-url", help="PostgreSQL URL of a throw-away database (its tables are emptied)")
    parser.add_argument("--households", type=int, default=10_000)
    arguments = parser.parse_args()
    figures = asyncio.run(run(arguments.database_url, arguments.households))
    show("questionnaire reports", figures)
    for name, seconds in figures["summary_s"].items():
        print(f"  summary {name:<32} {seconds:.3f} s")
    write_results("questionnaires", figures)


if __name__ == "__main__":
    main()
