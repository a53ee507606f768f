"""The visits flows' states, and what each step expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class HouseholdAddress(StatesGroup):
    text = State()


class VisitOutcome(StatesGroup):
    note = State()
    next_step = State()


class StaffCancel(StatesGroup):
    reason = State()


class VisitMessage(StatesGroup):
    text = State()


class VisitNote(StatesGroup):
    note = State()


class CancelVisit(StatesGroup):
    reason = State()


class OpenSlots(StatesGroup):
    days = State()
    start = State()
    end = State()
    length = State()
    buffer = State()
    weeks = State()
    confirm = State()


# Said, with how to stop, to whatever arrives in a step that expects something else.
HINTS: Hints = {
    VisitNote.note: __("Please send a few words or a photo."),
    CancelVisit.reason: __("Please tap a reason above or type it."),
    VisitOutcome.note: __("Please type a short note, or tap Skip."),
    VisitOutcome.next_step: __("Please type the next step, or tap Skip."),
    StaffCancel.reason: __("Please type the reason for the household, or tap the button above."),
    VisitMessage.text: __("Please type your message for the household."),
    OpenSlots.days: __("Please tap the days in the calendar above, then Next."),
    OpenSlots.start: __("Please choose the time with the buttons above."),
    OpenSlots.end: __("Please choose the time with the buttons above."),
    OpenSlots.length: __("Please choose with the buttons above."),
    OpenSlots.buffer: __("Please choose with the buttons above."),
    OpenSlots.weeks: __("Please choose with the buttons above."),
    OpenSlots.confirm: __("Please tap Open these times or Cancel above."),
    HouseholdAddress.text: __("Please type the address."),
}
