"""What tests start from, in one place: households, tenants, staff, workshops, open times.

Each factory takes `where`:
- a session (service tests): the rows are flushed, so they have ids; the test commits or not;
  `now` defaults to DEFAULT_NOW and the time zone to Europe/Paris;
- a running bot (end-to-end tests: anything with `sessionmaker`, `clock` and `settings`, as
  tests/e2e's RunningBot and tests/delivery's Delivery): the factory uses a session of its own and commits, since the bot
  reads the database from other sessions; `now` defaults to the bot's clock, the time zone
  to its settings.
People are created as they are after joining: with their consent given, in `locale`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.clock import Clock
from bot.config import Settings
from bot.db import SessionMaker
from bot.models import (
    Household,
    OutboxMessage,
    Person,
    Phase,
    QuestionnaireAssignment,
    ReferentMembership,
    Referral,
    Role,
    Urgency,
    Workshop,
    WorkshopTheme,
)
from bot.services import households, invites, people, referrals, workshops
from bot.services.visits import slots
from tests.conftest import DEFAULT_NOW

PARIS = ZoneInfo("Europe/Paris")
TUESDAY_2PM = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # 14:00 in Paris: a workshop's default time

Row = TypeVar("Row", bound=SQLModel)


class Bot(Protocol):
    """A running bot, as the factories need it."""

    sessionmaker: SessionMaker
    clock: Clock
    settings: Settings


Where = AsyncSession | Bot


@contextlib.asynccontextmanager
async def opened(where: Where) -> AsyncIterator[AsyncSession]:
    """The test's session as it is, or a bot's new session committed at the end."""
    if isinstance(where, AsyncSession):
        yield where
        return
    async with where.sessionmaker() as session:
        yield session
        await session.commit()


def now_of(where: Where, now: datetime | None = None) -> datetime:
    if now is not None:
        return now
    return DEFAULT_NOW if isinstance(where, AsyncSession) else where.clock.now()


def tz_of(where: Where) -> ZoneInfo:
    return PARIS if isinstance(where, AsyncSession) else where.settings.tz


async def household(
    where: Where,
    reference: str = "PAH-1",
    site: str = "Encagnane",
    *,
    phase: Phase = Phase.referred,
    animator: Person | None = None,
    animator_id: int | None = None,
    address: str | None = None,
    qpv: bool = False,
    tenants: Iterable[tuple[int, str, str]] = (),
    now: datetime | None = None,
) -> Household:
    """A household; `tenants`: (telegram id, first name, locale) of tenants who joined it."""
    async with opened(where) as session:
        created = await households.create_household(
            session,
            reference=reference,
            site=site,
            phase=phase,
            animator_id=animator.id if animator is not None else animator_id,
            address=address,
            priority_neighbourhood=qpv,
        )
        for telegram_id, name, locale in tenants:
            await _joined(session, telegram_id, name, created.id, locale, now_of(where, now))
        return created


async def tenant(
    where: Where,
    telegram_id: int,
    site: str = "Encagnane",
    *,
    household: Household | int | None = None,
    reference: str | None = None,
    phase: Phase = Phase.works,
    animator: Person | None = None,
    animator_id: int | None = None,
    address: str | None = None,
    qpv: bool = False,
    name: str | None = None,
    locale: str = "fr",
    now: datetime | None = None,
) -> Person:
    """A tenant who joined: of `household`, or of a new one (reference H-<telegram id>, in `site`)."""
    async with opened(where) as session:
        if household is None:
            household = await households.create_household(
                session,
                reference=reference or f"H-{telegram_id}",
                site=site,
                phase=phase,
                animator_id=animator.id if animator is not None else animator_id,
                address=address,
                priority_neighbourhood=qpv,
            )
        household_id = household if isinstance(household, int) else household.id
        return await _joined(session, telegram_id, name or f"T{telegram_id}", household_id, locale, now_of(where, now))


async def staff(
    where: Where,
    telegram_id: int = 1,
    role: Role = Role.animator,
    name: str = "N",
    *,
    locale: str | None = "fr",
    now: datetime | None = None,
) -> Person:
    """A team member; with `locale=None`, one who has not given consent yet."""
    async with opened(where) as session:
        moment = now_of(where, now)
        person, _ = await people.add_staff(session, telegram_id=telegram_id, role=role, name=name, now=moment)
        if locale is not None:
            await people.give_consent(session, person, locale=locale, now=moment)
        return person


async def member(
    where: Where, telegram_id: int, role: Role, name: str, *, locale: str = "fr", now: datetime | None = None
) -> Person:
    """Someone who joined in `role`; a tenant gets a household of their own (reference T-<telegram id>)."""
    if role.is_staff:
        return await staff(where, telegram_id, role, name, locale=locale, now=now)
    if role is Role.referent:
        return await referent(where, telegram_id, name=name, locale=locale, now=now)
    async with opened(where) as session:
        created = await households.create_household(session, reference=f"T-{telegram_id}", site="Encagnane")
        person = Person(telegram_id=telegram_id, name=name, role=role, household_id=created.id)
        session.add(person)
        await session.flush()
        await people.give_consent(session, person, locale=locale, now=now_of(where, now))
        return person


async def tenant_invite(
    where: Where, reference: str = "PAH-001", site: str = "Encagnane", *, now: datetime | None = None
) -> str:
    """The code of a fresh tenant invitation to household `reference` (created if need be)."""
    async with opened(where) as session:
        found = await households.get_by_reference(session, reference)
        if found is None:
            found = await households.create_household(session, reference=reference, site=site)
        _, code = await invites.create_invite(
            session,
            role=Role.tenant,
            household_id=found.id,
            created_by_id=None,
            now=now_of(where, now),
            ttl=timedelta(days=14),
        )
        return code


def draft(**fields: Any) -> workshops.Draft:
    values: dict[str, Any] = dict(
        theme=WorkshopTheme.diy, title="Repeindre une porte", starts_at=TUESDAY_2PM, place="Centre social", capacity=10
    )
    return workshops.Draft(**(values | fields))


async def workshop(
    where: Where, *, created_by_id: int | None = None, now: datetime | None = None, **fields: Any
) -> Workshop:
    """One workshop (the draft's defaults, changed by `fields`)."""
    async with opened(where) as session:
        [created] = await workshops.create(
            session, draft(**fields), created_by_id=created_by_id, now=now_of(where, now), tz=tz_of(where)
        )
        return created


async def open_times(
    where: Where,
    animator: Person,
    days: tuple[date, ...],
    start: time = time(9),
    end: time = time(12),
    weeks: int = 1,
    *,
    length_minutes: int = 60,
    buffer_minutes: int = 30,
    now: datetime | None = None,
) -> slots.Published:
    """An animator's visit times on `days`, as they open them in the chat."""
    plan = slots.Plan(
        days=days, start=start, end=end, length_minutes=length_minutes, buffer_minutes=buffer_minutes, weeks=weeks
    )
    async with opened(where) as session:
        return await slots.publish(session, animator.id, plan, now=now_of(where, now), tz=tz_of(where))


# --- reading back -----------------------------------------------------------------------------


async def rows(where: Where, model: type[Row]) -> list[Row]:
    """Every row of a table, by id."""
    async with opened(where) as session:
        return list((await session.exec(select(model).order_by(col(model.id)))).all())


async def outbox(
    where: Where, *, kind: str | None = None, prefix: str | None = None, recipient_id: int | None = None
) -> list[OutboxMessage]:
    """Outbox rows by id: of a kind, with a dedup key starting with `prefix`, to a person."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id))
    if kind is not None:
        query = query.where(col(OutboxMessage.kind) == kind)
    if prefix is not None:
        query = query.where(col(OutboxMessage.dedup_key).startswith(prefix))
    if recipient_id is not None:
        query = query.where(col(OutboxMessage.recipient_id) == recipient_id)
    async with opened(where) as session:
        return list((await session.exec(query)).all())


async def assignments(where: Where, person_id: int) -> list[QuestionnaireAssignment]:
    async with opened(where) as session:
        query = (
            select(QuestionnaireAssignment)
            .where(col(QuestionnaireAssignment.person_id) == person_id)
            .order_by(col(QuestionnaireAssignment.id))
        )
        return list((await session.exec(query)).all())


async def _joined(
    session: AsyncSession, telegram_id: int, name: str, household_id: int, locale: str, now: datetime
) -> Person:
    person = Person(telegram_id=telegram_id, name=name, role=Role.tenant, household_id=household_id)
    session.add(person)
    await session.flush()
    await people.give_consent(session, person, locale=locale, now=now)
    return person


async def referent(
    where: Where,
    telegram_id: int,
    organisation: str = "CCAS d'Aix",
    name: str = "Sophie",
    *,
    locale: str = "fr",
    now: datetime | None = None,
) -> Person:
    """A social referent who joined, attached to `organisation` (created when new)."""
    async with opened(where) as session:
        moment = now_of(where, now)
        found = [o for o in await referrals.list_organisations(session) if o.name == organisation]
        chosen = found[0] if found else await referrals.add_organisation(session, organisation, by=None, now=moment)
        person = Person(telegram_id=telegram_id, name=name, role=Role.referent)
        session.add(person)
        await session.flush()
        session.add(ReferentMembership(person_id=person.id, organisation_id=chosen.id))
        await people.give_consent(session, person, locale=locale, now=moment)
        return person


def referral_draft(**fields: Any) -> referrals.Draft:
    values: dict[str, Any] = {
        "site": "Encagnane",
        "priority_neighbourhood": False,
        "adults_women": 1,
        "adults_men": 0,
        "children": 2,
        "minimum_income": False,
        "single_parent": False,
        "newcomer": False,
        "dalo": False,
        "tenant_since": 2018,
        "landlord": "Pays d'Aix Habitat",
        "needs": "Peinture de la cuisine",
        "urgency": Urgency.normal,
        "household_agreed": True,
    }
    return referrals.Draft(**{**values, **fields})


async def referral(where: Where, referent: Person, *, now: datetime | None = None, **fields: Any) -> Referral:
    """A referral `referent` sent, waiting for a decision."""
    async with opened(where) as session:
        return await referrals.submit(session, referent, referral_draft(**fields), now=now_of(where, now))
