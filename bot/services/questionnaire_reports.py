"""What coordinators read: per-questionnaire summaries, answer exports, the programme report ("Bilan").

Summaries are a few grouped queries (counts per question and answer), so they
stay fast on hundreds of thousands of answers (benchmarks/questionnaires.py).
Exports stream rows from the database (`yield_per`) into a write-only
spreadsheet or a CSV file on disk: memory stays bounded whatever the size.

Anonymous questionnaires are never split by site or animator (small groups
would identify people) and their exports carry neither a respondent, a
household nor a day: only the question, the answer and the month.

Only coordinators and administrators read any of it: every reading function
takes the reader and refuses anyone else (`ReportRefused`).
"""

from __future__ import annotations

import asyncio
import csv
import enum
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy
from sqlalchemy import and_, func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    ContentEvent,
    ContentEventKind,
    Household,
    Person,
    Phase,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Role,
    Rsvp,
    RsvpAnswer,
    Workshop,
    WorkshopStatus,
)
from bot.services import cells, partner_figures, worksite_kit
from bot.services.content.questionnaires import (
    Question,
    Questionnaire,
    QuestionnaireSet,
    possible_values,
)
from bot.services.partner_figures import PartnerFigures
from bot.services.refusals import Refused
from bot.services.worksite import figures as worksite_figures
from bot.services.worksite.figures import BilanFigures

LATEST_TEXTS = 10
STREAM_BATCH = 2000


class Period(str, enum.Enum):
    month = "30d"
    quarter = "3m"
    year = "12m"
    all = "all"


PERIOD_DAYS = {Period.month: 30, Period.quarter: 91, Period.year: 365, Period.all: None}


def since(period: Period, now: datetime) -> datetime | None:
    days = PERIOD_DAYS[period]
    return now - timedelta(days=days) if days is not None else None


class ReportRefusal(str, enum.Enum):
    not_a_manager = "not_a_manager"  # only coordinators and administrators read the replies
    unknown_questionnaire = "unknown_questionnaire"
    unknown_site = "unknown_site"
    unknown_animator = "unknown_animator"


class ReportRefused(Refused[ReportRefusal]):
    """Nothing was read or recorded, for `reason`."""


def check_reader(reader: Person) -> None:
    if not reader.role.manages_programme:
        raise ReportRefused(ReportRefusal.not_a_manager)


@dataclass(frozen=True)
class Filters:
    period: Period = Period.all
    site: str | None = None
    animator_id: int | None = None

    def split(self) -> bool:
        return self.site is not None or self.animator_id is not None


@dataclass(frozen=True)
class Scope:
    """What a reader asked to see, checked against the content and the database."""

    questionnaire: Questionnaire
    filters: Filters
    sites: list[str]  # every site, in the order the site buttons number them
    animators: dict[int, str]  # every active animator: id → name


@dataclass(frozen=True)
class Asked:
    """What a report button asks for: `questionnaire` and `site` are positions in the sorted
    lists (-1: every site), `animator` a person id (0: every animator)."""

    questionnaire: int
    period: Period = Period.all
    site: int = -1
    animator: int = 0


async def scope(session: AsyncSession, reader: Person, questionnaires: QuestionnaireSet, asked: Asked) -> Scope:
    """The scope a button asks for, checked (callback data can be forged)."""
    check_reader(reader)
    questionnaire, period, site, animator = asked.questionnaire, asked.period, asked.site, asked.animator
    ids = questionnaires.ids()
    found = questionnaires.get(ids[questionnaire], reader.locale) if 0 <= questionnaire < len(ids) else None
    if found is None:
        raise ReportRefused(ReportRefusal.unknown_questionnaire)
    all_sites = await sites(session)
    names = {person.id: person.name for person in await animators(session)}
    if site != -1 and not 0 <= site < len(all_sites):
        raise ReportRefused(ReportRefusal.unknown_site)
    if animator != 0 and animator not in names:
        raise ReportRefused(ReportRefusal.unknown_animator)
    filters = Filters(period, all_sites[site] if site != -1 else None, animator or None)
    return Scope(found, filters, all_sites, names)


def _assignments(questionnaire: Questionnaire, filters: Filters, now: datetime) -> Any:
    """The WHERE clause of the assignments a summary or an export covers."""
    conditions = [
        col(QuestionnaireAssignment.questionnaire_id) == questionnaire.id,
        col(QuestionnaireAssignment.due_at) <= now,
    ]
    start = since(filters.period, now)
    if start is not None:
        conditions.append(col(QuestionnaireAssignment.due_at) >= start)
    if not questionnaire.anonymous:
        if filters.site is not None:
            conditions.append(col(Household.site) == filters.site)
        if filters.animator_id is not None:
            conditions.append(col(Household.animator_id) == filters.animator_id)
    return and_(*conditions)


def _needs_household(questionnaire: Questionnaire, filters: Filters) -> bool:
    return filters.split() and not questionnaire.anonymous


@dataclass
class QuestionStats:
    question: Question
    counts: dict[str, int] = field(default_factory=dict)  # answer key → count (a choice, a score, yes/no)
    answered: int = 0  # answers that are not "skipped" (multiple choice: people, not ticks)
    skipped: int = 0

    @property
    def average(self) -> float | None:
        if self.question.kind != "scale" or not self.counts:
            return None
        return sum(int(score) * count for score, count in self.counts.items()) / sum(self.counts.values())

    def share(self, key: str) -> float | None:
        """Share (0–100) of answers that are `key`; for multiple choice, of respondents who ticked it."""
        total = self.answered
        return 100 * self.counts.get(key, 0) / total if total else None


@dataclass
class Summary:
    questionnaire: Questionnaire
    filters: Filters
    sent: int
    started: int
    answered: int
    stats: list[QuestionStats]
    not_split: bool  # an anonymous questionnaire asked by site or animator: shown whole

    @property
    def response_rate(self) -> float | None:
        return 100 * self.answered / self.sent if self.sent else None


async def summary(
    session: AsyncSession, questionnaire: Questionnaire, filters: Filters, *, reader: Person, now: datetime
) -> Summary:
    check_reader(reader)
    where = _assignments(questionnaire, filters, now)
    joined = _needs_household(questionnaire, filters)

    def base(query: Any) -> Any:
        if joined:
            query = query.join(Household, col(Household.id) == col(QuestionnaireAssignment.household_id))
        return query.where(where)

    counted = await session.exec(
        base(
            select(
                func.count(),
                func.count(col(QuestionnaireAssignment.started_at)),
                func.count(col(QuestionnaireAssignment.completed_at)),
            ).select_from(QuestionnaireAssignment)
        )
    )
    sent, started, answered = counted.one()
    grouped = await session.exec(
        base(
            select(QuestionnaireAnswer.question_id, QuestionnaireAnswer.value, func.count())
            .select_from(QuestionnaireAnswer)
            .join(QuestionnaireAssignment, col(QuestionnaireAssignment.id) == col(QuestionnaireAnswer.assignment_id))
        ).group_by(col(QuestionnaireAnswer.question_id), col(QuestionnaireAnswer.value))
    )
    stats = {q.id: QuestionStats(q) for q in questionnaire.questions}
    for question_id, value, count in grouped.all():
        entry = stats.get(question_id)
        if entry is None:
            continue  # a question removed from the file since
        if value is None:
            entry.skipped += count
            continue
        keys = value.split(",") if entry.question.kind == "multiple" else [value]
        entry.answered += count
        for key in keys:
            if key in possible_values(entry.question):
                entry.counts[key] = entry.counts.get(key, 0) + count
    return Summary(
        questionnaire,
        filters,
        sent,
        started,
        answered,
        list(stats.values()),
        not_split=questionnaire.anonymous and filters.split(),
    )


@dataclass(frozen=True)
class FreeText:
    question_label: str
    text: str
    answered_at: datetime
    reference: str | None  # None for anonymous questionnaires


async def latest_texts(
    session: AsyncSession,
    questionnaire: Questionnaire,
    filters: Filters,
    *,
    reader: Person,
    now: datetime,
    limit: int = LATEST_TEXTS,
) -> list[FreeText]:
    check_reader(reader)
    query = (
        select(
            QuestionnaireAnswer.question_id,
            QuestionnaireAnswer.text,
            QuestionnaireAnswer.answered_at,
            Household.reference,
        )
        .select_from(QuestionnaireAnswer)
        .join(QuestionnaireAssignment, col(QuestionnaireAssignment.id) == col(QuestionnaireAnswer.assignment_id))
        .outerjoin(Household, col(Household.id) == col(QuestionnaireAssignment.household_id))
        .where(_assignments(questionnaire, filters, now), col(QuestionnaireAnswer.text).is_not(None))
        .order_by(col(QuestionnaireAnswer.answered_at).desc(), col(QuestionnaireAnswer.id).desc())
        .limit(limit)
    )
    found = []
    for question_id, text, answered_at, reference in (await session.exec(query)).all():
        question = questionnaire.question(question_id)
        found.append(
            FreeText(
                question.label if question else question_id,
                text or "",  # never None: the query keeps written answers only
                answered_at,
                None if questionnaire.anonymous else reference,
            )
        )
    return found


# --- exports -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportWords:
    """The coordinator's words for the headers and answers (services do not translate)."""

    headers: list[str]  # respondent, household, site, question, answer, free text, answered
    yes: str
    no: str
    skipped: str


def answer_words(question: Question, value: str | None, words: ExportWords) -> str | int:
    """The answer as the export writes it: a score is a number (a numeric cell in XLSX)."""
    if value is None:
        return "" if question.kind == "text" else words.skipped
    if question.kind == "yes_no":
        return words.yes if value == "yes" else words.no
    if question.kind == "scale":
        return int(value)
    return ", ".join(question.choice_label(key) for key in value.split(","))


def export_rows(
    session: AsyncSession,
    questionnaire: Questionnaire,
    filters: Filters,
    words: ExportWords,
    *,
    reader: Person,
    now: datetime,
    tz: ZoneInfo,
) -> AsyncIterator[list[Any]]:
    """One row per answer with the question's text, streamed from the database in batches.

    The reader is checked at once, before any row is read or any file written."""
    check_reader(reader)
    return _export_rows(session, questionnaire, filters, words, now=now, tz=tz)


async def _export_rows(
    session: AsyncSession,
    questionnaire: Questionnaire,
    filters: Filters,
    words: ExportWords,
    *,
    now: datetime,
    tz: ZoneInfo,
) -> AsyncIterator[list[Any]]:
    # SQLAlchemy's select: SQLModel's typed overloads stop at four columns.
    query = (
        sqlalchemy.select(
            col(QuestionnaireAnswer.question_id),
            col(QuestionnaireAnswer.value),
            col(QuestionnaireAnswer.text),
            col(QuestionnaireAnswer.answered_at),
            col(QuestionnaireAssignment.id),
            col(Household.reference),
            col(Household.site),
        )
        .select_from(QuestionnaireAnswer)
        .join(QuestionnaireAssignment, col(QuestionnaireAssignment.id) == col(QuestionnaireAnswer.assignment_id))
        .outerjoin(Household, col(Household.id) == col(QuestionnaireAssignment.household_id))
        .where(_assignments(questionnaire, filters, now))
        .execution_options(yield_per=STREAM_BATCH)
    )
    if questionnaire.anonymous:
        # Question by question: the order of rows must not rebuild one person's answers.
        query = query.order_by(
            col(QuestionnaireAnswer.question_id), col(QuestionnaireAnswer.value), col(QuestionnaireAnswer.id)
        )
    else:
        query = query.order_by(col(QuestionnaireAssignment.id), col(QuestionnaireAnswer.id))
    result = await session.stream(query)
    async for question_id, value, text, answered_at, assignment_id, reference, site in result:
        question = questionnaire.question(question_id)
        if question is None:
            continue
        local = answered_at.astimezone(tz)
        if questionnaire.anonymous:
            yield ["", "", "", question.text, answer_words(question, value, words), text or "", local.strftime("%Y-%m")]
        else:
            yield [
                assignment_id,
                reference or "",
                site or "",
                question.text,
                answer_words(question, value, words),
                text or "",
                local.strftime("%Y-%m-%d %H:%M"),
            ]


async def write_xlsx(path: Path, title: str, headers: list[str], rows: AsyncIterator[list[Any]]) -> int:
    """Stream rows into a write-only workbook (openpyxl keeps only the current row in memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title(title))
    sheet.append(cells.xlsx_row(sheet, headers))
    count = 0
    # openpyxl's cell conversion is the export's CPU cost: it runs in a worker thread, a chunk at
    # a time, so the bot goes on answering other people meanwhile (memory stays one chunk).
    async for chunk in _chunks(rows):
        await asyncio.to_thread(_append_rows, sheet, chunk)
        count += len(chunk)
    await asyncio.to_thread(workbook.save, path)
    return count


EXPORT_CHUNK = 500


async def _chunks(rows: AsyncIterator[list[Any]], size: int = EXPORT_CHUNK) -> AsyncIterator[list[list[Any]]]:
    chunk: list[list[Any]] = []
    async for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _append_rows(sheet: Any, rows: list[list[Any]]) -> None:
    for row in rows:
        sheet.append(cells.xlsx_row(sheet, row))  # a written answer is shown, never run


async def write_csv(path: Path, headers: list[str], rows: AsyncIterator[list[Any]]) -> int:
    count = 0
    # utf-8-sig: Excel opens it with the accents and Arabic right.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(cells.csv_row(headers))
        async for chunk in _chunks(rows):
            await asyncio.to_thread(writer.writerows, [cells.csv_row(row) for row in chunk])
            count += len(chunk)
    return count


def sheet_title(title: str) -> str:
    """A sheet name Excel accepts, read as the words were: a forbidden character becomes a space,
    spaces are not doubled, and a name cut at 31 characters is cut at a word."""
    cleaned = " ".join("".join(" " if char in "[]:*?/\\" else char for char in title).split()).strip("'")
    if len(cleaned) > 31:
        cut = cleaned[:31]
        cleaned = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return cleaned or "Sheet"


# --- the programme report ("Bilan") -------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """`part` of `base` (the n a funder reads beside the share); no share at all when base is 0."""

    part: int
    base: int

    @property
    def percent(self) -> float | None:
        return 100 * self.part / self.base if self.base else None


@dataclass(frozen=True)
class Average:
    """An average score out of 5 over `count` answers; None when nobody answered."""

    label: str
    value: float | None
    count: int


@dataclass
class ProgrammeReport:
    start: datetime | None
    end: datetime
    phases: dict[Phase, int]
    priority: Share  # households in priority neighbourhoods, of all households
    visits: dict[str, int] | None  # done, missed, cancelled; None until visits exist
    workshops_held: int
    registered: int
    attended: int
    tutorials_finished: int
    questionnaires: list[tuple[str, Share]]  # title, answered of sent
    impact: list[Average]  # the closing questionnaire's scores
    went_on: Share  # households who did works on their own, of the households who answered
    worksite: BilanFigures | None = None  # contracts signed, items done, hours of works sessions
    worksite_kit: worksite_kit.BilanFigures | None = None  # mutual help, tools lent, energy kits
    partners: PartnerFigures | None = None  # people reached, referrals, visit hours (issue 18)

    @property
    def households(self) -> int:
        return sum(self.phases.values())

    @property
    def priority_share(self) -> float | None:
        return self.priority.percent

    @property
    def went_on_share(self) -> float | None:
        return self.went_on.percent


IMPACT_QUESTIONNAIRE = "closing"
# The day a loan is late is the programme's local day (settings.tz; the Bilan passes it).
PROGRAMME_ZONE = ZoneInfo("Europe/Paris")
WENT_ON = ("followup_3m", "other_works")


async def programme_report(
    session: AsyncSession,
    questionnaires: QuestionnaireSet,
    locale: str,
    period: Period,
    *,
    reader: Person,
    now: datetime,
    tz: ZoneInfo = PROGRAMME_ZONE,
) -> ProgrammeReport:
    check_reader(reader)
    start = since(period, now)
    phase_rows = await session.exec(
        select(Household.phase, func.count())
        .where(col(Household.anonymised_at).is_(None))
        .group_by(col(Household.phase))
    )
    phases = {phase: 0 for phase in Phase}
    for phase, count in phase_rows.all():
        phases[Phase(phase)] = count
    priority = (
        await session.exec(
            select(func.count())
            .select_from(Household)
            .where(col(Household.priority_neighbourhood).is_(True), col(Household.anonymised_at).is_(None))
        )
    ).one()

    def window(column: Any) -> list[Any]:
        conditions = [column <= now]
        if start is not None:
            conditions.append(column >= start)
        return conditions

    held = select(Workshop.id).where(col(Workshop.status) == WorkshopStatus.scheduled, *window(col(Workshop.starts_at)))
    workshops_held = (await session.exec(select(func.count()).select_from(held.subquery()))).one()
    registered = (
        await session.exec(
            select(func.count())
            .select_from(Rsvp)
            .where(col(Rsvp.workshop_id).in_(held), col(Rsvp.answer) == RsvpAnswer.yes)
        )
    ).one()
    attended = (
        await session.exec(
            select(func.count()).select_from(Rsvp).where(col(Rsvp.workshop_id).in_(held), col(Rsvp.attended).is_(True))
        )
    ).one()
    finished = (
        await session.exec(
            select(func.count())
            .select_from(ContentEvent)
            .where(col(ContentEvent.kind) == ContentEventKind.finished, *window(col(ContentEvent.at)))
        )
    ).one()
    rates = []
    impact: list[Average] = []
    went_on = Share(0, 0)
    for questionnaire_id in questionnaires.ids():
        questionnaire = questionnaires.get(questionnaire_id, locale)
        if questionnaire is None:
            continue
        found = await summary(session, questionnaire, Filters(period), reader=reader, now=now)
        rates.append((questionnaire.title, Share(found.answered, found.sent)))
        if questionnaire_id == IMPACT_QUESTIONNAIRE:
            impact = [
                Average(s.question.label, s.average, s.answered) for s in found.stats if s.question.kind == "scale"
            ]
        if questionnaire_id == WENT_ON[0]:
            went_on = await _households_went_on(session, questionnaire, Filters(period), now)
    return ProgrammeReport(
        start,
        now,
        phases,
        Share(priority, sum(phases.values())),
        await _visits(session, start, now),
        workshops_held,
        registered,
        attended,
        finished,
        rates,
        impact,
        went_on,
        await worksite_figures.bilan_figures(session, start, now),
        await worksite_kit.bilan_figures(session, start=start, now=now, tz=tz),
        await partner_figures.figures(session, start, now),
    )


async def _households_went_on(
    session: AsyncSession, questionnaire: Questionnaire, filters: Filters, now: datetime
) -> Share:
    """Households (not respondents: funders ask for "30 % of households") that went on with works
    on their own: a household counts once, as yes if any of its tenants answered yes."""
    answered = and_(
        _assignments(questionnaire, filters, now),
        col(QuestionnaireAnswer.question_id) == WENT_ON[1],
        col(QuestionnaireAnswer.value).is_not(None),
        col(QuestionnaireAssignment.household_id).is_not(None),
    )
    said_yes = sqlalchemy.case((col(QuestionnaireAnswer.value) == "yes", col(QuestionnaireAssignment.household_id)))
    row = await session.exec(
        select(
            func.count(sqlalchemy.distinct(col(QuestionnaireAssignment.household_id))),
            func.count(sqlalchemy.distinct(said_yes)),
        )
        .select_from(QuestionnaireAnswer)
        .join(QuestionnaireAssignment, col(QuestionnaireAssignment.id) == col(QuestionnaireAnswer.assignment_id))
        .where(answered)
    )
    households, yes = row.one()
    return Share(yes, households)


async def _visits(session: AsyncSession, start: datetime | None, now: datetime) -> dict[str, int] | None:
    """Visits by outcome in the period, once the visits feature exists (bot.models.Visit)."""
    from bot import models

    visit = getattr(models, "Visit", None)
    if visit is None:
        return None
    conditions = [col(visit.starts_at) <= now]
    if start is not None:
        conditions.append(col(visit.starts_at) >= start)
    rows = await session.exec(select(visit.status, func.count()).where(*conditions).group_by(col(visit.status)))
    return {getattr(status, "value", str(status)): count for status, count in rows.all()}


async def sites(session: AsyncSession) -> list[str]:
    rows = await session.exec(select(Household.site).distinct().order_by(col(Household.site)))
    return list(rows.all())


async def animators(session: AsyncSession) -> list[Person]:
    rows = await session.exec(
        select(Person).where(col(Person.role) == Role.animator, col(Person.active).is_(True)).order_by(col(Person.name))
    )
    return list(rows.all())


class Base(str, enum.Enum):
    """What the n beside a share or an average counts."""

    households = "households"
    answers = "answers"
    sent = "sent"  # questionnaires sent
    visits = "visits"  # tripartite visits done


class Kind(str, enum.Enum):
    number = "number"
    percent = "percent"  # `value` is a share 0–100
    average = "average"  # `value` is an average out of 5


@dataclass(frozen=True)
class ReportRow:
    """One line of the Bilan: `value` None means no data (never shown as 0), `n` its base."""

    label: str
    value: float | None
    kind: Kind = Kind.number
    n: int | None = None
    base: Base | None = None


def report_rows(
    report: ProgrammeReport, labels: Mapping[str, str], phase_names: Mapping[Phase, str]
) -> list[ReportRow]:
    """The Bilan's lines, in the coordinator's words."""
    rows = [ReportRow(labels["households"], report.households)]
    rows += [ReportRow(phase_names[phase], count) for phase, count in report.phases.items()]
    rows.append(
        ReportRow(labels["priority"], report.priority.percent, Kind.percent, report.priority.base, Base.households)
    )
    if report.visits is not None:
        rows += [
            ReportRow(labels["visits_done"], report.visits.get("done", 0)),
            ReportRow(labels["visits_missed"], report.visits.get("missed", 0)),
        ]
    rows += [
        ReportRow(labels["workshops_held"], report.workshops_held),
        ReportRow(labels["registered"], report.registered),
        ReportRow(labels["attended"], report.attended),
        ReportRow(labels["tutorials_finished"], report.tutorials_finished),
    ]
    for title, share in report.questionnaires:
        rows.append(
            ReportRow(labels["response_rate"].format(title=title), share.percent, Kind.percent, share.base, Base.sent)
        )
    for average in report.impact:
        rows.append(
            ReportRow(
                labels["impact"].format(label=average.label), average.value, Kind.average, average.count, Base.answers
            )
        )
    rows.append(
        ReportRow(labels["went_on"], report.went_on.percent, Kind.percent, report.went_on.base, Base.households)
    )
    if report.worksite is not None:
        rows += [ReportRow(label, value) for label, value in worksite_figures.bilan_rows(report.worksite, labels)]
    if report.worksite_kit is not None:
        rows += _worksite_kit_rows(report.worksite_kit, labels)
    if report.partners is not None:
        rows += partner_rows(report.partners, labels)
    return rows


def _worksite_kit_rows(figures: worksite_kit.BilanFigures, labels: Mapping[str, str]) -> list[ReportRow]:
    """Mutual help, tools lent and energy kits (bot/services/worksite_kit.py)."""
    kit = figures.kit
    rows = [
        ReportRow(labels["help_hours"], round(figures.help.minutes / 60, 1)),
        ReportRow(labels["help_offers"], figures.help.offers),
        ReportRow(labels["tools_lent"], figures.tools.loans),
        ReportRow(labels["tools_out"], figures.tools.out),
        ReportRow(labels["tools_overdue"], figures.tools.overdue),
        ReportRow(labels["kit_items"], kit.items),
        ReportRow(labels["kit_households"], kit.households),
    ]
    if kit.savings.estimated:
        rows += [
            ReportRow(labels["kit_water"], round(kit.savings.water_m3, 1)),
            ReportRow(labels["kit_kwh"], round(kit.savings.kwh, 1)),
            ReportRow(labels["kit_euros"], round(kit.savings.euros, 1)),
        ]
    return rows


def partner_rows(found: PartnerFigures, labels: Mapping[str, str]) -> list[ReportRow]:
    """People reached, the households' situations, referrals per organisation, visit hours and
    referents present (bot/services/partner_figures.py)."""

    def share(part: int, base: int, base_kind: Base = Base.households) -> tuple[float | None, Kind, int, Base]:
        return Share(part, base).percent, Kind.percent, base, base_kind

    rows = [
        ReportRow(labels["people_reached"], found.people),
        ReportRow(labels["adult_women"], found.adults_women),
        ReportRow(labels["adult_men"], found.adults_men),
        ReportRow(labels["children"], found.children),
        ReportRow(labels["minimum_income"], *share(found.minimum_income, found.households)),
        ReportRow(labels["single_parent"], *share(found.single_parent, found.households)),
        ReportRow(labels["newcomers"], *share(found.newcomer, found.households)),
    ]
    for organisation in found.referrals:
        name = organisation.organisation
        rows += [
            ReportRow(labels["referrals_received"].format(organisation=name), organisation.received),
            ReportRow(labels["referrals_accepted"].format(organisation=name), organisation.accepted),
            ReportRow(labels["referrals_declined"].format(organisation=name), organisation.declined),
        ]
    rows.append(ReportRow(labels["visit_hours"], round(found.visit_hours, 1)))
    rows.append(
        ReportRow(labels["referent_present"], *share(found.referent_present, found.tripartite_done, Base.visits))
    )
    return rows


@dataclass(frozen=True)
class ReportWords:
    """The coordinator's words for the Bilan's workbook (services do not translate)."""

    table_sheet: str
    data_sheet: str
    chart_sheet: str
    chart_title: str
    headers: list[str]  # indicator, value, n, what n counts
    no_data: str
    bases: Mapping[Base, str]


PERCENT_FORMAT = "0.0%"
AVERAGE_FORMAT = "0.00"


def write_report_xlsx(path: Path, rows: list[ReportRow], impact: list[Average], words: ReportWords) -> None:
    """The Bilan as a workbook: a table sheet (numbers as numbers: shares as percentages Excel
    shows in the reader's own locale), and a chart sheet of the impact averages. A missing value
    is written "no data", never 0; the chart leaves its bar out."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    workbook = Workbook()
    sheet = workbook.active
    names = _SheetNames()
    sheet.title = names.add(words.table_sheet)
    sheet.append(words.headers)
    cells.make_inert(sheet[sheet.max_row])
    for row in rows:
        value: Any = words.no_data
        if row.value is not None:
            value = row.value / 100 if row.kind is Kind.percent else row.value
        sheet.append([row.label, value, row.n, words.bases[row.base] if row.base else None])
        cells.make_inert(sheet[sheet.max_row])  # a site's or a title's text is shown, never run
        cell = sheet.cell(row=sheet.max_row, column=2)
        if row.value is not None and row.kind is Kind.percent:
            cell.number_format = PERCENT_FORMAT
        elif row.value is not None and row.kind is Kind.average:
            cell.number_format = AVERAGE_FORMAT
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["D"].width = 24
    data = workbook.create_sheet(names.add(words.data_sheet))
    data.append(["", words.chart_title, words.headers[2]])
    for average in impact:
        data.append([average.label, round(average.value, 2) if average.value is not None else None, average.count])
    chart = BarChart()
    chart.type = "bar"
    chart.title = words.chart_title
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 5
    chart.add_data(Reference(data, min_col=2, min_row=1, max_row=len(impact) + 1), titles_from_data=True)
    chart.set_categories(Reference(data, min_col=1, min_row=2, max_row=len(impact) + 1))
    chartsheet = workbook.create_chartsheet(names.add(words.chart_sheet))
    chartsheet.add_chart(chart)
    workbook.save(path)


class _SheetNames:
    """Sheet names Excel accepts: no []:*?/\\, at most 31 characters, unique in the workbook."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def add(self, wanted: str) -> str:
        name = base = sheet_title(wanted)
        number = 2
        while name.casefold() in self.taken:
            suffix = f" ({number})"
            name = base[: 31 - len(suffix)].rstrip() + suffix
            number += 1
        self.taken.add(name.casefold())
        return name


def scale_counts(stats: QuestionStats) -> list[int]:
    """Counts for scores 5 to 1 (best first, as the buttons show them)."""
    return [stats.counts.get(score, 0) for score in ("5", "4", "3", "2", "1")]
