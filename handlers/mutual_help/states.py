"""Offering help: the typed step, and what it expects when something else arrives."""

from __future__ import annotations

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import lazy_gettext as __

from handlers.ui.hints import Hints


class OfferHelp(StatesGroup):
    skill = State()
    half_day = State()


HINTS: Hints = {
    OfferHelp.skill: __("Please type in a few words what you can do, e.g. <i>painting</i>."),
    OfferHelp.half_day: __("Please tap the half-day when you are free."),
}
