"""The households' proactive messages, written at send time in the tenant's language."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.services import households
from bot.services.delivery import Claimed
from handlers.ui.menus import back_to_menu


def renderers() -> dict[str, Renderer]:
    def ended(row: Claimed) -> Rendered:
        households.EndedPayload.of(row.params)  # checks the row is one of ours
        text = "\n\n".join(
            [
                _("🏁 <b>Your accompaniment has ended.</b>"),
                _("Thank you for all the work you did in your home!"),
                _(
                    "No more home visits are booked from now on. You can still use the tutorials and the "
                    "energy tips, come to the workshops and write to your animator."
                ),
            ]
        )
        return Rendered(text, back_to_menu())

    return {households.ENDED: ended}
