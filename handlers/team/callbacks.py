"""The team buttons' CallbackData factories: short prefixes, enums and ids only (see
handlers/ui/callbacks.py)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData

from bot.models import Role
from handlers.ui.callbacks import Int


class TeamPageCallback(CallbackData, prefix="tmp"):
    offset: Int


class TeamMemberCallback(CallbackData, prefix="tmm"):
    person_id: Int


class TeamRoleCallback(CallbackData, prefix="tmr"):
    person_id: Int
    role: Role


class TeamActiveCallback(CallbackData, prefix="tma"):
    person_id: Int
    active: bool
    confirm: bool = False


class TeamReassignCallback(CallbackData, prefix="tmh"):
    from_id: Int
    to_id: Int = 0  # 0: choose the animator
