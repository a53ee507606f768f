"""The date and time picker's steps, shared by every flow that asks for a day
and a time (a workshop, a workshop's new time, free times for visits).

A flow registers its own handlers for its own states and calls these: the
month turned in place, the hour then the minutes, and the bounds re-checked
since callback data can be forged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from handlers.ui.calendar import (
    CalendarCallback,
    HourCallback,
    MinuteCallback,
    hour_keyboard,
    minute_keyboard,
    valid_month,
)
from handlers.ui.replies import edit_or_send


async def turn_month(
    query: CallbackQuery, data: CalendarCallback, month_markup: Callable[[int, int], InlineKeyboardMarkup]
) -> None:
    """◀️ / ▶️ on the calendar: the same message, another month (`month_markup(year, month)`)."""
    if not valid_month(data) or not isinstance(query.message, Message):
        return
    await query.message.edit_reply_markup(reply_markup=month_markup(data.year, data.month))


async def ask_hour(query: CallbackQuery, prompt: str) -> None:
    await edit_or_send(query, prompt, reply_markup=hour_keyboard())


async def hour_picked(query: CallbackQuery, data: HourCallback, prompt: str) -> None:
    """An hour tapped: its minutes; "◀️ Another hour" (-1): the hours again."""
    if data.hour == -1:
        await ask_hour(query, prompt)
    elif 0 <= data.hour <= 23:
        await edit_or_send(query, prompt, reply_markup=minute_keyboard(data.hour))


def picked_time(data: MinuteCallback) -> time | None:
    """The time a minute button names, or None for forged values."""
    if 0 <= data.hour <= 23 and 0 <= data.minute <= 59:
        return time(data.hour, data.minute)
    return None
