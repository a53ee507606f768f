"""The privacy flows' texts: what the assistant keeps, and what erasing means."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.i18n import LANGUAGE_NAMES, format_day
from bot.models import Person
from bot.services.privacy import PersonalData
from handlers.ui import texts as ui_texts


def summary(person: Person, data: PersonalData, locale: str, settings: Settings) -> str:
    """The plain-language half of the export; the file has every detail."""
    lines = [_("<b>What the assistant keeps about you</b>"), ""]
    lines.append(_("Name: {name}").format(name=escape(person.name, quote=False)))
    lines.append(_("Language: {language}").format(language=LANGUAGE_NAMES.get(person.locale, person.locale)))
    lines.append(_("Role: {role}").format(role=ui_texts.ROLE_NAMES[person.role]))
    lines.append(_("Registered on {day}").format(day=format_day(person.created_at, locale, settings.tz)))
    if data.household is not None:
        lines.append(
            _("Household: {reference} ({site})").format(
                reference=escape(data.household["reference"]), site=escape(data.household["site"])
            )
        )
    if data.households_followed:
        lines.append(_("Households you follow: {count}").format(count=len(data.households_followed)))
    lines.append(_("Messages the assistant sent you or will send: {count}").format(count=len(data.messages)))
    if data.relay_messages:
        lines.append(_("Messages with your animator or the team: {count}").format(count=len(data.relay_messages)))
    if data.tutorial_contributions:
        lines.append(
            _("Photos and voice notes you added to tutorials: {count}").format(count=len(data.tutorial_contributions))
        )
    if data.workshop_invitations or data.workshop_answers:
        lines.append(
            _("Workshops: invited to {invited}, answered {answered}").format(
                invited=len(data.workshop_invitations), answered=len(data.workshop_answers)
            )
        )
    opened = sum(1 for event in data.content_events if event["kind"] == "opened")
    finished = sum(1 for event in data.content_events if event["kind"] == "finished")
    lines.append(_("Tutorials opened: {opened}, finished: {finished}").format(opened=opened, finished=finished))
    subscribed = data.tip_subscription is not None and data.tip_subscription["active"]
    lines.append(_("Weekly tip: yes") if subscribed else _("Weekly tip: no"))
    if data.household_file is not None and data.household_file.get("referent_id"):
        lines.append(
            _("Your social referent may read your messages and answers: yes")
            if data.referent_consent is not None
            else _("Your social referent may read your messages and answers: no")
        )
    if data.referrals_sent:
        lines.append(_("Households you referred: {count}").format(count=len(data.referrals_sent)))
    if person.paused_at is not None:
        lines.append(_("Messages from the assistant: stopped (send /start to get them again)"))
    lines += [
        "",
        _("The file just sent has all of it, in detail."),
        _("/stop – no more messages from the assistant"),
        _("/supprimer – delete everything"),
    ]
    return "\n".join(lines)


def export_caption() -> str:
    return _("Your data, as a file any computer can read.")


def stopped() -> str:
    return _(
        "🔕 Done. The assistant will not send you anything on its own any more: "
        "no reminders, no tips, no news.\n"
        "You can still use it.\n"
        "Send /start to get messages again."
    )


def warning() -> str:
    return _(
        "<b>Delete my data</b>\n\n"
        "This deletes your account: your name, your language and the link with your Telegram.\n"
        "The assistant will not know you any more.\n"
        "Your household's file stays with the association.\n\n"
        "This cannot be undone. Are you sure?"
    )


def erased() -> str:
    return _("Done. Everything about you has been deleted. Goodbye, and good luck!")
