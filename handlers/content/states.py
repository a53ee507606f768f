"""The content flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class TutorialSearch(StatesGroup):
    query = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    TutorialSearch.query: __("Please write what you need to do, in a few words."),
}
