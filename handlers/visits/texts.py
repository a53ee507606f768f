"""How home visits read in the chat, and the proactive messages about them
(rendered at send time in the recipient's language)."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date

from bot.delivery.render import Rendered, Renderer
from bot.i18n import format_clock, format_day_time
from bot.models import Visit, VisitKind, VisitStatus
from bot.services.delivery import Claimed
from bot.services.visits import reminders
from bot.services.visits.booking import Refusal
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.visits.callbacks import VisitAction, VisitActionCallback, VisitCallback

KIND_NAMES = {
    VisitKind.tripartite: __("🤝 First meeting (with the social referent)"),
    VisitKind.preparation: __("📐 Preparation visit"),
    VisitKind.works: __("🛠 Works session"),
    VisitKind.encouragement: __("💬 Follow-up visit"),
    VisitKind.closing: __("🏁 Closing visit (with the social referent)"),
}

PURPOSE = {
    VisitKind.tripartite: __(
        "You, your animator and your social worker meet to talk about your home and your project."
    ),
    VisitKind.preparation: __("Your animator looks at the rooms with you and lists the materials needed."),
    VisitKind.works: __("You do the works together with your animator."),
    VisitKind.encouragement: __("Your animator sees how the works are going and helps with what is difficult."),
    VisitKind.closing: __("You look back at what was done and talk about what comes next, with your social worker."),
}

PREPARE = {
    VisitKind.tripartite: __(
        "Have your lease and any letters from your landlord at hand, and a list of what you want to improve."
    ),
    VisitKind.preparation: __("Clear the way to the walls to be done. If you can, take photos of the problem."),
    VisitKind.works: __(
        "Wear old clothes. Move furniture away from the walls. Keep children and pets out of the room."
    ),
    VisitKind.encouragement: __("Note what you did since the last visit and your questions."),
    VisitKind.closing: __("Think about what went well and what could be better."),
}

STATUS_MARKS = {VisitStatus.booked: "🗓", VisitStatus.done: "✅", VisitStatus.missed: "🚫", VisitStatus.cancelled: "✖️"}

STATUS_NAMES = {
    VisitStatus.booked: __("Booked"),
    VisitStatus.done: __("Done"),
    VisitStatus.missed: __("Missed (nobody home)"),
    VisitStatus.cancelled: __("Cancelled"),
}


def locale() -> str:
    return I18n.get_current().current_locale


def when(moment: datetime, tz: ZoneInfo) -> str:
    return format_day_time(moment, locale(), tz)


def clock(moment: datetime, tz: ZoneInfo) -> str:
    return format_clock(moment, locale(), tz)


def day_label(day: date) -> str:
    text = format_date(day, "EEEE d MMMM", locale=locale())
    return text[:1].upper() + text[1:]  # "Mardi 1 décembre": str.capitalize() would lower the month


def kind_name(kind: VisitKind | str) -> str:
    return str(KIND_NAMES[VisitKind(kind)])


def visit_lines(kind: VisitKind, starts_at: datetime, animator: str | None, tz: ZoneInfo) -> list[str]:
    lines = [f"<b>{kind_name(kind)}</b>", "🗓 " + when(starts_at, tz)]
    if animator:
        lines.append(_("👷 With {name}").format(name=escape(animator)))
    return lines


def purpose_lines(kind: VisitKind) -> list[str]:
    return [str(PURPOSE[kind]), "", _("<b>To prepare:</b> {what}").format(what=PREPARE[kind])]


def tenant_card(visit: Visit, animator: str | None, tz: ZoneInfo) -> str:
    lines = visit_lines(visit.kind, visit.starts_at, animator, tz)
    if visit.status is not VisitStatus.booked:
        lines.insert(0, f"{STATUS_MARKS[visit.status]} {STATUS_NAMES[visit.status]}")
    lines += ["", *purpose_lines(visit.kind)]
    if visit.tenant_note:
        lines += ["", _("📝 Your note: {note}").format(note=escape(visit.tenant_note))]
    if visit.photo_file_id:
        lines.append(_("📷 Photo sent"))
    return "\n".join(lines)


def staff_card(visit: Visit, reference: str, address: str | None, tenants: list[str], tz: ZoneInfo) -> str:
    lines = [
        f"{STATUS_MARKS[visit.status]} <b>{kind_name(visit.kind)}</b> · {STATUS_NAMES[visit.status]}",
        "🗓 " + when(visit.starts_at, tz),
        "🏠 " + escape(reference) + (f" · {escape(address)}" if address else ""),
    ]
    if tenants:
        lines.append("👤 " + escape(", ".join(tenants)))
    if visit.late_change:
        lines.append(_("⚠️ Changed less than 24 hours before"))
    if visit.status is VisitStatus.booked and visit.confirmed_at:
        lines.append(_("👍 Confirmed by the household"))
    if visit.tenant_note:
        lines.append(_("📝 Household's note: {note}").format(note=escape(visit.tenant_note)))
    if visit.cancel_reason:
        lines.append(_("Reason: {reason}").format(reason=reason_text(visit.cancel_reason)))
    if visit.referent_present is not None:
        lines.append(_("Social worker present: yes") if visit.referent_present else _("Social worker present: no"))
    if visit.outcome_note:
        lines.append(_("🗒 Note: {note}").format(note=escape(visit.outcome_note)))
    if visit.next_step:
        lines.append(_("➡️ Next step: {step}").format(step=escape(visit.next_step)))
    return "\n".join(lines)


REASON_CODES = {
    "sick": __("🤒 Ill"),
    "busy": __("📆 Not available"),
    "ndd": __("👌 No longer needed"),
}


def reason_code(code: str) -> str:
    """A reason picked from the buttons is stored as a code, shown in each reader's language."""
    return f"#{code}"


def reason_text(stored: str) -> str:
    name = REASON_CODES.get(stored.removeprefix("#")) if stored.startswith("#") else None
    return str(name) if name else escape(stored)


def reminder_buttons(visit_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_("✅ I confirm"), callback_data=VisitActionCallback(visit_id=visit_id, action=VisitAction.confirm)
    )
    builder.button(
        text=_("🔁 I need to move it"), callback_data=VisitActionCallback(visit_id=visit_id, action=VisitAction.move)
    )
    builder.adjust(1)
    return builder.as_markup()


def open_visit_button(visit_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📋 Open the visit"), callback_data=VisitCallback(visit_id=visit_id))
    return builder.as_markup()


def my_visits_button() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text=_("📋 My visits"), callback_data=MenuCallback(action=MenuAction.my_visits))
    return builder.as_markup()


def _moment(params: dict[str, Any], key: str = "starts_at") -> datetime:
    return datetime.fromisoformat(params[key])


def renderers(tz: ZoneInfo) -> dict[str, Renderer]:
    def reminder(row: Claimed) -> Rendered:
        p = row.params
        head = (
            _("⏰ Reminder: your home visit is tomorrow.")
            if p.get("which") == reminders.Which.eve.value
            else _("⏰ Reminder: your home visit is in 2 hours.")
        )
        text = "\n".join([head, "", *visit_lines(VisitKind(p["kind"]), _moment(p), p.get("animator"), tz)])
        return Rendered(text, reminder_buttons(p["visit_id"]))

    def notice(row: Claimed) -> Rendered:
        p = row.params
        event = p.get("event")
        to_staff = row.params.get("to_staff", False)
        lines = _notice_head(p, event, tz)
        if p.get("late") and event != "message":
            lines.insert(0, _("⚠️ Late change: less than 24 hours before."))
        if to_staff or p.get("by_tenant"):
            return Rendered("\n".join(lines), open_visit_button(p["visit_id"]))
        return Rendered("\n".join(lines), my_visits_button())

    def digest(row: Claimed) -> Rendered:
        p = row.params
        visits = p.get("visits", [])
        day = date.fromisoformat(p["day"])
        lines = [_("☀️ <b>Your visits today, {day}</b>").format(day=day_label(day)), ""]
        builder = InlineKeyboardBuilder()
        for item in visits:
            start = datetime.fromisoformat(item["starts_at"])
            marks = ("⚠️" if item.get("late") else "") + ("👍" if item.get("confirmed") else "")
            lines.append(f"<b>{clock(start, tz)}</b> {marks} {kind_name(item['kind'])}")
            lines.append("🏠 " + escape(item["reference"]) + " · " + escape(item.get("address") or ""))
            if item.get("note"):
                lines.append("📝 " + escape(item["note"]))
            if item.get("photo"):
                lines.append(_("📷 A photo is attached to the visit"))
            lines.append("")
            builder.button(
                text=f"{clock(start, tz)} · {item['reference']}"[:60],
                callback_data=VisitCallback(visit_id=item["visit_id"]),
            )
        builder.adjust(1)
        return Rendered("\n".join(lines).strip(), builder.as_markup())

    return {reminders.REMINDER: reminder, reminders.NOTICE: notice, reminders.DIGEST: digest}


def _notice_head(p: dict[str, Any], event: str | None, tz: ZoneInfo) -> list[str]:
    kind = VisitKind(p["kind"])
    details = visit_lines(kind, _moment(p), None if p.get("by_tenant") else p.get("animator"), tz)
    reference = escape(p.get("reference", ""))
    if p.get("by_tenant"):
        heads = {
            "booked": _("📅 New visit booked by household {reference}:"),
            "moved": _("🔁 Household {reference} moved their visit:"),
            "cancelled": _("✖️ Household {reference} cancelled their visit:"),
            "note": _("📝 Household {reference} added a note or a photo to their visit:"),
        }
        lines = [heads.get(event or "", heads["booked"]).format(reference=reference), "", *details]
        if event == "moved" and p.get("previous_start"):
            lines.append(_("(was {when})").format(when=when(_moment(p, "previous_start"), tz)))
    else:
        heads = {
            "booked": _("📅 A home visit is booked for you:"),
            "moved": _("🔁 Your home visit has moved:"),
            "cancelled": _("✖️ Your home visit is cancelled:"),
            "message": _("✉️ A message from your animator about your visit:"),
        }
        lines = [heads.get(event or "", heads["booked"]), "", *details]
        if event == "moved" and p.get("previous_start"):
            lines.append(_("(was {when})").format(when=when(_moment(p, "previous_start"), tz)))
        if event == "booked":
            lines += ["", *purpose_lines(kind)]
    if event == "cancelled" and p.get("reason"):
        lines.append(_("Reason: {reason}").format(reason=reason_text(p["reason"])))
    if p.get("message"):
        lines += ["", "💬 " + escape(p["message"])]
    return lines


def refusal_text(reason: Refusal) -> str:
    texts_by_reason = {
        Refusal.taken: _("😕 Sorry, this time was just taken. Here are the next free times:"),
        Refusal.past: _("This time has already passed. Here are the next free times:"),
        Refusal.other_animator: _("This time is not your animator's. Here are your animator's free times:"),
        Refusal.no_animator: _("No animator is assigned yet: your coordinator will call you."),
        Refusal.closed: _("The accompaniment is over: no more visits to book."),
        Refusal.not_booked: _("This visit can no longer be changed."),
        Refusal.same_slot: _("That is already the time of the visit."),
    }
    return texts_by_reason[reason]


def short_refusal(reason: Refusal) -> str:
    """The first half of refusal_text, when there is no "next free time" to show."""
    if reason is Refusal.taken:
        return _("😕 Sorry, this time was just taken.")
    if reason is Refusal.past:
        return _("This time has already passed.")
    return _("This time cannot be booked.")
