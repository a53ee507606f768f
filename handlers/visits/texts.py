"""How home visits read in the chat: kinds, cards, times, refusals, the
availability plan. The proactive messages are written by renderers.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.i18n import format_clock, format_day_time
from bot.models import (
    GuestAnswer,
    Household,
    ItemProgress,
    Person,
    Phase,
    Role,
    Visit,
    VisitKind,
    VisitStatus,
    Workshop,
)
from bot.services.referent_visits import InvitedReferent
from bot.services.visits import calendar, public_holidays
from bot.services.visits.access import Refusal, Target
from bot.services.visits.slots import DayRemoval, Plan, SlotView
from bot.services.worksite.figures import CardSummary
from handlers.ui import texts as ui_texts
from handlers.ui.cutting import cut_html

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
    return I18n.get_current(no_error=False).current_locale


def when(moment: datetime, tz: ZoneInfo) -> str:
    return format_day_time(moment, locale(), tz)


def clock(moment: datetime, tz: ZoneInfo) -> str:
    return format_clock(moment, locale(), tz)


def short_day(day: date) -> str:
    """ "Tue 8 December": a day on a button."""
    text = format_date(day, "EEE d MMMM", locale=locale())
    return text[:1].upper() + text[1:]


def day_in_sentence(day: date) -> str:
    """ "mardi 1 décembre" inside a sentence (English capitalises its weekdays anyway)."""
    return format_date(day, "EEEE d MMMM", locale=locale())


def day_label(day: date) -> str:
    text = format_date(day, "EEEE d MMMM", locale=locale())
    return text[:1].upper() + text[1:]  # "Mardi 1 décembre": str.capitalize() would lower the month


def kind_name(kind: VisitKind | str) -> str:
    return str(KIND_NAMES[VisitKind(kind)])


def time_left(minutes_left: int) -> str:
    if minutes_left < 60:
        return ngettext("in {count} minute", "in {count} minutes", minutes_left).format(count=minutes_left)
    hours = round(minutes_left / 60)
    return ngettext("in {count} hour", "in {count} hours", hours).format(count=hours)


def reminder_head(starts_at: datetime, sending_at: datetime, tz: ZoneInfo) -> str:
    """How far the visit is, from the moment the reminder is really sent."""
    days = (starts_at.astimezone(tz).date() - sending_at.astimezone(tz).date()).days
    at = clock(starts_at, tz)
    if days <= 0:
        left = max(1, round((starts_at - sending_at).total_seconds() / 60))
        return _("⏰ Reminder: your home visit is today at {time}, {left}.").format(time=at, left=time_left(left))
    if days == 1:
        return _("⏰ Reminder: your home visit is tomorrow at {time}.").format(time=at)
    return _("⏰ Reminder: your home visit is on {when}.").format(when=when(starts_at, tz))


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


REFERENT_ANSWERS = {  # the invited social referent's answer, on the staff's visit card
    GuestAnswer.invited: __("invited, no answer yet"),
    GuestAnswer.confirmed: __("coming 👍"),
    GuestAnswer.declined: __("not coming"),
}


def staff_card(
    visit: Visit, household: Household, tenants: list[str], tz: ZoneInfo, referent: InvitedReferent | None = None
) -> str:
    address = household.address
    lines = [
        f"{STATUS_MARKS[visit.status]} <b>{kind_name(visit.kind)}</b> · {STATUS_NAMES[visit.status]}",
        "🗓 " + when(visit.starts_at, tz),
        "🏠 " + escape(household.reference) + (f" · {escape(address)}" if address else ""),
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
    if referent is not None and visit.referent_present is None:
        lines.append(
            _("🤝 Social worker {name}: {answer}").format(
                name=escape(referent.name or "—"), answer=REFERENT_ANSWERS[referent.answer]
            )
        )
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


def refusal_text(reason: Refusal) -> str:
    texts_by_reason = {
        Refusal.taken: _("😕 Sorry, this time was just taken. Here are the next free times:"),
        Refusal.past: _("This time has already passed. Here are the next free times:"),
        Refusal.other_animator: _("This time is not your animator's. Here are your animator's free times:"),
        Refusal.no_animator: _("No animator is assigned yet: your coordinator will call you."),
        Refusal.closed: _("The accompaniment is over: no more visits to book."),
        Refusal.not_booked: _("This visit can no longer be changed."),
        Refusal.same_slot: _("That is already the time of the visit."),
        Refusal.not_allowed: _("This button is no longer active."),
    }
    return texts_by_reason[reason]


def day_passed(day: date) -> str:
    return _("{day} has passed. Here are the next free times:").format(day=day_in_sentence(day))


def short_refusal(reason: Refusal) -> str:
    """The first half of refusal_text, when there is no "next free time" to show."""
    if reason is Refusal.taken:
        return _("😕 Sorry, this time was just taken.")
    if reason is Refusal.past:
        return _("This time has already passed.")
    return _("This time cannot be booked.")


# --- booking ---


def booking_heading(target: Target) -> str:
    if target.visit is not None:
        return _("<b>Move the visit</b>\n\nWhich day suits you?")
    return _("<b>{kind}</b>\n\nWhich day suits you?").format(kind=kind_name(target.kind))


def no_free_time(target: Target, refused: Refusal | None) -> str:
    text = _("No free time for now. Your animator opens new times regularly: try again in a few days.")
    if target.household.animator_id is None:
        return refusal_text(Refusal.no_animator)
    if refused is not None:
        return short_refusal(refused) + "\n\n" + text
    return text


def slot_label(starts_at: datetime, ends_at: datetime, tz: ZoneInfo) -> str:
    return f"🕘 {clock(starts_at, tz)} – {clock(ends_at, tz)}"


def check_text(target: Target, starts_at: datetime, animator: str | None, person: Person, tz: ZoneInfo) -> str:
    lines = visit_lines(target.kind, starts_at, animator, tz)
    if person.role is not Role.tenant:
        lines.append("🏠 " + target.household.reference)
    if target.visit is not None:
        lines.append(_("(instead of {when})").format(when=when(target.visit.starts_at, tz)))
    else:
        lines += ["", *purpose_lines(target.kind)]
    return _("<b>Please check:</b>") + "\n\n" + "\n".join(lines)


def booked_text(visit: Visit, target: Target, animator: str | None, person: Person, tz: ZoneInfo) -> str:
    moved = target.visit is not None
    if person.role is Role.tenant:
        head = _("✅ Your visit has moved. Your animator is told.") if moved else _("✅ Your visit is booked!")
        body = tenant_card(visit, animator, tz)
        tail = _("You will get a reminder the evening before and 2 hours before.")
        return "\n\n".join([head, body, tail])
    head = _("✅ Moved. The household is told.") if moved else _("✅ Booked. The household is told.")
    lines = visit_lines(visit.kind, visit.starts_at, animator, tz) + ["🏠 " + target.household.reference]
    return head + "\n\n" + "\n".join(lines)


# --- opening free times ---


def days_prompt(count: int) -> str:
    return _("<b>Open new times</b>\n\nTap the days (tap again to remove one), then Next.") + (
        "\n" + ngettext("{count} day chosen.", "{count} days chosen.", count).format(count=count) if count else ""
    )


def minutes(value: int) -> str:
    hours, rest = divmod(value, 60)
    if not hours:
        return _("{minutes} min").format(minutes=rest)
    return (
        _("{hours} h {minutes:02d}").format(hours=hours, minutes=rest) if rest else _("{hours} h").format(hours=hours)
    )


def buffer_label(value: int) -> str:
    return _("No break") if value == 0 else minutes(value)


def weeks(value: int) -> str:
    return (
        _("Only these days")
        if value == 1
        else ngettext("Every week, for {count} week", "Every week, for {count} weeks", value).format(count=value)
    )


def end_prompt(start: time) -> str:
    return _("From {start}. Until what time?").format(start=start.strftime("%H:%M"))


def holiday_label(day: date) -> str:
    """ "Friday 25 December (Noël)": the library's name of the holiday when it has one in this language."""
    name = public_holidays.name(day, locale())
    return _("{day} ({holiday})").format(day=day_label(day), holiday=name or _("public holiday"))


def plan_summary(plan: Plan) -> str:
    times = plan.local_times()
    hours = ", ".join(start.strftime("%H:%M") for start in plan.starts())
    lines = [
        ngettext("<b>{count} time will open.</b>", "<b>{count} times will open.</b>", len(times)).format(
            count=len(times)
        ),
        "",
        _("Each day: {hours}").format(hours=hours),
        _("Visits of {length}, {buffer} between two.").format(
            length=minutes(plan.length_minutes),
            buffer=minutes(plan.buffer_minutes) if plan.buffer_minutes else _("no break"),
        ),
        weeks(plan.weeks),
        _("Days: {days}").format(days=", ".join(day_label(day) for day in plan.days)),
    ]
    if skipped := plan.skipped_holidays():
        lines += ["", _("🎌 Left out, public holidays: {days}").format(days=", ".join(map(holiday_label, skipped)))]
    elif plan.holidays_too:
        lines += ["", _("🎌 Public holidays are included.")]
    if picked := plan.picked_holidays():
        lines.append(_("🎌 Opened because you picked them: {days}").format(days=", ".join(map(holiday_label, picked))))
    return "\n".join(lines)


def published_text(created: int, skipped_overlap: int, skipped_past: int) -> str:
    head = ngettext("✅ {count} time opened.", "✅ {count} times opened.", created).format(count=created)
    if skipped_overlap:
        head += "\n" + ngettext(
            "{count} left out: it overlaps a time already open.",
            "{count} left out: they overlap times already open.",
            skipped_overlap,
        ).format(count=skipped_overlap)
    if skipped_past:
        head += "\n" + ngettext(
            "{count} left out: already past.", "{count} left out: already past.", skipped_past
        ).format(count=skipped_past)
    return head


def times_heading(day: date) -> str:
    return _("<b>{day}</b>\n\nWhat time?").format(day=day_label(day))


# --- the tenant's visits ---


def tenant_visits(upcoming: list[Visit], past: list[Visit], tz: ZoneInfo) -> str:
    text = (
        _("<b>📋 My visits</b>\n\nTap a visit to move it, cancel it or add a note.")
        if upcoming
        else _("<b>📋 My visits</b>\n\nNo visit booked for now.")
    )
    if past:
        lines = [f"{STATUS_MARKS[v.status]} {when(v.starts_at, tz)} · {kind_name(v.kind)}" for v in past]
        text += "\n\n" + _("<b>Before:</b>") + "\n" + "\n".join(lines)
    return text


def tenant_event(visit: Visit, animator: str | None) -> calendar.Event:
    """The visit in the tenant's phone calendar: what it is, with whom, what to prepare."""
    return calendar.Event(
        visit_id=visit.id,
        version=visit.version,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        summary=kind_name(visit.kind).split(" ", 1)[-1],
        description="\n".join(
            [_("With {name}").format(name=animator) if animator else "", str(PREPARE[visit.kind])]
        ).strip(),
        cancelled=visit.status is VisitStatus.cancelled,
    )


def staff_event(visit: Visit, household: Household) -> calendar.Event:
    """A visit in the animator's calendar: the household, what for, where, the household's note."""
    return calendar.Event(
        visit_id=visit.id,
        version=visit.version,
        starts_at=visit.starts_at,
        ends_at=visit.ends_at,
        summary=f"{household.reference} · {kind_name(visit.kind).split(' ', 1)[-1]}",
        description=visit.tenant_note or "",
        location=household.address or household.site,
    )


# --- staff ---


def day_heading(day: date, has_visits: bool, workshops: list[Workshop], tz: ZoneInfo) -> str:
    head = _("<b>📋 {day}</b>").format(day=day_label(day))
    body = _("Tap a visit to open it.") if has_visits else _("No visit this day.")
    lines = [head, "", body]
    if workshops:
        lines += ["", _("<b>🗓 Your workshops</b>")]
        for workshop in workshops:
            ends_at = workshop.starts_at + timedelta(minutes=workshop.duration_minutes)
            lines.append(f"{clock(workshop.starts_at, tz)}–{clock(ends_at, tz)} · {escape(workshop.title)}")
            lines.append(
                "   📍 "
                + escape(workshop.place)
                + " · "
                + ngettext("{count} coming", "{count} coming", workshop.seats_taken).format(count=workshop.seats_taken)
            )
    return "\n".join(lines)


def week_caption(count: int, monday: date) -> str:
    return ngettext("📅 {count} visit in the week of {day}.", "📅 {count} visits in the week of {day}.", count).format(
        count=count, day=day_label(monday)
    )


def referent_question(name: str) -> str:
    """After a tripartite or closing visit: the social worker by name when the assistant knows them."""
    if name:
        return _("Was the social worker, {name}, there?").format(name=escape(name))
    return _("Was the social worker there?")


def outcome_recorded(done: bool) -> str:
    head = _("✅ Marked as done.") if done else _("🚫 Marked as missed: nobody was home.")
    return head + "\n\n" + _("Write a short note about the visit (or Skip).")


def history_line(visit: Visit, tz: ZoneInfo) -> str:
    return f"{STATUS_MARKS[visit.status]} {when(visit.starts_at, tz)} · {kind_name(visit.kind)}"


def household_visits(
    household: Household, tenants: list[str], history: list[Visit], tz: ZoneInfo, worksite: Sequence[str] = ()
) -> str:
    lines = [
        _("<b>🏠 {reference}</b> · {site}").format(reference=escape(household.reference), site=escape(household.site)),
        "👤 " + (escape(", ".join(tenants)) if tenants else _("No tenant has joined yet.")),
        _("Phase: {phase}").format(phase=ui_texts.PHASE_NAMES[household.phase]),
        _("Address: {address}").format(address=household.address or _("not given yet")),
        *worksite,
        "",
        _("<b>🗂 Visits of {reference}</b>").format(reference=household.reference),
        "",
    ]
    for visit in history:
        lines.append(history_line(visit, tz))
        if visit.outcome_note:
            lines.append("   🗒 " + escape(visit.outcome_note))
        if visit.next_step:
            lines.append("   ➡️ " + escape(visit.next_step))
    if not history:
        lines.append(_("No visit yet."))
    return cut_html("\n".join(lines))


def worksite_lines(summary: CardSummary) -> str:
    """The household's worksite on its card (handlers/worksite has the details)."""
    if summary.version is None and not summary.sessions:
        return ""
    lines = ["", _("<b>🧱 Worksite</b>")]
    if summary.version is not None:
        state = _("accepted") if summary.signed else _("waiting for the household")
        lines.append(_("Contract version {version}: {state}").format(version=summary.version, state=state))
        lines.append(
            _("Items: {total} · in progress {doing} · done with help {helped} · done alone {alone}").format(
                total=summary.items,
                doing=summary.progress[ItemProgress.in_progress],
                helped=summary.progress[ItemProgress.done_with_help],
                alone=summary.progress[ItemProgress.done_alone],
            )
        )
    lines.append(
        _("Works sessions: {count} · {hours} h").format(
            count=summary.sessions, hours=format_decimal(round(summary.hours, 1), locale=locale())
        )
    )
    return "\n".join(lines)


def phase_changed(household: Household) -> str:
    text = _("✅ {reference} is now at the phase: {phase}.").format(
        reference=household.reference, phase=ui_texts.PHASE_NAMES[household.phase]
    )
    if household.phase is Phase.follow_up:
        text += "\n" + _("Its tenants get the end-of-accompaniment questionnaire tomorrow morning.")
    return text


def next_phase_proposal(household: Household, proposed: Phase | None) -> str:
    """After a first meeting or a closing visit: the phase it leads to, for the animator to confirm."""
    if proposed is None:  # a closing visit of a household in follow-up: ending it is next
        return _("➡️ Next step for {reference}: end the accompaniment?").format(reference=escape(household.reference))
    return _("➡️ Next step for {reference}: move to the {phase} phase? Tap below when you are ready.").format(
        reference=escape(household.reference), phase=ui_texts.PHASE_NAMES[proposed]
    )


def close_household_question(household: Household, retention_months: int) -> str:
    return _(
        "End the accompaniment of {reference}? Its tenants keep using the assistant; "
        "its data is anonymised {months} months from today."
    ).format(reference=household.reference, months=retention_months)


# --- availability ---


def availability(views: list[SlotView], head: str, tz: ZoneInfo) -> str:
    """One line per day: its free times, and its booked ones marked 📅."""
    lines = [head, ""] if head else []
    lines.append(_("<b>🕘 My availability</b>"))
    by_day: dict[date, list[SlotView]] = {}
    for view in views:
        by_day.setdefault(view.slot.starts_at.astimezone(tz).date(), []).append(view)
    if by_day:
        lines += ["", _("Free times, and 📅 the booked ones:")]
    for day, day_views in by_day.items():
        hours = " · ".join(("📅 " if view.visit_id else "") + clock(view.slot.starts_at, tz) for view in day_views)
        lines.append(f"<b>{day_label(day)}</b>: {hours}")
    if not views:
        lines += ["", _("No time open. Open some so households can book.")]
    return cut_html("\n".join(lines))


def day_removed(day: date, removal: DayRemoval) -> str:
    """What "remove this day" did, truthfully, also when pressed again from an old message."""
    label = day_in_sentence(day)
    if removal.past:
        return _("{day} has passed: there is nothing to remove.").format(day=label)
    if removal.removed == 0:
        if removal.booked_kept:
            return _("Nothing to remove on {day}: only booked times are left. Cancel a visit to free its time.").format(
                day=label
            )
        return _("Nothing to remove on {day}: its free times were already removed.").format(day=label)
    text = ngettext(
        "🗑 {count} free time removed on {day}.", "🗑 {count} free times removed on {day}.", removal.removed
    ).format(count=removal.removed, day=label)
    if removal.booked_kept:
        text += "\n" + ngettext("{count} booked time stays.", "{count} booked times stay.", removal.booked_kept).format(
            count=removal.booked_kept
        )
    return text
