"""The workshops flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class WorkshopInvite(StatesGroup):
    audience = State()
    confirm = State()


class WorkshopChange(StatesGroup):
    day = State()
    time = State()
    place = State()
    capacity = State()


class NewWorkshop(StatesGroup):
    theme = State()
    title = State()
    description = State()
    day = State()
    time = State()
    place = State()
    location = State()
    capacity = State()
    bring = State()
    children = State()
    repeat = State()
    until = State()
    confirm = State()
    version_title = State()  # the title in another language (optional, from the check screen)
    version_description = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    NewWorkshop.theme: __("Please choose the theme with the buttons above."),
    NewWorkshop.title: __("Please type the title."),
    NewWorkshop.description: __("Please type a short description, or tap Skip."),
    NewWorkshop.day: __("Please choose the day in the calendar above."),
    NewWorkshop.time: __("Please choose the time with the buttons above."),
    NewWorkshop.place: __("Please type the address."),
    NewWorkshop.location: __("Please send a location, or tap Skip."),
    NewWorkshop.capacity: __("Please type or tap a number of seats."),
    NewWorkshop.bring: __("Please type what to bring, or tap Skip."),
    NewWorkshop.children: __("Please answer with the Yes or No buttons above."),
    NewWorkshop.repeat: __("Please choose with the buttons above."),
    NewWorkshop.until: __("Please choose the last day in the calendar above."),
    NewWorkshop.confirm: __("Please tap Create or Cancel above."),
    NewWorkshop.version_title: __("Please type the title in this language."),
    NewWorkshop.version_description: __("Please type the description in this language, or tap Skip."),
    WorkshopInvite.audience: __("Please choose who to invite with the buttons above."),
    WorkshopInvite.confirm: __("Please tap Send or Cancel above."),
    WorkshopChange.day: __("Please choose the day in the calendar above."),
    WorkshopChange.time: __("Please choose the time with the buttons above."),
    WorkshopChange.place: __("Please type the address."),
    WorkshopChange.capacity: __("Please type a number of seats."),
}
