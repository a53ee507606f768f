"""What the relay says: working hours and when a message will be read, the emergency numbers,
the writing and sending screens of both sides, and the refusals."""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n, ngettext
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date, format_time, get_day_names
from babel.lists import format_list

from bot.config import Settings
from bot.models import Household, Person
from bot.services import relay
from bot.services.emergency import Hazard
from bot.services.relay import RelayRefusal, Team
from bot.timeutil import WorkingHours
from handlers.ui.texts import association_line

GAS_LINE = "0 800 47 33 33"  # GRDF, Urgence sécurité gaz: free, day and night


def _locale() -> str:
    # Inside an update, the i18n middleware has set the reader's locale.
    return I18n.get_current(no_error=False).current_locale


def names(people: list[Person]) -> str:
    return format_list([escape(person.name, quote=False) for person in people], locale=_locale())


# --- working hours -----------------------------------------------------------------------


def schedule_text(hours: WorkingHours) -> str:
    """ "Monday to Friday, 9:00–17:00" in the reader's language."""
    locale = _locale()
    day_names = get_day_names("wide", locale=locale)
    parts = []
    for span in hours.spans:
        days = list(span.days)
        if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
            days_text = _("{first} to {last}").format(first=day_names[days[0]], last=day_names[days[-1]])
        else:
            days_text = format_list([day_names[day] for day in days], locale=locale)
        parts.append(
            _("{days}, {start}–{end}").format(
                days=days_text,
                start=format_time(span.start, "H:mm", locale=locale),
                end=format_time(span.end, "H:mm", locale=locale),
            )
        )
    return "; ".join(parts)


def when_text(opening: datetime, now: datetime, tz: ZoneInfo) -> str:
    locale = _locale()
    local = opening.astimezone(tz)
    at = format_time(local, "H:mm", locale=locale)
    days_ahead = (local.date() - now.astimezone(tz).date()).days
    if days_ahead == 0:
        return _("today at {time}").format(time=at)
    if days_ahead == 1:
        return _("tomorrow at {time}").format(time=at)
    return _("on {day} at {time}").format(day=format_date(local, "EEEE d MMMM", locale=locale), time=at)


def hours_line(team: Team, settings: Settings) -> str:
    schedule = schedule_text(settings.working_hours)
    if team.animator is not None:
        return _("Your animator works {schedule}.").format(schedule=schedule)
    return _("The team works {schedule}.").format(schedule=schedule)


def expectation(team: Team, settings: Settings, now: datetime) -> str | None:
    """Outside working hours: when the message will be read. None during them."""
    opening = settings.working_hours.next_start(now, settings.tz)
    if opening == now:
        return None
    when = when_text(opening, now, settings.tz)
    return hours_line(team, settings) + " " + _("They will read your message {when}.").format(when=when)


# --- emergencies -------------------------------------------------------------------------
# Each piece of advice follows the official French guidance named beside it (checked for
# the wording of each step, not copied); the numbers are the national ones
# (service-public.fr, « Numéros d'urgence »: 112, 15, 17, 18, 114).


def _advice() -> dict[Hazard, str]:
    return {
        # Santé publique France and the ministère de la Santé, « Intoxications au monoxyde de
        # carbone »: no smell, no colour; headaches, nausea, dizziness, several people unwell
        # at once; air the rooms, stop the combustion appliances, leave, call 112, 15 or 18;
        # do not go back before a qualified professional has checked them.
        Hazard.carbon_monoxide: _(
            "⚠️ <b>Carbon monoxide</b> (it has no smell: headaches, nausea, dizziness, "
            "several people unwell at once): open the windows and doors, stop the boiler, "
            "the water heater or the stove, get everyone out, call 112 or 18, and 15 for medical help. "
            "Do not go back in before a professional has checked the appliance."
        ),
        # GRDF, « Urgence sécurité gaz » and « Que faire en cas d'odeur de gaz ? »: no flame or
        # spark (switches, doorbell, phone inside), air, close the valve at the meter, leave,
        # call 0 800 47 33 33 (free, 24/7) from outside.
        Hazard.gas: _(
            "🔥 <b>Smell of gas:</b> do not touch any switch, do not light anything. "
            "Open the windows, close the gas valve at the meter if you can, go out, "
            "then call {gas} from outside."
        ).format(gas=GAS_LINE),
        # service-public.fr, « Dégât des eaux dans un logement »: cut the water, make the
        # electricity safe, tell the landlord and the neighbours, declare it to the insurer
        # within 5 working days.
        Hazard.water: _(
            "💧 <b>Water leak:</b> close the water valve (near the meter or under the sink). "
            "If water reaches the sockets, switch the electricity off at the panel. "
            "Tell your landlord and your neighbour below, and your home insurer within 5 working days."
        ),
        # Enedis, « Panne d'électricité » and « Dépannage » (09 72 67 50 followed by the
        # département's number, also on the bill); and Enedis's prevention of electrical
        # accidents: never touch someone who got a shock before the current is cut.
        Hazard.electricity: _(
            "⚡ <b>No electricity:</b> look at your electrical panel, a switch may be down. "
            "If the neighbours have none either, call Enedis: 09 72 67 50 followed by the two digits "
            "of your département (also on your electricity bill). "
            "Someone got a shock: do not touch them before switching off at the panel, then call 15 or 112."
        ),
        # service-public.fr and the ministère de l'Intérieur, « Incendie dans un logement : les
        # bons réflexes » (gouvernement.fr, risques): the fire is at home, leave and close the
        # door; the smoke is in the stairs, stay in, wet cloths under the door, show yourself.
        Hazard.fire: _(
            "🚒 <b>Fire or smoke:</b> get everyone out, close the door behind you, do not take the lift, "
            "call 18 or 112. If the smoke is in the stairs, stay inside, put wet cloths under the door "
            "and show yourself at the window."
        ),
    }


def emergency_text(hazards: list[Hazard], settings: Settings, *, relayed: bool = False) -> str:
    """The numbers to call at once; plain digits, which Telegram shows as tappable numbers."""
    advice = _advice()
    lines = [_("🚨 <b>In danger? Call now, do not wait for your animator.</b>"), ""]
    lines += [advice[hazard] for hazard in (hazards or list(advice))]
    lines += [
        "",
        _("📞 112 – any emergency (free, from any phone)"),
        _("📞 18 – fire brigade"),
        _("📞 15 – SAMU, someone hurt or unwell"),
        _("📞 114 – by text message, if you cannot hear or speak"),
        _("📞 {gas} – smell of gas (GRDF, free, day and night)").format(gas=GAS_LINE),
    ]
    if settings.landlord_oncall_phone:
        lines.append(
            _("📞 {phone} – your landlord's on-call line (leak, breakdown in the building)").format(
                phone=escape(settings.landlord_oncall_phone)
            )
        )
    else:
        lines.append(_("🏢 Your landlord's on-call line (leak, breakdown in the building) is on your rent notice."))
    lines.append(association_line(settings))
    if relayed:
        lines += ["", _("Your message went to your animator too, but they may not read it at once.")]
    return "\n".join(lines)


# --- the tenant's side -------------------------------------------------------------------


def no_household() -> str:
    return _("You are not linked to a household yet. Ask your animator or your social referent.")


def _emergency_tip() -> str:
    return _("Gas smell, water leak, no electricity? Tap 🚨 Emergency to get the numbers to call.")


def nobody_to_write_to() -> str:
    return "\n".join(
        [
            _("✉️ <b>Write to your animator</b>"),
            "",
            _("Nobody in the team can receive messages yet. Call your animator or your social referent."),
            "",
            _emergency_tip(),
        ]
    )


def _conversation_rule() -> str:
    minutes = int(relay.QUIET_PERIOD.total_seconds() // 60)
    return _(
        "You can send several messages, photos and voice notes: each one goes to them. "
        "When you have finished, tap ✅ I have finished; the conversation also ends after {minutes} minutes without a message."
    ).format(minutes=minutes)


def write_to_team(team: Team, settings: Settings) -> str:
    lines = [_("✉️ <b>Write to your animator</b>"), "", _("Type your message, or send a photo or a voice note.")]
    if team.animator is not None:
        lines.append(
            _("{name} will receive it with your first name and your household's reference.").format(
                name=escape(team.animator.name, quote=False)
            )
        )
    else:
        lines.append(
            _(
                "Your household has no animator at the moment. The programme coordinators will receive it: {names}."
            ).format(names=names(team.people))
        )
    lines.append(_("Your phone number stays private."))
    lines += ["", _conversation_rule()]
    lines += ["", hours_line(team, settings)]
    lines += ["", _emergency_tip()]
    return "\n".join(lines)


def sent_to_team(team: Team, settings: Settings, now: datetime, *, first: bool = True) -> str:
    """The acknowledgement of each message; the first one also says when it will be read."""
    if team.animator is not None:
        lines = [_("✅ Sent to {name}, your animator.").format(name=escape(team.animator.name, quote=False))]
    else:
        lines = [_("✅ Sent to the programme coordinators: {names}.").format(names=names(team.people))]
    if first and (later := expectation(team, settings, now)) is not None:
        lines += ["", later]
    if first:
        lines += ["", _conversation_rule()]
    return "\n".join(lines)


def conversation_closed() -> str:
    return _("👍 Conversation closed. The answer will come here, in this chat.")


def not_sent_to_team() -> str:
    return _(
        "Your message could not be sent: nobody in the team can receive it. Call your animator or your social referent."
    )


def hint() -> str:
    return _("Please type your message, or send a photo or a voice note.") + "\n" + _("To stop, send /cancel.")


def too_long() -> str:
    return _("This message is too long. Keep it under {count} characters, or send it in two parts.").format(
        count=relay.MAX_TEXT
    )


# --- the team's side -----------------------------------------------------------------------


def cannot_reply() -> str:
    return _("You cannot reply to this household.")


def reply_to(household: Household) -> str:
    return "\n".join(
        [
            _("↩️ <b>Reply to household {reference}</b>").format(reference=escape(household.reference)),
            "",
            _("Type your answer, or send a photo or a voice note. The household will receive it with your first name."),
        ]
    )


def out_of_date() -> str:
    return _("This conversation is out of date. Use /menu.")


def not_sent_to_household(reason: RelayRefusal) -> str:
    if reason is RelayRefusal.forbidden:
        return _("You cannot write to this household.")
    return _("Nobody in this household uses the assistant any more.")


def sent_to_household(household: Household, count: int) -> str:
    return ngettext(
        "✅ Sent to household {reference} ({count} person).",
        "✅ Sent to household {reference} ({count} people).",
        count,
    ).format(reference=escape(household.reference), count=count)
