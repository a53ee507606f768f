"""/menu, /help and /cancel: they work in every state, for everyone.

Registered first, so a command always wins over whatever a flow waits for.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.config import Settings
from bot.filters import IsMember, NeedsOnboarding
from bot.models import Person
from handlers.ui import texts
from handlers.ui.callbacks import MenuAction, MenuCallback
from handlers.ui.menus import back_to_menu, language_keyboard, main_menu
from handlers.ui.replies import edit_or_send


async def cancel_member(message: Message, state: FSMContext, person: Person) -> None:
    await state.clear()
    await message.answer(texts.cancelled())
    await message.answer(texts.main_menu(person), reply_markup=main_menu(person))


async def cancel_onboarding(message: Message, state: FSMContext, person: Person | None) -> None:
    # Leaving the invitation steps: nothing was stored, so nothing to undo.
    had_state = await state.get_state() is not None
    await state.clear()
    if had_state:
        await message.answer(texts.cancelled())
    elif person is not None:
        await message.answer(texts.finish_joining())
    else:
        await message.answer(texts.no_invitation(), reply_markup=language_keyboard())


async def menu(message: Message, state: FSMContext, person: Person) -> None:
    await state.clear()
    await message.answer(texts.main_menu(person), reply_markup=main_menu(person))


async def help_member(message: Message, person: Person, settings: Settings) -> None:
    await message.answer(texts.help_for(person, settings), reply_markup=back_to_menu())


async def help_not_member(message: Message, person: Person | None) -> None:
    if person is not None:
        await message.answer(texts.finish_joining())
        return
    await message.answer(texts.no_invitation(), reply_markup=language_keyboard())


async def menu_button(query: CallbackQuery, state: FSMContext, person: Person) -> None:
    await state.clear()
    await edit_or_send(query, texts.main_menu(person), reply_markup=main_menu(person))


async def help_button(query: CallbackQuery, person: Person, settings: Settings) -> None:
    await edit_or_send(query, texts.help_for(person, settings), reply_markup=back_to_menu())


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cancel_member, Command("cancel", "annuler"), IsMember())
    router.message.register(cancel_onboarding, Command("cancel", "annuler"), NeedsOnboarding())
    router.message.register(menu, Command("menu"), IsMember())
    router.message.register(help_member, Command("help", "aide"), IsMember())
    router.message.register(help_not_member, Command("menu", "help", "aide"), NeedsOnboarding())
    router.callback_query.register(menu_button, MenuCallback.filter(F.action == MenuAction.menu), IsMember())
    router.callback_query.register(help_button, MenuCallback.filter(F.action == MenuAction.help), IsMember())
    return router
