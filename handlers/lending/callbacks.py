"""The tool library's buttons: ids and enums only (handlers re-check who may, on every press)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from bot.models import ToolCondition
from handlers.ui.callbacks import Int


class ToolAction(str, enum.Enum):
    show = "s"
    photo = "p"  # see its photo
    total = "c"  # type a new total


class ToolCallback(CallbackData, prefix="tl"):
    tool_id: Int
    action: ToolAction = ToolAction.show


class ToolAddCallback(CallbackData, prefix="tla"):
    pass


class OverdueCallback(CallbackData, prefix="tlo"):
    pass


class LendCallback(CallbackData, prefix="tll"):
    """Lend a tool to the household: pick the tool (tool_id 0), then the return day (days 0)."""

    household_id: Int
    tool_id: Int = 0
    days: Int = 0


class LoanCallback(CallbackData, prefix="tln"):
    loan_id: Int


class ReturnCallback(CallbackData, prefix="tlr"):
    loan_id: Int
    condition: ToolCondition
