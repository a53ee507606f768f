"""How a relayed message is written at send time, in the reader's language (bot/services/relay.KIND)."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.models import RelayDirection, RelayKind, Role
from bot.services import relay
from bot.services.delivery import Claimed
from bot.services.relay import RelayPayload
from handlers.relay import keyboards


def render_relay(row: Claimed) -> Rendered:
    payload = RelayPayload.of(row.params)
    name = escape(payload.sender or "", quote=False)
    if payload.direction is RelayDirection.to_team:
        lines = []
        if payload.emergency:
            lines.append(_("🚨 <b>EMERGENCY WORDS</b> – the tenant was given the emergency numbers."))
        lines.append(
            _("✉️ <b>Household {reference}</b> – {name}").format(
                reference=escape(payload.reference), name=name or _("a tenant")
            )
        )
        markup = keyboards.reply_to_household(payload.household_id)
    else:
        if not name:
            lines = [_("✉️ <b>Your programme team:</b>")]
        elif payload.sender_role is Role.animator:
            lines = [_("✉️ <b>{name}, your animator:</b>").format(name=name)]
        else:
            lines = [_("✉️ <b>{name}, programme team:</b>").format(name=name)]
        markup = keyboards.reply_to_team()
    if payload.media is RelayKind.voice:
        lines.append(_("🎤 Voice note"))
    if row.text:
        lines += ["", escape(row.text, quote=False)]
    return Rendered(
        "\n".join(lines),
        markup,
        photo=payload.file_id if payload.media is RelayKind.photo else None,
        voice=payload.file_id if payload.media is RelayKind.voice else None,
    )


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    return {relay.KIND: render_relay}
