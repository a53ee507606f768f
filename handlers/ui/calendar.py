"""A month calendar and a time picker as inline keyboards.

Hand-written on purpose: aiogram_calendar (the maintained option for aiogram 3)
names months and weekdays through the C library's locales, which are absent
from slim servers and containers, so French and Arabic would fall back to
English. Babel's CLDR data gives the right names everywhere.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable
from datetime import date, time

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from babel.dates import format_date, get_day_names

from handlers.ui.arrows import in_reading_order
from handlers.ui.callbacks import Int
from handlers.ui.layout import button, grid, keyboard

HOURS = range(8, 21)
MINUTES = (0, 15, 30, 45)


class CalendarAction(str, enum.Enum):
    show = "show"  # another month
    pick = "pick"
    ignore = "x"  # a label cell (weekday name, empty day)


# Bounded like every number in callback data (ui.callbacks.Int): a forged year of 2**70 is
# refused when the data is parsed, before it reaches datetime (OverflowError).
class CalendarCallback(CallbackData, prefix="cal"):
    action: CalendarAction
    year: Int
    month: Int
    day: Int = 0


class HourCallback(CallbackData, prefix="hour"):
    hour: Int


class MinuteCallback(CallbackData, prefix="min"):
    hour: Int
    minute: Int


def month_keyboard(
    year: int, month: int, *, today: date, locale: str, marked: frozenset[date] = frozenset()
) -> InlineKeyboardMarkup:
    """Days before `today` are shown but not pickable; the previous month is offered only if it has days left.
    Marked days (several picked) show a tick."""
    label = CalendarCallback(action=CalendarAction.ignore, year=year, month=month)
    title = format_date(date(year, month, 1), "LLLL y", locale=locale).capitalize()
    names = get_day_names("narrow", locale=locale)
    days: list[InlineKeyboardButton] = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        for day in week:
            if day == 0 or date(year, month, day) < today:
                days.append(button("·", label))  # no day, or a day already gone: Telegram refuses blank buttons
            else:
                text = f"✓{day}" if date(year, month, day) in marked else str(day)
                days.append(button(text, CalendarCallback(action=CalendarAction.pick, year=year, month=month, day=day)))
    previous_year, previous_month = (year, month - 1) if month > 1 else (year - 1, 12)
    next_year, next_month = (year, month + 1) if month < 12 else (year + 1, 1)
    navigation = []
    if (previous_year, previous_month) >= (today.year, today.month):
        earlier = CalendarCallback(action=CalendarAction.show, year=previous_year, month=previous_month)
        navigation.append(("◀️", earlier))
    navigation.append(("▶️", CalendarCallback(action=CalendarAction.show, year=next_year, month=next_month)))
    return keyboard(
        [button(title, label)],
        [button(names[weekday], label) for weekday in range(7)],
        *grid(days, 7),
        # an earlier month on the right for Arabic readers
        [button(arrow, data) for arrow, data in in_reading_order(navigation)],
    )


def hours_after(earliest: time | None, last: int = HOURS[-1]) -> list[int]:
    """The hours with at least one minute button later than `earliest` (all of HOURS without one)."""
    if earliest is None:
        return list(HOURS)
    return [hour for hour in range(earliest.hour, last + 1) if any(time(hour, m) > earliest for m in MINUTES)]


def hour_keyboard(hours: Iterable[int] = HOURS, back: InlineKeyboardButton | None = None) -> InlineKeyboardMarkup:
    """The hours offered (all of HOURS, or only those after a start), and a way back if given."""
    return keyboard(
        *grid((button(f"{hour:02}h", HourCallback(hour=hour)) for hour in hours), 4), [back] if back else []
    )


def minute_keyboard(hour: int, after: time | None = None) -> InlineKeyboardMarkup:
    """The hour's quarters; with `after`, only those later than it."""
    quarters = [
        button(f"{hour:02}:{minute:02}", MinuteCallback(hour=hour, minute=minute))
        for minute in MINUTES
        if after is None or time(hour, minute) > after
    ]
    return keyboard(*grid(quarters, 4), [button(_("◀️ Another hour"), HourCallback(hour=-1))])


def valid_month(data: CalendarCallback) -> bool:
    """Whether the callback names a month the calendar can draw, with a month before and after it."""
    return 1 <= data.month <= 12 and date.min.year < data.year < date.max.year


def valid_day(data: CalendarCallback, today: date) -> date | None:
    """The picked date, or None if the callback does not name a real, future-or-today date."""
    try:
        picked = date(data.year, data.month, data.day)
    except (ValueError, OverflowError):
        return None
    return picked if picked >= today else None
