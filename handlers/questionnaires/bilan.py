"""The programme report ("Bilan") for coordinators: a period, then a chart of the key figures
and the whole report as a spreadsheet. Recorded in the journal."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery, FSInputFile, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person
from bot.services import audit
from bot.services import questionnaire_reports as reports
from bot.services.charts import panels_png
from bot.services.content import ContentLibrary
from bot.services.questionnaire_reports import ReportRefused
from handlers.questionnaires import charts, keyboards, texts
from handlers.questionnaires.callbacks import BilanCallback


async def bilan(
    query: CallbackQuery,
    callback_data: BilanCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    library: ContentLibrary,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    if not isinstance(query.message, Message):
        return
    if not callback_data.build:
        await query.message.answer(texts.bilan_periods(), reply_markup=keyboards.bilan_periods())
        return
    now = clock.now()
    try:
        report = await reports.programme_report(
            session, library.questionnaires, person.locale, callback_data.period, reader=person, now=now, tz=settings.tz
        )
    except ReportRefused:
        callback_answer.text = texts.inactive_button()
        return
    rows = reports.report_rows(report, texts.bilan_labels(), texts.bilan_phases())
    title, locale = texts.bilan_title(callback_data.period), i18n.current_locale
    png = await asyncio.to_thread(panels_png, title, charts.bilan_panels(report, locale))
    await query.message.answer_photo(
        BufferedInputFile(png, filename="bilan.png"), caption=texts.bilan_summary(title, rows, locale)
    )
    name = f"bilan-{callback_data.period.value}-{now.astimezone(settings.tz):%Y-%m-%d}.xlsx"
    with tempfile.TemporaryDirectory(prefix="ara-bilan-") as folder:
        path = Path(folder) / name
        await asyncio.to_thread(reports.write_report_xlsx, path, rows, report.impact, texts.report_words())
        await audit.record(
            session, "questionnaire.bilan", actor_id=person.id, details=callback_data.period.value, now=now
        )
        await session.commit()
        await query.message.answer_document(
            FSInputFile(path, filename=name),
            caption=_("📑 Programme report as a spreadsheet."),
            reply_markup=keyboards.after_bilan(),
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(bilan, BilanCallback.filter())
    return router
