"""People: who is talking, in which language, with which consent."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import SUPPORTED_LOCALES
from bot.models import (
    Person,
    Role,
)
from bot.services import audit
from bot.services.refusals import Refused

# Raise when the consent text changes in substance: everyone is asked again.
CONSENT_VERSION = 1


class PersonRefusal(str, enum.Enum):
    not_staff_role = "not_staff_role"
    empty_name = "empty_name"
    unsupported_locale = "unsupported_locale"


class PersonError(Refused[PersonRefusal]):
    @property
    def code(self) -> str:
        return self.reason.value


async def tenants_of(session: AsyncSession, household_id: int) -> list[Person]:
    """The household's active tenants who joined (consented), oldest first."""
    rows = await session.exec(
        select(Person)
        .where(
            col(Person.household_id) == household_id,
            col(Person.role) == Role.tenant,
            col(Person.active).is_(True),
            col(Person.consent_at).is_not(None),
        )
        .order_by(col(Person.id))
    )
    return list(rows.all())


async def get_by_telegram_id(session: AsyncSession, telegram_id: int) -> Person | None:
    result = await session.exec(select(Person).where(Person.telegram_id == telegram_id))
    return result.first()


def needs_consent(person: Person) -> bool:
    return person.consent_version != CONSENT_VERSION


async def give_consent(session: AsyncSession, person: Person, *, locale: str, now: datetime) -> Person:
    person.locale = _checked_locale(locale)
    person.consent_at = now
    person.consent_version = CONSENT_VERSION
    session.add(person)
    await session.flush()
    await audit.record(session, "consent.give", actor_id=person.id, target_type="person", target_id=person.id, now=now)
    return person


async def set_locale(session: AsyncSession, person: Person, locale: str) -> Person:
    person.locale = _checked_locale(locale)
    session.add(person)
    await session.flush()
    return person


async def mark_reachable(session: AsyncSession, person: Person) -> None:
    """A person who writes to the bot can be written to again."""
    if person.unreachable_since is not None:
        person.unreachable_since = None
        session.add(person)
        await session.flush()


async def add_staff(
    session: AsyncSession, *, telegram_id: int, role: Role, name: str, now: datetime
) -> tuple[Person, bool]:
    """Create a staff member, or change the role of an existing account.

    Returns (person, created). They are asked for their language and consent
    the first time they write to the bot, like everyone else.
    """
    if not role.is_staff:
        raise PersonError(PersonRefusal.not_staff_role)
    name = " ".join(name.split())
    if not name:
        raise PersonError(PersonRefusal.empty_name)
    person = await get_by_telegram_id(session, telegram_id)
    created = person is None
    if person is None:
        person = Person(telegram_id=telegram_id, name=name[:120], role=role, created_at=now)
    else:
        person.role, person.name, person.active = role, name[:120], True
    session.add(person)
    await session.flush()
    await audit.record(
        session,
        "staff.add" if created else "staff.update",
        target_type="person",
        target_id=person.id,
        details=f"role={role.value}",
        now=now,
    )
    return person, created


async def list_staff(session: AsyncSession) -> list[Person]:
    result = await session.exec(
        select(Person).where(col(Person.role) != Role.tenant).order_by(col(Person.role), col(Person.name))
    )
    return list(result.all())


async def pause(session: AsyncSession, person: Person, *, now: datetime) -> bool:
    """/stop: no proactive message until /start. False if already paused."""
    if person.paused_at is not None:
        return False
    person.paused_at = now
    session.add(person)
    await session.flush()
    await audit.record(session, "person.pause", actor_id=person.id, target_type="person", target_id=person.id, now=now)
    return True


async def resume(session: AsyncSession, person: Person, *, now: datetime) -> bool:
    """/start after /stop. False if nothing was paused."""
    if person.paused_at is None:
        return False
    person.paused_at = None
    session.add(person)
    await session.flush()
    await audit.record(session, "person.resume", actor_id=person.id, target_type="person", target_id=person.id, now=now)
    return True


def _checked_locale(locale: str) -> str:
    if locale not in SUPPORTED_LOCALES:
        raise PersonError(PersonRefusal.unsupported_locale)
    return locale
