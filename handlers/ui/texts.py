"""Texts shared by several flows. Short sentences, one idea per line: many
readers have little French or little reading practice."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import lazy_gettext as __

from bot.config import Settings
from bot.models import Person, Phase, Role

PHASE_NAMES = {
    Phase.referred: __("referred"),
    Phase.preparation: __("preparation"),
    Phase.works: __("works"),
    Phase.follow_up: __("follow-up"),
    Phase.closed: __("closed"),
}

ROLE_NAMES = {
    Role.tenant: __("tenant"),
    Role.animator: __("animator"),
    Role.coordinator: __("coordinator"),
    Role.admin: __("administrator"),
    Role.referent: __("social referent"),
}


def no_invitation() -> str:
    return _(
        "Hello! 👋\n\n"
        "This assistant is for the households and the team of the home improvement programme.\n\n"
        "To use it, you need an invitation.\n"
        "Ask your social referent or your technical animator.\n\n"
        "If you already have a code, send it here."
    )


def consent() -> str:
    return _(
        "<b>Before we start</b>\n\n"
        "<b>What we keep:</b> your first name, your Telegram account, your language "
        "and the reference of your household.\n"
        "<b>Why:</b> to organise your visits and workshops and to send you reminders.\n"
        "<b>Who sees it:</b> your animator and the programme coordinators. Nobody else. "
        "It is never sold.\n"
        "<b>To delete everything:</b> send /supprimer at any time.\n\n"
        "Do you agree?"
    )


def finish_joining() -> str:
    return _("Welcome! Send /start to choose your language and finish joining.")


def main_menu(person: Person) -> str:
    return _("Hello {name}! What would you like to do?").format(name=escape(person.name, quote=False))


def association_line(settings: Settings) -> str:
    """The association's own number (ASSOCIATION_PHONE): a person to talk to, beside the
    emergency numbers and in Help; without it, the animator's number."""
    if settings.association_phone:
        return _("📞 {phone} – the association (your animator's team)").format(phone=escape(settings.association_phone))
    return _("🤝 To reach the association, call your animator's number.")


def help_for(person: Person, settings: Settings) -> str:
    lines = [_("<b>How to use the assistant</b>"), ""]
    lines.append(_("Tap the buttons of the menu. You can also type these commands:"))
    lines.append(_("/menu – the main menu"))
    lines.append(_("/langue – change the language"))
    lines.append(_("/cancel – stop what you are doing"))
    lines.append(_("/mes_donnees – see everything the assistant keeps about you"))
    lines.append(_("/stop – no more messages from the assistant (/start to get them again)"))
    lines.append(_("/supprimer – delete your data"))
    lines.append(_("/help – this help"))
    lines.append("")
    if person.role.manages_programme:
        lines.append(_("You can create households and invite tenants and team members."))
        lines.append(_("/equipe – the team: roles, deactivation, handing households over"))
    if person.role is Role.admin:
        lines.append(_("/journal – the journal of staff actions"))
    elif person.role is Role.animator:
        lines.append(_("You can see the households you follow."))
    elif person.role is Role.referent:
        lines.append(_("You can refer a household to the association and follow your referrals."))
    else:
        lines.append(_("If you are stuck, call your animator or your social referent."))
        lines.append(association_line(settings))
        lines.append(_("🚨 In danger (gas, fire, water leak, someone unwell): call 112, or tap 🚨 Emergency."))
    return "\n".join(lines)


def cancelled() -> str:
    return _("Stopped. Nothing was changed.")
