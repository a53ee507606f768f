"""Home visits without dead ends (issue 14, items 5, 13 and 15): a reminder held by quiet hours
says how long is really left and does not ask to confirm twice; "Nobody home" tells the
household and offers another time; an ended accompaniment is told and booking leaves the menu;
a first meeting or a closing visit proposes the next phase; a new booking is no late change;
"Done" waits for the visit to start; "My day" shows the day's workshops; a stale past day says
it has passed."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time, timedelta

from bot.models import Household, Person, Phase, Role, Visit, VisitKind, VisitStatus
from bot.services.visits import booking, slots
from tests import factories
from tests.e2e.conftest import RunningBot
from tests.e2e.helpers import button_texts, label, tr
from tests.factories import open_times

DEC_1_9AM = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # Tuesday 1 December, 09:00 in Paris


async def _animator(running_bot: RunningBot, telegram_id: int = 8801, name: str = "Nadia") -> Person:
    return await running_bot.member(telegram_id, Role.animator, name, locale="en")


async def _tenant(running_bot: RunningBot, telegram_id: int, animator: Person | None, **fields) -> Person:  # type: ignore[no-untyped-def]
    return await factories.tenant(running_bot, telegram_id, animator=animator, locale="en", **fields)


async def _book(running_bot: RunningBot, tenant: Person, slot_index: int = 0, *, kind=VisitKind.preparation, by=None):  # type: ignore[no-untyped-def]
    async with running_bot.sessionmaker() as session:
        household = await session.get(Household, tenant.household_id)
        free = await slots.free_slots(session, household.animator_id, now=running_bot.clock.now())
        visit = await booking.book(
            session,
            household,
            free[slot_index].id,
            kind=kind,
            booked_by=by or tenant,
            now=running_bot.clock.now(),
            tz=running_bot.settings.tz,
        )
        await session.commit()
        return visit


async def _visit(running_bot: RunningBot, visit_id: int) -> Visit:
    async with running_bot.sessionmaker() as session:
        return await session.get(Visit, visit_id)


async def _menu(user) -> dict:  # type: ignore[no-untyped-def]
    await user.send("/menu")
    [menu] = await user.wait_for_messages()
    return menu


# --- item 5: a reminder held by quiet hours ---


async def test_a_held_reminder_says_the_real_time_left_and_asks_no_second_confirmation(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8811, animator)
    await open_times(running_bot, animator, (date(2026, 12, 1),), start=time(9), end=time(10))
    await _book(running_bot, tenant)  # 09:00: its 2-hour reminder is due at 07:00, in quiet hours
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    running_bot.clock.set(datetime(2026, 11, 30, 17, 0, tzinfo=UTC))  # Monday 18:00 in Paris
    [eve] = await user.wait_for_messages(timeout=10)
    assert eve["text"].startswith("⏰ Reminder: your home visit is tomorrow at 09:00.")
    assert "✅ I confirm" in button_texts(eve)
    await user.press("✅ I confirm", message=eve)
    await user.wait_for_messages()
    seen = len(user.messages)

    running_bot.clock.set(datetime(2026, 12, 1, 6, 0, tzinfo=UTC))  # 07:00: held by quiet hours
    await asyncio.sleep(0.6)
    assert len(user.messages) == seen
    running_bot.clock.set(datetime(2026, 12, 1, 7, 0, tzinfo=UTC))  # 08:00: quiet hours end
    [soon] = await user.wait_for_messages(timeout=10)
    assert soon["text"].startswith("⏰ Reminder: your home visit is today at 09:00, in 1 hour.")
    assert "in 2 hours" not in soon["text"] and "👍 You have confirmed it." in soon["text"]
    assert button_texts(soon) == ["🔁 I need to move it"]


async def test_an_unconfirmed_reminder_keeps_its_button_and_a_cancelled_visit_gets_none(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8812, animator)
    await open_times(running_bot, animator, (date(2026, 11, 25),), start=time(14), end=time(16))
    visit = await _book(running_bot, tenant)  # Wednesday 14:00
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    running_bot.clock.set(datetime(2026, 11, 25, 11, 0, tzinfo=UTC))  # 12:00, due exactly
    # the evening reminder went the day before (due at 18:00, before the clock jump)
    messages = await user.wait_for_messages(2, timeout=10)
    soon = messages[-1]
    assert soon["text"].startswith("⏰ Reminder: your home visit is today at 14:00, in 2 hours.")
    assert "✅ I confirm" in button_texts(soon)

    # Another visit, cancelled behind the reminder's back (a row left pending): nothing is sent.
    await open_times(running_bot, animator, (date(2026, 11, 27),), start=time(14), end=time(15))
    other = await _book(running_bot, tenant)
    async with running_bot.sessionmaker() as session:
        stored = await session.get(Visit, other.id)
        stored.status = VisitStatus.cancelled
        session.add(stored)
        await session.commit()
    running_bot.clock.set(datetime(2026, 11, 27, 11, 0, tzinfo=UTC))
    await asyncio.sleep(0.8)
    assert not any("Friday 27 November" in m.get("text", "") for m in user.messages)
    assert visit.id != other.id


# --- item 13: nobody home, the accompaniment ends, the next phase ---


async def test_nobody_home_tells_the_household_and_offers_another_time(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8821, animator)
    await open_times(running_bot, animator, (date(2026, 11, 24),), start=time(11), end=time(12))
    await open_times(running_bot, animator, (date(2026, 12, 1),))
    visit = await _book(running_bot, tenant, by=animator)
    home = emulator.user(tenant.telegram_id, "T", language_code="en")
    await home.wait_for_messages(timeout=10)  # booked for you
    running_bot.clock.set(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))  # 11:30
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    menu = await _menu(staff)
    await staff.press_data(f"v:{visit.id}", message_id=menu["message_id"])
    await staff.wait_for_messages()
    await staff.press("🚫 Nobody home")
    await staff.wait_for_messages()
    [told] = await home.wait_for_messages(timeout=10)
    assert told["text"].startswith(tr("en", "🚫 Your animator came for this visit, but nobody was home:"))
    assert "Tuesday 24 November at 11:00" in told["text"] and "another time" in told["text"]
    await home.press("📅 Book another time", message=told)
    [days] = await home.wait_for_messages()
    assert "Which day suits you?" in days["text"] and "Tuesday 1 December · 09:00 …" in button_texts(days)


async def test_ending_the_accompaniment_tells_the_tenant_and_booking_leaves_the_menu(running_bot, emulator):
    await running_bot.member(8830, Role.coordinator, "Claire", locale="en")
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8831, animator, phase=Phase.follow_up)
    home = emulator.user(tenant.telegram_id, "T", language_code="en")
    assert "📅 Book a home visit" in button_texts(await _menu(home))
    staff = emulator.user(8830, "Claire", language_code="en")
    menu = await _menu(staff)
    await staff.press_data(f"vhh:{tenant.household_id}", message_id=menu["message_id"])
    await staff.wait_for_messages()
    await staff.press(label("en", "🏁 End the accompaniment"))
    await staff.wait_for_messages()
    await staff.press("🏁 Yes, end it")
    await staff.wait_for_messages()
    [told] = await home.wait_for_messages(timeout=10)
    assert told["text"].startswith("🏁 Your support programme has ended.")
    assert button_texts(told) == ["⬅️ Main menu"]
    await home.press("⬅️ Main menu", message=told)
    [after] = await home.wait_for_messages()
    assert "📅 Book a home visit" not in button_texts(after) and "📋 My visits" in button_texts(after)
    assert "📅 Book a home visit" not in button_texts(await _menu(home))


async def test_a_first_meeting_then_a_closing_visit_propose_the_next_phase(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8841, animator, phase=Phase.referred)
    await open_times(running_bot, animator, (date(2026, 11, 24),), start=time(11), end=time(14))
    first = await _book(running_bot, tenant, kind=VisitKind.tripartite, by=animator)
    closing = await _book(running_bot, tenant, kind=VisitKind.closing, by=animator)
    running_bot.clock.set(datetime(2026, 11, 24, 13, 0, tzinfo=UTC))  # 14:00: both have started
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    menu = await _menu(staff)
    await staff.press_data(f"v:{first.id}", message_id=menu["message_id"])
    await staff.wait_for_messages()
    for step in ("✅ Done", "✅ Yes", "⏭ Skip", "⏭ Skip"):
        await staff.press(step)
        await staff.wait_for_messages()
    saved = staff.messages[-1]
    assert "➡️ Next step for H-8841: move to the preparation phase?" in saved["text"]
    await staff.press("➡️ Move to phase: preparation", message=saved)
    [moved] = await staff.wait_for_messages()
    assert moved["text"].startswith("✅ H-8841 is now at the phase: preparation.")

    await staff.press_data(f"v:{closing.id}", message_id=moved["message_id"])
    await staff.wait_for_messages()
    for step in ("✅ Done", "❌ No", "⏭ Skip", "⏭ Skip"):
        await staff.press(step)
        await staff.wait_for_messages()
    saved = staff.messages[-1]
    assert "move to the follow-up phase?" in saved["text"]
    assert label("en", "🏁 End the accompaniment") not in button_texts(saved)  # a coordinator's call
    await staff.press("➡️ Move to phase: follow-up", message=saved)
    await staff.wait_for_messages()
    assert (await running_bot.household(f"H-{tenant.telegram_id}")).phase is Phase.follow_up


# --- item 15 ---


async def test_a_new_booking_within_24_hours_is_no_late_change_but_moving_it_is(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8851, animator)
    await open_times(running_bot, animator, (date(2026, 11, 25),), start=time(9), end=time(12))  # tomorrow
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    await _menu(user)
    await user.press("📅 Book a home visit")
    await user.wait_for_messages()
    await user.press("Wednesday 25 November · 09:00 …")
    await user.wait_for_messages()
    await user.press("🕘 09:00 – 10:00")
    await user.wait_for_messages()
    await user.press("✅ Confirm")
    await user.wait_for_messages()
    [notice] = await staff.wait_for_messages(timeout=10)
    assert notice["text"].startswith("📅 New visit booked by household H-8851:") and "⚠️" not in notice["text"]
    await staff.press("📋 Open the visit", message=notice)
    [card] = await staff.wait_for_messages()
    assert "⚠️ Changed less than 24 hours before" not in card["text"]

    await user.press("📋 My visits")
    await user.wait_for_messages()
    await user.press("🗓 Wednesday 25 November at 09:00 · 🛠 Repair session")
    await user.wait_for_messages()
    await user.press("🔁 Move")
    await user.wait_for_messages()
    await user.press("Wednesday 25 November · 10:30")
    await user.wait_for_messages()
    await user.press("🕘 10:30 – 11:30")
    await user.wait_for_messages()
    await user.press("✅ Confirm")
    await user.wait_for_messages()
    [moved] = await staff.wait_for_messages(timeout=10)
    assert moved["text"].startswith("⚠️ Late change: less than 24 hours before.")


async def test_done_cannot_be_pressed_before_the_visit_starts(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8861, animator)
    await open_times(running_bot, animator, (date(2026, 11, 24),), start=time(15), end=time(16))  # today 15:00
    visit = await _book(running_bot, tenant, by=animator)
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    menu = await _menu(staff)
    await staff.press_data(f"v:{visit.id}", message_id=menu["message_id"])
    [card] = await staff.wait_for_messages()
    assert "✅ Done" not in button_texts(card) and "🚫 Nobody home" not in button_texts(card)
    for action in ("dn", "ms"):  # an old or forged button
        query = await staff.press_data(f"va:{visit.id}:{action}", message_id=card["message_id"])
        assert (await staff.wait_for_answer(query))["text"] == "This button is no longer active."
    assert (await _visit(running_bot, visit.id)).status is VisitStatus.booked

    running_bot.clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=UTC))  # 15:00: it starts
    await staff.press_data(f"v:{visit.id}", message_id=card["message_id"])
    [card] = await staff.wait_for_messages()
    assert {"✅ Done", "🚫 Nobody home"} <= set(button_texts(card))


async def test_my_day_shows_the_workshops_the_animator_runs_that_day(running_bot, emulator):
    animator = await _animator(running_bot)
    other = await _animator(running_bot, 8802, "Karim")
    today_2pm = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    await factories.workshop(running_bot, created_by_id=animator.id, starts_at=today_2pm, title="Poser du papier peint")
    await factories.workshop(running_bot, created_by_id=other.id, starts_at=today_2pm, title="Atelier de Karim")
    await factories.workshop(
        running_bot, created_by_id=animator.id, starts_at=today_2pm + timedelta(days=1), title="Demain"
    )
    staff = emulator.user(animator.telegram_id, "Nadia", language_code="en")
    await _menu(staff)
    await staff.press("📋 My day")
    [day] = await staff.wait_for_messages()
    assert "🗓 Your workshops" in day["text"] and "14:00–16:00 · Poser du papier peint" in day["text"]
    assert "📍 Centre social · 0 coming" in day["text"]
    assert "Atelier de Karim" not in day["text"] and "Demain" not in day["text"]
    await staff.press("Next day ▶️")
    [tomorrow] = await staff.wait_for_messages()
    assert "Demain" in tomorrow["text"] and "Poser du papier peint" not in tomorrow["text"]


async def test_a_stale_past_day_says_it_has_passed(running_bot, emulator):
    animator = await _animator(running_bot)
    tenant = await _tenant(running_bot, 8871, animator)
    await open_times(running_bot, animator, (date(2026, 11, 25), date(2026, 12, 1)))
    user = emulator.user(tenant.telegram_id, "T", language_code="en")
    await _menu(user)
    await user.press("📅 Book a home visit")
    [days] = await user.wait_for_messages()
    running_bot.clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # two days later
    await user.press("Wednesday 25 November · 09:00 …", message=days)
    [answer] = await user.wait_for_messages()
    assert answer["text"].startswith("Wednesday 25 November has passed. Here are the next free times:")
    assert "just taken" not in answer["text"] and "Tuesday 1 December · 09:00 …" in button_texts(answer)


async def test_the_demo_shows_a_missed_visit_and_an_ended_accompaniment(running_bot, emulator):
    from bot.sandbox import demo

    await demo.seed(running_bot.sessionmaker, now=running_bot.clock.now(), tz=running_bot.settings.tz)
    sarah = emulator.user(7103, "Sarah", language_code="en")
    leila = emulator.user(7104, "Leïla", language_code="fr")
    missed = [m for m in await sarah.wait_for_messages(2, timeout=10) if "🚫" in m["text"]]
    assert len(missed) == 1 and "📅 Book another time" in button_texts(missed[0])
    messages = await leila.wait_for_messages(timeout=10)
    assert messages[0]["text"].startswith(
        tr("fr", "🏁 <b>Your accompaniment has ended.</b>").replace("<b>", "").replace("</b>", "")
    )
    menu = await _menu(leila)
    assert tr("fr", "📅 Book a home visit") not in button_texts(menu) and tr("fr", "📋 My visits") in button_texts(menu)
