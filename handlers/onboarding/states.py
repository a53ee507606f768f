"""The onboarding flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class Onboarding(StatesGroup):
    language = State()
    consent = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    Onboarding.language: __("Please choose your language with the buttons above."),
    Onboarding.consent: __("Please answer with the buttons above: I agree, or No, thank you."),
}
