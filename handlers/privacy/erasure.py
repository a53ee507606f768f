"""/supprimer: a person deletes their account after one confirmation."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.commands import clear_person_commands
from bot.filters import IsKnown
from bot.models import Person
from bot.services import erasure, people
from handlers.privacy.callbacks import EraseCallback
from handlers.privacy.keyboards import erase_confirmation
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import main_menu
from handlers.ui.replies import edit_or_send


def _warning() -> str:
    return _(
        "<b>Delete my data</b>\n\n"
        "This deletes your account: your name, your language and the link with your Telegram.\n"
        "The assistant will not know you any more.\n"
        "Your household's file stays with the association.\n\n"
        "This cannot be undone. Are you sure?"
    )


async def erase_command(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(_warning(), reply_markup=erase_confirmation())


async def erase_button(query: CallbackQuery) -> None:
    await edit_or_send(query, _warning(), reply_markup=erase_confirmation())


async def erase_confirmed(query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, bot: Bot) -> None:
    telegram_id = person.telegram_id
    await erasure.erase(session, person, now=clock.now())
    await session.commit()  # say "deleted" only once it is
    await edit_or_send(query, _("Done. Everything about you has been deleted. Goodbye, and good luck!"))
    await clear_person_commands(bot, telegram_id)


async def erase_cancelled(query: CallbackQuery, person: Person) -> None:
    if people.needs_consent(person):
        await edit_or_send(query, texts.cancelled() + "\n\n" + texts.finish_joining())
        return
    await edit_or_send(query, texts.cancelled() + "\n\n" + texts.main_menu(person), reply_markup=main_menu(person))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.message.register(erase_command, Command("supprimer", "delete"))
    router.callback_query.register(erase_button, MenuCallback.filter(F.action == MenuAction.erase))
    router.callback_query.register(erase_confirmed, EraseCallback.filter(F.confirm))
    router.callback_query.register(erase_cancelled, EraseCallback.filter(~F.confirm))
    return router
