"""The partners' texts: the referral form, the coordinators' decision, the referents' invitations."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __
from babel.dates import format_datetime

from bot.models import GuestAnswer, Organisation, Referral, ReferralStatus, Urgency, Visit, VisitGuest, VisitKind
from bot.services.paging import Page
from bot.services.referent_follow import ConsentState, Overview
from bot.services.referent_visits import ReferentVisitRefusal
from bot.services.referrals import ReferralRefusal, ReferralView
from bot.services.visits.guests import GuestEvent, GuestFacts
from handlers.ui import texts as ui_texts

VISIT_KINDS = {  # the same names as the visits' screens (the same msgids)
    VisitKind.tripartite: __("🤝 First meeting (with the social referent)"),
    VisitKind.preparation: __("📐 Preparation visit"),
    VisitKind.works: __("🛠 Works session"),
    VisitKind.encouragement: __("💬 Follow-up visit"),
    VisitKind.closing: __("🏁 Closing visit (with the social referent)"),
}

URGENCY_NAMES = {
    Urgency.normal: __("Not urgent"),
    Urgency.soon: __("Within the month"),
    Urgency.urgent: __("Urgent (health, safety)"),
}

STATUS_NAMES = {
    ReferralStatus.pending: __("⏳ waiting"),
    ReferralStatus.accepted: __("✅ accepted"),
    ReferralStatus.declined: __("✖️ declined"),
}

REFUSALS = {
    ReferralRefusal.no_adult: __("A household has at least one adult. Start again with the number of women."),
    ReferralRefusal.too_many: __("Please choose a number with the buttons."),
    ReferralRefusal.bad_site: __("Type the town or neighbourhood, 1 to 80 characters."),
    ReferralRefusal.bad_landlord: __("Type the landlord's name, 1 to 120 characters."),
    ReferralRefusal.bad_needs: __("Type the problems and the works wished, 3 to 1000 characters."),
    ReferralRefusal.bad_year: __("Type a year like 2019 (not in the future)."),
    ReferralRefusal.not_agreed: __("A referral can only be sent if the household agreed."),
    ReferralRefusal.already_decided: __("This referral was already decided by someone else."),
    ReferralRefusal.bad_reason: __("Type the reason in one line, 1 to 500 characters."),
    ReferralRefusal.not_an_animator: __("This animator is no longer available. Choose another one."),
    ReferralRefusal.bad_name: __("Type the organisation's name, 1 to 120 characters."),
    ReferralRefusal.duplicate_organisation: __("This organisation already exists: choose it in the list."),
}


def refusal(reason: ReferralRefusal) -> str:
    text = REFUSALS.get(reason)
    return str(text) if text is not None else _("This button is no longer active.")


# --- the referral form ------------------------------------------------------------------------


def start() -> str:
    return _(
        "<b>📨 Refer a household</b>\n\n"
        "A few short questions, mostly buttons. Only what the accompaniment needs.\n\n"
        "How many <b>adult women</b> live in the home?"
    )


def ask_men() -> str:
    return _("How many <b>adult men</b> live in the home?")


def ask_children() -> str:
    return _("How many <b>children</b> (under 18)?")


def ask_situation() -> str:
    return _("<b>Situation</b>: tap what applies (tap again to remove), then ✅ Next.")


def ask_tenant_since() -> str:
    return _("Since which <b>year</b> has the household been a tenant of this home? Type it, e.g. 2019.")


def ask_landlord() -> str:
    return _("Who is the <b>landlord</b>? Type its name, e.g. <i>Pays d'Aix Habitat</i>.")


def ask_site() -> str:
    return _("In which <b>town or neighbourhood</b> is the home?")


def ask_priority() -> str:
    return _("Is the home in a <b>priority neighbourhood</b> (QPV)?")


def ask_needs() -> str:
    return _(
        "What are the <b>housing problems</b> and the <b>works wished</b>? A few words, "
        "e.g. <i>damp in the bedroom, paint the kitchen</i>."
    )


def ask_urgency() -> str:
    return _("How <b>urgent</b> is it?")


def ask_agreed() -> str:
    return _("Did the household <b>agree to be referred</b> to the association?")


def needs_agreement() -> str:
    return _(
        "A household is only referred with its agreement. Talk with them first, then start again "
        "from the menu. Nothing was sent."
    )


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def summary(data: dict[str, Any]) -> str:
    lines = [
        _("<b>Check the referral</b>"),
        "",
        _("👥 {women} women, {men} men, {children} children").format(
            women=data["women"], men=data["men"], children=data["children"]
        ),
        situation_line(data),
        _("🏠 Tenant since: {year}").format(year=data.get("tenant_since") or _("not known")),
        _("🏢 Landlord: {landlord}").format(landlord=escape(data["landlord"])),
        _("📍 {site} · priority neighbourhood: {qpv}").format(site=escape(data["site"]), qpv=_yes_no(data["priority"])),
        _("🔧 {needs}").format(needs=escape(data["needs"])),
        _("⏱ {urgency}").format(urgency=URGENCY_NAMES[Urgency(data["urgency"])]),
        _("🤝 The household agreed to be referred."),
    ]
    return "\n".join(lines)


SITUATION_NAMES = {
    "minimum_income": __("minimum income"),
    "single_parent": __("single parent"),
    "newcomer": __("newcomer"),
    "dalo": __("DALO"),
}


def situation_line(data: dict[str, Any]) -> str:
    chosen = [str(name) for key, name in SITUATION_NAMES.items() if data.get(key)]
    return _("📋 Situation: {situation}").format(situation=", ".join(chosen) if chosen else _("none of these"))


def sent() -> str:
    return _("✅ <b>Referral sent.</b> The coordinators will answer soon; you will get their answer here.")


def cancelled() -> str:
    return _("Stopped. Nothing was sent.")


# --- the referent's list ----------------------------------------------------------------------


def my_referrals(page: Page[Referral]) -> str:
    if page.total == 0:
        return _("You have not referred any household yet.")
    return _("<b>📂 My referrals</b> ({first}–{last} of {total})").format(
        first=page.offset + 1, last=page.offset + len(page.rows), total=page.total
    )


def referral_label(referral: Referral) -> str:
    return f"{referral.created_at:%d/%m} · {referral.site} · {STATUS_NAMES[referral.status]}"


# --- the coordinators' side -------------------------------------------------------------------


def received(organisation: str, site: str, urgency: Urgency) -> str:
    head = _("📨 <b>New referral</b> from {organisation}: {site}.").format(
        organisation=escape(organisation), site=escape(site)
    )
    return head + "\n" + _("⏱ {urgency}").format(urgency=URGENCY_NAMES[urgency])


def waiting(page: Page[ReferralView]) -> str:
    if page.total == 0:
        return _("No referral is waiting for a decision.")
    return _("<b>📨 Referrals waiting</b> ({total})").format(total=page.total)


def waiting_label(view: ReferralView) -> str:
    mark = "🔴 " if view.referral.urgency is Urgency.urgent else ""
    return f"{mark}{view.referral.site} · {view.organisation}"


def referral_card(view: ReferralView) -> str:
    referral = view.referral
    data = {
        "women": referral.adults_women,
        "men": referral.adults_men,
        "children": referral.children,
        "minimum_income": referral.minimum_income,
        "single_parent": referral.single_parent,
        "newcomer": referral.newcomer,
        "dalo": referral.dalo,
        "tenant_since": referral.tenant_since,
        "landlord": referral.landlord,
        "site": referral.site,
        "priority": referral.priority_neighbourhood,
        "needs": referral.needs,
        "urgency": referral.urgency.value,
    }
    lines = summary(data).split("\n")[2:]
    head = [
        _("<b>📨 Referral of {day}</b>").format(day=f"{referral.created_at:%d/%m/%Y}"),
        _("From {referent} ({organisation})").format(
            referent=escape(view.referent or "?"), organisation=escape(view.organisation or "?")
        ),
        _("Status: {status}").format(status=STATUS_NAMES[referral.status]),
        "",
    ]
    if referral.status is ReferralStatus.declined and referral.decline_reason:
        lines.append(_("Reason: {reason}").format(reason=escape(referral.decline_reason)))
    return "\n".join(head + lines)


def ask_animator() -> str:
    return _("Accept: which animator will follow this household?")


def ask_reason() -> str:
    return _("Decline: type the reason, in one line. The referent will read it.")


def accepted(reference: str, links: list[tuple[str, str]], day: str) -> str:
    lines = [
        _("✅ <b>Accepted.</b> Household <b>{reference}</b> is created (phase: referred).").format(
            reference=escape(reference)
        ),
        _("The referent is told."),
        "",
        _("Give each adult of the household one invitation (valid once, until {day}):").format(day=day),
    ]
    for link, code in links:
        lines.append(f"🔗 {link}\n🔑 <code>{code}</code>")
    return "\n".join(lines)


def declined() -> str:
    return _("✖️ Declined. The referent is told, with your reason.")


# --- what the referent is told ----------------------------------------------------------------


def told_accepted(site: str, sent_on: str, reference: str, animator: str) -> str:
    lines = [
        _("✅ <b>Your referral was accepted</b> ({site}, sent on {day}).").format(site=escape(site), day=_day(sent_on)),
        _("Household reference: {reference}.").format(reference=escape(reference)),
    ]
    if animator:
        lines.append(_("Their animator: {name}.").format(name=escape(animator)))
    lines.append(_("The association will contact the household to plan the first meeting at home."))
    return "\n".join(lines)


def told_declined(site: str, sent_on: str, reason: str) -> str:
    return "\n".join(
        [
            _("✖️ <b>Your referral was not accepted</b> ({site}, sent on {day}).").format(
                site=escape(site), day=_day(sent_on)
            ),
            _("Reason: {reason}").format(reason=escape(reason)),
        ]
    )


def _day(iso: str) -> str:
    try:
        return f"{date.fromisoformat(iso):%d/%m/%Y}"
    except ValueError:
        return iso


# --- referents' invitations -------------------------------------------------------------------


def which_organisation() -> str:
    return _("Which organisation does the social referent work for?")


def ask_organisation_name() -> str:
    return _("Type the new organisation's name, e.g. <i>CCAS d'Aix-en-Provence</i>.")


def organisation_label(organisation: Organisation) -> str:
    return organisation.name


def referent_invitation(organisation: str, link: str, code: str, day: str) -> str:
    return "\n".join(
        [
            _("✉️ <b>Invitation for a social referent of {organisation}</b>").format(organisation=escape(organisation)),
            "",
            _("Send them this link (valid once, until {day}):").format(day=day),
            link,
            "",
            _("Or they type this code in the bot: <code>{code}</code>").format(code=code),
        ]
    )


# --- the referent's follow-up (item 2) --------------------------------------------------------


def follow_up(overview: Overview, tz: ZoneInfo) -> str:
    household = overview.household
    lines = [
        _("<b>🏠 {reference}</b> · {site}").format(reference=escape(household.reference), site=escape(household.site)),
        _("Phase: {phase}").format(phase=ui_texts.PHASE_NAMES[household.phase]),
        "",
        _("<b>Visits planned</b>: {count}").format(count=len(overview.visits_planned)),
    ]
    lines += [_visit_line(v, overview, tz, done=False) for v in overview.visits_planned]
    lines.append(_("<b>Visits done</b>: {count}").format(count=len(overview.visits_done)))
    lines += [_visit_line(v, overview, tz, done=True) for v in overview.visits_done]
    lines.append(_("<b>Workshops attended</b>: {count}").format(count=len(overview.workshops)))
    lines += [f"• {_when(w.starts_at, tz)} · {escape(w.title)}" for w in overview.workshops]
    if overview.closing_summary:
        lines += ["", _("<b>Closing review</b>: {summary}").format(summary=escape(overview.closing_summary))]
    lines.append("")
    if not overview.consent:
        lines.append(_("🔒 The household has not agreed that you read its messages and answers."))
        return "\n".join(lines)[:4000]
    lines.append(_("🔓 The household agreed that you read its messages and answers."))
    if overview.messages:
        lines.append(_("<b>Latest messages to the team</b>"))
        lines += [f"✉️ {escape(text[:300])}" for text in overview.messages]
    if overview.answers:
        lines.append(_("<b>Latest answers</b>"))
        lines += [f"📝 {escape(question)}: {escape(answer[:200])}" for question, answer in overview.answers]
    return "\n".join(lines)[:4000]


def _visit_line(visit: Visit, overview: Overview, tz: ZoneInfo, *, done: bool) -> str:
    line = f"• {_when(visit.starts_at, tz)} · {VISIT_KINDS[visit.kind]}"
    guest = overview.invitations.get(visit.id)
    return line + f" · {invitation_state(guest, done=done)}" if guest is not None else line


def _when(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%d/%m/%Y}"


# --- the tenant's consent ---------------------------------------------------------------------


def consent_screen(state: ConsentState) -> str:
    who = _("{referent} ({organisation})").format(
        referent=escape(state.referent), organisation=escape(state.organisation or "?")
    )
    lines = [
        _("<b>🤝 Your social referent</b>: {who}").format(who=who),
        "",
        _("Your referent always sees: your phase, your visits, the workshops you came to, the closing review."),
        _("Your messages to the team and your answers to questionnaires: only if you agree."),
        _("You can change your mind at any time. It counts for everyone in your home."),
        "",
        _("Now: ✅ your referent may read them.") if state.given else _("Now: 🔒 your referent may not read them."),
    ]
    return "\n".join(lines)


def no_referent() -> str:
    return _("Your household has no social referent in the assistant.")


# --- the referent at the tripartite and closing visits -----------------------------------------


def _long_when(moment: datetime, tz: ZoneInfo) -> str:
    text = format_datetime(moment.astimezone(tz), "EEEE d MMMM, HH:mm", locale=_locale())
    return text[:1].upper() + text[1:]


def _locale() -> str:
    return I18n.get_current(no_error=False).current_locale


def visit_lines(p: GuestFacts, tz: ZoneInfo) -> list[str]:
    """The household's reference, the kind of visit, when, where, with whom: never the tenants' words."""
    lines = [
        _("🏠 Household {reference}").format(reference=escape(p.reference)),
        str(VISIT_KINDS[p.kind]),
        _("📅 {when}").format(when=_long_when(p.starts_at, tz)),
    ]
    if p.address:
        lines.append("📍 " + escape(p.address))
    if p.animator:
        lines.append(_("👷 With {animator}").format(animator=escape(p.animator)))
    return lines


def referent_notice_head(event: GuestEvent) -> str:
    return {
        GuestEvent.invited: _("📅 <b>You are invited to a home visit of a household you referred</b>"),
        GuestEvent.moved: _("🔁 <b>A visit you are invited to has moved</b>"),
        GuestEvent.cancelled: _("✖️ <b>A visit you were invited to is cancelled</b>"),
    }[event]


def referent_was(previous: datetime, tz: ZoneInfo) -> str:
    return _("(was: {when})").format(when=_long_when(previous, tz))


def referent_question() -> str:
    return _("Will you be there? The animator sees your answer.")


def referent_reminder_head(eve: bool) -> str:
    return (
        _("⏰ <b>Tomorrow: a home visit with a household you referred</b>")
        if eve
        else _("⏰ <b>Soon: a home visit with a household you referred</b>")
    )


def referent_answered(choice: GuestAnswer) -> str:
    if choice is GuestAnswer.confirmed:
        return _("👍 Thank you, the animator sees that you are coming.")
    return _("OK, the animator sees that you cannot come. You will not get reminders for this visit.")


def referent_visit_refusal(reason: ReferentVisitRefusal) -> str:
    if reason is ReferentVisitRefusal.visit_over:
        return _("This visit is over or no longer booked.")
    return _("This button is no longer active.")


INVITATION_STATES = {
    GuestAnswer.invited: __("you have not answered"),
    GuestAnswer.confirmed: __("you are coming"),
    GuestAnswer.declined: __("you are not coming"),
}


def invitation_state(guest: VisitGuest, *, done: bool) -> str:
    if done and guest.came is not None:
        return _("you were there") if guest.came else _("you were not there")
    return str(INVITATION_STATES[guest.answer])
