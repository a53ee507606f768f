"""Coordinators review the team's photos and voice notes before tenants see them.

"📝 To review" (on the tutorials screen, and under the message each new one brings) → the
list → one is sent as it is (the photo, or the voice note to listen to) → Approve or Reject →
the contributor is told. Who may review is decided by bot/services/contributions.py.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.filters import IsMember
from bot.i18n import LANGUAGE_NAMES
from bot.models import ContributionKind, Person, Role
from bot.services import contributions
from bot.services.content import ContentLibrary
from bot.services.contributions import ContributionRefusal, ContributionRefused, Waiting
from handlers.content import keyboards, texts
from handlers.content.callbacks import ReviewAction, ReviewCallback, ReviewListCallback
from handlers.ui.menus import back_to_menu
from handlers.ui.replies import edit_or_send


def _where(library: ContentLibrary, person: Person, waiting: Waiting) -> str:
    contribution = waiting.contribution
    tutorial = library.tutorial(contribution.tutorial_id, person.locale)
    return texts.step_name(tutorial, contribution.tutorial_id, contribution.step)


async def waiting_list(
    query: CallbackQuery,
    callback_data: ReviewListCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
) -> None:
    try:
        page = await contributions.pending(
            session, person, offset=callback_data.offset, limit=keyboards.REVIEW_PAGE_SIZE
        )
    except ContributionRefused:
        await edit_or_send(query, texts.already_reviewed(), reply_markup=back_to_menu())
        return
    names = [
        f"{'📷' if w.contribution.kind is ContributionKind.photo else '🎙'} {_where(library, person, w)} · {w.author}"
        for w in page.rows
    ]
    await edit_or_send(query, texts.review_list(page.total), reply_markup=keyboards.review_list(page, names))


async def act(
    query: CallbackQuery,
    callback_data: ReviewCallback,
    person: Person,
    session: AsyncSession,
    library: ContentLibrary,
    clock: Clock,
    callback_answer: CallbackAnswer,
) -> None:
    try:
        if callback_data.action is ReviewAction.show:
            await _show(query, person, session, library, callback_data.id)
            return
        approve = callback_data.action is ReviewAction.approve
        await contributions.review(session, person, callback_data.id, approve=approve, now=clock.now())
    except ContributionRefused as refused:
        if refused.reason is ContributionRefusal.not_found:
            callback_answer.text = texts.already_reviewed()
            callback_answer.show_alert = True
        else:
            await edit_or_send(query, texts.already_reviewed(), reply_markup=back_to_menu())
        return
    await session.commit()
    done = texts.approved() if approve else texts.rejected()
    # The pressed message is the photo or the voice note: its caption says what was decided.
    if query.message is None or query.bot is None:
        return
    try:
        await query.bot.edit_message_caption(
            chat_id=query.message.chat.id,
            message_id=query.message.message_id,
            caption=done,
            reply_markup=keyboards.after_review(),
        )
    except TelegramBadRequest:  # not the photo or voice note any more (too old, or a forged press)
        await query.bot.send_message(query.message.chat.id, done, reply_markup=keyboards.after_review())


async def _show(
    query: CallbackQuery, person: Person, session: AsyncSession, library: ContentLibrary, contribution_id: int
) -> None:
    waiting = await contributions.to_review(session, person, contribution_id)
    contribution = waiting.contribution
    language = LANGUAGE_NAMES.get(contribution.locale or "") if contribution.locale else None
    caption = texts.review_caption(_where(library, person, waiting), contribution.kind, waiting.author, language)
    if query.message is None or query.bot is None:
        return
    chat_id, markup = query.message.chat.id, keyboards.review_one(contribution.id)
    if contribution.kind is ContributionKind.photo:
        await query.bot.send_photo(chat_id, contribution.file_id, caption=caption, reply_markup=markup)
    else:
        await query.bot.send_voice(chat_id, contribution.file_id, caption=caption, reply_markup=markup)


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember(Role.coordinator, Role.admin))
    router.callback_query.register(waiting_list, ReviewListCallback.filter())
    router.callback_query.register(act, ReviewCallback.filter())
    return router
