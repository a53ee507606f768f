"""What a message sent to the relay carries (a text, a photo or a voice note), for both sides."""

from __future__ import annotations

from aiogram.types import Message

from bot.models import RelayKind
from bot.services.relay import Content


def content_of(message: Message) -> Content | None:
    """None for anything else, and for a command typed by mistake (it is not sent on)."""
    if message.text is not None:
        return None if message.text.startswith("/") else Content(RelayKind.text, message.text)
    if message.photo:
        return Content(RelayKind.photo, message.caption, message.photo[-1].file_id)
    if message.voice is not None:
        return Content(RelayKind.voice, message.caption, message.voice.file_id)
    return None
