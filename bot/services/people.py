"""People: who is talking, in which language, with which consent."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.config import SUPPORTED_LOCALES
from bot.models import (
    AuditLog,
    Broadcast,
    ContentEvent,
    Household,
    Invite,
    OutboxMessage,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    Role,
    TipSent,
    TipSubscription,
    Visit,
)
from bot.services import audit

# Raise when the consent text changes in substance: everyone is asked again.
CONSENT_VERSION = 1


class PersonError(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


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
        raise PersonError("not_staff_role")
    name = " ".join(name.split())
    if not name:
        raise PersonError("empty_name")
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


async def erase(session: AsyncSession, person: Person, *, now: datetime, action: str = "person.erase") -> None:
    """Delete the person and every trace that names them; anonymous counts stay.

    Done explicitly rather than left to each backend's ON DELETE rules: this
    list is the promise made in SECURITY.md. Content events keep their counts
    with no person; audit entries they made stay, without an actor.
    """
    from bot.services import relay  # relay needs CONSENT_VERSION from here

    person_id = person.id
    await _forget_sender(session, person)
    # Questionnaires: written answers go; scores and choices stay, unlinked from
    # the person and their household, so the programme's figures stay true.
    theirs = select(QuestionnaireAssignment.id).where(col(QuestionnaireAssignment.person_id) == person_id)
    await session.exec(  # type: ignore[call-overload]
        update(QuestionnaireAnswer).where(col(QuestionnaireAnswer.assignment_id).in_(theirs)).values(text=None)
    )
    await session.exec(  # type: ignore[call-overload]
        update(QuestionnaireAssignment)
        .where(col(QuestionnaireAssignment.person_id) == person_id)
        .values(person_id=None, household_id=None, anonymous=True)
    )
    await _forget_visit_words(session, person)
    await relay.forget_person(session, person)
    for table, column in (
        (OutboxMessage, OutboxMessage.recipient_id),
        (TipSubscription, TipSubscription.person_id),
        (TipSent, TipSent.person_id),
    ):
        await session.exec(delete(table).where(col(column) == person_id))  # type: ignore[call-overload]
    for table, column in (
        (ContentEvent, ContentEvent.person_id),
        (Invite, Invite.used_by_id),
        (Invite, Invite.created_by_id),
        (AuditLog, AuditLog.actor_id),
        (Broadcast, Broadcast.created_by_id),
        (Household, Household.animator_id),
        (Visit, Visit.animator_id),
        (Visit, Visit.booked_by_id),
        (Visit, Visit.cancelled_by_id),
    ):
        await session.exec(  # type: ignore[call-overload]
            update(table).where(col(column) == person_id).values({column.key: None})  # type: ignore[attr-defined]
        )
    await session.delete(person)
    await session.flush()
    await audit.record(session, action, target_type="person", target_id=person_id, now=now)


async def _forget_sender(session: AsyncSession, person: Person) -> None:
    """A staff member's name travels in the messages they shared ("Nadia sent you a tip")."""
    rows = await session.exec(
        select(OutboxMessage).where(
            col(OutboxMessage.params).contains('"sender') | col(OutboxMessage.params).contains('"animator"')
        )
    )
    for row in rows.all():
        params = json.loads(row.params or "{}")
        named = params.get("sender_id") == person.id or (
            "sender_id" not in params and params.get("sender") == person.name
        )
        if named:
            params.pop("sender_id", None)
            params["sender"] = ""
        # Visit reminders name the animator ("with Nadia").
        if params.get("animator") and params.get("animator") == person.name and person.role.is_staff:
            params["animator"] = ""
            named = True
        if named:
            row.params = json.dumps(params, ensure_ascii=False)
            session.add(row)


async def _forget_visit_words(session: AsyncSession, person: Person) -> None:
    """What the person wrote about visits: the note or photo they added, their reason for cancelling."""
    await session.exec(  # type: ignore[call-overload]
        update(Visit).where(col(Visit.booked_by_id) == person.id).values(tenant_note=None, photo_file_id=None)
    )
    await session.exec(  # type: ignore[call-overload]
        update(Visit).where(col(Visit.cancelled_by_id) == person.id).values(cancel_reason=None)
    )


def _checked_locale(locale: str) -> str:
    if locale not in SUPPORTED_LOCALES:
        raise PersonError("unsupported_locale")
    return locale
