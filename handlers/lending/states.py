"""The tool library's typed steps, and what each expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class NewTool(StatesGroup):
    name = State()
    count = State()
    photo = State()


class ToolCount(StatesGroup):
    count = State()


HINTS: Hints = {
    NewTool.name: __("Please type the tool's name, e.g. <i>Cordless drill</i>."),
    NewTool.count: __("Please type how many the association has, a number from 1 to 99."),
    NewTool.photo: __("Please send a photo of the tool, or tap “No photo”."),
    ToolCount.count: __("Please type the new total, a number from 0 to 99."),
}
