"""The partners' proactive messages, written at send time in the recipient's language."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.services import referrals
from bot.services.delivery import Claimed
from bot.services.visits import guests
from bot.services.visits.guests import GuestEvent, GuestNoticePayload, GuestReminderPayload
from bot.services.visits.reminders import Which
from handlers.partners import keyboards, texts
from handlers.partners.callbacks import ReferralOpenCallback
from handlers.ui.layout import button, keyboard
from handlers.ui.menus import back_to_menu_button


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
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

    def visit_notice(row: Claimed) -> Rendered:
        p = GuestNoticePayload.of(row.params)
        lines = [texts.referent_notice_head(p.event), "", *texts.visit_lines(p, tz)]
        if p.event is GuestEvent.moved and p.previous_start:
            lines.append(texts.referent_was(p.previous_start, tz))
        if p.event is GuestEvent.cancelled:
            return Rendered("\n".join(lines), keyboards.back_to_my_referrals())
        lines += ["", texts.referent_question()]
        return Rendered("\n".join(lines), keyboards.referent_visit_answer(p.guest_id))

    def visit_reminder(row: Claimed) -> Rendered:
        p = GuestReminderPayload.of(row.params)
        lines = [texts.referent_reminder_head(p.which is Which.eve), "", *texts.visit_lines(p, tz)]
        return Rendered("\n".join(lines), keyboards.referent_visit_answer(p.guest_id, confirmed=p.confirmed))

    return {
        referrals.RECEIVED: received,
        referrals.ACCEPTED: accepted,
        referrals.DECLINED: declined,
        guests.REFERENT_NOTICE: visit_notice,
        guests.REFERENT_REMINDER: visit_reminder,
    }
