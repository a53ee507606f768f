"""Each flow's answer to input its current step does not expect.

A flow lists what each of its steps expects (its states.py, `HINTS`) and ends
its router with `unexpected_input_router(HINTS)`: a sticker sent where an
address is awaited gets "Please type the address." and how to stop, from the
flow that asked, instead of a catch-all that would have to know every flow.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiogram import Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n.lazy_proxy import LazyProxy

from bot.filters import Anyone

Hints = Mapping[State, LazyProxy]


def unexpected_input_router(name: str, hints: Hints) -> Router:
    by_state = {str(state.state): hint for state, hint in hints.items()}

    async def unexpected_input(message: Message, state: FSMContext) -> None:
        hint = by_state[str(await state.get_state())]
        await message.answer(str(hint) + "\n" + _("To stop, send /cancel."))

    router = Router(name=name)
    # Anyone: the joining steps have hints too, and a stranger is in them; the
    # StateFilter already limits this to people inside one of these steps.
    router.message.register(unexpected_input, StateFilter(*hints), Anyone())
    return router
