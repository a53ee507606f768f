"""How workshops read in the chat, for staff and tenants; the outbox messages about them are
written from these lines too (renderers.py)."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import get_i18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.i18n import format_day_time
from bot.models import RsvpAnswer, Workshop, WorkshopStatus, WorkshopTheme
from bot.services.rsvp import AnswerResult, Answers, Counts, Participant
from bot.services.workshop_rules import Refusal
from bot.services.workshops import Draft

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


def when(moment: datetime, tz: ZoneInfo, locale: str | None = None) -> str:
    """The day and time in `locale`, the current one (the chat's) by default."""
    return format_day_time(moment, locale or get_i18n().current_locale, tz)


def details(
    title: str,
    starts_at: datetime,
    place: str,
    bring: str | None,
    children: bool,
    tz: ZoneInfo,
    locale: str | None = None,
) -> list[str]:
    lines = [f"<b>{escape(title)}</b>", "🗓 " + when(starts_at, tz, locale), "📍 " + escape(place)]
    if bring:
        lines.append(_("🎒 Bring: {what}").format(what=escape(bring)))
    lines.append(_("👶 Children welcome") if children else _("👶 Without children, please"))
    return lines


def summary_lines(draft: Draft, tz: ZoneInfo) -> list[str]:
    """A workshop not created yet, for the check screen."""
    lines = details(draft.title, draft.starts_at, draft.place, draft.bring, draft.children_welcome, tz)
    if draft.description:
        lines.insert(1, escape(draft.description))
    return lines


def summary(workshop: Workshop, tz: ZoneInfo) -> str:
    lines = details(workshop.title, workshop.starts_at, workshop.place, workshop.bring, workshop.children_welcome, tz)
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


def check_screen(draft: Draft, dates: list[datetime], tz: ZoneInfo) -> str:
    """The last step of creating: the workshop (or series) as it will be."""
    lines = [
        _("<b>Check the workshop</b>"),
        "",
        str(THEME_NAMES[draft.theme]),
        *summary_lines(draft, tz),
        _("Seats: {capacity}").format(capacity=draft.capacity),
    ]
    if len(dates) > 1:
        every = ngettext("🔁 {count} session, until {day}", "🔁 {count} sessions, until {day}", len(dates))
        lines.append(every.format(count=len(dates), day=when(dates[-1], tz)))
    return "\n".join(lines)


def created(sessions: list[Workshop], counts: Counts, tz: ZoneInfo) -> str:
    done = ngettext("✅ Workshop created.", "✅ {count} sessions created.", len(sessions)).format(count=len(sessions))
    return done + "\n\n" + staff_summary(sessions[0], counts, tz)


def staff_list(has_sessions: bool) -> str:
    hint = (
        _("Tap a session to invite, follow the answers or mark who came.")
        if has_sessions
        else _("No workshop planned yet.")
    )
    return _("<b>🗓 Workshops</b>") + "\n\n" + hint


def list_label(workshop: Workshop, mark: str, tz: ZoneInfo) -> str:
    """A workshop's button in a list: Telegram shows about 60 characters."""
    return f"{mark}{when(workshop.starts_at, tz)} · {workshop.title}".strip()[:60]


def my_answer(answer: RsvpAnswer | None, position: int | None) -> str:
    if answer is None:
        return _("You have not answered yet.")
    if answer is RsvpAnswer.waiting:
        return _("⏳ You are number {position} on the waiting list.").format(position=position or 1)
    return _("Your answer: {answer}").format(answer=ANSWER_NAMES[answer])


def result_text(result: AnswerResult) -> str:
    if result.answer is RsvpAnswer.yes:
        return _("✅ See you there! You will get a reminder two days before and on the morning.")
    if result.answer is RsvpAnswer.waiting:
        return _(
            "⏳ The workshop is full. You are number {position} on the waiting list: if a seat frees up, it is yours and we tell you."
        ).format(position=result.position or 1)
    if result.answer is RsvpAnswer.maybe:
        return _("🤔 Noted. Answer again when you know.")
    return _("Thank you for telling us.")


def tenant_refusal(reason: Refusal) -> str:
    """Why a tenant's press changed nothing."""
    if reason is Refusal.not_invited:
        return _("This invitation is not for you.")
    if reason is Refusal.cancelled:
        return _("This workshop was cancelled.")
    if reason is Refusal.started:
        return _("This workshop has already started or is over.")
    return _("This workshop no longer exists.")


def staff_refusal(reason: Refusal) -> str:
    """Why a team member's action changed nothing."""
    if reason is Refusal.in_the_past:
        return _("That would be in the past.")
    if reason is Refusal.capacity_below_taken:
        return _("More seats are already taken than that.")
    if reason is Refusal.not_staff:
        return _("This button is no longer active.")
    return _("This workshop is cancelled, over or gone.")


def answers(found: Answers) -> str:
    groups: dict[RsvpAnswer, list[str]] = {}
    for participant in found.participants:
        groups.setdefault(participant.answer, []).append(escape(participant.name))
    lines = [f"<b>{escape(found.workshop.title)}</b>", ""]
    for answer in (RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.waiting, RsvpAnswer.no):
        names = groups.get(answer, [])
        lines.append(f"{ANSWER_NAMES[answer]} ({len(names)}): {', '.join(names) or '—'}")
    lines.append(_("No answer yet: {count}").format(count=found.counts.no_answer))
    return "\n".join(lines)


def attendance(people: list[Participant]) -> str:
    came = sum(1 for p in people if p.attended)
    return _("☑️ Tap each person who came. {came} of {total} ticked.").format(came=came, total=len(people))


def who_to_invite(workshop: Workshop) -> str:
    return _("📨 Who do you invite to <b>{title}</b>?").format(title=escape(workshop.title))


def invitation_count(count: int) -> str:
    return ngettext(
        "{count} person will receive this (people already invited are left out):",
        "{count} people will receive this (people already invited are left out):",
        count,
    ).format(count=count)


def changed(told: int) -> str:
    return ngettext("✏️ Changed. {count} person was told.", "✏️ Changed. {count} people were told.", told).format(
        count=told
    )


def cancelled(told: int) -> str:
    return ngettext("✖️ Cancelled. {count} person was told.", "✖️ Cancelled. {count} people were told.", told).format(
        count=told
    )
