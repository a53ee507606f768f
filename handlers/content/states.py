"""The content flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class TutorialSearch(StatesGroup):
    query = State()


class StepContribution(StatesGroup):
    """A team member adds to a tutorial's step; FSM data: the tutorial id, the step, the voice's language."""

    photo = State()
    voice = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    TutorialSearch.query: __("Please write what you need to do, in a few words."),
    StepContribution.photo: __("Please send a photo: tap 📎, then the camera or the gallery."),
    StepContribution.voice: __("Please record a voice note: hold the 🎤 microphone button while you speak."),
}
