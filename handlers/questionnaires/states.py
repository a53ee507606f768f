"""The questionnaires flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class QuestionnaireText(StatesGroup):
    answer = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    QuestionnaireText.answer: __("Please type your answer as text, or use the buttons above."),
}
