"""Withdrawing an approved photo or voice note from a tutorial's step (it shows a face, or it is
wrong).

Step → "🗑 Remove a photo or voice" (shown to whoever may withdraw one of the step's approved
ones) → the list → one is sent as it is → "🗑 Remove from the step" → deleted: tenants stop
seeing it at once. Coordinators and administrators withdraw any; a team member their own.
Who may is decided by bot/services/contributions.py, again on every press.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import STAFF, IsMember
from bot.i18n import LANGUAGE_NAMES
from bot.models import ContributionKind, Person
from bot.services import contributions
from bot.services.content import ContentLibrary
from bot.services.contributions import ContributionRefusal, ContributionRefused, Waiting
from handlers.content import keyboards, texts
from handlers.content.callbacks import WithdrawAction, WithdrawCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send


def _language(waiting: Waiting) -> str | None:
    locale = waiting.contribution.locale
    return LANGUAGE_NAMES.get(locale) if locale else None


async def act(
    query: CallbackQuery,
    callback_data: WithdrawCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    tutorial = library.tutorial(callback_data.id, person.locale)
    if tutorial is None or not 0 <= callback_data.step < len(tutorial.steps):
        await edit_or_send(query, texts.no_such_tutorial(), reply_markup=back_to_menu())
        return
    index = callback_data.step
    if callback_data.action is WithdrawAction.choose:
        found = await contributions.withdrawable(session, person, tutorial.id, index + 1)
        rows = [(w.contribution.id, texts.withdraw_row(w.contribution.kind, w.author, _language(w))) for w in found]
        await edit_or_send(
            query,
            texts.withdraw_list(tutorial, index, len(rows)),
            reply_markup=keyboards.withdraw_list(tutorial.id, index, rows),
        )
        return
    try:
        waiting = await contributions.to_withdraw(session, person, callback_data.contribution)
        if (waiting.contribution.tutorial_id, waiting.contribution.step) != (tutorial.id, index + 1):
            raise ContributionRefused(ContributionRefusal.not_found)  # a forged pairing
        if callback_data.action is WithdrawAction.show:
            await _show(query, tutorial.id, index, waiting, texts.step_name(tutorial, tutorial.id, index + 1))
            return
        await contributions.withdraw(session, person, waiting.contribution.id, now=clock.now())
    except ContributionRefused:
        callback_answer.text = texts.not_withdrawable()
        callback_answer.show_alert = True
        return
    await session.commit()
    if query.message is None or query.bot is None:
        return
    markup = keyboards.back_to_step(tutorial.id, index)
    try:  # the pressed message is the photo or the voice note: its caption says it is gone
        await query.bot.edit_message_caption(
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
            caption=texts.withdrawn(),
            reply_markup=markup,
        )
    except TelegramBadRequest:
        await query.bot.send_message(query.message.chat.id, texts.withdrawn(), reply_markup=markup)


async def _show(query: CallbackQuery, tutorial_id: str, index: int, waiting: Waiting, where: str) -> None:
    if query.message is None or query.bot is None:
        return
    contribution = waiting.contribution
    caption = texts.withdraw_caption(where, contribution.kind, waiting.author, _language(waiting))
    chat_id, markup = query.message.chat.id, keyboards.withdraw_one(tutorial_id, index, contribution.id)
    if contribution.kind is ContributionKind.photo:
        await query.bot.send_photo(chat_id, contribution.file_id, caption=caption, reply_markup=markup)
    else:
        await query.bot.send_voice(chat_id, contribution.file_id, caption=caption, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(*STAFF))
    router.callback_query.register(act, WithdrawCallback.filter())
    return router
