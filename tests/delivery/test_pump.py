"""The pump sends due rows through the emulator and records every outcome."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, time, timedelta

from bot.app import create_bot, create_pump
from bot.db import create_engine, create_sessionmaker
from bot.delivery.pump import MAX_ATTEMPTS
from bot.i18n import create_i18n
from bot.models import OutboxStatus
from bot.timeutil import local_to_utc
from tests.delivery.conftest import make_settings


async def test_due_rows_are_sent_once_and_recorded(deliver):
    amina = await deliver.person(1001)
    await deliver.schedule(amina, "now")
    await deliver.schedule(amina, "tomorrow", due_at=deliver.clock.now() + timedelta(days=1))
    assert await deliver.pump.run_once() == 1
    assert await deliver.pump.run_once() == 0
    user = deliver.emulator.user(1001)
    assert [m["text"] for m in user.messages] == ["message now"]
    row = await deliver.row("now")
    assert (row.status, row.attempts, row.sent_at) == (OutboxStatus.sent, 1, deliver.clock.now())
    assert row.telegram_message_id == user.messages[0]["message_id"]
    assert (await deliver.row("tomorrow")).status is OutboxStatus.pending


async def test_buttons_are_sent(deliver):
    amina = await deliver.person(1002)
    markup = {"inline_keyboard": [[{"text": "Je confirme", "callback_data": "v:1:ok"}]]}
    await deliver.schedule(amina, "with-button", reply_markup=markup)
    await deliver.pump.run_once()
    assert deliver.emulator.user(1002).buttons() == [["Je confirme"]]


async def test_429_is_waited_out_without_counting_as_an_attempt(deliver):
    amina = await deliver.person(1003)
    await deliver.schedule(amina, "k")
    deliver.emulator.inject_error(method="sendMessage", error_code=429, retry_after=1, times=1)
    await deliver.pump.run_once()  # the limiter waits 1 s and retries
    row = await deliver.row("k")
    assert (row.status, row.attempts) == (OutboxStatus.sent, 1)

    await deliver.schedule(amina, "k2")
    deliver.emulator.inject_error(method="sendMessage", error_code=429, retry_after=1, times=3)
    await deliver.pump.run_once()  # still refused after the retries: back to the queue
    row = await deliver.row("k2")
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.pending, 0, "429")
    assert row.due_at == deliver.clock.now() + timedelta(seconds=1)


async def test_403_marks_the_person_unreachable_until_they_write(deliver):
    amina = await deliver.person(1004)
    deliver.emulator.user(1004).block()
    await deliver.schedule(amina, "first")
    await deliver.schedule(amina, "second", due_at=deliver.clock.now() + timedelta(minutes=1))
    await deliver.pump.run_once()
    first = await deliver.row("first")
    assert (first.status, first.last_error) == (OutboxStatus.failed, "blocked")
    calls_before = len(deliver.emulator.calls)
    deliver.clock.advance(timedelta(minutes=2))
    await deliver.pump.run_once()
    second = await deliver.row("second")
    assert (second.status, second.last_error) == (OutboxStatus.failed, "unreachable")
    assert not [c for c in deliver.emulator.calls[calls_before:] if c.method == "sendMessage"]  # no call made


async def test_5xx_and_network_errors_back_off_then_give_up(deliver):
    amina = await deliver.person(1005)
    await deliver.schedule(amina, "k")
    deliver.emulator.inject_error(method="sendMessage", error_code=502, times=MAX_ATTEMPTS)
    delays = []
    for _ in range(MAX_ATTEMPTS):
        await deliver.pump.run_once()
        row = await deliver.row("k")
        if row.status is OutboxStatus.failed:
            break
        delays.append(row.due_at - deliver.clock.now())
        deliver.clock.set(row.due_at)
    assert delays == [timedelta(seconds=10), timedelta(seconds=20), timedelta(seconds=40), timedelta(seconds=80)]
    row = await deliver.row("k")
    assert row.status is OutboxStatus.failed and row.last_error.startswith(f"gave up after {MAX_ATTEMPTS} attempts")


async def test_5xx_then_success(deliver):
    amina = await deliver.person(1006)
    await deliver.schedule(amina, "k")
    deliver.emulator.inject_error(method="sendMessage", error_code=500, times=1)
    await deliver.pump.run_once()
    deliver.clock.advance(timedelta(seconds=10))
    await deliver.pump.run_once()
    row = await deliver.row("k")
    assert (row.status, row.attempts) == (OutboxStatus.sent, 2)


async def test_400_fails_with_the_reason(deliver):
    amina = await deliver.person(1007)
    await deliver.schedule(amina, "k", text="x" * 5000)
    await deliver.pump.run_once()
    row = await deliver.row("k")
    assert (row.status, row.last_error) == (OutboxStatus.failed, "Bad Request: message is too long")


async def test_quiet_hours_defer_non_urgent_until_morning(deliver):
    amina = await deliver.person(1008)
    tz = deliver.settings.tz
    evening = local_to_utc(date(2026, 11, 24), time(22, 30), tz)
    deliver.clock.set(evening)
    await deliver.schedule(amina, "tip")
    await deliver.schedule(amina, "visit-cancelled-today", urgent=True)
    await deliver.pump.run_once()
    assert [m["text"] for m in deliver.emulator.user(1008).messages] == ["message visit-cancelled-today"]
    deliver.clock.set(local_to_utc(date(2026, 11, 25), time(7, 59), tz))
    await deliver.pump.run_once()
    assert (await deliver.row("tip")).status is OutboxStatus.pending
    deliver.clock.set(local_to_utc(date(2026, 11, 25), time(8, 0), tz))
    await deliver.pump.run_once()
    assert (await deliver.row("tip")).status is OutboxStatus.sent


async def test_reminder_on_a_dst_day_fires_at_the_local_time(deliver):
    """Sunday 28 March 2027, clocks go forward: 18:00 in Paris is 16:00 UTC, not 17:00."""
    amina = await deliver.person(1009)
    due = local_to_utc(date(2027, 3, 28), time(18, 0), deliver.settings.tz)
    assert due == due.replace(hour=16, minute=0, tzinfo=UTC)
    await deliver.schedule(amina, "eve", due_at=due)
    deliver.clock.set(due - timedelta(minutes=1))
    await deliver.pump.run_once()
    assert deliver.emulator.user(1009).messages == []
    deliver.clock.set(due)
    await deliver.pump.run_once()
    assert len(deliver.emulator.user(1009).messages) == 1
    # The day before the change, the same wall-clock time is one hour later in UTC.
    assert local_to_utc(date(2027, 3, 27), time(18, 0), deliver.settings.tz).hour == 17


async def test_message_rendered_at_send_time_in_the_current_language(deliver):
    from aiogram.utils.i18n import gettext as _

    from bot.delivery.render import Rendered

    amina = await deliver.person(1010, locale="ar")
    deliver.pump.renderers = {"greeting": lambda row: Rendered(_("Main menu"))}
    await deliver.schedule(amina, "hello", kind="greeting", params={"n": 1})
    await deliver.pump.run_once()
    from tests.e2e.helpers import tr

    assert deliver.emulator.user(1010).messages[0]["text"] == tr("ar", "Main menu")


async def test_two_pumps_on_one_database_send_each_row_once(deliver, emulator, database_url, clock, library):
    recipients = [await deliver.person(2000 + index) for index in range(40)]
    for person in recipients:
        await deliver.schedule(person, f"k{person.id}")
    # A second process: its own engine, its own bot session, the same database.
    settings = make_settings(emulator, database_url)
    engine = create_engine(database_url)
    other_bot = create_bot(settings)
    other = create_pump(other_bot, settings, create_sessionmaker(engine), clock, create_i18n("fr"), library)
    try:
        handled = await asyncio.gather(deliver.pump.run_once(), other.run_once())
    finally:
        await other_bot.session.close()
        await engine.dispose()
    assert sum(handled) == 40 and all(handled)  # both took a share
    for person in recipients:
        assert len(emulator.user(person.telegram_id).messages) == 1
