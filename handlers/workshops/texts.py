"""How workshops read in the chat, for staff and tenants, and the proactive
messages about them (rendered at send time in the recipient's language)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.delivery.render import Rendered, Renderer
from bot.i18n import format_day_time
from bot.models import RsvpAnswer, Workshop, WorkshopStatus, WorkshopTheme
from bot.services import rsvp, workshop_invitations, workshops
from bot.services.delivery import Claimed
from bot.services.rsvp import Counts
from bot.services.workshops import Draft
from handlers.workshops.callbacks import RsvpCallback

THEME_NAMES = {
    WorkshopTheme.diy: __("🔨 DIY workshop"),
    WorkshopTheme.energy: __("💡 Energy and water savings"),
    WorkshopTheme.rights: __("⚖️ Tenants' rights and duties"),
    WorkshopTheme.maintenance: __("🧽 Looking after the home"),
    WorkshopTheme.neighbourhood: __("🏘 Neighbourhood life"),
    WorkshopTheme.other: __("✨ Other theme"),
}

ANSWER_NAMES = {
    RsvpAnswer.yes: __("✅ I'm coming"),
    RsvpAnswer.maybe: __("🤔 Maybe"),
    RsvpAnswer.no: __("❌ I can't"),
    RsvpAnswer.waiting: __("⏳ On the waiting list"),
}


def when(moment: datetime, tz: ZoneInfo) -> str:
    return format_day_time(moment, I18n.get_current().current_locale, tz)


def _details(title: str, starts_at: datetime, place: str, bring: str | None, children: bool, tz: ZoneInfo) -> list[str]:
    lines = [f"<b>{escape(title)}</b>", "🗓 " + when(starts_at, tz), "📍 " + escape(place)]
    if bring:
        lines.append(_("🎒 Bring: {what}").format(what=escape(bring)))
    lines.append(_("👶 Children welcome") if children else _("👶 Without children, please"))
    return lines


def summary_lines(draft: Draft, tz: ZoneInfo) -> list[str]:
    """A workshop not created yet, for the check screen."""
    lines = _details(draft.title, draft.starts_at, draft.place, draft.bring, draft.children_welcome, tz)
    if draft.description:
        lines.insert(1, escape(draft.description))
    return lines


def summary(workshop: Workshop, tz: ZoneInfo) -> str:
    lines = _details(workshop.title, workshop.starts_at, workshop.place, workshop.bring, workshop.children_welcome, tz)
    if workshop.description:
        lines.insert(1, escape(workshop.description))
    if workshop.status is WorkshopStatus.cancelled:
        lines.insert(0, _("✖️ CANCELLED"))
    return "\n".join(lines)


def staff_summary(workshop: Workshop, counts: Counts, tz: ZoneInfo) -> str:
    seats = _("Seats: {taken}/{capacity}").format(taken=workshop.seats_taken, capacity=workshop.capacity)
    answers = _("✅ {yes} · 🤔 {maybe} · ❌ {no} · ⏳ {waiting} · no answer: {none}").format(
        yes=counts.yes, maybe=counts.maybe, no=counts.no, waiting=counts.waiting, none=counts.no_answer
    )
    series = [_("🔁 Part of a series")] if workshop.series_id else []
    return "\n".join([summary(workshop, tz), *series, "", seats, answers])


def my_answer(answer: RsvpAnswer | None, position: int | None) -> str:
    if answer is None:
        return _("You have not answered yet.")
    if answer is RsvpAnswer.waiting:
        return _("⏳ You are number {position} on the waiting list.").format(position=position or 1)
    return _("Your answer: {answer}").format(answer=ANSWER_NAMES[answer])


def rsvp_buttons(
    workshop_id: int, answers: tuple[RsvpAnswer, ...] = (RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.no)
) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for answer in answers:
        builder.button(
            text=str(ANSWER_NAMES[answer]), callback_data=RsvpCallback(workshop_id=workshop_id, answer=answer)
        )
    builder.adjust(1)
    return builder.as_markup()


def _from_params(params: dict[str, Any], tz: ZoneInfo) -> list[str]:
    return _details(
        params["title"],
        datetime.fromisoformat(params["starts_at"]),
        params["place"],
        params.get("bring"),
        bool(params.get("children_welcome")),
        tz,
    )


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    def invitation(row: Claimed) -> Rendered:
        head = _("🔔 Reminder: you have not answered yet.") if row.params.get("again") else _("📨 You are invited!")
        text = "\n".join([head, "", *_from_params(row.params, tz), "", _("Will you come?")])
        return Rendered(text, rsvp_buttons(row.params["workshop_id"]))

    def reminder(row: Claimed) -> Rendered:
        head = (
            _("⏰ Reminder: in two days, the workshop:")
            if row.params.get("which") == rsvp.Reminder.two_days.value
            else _("⏰ Today, the workshop:")
        )
        text = "\n".join([head, "", *_from_params(row.params, tz)])
        return Rendered(text, rsvp_buttons(row.params["workshop_id"], (RsvpAnswer.no,)))

    def promoted(row: Claimed) -> Rendered:
        text = "\n".join([_("🎉 A seat is free: you are registered!"), "", *_from_params(row.params, tz)])
        return Rendered(text, rsvp_buttons(row.params["workshop_id"], (RsvpAnswer.no,)))

    def changed(row: Claimed) -> Rendered:
        text = "\n".join([_("✏️ Change to a workshop you are registered for:"), "", *_from_params(row.params, tz)])
        return Rendered(text, rsvp_buttons(row.params["workshop_id"], (RsvpAnswer.no,)))

    def cancelled(row: Claimed) -> Rendered:
        text = "\n".join(
            [_("✖️ Cancelled: this workshop will not take place. Sorry!"), "", *_from_params(row.params, tz)[:2]]
        )
        return Rendered(text)

    return {
        workshop_invitations.INVITATION: invitation,
        rsvp.REMINDER: reminder,
        rsvp.PROMOTED: promoted,
        workshops.CHANGED: changed,
        workshops.CANCELLED: cancelled,
    }
