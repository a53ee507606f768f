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
from aiogram.utils.keyboard import InlineKeyboardBuilder
from babel.dates import format_date, get_day_names

from handlers.ui.arrows import directed, in_reading_order
from handlers.ui.callbacks import Int

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
    builder = InlineKeyboardBuilder()
    title = format_date(date(year, month, 1), "LLLL y", locale=locale).capitalize()
    builder.button(text=title, callback_data=CalendarCallback(action=CalendarAction.ignore, year=year, month=month))
    names = get_day_names("narrow", locale=locale)
    for weekday in range(7):
        builder.button(
            text=names[weekday], callback_data=CalendarCallback(action=CalendarAction.ignore, year=year, month=month)
        )
    rows = calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    for week in rows:
        for day in week:
            if day == 0 or date(year, month, day) < today:
                builder.button(
                    text="·",  # no day, or a day already gone: Telegram refuses blank buttons
                    callback_data=CalendarCallback(action=CalendarAction.ignore, year=year, month=month),
                )
            else:
                builder.button(
                    text=f"✓{day}" if date(year, month, day) in marked else str(day),
                    callback_data=CalendarCallback(action=CalendarAction.pick, year=year, month=month, day=day),
                )
    previous_year, previous_month = (year, month - 1) if month > 1 else (year - 1, 12)
    next_year, next_month = (year, month + 1) if month < 12 else (year + 1, 1)
    navigation = []
    if (previous_year, previous_month) >= (today.year, today.month):
        earlier = CalendarCallback(action=CalendarAction.show, year=previous_year, month=previous_month)
        navigation.append(("◀️", earlier))
    navigation.append(("▶️", CalendarCallback(action=CalendarAction.show, year=next_year, month=next_month)))
    for arrow, data in in_reading_order(navigation):  # an earlier month on the right for Arabic readers
        builder.button(text=directed(arrow), callback_data=data)
    builder.adjust(1, 7, *([7] * len(rows)), len(navigation))
    return builder.as_markup()


def hours_after(earliest: time | None, last: int = HOURS[-1]) -> list[int]:
    """The hours with at least one minute button later than `earliest` (all of HOURS without one)."""
    if earliest is None:
        return list(HOURS)
    return [hour for hour in range(earliest.hour, last + 1) if any(time(hour, m) > earliest for m in MINUTES)]


def hour_keyboard(hours: Iterable[int] = HOURS, back: InlineKeyboardButton | None = None) -> InlineKeyboardMarkup:
    """The hours offered (all of HOURS, or only those after a start), and a way back if given."""
    builder = InlineKeyboardBuilder()
    for hour in hours:
        builder.button(text=f"{hour:02}h", callback_data=HourCallback(hour=hour))
    builder.adjust(4)
    if back is not None:
        builder.row(back)
    return builder.as_markup()


def minute_keyboard(hour: int, after: time | None = None) -> InlineKeyboardMarkup:
    """The hour's quarters; with `after`, only those later than it."""
    builder = InlineKeyboardBuilder()
    for minute in MINUTES:
        if after is None or time(hour, minute) > after:
            builder.button(text=f"{hour:02}:{minute:02}", callback_data=MinuteCallback(hour=hour, minute=minute))
    builder.adjust(4)
    builder.row(InlineKeyboardButton(text=directed(_("◀️ Another hour")), callback_data=HourCallback(hour=-1).pack()))
    return builder.as_markup()


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
