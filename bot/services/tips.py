"""Weekly energy tips: subscription, choice of the next tip, scheduling.

A person never gets the same tip twice before every tip of the season has
been sent to them (then a new cycle starts). Heating tips only go out from
October to April. Each week's tip is an outbox row keyed by person and ISO
week, so the hourly job can run as often as it likes.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import OutboxMessage, Person, TipSent, TipSubscription
from bot.services import delivery
from bot.services.content import REFERENCE_LOCALE, ContentLibrary, current_season
from bot.services.payloads import Payload
from bot.services.people import CONSENT_VERSION
from bot.timeutil import local_to_utc

WEEKLY_TIP = "tip.weekly"


class WeeklyTip(Payload):
    """This week's tip for a subscriber, written out in their language when it is sent."""

    item_id: str  # the tip's id in the content library


SEND_AT = time(10, 0)  # mid-morning: after the school run, before lunch


async def subscription(session: AsyncSession, person_id: int) -> TipSubscription | None:
    result = await session.exec(select(TipSubscription).where(TipSubscription.person_id == person_id))
    return result.first()


async def subscribe(session: AsyncSession, person: Person, weekday: int, now: datetime) -> TipSubscription:
    if not 0 <= weekday <= 6:
        raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
    current = await subscription(session, person.id)
    if current is None:
        current = TipSubscription(person_id=person.id, weekday=weekday, created_at=now)
    current.weekday, current.active = weekday, True
    session.add(current)
    await session.flush()
    return current


async def unsubscribe(session: AsyncSession, person: Person) -> bool:
    """Stops the weekly tips and cancels one already queued. False if there was nothing to stop."""
    current = await subscription(session, person.id)
    if current is None or not current.active:
        return False
    current.active = False
    session.add(current)
    await delivery.cancel(session, f"tip:{person.id}:")
    await session.flush()
    return True


def _order(person_id: int, tip_id: str) -> str:
    # A stable order per person, different between people: neighbours don't all get the same tip.
    return hashlib.sha256(f"{person_id}:{tip_id}".encode()).hexdigest()


async def next_tip_id(session: AsyncSession, library: ContentLibrary, person_id: int, now: datetime) -> str | None:
    """Pick and record the person's next tip (see the module's docstring)."""
    season_ids = [tip.id for tip in library.tips(REFERENCE_LOCALE, season=current_season(now.date()))]
    if not season_ids:
        return None
    cycle = (await session.exec(select(func.max(TipSent.cycle)).where(TipSent.person_id == person_id))).one() or 0
    sent_this_cycle = select(TipSent.tip_id).where(TipSent.person_id == person_id, TipSent.cycle == cycle)
    sent = set((await session.exec(sent_this_cycle)).all())
    fresh = [tip_id for tip_id in season_ids if tip_id not in sent]
    if not fresh:
        cycle, fresh = cycle + 1, season_ids
    choice = min(fresh, key=lambda tip_id: _order(person_id, tip_id))
    session.add(TipSent(person_id=person_id, tip_id=choice, cycle=cycle, at=now))
    await session.flush()
    return choice


async def schedule_weekly_tips(session: AsyncSession, library: ContentLibrary, *, now: datetime, tz: ZoneInfo) -> int:
    """Queue this week's tip for the subscribers whose day is today. Returns how many were queued."""
    today = now.astimezone(tz).date()
    year, week, _ = today.isocalendar()
    rows = await session.exec(
        select(TipSubscription, Person)
        .join(Person, col(Person.id) == col(TipSubscription.person_id))
        .where(
            col(TipSubscription.active).is_(True),
            col(TipSubscription.weekday) == today.weekday(),
            col(Person.active).is_(True),
            col(Person.consent_version) == CONSENT_VERSION,
            col(Person.unreachable_since).is_(None),
            col(Person.paused_at).is_(None),
        )
    )
    queued = 0
    for _subscription, person in rows.all():
        key = f"tip:{person.id}:{year}-W{week:02}"
        already = await session.exec(select(func.count()).where(col(OutboxMessage.dedup_key) == key))
        if already.one():
            continue
        tip_id = await next_tip_id(session, library, person.id, now)
        if tip_id is None:
            continue
        due = max(now, local_to_utc(today, SEND_AT, tz))
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind=WEEKLY_TIP,
            dedup_key=key,
            due_at=due,
            now=now,
            params=WeeklyTip(item_id=tip_id),
        )
        queued += 1
    await session.commit()
    return queued
