"""How a message to tenants is written at send time (bot/services/announcements.KIND).

The row's text is the message as written in the programme's language; its payload holds the
versions staff added in other languages. Each tenant gets the one in their language (the main
one otherwise), under the header in their language."""

from __future__ import annotations

from bot.delivery.render import Rendered, Renderer
from bot.services import announcements, languages
from bot.services.announcements import AnnouncementPayload
from bot.services.delivery import Claimed
from handlers.announcements import texts


def render_announcement(row: Claimed) -> Rendered:
    versions = AnnouncementPayload.of(row.params).versions
    return Rendered(texts.as_received(languages.pick(row.text or "", versions, row.locale)))


def renderers() -> dict[str, Renderer]:
    return {announcements.KIND: render_announcement}
