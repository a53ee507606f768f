"""What the coordinators read: "📊 Replies" (a chart per questionnaire, the latest comments,
filters, XLSX and CSV exports) and the programme report ("Bilan").

Coordinators and administrators only: the router's rule refuses everyone else,
forged buttons included. Charts are drawn in a worker thread (matplotlib is
CPU-bound) so the bot keeps answering others meanwhile; exports are written to
a temporary folder, sent as a document, then deleted.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime
from html import escape
from pathlib import Path

from aiogram import F, Router
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    FSInputFile,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.numbers import format_decimal
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.i18n import format_day
from bot.models import Person
from bot.services import audit
from bot.services import questionnaire_reports as reports
from bot.services.charts import Panel, panels_png
from bot.services.content import ContentLibrary, Questionnaire
from bot.services.questionnaire_reports import Filters, Period, Summary
from handlers.questionnaires.answering import SCALE_WORDS
from handlers.questionnaires.callbacks import BilanCallback, ReportCallback, ReportView
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.layout import column

PERIOD_NAMES = {
    Period.month: __("last 30 days"),
    Period.quarter: __("last 3 months"),
    Period.year: __("last 12 months"),
    Period.all: __("since the start"),
}
MAX_CAPTION = 1024


def _number(value: float | None, locale: str, digits: int = 1) -> str:
    return "–" if value is None else format_decimal(round(value, digits), locale=locale)


def _menu_button() -> tuple[str, MenuCallback]:
    return (_("⬅️ Main menu"), MenuCallback(action=MenuAction.menu))


async def replies_menu(query: CallbackQuery, person: Person, library: ContentLibrary) -> None:
    buttons: list[tuple[str, object]] = []
    for number, questionnaire_id in enumerate(library.questionnaires.ids()):
        questionnaire = library.questionnaires.get(questionnaire_id, person.locale)
        if questionnaire is not None:
            buttons.append((questionnaire.title, ReportCallback(questionnaire=number, view=ReportView.chart)))
    buttons.append((_("📑 Programme report (Bilan)"), BilanCallback(period=Period.year, build=False)))
    buttons.append(_menu_button())
    await _send(query, _("📊 <b>Replies</b>\n\nWhich questionnaire?"), column(buttons))  # type: ignore[arg-type]


async def _send(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    # Charts and documents come as new messages, so screens are new messages too: the
    # conversation then reads top to bottom.
    if isinstance(query.message, Message):
        await query.message.answer(text, reply_markup=markup)


async def _filters(
    session: AsyncSession, callback_data: ReportCallback
) -> tuple[Filters, list[str], dict[int, str]] | None:
    """The filters the button asks for, checked against the database (callback data can be forged)."""
    sites = await reports.sites(session)
    animators = {person.id: person.name for person in await reports.animators(session)}
    site = None
    if callback_data.site != -1:
        if not 0 <= callback_data.site < len(sites):
            return None
        site = sites[callback_data.site]
    animator = None
    if callback_data.animator != 0:
        if callback_data.animator not in animators:
            return None
        animator = callback_data.animator
    return Filters(callback_data.period, site, animator), sites, animators


def _scope(filters: Filters, animators: dict[int, str], summary: Summary | None = None) -> str:
    parts = [str(PERIOD_NAMES[filters.period])]
    if summary is not None and summary.not_split:
        parts.append(_("🔒 anonymous: not split by site or animator"))
    else:
        parts.append(escape(filters.site) if filters.site else _("every site"))
        parts.append(
            escape(animators.get(filters.animator_id or 0, "")) if filters.animator_id else _("every animator")
        )
    return " · ".join(parts)


def _panels(summary: Summary, locale: str) -> list[Panel]:
    panels = []
    for stats in summary.stats:
        question = stats.question
        count = ngettext("{count} answer", "{count} answers", stats.answered).format(count=stats.answered)
        if question.kind == "scale":
            words = SCALE_WORDS[question.scale]
            note = _("average {average} / 5").format(average=_number(stats.average, locale)) + " · " + count
            panels.append(Panel(question.label, [str(words[s]) for s in "54321"], reports.scale_counts(stats), note))
        elif question.kind == "yes_no":
            panels.append(
                Panel(
                    question.label,
                    [_("Yes"), _("No")],
                    [stats.share("yes") or 0, stats.share("no") or 0],
                    count,
                    percent=True,
                )
            )
        elif question.kind in ("single", "multiple"):
            labels = [choice.label for choice in question.choices]
            panels.append(Panel(question.label, labels, [stats.counts.get(c.key, 0) for c in question.choices], count))
    return panels


def _caption(summary: Summary, filters: Filters, animators: dict[int, str], locale: str) -> str:
    questionnaire = summary.questionnaire
    lines = [
        f"📊 <b>{escape(questionnaire.title)}</b>",
        _scope(filters, animators, summary),
        _("Sent: {sent} · Answered: {answered} · Response rate: {rate} %").format(
            sent=summary.sent, answered=summary.answered, rate=_number(summary.response_rate, locale)
        ),
    ]
    for stats in summary.stats:
        if stats.question.kind == "scale":
            lines.append(
                f"• {escape(stats.question.label)}: "
                + _("{average} / 5").format(average=_number(stats.average, locale))
            )
        elif stats.question.kind == "yes_no":
            lines.append(
                f"• {escape(stats.question.label)}: "
                + _("{share} % yes").format(share=_number(stats.share("yes"), locale))
            )
    caption = "\n".join(lines)
    return caption if len(caption) <= MAX_CAPTION else caption[: MAX_CAPTION - 1] + "…"


def _report_keyboard(callback_data: ReportCallback) -> InlineKeyboardMarkup:
    def to(view: ReportView) -> ReportCallback:
        return callback_data.model_copy(update={"view": view})

    return column(
        [
            (_("💬 Latest comments"), to(ReportView.texts)),
            (_("🗓 Period"), to(ReportView.periods)),
            (_("📍 Site"), to(ReportView.sites)),
            (_("👷 Animator"), to(ReportView.animators)),
            (_("📥 Spreadsheet (XLSX)"), to(ReportView.xlsx)),
            (_("📄 CSV file"), to(ReportView.csv)),
            (_("⬅️ Replies"), MenuCallback(action=MenuAction.replies)),
        ]
    )


async def view(
    query: CallbackQuery,
    callback_data: ReportCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    library: ContentLibrary,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    ids = library.questionnaires.ids()
    resolved = await _filters(session, callback_data)
    if not 0 <= callback_data.questionnaire < len(ids) or resolved is None or not isinstance(query.message, Message):
        callback_answer.text = _("This button is no longer active. Use /menu.")
        return
    questionnaire = library.questionnaires.get(ids[callback_data.questionnaire], person.locale)
    assert questionnaire is not None
    filters, sites, animators = resolved
    locale, now, shown = i18n.current_locale, clock.now(), callback_data.view
    if shown is ReportView.chart:
        summary = await reports.summary(session, questionnaire, filters, now=now)
        png = await asyncio.to_thread(panels_png, questionnaire.title, _panels(summary, locale))
        await query.message.answer_photo(
            BufferedInputFile(png, filename=f"{questionnaire.id}.png"),
            caption=_caption(summary, filters, animators, locale),
            reply_markup=_report_keyboard(callback_data),
        )
    elif shown is ReportView.texts:
        await _texts(query.message, session, questionnaire, filters, animators, callback_data, now, settings, locale)
    elif shown in (ReportView.xlsx, ReportView.csv):
        await _export(query.message, session, questionnaire, filters, shown, person, now, settings)
    else:
        await _choices(query.message, callback_data, sites, animators)


async def _texts(
    message: Message,
    session: AsyncSession,
    questionnaire: Questionnaire,
    filters: Filters,
    animators: dict[int, str],
    callback_data: ReportCallback,
    now: datetime,
    settings: Settings,
    locale: str,
) -> None:
    found = await reports.latest_texts(session, questionnaire, filters, now=now)
    lines = [f"💬 <b>{escape(questionnaire.title)}</b>", _scope(filters, animators), ""]
    if not found:
        lines.append(_("No written answer yet."))
    for entry in found:
        when = format_day(entry.answered_at, locale, settings.tz)
        who = f" · {escape(entry.reference)}" if entry.reference else ""
        lines.append(f"<i>{when}{who} · {escape(entry.question_label)}</i>\n{escape(entry.text)}\n")
    text = "\n".join(lines)
    back = column(
        [(_("📊 Back to the chart"), callback_data.model_copy(update={"view": ReportView.chart})), _menu_button()]
    )
    await message.answer(text[:4000], reply_markup=back)


def export_words() -> reports.ExportWords:
    return reports.ExportWords(
        headers=[
            _("Respondent"),
            _("Household"),
            _("Site"),
            _("Question"),
            _("Answer"),
            _("Written answer"),
            _("Answered"),
        ],
        yes=_("Yes"),
        no=_("No"),
        skipped=_("(skipped)"),
    )


async def _export(
    message: Message,
    session: AsyncSession,
    questionnaire: Questionnaire,
    filters: Filters,
    shown: ReportView,
    person: Person,
    now: datetime,
    settings: Settings,
) -> None:
    words = export_words()
    suffix = "xlsx" if shown is ReportView.xlsx else "csv"
    name = f"{questionnaire.id}-{now.astimezone(settings.tz):%Y-%m-%d}.{suffix}"
    with tempfile.TemporaryDirectory(prefix="ara-export-") as folder:
        path = Path(folder) / name
        rows = reports.export_rows(session, questionnaire, filters, words, now=now, tz=settings.tz)
        if shown is ReportView.xlsx:
            count = await reports.write_xlsx(path, questionnaire.title, words.headers, rows)
        else:
            count = await reports.write_csv(path, words.headers, rows)
        await audit.record(
            session, "questionnaire.export", actor_id=person.id, details=f"{questionnaire.id} {suffix} {count}", now=now
        )
        await session.commit()
        await message.answer_document(
            FSInputFile(path, filename=name),
            caption=ngettext("{count} answer: {title}", "{count} answers: {title}", count).format(
                count=count, title=escape(questionnaire.title)
            ),
        )


async def _choices(
    message: Message, callback_data: ReportCallback, sites: list[str], animators: dict[int, str]
) -> None:
    def to(**changes: object) -> ReportCallback:
        return callback_data.model_copy(update={"view": ReportView.chart, **changes})

    buttons: list[tuple[str, object]] = []
    if callback_data.view is ReportView.periods:
        question = _("Which period?")
        buttons = [(str(name), to(period=period)) for period, name in PERIOD_NAMES.items()]
    elif callback_data.view is ReportView.sites:
        question = _("Which site?")
        buttons = [(_("Every site"), to(site=-1))] + [(site, to(site=number)) for number, site in enumerate(sites)]
    else:
        question = _("Which animator?")
        buttons = [(_("Every animator"), to(animator=0))] + [
            (name, to(animator=pid)) for pid, name in animators.items()
        ]
    buttons.append(_menu_button())
    await message.answer(question, reply_markup=column(buttons))  # type: ignore[arg-type]


def bilan_labels() -> dict[str, str]:
    return {
        "households": _("Households accompanied"),
        "priority": _("Share in priority neighbourhoods (%)"),
        "visits_done": _("Visits done"),
        "visits_missed": _("Visits missed"),
        "workshops_held": _("Workshops held"),
        "registered": _("Workshop places taken"),
        "attended": _("Workshop attendance (people ticked present)"),
        "tutorials_finished": _("Tutorials finished"),
        "response_rate": _("Response rate (%): {title}"),
        "impact": _("Impact (average / 5): {label}"),
        "went_on": _("Went on with works on their own (%)"),
    }


async def bilan(
    query: CallbackQuery,
    callback_data: BilanCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    library: ContentLibrary,
    i18n: I18n,
) -> None:
    if not isinstance(query.message, Message):
        return
    if not callback_data.build:
        buttons = [(str(name), BilanCallback(period=period, build=True)) for period, name in PERIOD_NAMES.items()]
        await _send(query, _("📑 <b>Programme report</b>\n\nFor which period?"), column([*buttons, _menu_button()]))
        return
    now = clock.now()
    report = await reports.programme_report(
        session, library.questionnaires, person.locale, callback_data.period, now=now
    )
    phase_names = {phase: _("Phase: {phase}").format(phase=name) for phase, name in texts.PHASE_NAMES.items()}
    rows = reports.report_rows(report, bilan_labels(), phase_names)
    panels = [
        Panel(
            _("Impact (average / 5)"),
            [label for label, _avg, _n in report.impact],
            [round(a or 0, 2) for _l, a, _n in report.impact],
        ),
        Panel(
            _("Key figures (%)"),
            [_("Priority neighbourhoods"), _("Went on with works on their own")],
            [report.priority_share or 0, report.went_on_share or 0],
            percent=True,
        ),
    ]
    title = _("Programme report") + " · " + str(PERIOD_NAMES[callback_data.period])
    png = await asyncio.to_thread(panels_png, title, panels)
    summary_lines = [f"📑 <b>{escape(title)}</b>"]
    if report.visits is None:
        summary_lines.append(_("Visits are not recorded in the assistant yet."))
    summary_lines += [f"• {escape(str(label))}: {value}" for label, value in rows[:1] + rows[-1:]]
    await query.message.answer_photo(
        BufferedInputFile(png, filename="bilan.png"), caption="\n".join(summary_lines)[:MAX_CAPTION]
    )
    name = f"bilan-{callback_data.period.value}-{now.astimezone(settings.tz):%Y-%m-%d}.xlsx"
    with tempfile.TemporaryDirectory(prefix="ara-bilan-") as folder:
        path = Path(folder) / name
        await asyncio.to_thread(
            reports.write_report_xlsx,
            path,
            _("Programme report"),
            rows,
            [_("Indicator"), _("Value")],
            _("Impact (average / 5)"),
            report.impact,
        )
        await audit.record(
            session, "questionnaire.bilan", actor_id=person.id, details=callback_data.period.value, now=now
        )
        await session.commit()
        await query.message.answer_document(
            FSInputFile(path, filename=name),
            caption=_("📑 Programme report as a spreadsheet."),
            reply_markup=column([(_("⬅️ Replies"), MenuCallback(action=MenuAction.replies)), _menu_button()]),
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(replies_menu, MenuCallback.filter(F.action == MenuAction.replies))
    router.callback_query.register(view, ReportCallback.filter())
    router.callback_query.register(bilan, BilanCallback.filter())
    return router
