"""Who may run a workshop, checked by the services themselves (bot/services/workshop_rules.py):
each refusal names its reason and leaves every table as it was, on both databases."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import SessionMaker
from bot.models import Person, Phase, Role, RsvpAnswer, Workshop, WorkshopInvitation, WorkshopStatus, WorkshopTheme
from bot.services import households, people, rsvp, workshop_invitations, workshops
from bot.services.workshop_invitations import InviteAudience, Target
from bot.services.workshop_rules import Refusal, WorkshopRefused
from tests.conftest import DEFAULT_NOW as NOW
from tests.dbdump import dump

PARIS = ZoneInfo("Europe/Paris")
NEXT_WEEK = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


@dataclass
class World:
    tenant: Person  # registered (yes) for `workshop`
    outsider: Person  # a tenant never invited to anything
    animator: Person  # created nothing, follows nobody: still runs every workshop
    coordinator: Person
    deactivated: Person  # an animator the team deactivated
    workshop: int  # open, created by the coordinator
    series: list[int]  # an open series of two sessions
    cancelled: int
    started: int
    other_rsvp: int  # the tenant's answer to the started workshop


def _draft(**overrides: Any) -> workshops.Draft:
    values: dict[str, Any] = dict(
        theme=WorkshopTheme.diy, title="Peinture", starts_at=NEXT_WEEK, place="Centre social", capacity=1
    )
    values.update(overrides)
    return workshops.Draft(**values)


async def _world(sessionmaker: SessionMaker) -> World:
    async with sessionmaker() as session:

        async def staff(telegram_id: int, role: Role) -> Person:
            person, _ = await people.add_staff(
                session, telegram_id=telegram_id, role=role, name=f"S{telegram_id}", now=NOW
            )
            await people.give_consent(session, person, locale="fr", now=NOW)
            return person

        async def tenant(telegram_id: int) -> Person:
            household = await households.create_household(
                session, reference=f"H-{telegram_id}", site="Nord", phase=Phase.works
            )
            person = Person(
                telegram_id=telegram_id, name=f"T{telegram_id}", role=Role.tenant, household_id=household.id
            )
            session.add(person)
            await session.flush()
            await people.give_consent(session, person, locale="fr", now=NOW)
            return person

        animator, coordinator, deactivated = (
            await staff(7101, Role.animator),
            await staff(7102, Role.coordinator),
            await staff(7103, Role.animator),
        )
        deactivated.active = False
        registered, outsider = await tenant(7201), await tenant(7202)
        [workshop] = await workshops.create(session, _draft(), created_by_id=coordinator.id, now=NOW, tz=PARIS)
        series = await workshops.create(
            session,
            _draft(capacity=3),
            created_by_id=coordinator.id,
            now=NOW,
            tz=PARIS,
            every_weeks=1,
            until=NEXT_WEEK + timedelta(days=8),
        )
        [cancelled] = await workshops.create(session, _draft(), created_by_id=coordinator.id, now=NOW, tz=PARIS)
        [started] = await workshops.create(
            session, _draft(starts_at=NOW + timedelta(hours=1)), created_by_id=coordinator.id, now=NOW, tz=PARIS
        )
        await rsvp.answer(session, workshop, registered, RsvpAnswer.yes, now=NOW, tz=PARIS)
        await rsvp.answer(session, series[1], registered, RsvpAnswer.yes, now=NOW, tz=PARIS)
        await rsvp.answer(session, started, registered, RsvpAnswer.yes, now=NOW, tz=PARIS)
        other = await rsvp.get(session, started.id, registered.id)
        assert other is not None
        await workshops.cancel(session, [cancelled], actor_id=coordinator.id, now=NOW, tz=PARIS)
        await session.commit()
        return World(
            registered,
            outsider,
            animator,
            coordinator,
            deactivated,
            workshop.id,
            [w.id for w in series],
            cancelled.id,
            started.id,
            other.id,
        )


LATER = NOW + timedelta(hours=2)  # `started` began an hour ago

Attempt = Callable[[AsyncSession, World], Awaitable[object]]


REFUSED: list[tuple[str, Refusal, Attempt]] = [
    (
        "a tenant creates",
        Refusal.not_staff,
        lambda s, w: workshops.create_by(s, w.tenant, _draft(), now=LATER, tz=PARIS),
    ),
    (
        "a deactivated animator creates",
        Refusal.not_staff,
        lambda s, w: workshops.create_by(s, w.deactivated, _draft(), now=LATER, tz=PARIS),
    ),
    (
        "a workshop in the past",
        Refusal.in_the_past,
        lambda s, w: workshops.create_by(s, w.animator, _draft(starts_at=NOW), now=LATER, tz=PARIS),
    ),
    (
        "a series ending before it starts",
        Refusal.until_before_start,
        lambda s, w: workshops.create_by(
            s, w.animator, _draft(), now=LATER, tz=PARIS, every_weeks=2, until=NEXT_WEEK - timedelta(days=1)
        ),
    ),
    (
        "a tenant changes the place",
        Refusal.not_staff,
        lambda s, w: workshops.change_by(
            s, w.tenant, w.workshop, whole_series=False, now=LATER, tz=PARIS, place="Ailleurs"
        ),
    ),
    (
        "a change to a cancelled workshop",
        Refusal.cancelled,
        lambda s, w: workshops.change_by(
            s, w.animator, w.cancelled, whole_series=False, now=LATER, tz=PARIS, place="Ailleurs"
        ),
    ),
    (
        "a change to a started workshop",
        Refusal.started,
        lambda s, w: workshops.change_by(
            s, w.animator, w.started, whole_series=False, now=LATER, tz=PARIS, place="Ailleurs"
        ),
    ),
    (
        "a change to a forged id",
        Refusal.gone,
        lambda s, w: workshops.change_by(s, w.animator, 999_999, whole_series=False, now=LATER, tz=PARIS, capacity=5),
    ),
    (
        "a move into the past",
        Refusal.in_the_past,
        lambda s, w: workshops.change_by(
            s, w.animator, w.workshop, whole_series=False, now=LATER, tz=PARIS, new_start=NOW
        ),
    ),
    (
        "fewer seats than people coming",
        Refusal.capacity_below_taken,
        lambda s, w: workshops.change_by(
            s, w.animator, w.workshop, whole_series=False, now=LATER, tz=PARIS, capacity=0
        ),
    ),
    (
        # The first session has no one coming, the second one person: the first is not changed either.
        "fewer seats than coming in a later session of the series",
        Refusal.capacity_below_taken,
        lambda s, w: workshops.change_by(
            s, w.animator, w.series[0], whole_series=True, now=LATER, tz=PARIS, capacity=0
        ),
    ),
    (
        "a tenant cancels",
        Refusal.not_staff,
        lambda s, w: workshops.cancel_by(s, w.tenant, w.workshop, whole_series=False, now=LATER, tz=PARIS),
    ),
    (
        "cancelling a cancelled workshop",
        Refusal.cancelled,
        lambda s, w: workshops.cancel_by(s, w.coordinator, w.cancelled, whole_series=True, now=LATER, tz=PARIS),
    ),
    (
        "cancelling a started workshop",
        Refusal.started,
        lambda s, w: workshops.cancel_by(s, w.coordinator, w.started, whole_series=False, now=LATER, tz=PARIS),
    ),
    (
        "a tenant invites",
        Refusal.not_staff,
        lambda s, w: workshop_invitations.invite_by(s, w.tenant, w.workshop, Target(InviteAudience.all), now=LATER),
    ),
    (
        "inviting to a started workshop",
        Refusal.started,
        lambda s, w: workshop_invitations.invite_by(s, w.animator, w.started, Target(InviteAudience.all), now=LATER),
    ),
    (
        "a tenant previews an invitation",
        Refusal.not_staff,
        lambda s, w: workshop_invitations.preview_by(s, w.tenant, w.workshop, Target(InviteAudience.all), now=LATER),
    ),
    (
        "a tenant reminds those who have not answered",
        Refusal.not_staff,
        lambda s, w: workshop_invitations.relance_by(s, w.tenant, w.workshop, now=LATER),
    ),
    (
        "reminding about a cancelled workshop",
        Refusal.cancelled,
        lambda s, w: workshop_invitations.relance_by(s, w.animator, w.cancelled, now=LATER),
    ),
    (
        "a tenant ticks who came",
        Refusal.not_staff,
        lambda s, w: rsvp.tick(s, w.tenant, w.started, w.other_rsvp, now=LATER, tz=PARIS),
    ),
    (
        "ticking an answer of another workshop",
        Refusal.not_an_answer,
        lambda s, w: rsvp.tick(s, w.animator, w.workshop, w.other_rsvp, now=LATER, tz=PARIS),
    ),
    (
        "a tenant reads the answers",
        Refusal.not_staff,
        lambda s, w: rsvp.answers_of(s, w.tenant, w.workshop),
    ),
    (
        "a tenant opens the attendance list",
        Refusal.not_staff,
        lambda s, w: rsvp.attendance_of(s, w.outsider, w.started),
    ),
    (
        "an invitation's button pressed by someone not invited",
        Refusal.not_invited,
        lambda s, w: rsvp.respond(s, w.outsider, w.workshop, RsvpAnswer.yes, invited_only=True, now=LATER, tz=PARIS),
    ),
    (
        "signing up to a cancelled workshop",
        Refusal.cancelled,
        lambda s, w: rsvp.respond(s, w.outsider, w.cancelled, RsvpAnswer.yes, invited_only=False, now=LATER, tz=PARIS),
    ),
    (
        "giving back a seat once it started",
        Refusal.started,
        lambda s, w: rsvp.respond(s, w.tenant, w.started, RsvpAnswer.no, invited_only=True, now=LATER, tz=PARIS),
    ),
]


@pytest.mark.parametrize(("case", "reason", "attempt"), REFUSED, ids=[case for case, _, _ in REFUSED])
async def test_each_rule_refuses_and_changes_nothing(
    sessionmaker: SessionMaker, case: str, reason: Refusal, attempt: Attempt
) -> None:
    world = await _world(sessionmaker)
    before = await dump(sessionmaker)
    async with sessionmaker() as session:
        with pytest.raises(WorkshopRefused) as refused:
            await attempt(session, world)
        assert refused.value.reason is reason
        await session.commit()  # whatever the service had written would now be stored
    assert await dump(sessionmaker) == before


async def test_any_team_member_runs_a_workshop_someone_else_created(sessionmaker: SessionMaker) -> None:
    """No ownership: an animator who created nothing changes, invites, ticks and cancels."""
    world = await _world(sessionmaker)
    async with sessionmaker() as session:
        animator = await session.get(Person, world.animator.id)
        assert animator is not None
        _, told = await workshops.change_by(
            session, animator, world.workshop, whole_series=False, now=LATER, tz=PARIS, place="Maison de quartier"
        )
        assert told == 1
        preview = await workshop_invitations.preview_by(
            session, animator, world.workshop, Target(InviteAudience.all), now=LATER
        )
        assert preview.count == 2 and preview.payload.place == "Maison de quartier"
        _, invited = await workshop_invitations.invite_by(
            session, animator, world.workshop, Target(InviteAudience.all), now=LATER
        )
        assert invited == 2
        found = await rsvp.answers_of(session, animator, world.workshop)
        assert [p.name for p in found.participants] == ["T7201"]
        await rsvp.tick(session, animator, world.started, world.other_rsvp, now=LATER, tz=PARIS)
        _, told = await workshops.cancel_by(session, animator, world.workshop, whole_series=False, now=LATER, tz=PARIS)
        assert told == 1
        await session.commit()
    async with sessionmaker() as session:
        workshop = await session.get(Workshop, world.workshop)
        assert workshop is not None and workshop.status is WorkshopStatus.cancelled
        invitations = (await session.exec(select(WorkshopInvitation))).all()
        assert len(invitations) == 2


async def test_an_invited_tenant_answers_and_a_browsing_one_signs_up(sessionmaker: SessionMaker) -> None:
    world = await _world(sessionmaker)
    async with sessionmaker() as session:
        outsider = await session.get(Person, world.outsider.id)
        assert outsider is not None
        _, result = await rsvp.respond(
            session, outsider, world.series[0], RsvpAnswer.yes, invited_only=False, now=LATER, tz=PARIS
        )
        assert result.answer is RsvpAnswer.yes
        # Having answered counts as invited: the reminder's buttons work for them.
        _, result = await rsvp.respond(
            session, outsider, world.series[0], RsvpAnswer.no, invited_only=True, now=LATER, tz=PARIS
        )
        assert result.answer is RsvpAnswer.no
