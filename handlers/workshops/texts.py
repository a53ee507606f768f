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
from bot.services.languages import Readers, TextVersion
from bot.services.rsvp import AnswerResult, Answers, Attendance, Counts
from bot.services.workshop_rules import Refusal
from bot.services.workshops import Draft
from handlers.ui import versions as ui_versions
from handlers.ui.cutting import cut_plain, split_html

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
    RsvpAnswer.walk_in: __("🚶 Came without answering"),
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
    """A workshop not created yet, for the check screen, with the versions typed in other languages."""
    lines = details(draft.title, draft.starts_at, draft.place, draft.bring, draft.children_welcome, tz)
    if draft.description:
        lines.insert(1, escape(draft.description))
    for locale, version in draft.versions.items():
        lines += ["", ui_versions.version_label(locale), f"<b>{escape(version.title)}</b>"]
        if version.description:
            lines.append(escape(version.description))
    return lines


def summary(workshop: Workshop, tz: ZoneInfo, version: TextVersion | None = None) -> str:
    """The workshop's card; `version`: its title and description in the reader's language."""
    title = version.title if version else workshop.title
    description = version.description if version and version.description else workshop.description
    lines = details(title, workshop.starts_at, workshop.place, workshop.bring, workshop.children_welcome, tz)
    if description:
        lines.insert(1, escape(description))
    if workshop.status is WorkshopStatus.cancelled:
        lines.insert(0, _("✖️ CANCELLED"))
    return "\n".join(lines)


def staff_summary(
    workshop: Workshop, counts: Counts, tz: ZoneInfo, versions: dict[str, TextVersion] | None = None
) -> str:
    seats = _("Seats: {taken}/{capacity}").format(taken=workshop.seats_taken, capacity=workshop.capacity)
    answers = _("✅ {yes} · 🤔 {maybe} · ❌ {no} · ⏳ {waiting} · no answer: {none}").format(
        yes=counts.yes, maybe=counts.maybe, no=counts.no, waiting=counts.waiting, none=counts.no_answer
    )
    series = [_("🔁 Part of a series")] if workshop.series_id else []
    also = [ui_versions.version_label(locale) + " " + escape(v.title) for locale, v in (versions or {}).items()]
    return "\n".join([summary(workshop, tz), *also, *series, "", seats, answers])


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


def short_when(moment: datetime, tz: ZoneInfo) -> str:
    """ "Tue 1/12 14:00": a day and time that leave room for the title on a button."""
    from babel.dates import format_datetime

    return format_datetime(moment.astimezone(tz), "EEE d/M HH:mm", locale=get_i18n().current_locale)


LABEL_LENGTH = 30  # what a phone shows of a button without cutting it


def list_label(workshop: Workshop, mark: str, tz: ZoneInfo, title: str | None = None) -> str:
    """A workshop's button in a list, within what a phone shows: the day, then as much of the
    title (in the reader's language when given) as fits, cut at a word."""
    head = f"{mark}{short_when(workshop.starts_at, tz)} · "
    return head + fit(title or workshop.title, LABEL_LENGTH - len(head))


def fit(text: str, room: int) -> str:
    """`text`, or its first words and "…" when longer than `room` characters."""
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 1)].rsplit(" ", 1)[0].rstrip(" ,.;:·-")
    return (cut or text[: max(room - 1, 1)]) + "…"


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


NAMES_PER_LINE = 10  # a long list wraps between names, so it splits into messages between lines


def _name_lines(names: list[str]) -> list[str]:
    return [", ".join(names[i : i + NAMES_PER_LINE]) for i in range(0, len(names), NAMES_PER_LINE)]


def answers(found: Answers) -> list[str]:
    """Everyone's answer, by kind: one message, or several when the list is long (300 answers)."""
    groups: dict[RsvpAnswer, list[str]] = {}
    for participant in found.participants:
        groups.setdefault(participant.answer, []).append(escape(cut_plain(participant.name, 40)))
    lines = [f"<b>{escape(found.workshop.title)}</b>", ""]
    for answer in (RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.waiting, RsvpAnswer.no, RsvpAnswer.walk_in):
        names = groups.get(answer, [])
        if names or answer is not RsvpAnswer.walk_in:
            first, *more = _name_lines(names) or ["—"]
            lines += [f"{ANSWER_NAMES[answer]} ({len(names)}): {first}", *more]
    silent = [escape(cut_plain(person.name, 40)) for person in found.silent]
    first, *more = _name_lines(silent) or ["—"]
    lines += [_("No answer yet ({count}): {names}").format(count=len(silent), names=first), *more]
    return split_html("\n".join(lines))


def attendance(found: Attendance) -> str:
    return _(
        "☑️ Tap each person who came. {came} of {total} ticked.\n"
        "Everyone invited or signed up is here, also those who did not answer."
    ).format(came=found.came, total=found.total)


def attendance_label(name: str, attended: bool, answer: RsvpAnswer | None) -> str:
    """ "✅ Samira", "⬜ Karim · 🤔": ticked or not, and the answer when it was not yes
    (None: invited, never answered)."""
    marks = {
        RsvpAnswer.maybe: "🤔",
        RsvpAnswer.no: "❌",
        RsvpAnswer.waiting: "⏳",
        RsvpAnswer.walk_in: "🚶",
        None: "❔",
    }
    mark = marks.get(answer)  # none for yes: the usual case stays short
    head = "✅" if attended else "⬜"
    return fit(f"{head} {name}", LABEL_LENGTH - 4) + (f" · {mark}" if mark else "")


def who_to_invite(workshop: Workshop) -> str:
    return _("📨 Who do you invite to <b>{title}</b>?").format(title=escape(workshop.title))


def invitation_count(count: int, readers: Readers) -> str:
    head = ngettext(
        "{count} person will receive this (people already invited are left out):",
        "{count} people will receive this (people already invited are left out):",
        count,
    ).format(count=count)
    languages = ui_versions.readers_line(readers)
    return f"{head}\n{languages}" if languages else head


def series_offer(count: int) -> str:
    return ngettext(
        "🔁 This session is part of a series: {count} session from this one on.",
        "🔁 This session is part of a series: {count} sessions from this one on.",
        count,
    ).format(count=count)


def more_dates(dates: list[datetime], tz: ZoneInfo, locale: str | None = None) -> str:
    """The next sessions of a series an invitation covers."""
    days = ", ".join(when(moment, tz, locale) for moment in dates)
    return _("🔁 Also: {days}. Answer for each one in 🗓 Workshops.").format(days=days)


def changed(told: int) -> str:
    return ngettext("✏️ Changed. {count} person was told.", "✏️ Changed. {count} people were told.", told).format(
        count=told
    )


def cancelled(told: int) -> str:
    return ngettext("✖️ Cancelled. {count} person was told.", "✖️ Cancelled. {count} people were told.", told).format(
        count=told
    )
