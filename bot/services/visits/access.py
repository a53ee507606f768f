"""Who may do what with home visits, in one place: the handlers ask here what a
press may reach, and booking.py checks the acting person again before it
changes anything (a button's ids can be forged, and a handler is only one way in).

- Booking or moving: a tenant for their own household, in the kind its phase calls
  for; staff for a household they follow (households.follows: coordinators and
  administrators every household, an animator the ones assigned to them).
- Keeping a booked visit (its screen, cancelling, saying how it went): staff who
  follow the household, and the animator who leads the visit, even if the household
  was handed over to someone else since; a tenant cancels their household's visits.
- Ending a household's accompaniment: coordinators and administrators.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, Person, Phase, Role, Visit, VisitKind, VisitStatus
from bot.services import households
from bot.services.refusals import Refused

PHASE_VISIT = {
    Phase.referred: VisitKind.tripartite,
    Phase.preparation: VisitKind.preparation,
    Phase.works: VisitKind.works,
    Phase.follow_up: VisitKind.encouragement,
}


def proposed_kind(phase: Phase) -> VisitKind | None:
    """What a visit booked by the household is for; a closed household books nothing."""
    return PHASE_VISIT.get(phase)


class Refusal(str, enum.Enum):
    taken = "taken"
    past = "past"
    other_animator = "other_animator"
    no_animator = "no_animator"
    closed = "closed"
    not_booked = "not_booked"
    same_slot = "same_slot"
    not_allowed = "not_allowed"  # the acting person may not act on this household or visit


class BookingRefused(Refused[Refusal]):
    """Nothing was booked, moved, cancelled or recorded, for `reason`."""


def may_book_for(person: Person, household: Household) -> bool:
    """Book a visit for the household, or move one of its visits to another time."""
    if person.role is Role.tenant:
        return person.household_id == household.id
    return households.follows(person, household)


def keeps(person: Person, visit: Visit, household: Household) -> bool:
    """Staff who keep the visit: who follow its household, and the animator who leads it."""
    if not person.role.is_staff:
        return False
    return households.follows(person, household) or visit.animator_id == person.id


def may_cancel(person: Person, visit: Visit, household: Household) -> bool:
    if person.role is Role.tenant:
        return person.household_id == visit.household_id
    return keeps(person, visit, household)


def may_end_accompaniment(person: Person, household: Household) -> bool:
    """Closing a household (its retention period starts) is the programme's call, not an animator's."""
    return person.role.manages_programme and households.follows(person, household)


@dataclass(frozen=True)
class Target:
    """What a booking screen is about: for whom, what for, and the visit being moved."""

    household: Household
    kind: VisitKind
    visit: Visit | None


async def resolve(session: AsyncSession, person: Person, household_id: int, visit_id: int, kind: VisitKind) -> Target:
    """What the booking buttons ask for (household 0: the tenant's own; visit 0: a new visit),
    if the presser may ask it; BookingRefused otherwise. A tenant books what the household's
    phase calls for, whatever the button says; a moved visit keeps its kind."""
    if person.role is Role.tenant:
        household = await session.get(Household, person.household_id) if person.household_id else None
        if household is None or household_id not in (0, household.id):
            raise BookingRefused(Refusal.not_allowed)
        proposed = proposed_kind(household.phase)
        if proposed is None:
            raise BookingRefused(Refusal.closed)
        kind = proposed
    else:
        household = await session.get(Household, household_id) if household_id else None
        if household is None or not may_book_for(person, household):
            raise BookingRefused(Refusal.not_allowed)
    visit = None
    if visit_id:
        visit = await session.get(Visit, visit_id)
        if visit is None or visit.household_id != household.id:
            raise BookingRefused(Refusal.not_allowed)
        if visit.status is not VisitStatus.booked:
            raise BookingRefused(Refusal.not_booked)
        kind = visit.kind
    return Target(household, kind, visit)


async def followed_household(session: AsyncSession, person: Person, household_id: int) -> Household | None:
    """The household, if the person (staff) acts on it."""
    household = await session.get(Household, household_id)
    if household is None or not households.follows(person, household):
        return None
    return household


async def managed_visit(session: AsyncSession, person: Person, visit_id: int) -> tuple[Visit, Household] | None:
    """The visit and its household, if the person (staff) keeps the visit."""
    visit = await session.get(Visit, visit_id)
    household = await session.get(Household, visit.household_id) if visit else None
    if visit is None or household is None or not keeps(person, visit, household):
        return None
    return visit, household


async def household_visit(session: AsyncSession, person: Person, visit_id: int) -> Visit | None:
    """The visit, if it is one of the tenant's household's."""
    visit = await session.get(Visit, visit_id)
    if visit is None or person.role is not Role.tenant or person.household_id is None:
        return None
    return visit if visit.household_id == person.household_id else None
