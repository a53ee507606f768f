"""The catch-all, registered last: strangers, people who have not finished
joining, and buttons nobody handles (stale, or forged). Members' odd input is
answered by the flow they are in (handlers/ui/hints.py) or, outside any flow,
by handlers/content/free_text.py. Never silence."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.i18n import gettext as _

from bot.filters import Anyone
from bot.models import Person
from handlers.ui import texts
from handlers.ui.menus import language_keyboard


async def stranger(message: Message, person: Person | None) -> None:
    if person is None:
        await message.answer(texts.no_invitation(), reply_markup=language_keyboard())
    else:
        await message.answer(texts.finish_joining())


async def stale_button(query: CallbackQuery, callback_answer: CallbackAnswer) -> None:
    # An old message, a button of a finished step, or forged data: say so, change nothing.
    callback_answer.text = _("This button is no longer active. Use /menu.")
    callback_answer.show_alert = False


def create_router() -> Router:
    router = Router(name=__name__)
    # Whoever is talking: members never get this far with a message (free_text takes them).
    router.message.filter(Anyone())
    router.callback_query.filter(Anyone())
    router.message.register(stranger)
    router.callback_query.register(stale_button)
    return router
