"""/journal: the audit log, for administrators only (bot/services/audit.py checks it again).
Newest first, ten a page. Exported as CSV."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from bot.services import audit
from handlers.journal import keyboards, texts
from handlers.journal.callbacks import JournalPageCallback
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send

PAGE_SIZE = 10


async def journal_command(
    message: Message, person: Person, session: AsyncSession, i18n: I18n, settings: Settings
) -> None:
    page = await audit.latest(session, person, limit=PAGE_SIZE)
    await message.answer(texts.journal(page, i18n.current_locale, settings), reply_markup=keyboards.journal(page))


async def journal_button(
    query: CallbackQuery, person: Person, session: AsyncSession, i18n: I18n, settings: Settings
) -> None:
    await _show(query, person, session, 0, i18n, settings)


async def journal_page(
    query: CallbackQuery,
    callback_data: JournalPageCallback,
    person: Person,
    session: AsyncSession,
    i18n: I18n,
    settings: Settings,
) -> None:
    await _show(query, person, session, callback_data.offset, i18n, settings)


async def _show(
    query: CallbackQuery, person: Person, session: AsyncSession, offset: int, i18n: I18n, settings: Settings
) -> None:
    page = await audit.latest(session, person, offset=offset, limit=PAGE_SIZE)
    await edit_or_send(query, texts.journal(page, i18n.current_locale, settings), reply_markup=keyboards.journal(page))


async def export(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, bot: Bot, settings: Settings
) -> None:
    assert query.message is not None
    data = await audit.export_csv(session, person, tz=settings.tz, now=clock.now())
    await session.commit()
    name = f"journal-{clock.now().astimezone(settings.tz):%Y-%m-%d}.csv"
    await bot.send_document(
        query.message.chat.id, BufferedInputFile(data, filename=name), caption=texts.export_caption()
    )


def create_router() -> Router:
    router = Router(name=__name__)
    # The role filter says who may even try; the service refuses anyone else (JournalRefused).
    router.message.filter(IsMember(Role.admin))
    router.callback_query.filter(IsMember(Role.admin))
    router.message.register(journal_command, Command("journal"))
    router.callback_query.register(journal_button, MenuCallback.filter(F.action == MenuAction.journal))
    router.callback_query.register(journal_page, JournalPageCallback.filter())
    router.callback_query.register(export, MenuCallback.filter(F.action == MenuAction.journal_export))
    return router
