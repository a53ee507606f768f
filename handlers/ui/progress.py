"""The progress of a broadcast (a message to tenants, a workshop's invitations),
edited in place every few seconds by the pump until it is delivered."""

from __future__ import annotations

from aiogram.utils.i18n import gettext as _

from bot.services.delivery import Progress


def progress_text(progress: Progress) -> str:
    title = _("✅ Delivered.") if progress.done else _("📣 Sending…")
    counts = _("Sent: {sent} · Waiting: {waiting} · Blocked the bot: {blocked} · Failed: {failed}").format(
        sent=progress.sent, waiting=progress.waiting, blocked=progress.blocked, failed=progress.failed
    )
    return f"{title}\n{counts}"
