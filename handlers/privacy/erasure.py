"""/supprimer: a person deletes their account after one confirmation."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.commands import clear_person_commands
from bot.config import Settings
from bot.filters import IsKnown
from bot.models import Person
from bot.services import erasure, people
from handlers.privacy import texts
from handlers.privacy.callbacks import EraseCallback
from handlers.privacy.keyboards import erase_confirmation
from handlers.ui import texts as ui_texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send


async def erase_command(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.warning(), reply_markup=erase_confirmation())


async def erase_button(query: CallbackQuery) -> None:
    await edit_or_send(query, texts.warning(), reply_markup=erase_confirmation())


async def erase_confirmed(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, bot: Bot, settings: Settings
) -> None:
    telegram_id = person.telegram_id
    await erasure.erase(session, person, now=clock.now(), tz=settings.tz)
    await session.commit()  # say "deleted" only once it is
    await edit_or_send(query, texts.erased())
    await clear_person_commands(bot, telegram_id)


async def erase_cancelled(query: CallbackQuery, person: Person) -> None:
    if people.needs_consent(person):
        await edit_or_send(query, ui_texts.cancelled() + "\n\n" + ui_texts.finish_joining())
        return
    await edit_or_send(
        query, ui_texts.cancelled() + "\n\n" + ui_texts.main_menu(person), reply_markup=main_menu(person)
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.message.register(erase_command, Command("supprimer", "delete"))
    router.callback_query.register(erase_button, MenuCallback.filter(F.action == MenuAction.erase))
    router.callback_query.register(erase_confirmed, EraseCallback.filter(F.confirm))
    router.callback_query.register(erase_cancelled, EraseCallback.filter(~F.confirm))
    return router
