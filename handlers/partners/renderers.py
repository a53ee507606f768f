"""The partners' proactive messages, written at send time in the recipient's language."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.services import referrals
from bot.services.delivery import Claimed
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import ReferralOpenCallback
from handlers.ui.layout import button, keyboard
from handlers.ui.menus import back_to_menu_button


def renderers() -> dict[str, Renderer]:
    def received(row: Claimed) -> Rendered:
        payload = referrals.ReceivedPayload.of(row.params)
        markup = keyboard(
            [button(_("📨 Open the referral"), ReferralOpenCallback(referral_id=payload.referral_id))],
            [back_to_menu_button()],
        )
        return Rendered(texts.received(payload.organisation, payload.site, payload.urgency), markup)

    def accepted(row: Claimed) -> Rendered:
        payload = referrals.DecidedPayload.of(row.params)
        text = texts.told_accepted(payload.site, payload.created_on, payload.reference, payload.animator)
        return Rendered(text, keyboards.back_to_my_referrals())

    def declined(row: Claimed) -> Rendered:
        payload = referrals.DecidedPayload.of(row.params)
        return Rendered(
            texts.told_declined(payload.site, payload.created_on, payload.reason), keyboards.back_to_my_referrals()
        )

    return {referrals.RECEIVED: received, referrals.ACCEPTED: accepted, referrals.DECLINED: declined}
