"""The social referent at the household's first (tripartite) and closing visits (issue 18, item 2).

When such a visit is booked, by staff or by the tenant, for a household whose accepted referral
named a referent (its HouseholdFile), the referent is invited as the visit's guest
(bot/services/visits/guests.py): they get the visit, its moves, its cancellation and its
reminders through the outbox, and confirm or decline with a button. When staff close the visit,
the question names the referent, and the answer is kept on the guest row (came) and on
Visit.referent_present, which the Bilan counts."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    GuestAnswer,
    GuestRole,
    Household,
    HouseholdFile,
    Person,
    Role,
    Visit,
    VisitGuest,
    VisitKind,
    VisitStatus,
)
from bot.services import audit
from bot.services.refusals import Refused
from bot.services.visits import guests

WITH_REFERENT = (VisitKind.tripartite, VisitKind.closing)


class ReferentVisitRefusal(str, enum.Enum):
    not_your_invitation = "not_your_invitation"  # another referent's, a helper's, or gone
    visit_over = "visit_over"  # cancelled, closed or already started


class ReferentVisitError(Refused[ReferentVisitRefusal]):
    pass


async def referent_of(session: AsyncSession, household_id: int) -> Person | None:
    """The active referent whose accepted referral created the household, if any."""
    found = (await session.exec(select(HouseholdFile).where(HouseholdFile.household_id == household_id))).first()
    person = await session.get(Person, found.referent_id) if found and found.referent_id else None
    if person is None or not person.active or person.role is not Role.referent:
        return None
    return person


async def after_booking(session: AsyncSession, visit: Visit, *, booked_by: Person, now: datetime, tz: ZoneInfo) -> None:
    """booking.book calls this: a tripartite or closing visit brings the household's referent."""
    if visit.kind not in WITH_REFERENT:
        return
    referent = await referent_of(session, visit.household_id)
    if referent is None:
        return
    guest = await guests.invite(session, visit, referent, role=GuestRole.referent, invited_by=booked_by, now=now, tz=tz)
    if guest is not None:
        await audit.record(
            session,
            actor_id=booked_by.id,
            action="visit.referent_invited",
            target_type="visit_guest",
            target_id=guest.id,
        )


async def referent_guest(session: AsyncSession, visit_id: int) -> VisitGuest | None:
    rows = await session.exec(
        select(VisitGuest)
        .where(col(VisitGuest.visit_id) == visit_id, col(VisitGuest.role) == GuestRole.referent)
        .order_by(col(VisitGuest.id))
    )
    return rows.first()


async def referent_name(session: AsyncSession, visit: Visit) -> str:
    """Who the closing question names: the invited referent, else the name typed in the household."""
    guest = await referent_guest(session, visit.id)
    person = await session.get(Person, guest.person_id) if guest and guest.person_id else None
    if person is not None:
        return person.name
    household = await session.get(Household, visit.household_id)
    return (household.referent_name or "") if household else ""


@dataclass(frozen=True)
class InvitedReferent:
    name: str  # "" once the referent erased their data
    answer: GuestAnswer
    came: bool | None


async def invited_referent(session: AsyncSession, visit_id: int) -> InvitedReferent | None:
    """The referent invited to the visit and their answer, for the staff's visit card."""
    guest = await referent_guest(session, visit_id)
    if guest is None:
        return None
    person = await session.get(Person, guest.person_id) if guest.person_id else None
    return InvitedReferent(person.name if person else "", guest.answer, guest.came)


async def record_presence(session: AsyncSession, visit: Visit, present: bool | None) -> None:
    """booking.close calls this: the referent's attendance, by name on their guest row."""
    if present is None:
        return
    for guest in await guests.of_visit(session, visit.id):
        if guest.role is GuestRole.referent:
            guest.came = present
            session.add(guest)
    await session.flush()


async def answer(
    session: AsyncSession, referent: Person, guest_id: int, choice: GuestAnswer, *, now: datetime, tz: ZoneInfo
) -> tuple[VisitGuest, Visit]:
    """The referent's yes or no, until the visit starts; only on their own invitation."""
    guest = await session.get(VisitGuest, guest_id)
    visit = await session.get(Visit, guest.visit_id) if guest else None
    if (
        guest is None
        or visit is None
        or referent.role is not Role.referent
        or guest.role is not GuestRole.referent
        or guest.person_id != referent.id
        or choice is GuestAnswer.invited
    ):
        raise ReferentVisitError(ReferentVisitRefusal.not_your_invitation)
    if visit.status is not VisitStatus.booked or visit.starts_at <= now:
        raise ReferentVisitError(ReferentVisitRefusal.visit_over)
    await guests.answer(session, guest, visit, choice, now=now, tz=tz)
    await audit.record(
        session,
        actor_id=referent.id,
        action=f"visit.referent_{choice.value}",
        target_type="visit_guest",
        target_id=guest.id,
    )
    return guest, visit


async def invitations(session: AsyncSession, referent: Person, household_id: int) -> dict[int, VisitGuest]:
    """The referent's guest rows on the household's visits, by visit id (for their follow-up)."""
    rows = await session.exec(
        select(VisitGuest)
        .join(Visit, col(Visit.id) == col(VisitGuest.visit_id))
        .where(
            col(Visit.household_id) == household_id,
            col(VisitGuest.person_id) == referent.id,
            col(VisitGuest.role) == GuestRole.referent,
        )
    )
    return {guest.visit_id: guest for guest in rows.all()}
