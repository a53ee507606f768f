"""Who may see and change a household's worksite, in one place.

- Editing (the contract, its items, the materials, the journal): the household's animator and
  coordinators and administrators (households.follows).
- Seeing it: those, and the household's own tenants; a tenant also accepts the contract and
  adds photos to their household's journal. Nobody else sees anything of it."""

from __future__ import annotations

import enum

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Person, Phase, Role
from bot.services import households
from bot.services.refusals import Refused


class WorksiteRefusal(str, enum.Enum):
    not_allowed = "not_allowed"  # not this person's household, or not theirs to change
    closed = "closed"  # the accompaniment has ended: the worksite is read-only
    no_contract = "no_contract"
    nothing_to_accept = "nothing_to_accept"  # this version is accepted already, or is not the current one
    empty = "empty"  # a contract with no works item cannot be sent or accepted
    bad_value = "bad_value"  # a number out of range
    bad_photo = "bad_photo"  # too large, or not a JPEG/PNG picture


class WorksiteRefused(Refused[WorksiteRefusal]):
    """Nothing was changed, for `reason`."""


def may_edit(person: Person, household: Household) -> bool:
    return person.role.is_staff and households.follows(person, household)


def may_see(person: Person, household: Household) -> bool:
    if person.role is Role.tenant:
        return person.household_id == household.id
    return may_edit(person, household)


async def household_to_see(session: AsyncSession, person: Person, household_id: int) -> Household:
    household = await session.get(Household, household_id)
    if household is None or household.anonymised_at is not None or not may_see(person, household):
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    return household


async def household_to_edit(session: AsyncSession, person: Person, household_id: int) -> Household:
    household = await household_to_see(session, person, household_id)
    if not may_edit(person, household):
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    if household.phase is Phase.closed:
        raise WorksiteRefused(WorksiteRefusal.closed)
    return household


async def household_of_tenant(session: AsyncSession, person: Person, household_id: int) -> Household:
    """A tenant acting on their own household's worksite (accepting, adding a photo)."""
    household = await household_to_see(session, person, household_id)
    if person.role is not Role.tenant:
        raise WorksiteRefused(WorksiteRefusal.not_allowed)
    if household.phase is Phase.closed:
        raise WorksiteRefused(WorksiteRefusal.closed)
    return household
