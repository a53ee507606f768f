"""Weekly tips: no repeat until all were sent, seasons, the chosen day, stopping."""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.models import OutboxMessage, OutboxStatus
from bot.services import tips
from bot.services.content import REFERENCE_LOCALE
from tests import factories

PARIS = ZoneInfo("Europe/Paris")
WINTER_MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # 09:00 in Paris
SUMMER_MONDAY = datetime(2027, 6, 7, 8, 0, tzinfo=UTC)


_person = functools.partial(factories.staff, now=WINTER_MONDAY)


async def test_no_tip_twice_before_all_were_sent(session, library):
    person = await _person(session)
    season = [t.id for t in library.tips(REFERENCE_LOCALE, season="heating")]
    picked = [await tips.next_tip_id(session, library, person.id, WINTER_MONDAY) for _ in season]
    assert sorted(picked) == sorted(season)  # every tip of the season once
    again = await tips.next_tip_id(session, library, person.id, WINTER_MONDAY)
    assert again in season  # then a new cycle


async def test_heating_tips_only_in_the_heating_season(session, library):
    person = await _person(session)
    heating_only = {t.id for t in library.tips(REFERENCE_LOCALE) if t.season == "heating"}
    summer = [await tips.next_tip_id(session, library, person.id, SUMMER_MONDAY) for _ in range(20)]
    assert heating_only and not heating_only & set(summer)


async def test_weekly_tip_is_queued_on_the_chosen_day_once(session, library):
    person = await _person(session)
    await tips.subscribe(session, person, weekday=0, now=WINTER_MONDAY)  # Monday
    await session.commit()
    assert await tips.schedule_weekly_tips(session, library, now=WINTER_MONDAY - timedelta(days=1), tz=PARIS) == 0
    assert await tips.schedule_weekly_tips(session, library, now=WINTER_MONDAY, tz=PARIS) == 1
    assert await tips.schedule_weekly_tips(session, library, now=WINTER_MONDAY + timedelta(hours=1), tz=PARIS) == 0
    [row] = (await session.exec(select(OutboxMessage))).all()
    assert row.due_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Paris
    assert row.dedup_key == f"tip:{person.id}:2026-W48"
    next_week = WINTER_MONDAY + timedelta(days=7)
    assert await tips.schedule_weekly_tips(session, library, now=next_week, tz=PARIS) == 1
    rows = (await session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert rows[0].params != rows[1].params  # a different tip


async def test_unsubscribe_cancels_the_queued_tip(session, library):
    person = await _person(session)
    await tips.subscribe(session, person, weekday=0, now=WINTER_MONDAY)
    await tips.schedule_weekly_tips(session, library, now=WINTER_MONDAY, tz=PARIS)
    assert await tips.unsubscribe(session, person)
    await session.commit()
    [row] = (await session.exec(select(OutboxMessage))).all()
    assert row.status is OutboxStatus.cancelled
    assert await tips.schedule_weekly_tips(session, library, now=WINTER_MONDAY + timedelta(days=7), tz=PARIS) == 0
    assert not await tips.unsubscribe(session, person)
