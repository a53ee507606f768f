"""The households buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.models import Role
from handlers.ui.callbacks import Int


class HouseholdPageCallback(CallbackData, prefix="hhp"):
    offset: Int


class PriorityCallback(CallbackData, prefix="qpv"):
    priority: bool


class AnimatorChoiceCallback(CallbackData, prefix="anim"):
    person_id: Int  # 0 = nobody yet


class HouseholdConfirmCallback(CallbackData, prefix="hhok"):
    confirm: bool


class InviteRoleCallback(CallbackData, prefix="ivr"):
    role: Role


class InviteHouseholdCallback(CallbackData, prefix="ivh"):
    household_id: Int


class InviteHouseholdPageCallback(CallbackData, prefix="ivp"):
    offset: Int
