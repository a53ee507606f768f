"""What the coordinators read: "📊 Replies", a chart per questionnaire, the latest comments and
the filters (period, site, animator). Exports are in exports.py, the programme report in bilan.py.

Coordinators and administrators only: the router's rule refuses everyone else,
and the reports service checks the reader again (forged buttons included).
Charts are drawn in a worker thread (matplotlib is CPU-bound) so the bot keeps
answering others meanwhile.
"""

from __future__ import annotations

import asyncio

from aiogram import F, Router
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import PROGRAMME_MANAGERS, IsMember
from bot.models import Person
from bot.services import questionnaire_reports as reports
from bot.services.charts import panels_png
from bot.services.content import ContentLibrary
from bot.services.questionnaire_reports import ReportRefused
from handlers.questionnaires import charts, keyboards, texts
from handlers.questionnaires.callbacks import ReportCallback, ReportView
from handlers.ui.callbacks import MenuAction, MenuCallback


async def replies_menu(query: CallbackQuery, person: Person, library: ContentLibrary) -> None:
    titles = []
    for questionnaire_id in library.questionnaires.ids():
        questionnaire = library.questionnaires.get(questionnaire_id, person.locale)
        if questionnaire is not None:
            titles.append(questionnaire.title)
    # Charts and documents come as new messages, so screens are new messages too: the
    # conversation then reads top to bottom.
    if isinstance(query.message, Message):
        await query.message.answer(texts.replies_title(), reply_markup=keyboards.replies(titles))


async def chart(
    query: CallbackQuery,
    callback_data: ReportCallback,
    person: Person,
    session: AsyncSession,
    clock: Clock,
    library: ContentLibrary,
    i18n: I18n,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        scope = await reports.scope(session, person, library.questionnaires, callback_data.asked())
    except ReportRefused:
        scope = None
    if scope is None or not isinstance(query.message, Message):
        callback_answer.text = texts.inactive_button()
        return
    questionnaire, locale = scope.questionnaire, i18n.current_locale
    summary = await reports.summary(session, questionnaire, scope.filters, reader=person, now=clock.now())
    png = await asyncio.to_thread(panels_png, questionnaire.title, charts.panels(summary, locale))
    await query.message.answer_photo(
        BufferedInputFile(png, filename=f"{questionnaire.id}.png"),
        caption=texts.caption(summary, scope.filters, scope.animators, locale),
        reply_markup=keyboards.report(callback_data),
    )


async def latest_texts(
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
    try:
        scope = await reports.scope(session, person, library.questionnaires, callback_data.asked())
    except ReportRefused:
        scope = None
    if scope is None or not isinstance(query.message, Message):
        callback_answer.text = texts.inactive_button()
        return
    found = await reports.latest_texts(session, scope.questionnaire, scope.filters, reader=person, now=clock.now())
    text = texts.latest_texts(
        scope.questionnaire, scope.filters, scope.animators, found, i18n.current_locale, settings.tz
    )
    await query.message.answer(text, reply_markup=keyboards.back_to_chart(callback_data))


async def filter_choices(
    query: CallbackQuery,
    callback_data: ReportCallback,
    person: Person,
    session: AsyncSession,
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
    await query.message.answer(
        texts.choice_question(callback_data.view),
        reply_markup=keyboards.filter_choices(callback_data, scope.sites, scope.animators),
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*PROGRAMME_MANAGERS))
    router.callback_query.register(replies_menu, MenuCallback.filter(F.action == MenuAction.replies))
    router.callback_query.register(chart, ReportCallback.filter(F.view == ReportView.chart))
    router.callback_query.register(latest_texts, ReportCallback.filter(F.view == ReportView.texts))
    router.callback_query.register(
        filter_choices,
        ReportCallback.filter(F.view.in_({ReportView.periods, ReportView.sites, ReportView.animators})),
    )
    return router
