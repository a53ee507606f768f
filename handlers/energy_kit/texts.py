"""The energy kit's texts (gettext)."""

from __future__ import annotations

from html import escape

from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date
from babel.numbers import format_decimal

from bot.models import KitItem
from bot.services.energy_kit import KitKind, Savings


def _locale() -> str:
    return I18n.get_current(no_error=False).current_locale


def kind_name(kind: KitKind | str) -> str:
    return {
        KitKind.tap_aerator: _("Tap aerator"),
        KitKind.shower_head: _("Water-saving shower head"),
        KitKind.led_bulb: _("LED bulb"),
        KitKind.power_strip: _("Power strip with a switch"),
        KitKind.door_draught_strip: _("Draught strip (outside door)"),
    }[KitKind(kind)]


def number(value: float) -> str:
    return format_decimal(round(value, 1), locale=_locale())


def savings_lines(savings: Savings) -> list[str]:
    if not savings.estimated:
        return []
    lines = [_("Estimated savings a year:")]
    if savings.water_m3:
        lines.append(_("💧 {m3} m³ of water").format(m3=number(savings.water_m3)))
    if savings.kwh:
        lines.append(_("⚡ {kwh} kWh").format(kwh=number(savings.kwh)))
    lines.append(_("💶 about {euros} €").format(euros=number(savings.euros)))
    return lines


def item_line(item: KitItem) -> str:
    day = format_date(item.installed_on, "d MMM y", locale=_locale())
    return f"• {kind_name(item.kind)} ×{item.count} · {day}"


def household_kit(reference: str, items: list[KitItem], savings: Savings) -> str:
    lines = [_("💡 <b>Energy kit of {reference}</b>").format(reference=escape(reference)), ""]
    if not items:
        lines.append(_("Nothing installed yet."))
    lines += [item_line(item) for item in items]
    if items:
        lines += ["", *savings_lines(savings)]
        lines.append(_("<i>Estimates from ADEME and Que Choisir figures, for one person's use.</i>"))
    return "\n".join(lines)


def pick_kind() -> str:
    return _("What was installed today?")


def pick_count(kind: KitKind) -> str:
    return _("{kind}: how many?").format(kind=kind_name(kind))


def remove_question(item: KitItem) -> str:
    return _("Remove this line? {line}").format(line=item_line(item))
