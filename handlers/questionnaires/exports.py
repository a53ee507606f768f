"""A questionnaire's answers as a spreadsheet (XLSX) or a CSV file, for coordinators.

Written to a temporary folder, sent as a document, then deleted; the service
streams the rows, so memory stays bounded whatever the size. Each export is
recorded in the journal."""

from __future__ import annotations

import tempfile
from pathlib import Path

from aiogram import F, Router
from aiogram.types import CallbackQuery, FSInputFile, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person
from bot.services import audit
from bot.services import questionnaire_reports as reports
from bot.services.content import ContentLibrary
from bot.services.questionnaire_reports import ReportRefused
from handlers.questionnaires import texts
from handlers.questionnaires.callbacks import ReportCallback, ReportView


async def export(
    query: CallbackQuery,
    callback_data: ReportCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    settings: Settings,
    library: ContentLibrary,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        scope = await reports.scope(session, person, library.questionnaires, callback_data.asked())
    except ReportRefused:
        scope = None
    if scope is None or not isinstance(query.message, Message):
        callback_answer.text = texts.inactive_button()
        return
    questionnaire, now, words = scope.questionnaire, clock.now(), texts.export_words()
    suffix = "xlsx" if callback_data.view is ReportView.xlsx else "csv"
    name = f"{questionnaire.id}-{now.astimezone(settings.tz):%Y-%m-%d}.{suffix}"
    with tempfile.TemporaryDirectory(prefix="ara-export-") as folder:
        path = Path(folder) / name
        rows = reports.export_rows(session, questionnaire, scope.filters, words, reader=person, now=now, tz=settings.tz)
        if callback_data.view is ReportView.xlsx:
            count = await reports.write_xlsx(path, questionnaire.title, words.headers, rows)
        else:
            count = await reports.write_csv(path, words.headers, rows)
        await audit.record(
            session, "questionnaire.export", actor_id=person.id, details=f"{questionnaire.id} {suffix} {count}", now=now
        )
        await session.commit()
        await query.message.answer_document(
            FSInputFile(path, filename=name), caption=texts.export_caption(count, questionnaire)
        )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(export, ReportCallback.filter(F.view.in_({ReportView.xlsx, ReportView.csv})))
    return router
