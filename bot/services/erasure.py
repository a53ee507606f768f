"""Erasing a person: /supprimer, and retention's anonymisation of closed households.

One module above everything it erases (people, relay, visits, questionnaires…),
so no service has to import it back: the promise SECURITY.md makes is this
list, in one place."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import delete, update
from sqlalchemy.orm import InstrumentedAttribute
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.models import (
    AuditLog,
    Broadcast,
    ContentEvent,
    Household,
    HouseholdFile,
    Invite,
    OutboxMessage,
    Person,
    QuestionnaireAnswer,
    QuestionnaireAssignment,
    ReferentConsent,
    ReferentMembership,
    Referral,
    StepContribution,
    TipSent,
    TipSubscription,
    Visit,
)
from bot.services import audit, relay


async def erase(session: AsyncSession, person: Person, *, now: datetime, action: str = "person.erase") -> None:
    """Delete the person and every trace that names them; anonymous counts stay.

    Done explicitly rather than left to each backend's ON DELETE rules: this
    list is the promise made in SECURITY.md. Content events keep their counts
    with no person; audit entries they made stay, without an actor.
    """
    person_id = person.id
    await _forget_sender(session, person)
    # Questionnaires: written answers go; scores and choices stay, unlinked from
    # the person and their household, so the programme's figures stay true.
    theirs = select(QuestionnaireAssignment.id).where(col(QuestionnaireAssignment.person_id) == person_id)
    await session.exec(
        update(QuestionnaireAnswer).where(col(QuestionnaireAnswer.assignment_id).in_(theirs)).values(text=None)
    )
    await session.exec(
        update(QuestionnaireAssignment)
        .where(col(QuestionnaireAssignment.person_id) == person_id)
        .values(person_id=None, household_id=None, anonymous=True)
    )
    await _forget_visit_words(session, person)
    await relay.forget_person(session, person)
    # The photos and voice notes they added to tutorial steps: their own voice and pictures.
    for column in _columns(
        OutboxMessage.recipient_id,
        TipSubscription.person_id,
        TipSent.person_id,
        StepContribution.author_id,
        ReferentMembership.person_id,
    ):
        await session.exec(delete(column.class_).where(column == person_id))
    for column in _columns(
        ContentEvent.person_id,
        Invite.used_by_id,
        Invite.created_by_id,
        AuditLog.actor_id,
        Broadcast.created_by_id,
        Household.animator_id,
        Visit.animator_id,
        Visit.booked_by_id,
        Visit.cancelled_by_id,
        StepContribution.reviewed_by_id,
        Referral.referent_id,
        Referral.decided_by_id,
        HouseholdFile.referent_id,
        ReferentConsent.given_by_id,
    ):
        await session.exec(update(column.class_).where(column == person_id).values({column.key: None}))
    await session.delete(person)
    await session.flush()
    await audit.record(session, action, target_type="person", target_id=person_id, now=now)


def _columns(*attributes: object) -> list[InstrumentedAttribute[Any]]:
    """The columns as SQLAlchemy has them: SQLModel types a column by its value (`int`)."""
    return [cast("InstrumentedAttribute[Any]", attribute) for attribute in attributes]


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
    await session.exec(
        update(Visit).where(col(Visit.booked_by_id) == person.id).values(tenant_note=None, photo_file_id=None)
    )
    await session.exec(update(Visit).where(col(Visit.cancelled_by_id) == person.id).values(cancel_reason=None))
