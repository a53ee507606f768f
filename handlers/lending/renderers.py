"""The tool reminder, written at send time in the tenant's language (bot/services/lending.py)."""

from __future__ import annotations

from bot.delivery.render import Rendered, Renderer
from bot.services import lending
from bot.services.delivery import Claimed
from bot.services.lending import ToolReminderPayload
from handlers.lending import keyboards, texts


def renderers() -> dict[str, Renderer]:
    def reminder(row: Claimed) -> Rendered:
        p = ToolReminderPayload.of(row.params)
        return Rendered(texts.reminder(p.tool, p.quantity, p.due_on), keyboards.borrowed())

    return {lending.REMINDER: reminder}
