"""Write to my animator: messages between a household and the team, through the bot.

A tenant's text, photo or voice note goes to the household's animator (or,
when the household has none or the animator cannot be reached — blocked the
bot, sent /stop, left the team — to the coordinators) with the household's reference and the tenant's first name; the
team's answer goes back to every tenant of the household. Nobody sees anybody's
phone number or Telegram username: only the bot talks to each side.

Every message is a `relay_message` row, and each copy an outbox row keyed
`relay:<message id>:person:<recipient id>`, so a restart loses nothing and
erasing a message removes its copies too.
"""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    Household,
    OutboxMessage,
    Person,
    RelayDirection,
    RelayKind,
    RelayMessage,
    Role,
)
from bot.services import audit, delivery, households
from bot.services.delivery import Claimed
from bot.services.payloads import Payload
from bot.services.people import CONSENT_VERSION
from bot.services.refusals import Refused

KIND = "relay"  # the outbox kind; rendered by handlers/relay/renderers.py
MAX_TEXT = 3000  # leaves room for the header within Telegram's 4096 characters
# A team member who answered this recently is in a conversation: the tenant's next
# message reaches them even during quiet hours (see `send_to_team`).
CONVERSATION = timedelta(hours=1)
# "Write to my animator" is a conversation on the tenant's side: every text, photo or voice
# note they send goes to the team until they tap "Done", or until this long without one
# (then what they type is read as usual again: a search, small talk).
QUIET_PERIOD = timedelta(minutes=30)


class RelayPayload(Payload):
    """KIND: one copy of a relayed message; its text is the row's text (erased with the row)."""

    relay_id: int | None = None
    household_id: int = 0
    reference: str = ""
    direction: RelayDirection
    media: RelayKind | None = None
    file_id: str | None = None
    emergency: bool = False
    sender: str | None = None
    sender_id: int | None = None
    sender_role: Role | None = None


class RelayRefusal(str, enum.Enum):
    no_household = "no_household"  # the tenant has no household (any more)
    nobody = "nobody"  # nobody can receive it: no team member, or no tenant left in the household
    forbidden = "forbidden"  # not the household's animator, nor a coordinator or an administrator
    empty = "empty"
    too_long = "too_long"


class RelayRefused(Refused[RelayRefusal]):
    """Nothing was stored or queued, for `reason`."""


@dataclass(frozen=True)
class Content:
    kind: RelayKind
    text: str | None
    file_id: str | None = None


def _invisible(char: str) -> bool:
    """Spaces, control and format characters (zero-width space, joiners, direction marks…)."""
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp")


def clean(content: Content) -> Content:
    """Refuses what shows nothing: only spaces, control or zero-width characters is empty."""
    stripped = (content.text or "").strip()
    text = stripped if any(not _invisible(char) for char in stripped) else None
    if content.kind is RelayKind.text and text is None:
        raise RelayRefused(RelayRefusal.empty)
    if content.kind is not RelayKind.text and not content.file_id:
        raise RelayRefused(RelayRefusal.empty)
    if text is not None and len(text) > MAX_TEXT:
        raise RelayRefused(RelayRefusal.too_long)
    return Content(content.kind, text, content.file_id)


@dataclass(frozen=True)
class Team:
    """Who receives a household's messages."""

    people: list[Person]
    animator: Person | None  # None: the coordinators (no animator, or theirs cannot be reached)


def _reachable(query: Any) -> Any:
    """People the pump would really deliver to: not blocked, not paused with /stop."""
    return query.where(
        col(Person.active).is_(True),
        col(Person.consent_version) == CONSENT_VERSION,
        col(Person.unreachable_since).is_(None),
        col(Person.paused_at).is_(None),
    )


async def team_for(session: AsyncSession, household: Household) -> Team:
    if household.animator_id is not None:
        animator = (
            await session.exec(
                _reachable(
                    select(Person).where(col(Person.id) == household.animator_id, col(Person.role) == Role.animator)
                )
            )
        ).first()
        if animator is not None:
            return Team([animator], animator)
    for role in (Role.coordinator, Role.admin):  # administrators only when there is no coordinator
        people = (
            await session.exec(_reachable(select(Person).where(col(Person.role) == role)).order_by(col(Person.id)))
        ).all()
        if people:
            return Team(list(people), None)
    return Team([], None)


async def household_of(session: AsyncSession, tenant: Person) -> Household | None:
    if tenant.role is not Role.tenant or tenant.household_id is None:
        return None
    household = await session.get(Household, tenant.household_id)
    return None if household is None or household.anonymised_at is not None else household


def _params(message: RelayMessage, household: Household, sender: Person) -> RelayPayload:
    return RelayPayload(
        relay_id=message.id,
        household_id=household.id,
        reference=household.reference,
        direction=message.direction,
        media=message.kind,
        file_id=message.file_id,
        emergency=message.emergency,
        sender=sender.name,
        sender_id=sender.id,
        sender_role=sender.role,
    )


async def _in_conversation(session: AsyncSession, household_id: int, staff_ids: list[int], now: datetime) -> bool:
    recent = await session.exec(
        select(RelayMessage.id).where(
            col(RelayMessage.household_id) == household_id,
            col(RelayMessage.direction) == RelayDirection.to_household,
            col(RelayMessage.sender_id).in_(staff_ids),
            col(RelayMessage.created_at) >= now - CONVERSATION,
        )
    )
    return recent.first() is not None


async def send_to_team(
    session: AsyncSession, *, tenant: Person, content: Content, emergency: bool, now: datetime
) -> tuple[RelayMessage, Team]:
    """Store the tenant's message and queue a copy for each receiver of the household.

    Urgent (sent through quiet hours) when it speaks of an emergency, or when the
    team member answered within the last hour; otherwise a message written at
    23:00 reaches the animator at 08:00, like every other proactive message.
    """
    household = await household_of(session, tenant)
    if household is None:
        raise RelayRefused(RelayRefusal.no_household)
    content = clean(content)
    team = await team_for(session, household)
    if not team.people:
        raise RelayRefused(RelayRefusal.nobody)
    message = RelayMessage(
        household_id=household.id,
        sender_id=tenant.id,
        direction=RelayDirection.to_team,
        kind=content.kind,
        text=content.text,
        file_id=content.file_id,
        emergency=emergency,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    urgent = emergency or await _in_conversation(session, household.id, [p.id for p in team.people], now)
    for person in team.people:
        await delivery.schedule(
            session,
            recipient_id=person.id,
            kind=KIND,
            dedup_key=f"relay:{message.id}:person:{person.id}",
            due_at=now,
            now=now,
            text=content.text,
            params=_params(message, household, tenant),
            urgent=urgent,
        )
    await audit.record(
        session,
        "relay.to_team",
        actor_id=tenant.id,
        target_type="household",
        target_id=household.id,
        now=now,
        details=f"kind={content.kind.value} emergency={emergency} recipients={len(team.people)}",
    )
    return message, team


async def reply_target(session: AsyncSession, person: Person, household_id: int) -> Household:
    """The household `person` may answer: its animator's, or any for coordinators and administrators.

    Checked on the "Reply" press and again on sending (callback data can be forged)."""
    household = await session.get(Household, household_id)
    if household is None or not households.follows(person, household):
        raise RelayRefused(RelayRefusal.forbidden)
    return household


async def household_tenants(session: AsyncSession, household_id: int) -> list[Person]:
    rows = await session.exec(
        _reachable(
            select(Person).where(col(Person.household_id) == household_id, col(Person.role) == Role.tenant)
        ).order_by(col(Person.id))
    )
    return list(rows.all())


async def send_to_household(
    session: AsyncSession, *, sender: Person, household_id: int, content: Content, now: datetime
) -> tuple[RelayMessage, Household, int]:
    """Store the team's answer and queue it for every tenant of the household; returns how many.

    Urgent: the tenants asked, the answer is not an unsolicited message.
    """
    household = await reply_target(session, sender, household_id)
    content = clean(content)
    tenants = await household_tenants(session, household_id)
    if not tenants:
        raise RelayRefused(RelayRefusal.nobody)
    message = RelayMessage(
        household_id=household_id,
        sender_id=sender.id,
        direction=RelayDirection.to_household,
        kind=content.kind,
        text=content.text,
        file_id=content.file_id,
        created_at=now,
    )
    session.add(message)
    await session.flush()
    for tenant in tenants:
        await delivery.schedule(
            session,
            recipient_id=tenant.id,
            kind=KIND,
            dedup_key=f"relay:{message.id}:person:{tenant.id}",
            due_at=now,
            now=now,
            text=content.text,
            params=_params(message, household, sender),
            urgent=True,
        )
    await audit.record(
        session,
        "relay.to_household",
        actor_id=sender.id,
        target_type="household",
        target_id=household_id,
        now=now,
        details=f"kind={content.kind.value} recipients={len(tenants)}",
    )
    return message, household, len(tenants)


async def record_delivered(session: AsyncSession, row: Claimed, now: datetime) -> None:
    """Called by the outbox pump when a copy was sent: the message reached someone."""
    relay_id = RelayPayload.of(row.params).relay_id
    if relay_id is None:
        return
    await session.exec(
        update(RelayMessage)
        .where(col(RelayMessage.id) == relay_id, col(RelayMessage.delivered_at).is_(None))
        .values(delivered_at=now)
    )
    await session.commit()


async def _delete(session: AsyncSession, messages: list[RelayMessage]) -> None:
    """The messages and every copy of them in the outbox (which carry their text)."""
    for message in messages:
        await session.exec(
            delete(OutboxMessage).where(
                col(OutboxMessage.dedup_key).startswith(f"relay:{message.id}:", autoescape=True)
            )
        )
        await session.delete(message)
    await session.flush()


async def forget_person(session: AsyncSession, person: Person) -> None:
    """Erasure: every message the person wrote goes, with its copies.

    When the last tenant of a household leaves, the team's answers to it go too:
    they were written for that person and may speak of them.
    """
    sent = (await session.exec(select(RelayMessage).where(col(RelayMessage.sender_id) == person.id))).all()
    await _delete(session, list(sent))
    if person.role is Role.tenant and person.household_id is not None:
        others = await session.exec(
            select(Person.id).where(
                col(Person.household_id) == person.household_id,
                col(Person.role) == Role.tenant,
                col(Person.id) != person.id,
            )
        )
        if others.first() is None:
            await forget_household(session, person.household_id)


async def forget_household(session: AsyncSession, household_id: int) -> None:
    """Retention: the household's whole thread, both ways."""
    rows = await session.exec(select(RelayMessage).where(col(RelayMessage.household_id) == household_id))
    await _delete(session, list(rows.all()))
