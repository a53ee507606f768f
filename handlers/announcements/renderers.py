"""How a message to tenants is written at send time (bot/services/announcements.KIND).

The kind has no parameters: the row's text is the message as written; the
header is added here, in each tenant's language."""

from __future__ import annotations

from bot.delivery.render import Rendered, Renderer
from bot.services import announcements
from bot.services.delivery import Claimed
from handlers.announcements import texts


def render_announcement(row: Claimed) -> Rendered:
    return Rendered(texts.as_received(row.text or ""))


def renderers() -> dict[str, Renderer]:
    return {announcements.KIND: render_announcement}
