"""Workshop answers under concurrent presses (a double tap, two phones, many people at once),
on SQLite and PostgreSQL: a property test (hypothesis) of random rounds of presses, each
round pressed all at once, double taps included. After every round seats_taken equals the
number of "yes" rows, never exceeds the capacity, and nobody waits while a seat is free."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import col, select

from bot.db import SessionMaker
from bot.models import Person, Rsvp, RsvpAnswer, Workshop
from bot.services import rsvp, workshops
from tests import factories
from tests.conftest import DEFAULT_NOW as NOW

PARIS = ZoneInfo("Europe/Paris")
PEOPLE = 8
CAPACITY = 3
CHOICES = [RsvpAnswer.yes, RsvpAnswer.maybe, RsvpAnswer.no]
_ids = itertools.count(50_000)

press = st.tuples(st.integers(0, PEOPLE - 1), st.sampled_from(CHOICES), st.booleans())  # who, what, double tap
rounds = st.lists(st.lists(press, min_size=1, max_size=PEOPLE), min_size=1, max_size=6)


async def _press(sessionmaker: SessionMaker, workshop_id: int, person: Person, choice: RsvpAnswer) -> None:
    async with sessionmaker() as session:
        for _ in range(30):  # a deadlock or a busy database: the handler's apology asks to retry
            try:
                workshop = await session.get(Workshop, workshop_id)
                assert workshop is not None
                await rsvp.answer(session, workshop, person, choice, now=NOW, tz=PARIS)
                await session.commit()
                return
            except Exception as error:
                if "rsvp" in str(error).lower() and "unique" in str(error).lower():
                    raise AssertionError("the same answer inserted twice") from error
                await session.rollback()
                await asyncio.sleep(0.01)
        raise AssertionError("never got an answer")


async def _check(sessionmaker: SessionMaker, workshop_id: int) -> None:
    async with sessionmaker() as session:
        workshop = await session.get(Workshop, workshop_id)
        assert workshop is not None
        rows = await session.exec(
            select(Rsvp.answer, func.count()).where(col(Rsvp.workshop_id) == workshop_id).group_by(col(Rsvp.answer))
        )
        counts = dict(rows.all())
    yes, waiting = counts.get(RsvpAnswer.yes, 0), counts.get(RsvpAnswer.waiting, 0)
    assert workshop.seats_taken == yes <= CAPACITY, (workshop.seats_taken, counts)
    assert waiting == 0 or yes == CAPACITY, counts  # nobody waits while a seat is free


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=rounds)
async def test_seats_taken_always_equals_the_yes_answers(sessionmaker, plan):
    async with sessionmaker() as session:
        [workshop] = await workshops.create(
            session,
            factories.draft(title="Peinture", capacity=CAPACITY, starts_at=NOW + timedelta(days=7)),
            created_by_id=None,
            now=NOW,
            tz=PARIS,
        )
        people = [await factories.tenant(session, next(_ids)) for _ in range(PEOPLE)]
        await session.commit()
    for presses in plan:
        taps = [
            _press(sessionmaker, workshop.id, people[who], choice)
            for who, choice, double in presses
            for _ in range(2 if double else 1)
        ]
        await asyncio.gather(*taps)
        await _check(sessionmaker, workshop.id)


async def test_eight_people_at_maybe_double_tapping_im_coming(sessionmaker):
    """The case found by the adversarial run: 5/5 seats taken with 2 "yes" and 6 waiting."""
    async with sessionmaker() as session:
        [workshop] = await workshops.create(
            session,
            factories.draft(title="Peinture", capacity=5, starts_at=NOW + timedelta(days=7)),
            created_by_id=None,
            now=NOW,
            tz=PARIS,
        )
        people = [await factories.tenant(session, next(_ids)) for _ in range(8)]
        for person in people:
            await rsvp.answer(session, workshop, person, RsvpAnswer.maybe, now=NOW, tz=PARIS)
        await session.commit()
    await asyncio.gather(*(_press(sessionmaker, workshop.id, p, RsvpAnswer.yes) for p in people for _ in range(2)))
    async with sessionmaker() as session:
        seats = (await session.get(Workshop, workshop.id)).seats_taken
        answers = [r.answer for r in (await session.exec(select(Rsvp).where(Rsvp.workshop_id == workshop.id))).all()]
    assert seats == answers.count(RsvpAnswer.yes) == 5
    assert answers.count(RsvpAnswer.waiting) == 3
