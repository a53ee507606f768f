"""The households flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class NewHousehold(StatesGroup):
    reference = State()
    site = State()
    priority = State()
    animator = State()
    confirm = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    NewHousehold.reference: __("Please type the household's reference."),
    NewHousehold.site: __("Please type the name of the site or neighbourhood."),
    NewHousehold.priority: __("Please answer with the Yes or No buttons above."),
    NewHousehold.animator: __("Please choose the animator with the buttons above."),
    NewHousehold.confirm: __("Please tap Create or Cancel above."),
}
