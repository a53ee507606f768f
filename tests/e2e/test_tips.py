"""Energy tips in the chat, and the weekly tip on the chosen day."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.models import Role
from bot.scheduler import WeeklyTips
from tests.e2e.helpers import button_texts, tr

SUNDAY = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


async def test_tips_subscribe_receive_and_stop(running_bot, emulator, library):
    running_bot.clock.set(SUNDAY)
    await running_bot.member(9401, Role.tenant, "Amina", locale="fr")
    user = emulator.user(9401, "Amina", language_code="fr")
    await user.send("/menu")
    await user.wait_for_messages()
    await user.press(tr("fr", "💡 Energy tips"))
    [first] = await user.wait_for_messages()
    assert first["text"].startswith("💡")
    await user.press(tr("fr", "💡 Another tip"))
    [second] = await user.wait_for_messages()
    assert second["text"] != first["text"]

    await user.press(tr("fr", "📬 One tip a week"))
    [days] = await user.wait_for_messages()
    assert button_texts(days)[:2] == ["Lundi", "Mardi"]
    await user.press("Lundi")
    [done] = await user.wait_for_messages()
    assert done["text"] == tr("fr", "📬 Done! Every {day} you will get one tip. You can stop at any time.").format(
        day="Lundi"
    )

    # Monday 23 November, 10:00 in Paris: the hourly job queues it, the pump sends it.
    running_bot.clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    jobs = WeeklyTips(running_bot.sessionmaker, library, running_bot.clock, running_bot.settings.tz)
    assert await jobs.run_once() == 1
    [weekly] = await user.wait_for_messages(timeout=10)
    assert weekly["text"].startswith(tr("fr", "📬 Your tip of the week"))
    assert await jobs.run_once() == 0  # once a week

    await user.press(tr("fr", "🔕 Stop the weekly tip"))
    [stopped] = await user.wait_for_messages()
    assert stopped["text"] == tr("fr", "🔕 Stopped. You will not get weekly tips any more.")
    running_bot.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))
    assert await jobs.run_once() == 0
