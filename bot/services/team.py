"""The team in the chat: coordinators and administrators change roles,
deactivate and reactivate staff members, and hand their households over.

Rules, checked here whatever the buttons said (callback data can be forged):
nobody acts on their own account (no one locks themselves out); only an
administrator makes or unmakes an administrator; tenants are not team
members and cannot be turned into staff here. Every change is audited.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import Household, OutboxMessage, OutboxStatus, Person, Role
from bot.services import audit, households
from bot.services.paging import Page
from bot.services.refusals import Refused


class TeamRefusal(str, enum.Enum):
    not_allowed = "not_allowed"  # not theirs to manage (see may_manage), or a role they may not give
    not_an_animator = "not_an_animator"  # households go to an active animator only


class TeamError(Refused[TeamRefusal]):
    pass


@dataclass(frozen=True)
class Member:
    person: Person
    households: int  # followed as animator


async def list_team(session: AsyncSession, reader: Person, *, offset: int = 0, limit: int = 8) -> Page[Member]:
    """The team, active members first; for those who manage the programme."""
    if not reader.role.manages_programme:
        raise TeamError(TeamRefusal.not_allowed)
    staff = col(Person.role).in_([Role.animator, Role.coordinator, Role.admin])  # not tenants, not partners' referents
    total = (await session.exec(select(func.count()).select_from(Person).where(staff))).one()
    followed = (
        select(func.count()).where(col(Household.animator_id) == col(Person.id)).correlate(Person).scalar_subquery()
    )
    offset = max(0, min(offset, max(total - 1, 0)))
    rows = await session.exec(
        select(Person, followed)
        .where(staff)
        .order_by(col(Person.active).desc(), col(Person.role), col(Person.name), col(Person.id))
        .offset(offset)
        .limit(limit)
    )
    return Page([Member(person, count) for person, count in rows.all()], total, offset, limit)


async def get_member(session: AsyncSession, person_id: int) -> Member | None:
    person = await session.get(Person, person_id)
    if person is None or not person.role.is_staff:
        return None
    count = (await session.exec(select(func.count()).where(col(Household.animator_id) == person_id))).one()
    return Member(person, count)


def may_manage(actor: Person, target: Person) -> bool:
    return (
        actor.role.manages_programme
        and target.role.is_staff
        and target.id != actor.id
        and (actor.role is Role.admin or target.role is not Role.admin)
    )


def roles_offered(actor: Person, target: Person) -> list[Role]:
    """The roles `actor` may give `target` (none if they may not manage them)."""
    if not may_manage(actor, target):
        return []
    allowed = [Role.animator, Role.coordinator] + ([Role.admin] if actor.role is Role.admin else [])
    return [role for role in allowed if role is not target.role]


async def manageable(session: AsyncSession, actor: Person, person_id: int) -> Member:
    """The team member `actor` may manage (may_manage); refused otherwise, also when unknown."""
    member = await get_member(session, person_id)
    if member is None or not may_manage(actor, member.person):
        raise TeamError(TeamRefusal.not_allowed)
    return member


async def _target(session: AsyncSession, actor: Person, person_id: int) -> Person:
    return (await manageable(session, actor, person_id)).person


async def change_role(session: AsyncSession, actor: Person, person_id: int, role: Role, *, now: datetime) -> Person:
    target = await _target(session, actor, person_id)
    if role not in roles_offered(actor, target):
        raise TeamError(TeamRefusal.not_allowed)
    previous, target.role = target.role, role
    session.add(target)
    await session.flush()
    await audit.record(
        session,
        "staff.role",
        actor_id=actor.id,
        target_type="person",
        target_id=target.id,
        details=f"from={previous.value} to={role.value}",
        now=now,
    )
    return target


async def set_active(session: AsyncSession, actor: Person, person_id: int, active: bool, *, now: datetime) -> Person:
    """Deactivate (no access at all, nothing sent to them) or reactivate a team member."""
    target = await _target(session, actor, person_id)
    if target.active == active:
        return target
    target.active = active
    session.add(target)
    if not active:
        await session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.recipient_id) == target.id, col(OutboxMessage.status) == OutboxStatus.pending)
            .values(status=OutboxStatus.cancelled, last_error="deactivated")
        )
    await session.flush()
    await audit.record(
        session,
        "staff.activate" if active else "staff.deactivate",
        actor_id=actor.id,
        target_type="person",
        target_id=target.id,
        now=now,
    )
    return target


async def reassign(session: AsyncSession, actor: Person, from_id: int, to_id: int, *, now: datetime) -> int:
    """Hand every household followed by `from_id` (a member `actor` may manage) to the active
    animator `to_id`; returns how many."""
    source = await _target(session, actor, from_id)
    if source.id == to_id:
        raise TeamError(TeamRefusal.not_allowed)
    if await households.get_animator(session, to_id) is None:
        raise TeamError(TeamRefusal.not_an_animator)
    result = await session.exec(
        update(Household).where(col(Household.animator_id) == from_id).values(animator_id=to_id)
    )
    await audit.record(
        session,
        "household.reassign",
        actor_id=actor.id,
        target_type="person",
        target_id=from_id,
        details=f"to={to_id} households={result.rowcount}",
        now=now,
    )
    return int(result.rowcount)
