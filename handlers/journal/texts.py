"""The journal's texts: who acted is shown by role and id, never by name."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.i18n import format_moment
from bot.services.audit import Entry
from bot.services.paging import Page
from handlers.ui import texts as ui_texts


def _who(entry: Entry) -> str:
    if entry.log.actor_id is None:
        return _("system")  # the command line, a nightly job, or an account since erased
    role = ui_texts.ROLE_NAMES[entry.actor_role] if entry.actor_role else _("deleted account")
    return f"{role} #{entry.log.actor_id}"


def journal(page: Page[Entry], locale: str, settings: Settings) -> str:
    if page.total == 0:
        return _("The journal is empty.")
    lines = [
        _("<b>Journal</b> ({first}–{last} of {total}, newest first)").format(
            first=page.offset + 1, last=page.offset + len(page.rows), total=page.total
        ),
        "",
    ]
    for entry in page.rows:
        log = entry.log
        parts = [format_moment(log.at, locale, settings.tz), _who(entry), f"<code>{escape(log.action)}</code>"]
        if log.target_type:
            parts.append(
                escape(f"{log.target_type} #{log.target_id}" if log.target_id is not None else log.target_type)
            )
        if log.details:
            parts.append(escape(log.details))
        lines.append(" · ".join(parts))
    return "\n".join(lines)


def export_caption() -> str:
    return _("The whole journal, oldest first.")
