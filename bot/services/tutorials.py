"""What people do with the tutorials: opened and finished, for the reports,
and tutorials an animator sends to a household."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    ContentEvent,
    ContentEventKind,
    Household,
    Person,
    Role,
    Rsvp,
    RsvpAnswer,
    Workshop,
    WorkshopStatus,
)
from bot.services import audit, delivery, households
from bot.services.households import HouseholdError
from bot.services.payloads import Payload
from bot.services.people import CONSENT_VERSION
from bot.services.refusals import Refused


class _Shared(Payload):
    item_id: str  # a tutorial's or a tip's id in the content library
    sender: str = ""  # the team member's name; blank once they erased their data (erasure._forget_sender)
    sender_id: int | None = None


SHARED_TUTORIAL = "tutorial.shared"


class SharedTutorial(_Shared):
    """A tutorial a team member sent: "📤 Nadia sent you a tutorial" and a button to open it."""


SHARED_TIP = "tip.shared"


class SharedTip(_Shared):
    """A tip a team member sent, written out in full."""


SHARED: dict[str, type[_Shared]] = {SHARED_TUTORIAL: SharedTutorial, SHARED_TIP: SharedTip}


class ShareRefusal(str, enum.Enum):
    not_staff = "not_staff"  # tenants send nothing to anyone
    not_followed = "not_followed"  # a household the sender does not act on (households.follows), or none
    no_workshop = "no_workshop"  # unknown or cancelled


class ShareRefused(Refused[ShareRefusal]):
    pass


async def record(session: AsyncSession, person: Person, item_id: str, kind: ContentEventKind, now: datetime) -> None:
    session.add(ContentEvent(person_id=person.id, item_id=item_id, kind=kind, at=now))
    await session.flush()


@dataclass(frozen=True)
class Usage:
    opened: int  # times a tutorial was opened
    finished: int  # times someone tapped "I'm done"


async def usage(session: AsyncSession) -> dict[str, Usage]:
    """Per tutorial, for the coordinators' reports. Events of erased people still count."""
    rows = await session.exec(
        select(ContentEvent.item_id, ContentEvent.kind, func.count()).group_by(
            col(ContentEvent.item_id), col(ContentEvent.kind)
        )
    )
    counts: dict[str, dict[ContentEventKind, int]] = {}
    for item_id, kind, events in rows.all():
        counts.setdefault(item_id, {})[ContentEventKind(kind)] = events
    return {
        item: Usage(kinds.get(ContentEventKind.opened, 0), kinds.get(ContentEventKind.finished, 0))
        for item, kinds in counts.items()
    }


async def household_tenants(session: AsyncSession, household_id: int) -> list[Person]:
    rows = await session.exec(
        select(Person).where(
            col(Person.household_id) == household_id,
            col(Person.role) == Role.tenant,
            col(Person.active).is_(True),
            col(Person.consent_version) == CONSENT_VERSION,
        )
    )
    return list(rows.all())


async def household_to_share_with(session: AsyncSession, sender: Person, household_id: int) -> Household:
    """The household, if `sender` may send to it: an animator to the households they follow,
    coordinators and administrators to any (households.follows)."""
    if not sender.role.is_staff:
        raise ShareRefused(ShareRefusal.not_staff)
    try:
        return await households.followed(session, sender, household_id)
    except HouseholdError:
        raise ShareRefused(ShareRefusal.not_followed) from None


async def workshop_to_share_with(session: AsyncSession, sender: Person, workshop_id: int) -> Workshop:
    """The workshop, if `sender` may send to its participants: any team member runs workshops."""
    if not sender.role.is_staff:
        raise ShareRefused(ShareRefusal.not_staff)
    workshop = await session.get(Workshop, workshop_id)
    if workshop is None or workshop.status is WorkshopStatus.cancelled:
        raise ShareRefused(ShareRefusal.no_workshop)
    return workshop


async def workshop_participants(session: AsyncSession, workshop_id: int) -> list[Person]:
    """Who said yes to the workshop, or was ticked as having come."""
    came_or_coming = select(Rsvp.person_id).where(
        col(Rsvp.workshop_id) == workshop_id,
        (col(Rsvp.answer) == RsvpAnswer.yes) | col(Rsvp.attended).is_(True),
    )
    rows = await session.exec(
        select(Person).where(
            col(Person.id).in_(came_or_coming),
            col(Person.active).is_(True),
            col(Person.consent_version) == CONSENT_VERSION,
        )
    )
    return list(rows.all())


async def share_with_workshop(
    session: AsyncSession, *, sender: Person, workshop_id: int, kind: str, item_id: str, now: datetime
) -> int:
    """Queue a tutorial or a tip for the workshop's participants; returns how many."""
    await workshop_to_share_with(session, sender, workshop_id)
    people = await workshop_participants(session, workshop_id)
    await _queue(session, sender, people, kind, item_id, now)
    await audit.record(
        session,
        f"{kind}.share",
        actor_id=sender.id,
        target_type="workshop",
        target_id=workshop_id,
        now=now,
        details=item_id,
    )
    return len(people)


async def share(
    session: AsyncSession, *, sender: Person, household_id: int, kind: str, item_id: str, now: datetime
) -> int:
    """Queue a tutorial or a tip for every tenant of the household; returns how many."""
    await household_to_share_with(session, sender, household_id)
    tenants = await household_tenants(session, household_id)
    await _queue(session, sender, tenants, kind, item_id, now)
    await audit.record(
        session,
        f"{kind}.share",
        actor_id=sender.id,
        target_type="household",
        target_id=household_id,
        now=now,
        details=item_id,
    )
    return len(tenants)


async def _queue(
    session: AsyncSession, sender: Person, people: list[Person], kind: str, item_id: str, now: datetime
) -> None:
    day = now.date().isoformat()
    payload = SHARED[kind](item_id=item_id, sender=sender.name, sender_id=sender.id)
    for tenant in people:
        await delivery.schedule(
            session,
            recipient_id=tenant.id,
            kind=kind,
            # One copy a day even if the animator taps twice.
            dedup_key=f"share:{kind}:{item_id}:person:{tenant.id}:{day}",
            due_at=now,
            now=now,
            params=payload,
        )
