"""Changing the language of a registered person."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commands import set_person_commands
from bot.filters import IsMember
from bot.i18n import LANGUAGE_NAMES
from bot.models import Person
from bot.services import people
from handlers.ui import texts
from handlers.ui.callbacks import LanguageCallback, MenuAction, MenuCallback
from handlers.ui.menus import language_keyboard, main_menu
from handlers.ui.replies import edit_or_send


async def language_command(message: Message) -> None:
    await message.answer(_("Choose your language:"), reply_markup=language_keyboard())


async def language_button(query: CallbackQuery) -> None:
    await edit_or_send(query, _("Choose your language:"), reply_markup=language_keyboard())


async def language_chosen(
    query: CallbackQuery,
    callback_data: LanguageCallback,
    person: Person,
    session: AsyncSession,
    bot: Bot,
    i18n: I18n,
) -> None:
    person = await people.set_locale(session, person, callback_data.locale.value)
    await session.commit()
    with i18n.use_locale(person.locale):
        await edit_or_send(
            query,
            _("Language: {language}").format(language=LANGUAGE_NAMES[person.locale]) + "\n\n" + texts.main_menu(person),
            reply_markup=main_menu(person),
        )
        await set_person_commands(bot, person, i18n)


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember())
    router.callback_query.filter(IsMember())
    router.message.register(language_command, Command("langue", "language"))
    router.callback_query.register(language_button, MenuCallback.filter(F.action == MenuAction.language))
    router.callback_query.register(language_chosen, LanguageCallback.filter())
    return router
