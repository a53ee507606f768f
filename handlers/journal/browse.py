"""/journal: the audit log, for administrators only. Newest first, ten a
page; who acted is shown by role and id, never by name. Exported as CSV."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsMember
from bot.i18n import format_moment
from bot.models import Person, Role
from bot.services import audit
from bot.services.audit import Entry, EntryPage
from handlers.journal.callbacks import JournalPageCallback
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send

PAGE_SIZE = 10


def _who(entry: Entry) -> str:
    if entry.log.actor_id is None:
        return _("system")  # the command line, a nightly job, or an account since erased
    role = texts.ROLE_NAMES[entry.actor_role] if entry.actor_role else _("deleted account")
    return f"{role} #{entry.log.actor_id}"


def render(page: EntryPage, locale: str, settings: Settings) -> str:
    if page.total == 0:
        return _("The journal is empty.")
    lines = [
        _("<b>Journal</b> ({first}–{last} of {total}, newest first)").format(
            first=page.offset + 1, last=page.offset + len(page.entries), total=page.total
        ),
        "",
    ]
    for entry in page.entries:
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


def keyboard(page: EntryPage) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    pager = 0
    if page.has_previous:
        builder.button(text=_("◀️ Newer"), callback_data=JournalPageCallback(offset=max(0, page.offset - page.limit)))
        pager += 1
    if page.has_next:
        builder.button(text=_("Older ▶️"), callback_data=JournalPageCallback(offset=page.offset + page.limit))
        pager += 1
    builder.button(text=_("📥 Export (CSV)"), callback_data=MenuCallback(action=MenuAction.journal_export))
    builder.button(text=_("⬅️ Main menu"), callback_data=MenuCallback(action=MenuAction.menu))
    builder.adjust(*([pager] if pager else []), 1, 1)
    return builder.as_markup()


async def journal_command(message: Message, session: AsyncSession, i18n: I18n, settings: Settings) -> None:
    page = await audit.latest(session, limit=PAGE_SIZE)
    await message.answer(render(page, i18n.current_locale, settings), reply_markup=keyboard(page))


async def journal_button(query: CallbackQuery, session: AsyncSession, i18n: I18n, settings: Settings) -> None:
    page = await audit.latest(session, limit=PAGE_SIZE)
    await edit_or_send(query, render(page, i18n.current_locale, settings), reply_markup=keyboard(page))


async def journal_page(
    query: CallbackQuery, callback_data: JournalPageCallback, session: AsyncSession, i18n: I18n, settings: Settings
) -> None:
    page = await audit.latest(session, offset=callback_data.offset, limit=PAGE_SIZE)
    await edit_or_send(query, render(page, i18n.current_locale, settings), reply_markup=keyboard(page))


async def export(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, bot: Bot, settings: Settings
) -> None:
    assert query.message is not None
    # Recorded first: the export is itself an entry of what it exports.
    await audit.record(session, "audit.export", actor_id=person.id, now=clock.now())
    data = await audit.export_csv(session, tz=settings.tz)
    await session.commit()
    name = f"journal-{clock.now().astimezone(settings.tz):%Y-%m-%d}.csv"
    await bot.send_document(
        query.message.chat.id, BufferedInputFile(data, filename=name), caption=_("The whole journal, oldest first.")
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember(Role.admin))
    router.callback_query.filter(IsMember(Role.admin))
    router.message.register(journal_command, Command("journal"))
    router.callback_query.register(journal_button, MenuCallback.filter(F.action == MenuAction.journal))
    router.callback_query.register(journal_page, JournalPageCallback.filter())
    router.callback_query.register(export, MenuCallback.filter(F.action == MenuAction.journal_export))
    return router
