"""The command menu Telegram shows next to the text field, per role and language.

Strangers see /start and /help. A person, once registered, gets a menu in
their language scoped to their own chat (setMyCommands with a chat scope).
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.i18n import LANGUAGE_NAMES
from bot.models import Person, Role


def stranger_commands() -> list[BotCommand]:
    return [
        BotCommand(command="start", description=_("Start with your invitation")),
        BotCommand(command="help", description=_("How to get an invitation")),
    ]


def person_commands(person: Person) -> list[BotCommand]:
    commands = [BotCommand(command="menu", description=_("Main menu"))]
    if person.role.manages_programme:
        commands.append(BotCommand(command="menages", description=_("Households")))
        commands.append(BotCommand(command="inviter", description=_("Invite someone")))
        commands.append(BotCommand(command="equipe", description=_("The team")))
        if person.role is Role.admin:
            commands.append(BotCommand(command="journal", description=_("Journal of staff actions")))
    elif person.role.is_staff:
        commands.append(BotCommand(command="menages", description=_("My households")))
    return commands + [
        BotCommand(command="help", description=_("Help")),
        BotCommand(command="cancel", description=_("Stop what you are doing")),
        BotCommand(command="langue", description=_("Change the language")),
        BotCommand(command="mes_donnees", description=_("My data")),
        BotCommand(command="stop", description=_("Stop messages from the assistant")),
        BotCommand(command="supprimer", description=_("Delete my data")),
    ]


async def set_default_commands(bot: Bot, i18n: I18n) -> None:
    """One list per language; the default (no language) is the default locale's."""
    scope = BotCommandScopeAllPrivateChats()
    with i18n.context():
        with i18n.use_locale(i18n.default_locale):
            await bot.set_my_commands(stranger_commands(), scope=scope)
        for locale in LANGUAGE_NAMES:
            with i18n.use_locale(locale):
                await bot.set_my_commands(stranger_commands(), scope=scope, language_code=locale)


async def set_person_commands(bot: Bot, person: Person, i18n: I18n) -> None:
    with i18n.context(), i18n.use_locale(person.locale):
        await bot.set_my_commands(person_commands(person), scope=BotCommandScopeChat(chat_id=person.telegram_id))


async def clear_person_commands(bot: Bot, telegram_id: int) -> None:
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=telegram_id))
    except TelegramAPIError:
        pass  # the menu falls back to the stranger's one; nothing to repair
