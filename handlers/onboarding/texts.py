"""Joining's texts. The consent and the greeting of strangers are handlers/ui/texts.py's:
the fallback shows them too."""

from __future__ import annotations

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from bot.i18n import LANGUAGE_NAMES
from bot.services.invites import InviteStatus


def welcome_back() -> str:
    return _("🔔 Welcome back! The assistant will send you messages again.")


def already_registered() -> str:
    return _("You are already registered. No need for a new code.")


def code_refused(status: InviteStatus, until: str) -> str:
    """Why a code typed or tapped does not open the door; `until`: the end of a lock-out."""
    if status is InviteStatus.locked:
        return _("Too many wrong codes. For your safety, try again after {time}.").format(time=until)
    if status is InviteStatus.expired:
        return _("This invitation has expired. Ask the person who invited you for a new one.")
    if status is InviteStatus.used:
        return _("This invitation has already been used. Ask for a new one if you need it.")
    return _("I don't recognise this code. Check it and send it again, or ask for a new one.")


def choose_language_in_every_language() -> str:
    # Each language says it in its own words: the reader may not know which button is theirs.
    i18n = I18n.get_current(no_error=False)
    lines = []
    for code in LANGUAGE_NAMES:
        with i18n.use_locale(code):
            lines.append(_("Choose your language:"))
    return "\n".join(lines)


def invitation_unusable() -> str:
    return _("This invitation can no longer be used. Ask for a new one.")


def registered() -> str:
    return _("Thank you! You are registered.")


def declined(*, stranger: bool) -> str:
    if stranger:
        return _("No problem. Nothing about you was saved.\nWhen you are ready, tap your invitation link again.")
    return _("Without your agreement the assistant cannot work for you.\nSend /start if you change your mind.")
