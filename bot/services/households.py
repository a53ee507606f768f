"""Households: the unit the accompaniment follows (DOMAIN.md)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Person, Phase, Role, utcnow
from bot.services import audit, delivery, questionnaire_triggers
from bot.services.paging import Page
from bot.services.payloads import Payload
from bot.services.refusals import Refused

ENDED = "household.ended"  # to each tenant, when the accompaniment ends
REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$")
SITE_MAX = 80


class HouseholdRefusal(str, enum.Enum):
    bad_reference = "bad_reference"
    bad_site = "bad_site"
    duplicate_reference = "duplicate_reference"
    not_an_animator = "not_an_animator"
    close_with_retention = "close_with_retention"  # closing starts retention: retention.close_household
    unknown_household = "unknown_household"
    not_followed = "not_followed"  # not a household this person acts on (see follows)
    not_allowed = "not_allowed"  # this person may not create households


class HouseholdError(Refused[HouseholdRefusal]):
    """A household could not be created or acted on; the reason says why, for a translated reply."""

    def __init__(self, reason: HouseholdRefusal | str) -> None:
        # A string too: the command line names its reasons the same way (bot/cli.py).
        super().__init__(HouseholdRefusal(reason))

    @property
    def code(self) -> str:
        return self.reason.value


def clean_reference(text: str) -> str:
    reference = text.strip().upper()
    if not REFERENCE_RE.match(reference):
        raise HouseholdError(HouseholdRefusal.bad_reference)
    return reference


async def new_reference(session: AsyncSession, text: str) -> str:
    """A reference for a new household: well formed and not taken yet."""
    reference = clean_reference(text)
    if await get_by_reference(session, reference) is not None:
        raise HouseholdError(HouseholdRefusal.duplicate_reference)
    return reference


def clean_site(text: str) -> str:
    site = " ".join(text.split())
    if not site or len(site) > SITE_MAX:
        raise HouseholdError(HouseholdRefusal.bad_site)
    return site


async def create_household(
    session: AsyncSession,
    *,
    reference: str,
    site: str,
    priority_neighbourhood: bool = False,
    phase: Phase = Phase.referred,
    animator_id: int | None = None,
    referent_name: str | None = None,
    referent_contact: str | None = None,
    address: str | None = None,
    by: Person | None = None,
    now: datetime | None = None,
) -> Household:
    """`by`: the team member creating it from the chat (a programme manager); None from the command line."""
    if by is not None and not by.role.manages_programme:
        raise HouseholdError(HouseholdRefusal.not_allowed)
    reference = clean_reference(reference)
    site = clean_site(site)
    if await get_by_reference(session, reference) is not None:
        raise HouseholdError(HouseholdRefusal.duplicate_reference)
    if animator_id is not None and await get_animator(session, animator_id) is None:
        raise HouseholdError(HouseholdRefusal.not_an_animator)
    household = Household(
        reference=reference,
        site=site,
        priority_neighbourhood=priority_neighbourhood,
        phase=phase,
        animator_id=animator_id,
        referent_name=referent_name,
        referent_contact=referent_contact,
        address=clean_address(address),
        # Created already closed (an import of past files): retention counts from today.
        closed_at=(now or utcnow()) if phase is Phase.closed else None,
    )
    if now is not None:
        household.created_at = now
    session.add(household)
    await session.flush()
    await audit.record(
        session,
        "household.create",
        actor_id=by.id if by is not None else None,
        target_type="household",
        target_id=household.id,
        now=now,
    )
    return household


def follows(person: Person, household: Household) -> bool:
    """Who acts on a household: coordinators and administrators on all, an animator on theirs."""
    if not person.role.is_staff or household.anonymised_at is not None:
        return False
    return person.role is not Role.animator or household.animator_id == person.id


def clean_address(text: str | None) -> str | None:
    """Where home visits take place, on one line; None when empty or longer than 200 characters."""
    address = " ".join((text or "").split())
    return address if 1 <= len(address) <= 200 else None


async def set_address(session: AsyncSession, household: Household, text: str | None) -> bool:
    address = clean_address(text)
    if address is None:
        return False
    household.address = address
    session.add(household)
    await session.flush()
    return True


async def get_by_reference(session: AsyncSession, reference: str) -> Household | None:
    result = await session.exec(select(Household).where(Household.reference == reference.strip().upper()))
    return result.first()


@dataclass(frozen=True)
class HouseholdRow:
    household: Household
    animator_name: str | None
    tenants: tuple[str, ...] = ()  # the first names of its tenants who joined, for staff's lists


def _joined_tenant() -> ColumnElement[bool]:
    """An active tenant who joined (consented), as people.tenants_of counts them."""
    return and_(col(Person.role) == Role.tenant, col(Person.active).is_(True), col(Person.consent_at).is_not(None))


def first_name(name: str) -> str:
    return name.split()[0] if name.split() else ""


async def tenant_first_names(session: AsyncSession, household_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Each household's tenants' first names, in the order they joined."""
    if not household_ids:
        return {}
    rows = await session.exec(
        select(Person.household_id, Person.name)
        .where(col(Person.household_id).in_(household_ids), _joined_tenant())
        .order_by(col(Person.id))
    )
    names: dict[int, list[str]] = {}
    for household_id, name in rows.all():
        if household_id is not None and first_name(name):
            names.setdefault(household_id, []).append(first_name(name))
    return {household_id: tuple(found) for household_id, found in names.items()}


async def list_households(
    session: AsyncSession, *, animator_id: int | None = None, offset: int = 0, limit: int = 8
) -> Page[HouseholdRow]:
    """Households by reference, with their tenants' first names; an animator only sees those
    assigned to them."""
    query = select(Household, Person.name).outerjoin(Person, col(Person.id) == col(Household.animator_id))
    count = select(func.count()).select_from(Household)
    if animator_id is not None:
        query = query.where(Household.animator_id == animator_id)
        count = count.where(Household.animator_id == animator_id)
    total = (await session.exec(count)).one()
    offset = max(0, min(offset, max(total - 1, 0)))
    result = await session.exec(query.order_by(col(Household.reference)).offset(offset).limit(limit))
    found = result.all()
    tenants = await tenant_first_names(session, [household.id for household, _ in found])
    rows = [HouseholdRow(household, name, tenants.get(household.id, ())) for household, name in found]
    return Page(rows, total, offset, limit)


async def households_of(
    session: AsyncSession, person: Person, *, offset: int = 0, limit: int = 8
) -> Page[HouseholdRow]:
    """The households a team member acts on (see follows): all of them, or an animator's own."""
    if not person.role.is_staff:
        raise HouseholdError(HouseholdRefusal.not_followed)
    animator_id = person.id if person.role is Role.animator else None
    return await list_households(session, animator_id=animator_id, offset=offset, limit=limit)


async def followed(session: AsyncSession, person: Person, household_id: int) -> Household:
    """The household, if `person` acts on it (follows); refused otherwise, also when it does not exist."""
    household = await session.get(Household, household_id)
    if household is None or not follows(person, household):
        raise HouseholdError(HouseholdRefusal.not_followed)
    return household


async def list_animators(session: AsyncSession) -> list[Person]:
    result = await session.exec(
        select(Person).where(Person.role == Role.animator, col(Person.active).is_(True)).order_by(col(Person.name))
    )
    return list(result.all())


async def get_animator(session: AsyncSession, person_id: int) -> Person | None:
    person = await session.get(Person, person_id)
    if person is None or person.role is not Role.animator or not person.active:
        return None
    return person


async def set_phase(
    session: AsyncSession,
    household: Household,
    phase: Phase,
    *,
    now: datetime,
    tz: ZoneInfo,
    actor_id: int | None = None,
) -> bool:
    """Move a household to another phase of the programme; False if it already is there.

    Entering follow-up sends the end-of-accompaniment questionnaire to its tenants;
    closing goes through retention.close_household (it starts the retention period).
    """
    if household.phase is phase:
        return False
    if phase is Phase.closed:
        raise HouseholdError(HouseholdRefusal.close_with_retention)
    household.phase = phase
    session.add(household)
    await session.flush()
    await audit.record(
        session,
        "household.phase",
        actor_id=actor_id,
        target_type="household",
        target_id=household.id,
        details=phase.value,
        now=now,
    )
    if phase is Phase.follow_up:
        await questionnaire_triggers.on_follow_up(session, household_id=household.id, now=now, tz=tz)
    return True


class EndedPayload(Payload):
    """household.ended: the accompaniment is over (ids only; the text is written at send time)."""

    household_id: int


async def accompaniment_ended(session: AsyncSession, household: Household, *, now: datetime) -> int:
    """Tell the household's tenants that the accompaniment has ended (once: the key says so).
    Called by retention.close_household, whichever way the household is closed."""
    tenants = await session.exec(select(Person.id).where(col(Person.household_id) == household.id, _joined_tenant()))
    queued = 0
    for person_id in tenants.all():
        queued += await delivery.schedule(
            session,
            recipient_id=person_id,
            kind=ENDED,
            dedup_key=f"household:{household.id}:ended:person:{person_id}",
            due_at=now,
            now=now,
            params=EndedPayload(household_id=household.id),
        )
    return queued
