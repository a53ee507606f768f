"""The worksite's proactive message, written at send time in the tenant's language."""

from __future__ import annotations

from bot.delivery.render import Rendered, Renderer
from bot.services.delivery import Claimed
from bot.services.worksite import contract
from handlers.worksite import keyboards, texts


def renderers() -> dict[str, Renderer]:
    def proposed(row: Claimed) -> Rendered:
        payload = contract.ProposedPayload.of(row.params)
        return Rendered(texts.proposed(payload.version), keyboards.proposed())

    return {contract.PROPOSED: proposed}
