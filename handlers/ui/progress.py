"""The progress of a broadcast (a message to tenants, a workshop's invitations),
edited in place every few seconds by the pump until it is delivered.

Every edit carries the way back to the menu (an edit without a keyboard would drop it), so the
last state of the message is never a dead end. During quiet hours nothing goes out: the message
says when it will, instead of "Sent: 0"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import get_i18n, ngettext
from aiogram.utils.i18n import gettext as _

from bot.config import Settings
from bot.i18n import format_clock
from bot.services.delivery import Progress
from handlers.ui.menus import back_to_menu


def held_until(settings: Settings, now: datetime) -> datetime | None:
    """When a broadcast queued now starts going out, if quiet hours hold it back."""
    quiet = settings.quiet
    return quiet.next_end(now, settings.tz) if quiet.contains(now, settings.tz) else None


def progress_text(progress: Progress, held: datetime | None = None, tz: ZoneInfo | None = None) -> str:
    if held is not None and tz is not None and not progress.done and progress.sent == 0:
        goes = _("🌙 Quiet hours: it goes at {time}.").format(time=format_clock(held, get_i18n().current_locale, tz))
        waiting = ngettext("{count} message waiting.", "{count} messages waiting.", progress.waiting)
        return f"{goes}\n{waiting.format(count=progress.waiting)}"
    title = _("✅ Delivered.") if progress.done else _("📣 Sending…")
    counts = _("Sent: {sent} · Waiting: {waiting} · Blocked the bot: {blocked} · Failed: {failed}").format(
        sent=progress.sent, waiting=progress.waiting, blocked=progress.blocked, failed=progress.failed
    )
    return f"{title}\n{counts}"


def progress_screen(progress: Progress, held: datetime | None, tz: ZoneInfo) -> tuple[str, InlineKeyboardMarkup]:
    """The progress message as it reads now, with its way back."""
    return progress_text(progress, held, tz), back_to_menu()
