"""The announcements flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class Announcement(StatesGroup):
    audience = State()
    text = State()
    confirm = State()
    version = State()  # the same message in another language (optional, from the preview)


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    Announcement.audience: __("Please choose who receives the message with the buttons above."),
    Announcement.text: __("Please type the message as text."),
    Announcement.confirm: __("Please tap Send or Cancel above."),
    Announcement.version: __("Please type the message in this language."),
}
