"""Home visits end to end: animators open times, households book, move and
cancel from their phone, staff book for a household, reminders at the right
local time, outcomes, calendar files, and the database refusing double bookings."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import icalendar
from sqlmodel import col, select

from bot.models import (
    Household,
    OutboxMessage,
    OutboxStatus,
    Person,
    Phase,
    QuestionnaireAssignment,
    Role,
    Visit,
    VisitKind,
    VisitSlot,
    VisitStatus,
)
from bot.scheduler import VisitDigest
from bot.services import erasure
from bot.services.visits import booking, slots
from tests import factories
from tests.e2e.conftest import RunningBot
from tests.e2e.helpers import button_texts, label, tr
from tests.factories import open_times as _open

PARIS_9AM_DEC_1 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday 1 December, 09:00 in Paris


async def _animator(running_bot, telegram_id: int = 9801, name: str = "Nadia") -> Person:
    return await running_bot.member(telegram_id, Role.animator, name, locale="en")


async def _household_with_tenant(
    running_bot: RunningBot,
    telegram_id: int,
    animator: Person | None,
    *,
    phase: Phase = Phase.preparation,
    locale: str = "en",
) -> Person:
    address = f"{telegram_id % 100} rue des Lilas"
    return await factories.tenant(
        running_bot, telegram_id, animator=animator, phase=phase, locale=locale, address=address
    )


async def _visits(running_bot: RunningBot) -> list[Visit]:
    return await factories.rows(running_bot, Visit)


async def _outbox(running_bot: RunningBot, prefix: str) -> list[OutboxMessage]:
    return await factories.outbox(running_bot, prefix=prefix)


async def test_animator_opens_weekly_times_with_a_travel_buffer(running_bot, emulator):
    animator = await _animator(running_bot)
    user = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("🕘 My availability")
    [overview] = await user.wait_for_messages()
    assert "No time open" in overview["text"]
    await user.press("➕ Open new times")
    await user.wait_for_messages()
    await user.press("▶️")
    [december] = await user.wait_for_messages()
    await user.press("1", message=december)
    [picked] = await user.wait_for_messages()
    assert "✓1" in button_texts(picked) and "1 day chosen." in picked["text"]
    await user.press("➡️ Next")
    await user.wait_for_messages()
    for button in ("09h", "09:00", "12h", "12:00", "1 h", "30 min", "Every week, for 2 weeks"):
        await user.press(button)
        await user.wait_for_messages()
    check = user.messages[-1]
    assert "4 times will open." in check["text"] and "Each day: 09:00, 10:30" in check["text"]
    await user.press("✅ Open these times")
    [done] = await user.wait_for_messages()
    assert done["text"].startswith("✅ 4 times opened.")
    async with running_bot.sessionmaker() as session:
        opened = (await session.exec(select(VisitSlot).order_by(col(VisitSlot.starts_at)))).all()
    assert [s.starts_at for s in opened] == [
        PARIS_9AM_DEC_1,
        PARIS_9AM_DEC_1 + timedelta(minutes=90),
        PARIS_9AM_DEC_1 + timedelta(weeks=1),
        PARIS_9AM_DEC_1 + timedelta(weeks=1, minutes=90),
    ]
    assert all(s.ends_at - s.starts_at == timedelta(hours=1) for s in opened)

    # The same plan again: every time overlaps, nothing is doubled.
    await _open(running_bot, animator, (date(2026, 12, 1),), weeks=2)
    async with running_bot.sessionmaker() as session:
        assert len((await session.exec(select(VisitSlot))).all()) == 4
    # Removing a day at once (tests/e2e/test_open_times.py has the rest).
    await user.press("🗑 Remove Tue 8 December")
    [removed] = await user.wait_for_messages()
    assert removed["text"].startswith("🗑 2 free times removed on Tuesday 8 December.")
    assert "🗑 Remove Tue 8 December" not in button_texts(removed)


async def test_tenant_books_adds_a_note_gets_the_calendar_file_and_the_animator_is_told(running_bot, emulator):
    animator = await _animator(running_bot)
    staff = emulator.user(animator.telegram_id, "Nadia")
    tenant = await _household_with_tenant(running_bot, 9811, animator)
    await _open(running_bot, animator, (date(2026, 12, 1),))
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📅 Book a home visit")
    [days] = await user.wait_for_messages()
    assert "📐 Preparation visit" in days["text"]  # the kind of the household's phase
    await user.press("Tuesday 1 December · 09:00 …")
    await user.wait_for_messages()
    await user.press("🕘 10:30 – 11:30")
    [check] = await user.wait_for_messages()
    assert "Tuesday 1 December at 10:30" in check["text"] and "To prepare:" in check["text"]
    await user.press("✅ Confirm")
    [booked] = await user.wait_for_messages()
    assert booked["text"].startswith("✅ Your visit is booked!") and "With Nadia" in booked["text"]
    [visit] = await _visits(running_bot)
    assert visit.kind is VisitKind.preparation and visit.starts_at == PARIS_9AM_DEC_1 + timedelta(minutes=90)

    [notice] = await staff.wait_for_messages(timeout=10)
    assert notice["text"].startswith("📅 New visit booked by household H-9811:")

    await user.press("📝 Add a note or a photo")
    await user.wait_for_messages()
    await user.send_photo(caption="Mould behind the wardrobe")
    [saved] = await user.wait_for_messages()
    assert saved["text"].startswith("✅ Saved.") and "Mould behind the wardrobe" in saved["text"]
    [note_notice] = await staff.wait_for_messages(timeout=10)
    assert "added a note or a photo" in note_notice["text"]

    await user.press("📅 Add to my calendar")
    [document] = await user.wait_for_messages()
    calendar = icalendar.Calendar.from_ical(emulator.files[document["document"]["file_id"]])
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == visit.starts_at and event.decoded("dtend") == visit.ends_at
    assert str(event["uid"]) == f"visit-{visit.id}@ara-assistant"

    # The animator opens the visit from the notice and sees the photo.
    await staff.press("📋 Open the visit", message=note_notice)
    [card] = await staff.wait_for_messages()
    assert (
        "Mould behind the wardrobe" in card["text"] and "H-9811" in card["text"] and "11 rue des Lilas" in card["text"]
    )
    await staff.press("📷 See the photo")
    [photo] = await staff.wait_for_messages()
    assert "photo" in photo


async def test_tenant_moves_then_cancels_and_reminders_follow(running_bot, emulator):
    animator = await _animator(running_bot)
    staff = emulator.user(animator.telegram_id, "Nadia")
    tenant = await _household_with_tenant(running_bot, 9821, animator)
    await _open(running_bot, animator, (date(2026, 12, 1), date(2026, 12, 2)))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        first = (await slots.free_slots(session, animator.id, now=running_bot.clock.now()))[0]
        visit = await booking.book(
            session,
            household,
            first.id,
            kind=VisitKind.preparation,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
    await staff.wait_for_messages(timeout=10)
    old = await _outbox(running_bot, f"visit:{visit.id}:reminder:v1:")
    assert sorted(r.due_at for r in old) == [
        datetime(2026, 11, 30, 17, 0, tzinfo=UTC),  # Monday 18:00 in Paris
        PARIS_9AM_DEC_1 - timedelta(hours=2),
    ]

    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📋 My visits")
    await user.wait_for_messages()
    await user.press("🗓 Tuesday 1 December at 09:00 · 📐 Preparation visit")
    await user.wait_for_messages()
    await user.press("🔁 Move")
    await user.wait_for_messages()
    await user.press("Wednesday 2 December · 09:00 …")
    await user.wait_for_messages()
    await user.press("🕘 10:30 – 11:30")
    await user.wait_for_messages()
    await user.press("✅ Confirm")
    [moved] = await user.wait_for_messages()
    assert moved["text"].startswith("✅ Your visit has moved.")
    [notice] = await staff.wait_for_messages(timeout=10)
    assert (
        notice["text"].startswith("🔁 Household H-9821 moved their visit:")
        and "(was Tuesday 1 December at 09:00)" in notice["text"]
    )
    assert {r.status for r in await _outbox(running_bot, f"visit:{visit.id}:reminder:v1:")} == {OutboxStatus.cancelled}
    new = await _outbox(running_bot, f"visit:{visit.id}:reminder:v2:")
    assert sorted(r.due_at for r in new) == [
        datetime(2026, 12, 1, 17, 0, tzinfo=UTC),
        datetime(2026, 12, 2, 7, 30, tzinfo=UTC),
    ]

    await user.press("📋 My visits")
    await user.wait_for_messages()
    await user.press("🗓 Wednesday 2 December at 10:30 · 📐 Preparation visit")
    await user.wait_for_messages()
    await user.press("✖️ Cancel")
    await user.wait_for_messages()
    await user.send("My daughter is in hospital")
    [cancelled] = await user.wait_for_messages()
    assert cancelled["text"].startswith("✖️ Your visit is cancelled.")
    [notice] = await staff.wait_for_messages(timeout=10)
    assert "cancelled their visit" in notice["text"] and "My daughter is in hospital" in notice["text"]
    assert {r.status for r in await _outbox(running_bot, f"visit:{visit.id}:reminder:")} == {OutboxStatus.cancelled}
    [stored] = await _visits(running_bot)
    assert stored.status is VisitStatus.cancelled and stored.cancel_reason == "My daughter is in hospital"


async def test_late_cancellation_by_button_reason_is_flagged_in_the_animators_language(running_bot, emulator):
    animator = await _animator(running_bot)
    staff = emulator.user(animator.telegram_id, "Nadia")
    tenant = await _household_with_tenant(running_bot, 9825, animator, locale="fr")
    await _open(running_bot, animator, (date(2026, 11, 25),), start=time(9), end=time(10))  # tomorrow 9:00
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        [slot] = await slots.free_slots(session, animator.id, now=running_bot.clock.now())
        visit = await booking.book(
            session,
            household,
            slot.id,
            kind=VisitKind.preparation,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
    [booked_notice] = await staff.wait_for_messages(timeout=10)
    assert booked_notice["text"].startswith("📅 New visit booked")  # a booking is not a late change
    user = emulator.user(tenant.telegram_id, "T")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    await user.press_data(f"va:{visit.id}:cn", message_id=menu["message_id"])
    await user.wait_for_messages()
    await user.press(tr("fr", "🤒 I am ill"))
    await user.wait_for_messages()
    [notice] = await staff.wait_for_messages(timeout=10)
    assert notice["text"].startswith("⚠️ Late change") and "Reason: 🤒 Ill" in notice["text"]


async def test_animator_books_for_a_household_moves_with_a_message_and_cancels(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9831, animator, phase=Phase.referred)
    await _open(running_bot, animator, (date(2026, 12, 1),))
    home = emulator.user(tenant.telegram_id, "T", language_code="en")
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("🏠 My households")
    await staff.wait_for_messages()
    await staff.press("🏠 H-9831 · T9831")
    [history] = await staff.wait_for_messages()
    assert "No visit yet." in history["text"]
    await staff.press("📅 Book a visit for them")
    [kinds] = await staff.wait_for_messages()
    assert "⭐ 🤝 Three-way first meeting" in button_texts(kinds)
    await staff.press("⭐ 🤝 Three-way first meeting")
    await staff.wait_for_messages()
    await staff.press("Tuesday 1 December · 09:00 …")
    await staff.wait_for_messages()
    await staff.press("🕘 09:00 – 10:00")
    await staff.wait_for_messages()
    await staff.press("✅ Confirm")
    [booked] = await staff.wait_for_messages()
    assert booked["text"].startswith("✅ Booked. The household is told.")
    [told] = await home.wait_for_messages(timeout=10)
    assert told["text"].startswith("📅 A home visit is booked for you:") and "To prepare:" in told["text"]

    await staff.press("📋 Open the visit")
    await staff.wait_for_messages()
    await staff.press("🔁 Move")
    await staff.wait_for_messages()
    await staff.press("Tuesday 1 December · 10:30")
    await staff.wait_for_messages()
    await staff.press("🕘 10:30 – 11:30")
    await staff.wait_for_messages()
    await staff.press("✅ Confirm")
    await staff.wait_for_messages()
    [moved] = await home.wait_for_messages(timeout=10)
    assert moved["text"].startswith("🔁 Your home visit has moved:")
    await staff.press("✉️ Add a message for the household")
    await staff.wait_for_messages()
    await staff.send("My car broke down, sorry!")
    await staff.wait_for_messages()
    [message] = await home.wait_for_messages(timeout=10)
    assert "My car broke down, sorry!" in message["text"]

    await staff.press("📋 Open the visit")
    await staff.wait_for_messages()
    await staff.press("✖️ Cancel")
    await staff.wait_for_messages()
    await staff.send("I am ill, I will call you")
    [done] = await staff.wait_for_messages()
    assert done["text"].startswith("✖️ Cancelled. The household is told.")
    [cancelled] = await home.wait_for_messages(timeout=10)
    assert (
        cancelled["text"].startswith("✖️ Your home visit is cancelled:")
        and "I am ill, I will call you" in cancelled["text"]
    )


async def test_fifty_households_press_the_same_time_and_one_gets_it(running_bot, emulator):
    animator = await _animator(running_bot)
    await _open(running_bot, animator, (date(2026, 12, 1),), start=time(9), end=time(12))  # 09:00 and 10:30
    tenants = [await _household_with_tenant(running_bot, 9900 + n, animator) for n in range(50)]
    async with running_bot.sessionmaker() as session:
        first = (await slots.free_slots(session, animator.id, now=running_bot.clock.now()))[0]
    users = [emulator.user(t.telegram_id, "T", language_code="en") for t in tenants]
    menus = []
    for user in users:
        await user.send("/menu")
    for user in users:
        [menu] = await user.wait_for_messages(timeout=20)
        menus.append(menu)
    await asyncio.gather(
        *(
            user.press_data(f"vbk:{first.id}:0:0:preparation", message_id=menu["message_id"])
            for user, menu in zip(users, menus, strict=True)
        )
    )
    replies = [(await user.wait_for_messages(timeout=30))[0] for user in users]
    winners = [r for r in replies if r["text"].startswith("✅ Your visit is booked!")]
    losers = [r for r in replies if r["text"].startswith("😕 Sorry, this time was just taken.")]
    assert len(winners) == 1 and len(losers) == 49
    assert all("Tuesday 1 December · 10:30" in button_texts(r) for r in losers)  # the next ones
    assert len([v for v in await _visits(running_bot) if v.slot_id == first.id]) == 1


async def test_forged_buttons_other_household_past_time_other_animator(running_bot, emulator):
    animator, other_animator = await _animator(running_bot), await _animator(running_bot, 9802, "Karim")
    mine = await _household_with_tenant(running_bot, 9841, animator)
    theirs = await _household_with_tenant(running_bot, 9842, animator)
    await _open(running_bot, animator, (date(2026, 12, 1),))
    await _open(running_bot, other_animator, (date(2026, 12, 3),))
    await _open(running_bot, animator, (date(2026, 11, 24),), start=time(10, 30), end=time(12))  # starts at 10:30 today
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, theirs.household_id)
        free = await slots.free_slots(session, animator.id, now=running_bot.clock.now())
        their_visit = await booking.book(
            session,
            household,
            free[1].id,
            kind=VisitKind.preparation,
            booked_by=theirs,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        today_slot = free[0]
        [karims] = (await slots.free_slots(session, other_animator.id, now=running_bot.clock.now()))[:1]
        await session.commit()
    running_bot.clock.advance(timedelta(hours=1))  # 11:00: the 10:30 time is past
    user = emulator.user(mine.telegram_id, "T", language_code="en")
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    for data in (
        f"va:{their_visit.id}:cn",
        f"v:{their_visit.id}",
        f"va:{their_visit.id}:mv",
        f"vcr:{their_visit.id}:sick",
    ):
        query = await user.press_data(data, message_id=menu["message_id"])
        answer = await user.wait_for_answer(query)
        assert answer["text"] in ("This button is no longer active.", "This visit can no longer be changed."), data
    await user.press_data(f"vbk:{today_slot.id}:0:0:preparation", message_id=menu["message_id"])
    [past] = await user.wait_for_messages()
    assert past["text"].startswith("This time has already passed.")
    await user.press_data(f"vbk:{karims.id}:0:0:closing", message_id=menu["message_id"])
    [other] = await user.wait_for_messages()
    assert other["text"].startswith("This time is not your support worker's.")
    query = await user.press_data(f"vbk:{free[2].id}:{theirs.household_id}:0:works", message_id=menu["message_id"])
    assert (await user.wait_for_answer(query))["text"] == "This button is no longer active."
    [theirs_now] = [v for v in await _visits(running_bot)]
    assert theirs_now.status is VisitStatus.booked and theirs_now.household_id == theirs.household_id

    # An animator not assigned to the household cannot open or close its visit.
    karim = emulator.user(other_animator.telegram_id, "Karim", language_code="en")
    await karim.send("/menu")
    [karim_menu] = await karim.wait_for_messages()
    for data in (
        f"v:{their_visit.id}",
        f"va:{their_visit.id}:dn",
        f"va:{their_visit.id}:cn",
        f"vh:{theirs.household_id}",
    ):
        query = await karim.press_data(data, message_id=karim_menu["message_id"])
        assert (await karim.wait_for_answer(query))["text"] == "This button is no longer active.", data


async def test_reminders_delivered_at_local_time_across_the_spring_clock_change(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9851, animator)
    # Monday 29 March 2027, 10:00 in Paris: the clocks went forward on Sunday at 02:00.
    await _open(running_bot, animator, (date(2027, 3, 29),), start=time(10), end=time(11))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        [slot] = await slots.free_slots(session, animator.id, now=running_bot.clock.now() + timedelta(days=100))
        assert slot.starts_at == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 summer time
    running_bot.clock.set(datetime(2027, 3, 20, 9, 0, tzinfo=UTC))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        visit = await booking.book(
            session,
            household,
            slot.id,
            kind=VisitKind.works,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
    rows = await _outbox(running_bot, f"visit:{visit.id}:reminder:")
    # Sunday 18:00 summer time = 16:00 UTC (it would be 17:00 UTC a day earlier); 08:00 summer time = 06:00 UTC.
    assert sorted(r.due_at for r in rows) == [
        datetime(2027, 3, 28, 16, 0, tzinfo=UTC),
        datetime(2027, 3, 29, 6, 0, tzinfo=UTC),
    ]
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    running_bot.clock.set(datetime(2027, 3, 28, 15, 59, tzinfo=UTC))
    await asyncio.sleep(0.6)
    assert user.messages == []
    running_bot.clock.set(datetime(2027, 3, 28, 16, 0, tzinfo=UTC))
    [eve] = await user.wait_for_messages(timeout=10)
    assert (
        eve["text"].startswith("⏰ Reminder: your home visit is tomorrow at 10:00.")
        and "Monday 29 March at 10:00" in eve["text"]
    )
    await user.press("✅ I confirm")
    await user.wait_for_messages()
    running_bot.clock.set(datetime(2027, 3, 29, 6, 0, tzinfo=UTC))
    [soon] = await user.wait_for_messages(timeout=10)
    assert soon["text"].startswith("⏰ Reminder: your home visit is today at 10:00, in 2 hours.")
    assert "✅ I confirm" not in button_texts(soon)  # confirmed already
    [stored] = await _visits(running_bot)
    assert stored.confirmed_at is not None


async def test_reminder_button_to_move_and_morning_digest(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9861, animator)
    await _open(running_bot, animator, (date(2026, 11, 25), date(2026, 11, 26)), start=time(14), end=time(16))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        first = (await slots.free_slots(session, animator.id, now=running_bot.clock.now()))[0]
        visit = await booking.book(
            session,
            household,
            first.id,
            kind=VisitKind.works,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await booking.add_tenant_note(session, visit, note="Bring the big ladder", photo_file_id=None)
        await session.commit()
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await staff.wait_for_messages(timeout=10)  # the booking notice
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    running_bot.clock.set(datetime(2026, 11, 24, 17, 0, tzinfo=UTC))  # Tuesday 18:00
    [eve] = await user.wait_for_messages(timeout=10)
    await user.press("🔁 I need to move it", message=eve)
    [days] = await user.wait_for_messages()
    assert "Move the visit" in days["text"]

    running_bot.clock.set(datetime(2026, 11, 25, 6, 30, tzinfo=UTC))  # Wednesday 07:30
    digest = VisitDigest(running_bot.sessionmaker, running_bot.clock, running_bot.settings.tz)
    assert await digest.run_once() == 1 and await digest.run_once() == 0
    running_bot.clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))  # quiet hours end at 08:00
    [morning] = await staff.wait_for_messages(timeout=10)
    assert morning["text"].startswith("☀️ Your visits today, Wednesday 25 November")
    assert (
        "14:00" in morning["text"]
        and "61 rue des Lilas" in morning["text"]
        and "Bring the big ladder" in morning["text"]
    )


async def test_done_with_note_and_next_step_missed_and_history(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9871, animator, phase=Phase.referred)
    home = emulator.user(tenant.telegram_id, "T", language_code="en")
    await _open(running_bot, animator, (date(2026, 11, 24),), start=time(11), end=time(14))  # today 11:00 and 12:30
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        free = await slots.free_slots(session, animator.id, now=running_bot.clock.now())
        first = await booking.book(
            session,
            household,
            free[0].id,
            kind=VisitKind.tripartite,
            booked_by=animator,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        second = await booking.book(
            session,
            household,
            free[1].id,
            kind=VisitKind.works,
            booked_by=animator,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
    running_bot.clock.set(datetime(2026, 11, 24, 13, 0, tzinfo=UTC))  # 14:00
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("📋 My day")
    [day] = await staff.wait_for_messages()
    await staff.press(next(b for b in button_texts(day) if b.startswith("🗓 11:00")))
    await staff.wait_for_messages()
    await staff.press("✅ Done")
    [question] = await staff.wait_for_messages()
    assert question["text"] == "Was the social worker there?"
    await staff.press("✅ Yes")
    await staff.wait_for_messages()
    await staff.send("Project agreed: repaint the kitchen")
    await staff.wait_for_messages()
    await staff.send("Preparation visit next week")
    [saved] = await staff.wait_for_messages()
    assert saved["text"].startswith("Saved in the household's history.")
    await staff.press("⬅️ My day")
    await staff.wait_for_messages()
    await staff.press(next(b for b in button_texts(staff.messages[-1]) if b.startswith("🗓 12:30")))
    await staff.wait_for_messages()
    await staff.press("🚫 Nobody home")
    await staff.wait_for_messages()
    await staff.send("Door closed, phone off")
    await staff.wait_for_messages()
    await staff.press("⏭ Skip")
    await staff.wait_for_messages()
    await staff.press("🗂 All visits of this household")
    [history] = await staff.wait_for_messages()
    assert "Project agreed: repaint the kitchen" in history["text"] and "Door closed, phone off" in history["text"]
    async with running_bot.sessionmaker() as session:
        done, missed = await session.get(Visit, first.id), await session.get(Visit, second.id)
    assert (
        done.status is VisitStatus.done
        and done.referent_present is True
        and done.next_step == "Preparation visit next week"
    )
    assert (
        missed.status is VisitStatus.missed
        and missed.outcome_note == "Door closed, phone off"
        and missed.next_step is None
    )
    # "a home visit is booked for you", twice, then "nobody was home" with a way to book again.
    *_, missed_notice = await home.wait_for_messages(3, timeout=10)
    assert missed_notice["text"].startswith(tr("en", "🚫 Your animator came for this visit, but nobody was home:"))
    assert "📅 Book another time" in button_texts(missed_notice)
    await home.send("/menu")
    await home.wait_for_messages()
    await home.press("📋 My visits")
    [mine] = await home.wait_for_messages()
    assert "No visit booked for now." in mine["text"]
    assert (
        "✅ Tuesday 24 November at 11:00 · 🤝 Three-way first meeting" in mine["text"]
        and "🚫 Tuesday 24 November at 12:30" in mine["text"]
    )

    # The done visit (not the missed one), the first meeting, brings the household's baseline
    # questionnaire the next morning at 10:00 (what changes is measured from it).
    async with running_bot.sessionmaker() as session:
        assignments = (await session.exec(select(QuestionnaireAssignment))).all()
    assert [(a.questionnaire_id, a.person_id, a.due_at) for a in assignments] == [
        ("start_baseline", tenant.id, datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    ]
    running_bot.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    [invitation] = await home.wait_for_messages(timeout=10)
    assert "Your home today" in invitation["text"]


async def test_animator_exports_the_week_as_ics(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9881, animator)
    await _open(running_bot, animator, (date(2026, 11, 25), date(2026, 11, 27)), start=time(9), end=time(10))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        for slot in await slots.free_slots(session, animator.id, now=running_bot.clock.now()):
            await booking.book(
                session,
                household,
                slot.id,
                kind=VisitKind.works,
                booked_by=animator,
                now=running_bot.clock.now(),
                tz=running_bot.settings.tz,
            )
        await session.commit()
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("📋 My day")
    await staff.wait_for_messages()
    await staff.press("📅 Week in my calendar (.ics)")
    [document] = await staff.wait_for_messages()
    calendar = icalendar.Calendar.from_ical(emulator.files[document["document"]["file_id"]])
    events = calendar.walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [
        datetime(2026, 11, 25, 8, 0, tzinfo=UTC),
        datetime(2026, 11, 27, 8, 0, tzinfo=UTC),
    ]
    assert all("H-9881" in str(e["summary"]) and str(e["location"]) == "81 rue des Lilas" for e in events)


async def test_no_animator_and_closed_household(running_bot, emulator):
    alone = await _household_with_tenant(running_bot, 9891, None)
    user = emulator.user(alone.telegram_id, "T", language_code="en")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press("📅 Book a home visit")
    [answer] = await user.wait_for_messages()
    assert answer["text"].startswith(tr("en", "No animator is assigned yet: your coordinator will call you."))
    assert "⬅️ Main menu" in button_texts(answer)
    closed = await _household_with_tenant(running_bot, 9892, None, phase=Phase.closed)
    other = emulator.user(closed.telegram_id, "T", language_code="en")
    await other.send("/menu")
    [menu] = await other.wait_for_messages()
    assert "📅 Book a home visit" not in button_texts(menu)  # tests/e2e/test_visit_dead_ends.py
    await other.press_data("m:vb", message_id=menu["message_id"])  # from an older menu
    [answer] = await other.wait_for_messages()
    assert answer["text"].startswith(tr("en", "The accompaniment is over: no more visits to book."))


async def test_erasure_removes_what_the_tenant_wrote_about_a_visit(running_bot, emulator):
    from tests.dbdump import dump, mentions

    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9895, animator)
    await _open(running_bot, animator, (date(2026, 12, 1),))
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        [slot, _] = await slots.free_slots(session, animator.id, now=running_bot.clock.now())
        visit = await booking.book(
            session,
            household,
            slot.id,
            kind=VisitKind.works,
            booked_by=tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await booking.add_tenant_note(
            session, visit, note="Fuite sous l'évier du voisin Moreau", photo_file_id="photo-x"
        )
        await session.commit()
    async with running_bot.sessionmaker() as session:
        await erasure.erase(session, await session.get(Person, tenant.id), now=running_bot.clock.now())
        await session.commit()
    tables = await dump(running_bot.sessionmaker)
    assert mentions(tables, "voisin Moreau") == [] and mentions(tables, "photo-x") == []
    [kept] = await _visits(running_bot)
    assert kept.status is VisitStatus.booked and kept.booked_by_id is None  # the household's visit stays


async def test_coordinator_moves_a_household_to_follow_up_sets_its_address_and_ends_it(running_bot, emulator):
    await running_bot.member(9897, Role.coordinator, "Claire", locale="en")
    animator = await _animator(running_bot)
    tenant = await _household_with_tenant(running_bot, 9898, animator, phase=Phase.works)
    staff = emulator.user(9897, "Claire", language_code="en")
    await staff.send("/menu")
    await staff.wait_for_messages()
    await staff.press("🏠 Households")
    await staff.wait_for_messages()
    await staff.press("🏠 H-9898 · T9898")
    [card] = await staff.wait_for_messages()
    assert "Phase: repairs" in card["text"] and "➡️ Move to phase: repairs" not in button_texts(card)
    await staff.press("➡️ Move to phase: follow-up")
    [moved] = await staff.wait_for_messages()
    assert moved["text"].startswith("✅ H-9898 is now at the phase: follow-up.")
    async with running_bot.sessionmaker() as session:
        assert (await session.get(Household, tenant.household_id)).phase is Phase.follow_up
        assignments = (await session.exec(select(QuestionnaireAssignment))).all()
    assert [(a.questionnaire_id, a.person_id) for a in assignments] == [("closing", tenant.id)]

    await staff.press("⬅️ Back to the household")
    await staff.wait_for_messages()
    await staff.press("🏠 Set the address")
    await staff.wait_for_messages()
    await staff.send("  4 allée des   Pins, bât. C ")
    [saved] = await staff.wait_for_messages()
    assert saved["text"] == "✅ Address saved."
    await staff.press("⬅️ Back to the household")
    [card] = await staff.wait_for_messages()
    assert "Address: 4 allée des Pins, bât. C" in card["text"]

    await staff.press(label("en", "🏁 End the accompaniment"))
    [sure] = await staff.wait_for_messages()
    assert "anonymised 24 months from today" in sure["text"]
    await staff.press("🏁 Yes, end it")
    await staff.wait_for_messages()
    async with running_bot.sessionmaker() as session:
        closed = await session.get(Household, tenant.household_id)
    assert closed.phase is Phase.closed and closed.closed_at == running_bot.clock.now()

    # An animator may move the households assigned to them, never end one; another's, nothing.
    other = await _household_with_tenant(running_bot, 9899, animator, phase=Phase.preparation)
    nadia = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await nadia.send("/menu")
    [menu] = await nadia.wait_for_messages()
    query = await nadia.press_data(f"hph:{other.household_id}:closed:1", message_id=menu["message_id"])
    assert (await nadia.wait_for_answer(query))["text"] == "This button is no longer active."
    karim = await _animator(running_bot, 9803, "Karim")
    stranger = emulator.user(karim.telegram_id, "Karim", language_code="en")
    await stranger.send("/menu")
    [menu] = await stranger.wait_for_messages()
    query = await stranger.press_data(f"hph:{other.household_id}:works:0", message_id=menu["message_id"])
    assert (await stranger.wait_for_answer(query))["text"] == "This button is no longer active."
    async with running_bot.sessionmaker() as session:
        assert (await session.get(Household, other.household_id)).phase is Phase.preparation
