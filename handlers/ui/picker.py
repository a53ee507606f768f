"""The date and time picker's steps, shared by every flow that asks for a day
and a time (a workshop, a workshop's new time, free times for visits).

A flow registers its own handlers for its own states and calls these: the
month turned in place, the hour then the minutes, and the bounds re-checked
since callback data can be forged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from handlers.ui.calendar import (
    HOURS,
    CalendarCallback,
    HourCallback,
    MinuteCallback,
    hour_keyboard,
    hours_after,
    minute_keyboard,
    valid_month,
)
from handlers.ui.replies import edit_or_send

END_HOUR = HOURS[-1] + 1  # an end time may be one hour later than the last start


async def turn_month(
    query: CallbackQuery, data: CalendarCallback, month_markup: Callable[[int, int], InlineKeyboardMarkup]
) -> None:
    """◀️ / ▶️ on the calendar: the same message, another month (`month_markup(year, month)`)."""
    if not valid_month(data) or not isinstance(query.message, Message):
        return
    await query.message.edit_reply_markup(reply_markup=month_markup(data.year, data.month))


async def ask_hour(
    query: CallbackQuery, prompt: str, *, after: time | None = None, back: InlineKeyboardButton | None = None
) -> None:
    """The hours; with `after` (an end time), only the hours that can follow it; `back`: the step before."""
    hours = hours_after(after, last=END_HOUR) if after is not None else HOURS
    await edit_or_send(query, prompt, reply_markup=hour_keyboard(hours, back))


async def hour_picked(
    query: CallbackQuery,
    data: HourCallback,
    prompt: str,
    *,
    after: time | None = None,
    back: InlineKeyboardButton | None = None,
) -> None:
    """An hour tapped: its minutes (later than `after`); "◀️ Another hour" (-1): the hours again."""
    if data.hour == -1:
        await ask_hour(query, prompt, after=after, back=back)
    elif 0 <= data.hour <= 23:
        await edit_or_send(query, prompt, reply_markup=minute_keyboard(data.hour, after))


def picked_time(data: MinuteCallback) -> time | None:
    """The time a minute button names, or None for forged values."""
    if 0 <= data.hour <= 23 and 0 <= data.minute <= 59:
        return time(data.hour, data.minute)
    return None
