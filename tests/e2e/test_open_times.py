"""Opening free times (issue 14, item 14, and the stale "Remove" of item 15): the end offers
only times after the start, the start and end screens have a way back, weekly repeats skip
French public holidays unless asked, a holiday picked on purpose opens, and the free times
read one line per day with one "remove this day" each, which answers truthfully when stale."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlmodel import col, select

from bot.models import Household, Role, VisitKind, VisitSlot
from bot.services.visits import booking, slots
from tests import factories
from tests.e2e.helpers import button_texts
from tests.factories import open_times


async def _open_new_times(user) -> dict:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🕘 My availability")
    await user.wait_for_messages()
    await user.press("➕ Open new times")
    await user.wait_for_messages()
    await user.press("▶️")
    [december] = await user.wait_for_messages()
    return december


async def _slots(running_bot) -> list[VisitSlot]:  # type: ignore[no-untyped-def]
    async with running_bot.sessionmaker() as session:
        return list((await session.exec(select(VisitSlot).order_by(col(VisitSlot.starts_at)))).all())


async def test_the_end_follows_the_start_and_each_time_screen_has_a_way_back(running_bot, emulator):
    await running_bot.member(9701, Role.animator, "Nadia", locale="en")
    user = emulator.user(9701, "Nadia", language_code="en")
    december = await _open_new_times(user)
    await user.press("18", message=december)
    await user.wait_for_messages()
    await user.press("➡️ Next")
    [start] = await user.wait_for_messages()
    assert start["text"] == "From what time?" and "⬅️ Back" in button_texts(start)
    await user.press("⬅️ Back")
    [days] = await user.wait_for_messages()
    assert "1 day chosen." in days["text"] and "✓18" in button_texts(days)  # the days are kept
    await user.press("➡️ Next")
    await user.wait_for_messages()
    await user.press("10h")
    await user.wait_for_messages()
    await user.press("10:30")
    [end] = await user.wait_for_messages()
    hours = [label for label in button_texts(end) if label.endswith("h")]
    assert end["text"] == "From 10:30. Until what time?" and hours[0] == "10h" and "09h" not in hours
    assert hours[-1] == "21h" and "⬅️ Back" in button_texts(end)
    await user.press("10h")
    [minutes] = await user.wait_for_messages()
    assert [label for label in button_texts(minutes) if ":" in label] == ["10:45"]
    await user.press("◀️ Another hour")
    await user.wait_for_messages()
    await user.press("⬅️ Back")
    [again] = await user.wait_for_messages()
    assert again["text"] == "From what time?"
    # A forged end before the start is still refused, and nothing opens.
    for label in ("09h", "09:00"):
        await user.press(label)
        await user.wait_for_messages()
    await user.press_data("min:8:0", message_id=user.messages[-1]["message_id"])
    [refused] = await user.wait_for_messages()
    assert refused["text"] == "The end must be after the start. Until what time?"
    assert await _slots(running_bot) == []


async def test_weekly_repeats_skip_public_holidays_unless_asked(running_bot, emulator):
    await running_bot.member(9711, Role.animator, "Nadia", locale="en")
    user = emulator.user(9711, "Nadia", language_code="en")
    december = await _open_new_times(user)
    await user.press("18", message=december)  # Friday 18 December: then 25 December and 1 January
    await user.wait_for_messages()
    for label in ("➡️ Next", "09h", "09:00", "12h", "12:00", "1 h", "30 min", "Every week, for 4 weeks"):
        await user.press(label)
        await user.wait_for_messages()
    check = user.messages[-1]
    assert "4 times will open." in check["text"]
    assert (
        "🎌 Left out, public holidays: Friday 25 December (Christmas Day), Friday 1 January (New Year's Day)"
        in check["text"]
    )
    await user.press("📅 Open on these holidays too")
    [included] = await user.wait_for_messages()
    assert "8 times will open." in included["text"] and "🎌 Public holidays are included." in included["text"]
    await user.press("🚫 Skip the public holidays")
    [skipped] = await user.wait_for_messages()
    assert "4 times will open." in skipped["text"]
    await user.press("✅ Open these times")
    [done] = await user.wait_for_messages()
    assert done["text"].startswith("✅ 4 times opened.")
    days = sorted({slot.starts_at.astimezone(running_bot.settings.tz).date() for slot in await _slots(running_bot)})
    assert days == [date(2026, 12, 18), date(2027, 1, 8)]


async def test_a_holiday_picked_on_purpose_opens(running_bot, emulator):
    await running_bot.member(9721, Role.animator, "Nadia", locale="en")
    user = emulator.user(9721, "Nadia", language_code="en")
    december = await _open_new_times(user)
    await user.press("25", message=december)
    await user.wait_for_messages()
    for label in ("➡️ Next", "09h", "09:00", "12h", "12:00", "1 h", "30 min", "Only these days"):
        await user.press(label)
        await user.wait_for_messages()
    check = user.messages[-1]
    assert "2 times will open." in check["text"]
    assert "🎌 Opened because you picked them: Friday 25 December (Christmas Day)" in check["text"]
    await user.press("✅ Open these times")
    await user.wait_for_messages()
    assert len(await _slots(running_bot)) == 2


async def test_free_times_by_day_removed_a_day_at_once_and_a_stale_press_tells_the_truth(running_bot, emulator):
    animator = await running_bot.member(9731, Role.animator, "Nadia", locale="en")
    tenant = await factories.tenant(running_bot, 9732, animator=animator, locale="en")
    week = tuple(date(2026, 11, 30 + n) if n < 1 else date(2026, 12, n) for n in range(5))  # Mon 30 Nov – Fri 4 Dec
    await open_times(running_bot, animator, week, start=time(9), end=time(15))  # 4 times a day
    await open_times(running_bot, animator, (date(2026, 11, 25),), start=time(9), end=time(10))  # tomorrow
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        free = await slots.free_slots(session, animator.id, now=running_bot.clock.now())
        monday_9 = next(s for s in free if s.starts_at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
        await booking.book(
            session,
            household,
            monday_9.id,
            kind=VisitKind.works,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
    user = emulator.user(9731, "Nadia", language_code="en")
    await user.wait_for_messages(timeout=10)  # the booking's notice
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🕘 My availability")
    [screen] = await user.wait_for_messages()
    assert "Monday 30 November: 📅 09:00 · 10:30 · 12:00 · 13:30" in screen["text"]
    assert "Friday 4 December: 09:00 · 10:30 · 12:00 · 13:30" in screen["text"]
    removes = [label for label in button_texts(screen) if label.startswith("🗑")]
    data = {b["text"]: b["callback_data"] for row in screen["reply_markup"]["inline_keyboard"] for b in row}

    async def stale_press(label: str) -> dict:  # the button as the first screen had it
        await user.press_data(data[label], message_id=screen["message_id"])
        [answer] = await user.wait_for_messages()
        return answer

    assert removes[:2] == ["🗑 Remove Wed 25 November", "🗑 Remove Mon 30 November"] and len(removes) == 6

    await user.press("🗑 Remove Mon 30 November")
    [removed] = await user.wait_for_messages()
    assert removed["text"].startswith("🗑 3 free times removed on Monday 30 November.\n1 booked time stays.")
    assert "Monday 30 November: 📅 09:00" in removed["text"]
    assert "🗑 Remove Mon 30 November" not in button_texts(removed)  # only its booked time is left
    stale = await stale_press("🗑 Remove Mon 30 November")  # the same button, from the old screen
    assert stale["text"].startswith("Nothing to remove on Monday 30 November: only booked times are left.")
    await stale_press("🗑 Remove Tue 1 December")
    again = await stale_press("🗑 Remove Tue 1 December")
    assert again["text"].startswith("Nothing to remove on Tuesday 1 December: its free times were already removed.")

    running_bot.clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))  # Wednesday 25 November is over
    past = await stale_press("🗑 Remove Wed 25 November")
    assert past["text"].startswith("Wednesday 25 November has passed: there is nothing to remove.")
