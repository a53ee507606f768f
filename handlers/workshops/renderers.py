"""The proactive messages about workshops, written at send time in the recipient's language
from the kind's payload (bot/services: InvitationPayload, ReminderPayload, PromotedPayload,
ChangedPayload, CancelledPayload). The invitation's preview calls `invitation` directly."""

from __future__ import annotations

from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import gettext as _

from bot.delivery.render import Rendered, Renderer
from bot.models import RsvpAnswer
from bot.services import rsvp, workshop_invitations, workshops
from bot.services.delivery import Claimed
from bot.services.rsvp import PromotedPayload, Reminder, ReminderPayload, WorkshopSnapshot
from bot.services.workshop_invitations import InvitationPayload
from bot.services.workshops import CancelledPayload, ChangedPayload
from handlers.workshops import texts
from handlers.workshops.keyboards import rsvp_buttons


def _lines(payload: WorkshopSnapshot, locale: str, tz: ZoneInfo) -> list[str]:
    """The workshop in the recipient's language: its title in their language when staff typed one."""
    return texts.details(
        payload.title_in(locale), payload.starts_at, payload.place, payload.bring, payload.children_welcome, tz, locale
    )


def invitation(payload: InvitationPayload, locale: str, tz: ZoneInfo) -> Rendered:
    """The invitation, with what the workshop is about (its description) and, for a series, the next dates."""
    head = _("🔔 Reminder: you have not answered yet.") if payload.again else _("📨 You are invited!")
    lines = _lines(payload, locale, tz)
    description = payload.description_in(locale)
    if description:
        lines.insert(1, escape(description))
    if payload.more_dates:
        lines.append(texts.more_dates(payload.more_dates, tz, locale))
    text = "\n".join([head, "", *lines, "", _("Will you come?")])
    return Rendered(text, rsvp_buttons(payload.workshop_id))


def reminder(payload: ReminderPayload, locale: str, tz: ZoneInfo) -> Rendered:
    head = (
        _("⏰ Reminder: in two days, the workshop:")
        if payload.which is Reminder.two_days
        else _("⏰ Today, the workshop:")
    )
    text = "\n".join([head, "", *_lines(payload, locale, tz)])
    return Rendered(text, rsvp_buttons(payload.workshop_id, (RsvpAnswer.no,)))


def promoted(payload: PromotedPayload, locale: str, tz: ZoneInfo) -> Rendered:
    text = "\n".join([_("🎉 A seat is free: you are registered!"), "", *_lines(payload, locale, tz)])
    return Rendered(text, rsvp_buttons(payload.workshop_id, (RsvpAnswer.no,)))


def changed(payload: ChangedPayload, locale: str, tz: ZoneInfo) -> Rendered:
    text = "\n".join([_("✏️ Change to a workshop you are registered for:"), "", *_lines(payload, locale, tz)])
    return Rendered(text, rsvp_buttons(payload.workshop_id, (RsvpAnswer.no,)))


def cancelled(payload: CancelledPayload, locale: str, tz: ZoneInfo) -> Rendered:
    head = _("✖️ Cancelled: this workshop will not take place. Sorry!")
    return Rendered("\n".join([head, "", *_lines(payload, locale, tz)[:2]]))


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    def render_invitation(row: Claimed) -> Rendered:
        return invitation(InvitationPayload.of(row.params), row.locale, tz)

    def render_reminder(row: Claimed) -> Rendered:
        return reminder(ReminderPayload.of(row.params), row.locale, tz)

    def render_promoted(row: Claimed) -> Rendered:
        return promoted(PromotedPayload.of(row.params), row.locale, tz)

    def render_changed(row: Claimed) -> Rendered:
        return changed(ChangedPayload.of(row.params), row.locale, tz)

    def render_cancelled(row: Claimed) -> Rendered:
        return cancelled(CancelledPayload.of(row.params), row.locale, tz)

    return {
        workshop_invitations.INVITATION: render_invitation,
        rsvp.REMINDER: render_reminder,
        rsvp.PROMOTED: render_promoted,
        workshops.CHANGED: render_changed,
        workshops.CANCELLED: render_cancelled,
    }
