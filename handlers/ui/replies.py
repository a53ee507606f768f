"""Small helpers for answering a button press."""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

_SEND_INSTEAD = ("message can't be edited", "message to edit not found", "there is no text in the message to edit")


async def edit_or_send(query: CallbackQuery, text: str, **kwargs: Any) -> None:
    """Replace the pressed message; send a new one if it can no longer be edited."""
    message = query.message
    if isinstance(message, Message):
        try:
            await message.edit_text(text, **kwargs)
            return
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return  # the same button pressed twice: the screen is already right
            # A photo or a document (a tutorial's picture, an export) has no text to replace.
            if not any(reason in error.message for reason in _SEND_INSTEAD):
                raise
    if query.bot is not None and query.message is not None:
        await query.bot.send_message(query.message.chat.id, text, **kwargs)


def refuse(callback_answer: CallbackAnswer, text: str | None = None) -> None:
    """Answer a press that may not do anything (stale or forged) with an alert; nothing changes."""
    callback_answer.text = text or _("This button is no longer active.")
    callback_answer.show_alert = True
