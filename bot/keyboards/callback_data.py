"""CallbackData factories. Short prefixes, enums and ids only: never personal
data (64-byte limit, and callback data can be forged, so handlers re-check)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.models import Phase, Role
from bot.services.announcements import AudienceKind


class Locale(str, enum.Enum):
    fr = "fr"
    ar = "ar"
    en = "en"


class LanguageCallback(CallbackData, prefix="lang"):
    locale: Locale


class ConsentCallback(CallbackData, prefix="consent"):
    accept: bool


class MenuAction(str, enum.Enum):
    menu = "menu"
    help = "help"
    language = "lang"
    erase = "erase"
    households = "hh"
    new_household = "newhh"
    new_invite = "inv"
    announce = "ann"


class MenuCallback(CallbackData, prefix="m"):
    action: MenuAction


class HouseholdPageCallback(CallbackData, prefix="hhp"):
    offset: int


class EraseCallback(CallbackData, prefix="erase"):
    confirm: bool


class PriorityCallback(CallbackData, prefix="qpv"):
    priority: bool


class AnimatorChoiceCallback(CallbackData, prefix="anim"):
    person_id: int  # 0 = nobody yet


class HouseholdConfirmCallback(CallbackData, prefix="hhok"):
    confirm: bool


class InviteRoleCallback(CallbackData, prefix="ivr"):
    role: Role


class InviteHouseholdCallback(CallbackData, prefix="ivh"):
    household_id: int


class InviteHouseholdPageCallback(CallbackData, prefix="ivp"):
    offset: int


class AudienceCallback(CallbackData, prefix="aud"):
    kind: AudienceKind


class AudienceSiteCallback(CallbackData, prefix="auds"):
    index: int  # into the list of sites shown, kept in FSM data: site names can be long


class AudiencePhaseCallback(CallbackData, prefix="audp"):
    phase: Phase


class AnnouncementConfirmCallback(CallbackData, prefix="annok"):
    send: bool
