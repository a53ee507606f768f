"""Small helpers for answering a button press."""

from __future__ import annotations

from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

_SEND_INSTEAD = ("message can't be edited", "message to edit not found", "there is no text in the message to edit")
# The entities a shown message comes back with are written out by aiogram with html.escape(quote=False);
# our texts sometimes escape quotes too: both sides are read the same way before they are compared.
_QUOTES = (("&quot;", '"'), ("&#x27;", "'"), ("&#39;", "'"))


def _normalised(html: str) -> str:
    for entity, char in _QUOTES:
        html = html.replace(entity, char)
    return html.strip()


def _markup(markup: Any) -> Any:
    if isinstance(markup, InlineKeyboardMarkup):
        return markup.model_dump(exclude_none=True, exclude_defaults=True)
    return markup


def unchanged(message: Message, text: str, reply_markup: Any = None) -> bool:
    """Whether editing `message` to this text and keyboard would change nothing a person sees
    (Telegram refuses such an edit: "message is not modified")."""
    if message.text is None or message.photo or message.document:
        return False
    if _normalised(message.html_text) != _normalised(text):
        return False
    return _markup(message.reply_markup) == _markup(reply_markup)


async def edit_or_send(query: CallbackQuery, text: str, **kwargs: Any) -> None:
    """Replace the pressed message; send a new one if it can no longer be edited.

    The same button pressed twice (the same menu item, a page already shown) would edit the
    message to what it already is: that edit is not sent at all."""
    message = query.message
    if isinstance(message, Message):
        if set(kwargs) <= {"reply_markup"} and unchanged(message, text, kwargs.get("reply_markup")):
            return
        try:
            await message.edit_text(text, **kwargs)
            return
        except TelegramBadRequest as error:
            if "message is not modified" in error.message:
                return  # formatting written another way than Telegram gives it back: still the same screen
            # A photo or a document (a tutorial's picture, an export) has no text to replace.
            if not any(reason in error.message for reason in _SEND_INSTEAD):
                raise
    if query.bot is not None and query.message is not None:
        await query.bot.send_message(query.message.chat.id, text, **kwargs)


def refuse(callback_answer: CallbackAnswer, text: str | None = None) -> None:
    """Answer a press that may not do anything (stale or forged) with an alert; nothing changes."""
    callback_answer.text = text or _("This button is no longer active.")
    callback_answer.show_alert = True
