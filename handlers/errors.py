"""Errors nobody could foresee: logged with context, answered with an apology."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.db import SessionMaker
from bot.i18n import pick_locale
from bot.services import people

logger = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot, sessionmaker: SessionMaker, i18n: I18n) -> bool:
    update = event.update
    # Ids only: logs never hold names or message texts.
    logger.error("update %s failed: %r", update.update_id, event.exception, exc_info=event.exception)
    user = update.event.from_user if update.event and hasattr(update.event, "from_user") else None
    if user is None:
        return True
    async with sessionmaker() as session:
        person = await people.get_by_telegram_id(session, user.id)
    locale = person.locale if person else pick_locale(user.language_code, i18n.default_locale)
    with i18n.context(), i18n.use_locale(locale):
        text = _("Sorry, something went wrong on our side. Please try again, or send /menu.")
    # A button press was already answered (silently) by CallbackAnswerMiddleware, which answers
    # even when the handler fails, so the apology comes as a message for presses too.
    try:
        await bot.send_message(user.id, text)
    except TelegramAPIError:
        logger.warning("could not apologise for update %s", update.update_id)
    return True
