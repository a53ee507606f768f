"""How a tutorial's step reaches the screen, with its picture.

A step with a picture (the content's diagram, else the first photo the team added and a
coordinator approved) is a photo whose caption is the step's text, when the text fits
Telegram's 1024-character caption; else the photo, then the text. A step without one is a
text message. The pressed message is edited in place where Telegram allows it (text to text,
photo to photo); otherwise the step comes as a new message, and the old one loses its buttons
so only one Previous / Next stays on screen.
"""

from __future__ import annotations

import html
import re

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import (
    CallbackQuery,
    FSInputFile,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
)

from bot.services import content
from bot.services.content import MAX_CAPTION_CHARS, Tutorial
from bot.services.contributions import OnStep
from handlers.content import keyboards, texts
from handlers.ui.replies import edit_or_send

_TAG = re.compile(r"<[^>]+>")
Picture = FSInputFile | str  # a content file, or a Telegram file_id of the team's photo


def visible_length(text: str) -> int:
    """What Telegram counts in a caption: the text without its HTML tags, in UTF-16 units."""
    return len(html.unescape(_TAG.sub("", text)).encode("utf-16-le")) // 2


def _picture(tutorial: Tutorial, index: int, extras: OnStep) -> tuple[Picture | None, str, tuple[str, ...]]:
    """The step's picture, its caption (HTML) and the team's photos it leaves for "More photos"."""
    step = tutorial.steps[index]
    if step.images:
        image = step.images[0]
        return FSInputFile(image.path), content.inline_html(image.caption), extras.photos
    if extras.photos:
        return extras.photos[0], "", extras.photos[1:]
    return None, "", ()


async def _retire(message: Message) -> None:
    """The old step's buttons go: the new message carries Previous / Next."""
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest:
        pass  # already without buttons, or too old to edit: nothing to take away


async def show_step(
    query: CallbackQuery, tutorial: Tutorial, index: int, extras: OnStep, contribute: bool, withdraw: bool = False
) -> None:
    text = content.render_step(tutorial, index, texts.labels())
    picture, picture_caption, more = _picture(tutorial, index, extras)
    markup = keyboards.tutorial_step(
        tutorial, index, listen=bool(extras.voices), more_photos=len(more), contribute=contribute, withdraw=withdraw
    )
    message = query.message if isinstance(query.message, Message) else None
    if picture is None:
        if message is None or message.text is not None:
            await edit_or_send(query, text, reply_markup=markup)
            return
        await _send(query, message, text, markup)
        return
    caption = f"{text}\n\n🖼 {picture_caption}" if picture_caption else text
    if visible_length(caption) > MAX_CAPTION_CHARS:
        caption = text
    if visible_length(caption) <= MAX_CAPTION_CHARS:
        if message is not None and message.photo:
            try:
                await message.edit_media(InputMediaPhoto(media=picture, caption=caption), reply_markup=markup)
                return
            except TelegramBadRequest as error:
                if "not modified" in error.message:
                    return
        await _send(query, message, caption, markup, picture=picture)
        return
    # Too long for a caption: the picture with its own caption, then the text with the buttons.
    await _send(query, message, picture_caption, None, picture=picture)
    await _send(query, None, text, markup)


async def _send(
    query: CallbackQuery,
    retire: Message | None,
    text: str,
    markup: InlineKeyboardMarkup | None,
    *,
    picture: Picture | None = None,
) -> None:
    if query.bot is None or query.message is None:
        return
    chat_id = query.message.chat.id
    if retire is not None:
        await _retire(retire)
    if picture is None:
        await query.bot.send_message(chat_id, text, reply_markup=markup)
    else:
        await query.bot.send_photo(chat_id, picture, caption=text or None, reply_markup=markup)


async def show_text(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """A text screen (the overview, the card) from a step that may be a photo."""
    message = query.message if isinstance(query.message, Message) else None
    if message is None or message.text is not None:
        await edit_or_send(query, text, reply_markup=markup)
        return
    await _send(query, message, text, markup)


async def send_photos(query: CallbackQuery, file_ids: tuple[str, ...]) -> None:
    """The team's photos of a step, one message each, numbered."""
    if query.bot is None or query.message is None:
        return
    for number, file_id in enumerate(file_ids, start=1):
        await query.bot.send_photo(query.message.chat.id, file_id, caption=texts.team_photo(number, len(file_ids)))


async def send_voices(query: CallbackQuery, file_ids: tuple[str, ...]) -> None:
    if query.bot is None or query.message is None:
        return
    for file_id in file_ids:
        await query.bot.send_voice(query.message.chat.id, file_id)


async def send_overview_images(query: CallbackQuery, tutorial: Tutorial) -> bool:
    """The tutorial's overview pictures (validated to exist and fit Telegram's limits)."""
    if query.bot is None or not isinstance(query.message, Message):
        return False
    for image in tutorial.images:
        await query.bot.send_photo(
            query.message.chat.id, FSInputFile(image.path), caption=content.inline_html(image.caption) or None
        )
    return True
