"""Errors nobody could foresee: logged with context, answered with an apology.

The apology needs no database (it may be the database that failed): the person's locale
comes from the update's middleware, as a plain value, or from the locales remembered in
memory, or from Telegram."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.outage import LocaleMemory

logger = logging.getLogger(__name__)


async def on_error(
    event: ErrorEvent, bot: Bot, i18n: I18n, locales: LocaleMemory, person_locale: str | None = None
) -> bool:
    update = event.update
    # Ids and the error's class only: logs never hold names or message texts (the engine hides
    # a failed statement's values, bot/logsafety.py the server's DETAIL lines).
    logger.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    user = update.event.from_user if update.event and hasattr(update.event, "from_user") else None
    if user is None:
        return True
    locale = person_locale or locales.locale_of(user, i18n.default_locale)
    with i18n.context(), i18n.use_locale(locale):
        text = _("Sorry, something went wrong on our side. Please try again, or send /menu.")
    # A button press was already answered (silently) by the callback-answer middleware, which
    # answers even when the handler fails, so the apology comes as a message for presses too.
    try:
        await bot.send_message(user.id, text)
    except TelegramAPIError:
        logger.warning("could not apologise for update %s", update.update_id)
    return True
