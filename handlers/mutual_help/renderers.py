"""What a visit's guest is told (bot/services/visits/guests.py), written at send time in their language."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from bot.delivery.render import Rendered, Renderer
from bot.services.delivery import Claimed
from bot.services.visits import guests
from bot.services.visits.guests import GuestEvent, GuestNoticePayload, GuestReminderPayload
from bot.services.visits.reminders import Which
from handlers.mutual_help import keyboards, texts
from handlers.ui.menus import back_to_menu


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    def notice(row: Claimed) -> Rendered:
        p = GuestNoticePayload.of(row.params)
        lines = [texts.notice_head(p.event), "", *texts.guest_lines(p, tz)]
        if p.event is GuestEvent.moved and p.previous_start:
            lines.append("(" + texts.when(p.previous_start, tz) + ")")
        if p.event is GuestEvent.cancelled:
            return Rendered("\n".join(lines), back_to_menu())
        lines += ["", texts.answer_question()]
        return Rendered("\n".join(lines), keyboards.guest_answer(p.guest_id))

    def reminder(row: Claimed) -> Rendered:
        p = GuestReminderPayload.of(row.params)
        lines = [texts.reminder_head(p.which is Which.eve), "", *texts.guest_lines(p, tz)]
        return Rendered("\n".join(lines), keyboards.guest_answer(p.guest_id, confirmed=p.confirmed))

    return {guests.GUEST_NOTICE: notice, guests.GUEST_REMINDER: reminder}
