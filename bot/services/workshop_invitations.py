"""Who is invited to a workshop, and reminding those who have not answered.

Audiences: the announcement ones (everyone, a site, a programme phase), the
people who came to a past workshop of the same theme, or households picked by
hand. Nobody is invited twice to the same session.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import Field, field_serializer
from sqlalchemy import ColumnElement
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Broadcast,
    Household,
    Person,
    Phase,
    Role,
    Rsvp,
    Workshop,
    WorkshopInvitation,
    WorkshopTheme,
)
from bot.services import announcements, audit, delivery, languages, rsvp, workshops
from bot.services.announcements import Audience, AudienceKind
from bot.services.languages import Readers
from bot.services.people import CONSENT_VERSION
from bot.services.rsvp import WorkshopSnapshot
from bot.services.workshop_rules import runnable

INVITATION = "workshop.invitation"


class InvitationPayload(WorkshopSnapshot):
    """INVITATION: the workshop, with the answer buttons; `again` for those who have not answered;
    `more_dates`: the next sessions of its series, when the whole series was offered."""

    again: bool = False
    more_dates: list[datetime] = Field(default_factory=list)

    @field_serializer("more_dates")
    def _isos(self, moments: list[datetime]) -> list[str]:
        return [moment.isoformat() for moment in moments]


class InviteAudience(str, enum.Enum):
    all = "all"
    site = "site"
    phase = "phase"
    theme = "theme"  # came to a past workshop of this theme
    households = "hh"  # picked by hand


@dataclass(frozen=True)
class Target:
    kind: InviteAudience
    site: str | None = None
    phase: Phase | None = None
    theme: WorkshopTheme | None = None
    household_ids: tuple[int, ...] = field(default_factory=tuple)


def _reachable_tenant() -> tuple[ColumnElement[bool], ...]:
    return (
        col(Person.role) == Role.tenant,
        col(Person.active).is_(True),
        col(Person.consent_version) == CONSENT_VERSION,
        col(Person.unreachable_since).is_(None),
    )


async def recipients(session: AsyncSession, target: Target) -> list[int]:
    if target.kind in (InviteAudience.all, InviteAudience.site, InviteAudience.phase):
        audience = Audience(AudienceKind(target.kind.value), site=target.site, phase=target.phase)
        return await announcements.recipients(session, audience)
    query = select(Person.id).where(*_reachable_tenant())
    if target.kind is InviteAudience.theme:
        came = (
            select(Rsvp.person_id)
            .join(Workshop, col(Workshop.id) == col(Rsvp.workshop_id))
            .where(col(Workshop.theme) == target.theme, col(Rsvp.attended).is_(True))
        )
        query = query.where(col(Person.id).in_(came))
    else:
        query = query.where(col(Person.household_id).in_(target.household_ids or (-1,)))
    return [person_id for person_id in (await session.exec(query.order_by(col(Person.id)))).all() if person_id]


async def not_yet_invited(session: AsyncSession, workshop_id: int, person_ids: list[int]) -> list[int]:
    already = set(
        (
            await session.exec(
                select(WorkshopInvitation.person_id).where(WorkshopInvitation.workshop_id == workshop_id)
            )
        ).all()
    )
    return [person_id for person_id in person_ids if person_id not in already]


async def invite(
    session: AsyncSession,
    workshop: Workshop,
    target: Target,
    *,
    sender_id: int,
    now: datetime,
    sessions: list[Workshop] | None = None,
) -> tuple[Broadcast | None, int]:
    """Invite the target's people who were not invited yet; returns the broadcast and its size.

    With `sessions` (this one and the next of its series), they are invited to each of them in
    one message, which lists the dates; its buttons answer for this session, and the others are
    answered from their cards."""
    fresh = await not_yet_invited(session, workshop.id, await recipients(session, target))
    if not fresh:
        return None, 0
    later = [other for other in sessions or [] if other.id != workshop.id]
    for each in [workshop, *later]:
        for person_id in await not_yet_invited(session, each.id, fresh):
            session.add(WorkshopInvitation(workshop_id=each.id, person_id=person_id, invited_at=now))
    broadcast = await delivery.create_broadcast(
        session,
        kind=INVITATION,
        recipient_ids=fresh,
        created_by_id=sender_id,
        now=now,
        params=await rsvp.snapshot(session, InvitationPayload, workshop, more_dates=[o.starts_at for o in later]),
    )
    await audit.record(
        session,
        "workshop.invite",
        actor_id=sender_id,
        target_type="workshop",
        target_id=workshop.id,
        details=f"{target.kind.value} recipients={len(fresh)} sessions={1 + len(later)}",
        now=now,
    )
    return broadcast, len(fresh)


async def unanswered(session: AsyncSession, workshop_id: int) -> list[int]:
    answered = select(Rsvp.person_id).where(col(Rsvp.workshop_id) == workshop_id, col(Rsvp.person_id).is_not(None))
    rows = await session.exec(
        select(WorkshopInvitation.person_id)
        .join(Person, col(Person.id) == col(WorkshopInvitation.person_id))
        .where(
            col(WorkshopInvitation.workshop_id) == workshop_id,
            ~col(WorkshopInvitation.person_id).in_(answered),
            col(Person.unreachable_since).is_(None),
        )
    )
    return list(rows.all())


async def relance(
    session: AsyncSession, workshop: Workshop, *, sender_id: int, now: datetime
) -> tuple[Broadcast | None, int]:
    """Invite again only those who have not answered."""
    people = await unanswered(session, workshop.id)
    if not people:
        return None, 0
    broadcast = await delivery.create_broadcast(
        session,
        kind=INVITATION,
        recipient_ids=people,
        created_by_id=sender_id,
        now=now,
        params=await rsvp.snapshot(session, InvitationPayload, workshop, again=True),
    )
    rows = await session.exec(
        select(WorkshopInvitation).where(
            col(WorkshopInvitation.workshop_id) == workshop.id, col(WorkshopInvitation.person_id).in_(people)
        )
    )
    for invitation in rows.all():
        invitation.reminded_at = now
        session.add(invitation)
    await audit.record(
        session,
        "workshop.relance",
        actor_id=sender_id,
        target_type="workshop",
        target_id=workshop.id,
        details=f"recipients={len(people)}",
        now=now,
    )
    return broadcast, len(people)


@dataclass(frozen=True)
class Preview:
    """What sending would do: the message as it will read, to how many people, who reads it in
    which language, and the sessions of its series from this one on (one when it has none)."""

    workshop: Workshop
    payload: InvitationPayload
    count: int
    readers: Readers
    sessions: list[Workshop]


async def preview_by(
    session: AsyncSession,
    actor: Person,
    workshop_id: int,
    target: Target,
    *,
    now: datetime,
    main_locale: str = "fr",
    whole_series: bool = False,
) -> Preview:
    """A team member checks an invitation before sending it; nothing is written."""
    workshop = await runnable(session, actor, workshop_id, now=now)
    fresh = await not_yet_invited(session, workshop.id, await recipients(session, target))
    sessions = await workshops.series_sessions(session, workshop, now=now)
    later = [o.starts_at for o in sessions if o.id != workshop.id] if whole_series else []
    payload = await rsvp.snapshot(session, InvitationPayload, workshop, more_dates=later)
    readers = await languages.readers(session, fresh, main_locale=main_locale, versions=payload.versions)
    return Preview(workshop, payload, len(fresh), readers, sessions)


async def invite_by(
    session: AsyncSession,
    actor: Person,
    workshop_id: int,
    target: Target,
    *,
    now: datetime,
    whole_series: bool = False,
) -> tuple[Broadcast | None, int]:
    """A team member invites an audience to a session that has not started (`invite`), or to it
    and the next sessions of its series."""
    workshop = await runnable(session, actor, workshop_id, now=now)
    sessions = await workshops.series_sessions(session, workshop, now=now) if whole_series else None
    return await invite(session, workshop, target, sender_id=actor.id, now=now, sessions=sessions)


async def relance_by(
    session: AsyncSession, actor: Person, workshop_id: int, *, now: datetime
) -> tuple[Broadcast | None, int]:
    """A team member reminds those invited who have not answered (`relance`)."""
    workshop = await runnable(session, actor, workshop_id, now=now)
    return await relance(session, workshop, sender_id=actor.id, now=now)


async def households_for_picking(session: AsyncSession) -> list[Household]:
    """Households with at least one tenant who can receive an invitation."""
    with_tenants = select(Person.household_id).where(*_reachable_tenant())
    rows = await session.exec(
        select(Household).where(col(Household.id).in_(with_tenants)).order_by(col(Household.reference))
    )
    return list(rows.all())
