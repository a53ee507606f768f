"""🚨 Emergency: the numbers to call, for every member, from the menu or the writing screen."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery

from bot.config import Settings
from bot.filters import IsMember
from bot.models import Person, Role
from handlers.relay import keyboards, texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.replies import edit_or_send


async def show_emergency(query: CallbackQuery, state: FSMContext, person: Person, settings: Settings) -> None:
    # From the writing screen too: this screen asks for nothing, so nothing typed next is sent.
    await state.clear()
    may_write = person.role is Role.tenant and person.household_id is not None
    await edit_or_send(query, texts.emergency_text([], settings), reply_markup=keyboards.emergency(may_write))


def create_router() -> Router:
    router = Router(name=__name__)
    router.callback_query.filter(IsMember())
    router.callback_query.register(show_emergency, MenuCallback.filter(F.action == MenuAction.emergency))
    return router
