"""A person's rights over their data: /mes_donnees (see everything, as a
summary and a JSON file) and /stop (no proactive message until /start).
Deletion is handlers/erasure.py."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.filters import IsKnown
from bot.i18n import LANGUAGE_NAMES, format_day
from bot.models import Person
from bot.services import people, privacy
from bot.services.privacy import PersonalData
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu

EXPORT_FILE_NAME = "my-data.json"


def summary(person: Person, data: PersonalData, locale: str, settings: Settings) -> str:
    """The plain-language half of the export; the file has every detail."""
    lines = [_("<b>What the assistant keeps about you</b>"), ""]
    lines.append(_("Name: {name}").format(name=escape(person.name, quote=False)))
    lines.append(_("Language: {language}").format(language=LANGUAGE_NAMES.get(person.locale, person.locale)))
    lines.append(_("Role: {role}").format(role=texts.ROLE_NAMES[person.role]))
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
    opened = sum(1 for event in data.content_events if event["kind"] == "opened")
    finished = sum(1 for event in data.content_events if event["kind"] == "finished")
    lines.append(_("Tutorials opened: {opened}, finished: {finished}").format(opened=opened, finished=finished))
    subscribed = data.tip_subscription is not None and data.tip_subscription["active"]
    lines.append(_("Weekly tip: yes") if subscribed else _("Weekly tip: no"))
    if person.paused_at is not None:
        lines.append(_("Messages from the assistant: stopped (send /start to get them again)"))
    lines += [
        "",
        _("The file just sent has all of it, in detail."),
        _("/stop – no more messages from the assistant"),
        _("/supprimer – delete everything"),
    ]
    return "\n".join(lines)


async def _export(
    chat_id: int, person: Person, session: AsyncSession, clock: Clock, bot: Bot, i18n: I18n, settings: Settings
) -> str:
    data = await privacy.export(session, person, now=clock.now())
    await session.commit()  # the export is in the audit log before it leaves
    document = BufferedInputFile(data.to_json(exported_at=clock.now()), filename=EXPORT_FILE_NAME)
    text = summary(person, data, i18n.current_locale, settings)
    await bot.send_document(chat_id, document, caption=_("Your data, as a file any computer can read."))
    return text


async def export_command(
    message: Message, person: Person, session: AsyncSession, clock: Clock, bot: Bot, i18n: I18n, settings: Settings
) -> None:
    text = await _export(message.chat.id, person, session, clock, bot, i18n, settings)
    await message.answer(text, reply_markup=back_to_menu())


async def export_button(
    query: CallbackQuery, person: Person, session: AsyncSession, clock: Clock, bot: Bot, i18n: I18n, settings: Settings
) -> None:
    assert query.message is not None
    text = await _export(query.message.chat.id, person, session, clock, bot, i18n, settings)
    await bot.send_message(query.message.chat.id, text, reply_markup=back_to_menu())


async def stop_command(message: Message, person: Person, session: AsyncSession, clock: Clock) -> None:
    await people.pause(session, person, now=clock.now())
    await session.commit()  # stopped for real before we say so
    await message.answer(
        _(
            "🔕 Done. The assistant will not send you anything on its own any more: "
            "no reminders, no tips, no news.\n"
            "You can still use it.\n"
            "Send /start to get messages again."
        )
    )


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsKnown())
    router.callback_query.filter(IsKnown())
    router.message.register(export_command, Command("mes_donnees", "my_data"))
    router.message.register(stop_command, Command("stop"))
    router.callback_query.register(export_button, MenuCallback.filter(F.action == MenuAction.my_data))
    return router
