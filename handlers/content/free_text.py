"""What a member types outside any step: "mon robinet fuit" shows the matching
tutorials; "merci", "bonjour", "ok" get a short polite answer; anything else gets a
short answer and the menu. (Emergency words never get here: handlers/relay/watch.py
answers them first.)

Its router is registered after every flow (handlers.get_routers), since it
takes any message left over; the flows' own steps and hints come first.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.filters import IsMember
from bot.models import Person
from bot.services import small_talk
from bot.services.content import ContentLibrary
from handlers.content import texts
from handlers.content.tutorials import answer_search
from handlers.ui.menus import back_to_menu, main_menu


async def free_text(message: Message, person: Person, library: ContentLibrary) -> None:
    text = message.text
    if text is not None and not text.startswith("/"):
        if (talk := small_talk.classify(text)) is not None:
            await message.answer(texts.small_talk(talk, person.name), reply_markup=back_to_menu())
            return
        if len(text) >= 3 and await answer_search(message, text, person, library, quiet=True):
            return
        # "merci Nadia", "شكرا نادية": a name left over, and no tutorial for it.
        if (talk := small_talk.classify(text, extra_words=1)) is not None:
            await message.answer(texts.small_talk(talk, person.name), reply_markup=back_to_menu())
            return
    await message.answer(_("Sorry, I did not understand. Please use the buttons."), reply_markup=main_menu(person))


async def not_understood(message: Message, person: Person) -> None:
    # Inside a step without a hint of its own: never silence.
    await message.answer(_("Sorry, I did not understand. Please use the buttons."), reply_markup=main_menu(person))


def create_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(IsMember())
    router.message.register(free_text, StateFilter(None))
    router.message.register(not_understood)
    return router
