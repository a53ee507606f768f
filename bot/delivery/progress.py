"""Keeps each broadcast's progress message up to date for the person who sent it.

`render(progress, now)` gives the text and the keyboard (the way back, kept on every edit)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n

from bot.clock import Clock
from bot.db import SessionMaker
from bot.services import delivery
from bot.services.delivery import Progress

logger = logging.getLogger(__name__)


class ProgressUpdater:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: SessionMaker,
        clock: Clock,
        i18n: I18n,
        render: Callable[[Progress, datetime], tuple[str, InlineKeyboardMarkup | None]],
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.clock = clock
        self.i18n = i18n
        self.render = render

    async def run_once(self) -> None:
        async with self.sessionmaker() as session:
            for shown in await delivery.progress_to_show(session):
                with self.i18n.context(), self.i18n.use_locale(shown.locale):
                    text, markup = self.render(shown.progress, self.clock.now())
                try:
                    await self.bot.edit_message_text(
                        text=text, chat_id=shown.chat_id, message_id=shown.message_id, reply_markup=markup
                    )
                except TelegramBadRequest as error:
                    if "message is not modified" not in error.message:
                        logger.warning("progress of broadcast %s: %s", shown.broadcast_id, error.message)
                except TelegramAPIError as error:
                    logger.warning("progress of broadcast %s: %s", shown.broadcast_id, error)
                    continue
                if shown.progress.done:
                    await delivery.mark_progress_finished(session, shown.broadcast_id, now=self.clock.now())
