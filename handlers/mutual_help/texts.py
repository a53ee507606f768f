"""Mutual help's texts (gettext)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from babel.dates import format_datetime

from bot.models import GuestAnswer, HelpOffer, HelpOfferStatus, Visit
from bot.services.mutual_help import HalfDay, HelperOnVisit, HelpHours, HelpRefusal, OfferView
from bot.services.visits.guests import GuestEvent, GuestFacts


def _locale() -> str:
    return I18n.get_current(no_error=False).current_locale


def when(moment: datetime, tz: ZoneInfo) -> str:
    text = format_datetime(moment.astimezone(tz), "EEEE d MMMM, HH:mm", locale=_locale())
    return text[:1].upper() + text[1:]


def half_day(value: HalfDay | str) -> str:
    half = HalfDay(value)
    days = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"))
    part = _("morning") if half.morning else _("afternoon")
    return f"{days[half.weekday]} {part}"


def hours(minutes: int) -> str:
    whole, rest = divmod(minutes, 60)
    return f"{whole} h {rest:02d}" if rest else f"{whole} h"


def my_offers(offers: list[HelpOffer]) -> str:
    lines = [
        _("🤝 <b>Offer help</b>"),
        "",
        _(
            "Help another household on their worksite, with the animator: a skill you have, "
            "a half-day when you are free. The team will tell you when and where."
        ),
    ]
    if offers:
        lines += ["", _("Your offers:")]
        for offer in offers:
            status = _("waiting for a worksite") if offer.status is HelpOfferStatus.open else _("matched 👍")
            lines.append(f"• {escape(offer.skill)} · {half_day(offer.half_day)} · {status}")
    return "\n".join(lines)


def ask_skill() -> str:
    return _("What can you do? Type a few words, e.g. <i>painting</i>, <i>carrying</i>, <i>wallpaper</i>.")


def bad_skill() -> str:
    return _("A few words, up to 200 characters. Try again.")


def ask_half_day() -> str:
    return _("When are you free? Tap a half-day.")


def offered(offer: HelpOffer) -> str:
    return _("✅ Thank you! Your offer is saved: {skill}, {half_day}. The team will write to you.").format(
        skill=escape(offer.skill), half_day=half_day(offer.half_day)
    )


def offers(views: list[OfferView]) -> str:
    if not views:
        return _("🤝 <b>Offers of help</b>\n\nNo offer waiting.")
    return _("🤝 <b>Offers of help</b>\n\nTap an offer to match it with a works visit.")


def offer_button(view: OfferView) -> str:
    return f"{view.reference} · {view.offer.skill}"[:30]


def offer(view: OfferView, visits: list[tuple[Visit, str]], tz: ZoneInfo) -> str:
    lines = [
        _("🤝 {name} ({reference}) offers: <b>{skill}</b>").format(
            name=escape(view.helper), reference=escape(view.reference), skill=escape(view.offer.skill)
        ),
        _("Free: {half_day}").format(half_day=half_day(view.offer.half_day)),
        "",
    ]
    if visits:
        lines.append(_("Invite them to one of these works visits:"))
    else:
        lines.append(_("No upcoming works visit of another household of yours. Book one first."))
    return "\n".join(lines)


def visit_button(visit: Visit, reference: str, tz: ZoneInfo) -> str:
    moment = format_datetime(visit.starts_at.astimezone(tz), "d MMM HH:mm", locale=_locale())
    return f"{reference} · {moment}"[:30]


def matched(view: OfferView) -> str:
    return _("✅ {name} is invited. They get the visit, its changes and its reminders, and can answer.").format(
        name=escape(view.helper)
    )


def household_help(reference: str, given: HelpHours, helpers: list[HelperOnVisit], tz: ZoneInfo) -> str:
    lines = [
        _("🤝 <b>Mutual help of {reference}</b>").format(reference=escape(reference)),
        _("Given on other worksites: {hours}").format(hours=hours(given.given_minutes)),
        _("Received on this worksite: {hours}").format(hours=hours(given.received_minutes)),
    ]
    if helpers:
        lines += ["", _("Helpers invited:")]
    for item in helpers:
        lines.append(
            f"• {when(item.visit.starts_at, tz)} · {escape(item.name or '—')} ({escape(item.reference)}) · {guest_state(item)}"
        )
    return "\n".join(lines)


def guest_state(item: HelperOnVisit) -> str:
    if item.guest.came is True:
        return _("came, {hours}").format(hours=hours(item.guest.minutes or 0))
    if item.guest.came is False:
        return _("did not come")
    return {
        GuestAnswer.invited: _("no answer yet"),
        GuestAnswer.confirmed: _("coming"),
        GuestAnswer.declined: _("not coming"),
    }[item.guest.answer]


def ask_record(item: HelperOnVisit, tz: ZoneInfo) -> str:
    return _("Did {name} come to help on {when}? How long?").format(
        name=escape(item.name or "—"), when=when(item.visit.starts_at, tz)
    )


def guest_lines(p: GuestFacts, tz: ZoneInfo) -> list[str]:
    lines = [
        _("🏠 Household {reference}").format(reference=escape(p.reference)),
        _("📅 {when}").format(when=when(p.starts_at, tz)),
    ]
    if p.address:
        lines.append("📍 " + escape(p.address))
    if p.animator:
        lines.append(_("👷 With {animator}").format(animator=escape(p.animator)))
    return lines


def notice_head(event: GuestEvent) -> str:
    return {
        GuestEvent.invited: _("🤝 Thank you for offering help! You are invited to a worksite:"),
        GuestEvent.moved: _("🔁 The worksite you help on has moved:"),
        GuestEvent.cancelled: _("✖️ The worksite you were to help on is cancelled:"),
    }[event]


def answer_question() -> str:
    return _("Can you come?")


def reminder_head(which_eve: bool) -> str:
    return _("⏰ Tomorrow you help on a worksite:") if which_eve else _("⏰ Soon you help on a worksite:")


def answered(choice: GuestAnswer) -> str:
    if choice is GuestAnswer.confirmed:
        return _("👍 Thank you! See you there.")
    return _("OK, thank you for telling us. You will not get reminders for it.")


def refusal(reason: HelpRefusal) -> str:
    return {
        HelpRefusal.offer_closed: _("This offer is already matched or withdrawn."),
        HelpRefusal.visit_over: _("This visit is over or no longer booked."),
        HelpRefusal.helper_gone: _("This person is no longer in the programme."),
        HelpRefusal.already_invited: _("This person is already invited to that visit."),
        HelpRefusal.not_yet: _("The visit has not started yet."),
    }.get(reason, _("This button is no longer active."))
