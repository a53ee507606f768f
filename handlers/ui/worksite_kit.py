"""A household's tools out, energy kit and mutual help on its card (handlers/visits), with the
buttons to each part's screen (handlers/lending, handlers/energy_kit, handlers/mutual_help)."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from babel.numbers import format_decimal

from bot.services.worksite_kit import CardSummary
from handlers.ui.callbacks import HouseholdWorksiteCallback, WorksitePart
from handlers.ui.layout import button


def _number(value: float) -> str:
    return format_decimal(round(value, 1), locale=I18n.get_current(no_error=False).current_locale)


def _hours(minutes: int) -> str:
    return _number(minutes / 60) + " h"


def card_lines(summary: CardSummary) -> list[str]:
    tools = _("🧰 Tools out: {count}").format(count=summary.tools_out)
    if summary.tools_late:
        tools += " · " + _("⏰ late: {count}").format(count=summary.tools_late)
    kit = _("💡 Energy kit: {count} items").format(count=summary.kit_items)
    if summary.savings.estimated:
        kit += " · " + _("≈ {euros} € a year").format(euros=_number(summary.savings.euros))
    help_line = _("🤝 Mutual help: given {given}, received {received}").format(
        given=_hours(summary.help_given_minutes), received=_hours(summary.help_received_minutes)
    )
    return [tools, kit, help_line]


def card_row(household_id: int) -> list[InlineKeyboardButton]:
    return [
        button(_("🧰 Tools"), HouseholdWorksiteCallback(household_id=household_id, part=WorksitePart.tools)),
        button(_("💡 Kit"), HouseholdWorksiteCallback(household_id=household_id, part=WorksitePart.kit)),
        button(_("🤝 Help"), HouseholdWorksiteCallback(household_id=household_id, part=WorksitePart.help)),
    ]
