"""The visits buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.models import Phase, VisitKind
from handlers.ui.callbacks import Int


class VisitDaysCallback(CallbackData, prefix="vds"):
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitDayCallback(CallbackData, prefix="vd"):
    day: Int  # date.toordinal()
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitSlotCallback(CallbackData, prefix="vs"):
    slot_id: Int
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitBookCallback(CallbackData, prefix="vbk"):
    slot_id: Int
    household_id: Int
    visit_id: Int
    kind: VisitKind


class VisitCallback(CallbackData, prefix="v"):
    visit_id: Int


class VisitAction(str, enum.Enum):
    move = "mv"
    cancel = "cn"
    ics = "ics"
    note = "nt"
    confirm = "ok"
    photo = "ph"
    done = "dn"
    missed = "ms"
    message = "msg"


class VisitActionCallback(CallbackData, prefix="va"):
    visit_id: Int
    action: VisitAction


class CancelReason(str, enum.Enum):
    sick = "sick"
    unavailable = "busy"
    not_needed = "ndd"


class CancelReasonCallback(CallbackData, prefix="vcr"):
    visit_id: Int
    reason: CancelReason


class VisitHouseholdCallback(CallbackData, prefix="vh"):
    household_id: Int


class ReferentCallback(CallbackData, prefix="vrf"):
    visit_id: Int
    present: bool


class DayViewCallback(CallbackData, prefix="vdv"):
    day: Int  # date.toordinal()


class WeekCalendarCallback(CallbackData, prefix="vwk"):
    day: Int  # the week's Monday, date.toordinal()


class SlotDayRemoveCallback(CallbackData, prefix="vsd"):
    day: Int  # the local day whose free times go, date.toordinal()


class SlotPlanStep(str, enum.Enum):
    days_done = "dd"
    back_to_days = "bd"  # from the start time
    back_to_start = "bs"  # from the end time
    holidays = "hol"  # value 1: open the public holidays the repeats would skip too
    length = "len"
    buffer = "buf"
    weeks = "wk"
    confirm = "ok"


class SlotPlanCallback(CallbackData, prefix="vsp"):
    step: SlotPlanStep
    value: Int = 0


class HouseholdPhaseCallback(CallbackData, prefix="hph"):
    household_id: Int
    phase: Phase
    confirm: bool = False  # closing the accompaniment asks first


class HouseholdAddressCallback(CallbackData, prefix="had"):
    household_id: Int
