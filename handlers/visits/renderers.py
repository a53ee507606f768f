"""The proactive messages about visits, written at send time in the recipient's
language from the kind's Payload (bot/services/visits/reminders.py)."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.services.delivery import Claimed
from bot.services.visits import reminders
from bot.services.visits.reminders import DigestPayload, Event, NoticePayload, ReminderAtSend
from handlers.ui.cutting import cut_html, cut_plain
from handlers.visits import keyboards, texts

# A day of visits with long notes stays one message under Telegram's 4,096 characters.
DIGEST_NOTE_MAX = 300


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    def reminder(row: Claimed) -> Rendered:
        """Written from the send time: a reminder held by quiet hours says how long is really left;
        the payload's `confirmed` is read again just before (reminders.refresh_reminder)."""
        p = ReminderAtSend.of(row.params)
        # Without a claim time (a preview), the time it was due.
        sending_at = row.claimed_at or reminders.reminder_times(p.starts_at, tz)[p.which]
        lines = [
            texts.reminder_head(p.starts_at, sending_at, tz),
            "",
            *texts.visit_lines(p.kind, p.starts_at, p.animator, tz),
        ]
        if p.confirmed:
            lines += ["", _("👍 You have confirmed it. See you then!")]
        return Rendered("\n".join(lines), keyboards.reminder(p.visit_id, confirmed=p.confirmed))

    def notice(row: Claimed) -> Rendered:
        p = NoticePayload.of(row.params)
        lines = _notice_lines(p, tz)
        if p.late and p.event is not Event.message:
            lines.insert(0, _("⚠️ Late change: less than 24 hours before."))
        if p.by_tenant:
            return Rendered("\n".join(lines), keyboards.open_visit(p.visit_id))
        if p.event is Event.missed:
            return Rendered("\n".join(lines), keyboards.rebook())
        return Rendered("\n".join(lines), keyboards.my_visits())

    def digest(row: Claimed) -> Rendered:
        p = DigestPayload.of(row.params)
        lines = [_("☀️ <b>Your visits today, {day}</b>").format(day=texts.day_label(p.day)), ""]
        for item in p.visits:
            marks = ("⚠️" if item.late else "") + ("👍" if item.confirmed else "")
            lines.append(f"<b>{texts.clock(item.starts_at, tz)}</b> {marks} {texts.kind_name(item.kind)}")
            lines.append("🏠 " + escape(item.reference) + " · " + escape(item.address or ""))
            if item.note:  # the whole note is on the visit's card, one tap away (the buttons below)
                lines.append("📝 " + escape(cut_plain(item.note, DIGEST_NOTE_MAX)))
            if item.photo:
                lines.append(_("📷 A photo is attached to the visit"))
            lines.append("")
        buttons = keyboards.digest(((item.visit_id, item.starts_at, item.reference) for item in p.visits), tz)
        return Rendered(cut_html("\n".join(lines).strip()), buttons)

    return {reminders.REMINDER: reminder, reminders.NOTICE: notice, reminders.DIGEST: digest}


def _notice_lines(p: NoticePayload, tz: ZoneInfo) -> list[str]:
    """The head for the event (a booking's, for an event this side is not told of), the visit, the details."""
    details = texts.visit_lines(p.kind, p.starts_at, None if p.by_tenant else p.animator, tz)
    reference = escape(p.reference)
    if p.by_tenant:
        heads = {
            Event.booked: _("📅 New visit booked by household {reference}:"),
            Event.moved: _("🔁 Household {reference} moved their visit:"),
            Event.cancelled: _("✖️ Household {reference} cancelled their visit:"),
            Event.note: _("📝 Household {reference} added a note or a photo to their visit:"),
        }
        lines = [heads.get(p.event, heads[Event.booked]).format(reference=reference), "", *details]
    else:
        heads = {
            Event.booked: _("📅 A home visit is booked for you:"),
            Event.moved: _("🔁 Your home visit has moved:"),
            Event.cancelled: _("✖️ Your home visit is cancelled:"),
            Event.message: _("✉️ A message from your animator about your visit:"),
            Event.missed: _("🚫 Your animator came for this visit, but nobody was home:"),
        }
        lines = [heads.get(p.event, heads[Event.booked]), "", *details]
    if p.event is Event.moved and p.previous_start:
        lines.append(_("(was {when})").format(when=texts.when(p.previous_start, tz)))
    if p.event is Event.booked and not p.by_tenant:
        lines += ["", *texts.purpose_lines(p.kind)]
    if p.event is Event.cancelled and p.reason:
        lines.append(_("Reason: {reason}").format(reason=texts.reason_text(p.reason)))
    if p.message:
        lines += ["", "💬 " + escape(p.message)]
    if p.event is Event.missed:
        lines += ["", _("It happens. Would you like another time? Tap below to book one.")]
    return lines
