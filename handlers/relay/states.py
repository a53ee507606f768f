"""The relay flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class WriteToTeam(StatesGroup):
    message = State()


class ReplyToHousehold(StatesGroup):
    message = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    WriteToTeam.message: __("Please type your message, or send a photo or a voice note."),
    ReplyToHousehold.message: __("Please type your message, or send a photo or a voice note."),
}
