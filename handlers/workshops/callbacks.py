"""The workshops buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.models import Phase, RsvpAnswer, WorkshopTheme
from handlers.ui.callbacks import Int


class WorkshopCallback(CallbackData, prefix="w"):
    id: Int  # the workshop's detail screen (staff) or card (tenants)


class WorkshopListCallback(CallbackData, prefix="wl"):
    offset: Int


class ThemeCallback(CallbackData, prefix="wth"):
    theme: WorkshopTheme


class CapacityCallback(CallbackData, prefix="wcap"):
    seats: Int


class ChildrenCallback(CallbackData, prefix="wkid"):
    welcome: bool


class RepeatCallback(CallbackData, prefix="wrep"):
    every_weeks: Int  # 0 = once


class WorkshopConfirmCallback(CallbackData, prefix="wok"):
    confirm: bool


class RsvpCallback(CallbackData, prefix="rsvp"):
    """The buttons of an invitation or a reminder: only for people who were invited."""

    workshop_id: Int
    answer: RsvpAnswer


class SignupCallback(CallbackData, prefix="sign"):
    """The buttons of a workshop found by browsing: any tenant may sign up."""

    workshop_id: Int
    answer: RsvpAnswer


class MapCallback(CallbackData, prefix="map"):
    workshop_id: Int


class WorkshopAction(str, enum.Enum):
    invite = "inv"
    relance = "rel"
    answers = "ans"
    attendance = "att"
    change = "chg"
    cancel = "cnl"


class WorkshopActionCallback(CallbackData, prefix="wa"):
    workshop_id: Int
    action: WorkshopAction


class InviteTargetCallback(CallbackData, prefix="wit"):
    workshop_id: Int
    kind: str  # an InviteAudience value


class InviteSiteCallback(CallbackData, prefix="wis"):
    workshop_id: Int
    index: Int


class InvitePhaseCallback(CallbackData, prefix="wip"):
    workshop_id: Int
    phase: Phase


class InviteHouseholdToggle(CallbackData, prefix="wih"):
    workshop_id: Int
    household_id: Int  # 0: done picking


class InviteConfirmCallback(CallbackData, prefix="wic"):
    workshop_id: Int
    send: bool
    whole_series: bool = False  # this session and the next ones of its series


class AttendanceCallback(CallbackData, prefix="wat"):
    workshop_id: Int
    rsvp_id: Int  # 0: show the page at `offset`, tick nobody
    offset: Int = 0  # the page the list is at, kept when a name is ticked


class WalkInCallback(CallbackData, prefix="wwi"):
    """Ticks as come someone invited who never answered."""

    workshop_id: Int
    person_id: Int
    offset: Int = 0  # the page the attendance list is at, kept when a name is ticked


class ChangeField(str, enum.Enum):
    time = "time"
    place = "place"
    capacity = "cap"


class ChangeCallback(CallbackData, prefix="wch"):
    workshop_id: Int
    field: ChangeField
    whole_series: bool = False


class CancelWorkshopCallback(CallbackData, prefix="wcn"):
    workshop_id: Int
    whole_series: bool
    confirm: bool = False
