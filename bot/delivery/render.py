"""Turning an outbox row into the text and buttons a person receives.

A row either carries its text (rendered when it was queued), or a kind whose
renderer runs at send time, inside the recipient's current language, so a
person who changed language yesterday gets today's reminder in the new one.
Feature modules declare theirs (handlers.get_renderers() gathers them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from aiogram.types import InlineKeyboardMarkup

from bot.services.delivery import Claimed


@dataclass(frozen=True)
class Rendered:
    """A text message, or a photo or voice note (a Telegram file_id) with `text` as its caption."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    photo: str | None = None
    voice: str | None = None


Renderer = Callable[[Claimed], Rendered]


class UnknownKind(Exception):
    """No renderer for this kind: a programming error, the row fails with this reason."""


def render_stored_text(row: Claimed) -> Rendered:
    if row.text is None:
        raise UnknownKind(f"{row.kind}: no text and no renderer")
    markup = InlineKeyboardMarkup.model_validate(row.reply_markup) if row.reply_markup else None
    return Rendered(row.text, markup)


def render(row: Claimed, renderers: Mapping[str, Renderer]) -> Rendered:
    renderer = renderers.get(row.kind)
    if renderer is not None:
        return renderer(row)
    return render_stored_text(row)
