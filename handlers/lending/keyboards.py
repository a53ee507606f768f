"""The tool library's keyboards (handlers/ui/layout.py)."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.models import Tool, ToolCondition
from bot.services.lending import LoanView
from handlers.lending import texts
from handlers.lending.callbacks import (
    LendCallback,
    LoanCallback,
    OverdueCallback,
    ReturnCallback,
    ToolAction,
    ToolAddCallback,
    ToolCallback,
)
from handlers.ui.callbacks import (
    HouseholdCardCallback,
    HouseholdWorksiteCallback,
    MenuAction,
    MenuCallback,
    SkipCallback,
    WorksitePart,
)
from handlers.ui.layout import button, grid, keyboard
from handlers.ui.menus import back_to_menu_button

# The return days offered: big buttons rather than a calendar (a loan is days or weeks).
RETURN_DAYS = (3, 7, 14, 30)


def _library_button() -> list[InlineKeyboardButton]:
    return [button(_("⬅️ Tool library"), MenuCallback(action=MenuAction.tools))]


def inventory(tools: list[Tool]) -> InlineKeyboardMarkup:
    rows = [[button(texts.tool_button(tool), ToolCallback(tool_id=tool.id))] for tool in tools]
    return keyboard(
        *rows,
        [button(_("➕ Add a tool"), ToolAddCallback())],
        [button(_("⏰ Late returns"), OverdueCallback())],
        [back_to_menu_button()],
    )


def tool(tool: Tool, out: list[LoanView]) -> InlineKeyboardMarkup:
    loans = [[button("↩️ " + view.reference[:26], LoanCallback(loan_id=view.loan.id))] for view in out]
    photo = (
        [button(_("📷 See the photo"), ToolCallback(tool_id=tool.id, action=ToolAction.photo))]
        if tool.photo_file_id
        else []
    )
    return keyboard(
        *loans,
        photo,
        [button(_("✏️ Change the number"), ToolCallback(tool_id=tool.id, action=ToolAction.total))],
        _library_button(),
    )


def household_tools(household_id: int, out: list[LoanView]) -> InlineKeyboardMarkup:
    loans = [[button("↩️ " + view.tool.name[:26], LoanCallback(loan_id=view.loan.id))] for view in out]
    return keyboard(
        *loans,
        [button(_("➕ Lend a tool"), LendCallback(household_id=household_id))],
        [button(_("⬅️ Back to the household"), HouseholdCardCallback(household_id=household_id))],
    )


def pick_tool(household_id: int, tools: list[Tool]) -> InlineKeyboardMarkup:
    rows = [
        [button(texts.tool_button(tool), LendCallback(household_id=household_id, tool_id=tool.id))]
        for tool in tools
        if tool.available > 0
    ]
    return keyboard(*rows, [button(_("⬅️ Back"), _household_tools(household_id))])


def _household_tools(household_id: int) -> HouseholdWorksiteCallback:
    return HouseholdWorksiteCallback(household_id=household_id, part=WorksitePart.tools)


def pick_days(household_id: int, tool_id: int, today: date) -> InlineKeyboardMarkup:
    labels = {3: _("In 3 days"), 7: _("In 1 week"), 14: _("In 2 weeks"), 30: _("In 1 month")}
    choices = [
        button(labels[days], LendCallback(household_id=household_id, tool_id=tool_id, days=days))
        for days in RETURN_DAYS
    ]
    return keyboard(*grid(choices, 2), [button(_("⬅️ Back"), LendCallback(household_id=household_id))])


def after_lending(household_id: int) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("🧰 Tools of this household"), _household_tools(household_id))],
        [button(_("⬅️ Back to the household"), HouseholdCardCallback(household_id=household_id))],
    )


def loan(view: LoanView) -> InlineKeyboardMarkup:
    conditions = [
        button("✅ " + texts.condition_name(condition), ReturnCallback(loan_id=view.loan.id, condition=condition))
        for condition in ToolCondition
    ]
    return keyboard(
        [conditions[0]],
        conditions[1:],
        [button(_("🧰 Tools of this household"), _household_tools(view.loan.household_id))],
        [back_to_menu_button()],
    )


def overdue(views: list[LoanView]) -> InlineKeyboardMarkup:
    rows = [
        [button(f"⏰ {view.reference} · {view.tool.name}"[:30], LoanCallback(loan_id=view.loan.id))] for view in views
    ]
    return keyboard(*rows, _library_button(), [back_to_menu_button()])


def skip_photo() -> InlineKeyboardMarkup:
    return keyboard([button(_("No photo"), SkipCallback())], [back_to_menu_button()])


def back_to_library() -> InlineKeyboardMarkup:
    return keyboard(_library_button(), [back_to_menu_button()])


def borrowed() -> InlineKeyboardMarkup:
    return keyboard([back_to_menu_button()])
