"""A person's rights over their data: /mes_donnees (see everything, as a
summary and a JSON file) and /stop (no proactive message until /start).
Deletion is erasure.py."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsKnown
from bot.models import Person
from bot.services import people, privacy
from handlers.privacy import keyboards, texts
from handlers.ui.callbacks import MenuAction, MenuCallback

EXPORT_FILE_NAME = "my-data.json"


async def _export(
    chat_id: int, person: Person, session: AsyncSession, clock: Clock, bot: Bot, i18n: I18n, settings: Settings
) -> tuple[str, InlineKeyboardMarkup]:
    data = await privacy.export(session, person, now=clock.now())
    await session.commit()  # the export is in the audit log before it leaves
    document = BufferedInputFile(data.to_json(exported_at=clock.now()), filename=EXPORT_FILE_NAME)
    text = texts.summary(person, data, i18n.current_locale, settings)
    await bot.send_document(chat_id, document, caption=texts.export_caption())
    has_referent = data.household_file is not None and bool(data.household_file.get("referent_id"))
    return text, keyboards.after_export(has_referent)


async def export_command(
    message: Message, person: Person, session: AsyncSession, clock: Clock, bot: Bot, i18n: I18n, settings: Settings
) -> None:
    text, markup = await _export(message.chat.id, person, session, clock, bot, i18n, settings)
    await message.answer(text, reply_markup=markup)


async def export_button(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, bot: Bot, i18n: I18n, settings: Settings
) -> None:
    assert query.message is not None
    text, markup = await _export(query.message.chat.id, person, session, clock, bot, i18n, settings)
    await bot.send_message(query.message.chat.id, text, reply_markup=markup)


async def stop_command(message: Message, person: Person, session: AsyncSession, clock: Clock) -> None:
    await people.pause(session, person, now=clock.now())
    await session.commit()  # stopped for real before we say so
    await message.answer(texts.stopped())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.message.register(export_command, Command("mes_donnees", "my_data"))
    router.message.register(stop_command, Command("stop"))
    router.callback_query.register(export_button, MenuCallback.filter(F.action == MenuAction.my_data))
    return router
