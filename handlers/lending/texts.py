"""The tool library's texts (gettext)."""

from __future__ import annotations

from datetime import date
from html import escape

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date

from bot.models import Tool, ToolCondition
from bot.services.lending import LendingRefusal, LoanView


def _locale() -> str:
    return I18n.get_current(no_error=False).current_locale


def day(value: date) -> str:
    text = format_date(value, "EEEE d MMMM", locale=_locale())
    return text[:1].upper() + text[1:]


def condition_name(condition: ToolCondition) -> str:
    return {
        ToolCondition.good: _("good"),
        ToolCondition.worn: _("worn"),
        ToolCondition.damaged: _("damaged"),
    }[condition]


def tool_button(tool: Tool) -> str:
    return _("{name} · {available}/{count}").format(name=tool.name, available=tool.available, count=tool.count)[:30]


def inventory(tools: list[Tool]) -> str:
    if not tools:
        return _("🧰 <b>Tool library</b>\n\nNo tool yet. Add the first one.")
    return _("🧰 <b>Tool library</b>\n\nTap a tool to see it. The numbers say how many are in, of how many.")


def tool(tool: Tool, out: list[LoanView], today: date) -> str:
    lines = [
        f"🧰 <b>{escape(tool.name)}</b>",
        _("In: {available} of {count}").format(available=tool.available, count=tool.count),
        _("Condition: {condition}").format(condition=condition_name(tool.condition)),
    ]
    if out:
        lines += ["", _("Lent to:")]
        lines += [loan_line(view, today) for view in out]
    return "\n".join(lines)


def loan_line(view: LoanView, today: date, *, with_household: bool = True) -> str:
    mark = "⏰ " if view.overdue(today) else "• "
    quantity = f" ×{view.loan.quantity}" if view.loan.quantity > 1 else ""
    who = f"{escape(view.reference)} · " if with_household else ""
    return (
        mark
        + who
        + _("{tool}{quantity}, back on {day}").format(
            tool=escape(view.tool.name), quantity=quantity, day=day(view.loan.due_on)
        )
    )


def household_tools(reference: str, out: list[LoanView], today: date) -> str:
    lines = [_("🧰 <b>Tools lent to {reference}</b>").format(reference=escape(reference)), ""]
    if not out:
        lines.append(_("Nothing lent at the moment."))
    lines += [loan_line(view, today, with_household=False) for view in out]
    return "\n".join(lines)


def pick_tool() -> str:
    return _("Which tool? (only the ones in are shown)")


def no_tool_in() -> str:
    return _("No tool is in at the moment. Add one to the tool library, or wait for a return.")


def pick_days(tool_name: str) -> str:
    return _("When does the {tool} come back?").format(tool=escape(tool_name))


def lent(view: LoanView) -> str:
    return _("✅ {tool} lent to {reference} until {day}. The household gets a reminder the evening before.").format(
        tool=escape(view.tool.name), reference=escape(view.reference), day=day(view.loan.due_on)
    )


def loan(view: LoanView, today: date) -> str:
    lines = [loan_line(view, today)]
    if view.overdue(today):
        lines.append(_("⏰ Late: it was due back on {day}.").format(day=day(view.loan.due_on)))
    lines += ["", _("When it comes back, tap its condition:")]
    return "\n".join(lines)


def returned(view: LoanView) -> str:
    return _("✅ {tool} is back, {condition}.").format(
        tool=escape(view.tool.name), condition=condition_name(view.loan.returned_condition or ToolCondition.good)
    )


def overdue(views: list[LoanView], today: date) -> str:
    if not views:
        return _("⏰ <b>Late returns</b>\n\nNo tool is late. 👍")
    return "\n".join([_("⏰ <b>Late returns</b>"), "", *(loan_line(view, today) for view in views)])


def borrowed(views: list[LoanView], today: date) -> str:
    if not views:
        return _("🧰 <b>What I borrowed</b>\n\nYou have no tool from the association at the moment.")
    lines = [_("🧰 <b>What I borrowed</b>"), ""]
    for view in views:
        lines.append(loan_line(view, today, with_household=False))
        if view.overdue(today):
            lines.append(_("⏰ It is late: please bring it back, or tell your animator."))
    return "\n".join(lines)


def ask_name() -> str:
    return _("Type the tool's name, e.g. <i>Cordless drill</i>.")


def ask_count() -> str:
    return _("How many does the association have? Type a number from 1 to 99.")


def ask_photo() -> str:
    return _("Send a photo of the tool (it helps to recognise it), or tap “No photo”.")


def ask_total(tool: Tool) -> str:
    return _("{name}: {count} in all, {available} in. Type the new total (0 to 99).").format(
        name=escape(tool.name), count=tool.count, available=tool.available
    )


def total_changed(tool: Tool) -> str:
    return _("✅ {name}: {count} in all, {available} in.").format(
        name=escape(tool.name), count=tool.count, available=tool.available
    )


def bad_name() -> str:
    return _("A tool's name has 1 to 80 characters. Try again.")


def bad_count() -> str:
    return _("Please type a number from 1 to 99.")


def bad_total() -> str:
    return _("Please type a number from 0 to 99.")


def added(tool: Tool) -> str:
    return _("✅ {name} added: {count} in the tool library.").format(name=escape(tool.name), count=tool.count)


def reminder(tool_name: str, quantity: int, due_on: date) -> str:
    quantity_text = f" ×{quantity}" if quantity > 1 else ""
    return _(
        "🧰 Reminder: the {tool}{quantity} you borrowed goes back tomorrow, {day}. "
        "If you need it longer, tell your animator."
    ).format(tool=escape(tool_name), quantity=quantity_text, day=day(due_on))


def refusal(reason: LendingRefusal) -> str:
    return {
        LendingRefusal.none_available: _("None left: someone else just took the last one."),
        LendingRefusal.still_lent: _("Some are out on loan: the total cannot be lower than that."),
        LendingRefusal.already_returned: _("This tool was already returned."),
        LendingRefusal.bad_date: _("This return day is not possible."),
    }.get(reason, _("This button is no longer active."))
