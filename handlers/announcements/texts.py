"""What the "message to tenants" flow says, and the header tenants read above the message."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from bot.services.announcements import AnnouncementRefusal
from bot.services.languages import Readers
from handlers.ui import versions as ui_versions
from handlers.ui.cutting import cut_plain


def header() -> str:
    return _("📣 Message from your programme team:")


def as_received(text: str) -> str:
    """The message as tenants read it: the header in their language, the text as written
    (in their language when staff added a version in it)."""
    return header() + "\n\n" + escape(text, quote=False)


def who() -> str:
    return _("<b>Message to tenants</b>\n\nWho should receive it?")


def no_household() -> str:
    return _("There is no household yet.")


def which_site() -> str:
    return _("Which site?")


def out_of_date() -> str:
    return _("This list is out of date. Choose again.")


def which_phase() -> str:
    return _("Which phase of the programme?")


def nobody_choose_again() -> str:
    return _("Nobody in this group uses the assistant yet. Choose another group.")


def nobody() -> str:
    return _("Nobody in this group uses the assistant yet.")


def type_it(count: int) -> str:
    return ngettext(
        "{count} person will receive it.\n\nType your message. Short sentences are easier to read.",
        "{count} people will receive it.\n\nType your message. Short sentences are easier to read.",
        count,
    ).format(count=count)


def not_a_message(reason: AnnouncementRefusal) -> str:
    if reason is AnnouncementRefusal.too_long:
        return _("This message is too long. Keep it under 3000 characters.")
    return _("Please type the message.")


PREVIEW_OF_VERSION = 300  # characters of each other version shown: the preview stays within one message


def preview(text: str, count: int, readers: Readers, versions: dict[str, str]) -> str:
    """Who receives it, who reads which language, the message as received, and the other versions."""
    going = ngettext(
        "This message will go to {count} person:", "This message will go to {count} people:", count
    ).format(count=count)
    languages = ui_versions.readers_line(readers)
    lines = [going, *([languages] if languages else []), "", as_received(text)]
    for locale, version in versions.items():
        lines += ["", ui_versions.version_label(locale), escape(cut_plain(version, PREVIEW_OF_VERSION), quote=False)]
    return "\n".join(lines)
